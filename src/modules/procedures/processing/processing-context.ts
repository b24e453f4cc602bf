import type { FastifyRequest } from 'fastify'
import { unauthenticated } from '../../../platform/errors.js'
import { tenantOf } from '../../../platform/http/pipeline.js'
import type { StaffPrincipal } from '../../../platform/http/types.js'
import type { TenantContext } from '../../../platform/tenancy/tenant-service.js'
import type { Config } from '../../../platform/config.js'
import type { Db } from '../../../platform/db/tenant-context.js'
import type { Notifier } from '../../../platform/notify/notify.js'
import type { JobQueue } from '../../../platform/jobs/job-queue.js'

/** Who is acting, where, under which request id: what every processing service call needs for audit. */
export interface ProcessingRequest {
  tenant: TenantContext
  actor: StaffPrincipal
  requestId: string
}

/** The processing request of a route declared `auth: 'staff'` (the pipeline has loaded the principal). */
export function processingRequest(req: FastifyRequest): ProcessingRequest {
  const tenant = tenantOf(req)
  if (!req.staff) throw unauthenticated('AUTH.STAFF_LOGIN_REQUIRED')
  return { tenant, actor: req.staff, requestId: req.id }
}

/** What the processing services use; built once in registerApplicationProcessing. */
export interface ProcessingDeps {
  db: Db
  config: Config
  notifier: Notifier
  jobs: JobQueue
  /** The current time (tests pass a fixed clock). */
  clock: () => Date
}

/** The staff actor as the audit log records it. */
export function auditActor(actor: StaffPrincipal) {
  return { type: 'staff' as const, id: actor.id }
}
