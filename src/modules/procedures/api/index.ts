/**
 * The procedures JSON API for kiosks, LINE mini-apps and integrators, under
 * `/api/v1/:tenant/…` with per-tenant API keys (platform/auth/api-keys):
 *
 * | Method | Path | Scope |
 * |---|---|---|
 * | GET | `/api/v1/:tenant/procedures?q=&category=&lifeEvent=` | procedures:read |
 * | GET | `/api/v1/:tenant/procedures/:slug` | procedures:read |
 * | POST | `/api/v1/:tenant/applications` (Idempotency-Key) | applications:write |
 * | GET | `/api/v1/:tenant/applications/:receiptNumber` | applications:read |
 */
import type { FastifyInstance } from 'fastify'
import { registerCatalog } from '../../../platform/i18n/i18n.js'
import type { Platform } from '../../../platform/platform.js'
import { proceduresApiCatalog } from './procedures-api-catalog.js'
import { registerProceduresApiRoutes } from './procedures-api-routes.js'
import { createProceduresApiService } from './procedures-api-service.js'

export { proceduresApiCatalog } from './procedures-api-catalog.js'
export { createProceduresApiService, type ProceduresApiService } from './procedures-api-service.js'

const registeredApps = new WeakSet<FastifyInstance>()

/**
 * Registers the API's routes and messages. Safe to call twice for one app (the second call does
 * nothing), so tests can register it whether or not the module's wiring already has.
 */
export function registerProceduresApi(app: FastifyInstance, platform: Platform): void {
  if (registeredApps.has(app)) return
  registeredApps.add(app)
  registerCatalog(proceduresApiCatalog)
  registerProceduresApiRoutes(app, createProceduresApiService(platform))
}
