/**
 * Per-tenant API keys with scopes, for kiosks, LINE mini-apps and integrators.
 *
 * - Routes opt in with `apiKeyRoute(app, scope)` (→ `config: { auth: 'api-key', scope }`, per-key
 *   rate limit); the pipeline authenticates and sets `req.apiKey`.
 * - Staff manage keys at `/:tenant/staff/api-keys` (permission `admin.api-keys`), registered by
 *   `registerApiKeyPages`.
 */
import type { FastifyInstance } from 'fastify'
import type { Platform } from '../../platform.js'
import { registerApiKeyCatalog } from './api-key-catalog.js'
import { registerApiKeyRoutes } from './api-key-routes.js'
import { createApiKeyService } from './api-key-service.js'

export { apiKeyRoute, UNAUTHENTICATED_API_LIMIT_PER_MINUTE } from './api-key-auth.js'
export { API_KEY_SCOPES, isApiKeyScope, type ApiKeyScope } from './api-key-format.js'
export { createApiKeyService, authenticateApiKey, type ApiKeyPrincipal, type ApiKeyService, type CreatedApiKey, type StaffRequest } from './api-key-service.js'
export { apiKeyCatalog, registerApiKeyCatalog } from './api-key-catalog.js'

/** The staff console page that lists, creates and revokes the municipality's API keys. */
export function registerApiKeyPages(app: FastifyInstance, platform: Platform): void {
  registerApiKeyCatalog()
  registerApiKeyRoutes(app, createApiKeyService({ db: platform.database.db }))
}
