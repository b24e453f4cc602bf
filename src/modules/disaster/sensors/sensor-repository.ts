/** SQL of the sensors area; every function takes the caller's (tenant-bound) transaction. */
import { sql, type Transaction } from 'kysely'
import type { Database } from '../../../platform/db/schema.js'
import { hasPermission, type RoleAssignment } from '../../../platform/auth/permissions.js'
import type { SensorLevel } from './sensor-rules.js'
import { sensorsDb, type ReceivedVia, type Sensor, type SensorEvent, type SensorEventKind, type SensorNames, type SensorsTable } from './sensor-tables.js'
import type { HourAggregate } from './sensor-ingest-rules.js'
import type { Insertable, Updateable } from 'kysely'

type Trx = Transaction<Database>

export function findSensorByCode(trx: Trx, tenantId: string, code: string): Promise<Sensor | undefined> {
  return sensorsDb(trx).selectFrom('sensors').selectAll().where('tenantId', '=', tenantId).where('code', '=', code).executeTakeFirst()
}

export function findSensorById(trx: Trx, tenantId: string, id: string): Promise<Sensor | undefined> {
  return sensorsDb(trx).selectFrom('sensors').selectAll().where('tenantId', '=', tenantId).where('id', '=', id).executeTakeFirst()
}

/** The sensor row locked for this transaction: readings of one sensor are applied one batch at a time. */
export function lockSensor(trx: Trx, tenantId: string, id: string): Promise<Sensor> {
  return sensorsDb(trx).selectFrom('sensors').selectAll().where('tenantId', '=', tenantId).where('id', '=', id).forUpdate().executeTakeFirstOrThrow()
}

export function listSensors(trx: Trx, tenantId: string): Promise<Sensor[]> {
  return sensorsDb(trx).selectFrom('sensors').selectAll().where('tenantId', '=', tenantId).orderBy('code').execute()
}

export function findLiveKey(trx: Trx, tenantId: string, keyHash: string): Promise<{ id: string; sensorId: string } | undefined> {
  return sensorsDb(trx).selectFrom('sensorKeys').select(['id', 'sensorId']).where('tenantId', '=', tenantId).where('keyHash', '=', keyHash).where('revokedAt', 'is', null).executeTakeFirst()
}

export function findLiveKeyPrefix(trx: Trx, tenantId: string, sensorId: string): Promise<{ keyPrefix: string; createdAt: Date } | undefined> {
  return sensorsDb(trx).selectFrom('sensorKeys').select(['keyPrefix', 'createdAt']).where('tenantId', '=', tenantId).where('sensorId', '=', sensorId).where('revokedAt', 'is', null).orderBy('createdAt', 'desc').executeTakeFirst()
}

export async function replaceKey(trx: Trx, tenantId: string, sensorId: string, key: { keyHash: string; keyPrefix: string }, createdBy: string | null, now: Date): Promise<void> {
  const db = sensorsDb(trx)
  await db.updateTable('sensorKeys').set({ revokedAt: now, updatedAt: now }).where('tenantId', '=', tenantId).where('sensorId', '=', sensorId).where('revokedAt', 'is', null).execute()
  await db.insertInto('sensorKeys').values({ tenantId, sensorId, keyHash: key.keyHash, keyPrefix: key.keyPrefix, createdBy }).execute()
}

/** Adds `n` refusals for a reason to the sensor's counters, atomically. */
export async function countRejection(trx: Trx, tenantId: string, sensorId: string, reason: string, n = 1): Promise<void> {
  await sql`UPDATE sensors SET rejected_counts = rejected_counts || jsonb_build_object(${reason}::text, coalesce((rejected_counts ->> ${reason}::text)::int, 0) + ${n}::int)
    WHERE tenant_id = ${tenantId} AND id = ${sensorId}`.execute(trx)
}

/** Inserts readings; a reading already stored (same sensor and time) is skipped. Returns the new ones. */
export async function insertReadings(trx: Trx, tenantId: string, sensorId: string, readings: { value: number; at: Date }[], via: ReceivedVia, receivedAt: Date): Promise<{ value: number; at: Date }[]> {
  if (readings.length === 0) return []
  const rows = await sensorsDb(trx)
    .insertInto('sensorReadings')
    .values(readings.map(r => ({ tenantId, sensorId, observedAt: r.at, value: r.value, receivedVia: via, receivedAt })))
    .onConflict(oc => oc.columns(['tenantId', 'sensorId', 'observedAt']).doNothing())
    .returning(['observedAt', 'value'])
    .execute()
  return rows.map(r => ({ value: r.value, at: r.observedAt }))
}

export async function updateSensorState(trx: Trx, tenantId: string, sensorId: string, state: { level: SensorLevel; lastReadingAt: Date | null; lastValue: number | null; isOffline: boolean; offlineSince: Date | null }, now: Date): Promise<void> {
  await sensorsDb(trx).updateTable('sensors').set({ ...state, updatedAt: now }).where('tenantId', '=', tenantId).where('id', '=', sensorId).execute()
}

export async function insertEvent(
  trx: Trx,
  tenantId: string,
  event: { sensorId: string; kind: SensorEventKind; fromLevel?: SensorLevel; toLevel?: SensorLevel; value?: number | null; occurredAt: Date; needsAcknowledgement: boolean; alertId?: string | null },
): Promise<SensorEvent> {
  return sensorsDb(trx)
    .insertInto('sensorEvents')
    .values({ tenantId, sensorId: event.sensorId, kind: event.kind, fromLevel: event.fromLevel ?? null, toLevel: event.toLevel ?? null, value: event.value ?? null, occurredAt: event.occurredAt, needsAcknowledgement: event.needsAcknowledgement, alertId: event.alertId ?? null })
    .returningAll()
    .executeTakeFirstOrThrow()
}

/** Marks a sensor offline unless it already is; true when this call did (one event per silence, not one per check). */
export async function markOffline(trx: Trx, tenantId: string, sensorId: string, now: Date): Promise<boolean> {
  const row = await sensorsDb(trx).updateTable('sensors').set({ isOffline: true, offlineSince: now, updatedAt: now }).where('tenantId', '=', tenantId).where('id', '=', sensorId).where('isOffline', '=', false).returning('id').executeTakeFirst()
  return row !== undefined
}

export type EventRow = SensorEvent & { sensorCode: string; sensorNames: SensorNames; unit: string; acknowledgedByName: string | null }

function eventsQuery(trx: Trx, tenantId: string) {
  return sensorsDb(trx)
    .selectFrom('sensorEvents as e')
    .innerJoin('sensors as s', join => join.onRef('s.tenantId', '=', 'e.tenantId').onRef('s.id', '=', 'e.sensorId'))
    .leftJoin('staffUsers as u', join => join.onRef('u.tenantId', '=', 'e.tenantId').onRef('u.id', '=', 'e.acknowledgedBy'))
    .selectAll('e')
    .select(['s.code as sensorCode', 's.names as sensorNames', 's.unit as unit', 'u.displayName as acknowledgedByName'])
    .where('e.tenantId', '=', tenantId)
}

/** Warnings no one has acknowledged yet, newest first. */
export function listOpenEvents(trx: Trx, tenantId: string, limit = 50): Promise<EventRow[]> {
  return eventsQuery(trx, tenantId).where('e.needsAcknowledgement', '=', true).where('e.acknowledgedAt', 'is', null).orderBy('e.occurredAt', 'desc').limit(limit).execute()
}

export function listSensorEvents(trx: Trx, tenantId: string, sensorId: string, limit = 50): Promise<EventRow[]> {
  return eventsQuery(trx, tenantId).where('e.sensorId', '=', sensorId).orderBy('e.occurredAt', 'desc').orderBy('e.createdAt', 'desc').limit(limit).execute()
}

export async function acknowledgeEvent(trx: Trx, tenantId: string, eventId: string, staffId: string, now: Date): Promise<{ sensorId: string; isNew: boolean } | undefined> {
  const db = sensorsDb(trx)
  const updated = await db
    .updateTable('sensorEvents')
    .set({ acknowledgedBy: staffId, acknowledgedAt: now, updatedAt: now })
    .where('tenantId', '=', tenantId)
    .where('id', '=', eventId)
    .where('needsAcknowledgement', '=', true)
    .where('acknowledgedAt', 'is', null)
    .returning('sensorId')
    .executeTakeFirst()
  if (updated) return { sensorId: updated.sensorId, isNew: true }
  const existing = await db.selectFrom('sensorEvents').select('sensorId').where('tenantId', '=', tenantId).where('id', '=', eventId).where('needsAcknowledgement', '=', true).executeTakeFirst()
  return existing ? { sensorId: existing.sensorId, isNew: false } : undefined
}

export function readingsSince(trx: Trx, tenantId: string, sensorId: string, since: Date): Promise<{ observedAt: Date; value: number }[]> {
  return sensorsDb(trx).selectFrom('sensorReadings').select(['observedAt', 'value']).where('tenantId', '=', tenantId).where('sensorId', '=', sensorId).where('observedAt', '>=', since).orderBy('observedAt').limit(20_000).execute()
}

export function insertSensor(trx: Trx, values: Insertable<SensorsTable>): Promise<Sensor> {
  return sensorsDb(trx).insertInto('sensors').values(values).returningAll().executeTakeFirstOrThrow()
}

export function updateSensor(trx: Trx, tenantId: string, id: string, values: Updateable<SensorsTable>): Promise<Sensor | undefined> {
  return sensorsDb(trx).updateTable('sensors').set(values).where('tenantId', '=', tenantId).where('id', '=', id).returningAll().executeTakeFirst()
}

/** The districts a sensor may watch (owned by the notifications module; read as documented SQL). */
export async function listDistrictChoices(trx: Trx, tenantId: string): Promise<{ id: string; code: string; names: { ja?: string; 'ja-easy'?: string; en?: string } }[]> {
  const { rows } = await sql<{ id: string; code: string; names: { ja?: string; 'ja-easy'?: string; en?: string } }>`SELECT id, code, names FROM districts WHERE tenant_id = ${tenantId} ORDER BY sort_order, code`.execute(trx)
  return rows
}

/** Staff who watch the sensors: active accounts whose roles grant disaster.operate. */
export async function listOnDutyStaff(trx: Trx, tenantId: string): Promise<{ id: string; email: string }[]> {
  const rows = await trx
    .selectFrom('staffUsers as u')
    .innerJoin('staffRoleAssignments as a', join => join.onRef('a.tenantId', '=', 'u.tenantId').onRef('a.staffUserId', '=', 'u.id'))
    .select(['u.id', 'u.email', 'a.role', 'a.departmentId'])
    .where('u.tenantId', '=', tenantId)
    .where('u.status', '=', 'active')
    .orderBy('u.email')
    .execute()
  const byStaff = new Map<string, { email: string; assignments: RoleAssignment[] }>()
  for (const row of rows) {
    const entry = byStaff.get(row.id) ?? { email: row.email, assignments: [] }
    entry.assignments.push({ role: row.role, departmentId: row.departmentId })
    byStaff.set(row.id, entry)
  }
  return [...byStaff].filter(([, entry]) => hasPermission(entry.assignments, 'disaster.operate')).map(([id, entry]) => ({ id, email: entry.email }))
}

/** Claims raw readings observed before the cutoff by deleting them (a concurrent run gets none of the same rows). */
export function deleteReadingsBefore(trx: Trx, tenantId: string, cutoff: Date): Promise<{ sensorId: string; observedAt: Date; value: number }[]> {
  return sensorsDb(trx).deleteFrom('sensorReadings').where('tenantId', '=', tenantId).where('observedAt', '<', cutoff).returning(['sensorId', 'observedAt', 'value']).execute()
}

/** Adds aggregates to their hours: an hour already rolled up is merged (min, max, sum, count), so reruns stay exact. */
export async function mergeHourAggregates(trx: Trx, tenantId: string, sensorId: string, hours: HourAggregate[], now: Date): Promise<void> {
  if (hours.length === 0) return
  await sensorsDb(trx)
    .insertInto('sensorReadingHours')
    .values(hours.map(h => ({ tenantId, sensorId, ...h })))
    .onConflict(oc =>
      oc.columns(['tenantId', 'sensorId', 'hourStart']).doUpdateSet(eb => ({
        minValue: sql<number>`least(${eb.ref('sensorReadingHours.minValue')}, ${eb.ref('excluded.minValue')})`,
        maxValue: sql<number>`greatest(${eb.ref('sensorReadingHours.maxValue')}, ${eb.ref('excluded.maxValue')})`,
        sumValue: sql<number>`${eb.ref('sensorReadingHours.sumValue')} + ${eb.ref('excluded.sumValue')}`,
        readingCount: sql<number>`${eb.ref('sensorReadingHours.readingCount')} + ${eb.ref('excluded.readingCount')}`,
        updatedAt: now,
      })),
    )
    .execute()
}

export function listHours(trx: Trx, tenantId: string, sensorId: string): Promise<HourAggregate[]> {
  return sensorsDb(trx).selectFrom('sensorReadingHours').select(['hourStart', 'minValue', 'maxValue', 'sumValue', 'readingCount']).where('tenantId', '=', tenantId).where('sensorId', '=', sensorId).orderBy('hourStart').execute()
}
