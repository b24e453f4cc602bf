/**
 * 休館日: is a facility (or one of its resources) closed on a Tokyo calendar date, and why. Pure.
 * The booking core calls these same rules when a booking is made, so a slot
 * that generation left open on a day that later closed still cannot be booked.
 *
 * A closure row applies when it covers the date and is tenant-wide (no facility, no resource),
 * for this facility (facility set, no resource), or for this resource (resource set; the setup
 * pages store resource closures without a facility). Rules are checked in a fixed order so the
 * reason shown is stable: closure row, 年末年始, national holiday, regular closed weekday.
 */
import { addCalendarDays, toDayOfWeek } from '../../../jp/calendar-date.js'
import { holidayName, isYearEndClosure } from '../../../jp/holidays.js'
import type { Closure, Facility, LocalizedText } from '../reservation-tables.js'

export type ClosureFacility = Pick<Facility, 'id' | 'closedWeekdays' | 'isClosedOnHolidays' | 'isClosedYearEnd'>
export type ClosureRow = Pick<Closure, 'facilityId' | 'resourceId' | 'startsOn' | 'endsOn'> & { id?: string; reasons?: Partial<LocalizedText> }

export type ClosedReason =
  /** a 臨時休館 row of the tenant, the facility or the resource */
  | { kind: 'closure'; closureId?: string; scope: 'tenant' | 'facility' | 'resource'; reasons: Partial<LocalizedText> }
  /** 年末年始, 12/29–1/3 */
  | { kind: 'year-end' }
  /** a national holiday and the facility closes on them; `name` as 元日, 振替休日 … */
  | { kind: 'holiday'; name: string }
  /** a regular closed weekday (定休日), 0 = Sunday */
  | { kind: 'weekday'; weekday: number }

/** Which closure rows apply to this facility (and resource) at all, whatever the date. */
export function closureScope(closure: Pick<ClosureRow, 'facilityId' | 'resourceId'>, facilityId: string, resourceId?: string): 'tenant' | 'facility' | 'resource' | undefined {
  if (closure.resourceId !== null) return resourceId !== undefined && closure.resourceId === resourceId ? 'resource' : undefined
  if (closure.facilityId === null) return 'tenant'
  return closure.facilityId === facilityId ? 'facility' : undefined
}

/** Why the facility (or its resource) is closed on `date` ('YYYY-MM-DD', Tokyo), or undefined when open. */
export function closedReason(facility: ClosureFacility, closures: readonly ClosureRow[], date: string, resourceId?: string): ClosedReason | undefined {
  for (const closure of closures) {
    if (closure.startsOn > date || closure.endsOn < date) continue
    const scope = closureScope(closure, facility.id, resourceId)
    if (scope) return { kind: 'closure', closureId: closure.id, scope, reasons: closure.reasons ?? {} }
  }
  if (facility.isClosedYearEnd && isYearEndClosure(date)) return { kind: 'year-end' }
  if (facility.isClosedOnHolidays) {
    const name = holidayName(date)
    if (name) return { kind: 'holiday', name }
  }
  const weekday = toDayOfWeek(date)
  if (facility.closedWeekdays.includes(weekday)) return { kind: 'weekday', weekday }
  return undefined
}

/** True when the facility (or its resource) takes no bookings on `date`. */
export function isClosedOn(facility: ClosureFacility, closures: readonly ClosureRow[], date: string, resourceId?: string): boolean {
  return closedReason(facility, closures, date, resourceId) !== undefined
}

/** The Tokyo dates from `from` to `until` (both included) on which the facility is closed. */
export function closedDatesBetween(facility: ClosureFacility, closures: readonly ClosureRow[], from: string, until: string, resourceId?: string): string[] {
  const dates: string[] = []
  for (let date = from; date <= until; date = addCalendarDays(date, 1)) if (isClosedOn(facility, closures, date, resourceId)) dates.push(date)
  return dates
}
