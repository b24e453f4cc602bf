import type { FastifyInstance } from 'fastify'
import { registerCatalog } from '../../platform/i18n/i18n.js'
import type { Platform } from '../../platform/platform.js'
import { adminCatalog } from './admin-catalog.js'
import { registerAuditLogRoutes } from './audit-log-routes.js'
import { createAuditLogService } from './audit-log-service.js'
import { registerConsoleRoutes } from './console-routes.js'
import { createConsoleService } from './console-service.js'
import { registerDepartmentRoutes } from './department-routes.js'
import { createDepartmentService } from './department-service.js'
import { registerResidentLookupRoutes } from './resident-lookup-routes.js'
import { createResidentLookupService } from './resident-lookup-service.js'
import { registerStaffAccountRoutes } from './staff-account-routes.js'
import { createStaffAccountService } from './staff-account-service.js'

export { adminCatalog } from './admin-catalog.js'

let isCatalogRegistered = false

/**
 * The staff console: home, departments, staff accounts, audit log, resident lookup.
 * Registers the module's messages (once per process) and its routes, all `auth: 'staff'`.
 */
export function registerAdmin(app: FastifyInstance, platform: Platform): void {
  if (!isCatalogRegistered) {
    registerCatalog(adminCatalog)
    isCatalogRegistered = true
  }
  const db = platform.database.db
  registerConsoleRoutes(app, createConsoleService({ db }))
  registerDepartmentRoutes(app, createDepartmentService({ db }))
  registerStaffAccountRoutes(app, createStaffAccountService({ db }))
  registerAuditLogRoutes(app, createAuditLogService({ db }))
  registerResidentLookupRoutes(app, createResidentLookupService({ db }))
}
