/** SQL of facilities, resources and their fee rules. Takes an executor so it works inside a transaction. */
import type { Executor } from '../../../platform/db/tenant-context.js'
import type { Facility, FeeRule, Resource } from '../reservation-tables.js'
import { rdb } from './setup-db.js'
import type { FacilityValues, ResourceValues } from './facility-form.js'
import type { FeeRuleValues } from './pricing-form.js'

export async function listFacilities(executor: Executor, tenantId: string): Promise<Facility[]> {
  return rdb(executor).selectFrom('reservationFacilities').selectAll().where('tenantId', '=', tenantId).orderBy('sortOrder').orderBy('code').execute()
}

export async function findFacility(executor: Executor, tenantId: string, id: string): Promise<Facility | undefined> {
  return rdb(executor).selectFrom('reservationFacilities').selectAll().where('tenantId', '=', tenantId).where('id', '=', id).executeTakeFirst()
}

export async function findFacilityByCode(executor: Executor, tenantId: string, code: string): Promise<Facility | undefined> {
  return rdb(executor).selectFrom('reservationFacilities').selectAll().where('tenantId', '=', tenantId).where('code', '=', code).executeTakeFirst()
}

const facilityColumns = (values: FacilityValues) => ({
  names: JSON.stringify(values.names),
  descriptions: JSON.stringify(values.descriptions),
  address: values.address,
  phone: values.phone,
  latitude: values.latitude,
  longitude: values.longitude,
  openingTime: values.openingTime,
  closingTime: values.closingTime,
  closedWeekdays: values.closedWeekdays,
  isClosedOnHolidays: values.isClosedOnHolidays,
  isClosedYearEnd: values.isClosedYearEnd,
  status: values.status,
  sortOrder: values.sortOrder,
})

export async function insertFacility(executor: Executor, tenantId: string, values: FacilityValues): Promise<Facility> {
  return rdb(executor)
    .insertInto('reservationFacilities')
    .values({ tenantId, code: values.code, ...facilityColumns(values) })
    .returningAll()
    .executeTakeFirstOrThrow()
}

export async function updateFacility(executor: Executor, tenantId: string, id: string, values: FacilityValues): Promise<Facility | undefined> {
  return rdb(executor)
    .updateTable('reservationFacilities')
    .set({ ...facilityColumns(values), updatedAt: new Date() })
    .where('tenantId', '=', tenantId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst()
}

export async function listResources(executor: Executor, tenantId: string, facilityId?: string): Promise<Resource[]> {
  let query = rdb(executor).selectFrom('reservationResources').selectAll().where('tenantId', '=', tenantId)
  if (facilityId) query = query.where('facilityId', '=', facilityId)
  return query.orderBy('sortOrder').orderBy('code').execute()
}

export async function findResource(executor: Executor, tenantId: string, id: string): Promise<Resource | undefined> {
  return rdb(executor).selectFrom('reservationResources').selectAll().where('tenantId', '=', tenantId).where('id', '=', id).executeTakeFirst()
}

export async function findResourceByCode(executor: Executor, tenantId: string, code: string): Promise<Resource | undefined> {
  return rdb(executor).selectFrom('reservationResources').selectAll().where('tenantId', '=', tenantId).where('code', '=', code).executeTakeFirst()
}

const resourceColumns = (values: ResourceValues) => {
  const { code: _code, names, descriptions, ...rest } = values
  void _code
  return { ...rest, names: JSON.stringify(names), descriptions: JSON.stringify(descriptions) }
}

export async function insertResource(executor: Executor, tenantId: string, values: ResourceValues): Promise<Resource> {
  return rdb(executor)
    .insertInto('reservationResources')
    .values({ tenantId, code: values.code, ...resourceColumns(values) })
    .returningAll()
    .executeTakeFirstOrThrow()
}

export async function updateResource(executor: Executor, tenantId: string, id: string, values: ResourceValues): Promise<Resource | undefined> {
  return rdb(executor)
    .updateTable('reservationResources')
    .set({ ...resourceColumns(values), updatedAt: new Date() })
    .where('tenantId', '=', tenantId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst()
}

export async function listFeeRules(executor: Executor, tenantId: string, resourceId: string): Promise<FeeRule[]> {
  return rdb(executor).selectFrom('reservationFeeRules').selectAll().where('tenantId', '=', tenantId).where('resourceId', '=', resourceId).orderBy('dayKind').orderBy('bandStart').execute()
}

export async function insertFeeRule(executor: Executor, tenantId: string, resourceId: string, values: FeeRuleValues): Promise<FeeRule> {
  return rdb(executor)
    .insertInto('reservationFeeRules')
    .values({ tenantId, resourceId, ...values })
    .returningAll()
    .executeTakeFirstOrThrow()
}

export async function deleteFeeRule(executor: Executor, tenantId: string, resourceId: string, id: string): Promise<FeeRule | undefined> {
  return rdb(executor).deleteFrom('reservationFeeRules').where('tenantId', '=', tenantId).where('resourceId', '=', resourceId).where('id', '=', id).returningAll().executeTakeFirst()
}
