/**
 * The desk's week calendar of one facility: for each resource and day, its slots with the
 * standing bookings (references only, no names), or why the day is closed. Appointment services
 * with many slots a day are summed up per day instead of listed slot by slot.
 */
import { withTenant } from '../../../platform/db/tenant-context.js'
import { addCalendarDays } from '../../../jp/calendar-date.js'
import { closedReason, type ClosedReason } from '../setup/index.js'
import type { ReservationDeps } from '../reservation-deps.js'
import { requirePermission, type StaffRequest } from '../reservation-request.js'
import type { Facility, Resource, Slot } from '../reservation-tables.js'
import { tokyoDate, tokyoInstant } from '../reservation-time.js'
import * as repository from './desk-repository.js'
import type { SlotBooking } from './desk-repository.js'
import { weekDates } from './desk-rules.js'

/** More slots than this on one day are shown as a day's sum (a vaccination day has dozens). */
export const MAX_LISTED_SLOTS = 6

export interface CalendarSlot {
  slot: Slot & { lotteryStatus: string | null }
  bookings: SlotBooking[]
  bookedSeats: number
}

export interface CalendarDay {
  date: string
  closed?: ClosedReason
  slots: CalendarSlot[]
}

export interface CalendarRow {
  resource: Resource
  days: CalendarDay[]
}

export interface FacilityCalendar {
  facilities: Facility[]
  facility?: Facility
  monday: string
  dates: string[]
  rows: CalendarRow[]
}

export async function loadCalendar(deps: ReservationDeps, request: StaffRequest, facilityId: string | undefined, monday: string): Promise<FacilityCalendar> {
  requirePermission(request, 'reservations.operate')
  const tenantId = request.tenant.id
  const dates = weekDates(monday)
  return withTenant(deps.platform.database.db, tenantId, async trx => {
    const facilities = await repository.listFacilities(trx, tenantId)
    const facility = facilities.find(f => f.id === facilityId) ?? facilities[0]
    if (!facility) return { facilities, monday, dates, rows: [] }
    const resources = (await repository.listResources(trx, tenantId)).filter(r => r.facilityId === facility.id)
    const slots = await repository.listFacilitySlots(trx, tenantId, facility.id, tokyoInstant(monday, '00:00'), tokyoInstant(addCalendarDays(monday, 7), '00:00'))
    const bookings = await repository.listSlotBookings(
      trx,
      tenantId,
      slots.map(s => s.id),
    )
    const closures = await repository.listClosuresBetween(trx, tenantId, monday, addCalendarDays(monday, 6))
    const rows = resources.map(resource => ({
      resource,
      days: dates.map(date => {
        const daySlots = slots.filter(s => s.resourceId === resource.id && tokyoDate(s.startsAt) === date)
        return {
          date,
          closed: closedReason(facility, closures, date, resource.id),
          slots: daySlots.map(slot => {
            const slotBookings = bookings.filter(b => b.slotId === slot.id)
            return { slot, bookings: slotBookings, bookedSeats: slotBookings.filter(b => b.status !== 'no_show').reduce((sum, b) => sum + b.seats, 0) }
          }),
        }
      }),
    }))
    return { facilities, facility, monday, dates, rows }
  })
}
