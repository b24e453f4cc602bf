/** SQL of the waitlist (reservation_waitlist_entries) and the slot facts it needs. Kysely only. */
import { sql, type Transaction } from 'kysely'
import type { Database } from '../../../platform/db/schema.js'
import { LIVE_RESERVATION_STATUSES, reservationsDb, type LocalizedText, type Resource, type Slot, type WaitlistEntry, type WaitlistEntryStatus } from '../reservation-tables.js'

type Trx = Transaction<Database>

export interface SlotPlace {
  slot: Slot
  resource: Resource
  facilityNames: LocalizedText
}

/** The slot with its resource and facility name; `lock` takes the slot's row lock (seat moves and joins serialise on it). */
export async function findSlotPlace(trx: Trx, tenantId: string, slotId: string, options: { lock?: boolean } = {}): Promise<SlotPlace | undefined> {
  const db = reservationsDb(trx)
  let query = db.selectFrom('reservationSlots').selectAll().where('tenantId', '=', tenantId).where('id', '=', slotId)
  if (options.lock) query = query.forUpdate()
  const slot = await query.executeTakeFirst()
  if (!slot) return undefined
  const resource = await db.selectFrom('reservationResources').selectAll().where('tenantId', '=', tenantId).where('id', '=', slot.resourceId).executeTakeFirst()
  if (!resource) return undefined
  const facility = await db.selectFrom('reservationFacilities').select(['names']).where('tenantId', '=', tenantId).where('id', '=', resource.facilityId).executeTakeFirst()
  return { slot, resource, facilityNames: facility?.names ?? { ja: '' } }
}

/** The status of the slot's lottery, when it is a lottery slot. */
export async function findLotteryStatus(trx: Trx, tenantId: string, lotteryId: string) {
  const row = await reservationsDb(trx).selectFrom('reservationLotteries').select(['status']).where('tenantId', '=', tenantId).where('id', '=', lotteryId).executeTakeFirst()
  return row?.status
}

export async function findTenantSlug(trx: Trx, tenantId: string): Promise<string | undefined> {
  const row = await trx.selectFrom('tenants').select(['slug']).where('id', '=', tenantId).executeTakeFirst()
  return row?.slug
}

/**
 * Entries that may receive freed seats, oldest first, locked. SKIP LOCKED: two cancellations on
 * the same slot at once offer to different people instead of waiting for each other.
 * `withoutLiveBroadcast` also takes offered entries whose broadcast link has lapsed.
 */
export async function lockWaitingEntries(trx: Trx, tenantId: string, slotId: string, now: Date, options: { withoutLiveBroadcast?: boolean } = {}): Promise<WaitlistEntry[]> {
  return reservationsDb(trx)
    .selectFrom('reservationWaitlistEntries')
    .selectAll()
    .where('tenantId', '=', tenantId)
    .where('slotId', '=', slotId)
    .where(eb =>
      options.withoutLiveBroadcast
        ? eb.or([eb('status', '=', 'waiting'), eb.and([eb('status', '=', 'offered'), eb('heldSeats', '=', 0), eb('offerExpiresAt', '<=', now)])])
        : eb('status', '=', 'waiting'),
    )
    .where('residentId', 'is not', null)
    .orderBy('createdAt')
    .orderBy('id')
    .forUpdate()
    .skipLocked()
    .execute()
}

export async function markOffered(trx: Trx, tenantId: string, entryId: string, offer: { heldSeats: number; claimTokenHash: string; offeredAt: Date; offerExpiresAt: Date }): Promise<WaitlistEntry> {
  return reservationsDb(trx)
    .updateTable('reservationWaitlistEntries')
    .set({ status: 'offered', heldSeats: offer.heldSeats, claimTokenHash: offer.claimTokenHash, offeredAt: offer.offeredAt, offerExpiresAt: offer.offerExpiresAt, updatedAt: offer.offeredAt })
    .where('tenantId', '=', tenantId)
    .where('id', '=', entryId)
    .returningAll()
    .executeTakeFirstOrThrow()
}

/** Ends an entry's offer or wait. The claim token hash stays, so that a late click on its link gets a clear answer. */
export async function setEntryStatus(trx: Trx, tenantId: string, entryId: string, status: WaitlistEntryStatus, now: Date, extra: { claimedReservationId?: string } = {}): Promise<void> {
  await reservationsDb(trx)
    .updateTable('reservationWaitlistEntries')
    .set({ status, heldSeats: 0, updatedAt: now, ...(extra.claimedReservationId ? { claimedReservationId: extra.claimedReservationId } : {}) })
    .where('tenantId', '=', tenantId)
    .where('id', '=', entryId)
    .execute()
}

export async function findEntryByTokenHash(trx: Trx, tenantId: string, tokenHash: string, options: { lock?: boolean } = {}): Promise<WaitlistEntry | undefined> {
  let query = reservationsDb(trx).selectFrom('reservationWaitlistEntries').selectAll().where('tenantId', '=', tenantId).where('claimTokenHash', '=', tokenHash)
  if (options.lock) query = query.forUpdate()
  return query.executeTakeFirst()
}

export async function findEntry(trx: Trx, tenantId: string, entryId: string, options: { lock?: boolean } = {}): Promise<WaitlistEntry | undefined> {
  let query = reservationsDb(trx).selectFrom('reservationWaitlistEntries').selectAll().where('tenantId', '=', tenantId).where('id', '=', entryId)
  if (options.lock) query = query.forUpdate()
  return query.executeTakeFirst()
}

/** The resident's entry still waiting or offered on this slot (at most one, by a unique index). */
export async function findActiveEntry(trx: Trx, tenantId: string, slotId: string, residentId: string): Promise<WaitlistEntry | undefined> {
  return reservationsDb(trx)
    .selectFrom('reservationWaitlistEntries')
    .selectAll()
    .where('tenantId', '=', tenantId)
    .where('slotId', '=', slotId)
    .where('residentId', '=', residentId)
    .where('status', 'in', ['waiting', 'offered'])
    .executeTakeFirst()
}

export async function hasLiveBooking(trx: Trx, tenantId: string, slotId: string, residentId: string): Promise<boolean> {
  const row = await reservationsDb(trx)
    .selectFrom('reservations')
    .select('id')
    .where('tenantId', '=', tenantId)
    .where('slotId', '=', slotId)
    .where('residentId', '=', residentId)
    .where('status', 'in', [...LIVE_RESERVATION_STATUSES])
    .executeTakeFirst()
  return row !== undefined
}

export async function countWaiting(trx: Trx, tenantId: string, slotId: string): Promise<number> {
  const row = await reservationsDb(trx)
    .selectFrom('reservationWaitlistEntries')
    .select(eb => eb.fn.countAll<number>().as('count'))
    .where('tenantId', '=', tenantId)
    .where('slotId', '=', slotId)
    .where('status', 'in', ['waiting', 'offered'])
    .executeTakeFirstOrThrow()
  return Number(row.count)
}

export async function insertEntry(trx: Trx, entry: { tenantId: string; slotId: string; resourceId: string; residentId: string; partySize: number; now: Date }): Promise<WaitlistEntry> {
  return reservationsDb(trx)
    .insertInto('reservationWaitlistEntries')
    .values({ tenantId: entry.tenantId, slotId: entry.slotId, resourceId: entry.resourceId, residentId: entry.residentId, partySize: entry.partySize, createdAt: entry.now, updatedAt: entry.now })
    .returningAll()
    .executeTakeFirstOrThrow()
}

/** Offers past their time, oldest first, locked (SKIP LOCKED: a claim in progress is left to finish). */
export async function lockDueOffers(trx: Trx, tenantId: string, now: Date, limit: number): Promise<WaitlistEntry[]> {
  return reservationsDb(trx)
    .selectFrom('reservationWaitlistEntries')
    .selectAll()
    .where('tenantId', '=', tenantId)
    .where('status', '=', 'offered')
    .where('offerExpiresAt', '<=', now)
    .orderBy('offerExpiresAt')
    .orderBy('id')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute()
}

export interface ResidentEntryRow {
  entry: WaitlistEntry
  slot: Pick<Slot, 'startsAt' | 'endsAt' | 'status'>
  resourceNames: LocalizedText
  facilityNames: LocalizedText
  /** waiting entries of the same slot that joined before this one */
  ahead: number
}

/** The resident's entries, newest slot first (at most 100: a waitlist is short-lived). */
export async function listResidentEntries(trx: Trx, tenantId: string, residentId: string): Promise<ResidentEntryRow[]> {
  const rows = await reservationsDb(trx)
    .selectFrom('reservationWaitlistEntries as w')
    .innerJoin('reservationSlots as s', join => join.onRef('s.tenantId', '=', 'w.tenantId').onRef('s.id', '=', 'w.slotId'))
    .innerJoin('reservationResources as r', join => join.onRef('r.tenantId', '=', 's.tenantId').onRef('r.id', '=', 's.resourceId'))
    .innerJoin('reservationFacilities as f', join => join.onRef('f.tenantId', '=', 'r.tenantId').onRef('f.id', '=', 'r.facilityId'))
    .selectAll('w')
    .select(['s.startsAt as slotStartsAt', 's.endsAt as slotEndsAt', 's.status as slotStatus', 'r.names as resourceNames', 'f.names as facilityNames'])
    .select(
      sql<number>`(SELECT count(*) FROM reservation_waitlist_entries o
        WHERE o.tenant_id = w.tenant_id AND o.slot_id = w.slot_id AND o.status = 'waiting'
          AND (o.created_at, o.id) < (w.created_at, w.id))`.as('ahead'),
    )
    .where('w.tenantId', '=', tenantId)
    .where('w.residentId', '=', residentId)
    .orderBy('s.startsAt', 'desc')
    .orderBy('w.createdAt', 'desc')
    .limit(100)
    .execute()
  return rows.map(row => {
    const { slotStartsAt, slotEndsAt, slotStatus, resourceNames, facilityNames, ahead, ...entry } = row
    return { entry: entry as WaitlistEntry, slot: { startsAt: slotStartsAt, endsAt: slotEndsAt, status: slotStatus }, resourceNames, facilityNames, ahead: Number(ahead) }
  })
}
