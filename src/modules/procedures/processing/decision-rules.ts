/**
 * Rules of a decision (決定) that do not need the database: when approving is refused, what the
 * payment state becomes, whether a decision needs approval steps. Pure, unit-tested.
 */
import type { ProcedureDocument } from '../form/form-definition.js'
import type { Decision, PaymentState } from '../procedure-tables.js'

/** Why an application cannot be approved now, or undefined. */
export type ApprovalBlocker = 'payment-outstanding'

/**
 * A fee payable on submission must be paid before the application is approved (the resident
 * might otherwise get the service without paying). Rejecting is always possible.
 */
export function approvalBlocker(doc: Pick<ProcedureDocument, 'fee'>, application: { paymentState: PaymentState }): ApprovalBlocker | undefined {
  if ((doc.fee?.timing ?? 'on-submission') === 'on-submission' && application.paymentState === 'due') return 'payment-outstanding'
  return undefined
}

/** With approval steps (電子決裁), the clerk's decision is a proposal until the last step is signed. */
export function needsApprovalChain(doc: Pick<ProcedureDocument, 'approvalSteps'>): boolean {
  return (doc.approvalSteps ?? 0) > 0
}

/**
 * 事後決済: an approved application whose fee is charged after approval becomes payable; the
 * resident pays from their application page. Undefined: the payment state does not change.
 */
export function paymentStateAfterDecision(decision: Decision, doc: Pick<ProcedureDocument, 'fee'>, application: { feeYen: number; paymentState: PaymentState }): PaymentState | undefined {
  if (decision !== 'approved') return undefined
  if (doc.fee?.timing !== 'after-approval' || application.feeYen <= 0) return undefined
  return application.paymentState === 'none' ? 'due' : undefined
}

export const REASON_MAX_LENGTH = 2000
