/** SQL of closures (休館日), slot templates and exceptions, and the slot figures the template page shows. */
import type { Executor } from '../../../platform/db/tenant-context.js'
import type { Closure, Slot, SlotException, SlotTemplate } from '../reservation-tables.js'
import type { ClosureValues, ExceptionValues } from './calendar-form.js'
import { rdb } from './setup-db.js'

/** Closures ending on or after `since`, soonest first (at most `limit`). */
export async function listClosures(executor: Executor, tenantId: string, since: string, limit = 200): Promise<Closure[]> {
  return rdb(executor).selectFrom('reservationClosures').selectAll().where('tenantId', '=', tenantId).where('endsOn', '>=', since).orderBy('startsOn').orderBy('id').limit(limit).execute()
}

export async function insertClosure(executor: Executor, tenantId: string, values: ClosureValues): Promise<Closure> {
  const { scope } = values
  return rdb(executor)
    .insertInto('reservationClosures')
    .values({
      tenantId,
      facilityId: scope.kind === 'facility' ? scope.facilityId : null,
      // a resource closure names only the resource: a facility id too would close the whole facility
      resourceId: scope.kind === 'resource' ? scope.resourceId : null,
      startsOn: values.startsOn,
      endsOn: values.endsOn,
      reasons: JSON.stringify(values.reasons),
    })
    .returningAll()
    .executeTakeFirstOrThrow()
}

export async function deleteClosure(executor: Executor, tenantId: string, id: string): Promise<Closure | undefined> {
  return rdb(executor).deleteFrom('reservationClosures').where('tenantId', '=', tenantId).where('id', '=', id).returningAll().executeTakeFirst()
}

/** The resources a closure touches: one, a facility's, or all of the tenant's. */
export async function listResourceIdsInScope(executor: Executor, tenantId: string, closure: Pick<Closure, 'facilityId' | 'resourceId'>): Promise<string[]> {
  if (closure.resourceId) return [closure.resourceId]
  let query = rdb(executor).selectFrom('reservationResources').select('id').where('tenantId', '=', tenantId)
  if (closure.facilityId) query = query.where('facilityId', '=', closure.facilityId)
  return (await query.execute()).map(row => row.id)
}

export async function listTemplates(executor: Executor, tenantId: string, resourceId: string): Promise<SlotTemplate[]> {
  return rdb(executor).selectFrom('reservationSlotTemplates').selectAll().where('tenantId', '=', tenantId).where('resourceId', '=', resourceId).orderBy('validFrom').orderBy('startTime').execute()
}

/** Every template of the tenant with its resource's code, for the CSV export. */
export async function listTemplatesWithCodes(executor: Executor, tenantId: string, resourceId?: string): Promise<(SlotTemplate & { resourceCode: string })[]> {
  let query = rdb(executor)
    .selectFrom('reservationSlotTemplates as t')
    .innerJoin('reservationResources as r', join => join.onRef('r.tenantId', '=', 't.tenantId').onRef('r.id', '=', 't.resourceId'))
    .selectAll('t')
    .select('r.code as resourceCode')
    .where('t.tenantId', '=', tenantId)
  if (resourceId) query = query.where('t.resourceId', '=', resourceId)
  return query.orderBy('r.sortOrder').orderBy('r.code').orderBy('t.validFrom').orderBy('t.startTime').execute()
}

export interface NewTemplate {
  resourceId: string
  weekdays: number[]
  startTime: string
  endTime: string
  capacity: number
  validFrom: string
  validUntil: string | null
}

export async function insertTemplates(executor: Executor, tenantId: string, templates: readonly NewTemplate[]): Promise<number> {
  if (templates.length === 0) return 0
  let count = 0
  for (let index = 0; index < templates.length; index += 500) {
    const rows = await rdb(executor)
      .insertInto('reservationSlotTemplates')
      .values(templates.slice(index, index + 500).map(template => ({ tenantId, ...template })))
      .returning('id')
      .execute()
    count += rows.length
  }
  return count
}

export async function deleteTemplate(executor: Executor, tenantId: string, resourceId: string, id: string): Promise<SlotTemplate | undefined> {
  return rdb(executor).deleteFrom('reservationSlotTemplates').where('tenantId', '=', tenantId).where('resourceId', '=', resourceId).where('id', '=', id).returningAll().executeTakeFirst()
}

export async function deleteTemplatesOf(executor: Executor, tenantId: string, resourceIds: readonly string[]): Promise<number> {
  if (resourceIds.length === 0) return 0
  const deleted = await rdb(executor).deleteFrom('reservationSlotTemplates').where('tenantId', '=', tenantId).where('resourceId', 'in', resourceIds).executeTakeFirst()
  return Number(deleted.numDeletedRows)
}

/** Exceptions from `since` on, in date order. */
export async function listExceptions(executor: Executor, tenantId: string, resourceId: string, since: string): Promise<SlotException[]> {
  return rdb(executor).selectFrom('reservationSlotExceptions').selectAll().where('tenantId', '=', tenantId).where('resourceId', '=', resourceId).where('onDate', '>=', since).orderBy('onDate').orderBy('startTime').execute()
}

export async function insertException(executor: Executor, tenantId: string, resourceId: string, values: ExceptionValues): Promise<SlotException> {
  return rdb(executor)
    .insertInto('reservationSlotExceptions')
    .values({ tenantId, resourceId, ...values })
    .returningAll()
    .executeTakeFirstOrThrow()
}

export async function deleteException(executor: Executor, tenantId: string, resourceId: string, id: string): Promise<SlotException | undefined> {
  return rdb(executor).deleteFrom('reservationSlotExceptions').where('tenantId', '=', tenantId).where('resourceId', '=', resourceId).where('id', '=', id).returningAll().executeTakeFirst()
}

/** Open slots of the resource from `from` on: how many, and the last one's start. */
export async function summariseSlots(executor: Executor, tenantId: string, resourceId: string, from: Date): Promise<{ open: number; lastStartsAt: Date | null }> {
  const row = await rdb(executor)
    .selectFrom('reservationSlots')
    .select(eb => [eb.fn.countAll<string>().as('open'), eb.fn.max('startsAt').as('lastStartsAt')])
    .where('tenantId', '=', tenantId)
    .where('resourceId', '=', resourceId)
    .where('status', '=', 'open')
    .where('startsAt', '>=', from)
    .executeTakeFirstOrThrow()
  return { open: Number(row.open), lastStartsAt: row.lastStartsAt ? new Date(row.lastStartsAt) : null }
}

/** Slots by id (the conflicts a generation reported), with their resource's code. */
export async function findSlots(executor: Executor, tenantId: string, ids: readonly string[]): Promise<(Slot & { resourceCode: string })[]> {
  if (ids.length === 0) return []
  return rdb(executor)
    .selectFrom('reservationSlots as s')
    .innerJoin('reservationResources as r', join => join.onRef('r.tenantId', '=', 's.tenantId').onRef('r.id', '=', 's.resourceId'))
    .selectAll('s')
    .select('r.code as resourceCode')
    .where('s.tenantId', '=', tenantId)
    .where('s.id', 'in', ids)
    .orderBy('s.startsAt')
    .execute()
}
