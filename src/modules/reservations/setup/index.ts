/**
 * Reservations — setup area: facilities, resources with their booking rules, fee tables,
 * purposes, exemptions, closures, slot templates and exceptions, slot generation, the template
 * CSV, and registered groups (staff approval; the resident's 団体登録 application). Staff pages
 * live under /:tenant/staff/reservations/setup and need `reservations.manage`. See README.md.
 */
import type { FastifyInstance } from 'fastify'
import type { JobDefinition } from '../../../platform/jobs/define-job.js'
import type { ReservationDeps, ReservationSurfaces } from '../reservation-deps.js'
import { registerCalendarRoutes } from './calendar-routes.js'
import { createCalendarService } from './calendar-service.js'
import { registerFacilityRoutes } from './facility-routes.js'
import { createFacilityService } from './facility-service.js'
import { registerGroupResidentRoutes, registerGroupStaffRoutes } from './group-routes.js'
import { createGroupService } from './group-service.js'
import { registerPricingRoutes } from './pricing-routes.js'
import { createPricingService } from './pricing-service.js'
import { setupCatalog } from './setup-catalog.js'

export { setupCatalog }
export { generateSlots, MAX_GENERATION_DAYS, type SlotGenerationResult } from './slot-generation.js'
export { startSlotExtension, extendTenantSlots } from './slot-extension.js'
export { seedSetupDemo, DEMO_SLOT_DAYS, type SetupDemo } from './setup-demo.js'
export { isClosedOn, closedReason, closedDatesBetween, closureScope, type ClosedReason, type ClosureFacility, type ClosureRow } from './closure-rules.js'
export { EQUIPMENT_CODES, equipmentLabelKey, type EquipmentCode } from './facility-form.js'

/** Jobs of this area (listed by the module's index.ts): none. Staff generate slots for any range; startSlotExtension keeps them ahead of the windows. */
export const setupJobs: JobDefinition[] = []

export function registerSetup(app: FastifyInstance, deps: ReservationDeps, on: ReservationSurfaces): void {
  const db = deps.platform.database.db
  const groups = createGroupService(db)
  if (on.staff) {
    registerFacilityRoutes(app, createFacilityService(db))
    registerPricingRoutes(app, createPricingService(db))
    registerCalendarRoutes(app, createCalendarService(db))
    registerGroupStaffRoutes(app, groups)
  }
  if (on.public) registerGroupResidentRoutes(app, groups)
}
