/** What the resident pages read: a slot with its resource and facility, a resident's bookings. */
import type { Transaction } from 'kysely'
import type { Database } from '../../../platform/db/schema.js'
import type { Executor } from '../../../platform/db/tenant-context.js'
import { reservationsDb, type Facility, type LocalizedText, type FeeRule, type Reservation, type Resource, type Slot } from '../reservation-tables.js'
import { findFacility, findResource, findSlot, listFeeRules } from './booking-repository.js'

const rdb = (executor: Executor) => reservationsDb(executor as Transaction<Database>)

export interface SlotView {
  slot: Slot
  resource: Resource
  facility: Facility
  feeRules: FeeRule[]
  lotteryStatus?: string
}

export async function findSlotView(trx: Executor, tenantId: string, slotId: string): Promise<SlotView | undefined> {
  const slot = await findSlot(trx, tenantId, slotId)
  if (!slot) return undefined
  const resource = await findResource(trx, tenantId, slot.resourceId)
  if (!resource) return undefined
  const facility = await findFacility(trx, tenantId, resource.facilityId)
  if (!facility) return undefined
  const feeRules = await listFeeRules(trx, tenantId, resource.id)
  const lottery = slot.lotteryId ? await rdb(trx).selectFrom('reservationLotteries').select('status').where('tenantId', '=', tenantId).where('id', '=', slot.lotteryId).executeTakeFirst() : undefined
  return { slot, resource, facility, feeRules, lotteryStatus: lottery?.status }
}

export interface BookingListItem {
  reservation: Reservation
  slot: Pick<Slot, 'startsAt' | 'endsAt'>
  resourceNames: Resource['names']
  facilityNames: Facility['names']
}

/** A resident's bookings, soonest first, with what the list shows. */
export async function listResidentBookings(trx: Executor, tenantId: string, residentId: string, limit = 200): Promise<BookingListItem[]> {
  const rows = await rdb(trx)
    .selectFrom('reservations as r')
    .innerJoin('reservationSlots as s', join => join.onRef('s.tenantId', '=', 'r.tenantId').onRef('s.id', '=', 'r.slotId'))
    .innerJoin('reservationResources as res', join => join.onRef('res.tenantId', '=', 'r.tenantId').onRef('res.id', '=', 'r.resourceId'))
    .innerJoin('reservationFacilities as f', join => join.onRef('f.tenantId', '=', 'res.tenantId').onRef('f.id', '=', 'res.facilityId'))
    .selectAll('r')
    .select(['s.startsAt as slotStartsAt', 's.endsAt as slotEndsAt', 'res.names as resourceNames', 'f.names as facilityNames'])
    .where('r.tenantId', '=', tenantId)
    .where('r.residentId', '=', residentId)
    .orderBy('s.startsAt', 'asc')
    .orderBy('r.createdAt', 'asc')
    .limit(limit)
    .execute()
  return rows.map(({ slotStartsAt, slotEndsAt, resourceNames, facilityNames, ...reservation }) => ({
    reservation: reservation as Reservation,
    slot: { startsAt: slotStartsAt, endsAt: slotEndsAt },
    resourceNames,
    facilityNames,
  }))
}

export interface BookingDetail {
  reservation: Reservation
  view: SlotView
  purposeNames?: LocalizedText
  exemptionNames?: LocalizedText
  groupName?: string
}

/** One of the resident's bookings (anyone else's is undefined, exactly like a missing one). */
export async function findResidentBooking(trx: Executor, tenantId: string, residentId: string, reservationId: string): Promise<BookingDetail | undefined> {
  const reservation = await rdb(trx).selectFrom('reservations').selectAll().where('tenantId', '=', tenantId).where('id', '=', reservationId).where('residentId', '=', residentId).executeTakeFirst()
  if (!reservation) return undefined
  return bookingDetailOf(trx, tenantId, reservation)
}

export async function bookingDetailOf(trx: Executor, tenantId: string, reservation: Reservation): Promise<BookingDetail | undefined> {
  const view = await findSlotView(trx, tenantId, reservation.slotId)
  if (!view) return undefined
  const purpose = reservation.purposeCode
    ? await rdb(trx).selectFrom('reservationPurposes').select('names').where('tenantId', '=', tenantId).where('code', '=', reservation.purposeCode).executeTakeFirst()
    : undefined
  const exemption = reservation.exemptionCode
    ? await rdb(trx).selectFrom('reservationFeeExemptions').select('names').where('tenantId', '=', tenantId).where('code', '=', reservation.exemptionCode).executeTakeFirst()
    : undefined
  const group = reservation.groupId ? await rdb(trx).selectFrom('reservationGroups').select('name').where('tenantId', '=', tenantId).where('id', '=', reservation.groupId).executeTakeFirst() : undefined
  return { reservation, view, purposeNames: purpose?.names, exemptionNames: exemption?.names, groupName: group?.name }
}

/** Open slots of a resource from a moment on, for rescheduling (seats enough, not lottery-drawn). */
export async function listRescheduleSlots(trx: Executor, tenantId: string, resourceId: string, from: Date, until: Date, seats: number, excludeSlotId: string): Promise<Slot[]> {
  return rdb(trx)
    .selectFrom('reservationSlots as s')
    .leftJoin('reservationLotteries as l', join => join.onRef('l.tenantId', '=', 's.tenantId').onRef('l.id', '=', 's.lotteryId'))
    .selectAll('s')
    .where('s.tenantId', '=', tenantId)
    .where('s.resourceId', '=', resourceId)
    .where('s.status', '=', 'open')
    .where('s.remaining', '>=', seats)
    .where('s.startsAt', '>', from)
    .where('s.startsAt', '<', until)
    .where('s.id', '<>', excludeSlotId)
    .where(eb => eb.or([eb('s.lotteryId', 'is', null), eb('l.status', 'in', ['second_round', 'cancelled'])]))
    .orderBy('s.startsAt')
    .limit(100)
    .execute()
}
