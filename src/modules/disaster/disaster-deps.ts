import type { FastifyRequest } from 'fastify'
import { notFound } from '../../platform/errors.js'
import { tenantOf } from '../../platform/http/pipeline.js'
import type { TenantContext } from '../../platform/tenancy/tenant-service.js'

/** Which listener surfaces an area registers on (the public site, the staff console, or both). */
export interface DisasterSurfaces {
  public: boolean
  staff: boolean
}

/**
 * The tenant of the path, when it uses the disaster module (features include 'disaster'); else a
 * 404 — its pages, feeds and APIs do not exist there. Every area's routes start with this.
 */
export function disasterTenant(req: FastifyRequest): TenantContext {
  const tenant = tenantOf(req)
  if (!tenant.settings.features.includes('disaster')) throw notFound('DISASTER.NOT_ENABLED')
  return tenant
}
