/** SQL of the lottery area (Kysely only); every function takes the caller's tenant-bound transaction. */
import { sql, type Insertable, type Transaction } from 'kysely'
import type { Database } from '../../../platform/db/schema.js'
import {
  reservationsDb,
  type LocalizedText,
  type Lottery,
  type LotteryEntry,
  type LotteryEntryStatus,
  type LotteryStatus,
  type ReservationLotteriesTable,
  type ReservationStatus,
  type Resource,
  type Slot,
} from '../reservation-tables.js'

type Trx = Transaction<Database>

export async function insertLottery(trx: Trx, values: Insertable<ReservationLotteriesTable>): Promise<Lottery> {
  return reservationsDb(trx).insertInto('reservationLotteries').values(values).returningAll().executeTakeFirstOrThrow()
}

/**
 * Puts the resource's open, still untouched slots in [from, until) into the lottery. A slot
 * already in another lottery or with any seat taken stays first-come.
 */
export async function attachSlots(trx: Trx, tenantId: string, lotteryId: string, resourceId: string, from: Date, until: Date): Promise<number> {
  const rows = await reservationsDb(trx)
    .updateTable('reservationSlots')
    .set({ lotteryId, updatedAt: new Date() })
    .where('tenantId', '=', tenantId)
    .where('resourceId', '=', resourceId)
    .where('startsAt', '>=', from)
    .where('startsAt', '<', until)
    .where('status', '=', 'open')
    .where('lotteryId', 'is', null)
    .whereRef('remaining', '=', 'capacity')
    .returning('id')
    .execute()
  return rows.length
}

export async function findLottery(trx: Trx, tenantId: string, lotteryId: string): Promise<Lottery | undefined> {
  return reservationsDb(trx).selectFrom('reservationLotteries').selectAll().where('tenantId', '=', tenantId).where('id', '=', lotteryId).executeTakeFirst()
}

/**
 * Reads the lottery and locks its row: `share` for an entry or a withdrawal (many at once; a
 * status change waits for them), `update` for a status change (waits for entries in flight).
 */
export async function lockLottery(trx: Trx, tenantId: string, lotteryId: string, mode: 'share' | 'update'): Promise<Lottery | undefined> {
  const query = reservationsDb(trx).selectFrom('reservationLotteries').selectAll().where('tenantId', '=', tenantId).where('id', '=', lotteryId)
  return (mode === 'update' ? query.forUpdate() : query.forShare()).executeTakeFirst()
}

export async function updateLottery(trx: Trx, tenantId: string, lotteryId: string, values: Partial<{ status: LotteryStatus; seed: string; drawnAt: Date; drawnByStaffId: string; publishedAt: Date; confirmDeadlineAt: Date; secondRoundAt: Date }>): Promise<Lottery> {
  return reservationsDb(trx)
    .updateTable('reservationLotteries')
    .set({ ...values, updatedAt: new Date() })
    .where('tenantId', '=', tenantId)
    .where('id', '=', lotteryId)
    .returningAll()
    .executeTakeFirstOrThrow()
}

export interface LotteryListRow extends Lottery {
  resourceNames: LocalizedText
  slotCount: number
  entryCount: number
}

/** Lotteries of the tenant (newest first), with their resource's name and counts. */
export async function listLotteries(trx: Trx, tenantId: string, statuses?: readonly LotteryStatus[]): Promise<LotteryListRow[]> {
  let query = reservationsDb(trx)
    .selectFrom('reservationLotteries as l')
    .innerJoin('reservationResources as r', join => join.onRef('r.tenantId', '=', 'l.tenantId').onRef('r.id', '=', 'l.resourceId'))
    .selectAll('l')
    .select('r.names as resourceNames')
    .select(eb => [
      eb.selectFrom('reservationSlots as s').select(eb.fn.countAll<number>().as('n')).whereRef('s.tenantId', '=', 'l.tenantId').whereRef('s.lotteryId', '=', 'l.id').as('slotCount'),
      eb
        .selectFrom('reservationLotteryEntries as e')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('e.tenantId', '=', 'l.tenantId')
        .whereRef('e.lotteryId', '=', 'l.id')
        .where('e.status', '<>', 'withdrawn')
        .as('entryCount'),
    ])
    .where('l.tenantId', '=', tenantId)
  if (statuses) query = query.where('l.status', 'in', [...statuses])
  const rows = await query.orderBy('l.createdAt', 'desc').orderBy('l.id').limit(200).execute()
  return rows.map(row => ({ ...row, slotCount: Number(row.slotCount ?? 0), entryCount: Number(row.entryCount ?? 0) }))
}

export interface LotterySlotRow extends Slot {
  entryCount: number
}

/** The lottery's slots in time order, each with its number of live entries (not withdrawn). */
export async function listLotterySlots(trx: Trx, tenantId: string, lotteryId: string): Promise<LotterySlotRow[]> {
  const rows = await reservationsDb(trx)
    .selectFrom('reservationSlots as s')
    .selectAll('s')
    .select(eb =>
      eb
        .selectFrom('reservationLotteryEntries as e')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('e.tenantId', '=', 's.tenantId')
        .whereRef('e.slotId', '=', 's.id')
        .whereRef('e.lotteryId', '=', 's.lotteryId')
        .where('e.status', '<>', 'withdrawn')
        .as('entryCount'),
    )
    .where('s.tenantId', '=', tenantId)
    .where('s.lotteryId', '=', lotteryId)
    .orderBy('s.startsAt')
    .orderBy('s.id')
    .execute()
  return rows.map(row => ({ ...row, entryCount: Number(row.entryCount ?? 0) }))
}

export async function findLotterySlot(trx: Trx, tenantId: string, lotteryId: string, slotId: string): Promise<Slot | undefined> {
  return reservationsDb(trx).selectFrom('reservationSlots').selectAll().where('tenantId', '=', tenantId).where('id', '=', slotId).where('lotteryId', '=', lotteryId).executeTakeFirst()
}

export async function findResource(trx: Trx, tenantId: string, resourceId: string): Promise<Resource | undefined> {
  return reservationsDb(trx).selectFrom('reservationResources').selectAll().where('tenantId', '=', tenantId).where('id', '=', resourceId).executeTakeFirst()
}

export async function listActiveResources(trx: Trx, tenantId: string): Promise<Resource[]> {
  return reservationsDb(trx).selectFrom('reservationResources').selectAll().where('tenantId', '=', tenantId).where('status', '=', 'active').orderBy('sortOrder').orderBy('code').execute()
}

export async function listPurposes(trx: Trx, tenantId: string): Promise<{ code: string; names: LocalizedText }[]> {
  return reservationsDb(trx).selectFrom('reservationPurposes').select(['code', 'names']).where('tenantId', '=', tenantId).orderBy('sortOrder').orderBy('code').execute()
}

export interface EntryRow extends LotteryEntry {
  residentName: string | null
  groupName: string | null
  reservationStatus: ReservationStatus | null
  reservationReference: string | null
}

/** Entries of a lottery with who entered and, once published, their booking's status. */
export async function listLotteryEntries(trx: Trx, tenantId: string, lotteryId: string, statuses?: readonly LotteryEntryStatus[]): Promise<EntryRow[]> {
  let query = reservationsDb(trx)
    .selectFrom('reservationLotteryEntries as e')
    .leftJoin('residents as p', join => join.onRef('p.tenantId', '=', 'e.tenantId').onRef('p.id', '=', 'e.residentId'))
    .leftJoin('reservationGroups as g', join => join.onRef('g.tenantId', '=', 'e.tenantId').onRef('g.id', '=', 'e.groupId'))
    .leftJoin('reservations as r', join => join.onRef('r.tenantId', '=', 'e.tenantId').onRef('r.id', '=', 'e.reservationId'))
    .selectAll('e')
    .select(['p.displayName as residentName', 'g.name as groupName', 'r.status as reservationStatus', 'r.reference as reservationReference'])
    .where('e.tenantId', '=', tenantId)
    .where('e.lotteryId', '=', lotteryId)
  if (statuses) query = query.where('e.status', 'in', [...statuses])
  return query.orderBy('e.slotId').orderBy('e.drawRank').orderBy('e.createdAt').orderBy('e.id').execute()
}

export async function findEntry(trx: Trx, tenantId: string, entryId: string): Promise<LotteryEntry | undefined> {
  return reservationsDb(trx).selectFrom('reservationLotteryEntries').selectAll().where('tenantId', '=', tenantId).where('id', '=', entryId).executeTakeFirst()
}

export async function findEntryByIdempotencyKey(trx: Trx, tenantId: string, idempotencyKey: string): Promise<LotteryEntry | undefined> {
  return reservationsDb(trx).selectFrom('reservationLotteryEntries').selectAll().where('tenantId', '=', tenantId).where('idempotencyKey', '=', idempotencyKey).executeTakeFirst()
}

/** Live (not withdrawn) entries of an applicant in a lottery: the resident's own, or a group's. */
export async function countApplicantEntries(trx: Trx, tenantId: string, lotteryId: string, applicant: { residentId: string } | { groupId: string }): Promise<number> {
  let query = reservationsDb(trx)
    .selectFrom('reservationLotteryEntries')
    .select(eb => eb.fn.countAll<number>().as('n'))
    .where('tenantId', '=', tenantId)
    .where('lotteryId', '=', lotteryId)
    .where('status', '<>', 'withdrawn')
  query = 'groupId' in applicant ? query.where('groupId', '=', applicant.groupId) : query.where('residentId', '=', applicant.residentId).where('groupId', 'is', null)
  const row = await query.executeTakeFirstOrThrow()
  return Number(row.n)
}

export async function hasLiveEntryOnSlot(trx: Trx, tenantId: string, slotId: string, applicant: { residentId: string } | { groupId: string }): Promise<boolean> {
  let query = reservationsDb(trx).selectFrom('reservationLotteryEntries').select('id').where('tenantId', '=', tenantId).where('slotId', '=', slotId).where('status', '<>', 'withdrawn')
  query = 'groupId' in applicant ? query.where('groupId', '=', applicant.groupId) : query.where('residentId', '=', applicant.residentId)
  return (await query.limit(1).executeTakeFirst()) !== undefined
}

export async function insertEntry(
  trx: Trx,
  values: { tenantId: string; lotteryId: string; slotId: string; residentId: string; groupId: string | null; partySize: number; purposeCode: string | null; idempotencyKey: string },
): Promise<LotteryEntry> {
  return reservationsDb(trx).insertInto('reservationLotteryEntries').values(values).returningAll().executeTakeFirstOrThrow()
}

export async function setEntryStatus(trx: Trx, tenantId: string, entryId: string, status: LotteryEntryStatus, extra: { reservationId?: string } = {}): Promise<void> {
  await reservationsDb(trx)
    .updateTable('reservationLotteryEntries')
    .set({ status, ...extra, updatedAt: new Date() })
    .where('tenantId', '=', tenantId)
    .where('id', '=', entryId)
    .execute()
}

/** Writes the draw's outcome in one statement per 500 entries (a lottery may have thousands). */
export async function recordDrawResults(trx: Trx, tenantId: string, results: readonly { id: string; rank: number; status: 'won' | 'lost' }[]): Promise<void> {
  for (let start = 0; start < results.length; start += 500) {
    const chunk = results.slice(start, start + 500)
    const values = sql.join(chunk.map(r => sql`(${r.id}::uuid, ${r.rank}::integer, ${r.status}::text)`))
    await sql`UPDATE reservation_lottery_entries AS e SET draw_rank = v.rank, status = v.status, updated_at = now()
      FROM (VALUES ${values}) AS v(id, rank, status)
      WHERE e.tenant_id = ${tenantId} AND e.id = v.id AND e.status = 'entered'`.execute(trx)
  }
}

/** Entries whose resident account was deleted (no one to book for or to tell) leave the draw. */
export async function withdrawOrphanedEntries(trx: Trx, tenantId: string, lotteryId: string): Promise<void> {
  await reservationsDb(trx)
    .updateTable('reservationLotteryEntries')
    .set({ status: 'withdrawn', updatedAt: new Date() })
    .where('tenantId', '=', tenantId)
    .where('lotteryId', '=', lotteryId)
    .where('status', '=', 'entered')
    .where('residentId', 'is', null)
    .execute()
}

/**
 * After the confirmation deadline: a win whose booking ended (expired, cancelled) is 'released',
 * one the winner took up is 'confirmed'. Returns how many were released.
 */
export async function settleWonEntries(trx: Trx, tenantId: string, lotteryId: string): Promise<number> {
  const released = await sql<{ id: string }>`UPDATE reservation_lottery_entries AS e SET status = 'released', updated_at = now()
    FROM reservations AS r
    WHERE e.tenant_id = ${tenantId} AND e.lottery_id = ${lotteryId} AND e.status IN ('won', 'confirmed')
      AND r.tenant_id = e.tenant_id AND r.id = e.reservation_id AND r.status IN ('expired', 'cancelled')
    RETURNING e.id`.execute(trx)
  await sql`UPDATE reservation_lottery_entries AS e SET status = 'confirmed', updated_at = now()
    FROM reservations AS r
    WHERE e.tenant_id = ${tenantId} AND e.lottery_id = ${lotteryId} AND e.status = 'won'
      AND r.tenant_id = e.tenant_id AND r.id = e.reservation_id AND r.status IN ('awaiting_payment', 'confirmed', 'checked_in', 'no_show')`.execute(trx)
  return released.rows.length
}

export interface ResidentEntryRow extends LotteryEntry {
  lotteryTitles: LocalizedText
  lotteryStatus: LotteryStatus
  applicationsCloseAt: Date
  confirmDeadlineAt: Date | null
  resourceNames: LocalizedText
  slotStartsAt: Date
  slotEndsAt: Date
  groupName: string | null
  reservationStatus: ReservationStatus | null
}

/** A resident's entries (their own and those they made for a group), newest slots first. */
export async function listResidentEntries(trx: Trx, tenantId: string, residentId: string, lotteryId?: string): Promise<ResidentEntryRow[]> {
  let query = reservationsDb(trx)
    .selectFrom('reservationLotteryEntries as e')
    .innerJoin('reservationLotteries as l', join => join.onRef('l.tenantId', '=', 'e.tenantId').onRef('l.id', '=', 'e.lotteryId'))
    .innerJoin('reservationResources as res', join => join.onRef('res.tenantId', '=', 'l.tenantId').onRef('res.id', '=', 'l.resourceId'))
    .innerJoin('reservationSlots as s', join => join.onRef('s.tenantId', '=', 'e.tenantId').onRef('s.id', '=', 'e.slotId'))
    .leftJoin('reservationGroups as g', join => join.onRef('g.tenantId', '=', 'e.tenantId').onRef('g.id', '=', 'e.groupId'))
    .leftJoin('reservations as r', join => join.onRef('r.tenantId', '=', 'e.tenantId').onRef('r.id', '=', 'e.reservationId'))
    .selectAll('e')
    .select([
      'l.titles as lotteryTitles',
      'l.status as lotteryStatus',
      'l.applicationsCloseAt',
      'l.confirmDeadlineAt',
      'res.names as resourceNames',
      's.startsAt as slotStartsAt',
      's.endsAt as slotEndsAt',
      'g.name as groupName',
      'r.status as reservationStatus',
    ])
    .where('e.tenantId', '=', tenantId)
    .where('e.residentId', '=', residentId)
  if (lotteryId) query = query.where('e.lotteryId', '=', lotteryId)
  return query.orderBy('s.startsAt', 'desc').orderBy('e.createdAt', 'desc').limit(200).execute()
}

export interface GroupChoice {
  id: string
  name: string
}

/** Approved groups the resident represents or belongs to: they may enter for them. */
export async function listResidentGroups(trx: Trx, tenantId: string, residentId: string): Promise<GroupChoice[]> {
  return reservationsDb(trx)
    .selectFrom('reservationGroups as g')
    .select(['g.id', 'g.name'])
    .where('g.tenantId', '=', tenantId)
    .where('g.status', '=', 'approved')
    .where(eb =>
      eb.or([
        eb('g.representativeResidentId', '=', residentId),
        eb.exists(eb.selectFrom('reservationGroupMembers as m').select('m.groupId').whereRef('m.tenantId', '=', 'g.tenantId').whereRef('m.groupId', '=', 'g.id').where('m.residentId', '=', residentId)),
      ]),
    )
    .orderBy('g.name')
    .execute()
}

/** Serialises entries of one applicant (per lottery) so that its limit holds under concurrent requests. */
export async function lockApplicant(trx: Trx, lotteryId: string, applicantKey: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${`lottery-entry:${lotteryId}:${applicantKey}`}))`.execute(trx)
}

export interface DrawAuditRecord {
  occurredAt: Date
  details: Record<string, unknown>
}

/** The audit log's record of the draw (its seed and seats per slot), for the verification page. */
export async function findDrawAudit(trx: Trx, tenantId: string, lotteryId: string): Promise<DrawAuditRecord | undefined> {
  return trx
    .selectFrom('auditLog')
    .select(['occurredAt', 'details'])
    .where('tenantId', '=', tenantId)
    .where('action', '=', 'reservations.lottery-draw')
    .where('subjectType', '=', 'reservation_lottery')
    .where('subjectId', '=', lotteryId)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst()
}
