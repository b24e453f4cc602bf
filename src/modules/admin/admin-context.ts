import type { FastifyRequest } from 'fastify'
import { forbidden, unauthenticated } from '../../platform/errors.js'
import { tenantOf } from '../../platform/http/pipeline.js'
import type { StaffPrincipal } from '../../platform/http/types.js'
import type { Permission } from '../../platform/auth/permissions.js'
import type { TenantContext } from '../../platform/tenancy/tenant-service.js'

/** Who is acting, where, and under which request id: what every admin service call needs for audit. */
export interface AdminRequest {
  tenant: TenantContext
  actor: StaffPrincipal
  requestId: string
}

/** The admin request of a route declared `auth: 'staff'` (the pipeline has loaded the principal). */
export function adminRequest(req: FastifyRequest): AdminRequest {
  const tenant = tenantOf(req)
  if (!req.staff) throw unauthenticated('AUTH.STAFF_LOGIN_REQUIRED')
  return { tenant, actor: req.staff, requestId: req.id }
}

/**
 * Services check the permission again although routes declare it: a service may be called from
 * elsewhere (CLI, another route) and must not rely on its caller having checked.
 */
export function requirePermission(actor: StaffPrincipal, permission: Permission): void {
  if (!actor.permissions.has(permission)) throw forbidden('AUTH.PERMISSION_DENIED')
}
