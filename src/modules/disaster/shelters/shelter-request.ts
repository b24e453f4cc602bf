/** Who acts on a shelters page, for which tenant, under which request id (for audit). */
import type { FastifyRequest } from 'fastify'
import { forbidden, unauthenticated } from '../../../platform/errors.js'
import { disasterTenant } from '../disaster-deps.js'
import type { ResidentPrincipal, StaffPrincipal } from '../../../platform/http/types.js'
import type { Permission } from '../../../platform/auth/permissions.js'
import type { TenantContext } from '../../../platform/tenancy/tenant-service.js'

export interface StaffRequest {
  tenant: TenantContext
  actor: StaffPrincipal
  requestId: string
}

export { disasterTenant }

export function staffRequest(req: FastifyRequest): StaffRequest {
  const tenant = disasterTenant(req)
  if (!req.staff) throw unauthenticated('AUTH.STAFF_LOGIN_REQUIRED')
  return { tenant, actor: req.staff, requestId: req.id }
}

export function residentOf(req: FastifyRequest): { tenant: TenantContext; resident: ResidentPrincipal } {
  const tenant = disasterTenant(req)
  if (!req.resident) throw unauthenticated('AUTH.RESIDENT_LOGIN_REQUIRED')
  return { tenant, resident: req.resident }
}

/** Routes declare the permission too; services check again because they may be called from elsewhere. */
export function requirePermission(request: StaffRequest, permission: Permission): void {
  if (!request.actor.permissions.has(permission)) throw forbidden('AUTH.PERMISSION_DENIED')
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** A path parameter when it is a uuid, else undefined. */
export function uuidParam(req: FastifyRequest, name: string): string | undefined {
  const value = (req.params as Record<string, unknown>)[name]
  return typeof value === 'string' && UUID.test(value) ? value.toLowerCase() : undefined
}

export const isUuid = (value: string) => UUID.test(value)

export const STAFF_BASE = '/:tenant/staff/disaster/shelters'
export const PUBLIC_BASE = '/:tenant/shelters'
