import type { FastifyRequest } from 'fastify'
import { unauthenticated } from '../../../platform/errors.js'
import { tenantOf } from '../../../platform/http/pipeline.js'
import type { StaffPrincipal } from '../../../platform/http/types.js'
import type { TenantContext } from '../../../platform/tenancy/tenant-service.js'
import type { Config } from '../../../platform/config.js'
import type { Db } from '../../../platform/db/tenant-context.js'
import type { Locale } from '../../../platform/i18n/i18n.js'

/** Who is acting, where, under which request id: what every compose service call needs for audit. */
export interface ComposeRequest {
  tenant: TenantContext
  actor: StaffPrincipal
  requestId: string
  /** names of topics and districts are shown in the staff member's language */
  locale: Locale
}

/** The compose request of a route declared `auth: 'staff'` (the pipeline has loaded the principal). */
export function composeRequest(req: FastifyRequest): ComposeRequest {
  const tenant = tenantOf(req)
  if (!req.staff) throw unauthenticated('AUTH.STAFF_LOGIN_REQUIRED')
  return { tenant, actor: req.staff, requestId: req.id, locale: req.locale }
}

/** What the compose services use; built once in registerCompose. */
export interface ComposeDeps {
  db: Db
  config: Config
  /** The current time (tests pass a fixed clock). */
  clock: () => Date
}

/** The staff actor as the audit log records it. */
export function auditActor(actor: StaffPrincipal) {
  return { type: 'staff' as const, id: actor.id }
}
