/** Who is acting on the audience pages, for which tenant, under which request id (for audit). */
import type { FastifyRequest } from 'fastify'
import { forbidden, unauthenticated } from '../../../platform/errors.js'
import { tenantOf } from '../../../platform/http/pipeline.js'
import type { StaffPrincipal } from '../../../platform/http/types.js'
import type { TenantContext } from '../../../platform/tenancy/tenant-service.js'

export interface StaffRequest {
  tenant: TenantContext
  actor: StaffPrincipal
  requestId: string
}

export function staffRequest(req: FastifyRequest): StaffRequest {
  const tenant = tenantOf(req)
  if (!req.staff) throw unauthenticated('AUTH.STAFF_LOGIN_REQUIRED')
  return { tenant, actor: req.staff, requestId: req.id }
}

/** Routes declare the permission too; services check again because they may be called from elsewhere. */
export function requireManage(request: StaffRequest): void {
  if (!request.actor.permissions.has('notifications.manage')) throw forbidden('AUTH.PERMISSION_DENIED')
}

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
