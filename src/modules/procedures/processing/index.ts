/**
 * Staff processing of applications (申請の処理): inbox with saved filters, application detail
 * (audited), claim / assign / 差戻し / decide, 電子決裁 with delegations, decision notices, and
 * exports for core systems. See the procedures module README, section "Processing".
 */
import type { FastifyInstance } from 'fastify'
import { registerCatalog } from '../../../platform/i18n/i18n.js'
import type { JobDefinition } from '../../../platform/jobs/define-job.js'
import type { Platform } from '../../../platform/platform.js'
import { createActionService } from './action-service.js'
import { registerApplicationRoutes } from './application-routes.js'
import { registerApprovalRoutes } from './approval-routes.js'
import { createApprovalService } from './approval-service.js'
import { createDetailService } from './detail-service.js'
import { registerExportRoutes } from './export-routes.js'
import { createExportService } from './export-service.js'
import { registerInboxRoutes } from './inbox-routes.js'
import { createInboxService } from './inbox-service.js'
import { buildExportJob } from './jobs/build-export.js'
import { processingCatalog } from './processing-catalog.js'
import type { ProcessingDeps } from './processing-context.js'

export { processingCatalog } from './processing-catalog.js'
export { buildExportJob } from './jobs/build-export.js'
export { dueAtFor, isOverdue } from './due-date.js'
export { correctionRequestedNotice, applicationApprovedNotice, applicationApprovedPaymentDueNotice, applicationRejectedNotice } from './notifications.js'

/** The jobs of staff processing, for src/jobs.ts (via the procedures module's index). */
export const processingJobs: JobDefinition[] = [buildExportJob] as unknown as JobDefinition[]

let isCatalogRegistered = false

export interface ProcessingOptions {
  /** The current time (tests pass a fixed clock); defaults to the system clock. */
  clock?: () => Date
}

/**
 * Registers the staff processing routes under `/:tenant/staff/applications…`, all declared
 * `auth: 'staff'` with `permission: 'procedures.process'` (department scoping is checked by the
 * services), and the module's messages (once per process).
 */
export function registerApplicationProcessing(app: FastifyInstance, platform: Platform, options: ProcessingOptions = {}): void {
  if (!isCatalogRegistered) {
    registerCatalog(processingCatalog)
    isCatalogRegistered = true
  }
  const deps: ProcessingDeps = { db: platform.database.db, config: platform.config, notifier: platform.notifier, jobs: platform.jobs, clock: options.clock ?? (() => new Date()) }
  const approvals = createApprovalService(deps)
  // Static paths (approvals, delegations, export, exports, saved-filters) before /:id, for readers;
  // the router prefers static segments anyway.
  registerInboxRoutes(app, createInboxService(deps))
  registerApprovalRoutes(app, approvals)
  registerExportRoutes(app, createExportService(deps))
  registerApplicationRoutes(app, { detail: createDetailService(deps), actions: createActionService(deps), approvals })
}
