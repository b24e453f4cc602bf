/** SQL of the public search pages besides findAvailability: the form's choices and one resource's details. */
import type { Kysely } from 'kysely'
import type { Database } from '../../../platform/db/schema.js'
import type { Executor } from '../../../platform/db/tenant-context.js'
import { RESOURCE_CATEGORIES, reservationsDb, type Facility, type FeeExemption, type FeeRule, type Purpose, type Resource, type ResourceCategory, type ResourceKind } from '../reservation-tables.js'

const rdb = (executor: Executor) => reservationsDb(executor as Kysely<Database>)

export interface SearchFacets {
  kinds: ResourceKind[]
  /** in the shared catalog's order */
  categories: ResourceCategory[]
  /** equipment codes, sorted */
  equipment: string[]
}

/** The kinds, categories and equipment the tenant's bookable resources have (the form offers only these). */
export async function listSearchFacets(executor: Executor, tenantId: string): Promise<SearchFacets> {
  const rows = await rdb(executor)
    .selectFrom('reservationResources as r')
    .innerJoin('reservationFacilities as f', join => join.onRef('f.tenantId', '=', 'r.tenantId').onRef('f.id', '=', 'r.facilityId'))
    .select(['r.kind', 'r.category', 'r.equipment'])
    .where('r.tenantId', '=', tenantId)
    .where('r.status', '=', 'active')
    .where('f.status', '=', 'active')
    .execute()
  const kinds = new Set(rows.map(row => row.kind))
  const categories = new Set(rows.map(row => row.category))
  const equipment = new Set(rows.flatMap(row => row.equipment))
  return {
    kinds: (['space', 'appointment'] as const).filter(kind => kinds.has(kind)),
    categories: RESOURCE_CATEGORIES.filter(category => categories.has(category)),
    equipment: [...equipment].sort(),
  }
}

export interface PublicResource {
  resource: Resource
  facility: Facility
  feeRules: FeeRule[]
  /** purposes this resource accepts (all when it lists none) */
  purposes: Purpose[]
  exemptions: FeeExemption[]
}

/** An active resource of an active facility with what its public page shows, or undefined. */
export async function findPublicResource(executor: Executor, tenantId: string, resourceId: string): Promise<PublicResource | undefined> {
  const db = rdb(executor)
  const resource = await db.selectFrom('reservationResources').selectAll().where('tenantId', '=', tenantId).where('id', '=', resourceId).where('status', '=', 'active').executeTakeFirst()
  if (!resource) return undefined
  const facility = await db.selectFrom('reservationFacilities').selectAll().where('tenantId', '=', tenantId).where('id', '=', resource.facilityId).where('status', '=', 'active').executeTakeFirst()
  if (!facility) return undefined
  const feeRules = await db.selectFrom('reservationFeeRules').selectAll().where('tenantId', '=', tenantId).where('resourceId', '=', resourceId).orderBy('dayKind').orderBy('bandStart').orderBy('bandEnd').execute()
  const allPurposes = await db.selectFrom('reservationPurposes').selectAll().where('tenantId', '=', tenantId).orderBy('sortOrder').orderBy('code').execute()
  const purposes = resource.purposes.length === 0 ? allPurposes : allPurposes.filter(purpose => resource.purposes.includes(purpose.code))
  const exemptions = await db.selectFrom('reservationFeeExemptions').selectAll().where('tenantId', '=', tenantId).orderBy('sortOrder').orderBy('code').execute()
  return { resource, facility, feeRules, purposes, exemptions }
}
