/** Who is acting on a reservations page, for which tenant, under which request id (for audit). */
import type { FastifyRequest } from 'fastify'
import { forbidden, unauthenticated } from '../../platform/errors.js'
import { tenantOf } from '../../platform/http/pipeline.js'
import type { ResidentPrincipal, StaffPrincipal } from '../../platform/http/types.js'
import type { Permission } from '../../platform/auth/permissions.js'
import type { TenantContext } from '../../platform/tenancy/tenant-service.js'
import type { AuditActor } from '../../platform/audit/audit-log.js'

export interface StaffRequest {
  tenant: TenantContext
  actor: StaffPrincipal
  requestId: string
}

export interface ResidentRequest {
  tenant: TenantContext
  resident: ResidentPrincipal
  requestId: string
}

export function staffRequest(req: FastifyRequest): StaffRequest {
  const tenant = tenantOf(req)
  if (!req.staff) throw unauthenticated('AUTH.STAFF_LOGIN_REQUIRED')
  return { tenant, actor: req.staff, requestId: req.id }
}

export function residentRequest(req: FastifyRequest): ResidentRequest {
  const tenant = tenantOf(req)
  if (!req.resident) throw unauthenticated('AUTH.RESIDENT_LOGIN_REQUIRED')
  return { tenant, resident: req.resident, requestId: req.id }
}

/** Routes declare the permission too; services check again because they may be called from elsewhere. */
export function requirePermission(request: StaffRequest, permission: Permission): void {
  if (!request.actor.permissions.has(permission)) throw forbidden('AUTH.PERMISSION_DENIED')
}

export function staffActor(request: StaffRequest): AuditActor {
  return { type: 'staff', id: request.actor.id }
}

export function residentActor(request: ResidentRequest): AuditActor {
  return { type: 'resident', id: request.resident.id }
}

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** A path parameter when it is a uuid (else the route answers 404 without asking the database). */
export function uuidParam(req: FastifyRequest, name: string): string | undefined {
  const value = (req.params as Record<string, unknown>)[name]
  return typeof value === 'string' && UUID_PATTERN.test(value) ? value.toLowerCase() : undefined
}

export const STAFF_BASE = '/:tenant/staff/reservations'
export const PUBLIC_BASE = '/:tenant/reservations'
