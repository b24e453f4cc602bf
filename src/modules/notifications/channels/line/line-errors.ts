import { AppError } from '../../../../platform/errors.js'

export const lineNotConfigured = () => new AppError('NOT_FOUND', 'NOTIFICATIONS.LINE_NOT_CONFIGURED', 'line.errors.notConfigured')
export const lineLoginNotConfigured = () => new AppError('NOT_FOUND', 'NOTIFICATIONS.LINE_LOGIN_NOT_CONFIGURED', 'line.errors.loginNotConfigured')
export const lineBadSignature = () => new AppError('UNAUTHENTICATED', 'NOTIFICATIONS.LINE_BAD_SIGNATURE', 'line.errors.badSignature')
export const lineMalformedWebhook = () => new AppError('BAD_REQUEST', 'NOTIFICATIONS.LINE_MALFORMED_WEBHOOK', 'line.errors.malformed')
export const lineApiFailed = () => new AppError('UNAVAILABLE', 'NOTIFICATIONS.LINE_API_FAILED', 'line.errors.apiFailed')
export const lineMenusMissing = () => new AppError('CONFLICT', 'NOTIFICATIONS.LINE_MENUS_MISSING', 'line.errors.menusMissing')
