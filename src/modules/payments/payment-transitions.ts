import type { Transaction } from 'kysely'
import { recordAudit, type AuditActor } from '../../platform/audit/audit-log.js'
import type { Database } from '../../platform/db/schema.js'
import { paymentStatusChanged } from './payment-errors.js'
import { updatePaymentStatus } from './payment-repository.js'
import { canTransition, isSettlementStatus } from './payment-rules.js'
import { runSettlementHandler } from './payment-settlement.js'
import type { Payment, PaymentStatus } from './payment-tables.js'

const AUDIT_ACTION: Record<Exclude<PaymentStatus, 'created'>, string> = {
  pending: 'payments.mark-pending',
  captured: 'payments.capture',
  failed: 'payments.fail',
  cancelled: 'payments.cancel',
  refunded: 'payments.refund',
  expired: 'payments.expire',
}

export interface TransitionContext {
  actor: AuditActor
  requestId?: string
  details?: Record<string, unknown>
}

/**
 * The one place a payment changes status: the row (compare-and-set on the status the caller
 * read under lock), the audit entry, and — for captured, failed, cancelled, refunded, expired —
 * the owning module's settlement handler, all in the caller's transaction.
 */
export async function applyTransition(trx: Transaction<Database>, payment: Payment, to: Exclude<PaymentStatus, 'created'>, context: TransitionContext): Promise<Payment> {
  if (!canTransition(payment.status, to)) throw paymentStatusChanged()
  const updated = await updatePaymentStatus(trx, payment.tenantId, payment.id, payment.status, to, new Date())
  if (!updated) throw paymentStatusChanged()
  await recordAudit(trx, payment.tenantId, {
    actor: context.actor,
    action: AUDIT_ACTION[to],
    subjectType: 'payment',
    subjectId: payment.id,
    details: { from: payment.status, to, amountYen: payment.amountYen, purpose: payment.purpose, subjectReference: payment.subjectReference, ...context.details },
    requestId: context.requestId,
  })
  if (isSettlementStatus(to)) await runSettlementHandler(trx, updated, { from: payment.status, to, actor: context.actor })
  return updated
}
