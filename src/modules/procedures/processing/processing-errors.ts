import { AppError } from '../../../platform/errors.js'
import type { SigningRefusal } from './approval-rules.js'

/** Expected failures of application processing. Codes are stable; messages are catalog keys. */

/** Unknown, a draft, or in a department the staff member does not work for (never say which). */
export const applicationNotFound = () => new AppError('NOT_FOUND', 'PROCEDURES.APPLICATION_NOT_FOUND', 'errors.notFound')
/** Someone else acted first, or the page was stale: the state no longer allows the action. */
export const staleApplication = () => new AppError('CONFLICT', 'PROCEDURES.STALE_APPLICATION', 'processing.errors.stale')
export const myNumberForbidden = () => new AppError('FORBIDDEN', 'PROCEDURES.MY_NUMBER_FORBIDDEN', 'processing.errors.myNumberForbidden')
export const cannotSign = (reason: SigningRefusal) => new AppError('FORBIDDEN', 'PROCEDURES.CANNOT_SIGN', `processing.approvals.refusals.${reason}`)
export const approvalPermissionRequired = () => new AppError('FORBIDDEN', 'PROCEDURES.APPROVAL_PERMISSION_REQUIRED', 'processing.delegations.errors.notApprover')
export const exportNotFound = () => new AppError('NOT_FOUND', 'PROCEDURES.EXPORT_NOT_FOUND', 'errors.notFound')
export const exportNotReady = () => new AppError('CONFLICT', 'PROCEDURES.EXPORT_NOT_READY', 'processing.export.errors.notReady')
export const fileNotFound = () => new AppError('NOT_FOUND', 'PROCEDURES.ATTACHMENT_NOT_FOUND', 'errors.notFound')

/**
 * A form that did not validate, or a rule that refuses what it asks (approving with the fee
 * unpaid): routes re-render their page with 422 and these messages (catalog keys by field).
 * Uncaught, it is still an ordinary 422 page.
 */
export class FormProblem extends AppError {
  constructor(readonly errors: Record<string, string>) {
    const first = Object.values(errors)[0] ?? 'processing.form.invalid'
    super('UNPROCESSABLE', 'PROCEDURES.INVALID_FORM', first.split(':')[0])
    this.name = 'FormProblem'
  }
}
