/**
 * Check-in at the facility (受付): the code typed by staff or read from the permit's QR code
 * finds the booking; 受付する moves it from confirmed to checked_in. A code that cannot be one is
 * 422, an unknown code 404, a booking already used, cancelled, unpaid … 409 — each with a page
 * saying so.
 */
import { withTenant } from '../../../platform/db/tenant-context.js'
import { bookingDetailOf, type BookingDetail } from '../booking/index.js'
import type { ReservationDeps } from '../reservation-deps.js'
import { requirePermission, type StaffRequest } from '../reservation-request.js'
import type { Reservation } from '../reservation-tables.js'
import { checkInCodeMalformed, checkInCodeUnknown } from './desk-errors.js'
import * as repository from './desk-repository.js'
import { checkInRefusal, parseCheckInCode, type CheckInRefusal } from './desk-rules.js'
import { checkInReservation, getCheckInCard, type DeskBookingDetail } from './desk-service.js'

export type CheckInLookup =
  | { kind: 'malformed' }
  | { kind: 'unknown'; code: string }
  | { kind: 'found'; code: string; detail: DeskBookingDetail; refusal?: CheckInRefusal }

/** What the check-in page shows for a typed code; reading the booking is audited. */
export async function lookUpCheckIn(deps: ReservationDeps, request: StaffRequest, typed: string, now: Date = new Date()): Promise<CheckInLookup> {
  requirePermission(request, 'reservations.operate')
  const code = parseCheckInCode(typed)
  if (!code) return { kind: 'malformed' }
  return withTenant(deps.platform.database.db, request.tenant.id, async trx => {
    const reservation = await repository.findBookingByCheckInCode(trx, request.tenant.id, code)
    if (!reservation) return { kind: 'unknown', code }
    const detail = await getCheckInCard(deps, trx, request, reservation, now)
    return { kind: 'found', code, detail, refusal: checkInRefusal(reservation.status) }
  })
}

/** 受付する for a typed code. Throws the refusal (422 / 404 / 409); nothing is written then. */
export async function checkInByCode(deps: ReservationDeps, request: StaffRequest, typed: string, options: { isOtherDayConfirmed: boolean }, now: Date = new Date()): Promise<Reservation> {
  requirePermission(request, 'reservations.operate')
  const code = parseCheckInCode(typed)
  if (!code) throw checkInCodeMalformed()
  return withTenant(deps.platform.database.db, request.tenant.id, async trx => {
    const reservation = await repository.findBookingByCheckInCode(trx, request.tenant.id, code)
    if (!reservation) throw checkInCodeUnknown()
    return checkInReservation(trx, request, reservation, options, now)
  })
}

/** The booking just checked in, for the confirmation on the next page (no personal data). */
export async function findCheckedIn(deps: ReservationDeps, request: StaffRequest, reservationId: string): Promise<BookingDetail | undefined> {
  requirePermission(request, 'reservations.operate')
  return withTenant(deps.platform.database.db, request.tenant.id, async trx => {
    const reservation = await repository.findBooking(trx, request.tenant.id, reservationId)
    return reservation?.status === 'checked_in' ? bookingDetailOf(trx, request.tenant.id, reservation) : undefined
  })
}
