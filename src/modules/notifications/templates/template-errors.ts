import { AppError } from '../../../platform/errors.js'

/** Expected failures of templates, with stable codes (also used by the notices API). */
export const templateNotFound = () => new AppError('NOT_FOUND', 'NOTIFICATIONS.TEMPLATE_NOT_FOUND', 'notifications.templates.errors.notFound')
export const templateVersionNotFound = (version: number) => new AppError('NOT_FOUND', 'NOTIFICATIONS.TEMPLATE_VERSION_NOT_FOUND', 'notifications.templates.errors.versionNotFound', { version })
export const testSendLimited = () => new AppError('TOO_MANY_REQUESTS', 'NOTIFICATIONS.TEST_SEND_LIMITED', 'notifications.templates.errors.testSendLimited')
