import { AppError } from '../../errors.js'
import type { ApiKeyRejection } from './api-key-format.js'

/**
 * Expected failures of API-key authentication and key management. A rejected key is one code
 * for every reason (missing, unknown, revoked, expired, another municipality's) so a caller
 * learns nothing about which keys exist; the reason goes to the log only.
 */
export const apiKeyRequired = (reason: ApiKeyRejection) =>
  new AppError('UNAUTHENTICATED', reason === 'missing' ? 'AUTH.API_KEY_REQUIRED' : 'AUTH.API_KEY_INVALID', reason === 'missing' ? 'apiKeys.errors.required' : 'apiKeys.errors.invalid')
export const apiKeyScopeMissing = (scope: string) => new AppError('FORBIDDEN', 'AUTH.API_KEY_SCOPE_MISSING', 'apiKeys.errors.scopeMissing', { scope })
export const apiKeyNotFound = () => new AppError('NOT_FOUND', 'AUTH.API_KEY_NOT_FOUND', 'errors.notFound')
