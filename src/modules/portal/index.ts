import type { FastifyInstance } from 'fastify'
import type { Platform } from '../../platform/platform.js'
import { registerCatalog } from '../../platform/i18n/i18n.js'
import { portalCatalog } from './portal-catalog.js'
import { registerPortalRoutes } from './portal-routes.js'

let catalogRegistered = false

/** The resident portal: municipality list, tenant home, language switch, my page, inbox. */
export function registerPortal(app: FastifyInstance, platform: Platform): void {
  if (!catalogRegistered) {
    registerCatalog(portalCatalog)
    catalogRegistered = true
  }
  registerPortalRoutes(app, platform)
}

export { portalCatalog }
