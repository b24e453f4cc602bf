import type { FastifyInstance } from 'fastify'
import type { Platform } from '../../platform/platform.js'
import { registerCatalog } from '../../platform/i18n/i18n.js'
import type { JobDefinition } from '../../platform/jobs/define-job.js'
import { proceduresCatalog } from './procedures-catalog.js'
import { registerResidentProcedureRoutes } from './resident-routes.js'
import { createApplicationPayments } from './application-payments.js'
import { registerCounterRoutes } from './counter-routes.js'
import { registerProceduresApi } from './api/index.js'
import { registerApplicationProcessing, processingJobs } from './processing/index.js'
import { registerProcedureBuilder } from './builder/index.js'

let isCatalogRegistered = false

export interface ProcedureSurfaces {
  /** catalogue, apply flow, My applications, the JSON API (default true) */
  public?: boolean
  /** builder, processing inbox, counter-assisted entry (default true) */
  staff?: boolean
}

/**
 * Online procedures (電子申請): the catalogue and apply flow for residents, the no-code form
 * builder and the processing inbox for staff, and the JSON API for kiosks and integrators.
 */
export function registerProcedures(app: FastifyInstance, platform: Platform, surfaces: ProcedureSurfaces = {}): void {
  if (!isCatalogRegistered) {
    registerCatalog(proceduresCatalog)
    isCatalogRegistered = true
  }
  const payments = createApplicationPayments(platform)
  if (surfaces.public !== false) {
    registerResidentProcedureRoutes(app, platform, payments)
    registerProceduresApi(app, platform)
  }
  if (surfaces.staff !== false) {
    registerCounterRoutes(app, platform)
    registerApplicationProcessing(app, platform)
    registerProcedureBuilder(app, platform)
  }
}

/** Jobs of the procedures module (listed in src/jobs.ts). */
export const procedureJobs: JobDefinition[] = [...processingJobs]

export { proceduresCatalog }
export { seedProceduresDemo } from './demo-seed.js'
export { createApplicationService, type ApplicationService } from './application-service.js'
export { parseProcedureDocument, type ProcedureDocument } from './form/form-definition.js'
export { insertProcedure, publishDraft } from './procedure-repository.js'
