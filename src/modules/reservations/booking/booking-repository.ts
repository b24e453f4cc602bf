/** SQL of the booking area (Kysely only), inside the caller's tenant-bound transaction. */
import { sql, type Insertable, type Transaction, type Updateable } from 'kysely'
import type { Database } from '../../../platform/db/schema.js'
import type { Executor } from '../../../platform/db/tenant-context.js'
import {
  reservationsDb,
  type Closure,
  type Facility,
  type FeeExemption,
  type FeeRule,
  type Purpose,
  type Reservation,
  type ReservationGroup,
  type ReservationsTable,
  type Resource,
  type Slot,
} from '../reservation-tables.js'

type Trx = Transaction<Database>
const rdb = (executor: Executor) => reservationsDb(executor as Trx)

export async function findReservationByIdempotencyKey(trx: Executor, tenantId: string, key: string): Promise<Reservation | undefined> {
  return rdb(trx).selectFrom('reservations').selectAll().where('tenantId', '=', tenantId).where('idempotencyKey', '=', key).executeTakeFirst()
}

export async function findReservation(trx: Executor, tenantId: string, id: string): Promise<Reservation | undefined> {
  return rdb(trx).selectFrom('reservations').selectAll().where('tenantId', '=', tenantId).where('id', '=', id).executeTakeFirst()
}

/** The booking row locked for a status change (two tabs, a webhook and the expiry job may race). */
export async function findReservationForUpdate(trx: Trx, tenantId: string, id: string): Promise<Reservation | undefined> {
  return rdb(trx).selectFrom('reservations').selectAll().where('tenantId', '=', tenantId).where('id', '=', id).forUpdate().executeTakeFirst()
}

export async function findSlot(trx: Executor, tenantId: string, slotId: string): Promise<Slot | undefined> {
  return rdb(trx).selectFrom('reservationSlots').selectAll().where('tenantId', '=', tenantId).where('id', '=', slotId).executeTakeFirst()
}

export async function findResource(trx: Executor, tenantId: string, resourceId: string): Promise<Resource | undefined> {
  return rdb(trx).selectFrom('reservationResources').selectAll().where('tenantId', '=', tenantId).where('id', '=', resourceId).executeTakeFirst()
}

export async function findFacility(trx: Executor, tenantId: string, facilityId: string): Promise<Facility | undefined> {
  return rdb(trx).selectFrom('reservationFacilities').selectAll().where('tenantId', '=', tenantId).where('id', '=', facilityId).executeTakeFirst()
}

export async function listFeeRules(trx: Executor, tenantId: string, resourceId: string): Promise<FeeRule[]> {
  return rdb(trx).selectFrom('reservationFeeRules').selectAll().where('tenantId', '=', tenantId).where('resourceId', '=', resourceId).orderBy('bandStart').execute()
}

/** Closures that cover a date for the tenant, the facility or the resource. */
export async function listClosuresOn(trx: Executor, tenantId: string, facilityId: string, resourceId: string, date: string): Promise<Closure[]> {
  return rdb(trx)
    .selectFrom('reservationClosures')
    .selectAll()
    .where('tenantId', '=', tenantId)
    .where('startsOn', '<=', date)
    .where('endsOn', '>=', date)
    .where(eb => eb.or([eb.and([eb('facilityId', 'is', null), eb('resourceId', 'is', null)]), eb('facilityId', '=', facilityId), eb('resourceId', '=', resourceId)]))
    .execute()
}

export async function findLotteryStatus(trx: Executor, tenantId: string, lotteryId: string): Promise<string | undefined> {
  const row = await rdb(trx).selectFrom('reservationLotteries').select('status').where('tenantId', '=', tenantId).where('id', '=', lotteryId).executeTakeFirst()
  return row?.status
}

export async function listPurposes(trx: Executor, tenantId: string): Promise<Purpose[]> {
  return rdb(trx).selectFrom('reservationPurposes').selectAll().where('tenantId', '=', tenantId).orderBy('sortOrder').orderBy('code').execute()
}

export async function findPurpose(trx: Executor, tenantId: string, code: string): Promise<Purpose | undefined> {
  return rdb(trx).selectFrom('reservationPurposes').selectAll().where('tenantId', '=', tenantId).where('code', '=', code).executeTakeFirst()
}

export async function listExemptions(trx: Executor, tenantId: string): Promise<FeeExemption[]> {
  return rdb(trx).selectFrom('reservationFeeExemptions').selectAll().where('tenantId', '=', tenantId).orderBy('sortOrder').orderBy('code').execute()
}

export async function findExemption(trx: Executor, tenantId: string, code: string): Promise<FeeExemption | undefined> {
  return rdb(trx).selectFrom('reservationFeeExemptions').selectAll().where('tenantId', '=', tenantId).where('code', '=', code).executeTakeFirst()
}

/**
 * The applicant's address, with the resident row locked (no-key) so that one resident's
 * concurrent bookings count their limit one after the other.
 */
export async function findResidentForBooking(trx: Trx, tenantId: string, residentId: string) {
  const resident = await trx
    .selectFrom('residents')
    .select(['id', 'displayName', 'email', 'phone', 'addressPrefecture', 'addressCity'])
    .where('tenantId', '=', tenantId)
    .where('id', '=', residentId)
    .forNoKeyUpdate()
    .executeTakeFirst()
  return resident ? { ...resident, verifiedAddress: await findVerifiedAddress(trx, tenantId, residentId) } : undefined
}

/** The address read from the resident's My Number Card (基本4情報), when they logged in with it. */
async function findVerifiedAddress(trx: Executor, tenantId: string, residentId: string): Promise<string | null> {
  const row = await trx.selectFrom('residentBasicInfo').select('address').where('tenantId', '=', tenantId).where('residentId', '=', residentId).executeTakeFirst()
  return row?.address ?? null
}

export async function findResidentAddress(trx: Executor, tenantId: string, residentId: string) {
  const resident = await trx.selectFrom('residents').select(['id', 'displayName', 'email', 'phone', 'addressPrefecture', 'addressCity']).where('tenantId', '=', tenantId).where('id', '=', residentId).executeTakeFirst()
  return resident ? { ...resident, verifiedAddress: await findVerifiedAddress(trx, tenantId, residentId) } : undefined
}

/** The group row, locked (no-key) for counting its limit. */
export async function findGroupForBooking(trx: Trx, tenantId: string, groupId: string): Promise<ReservationGroup | undefined> {
  return rdb(trx).selectFrom('reservationGroups').selectAll().where('tenantId', '=', tenantId).where('id', '=', groupId).forNoKeyUpdate().executeTakeFirst()
}

export async function isGroupMember(trx: Executor, tenantId: string, groupId: string, residentId: string): Promise<boolean> {
  const row = await rdb(trx)
    .selectFrom('reservationGroupMembers')
    .select('residentId')
    .where('tenantId', '=', tenantId)
    .where('groupId', '=', groupId)
    .where('residentId', '=', residentId)
    .executeTakeFirst()
  return row !== undefined
}

/** Approved groups a resident represents or belongs to (for the booking form). */
export async function listResidentGroups(trx: Executor, tenantId: string, residentId: string): Promise<ReservationGroup[]> {
  return rdb(trx)
    .selectFrom('reservationGroups as g')
    .selectAll('g')
    .where('g.tenantId', '=', tenantId)
    .where('g.status', '=', 'approved')
    .where(eb =>
      eb.or([
        eb('g.representativeResidentId', '=', residentId),
        eb.exists(eb.selectFrom('reservationGroupMembers as m').select('m.residentId').whereRef('m.groupId', '=', 'g.id').where('m.tenantId', '=', tenantId).where('m.residentId', '=', residentId)),
      ]),
    )
    .orderBy('g.name')
    .execute()
}

const UPCOMING_LIVE = ['held', 'won', 'awaiting_payment', 'confirmed'] as const

/** A resident's bookings still to come on a resource (what max_active_per_resident counts). */
export async function countActiveForResident(trx: Executor, tenantId: string, residentId: string, resourceId: string, now: Date, excludeId?: string): Promise<number> {
  let query = rdb(trx)
    .selectFrom('reservations as r')
    .innerJoin('reservationSlots as s', join => join.onRef('s.tenantId', '=', 'r.tenantId').onRef('s.id', '=', 'r.slotId'))
    .select(sql<number>`count(*)::int`.as('n'))
    .where('r.tenantId', '=', tenantId)
    .where('r.residentId', '=', residentId)
    .where('r.resourceId', '=', resourceId)
    .where('r.status', 'in', UPCOMING_LIVE)
    .where('s.startsAt', '>', now)
  if (excludeId) query = query.where('r.id', '<>', excludeId)
  const row = await query.executeTakeFirst()
  return row?.n ?? 0
}

/** A group's bookings still to come, on any resource (what max_active_bookings counts). */
export async function countActiveForGroup(trx: Executor, tenantId: string, groupId: string, now: Date, excludeId?: string): Promise<number> {
  let query = rdb(trx)
    .selectFrom('reservations as r')
    .innerJoin('reservationSlots as s', join => join.onRef('s.tenantId', '=', 'r.tenantId').onRef('s.id', '=', 'r.slotId'))
    .select(sql<number>`count(*)::int`.as('n'))
    .where('r.tenantId', '=', tenantId)
    .where('r.groupId', '=', groupId)
    .where('r.status', 'in', UPCOMING_LIVE)
    .where('s.startsAt', '>', now)
  if (excludeId) query = query.where('r.id', '<>', excludeId)
  const row = await query.executeTakeFirst()
  return row?.n ?? 0
}

export async function findLiveOnSlot(trx: Executor, tenantId: string, slotId: string, residentId: string): Promise<Reservation | undefined> {
  return rdb(trx)
    .selectFrom('reservations')
    .selectAll()
    .where('tenantId', '=', tenantId)
    .where('slotId', '=', slotId)
    .where('residentId', '=', residentId)
    .where('status', 'in', ['held', 'won', 'awaiting_payment', 'confirmed', 'checked_in'])
    .executeTakeFirst()
}

/** Inserts unless a unique constraint says it exists (same idempotency key, same resident on the slot, a reference clash). */
export async function insertReservation(trx: Trx, row: Insertable<ReservationsTable>): Promise<Reservation | undefined> {
  return rdb(trx)
    .insertInto('reservations')
    .values(row)
    .onConflict(oc => oc.doNothing())
    .returningAll()
    .executeTakeFirst()
}

export async function updateReservation(trx: Trx, tenantId: string, id: string, changes: Omit<Updateable<ReservationsTable>, 'tenantId' | 'id' | 'createdAt'>): Promise<Reservation> {
  return rdb(trx)
    .updateTable('reservations')
    .set({ ...changes, updatedAt: new Date() })
    .where('tenantId', '=', tenantId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow()
}

/** Bookings past their deadline, locked; SKIP LOCKED lets a concurrent sweep or payment go on with the others. */
export async function listDueForExpiry(trx: Trx, tenantId: string, now: Date, limit: number): Promise<Reservation[]> {
  return rdb(trx)
    .selectFrom('reservations')
    .selectAll()
    .where('tenantId', '=', tenantId)
    .where(eb =>
      eb.or([
        eb.and([eb('status', 'in', ['held', 'won']), eb('holdExpiresAt', '<=', now)]),
        eb.and([eb('status', '=', 'awaiting_payment'), eb('paymentDueAt', '<=', now)]),
      ]),
    )
    .orderBy('id')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute()
}

/** The booking a reschedule made from this one (locked: the settlement of the old payment confirms it). */
export async function findSuccessor(trx: Trx, tenantId: string, reservationId: string): Promise<Reservation | undefined> {
  return rdb(trx).selectFrom('reservations').selectAll().where('tenantId', '=', tenantId).where('rescheduledFromId', '=', reservationId).orderBy('createdAt', 'desc').limit(1).forUpdate().executeTakeFirst()
}
