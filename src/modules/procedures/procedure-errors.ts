import { AppError } from '../../platform/errors.js'

export const procedureNotFound = () => new AppError('NOT_FOUND', 'PROCEDURES.NOT_FOUND', 'errors.notFound')
export const applicationNotFound = () => new AppError('NOT_FOUND', 'PROCEDURES.APPLICATION_NOT_FOUND', 'errors.notFound')
export const procedureClosed = () => new AppError('CONFLICT', 'PROCEDURES.CLOSED', 'procedures.errors.closed')
export const quotaReached = () => new AppError('CONFLICT', 'PROCEDURES.QUOTA_REACHED', 'procedures.errors.quotaReached')
export const identityTooWeak = () => new AppError('FORBIDDEN', 'PROCEDURES.IDENTITY_TOO_WEAK', 'procedures.errors.identityTooWeak')
export const applicationStateChanged = () => new AppError('CONFLICT', 'PROCEDURES.STATE_CHANGED', 'procedures.errors.stateChanged')
export const versionMismatch = () => new AppError('CONFLICT', 'PROCEDURES.VERSION_MISMATCH', 'procedures.errors.versionMismatch')
export const idempotencyKeyReused = () => new AppError('UNPROCESSABLE', 'PROCEDURES.IDEMPOTENCY_KEY_REUSED', 'procedures.errors.idempotencyKeyReused')
export const answersInvalid = () => new AppError('UNPROCESSABLE', 'PROCEDURES.ANSWERS_INVALID', 'procedures.errors.answersInvalid')
export const nothingToPay = () => new AppError('CONFLICT', 'PROCEDURES.NOTHING_TO_PAY', 'procedures.errors.nothingToPay')
export const paymentMethodNotOffered = () => new AppError('UNPROCESSABLE', 'PROCEDURES.PAYMENT_METHOD_NOT_OFFERED', 'procedures.errors.paymentMethodNotOffered')

/** Answers that break the form's rules; `errors` carries one entry per field (API: problem `errors`). */
export class AnswersInvalidError extends AppError {
  constructor(readonly errors: import('./form/form-answers.js').AnswerError[]) {
    super('UNPROCESSABLE', 'PROCEDURES.ANSWERS_INVALID', 'procedures.errors.answersInvalid')
  }
}
