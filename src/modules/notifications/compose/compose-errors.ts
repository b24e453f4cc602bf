import { AppError } from '../../../platform/errors.js'
import type { ApprovalRefusal } from './compose-rules.js'

/** Expected failures of staff compose. Codes are stable; messages are catalog keys. */

/** A translatable message: a catalog key and its parameters. */
export interface FormMessage {
  key: string
  params?: Record<string, string | number>
}

/** Field name → its first problem. */
export type FormErrors = Record<string, FormMessage>

export const noticeNotFound = () => new AppError('NOT_FOUND', 'NOTIFICATIONS.NOTICE_NOT_FOUND', 'errors.notFound')
/** Someone acted first or the page was stale: the notice's state no longer allows the action. */
export const staleNotice = () => new AppError('CONFLICT', 'NOTIFICATIONS.STALE_NOTICE', 'compose.errors.stale')
export const cannotDecide = (reason: ApprovalRefusal) => new AppError('FORBIDDEN', 'NOTIFICATIONS.CANNOT_DECIDE', `compose.approval.refusals.${reason}`)

/**
 * A form that did not validate, or a rule that refuses what it asks (a scheduled time that has
 * passed while the confirm page was open): routes re-render their page with 422 and these
 * messages. Uncaught, it is still an ordinary 422 page.
 */
export class ComposeFormProblem extends AppError {
  constructor(readonly errors: FormErrors) {
    const first = Object.values(errors)[0]
    super('UNPROCESSABLE', 'NOTIFICATIONS.INVALID_FORM', first?.key ?? 'compose.errors.invalid', first?.params ?? {})
    this.name = 'ComposeFormProblem'
  }
}
