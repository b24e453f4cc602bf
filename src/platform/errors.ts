/**
 * Expected failures. An AppError carries a stable code (`MODULE.REASON`) and a message key that is
 * safe to show a resident; the central error handler maps it to a page or to problem+json.
 */
export type ErrorKind =
  | 'BAD_REQUEST'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'UNPROCESSABLE'
  | 'TOO_MANY_REQUESTS'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNAVAILABLE'

const statusByKind: Record<ErrorKind, number> = {
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  UNPROCESSABLE: 422,
  TOO_MANY_REQUESTS: 429,
  PAYLOAD_TOO_LARGE: 413,
  UNAVAILABLE: 503,
}

export class AppError extends Error {
  readonly status: number
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    /** i18n key of the message shown to the user */
    readonly messageKey: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super(`${code}`)
    this.name = 'AppError'
    this.status = statusByKind[kind]
  }
}

export const isAppError = (error: unknown): error is AppError => error instanceof AppError

export const notFound = (code = 'PLATFORM.NOT_FOUND') => new AppError('NOT_FOUND', code, 'errors.notFound')
export const forbidden = (code = 'PLATFORM.FORBIDDEN') => new AppError('FORBIDDEN', code, 'errors.forbidden')
export const unauthenticated = (code = 'PLATFORM.UNAUTHENTICATED') =>
  new AppError('UNAUTHENTICATED', code, 'errors.unauthenticated')
export const badRequest = (code: string, messageKey = 'errors.badRequest') => new AppError('BAD_REQUEST', code, messageKey)
