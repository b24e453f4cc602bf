/** SQL of the staff desk (Kysely only), inside the caller's tenant-bound transaction. */
import { sql, type Transaction } from 'kysely'
import type { Database } from '../../../platform/db/schema.js'
import type { Executor } from '../../../platform/db/tenant-context.js'
import { reservationsDb, type Facility, type FeeExemption, type LocalizedText, type Purpose, type Reservation, type ReservationGroup, type ReservationStatus, type Resource, type Slot } from '../reservation-tables.js'
import { AFTERNOON_FROM_MINUTE, BOOKED_STATUSES, EVENING_FROM_MINUTE, type TimeBand } from './desk-rules.js'
import type { BookingAggregate, SlotAggregate } from './report-figures.js'

type Trx = Transaction<Database>
const rdb = (executor: Executor) => reservationsDb(executor as Trx)

/** What the lists show of a booking (the applicant's name is personal data: reading it is audited). */
export interface DeskBookingRow {
  id: string
  reference: string
  status: ReservationStatus
  applicantName: string
  partySize: number
  seats: number
  channel: Reservation['channel']
  paymentMethod: Reservation['paymentMethod']
  feeYen: number
  paidAt: Date | null
  slotId: string
  slotStartsAt: Date
  slotEndsAt: Date
  resourceId: string
  resourceNames: LocalizedText
  facilityId: string
  facilityNames: LocalizedText
}

export interface BookingFilter {
  facilityId?: string
  resourceId?: string
  /** Tokyo instants bounding the slot's start: [from, until) */
  startsFrom?: Date
  startsBefore?: Date
  status?: ReservationStatus
  statuses?: readonly ReservationStatus[]
  reference?: string
  paymentMethod?: Reservation['paymentMethod']
  /** part of the applicant's name */
  name?: string
}

function bookingQuery(trx: Executor, tenantId: string, filter: BookingFilter) {
  let query = rdb(trx)
    .selectFrom('reservations as r')
    .innerJoin('reservationSlots as s', join => join.onRef('s.tenantId', '=', 'r.tenantId').onRef('s.id', '=', 'r.slotId'))
    .innerJoin('reservationResources as res', join => join.onRef('res.tenantId', '=', 'r.tenantId').onRef('res.id', '=', 'r.resourceId'))
    .innerJoin('reservationFacilities as f', join => join.onRef('f.tenantId', '=', 'res.tenantId').onRef('f.id', '=', 'res.facilityId'))
    .where('r.tenantId', '=', tenantId)
  if (filter.facilityId) query = query.where('res.facilityId', '=', filter.facilityId)
  if (filter.resourceId) query = query.where('r.resourceId', '=', filter.resourceId)
  if (filter.startsFrom) query = query.where('s.startsAt', '>=', filter.startsFrom)
  if (filter.startsBefore) query = query.where('s.startsAt', '<', filter.startsBefore)
  if (filter.status) query = query.where('r.status', '=', filter.status)
  if (filter.statuses) query = query.where('r.status', 'in', filter.statuses)
  if (filter.reference) query = query.where('r.reference', '=', filter.reference)
  if (filter.paymentMethod) query = query.where('r.paymentMethod', '=', filter.paymentMethod)
  if (filter.name) query = query.where('r.applicantName', 'ilike', `%${escapeLike(filter.name)}%`)
  return query
}

/** LIKE metacharacters typed by staff are matched literally. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, c => `\\${c}`)
}

/** `list*`: bookings matching the filter, by slot start then creation, one page, and how many there are. */
export async function listBookings(trx: Executor, tenantId: string, filter: BookingFilter, page: { limit: number; offset: number }): Promise<{ rows: DeskBookingRow[]; total: number }> {
  const count = await bookingQuery(trx, tenantId, filter).select(sql<number>`count(*)::int`.as('n')).executeTakeFirst()
  const rows = await bookingQuery(trx, tenantId, filter)
    .select([
      'r.id',
      'r.reference',
      'r.status',
      'r.applicantName',
      'r.partySize',
      'r.seats',
      'r.channel',
      'r.paymentMethod',
      'r.feeYen',
      'r.paidAt',
      'r.slotId',
      's.startsAt as slotStartsAt',
      's.endsAt as slotEndsAt',
      'r.resourceId',
      'res.names as resourceNames',
      'res.facilityId',
      'f.names as facilityNames',
    ])
    .orderBy('s.startsAt')
    .orderBy('r.createdAt')
    .orderBy('r.id')
    .limit(page.limit)
    .offset(page.offset)
    .execute()
  return { rows, total: count?.n ?? 0 }
}

export async function countBookings(trx: Executor, tenantId: string, filter: BookingFilter): Promise<number> {
  const row = await bookingQuery(trx, tenantId, filter).select(sql<number>`count(*)::int`.as('n')).executeTakeFirst()
  return row?.n ?? 0
}

export async function findBooking(trx: Executor, tenantId: string, id: string): Promise<Reservation | undefined> {
  return rdb(trx).selectFrom('reservations').selectAll().where('tenantId', '=', tenantId).where('id', '=', id).executeTakeFirst()
}

export async function findBookingByCheckInCode(trx: Executor, tenantId: string, code: string): Promise<Reservation | undefined> {
  return rdb(trx).selectFrom('reservations').selectAll().where('tenantId', '=', tenantId).where('checkInCode', '=', code).executeTakeFirst()
}

export async function findSlotOf(trx: Executor, tenantId: string, slotId: string): Promise<Slot | undefined> {
  return rdb(trx).selectFrom('reservationSlots').selectAll().where('tenantId', '=', tenantId).where('id', '=', slotId).executeTakeFirst()
}

/** confirmed → checked_in, guarded on the status: of two staff pressing 受付する at once, one wins. */
export async function markCheckedIn(trx: Trx, tenantId: string, id: string, staffId: string, now: Date): Promise<Reservation | undefined> {
  return rdb(trx)
    .updateTable('reservations')
    .set({ status: 'checked_in', checkedInAt: now, checkedInByStaffId: staffId, updatedAt: now })
    .where('tenantId', '=', tenantId)
    .where('id', '=', id)
    .where('status', '=', 'confirmed')
    .returningAll()
    .executeTakeFirst()
}

/** confirmed → no_show, guarded on the status. */
export async function markNoShow(trx: Trx, tenantId: string, id: string, now: Date): Promise<Reservation | undefined> {
  return rdb(trx)
    .updateTable('reservations')
    .set({ status: 'no_show', noShowAt: now, updatedAt: now })
    .where('tenantId', '=', tenantId)
    .where('id', '=', id)
    .where('status', '=', 'confirmed')
    .returningAll()
    .executeTakeFirst()
}

// ---------------------------------------------------------------------------------------------
// facilities, resources, form choices

export async function listFacilities(trx: Executor, tenantId: string): Promise<Facility[]> {
  return rdb(trx).selectFrom('reservationFacilities').selectAll().where('tenantId', '=', tenantId).orderBy('sortOrder').orderBy('code').execute()
}

export async function listResources(trx: Executor, tenantId: string): Promise<Resource[]> {
  return rdb(trx)
    .selectFrom('reservationResources as res')
    .innerJoin('reservationFacilities as f', join => join.onRef('f.tenantId', '=', 'res.tenantId').onRef('f.id', '=', 'res.facilityId'))
    .selectAll('res')
    .where('res.tenantId', '=', tenantId)
    .orderBy('f.sortOrder')
    .orderBy('f.code')
    .orderBy('res.sortOrder')
    .orderBy('res.code')
    .execute()
}

export async function listPurposes(trx: Executor, tenantId: string): Promise<Purpose[]> {
  return rdb(trx).selectFrom('reservationPurposes').selectAll().where('tenantId', '=', tenantId).orderBy('sortOrder').orderBy('code').execute()
}

export async function listExemptions(trx: Executor, tenantId: string): Promise<FeeExemption[]> {
  return rdb(trx).selectFrom('reservationFeeExemptions').selectAll().where('tenantId', '=', tenantId).orderBy('sortOrder').orderBy('code').execute()
}

export async function listApprovedGroups(trx: Executor, tenantId: string): Promise<ReservationGroup[]> {
  return rdb(trx).selectFrom('reservationGroups').selectAll().where('tenantId', '=', tenantId).where('status', '=', 'approved').orderBy('name').orderBy('id').execute()
}

/** Slots of one resource starting in [from, until), with their lottery's status (lottery slots are drawn, not booked). */
export async function listSlotsOfResource(trx: Executor, tenantId: string, resourceId: string, from: Date, until: Date): Promise<(Slot & { lotteryStatus: string | null })[]> {
  return rdb(trx)
    .selectFrom('reservationSlots as s')
    .leftJoin('reservationLotteries as l', join => join.onRef('l.tenantId', '=', 's.tenantId').onRef('l.id', '=', 's.lotteryId'))
    .selectAll('s')
    .select('l.status as lotteryStatus')
    .where('s.tenantId', '=', tenantId)
    .where('s.resourceId', '=', resourceId)
    .where('s.startsAt', '>=', from)
    .where('s.startsAt', '<', until)
    .orderBy('s.startsAt')
    .execute()
}

/** Slots of a facility's resources starting in [from, until), for the calendar. */
export async function listFacilitySlots(trx: Executor, tenantId: string, facilityId: string, from: Date, until: Date): Promise<(Slot & { lotteryStatus: string | null })[]> {
  return rdb(trx)
    .selectFrom('reservationSlots as s')
    .innerJoin('reservationResources as res', join => join.onRef('res.tenantId', '=', 's.tenantId').onRef('res.id', '=', 's.resourceId'))
    .leftJoin('reservationLotteries as l', join => join.onRef('l.tenantId', '=', 's.tenantId').onRef('l.id', '=', 's.lotteryId'))
    .selectAll('s')
    .select('l.status as lotteryStatus')
    .where('s.tenantId', '=', tenantId)
    .where('res.facilityId', '=', facilityId)
    .where('s.startsAt', '>=', from)
    .where('s.startsAt', '<', until)
    .orderBy('s.startsAt')
    .execute()
}

export interface SlotBooking {
  id: string
  slotId: string
  reference: string
  status: ReservationStatus
  seats: number
}

/** The standing bookings of some slots (references and seats only: no personal data). */
export async function listSlotBookings(trx: Executor, tenantId: string, slotIds: readonly string[]): Promise<SlotBooking[]> {
  if (slotIds.length === 0) return []
  return rdb(trx)
    .selectFrom('reservations')
    .select(['id', 'slotId', 'reference', 'status', 'seats'])
    .where('tenantId', '=', tenantId)
    .where('slotId', 'in', slotIds)
    .where('status', 'in', ['held', 'won', 'awaiting_payment', 'confirmed', 'checked_in', 'no_show'])
    .orderBy('createdAt')
    .execute()
}

export async function listClosuresBetween(trx: Executor, tenantId: string, from: string, until: string) {
  return rdb(trx).selectFrom('reservationClosures').selectAll().where('tenantId', '=', tenantId).where('startsOn', '<=', until).where('endsOn', '>=', from).execute()
}

// ---------------------------------------------------------------------------------------------
// residents (for a booking on behalf of one)

export interface ResidentChoice {
  id: string
  name: string
  email: string | null
  phone: string | null
}

/** Residents whose name (verified or given) or e-mail contains the text; names and contacts only. */
export async function searchResidents(trx: Executor, tenantId: string, text: string, limit: number): Promise<ResidentChoice[]> {
  const pattern = `%${escapeLike(text)}%`
  const rows = await trx
    .selectFrom('residents as r')
    .leftJoin('residentBasicInfo as b', join => join.onRef('b.tenantId', '=', 'r.tenantId').onRef('b.residentId', '=', 'r.id'))
    .select(['r.id', 'r.displayName', 'r.email', 'r.phone', 'b.name'])
    .where('r.tenantId', '=', tenantId)
    .where(eb => eb.or([eb('b.name', 'ilike', pattern), eb('b.nameKana', 'ilike', pattern), eb('r.displayName', 'ilike', pattern), eb('r.email', 'ilike', pattern)]))
    .orderBy(sql`coalesce(b.name, r.display_name)`)
    .orderBy('r.id')
    .limit(limit)
    .execute()
  return rows.map(r => ({ id: r.id, name: r.name ?? r.displayName, email: r.email, phone: r.phone }))
}

export async function findResidentChoice(trx: Executor, tenantId: string, residentId: string): Promise<ResidentChoice | undefined> {
  const row = await trx
    .selectFrom('residents as r')
    .leftJoin('residentBasicInfo as b', join => join.onRef('b.tenantId', '=', 'r.tenantId').onRef('b.residentId', '=', 'r.id'))
    .select(['r.id', 'r.displayName', 'r.email', 'r.phone', 'b.name'])
    .where('r.tenantId', '=', tenantId)
    .where('r.id', '=', residentId)
    .executeTakeFirst()
  return row ? { id: row.id, name: row.name ?? row.displayName, email: row.email, phone: row.phone } : undefined
}

// ---------------------------------------------------------------------------------------------
// the utilisation report

/**
 * Minutes since Tokyo midnight of a slot's start, in SQL without a time-zone database (Japan has
 * kept UTC+9 since 1951, as reservation-time.ts assumes), then the report's time band.
 */
const bandOf = sql<TimeBand>`case
  when mod(extract(epoch from s.starts_at)::bigint + 32400, 86400) / 60 < ${AFTERNOON_FROM_MINUTE} then 'morning'
  when mod(extract(epoch from s.starts_at)::bigint + 32400, 86400) / 60 < ${EVENING_FROM_MINUTE} then 'afternoon'
  else 'evening' end`

/** Seats offered on open slots starting in [from, until), per facility and time band. */
export async function aggregateSlots(trx: Executor, tenantId: string, from: Date, until: Date): Promise<SlotAggregate[]> {
  const rows = await rdb(trx)
    .selectFrom('reservationSlots as s')
    .innerJoin('reservationResources as res', join => join.onRef('res.tenantId', '=', 's.tenantId').onRef('res.id', '=', 's.resourceId'))
    .select(['res.facilityId', bandOf.as('band'), sql<number>`count(*)::int`.as('slotCount'), sql<number>`coalesce(sum(s.capacity), 0)::int`.as('capacitySeats')])
    .where('s.tenantId', '=', tenantId)
    .where('s.startsAt', '>=', from)
    .where('s.startsAt', '<', until)
    .where('s.status', '=', 'open')
    .groupBy(['res.facilityId', sql`2`])
    .execute()
  return rows.map(r => ({ facilityId: r.facilityId, band: r.band, slotCount: Number(r.slotCount), capacitySeats: Number(r.capacitySeats) }))
}

/** What became of the bookings of slots starting in [from, until), per facility and time band. */
export async function aggregateBookings(trx: Executor, tenantId: string, from: Date, until: Date): Promise<BookingAggregate[]> {
  const booked = sql.join(BOOKED_STATUSES.map(status => sql.lit(status)))
  const rows = await rdb(trx)
    .selectFrom('reservations as r')
    .innerJoin('reservationSlots as s', join => join.onRef('s.tenantId', '=', 'r.tenantId').onRef('s.id', '=', 'r.slotId'))
    .innerJoin('reservationResources as res', join => join.onRef('res.tenantId', '=', 'r.tenantId').onRef('res.id', '=', 'r.resourceId'))
    .select([
      'res.facilityId',
      bandOf.as('band'),
      sql<number>`(count(*) filter (where r.status in (${booked})))::int`.as('bookings'),
      sql<number>`coalesce(sum(r.seats) filter (where r.status in (${booked})), 0)::int`.as('bookedSeats'),
      sql<number>`coalesce(sum(r.seats) filter (where r.status = 'checked_in'), 0)::int`.as('checkedInSeats'),
      sql<number>`(count(*) filter (where r.status = 'cancelled'))::int`.as('cancellations'),
      sql<number>`(count(*) filter (where r.status = 'no_show'))::int`.as('noShows'),
    ])
    .where('r.tenantId', '=', tenantId)
    .where('s.startsAt', '>=', from)
    .where('s.startsAt', '<', until)
    .groupBy(['res.facilityId', sql`2`])
    .execute()
  return rows.map(r => ({
    facilityId: r.facilityId,
    band: r.band,
    bookings: Number(r.bookings),
    bookedSeats: Number(r.bookedSeats),
    checkedInSeats: Number(r.checkedInSeats),
    cancellations: Number(r.cancellations),
    noShows: Number(r.noShows),
  }))
}
