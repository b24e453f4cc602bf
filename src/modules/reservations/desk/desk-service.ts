/**
 * The desk's reads and actions on bookings: the overview, the list, one booking, and what staff
 * do to it (cancel on the resident's behalf, confirm a counter payment, check in, record a
 * no-show). Each function opens short tenant transactions; every read of a booking's personal
 * data and every action is audited (`reservations.read-booking`, `reservations.check-in`, …).
 */
import type { Transaction } from 'kysely'
import { recordAudit } from '../../../platform/audit/audit-log.js'
import type { Database } from '../../../platform/db/schema.js'
import { withTenant } from '../../../platform/db/tenant-context.js'
import { forbidden } from '../../../platform/errors.js'
import type { Payment } from '../../payments/index.js'
import { addCalendarDays } from '../../../jp/calendar-date.js'
import { bookingDetailOf, bookingNotFound, cancelBooking, previewCancellation, refundDueYen, type BookingDetail } from '../booking/index.js'
import type { ReservationDeps } from '../reservation-deps.js'
import { requirePermission, staffActor, type StaffRequest } from '../reservation-request.js'
import type { Reservation } from '../reservation-tables.js'
import { tokyoDate, tokyoInstant } from '../reservation-time.js'
import { returnSeats } from '../seats/slot-seats.js'
import { checkInRefused, noShowNotConfirmed, noShowTooEarly, notAwaitingCounterPayment, otherDayNotConfirmed } from './desk-errors.js'
import * as repository from './desk-repository.js'
import type { BookingFilter, DeskBookingRow } from './desk-repository.js'
import { canMarkNoShow, checkInRefusal, isSlotToday } from './desk-rules.js'

type Trx = Transaction<Database>

export const DESK_PAGE_SIZE = 50

/** One audit row for a page that shows applicants' names (a list, a booking, the check-in card). */
export async function auditBookingRead(trx: Trx, request: StaffRequest, view: 'overview' | 'list' | 'detail' | 'check-in', reservations: readonly Pick<Reservation, 'id' | 'reference'>[]): Promise<void> {
  if (reservations.length === 0) return
  const single = reservations.length === 1 ? reservations[0] : undefined
  await recordAudit(trx, request.tenant.id, {
    actor: staffActor(request),
    action: 'reservations.read-booking',
    subjectType: 'reservation',
    subjectId: single?.id,
    details: single ? { view, reference: single.reference } : { view, count: reservations.length, reservationIds: reservations.map(r => r.id) },
    requestId: request.requestId,
  })
}

export interface DeskOverview {
  today: string
  bookings: DeskBookingRow[]
  counts: { today: number; checkedIn: number; awaitingCounterPayment: number; nextSevenDays: number }
}

/** Today's bookings (Tokyo) and the figures the desk starts the day with. */
export async function loadOverview(deps: ReservationDeps, request: StaffRequest, now: Date = new Date()): Promise<DeskOverview> {
  requirePermission(request, 'reservations.operate')
  const tenantId = request.tenant.id
  const today = tokyoDate(now)
  const startOfToday = tokyoInstant(today, '00:00')
  const startOfTomorrow = tokyoInstant(addCalendarDays(today, 1), '00:00')
  return withTenant(deps.platform.database.db, tenantId, async trx => {
    const standing = ['awaiting_payment', 'confirmed', 'checked_in', 'no_show'] as const
    const { rows, total } = await repository.listBookings(trx, tenantId, { startsFrom: startOfToday, startsBefore: startOfTomorrow, statuses: standing }, { limit: 200, offset: 0 })
    const checkedIn = await repository.countBookings(trx, tenantId, { startsFrom: startOfToday, startsBefore: startOfTomorrow, status: 'checked_in' })
    const awaitingCounterPayment = await repository.countBookings(trx, tenantId, { startsFrom: now, status: 'awaiting_payment', paymentMethod: 'counter' })
    const nextSevenDays = await repository.countBookings(trx, tenantId, { startsFrom: startOfTomorrow, startsBefore: tokyoInstant(addCalendarDays(today, 8), '00:00'), statuses: standing })
    await auditBookingRead(trx, request, 'overview', rows)
    return { today, bookings: rows, counts: { today: total, checkedIn, awaitingCounterPayment, nextSevenDays } }
  })
}

/** `list*`: 50 a page; the names shown are audited as one read. */
export async function listDeskBookings(deps: ReservationDeps, request: StaffRequest, filter: BookingFilter, page: number): Promise<{ rows: DeskBookingRow[]; total: number; page: number; pageCount: number }> {
  requirePermission(request, 'reservations.operate')
  const tenantId = request.tenant.id
  return withTenant(deps.platform.database.db, tenantId, async trx => {
    const { rows, total } = await repository.listBookings(trx, tenantId, filter, { limit: DESK_PAGE_SIZE, offset: (page - 1) * DESK_PAGE_SIZE })
    await auditBookingRead(trx, request, 'list', rows)
    return { rows, total, page, pageCount: Math.max(1, Math.ceil(total / DESK_PAGE_SIZE)) }
  })
}

export interface DeskBookingDetail extends BookingDetail {
  payment?: Payment
  cancellationFeeYen: number
  refundDueYen: number
  createdByStaffName?: string
  checkedInByStaffName?: string
  isToday: boolean
  canMarkNoShow: boolean
}

async function staffName(trx: Trx, tenantId: string, staffId: string | null): Promise<string | undefined> {
  if (!staffId) return undefined
  const row = await trx.selectFrom('staffUsers').select('displayName').where('tenantId', '=', tenantId).where('id', '=', staffId).executeTakeFirst()
  return row?.displayName
}

async function detailOf(deps: ReservationDeps, trx: Trx, request: StaffRequest, reservation: Reservation, now: Date): Promise<DeskBookingDetail> {
  const tenantId = request.tenant.id
  const detail = await bookingDetailOf(trx, tenantId, reservation)
  if (!detail) throw bookingNotFound()
  const payment = reservation.paymentId ? await deps.payments.findPayment(trx, tenantId, reservation.paymentId) : undefined
  const preview = await previewCancellation(trx, request.tenant, reservation, now)
  return {
    ...detail,
    payment,
    cancellationFeeYen: preview.feeYen,
    refundDueYen: payment?.status === 'refunded' ? 0 : refundDueYen(reservation),
    createdByStaffName: await staffName(trx, tenantId, reservation.createdByStaffId),
    checkedInByStaffName: await staffName(trx, tenantId, reservation.checkedInByStaffId),
    isToday: isSlotToday(detail.view.slot.startsAt, now),
    canMarkNoShow: canMarkNoShow(reservation.status, detail.view.slot.startsAt, now),
  }
}

/** `get*`: one booking with everything the desk shows; the read is audited. */
export async function getDeskBooking(deps: ReservationDeps, request: StaffRequest, reservationId: string, now: Date = new Date()): Promise<DeskBookingDetail> {
  requirePermission(request, 'reservations.operate')
  return withTenant(deps.platform.database.db, request.tenant.id, async trx => {
    const reservation = await repository.findBooking(trx, request.tenant.id, reservationId)
    if (!reservation) throw bookingNotFound()
    const detail = await detailOf(deps, trx, request, reservation, now)
    await auditBookingRead(trx, request, 'detail', [reservation])
    return detail
  })
}

/** Reads a booking for the check-in card (audited as a read of the check-in view). */
export async function getCheckInCard(deps: ReservationDeps, trx: Trx, request: StaffRequest, reservation: Reservation, now: Date): Promise<DeskBookingDetail> {
  const detail = await detailOf(deps, trx, request, reservation, now)
  await auditBookingRead(trx, request, 'check-in', [reservation])
  return detail
}

/** Cancels on the resident's behalf (phone, counter): no online deadline; the fee unless the facility waives it. */
export async function cancelOnBehalf(deps: ReservationDeps, request: StaffRequest, reservationId: string, input: { reason: string; isFeeWaived: boolean }, now: Date = new Date()): Promise<Reservation> {
  requirePermission(request, 'reservations.operate')
  // cancelBooking audits a staff cancellation itself (reservations.cancel-booking, with the reason and fee).
  return withTenant(deps.platform.database.db, request.tenant.id, trx =>
    cancelBooking(trx, deps, request.tenant, reservationId, { by: 'staff', reason: input.reason, isDeadlineEnforced: false, isFeeWaived: input.isFeeWaived, actor: staffActor(request), requestId: request.requestId }, now),
  )
}

/**
 * Records cash received at the counter: the payments module captures the booking's counter
 * payment (it requires payments.refund, which moves money) and its settlement handler — the
 * booking area's — confirms the booking in the same transaction.
 */
export async function confirmCounterPayment(deps: ReservationDeps, request: StaffRequest, reservationId: string): Promise<Reservation> {
  requirePermission(request, 'reservations.operate')
  if (!request.actor.permissions.has('payments.refund')) throw forbidden('AUTH.PERMISSION_DENIED')
  const { db } = deps.platform.database
  const tenantId = request.tenant.id
  const reservation = await withTenant(db, tenantId, trx => repository.findBooking(trx, tenantId, reservationId))
  if (!reservation) throw bookingNotFound()
  // A double-clicked button: the first click confirmed it.
  if (reservation.status === 'confirmed' && reservation.paidAt && reservation.paymentMethod === 'counter') return reservation
  if (reservation.status !== 'awaiting_payment' || reservation.paymentMethod !== 'counter' || !reservation.paymentId) throw notAwaitingCounterPayment()
  await deps.payments.markPaidAtCounter({ tenant: request.tenant, actor: request.actor, requestId: request.requestId }, reservation.paymentId)
  return withTenant(db, tenantId, async trx => {
    const after = await repository.findBooking(trx, tenantId, reservationId)
    if (!after) throw bookingNotFound()
    await recordAudit(trx, tenantId, {
      actor: staffActor(request),
      action: 'reservations.confirm-counter-payment',
      subjectType: 'reservation',
      subjectId: reservationId,
      details: { reference: after.reference, paymentId: reservation.paymentId, amountYen: after.feeYen, status: after.status },
      requestId: request.requestId,
    })
    return after
  })
}

/** confirmed → checked_in in the caller's transaction; refusals are 4xx AppErrors. */
export async function checkInReservation(trx: Trx, request: StaffRequest, reservation: Reservation, options: { isOtherDayConfirmed: boolean }, now: Date): Promise<Reservation> {
  const tenantId = request.tenant.id
  const refusal = checkInRefusal(reservation.status)
  if (refusal) throw checkInRefused(refusal)
  const slot = await repository.findSlotOf(trx, tenantId, reservation.slotId)
  if (!slot) throw bookingNotFound()
  const isOtherDay = !isSlotToday(slot.startsAt, now)
  if (isOtherDay && !options.isOtherDayConfirmed) throw otherDayNotConfirmed()
  const checkedIn = await repository.markCheckedIn(trx, tenantId, reservation.id, request.actor.id, now)
  if (!checkedIn) {
    // Someone else moved it meanwhile (another desk checked it in, the resident cancelled).
    const current = await repository.findBooking(trx, tenantId, reservation.id)
    throw checkInRefused((current && checkInRefusal(current.status)) || 'already-checked-in')
  }
  await recordAudit(trx, tenantId, {
    actor: staffActor(request),
    action: 'reservations.check-in',
    subjectType: 'reservation',
    subjectId: reservation.id,
    details: { reference: reservation.reference, slotId: slot.id, isOtherDay },
    requestId: request.requestId,
  })
  return checkedIn
}

/** The detail page's 受付する. */
export async function checkInById(deps: ReservationDeps, request: StaffRequest, reservationId: string, options: { isOtherDayConfirmed: boolean }, now: Date = new Date()): Promise<Reservation> {
  requirePermission(request, 'reservations.operate')
  return withTenant(deps.platform.database.db, request.tenant.id, async trx => {
    const reservation = await repository.findBooking(trx, request.tenant.id, reservationId)
    if (!reservation) throw bookingNotFound()
    return checkInReservation(trx, request, reservation, options, now)
  })
}

/**
 * confirmed → no_show once the slot has begun. The seats go straight back to the slot's counter
 * (not to the waitlist: the slot has started, nobody could use an offer), which keeps the seat
 * invariant — no_show is not a live status.
 */
export async function markBookingNoShow(deps: ReservationDeps, request: StaffRequest, reservationId: string, now: Date = new Date()): Promise<Reservation> {
  requirePermission(request, 'reservations.operate')
  const tenantId = request.tenant.id
  return withTenant(deps.platform.database.db, tenantId, async trx => {
    const reservation = await repository.findBooking(trx, tenantId, reservationId)
    if (!reservation) throw bookingNotFound()
    if (reservation.status === 'no_show') return reservation // a repeated submit
    if (reservation.status !== 'confirmed') throw noShowNotConfirmed()
    const slot = await repository.findSlotOf(trx, tenantId, reservation.slotId)
    if (!slot) throw bookingNotFound()
    if (!canMarkNoShow(reservation.status, slot.startsAt, now)) throw noShowTooEarly()
    const marked = await repository.markNoShow(trx, tenantId, reservation.id, now)
    if (!marked) throw noShowNotConfirmed()
    await returnSeats(trx, tenantId, slot.id, reservation.seats)
    await recordAudit(trx, tenantId, {
      actor: staffActor(request),
      action: 'reservations.mark-no-show',
      subjectType: 'reservation',
      subjectId: reservation.id,
      details: { reference: reservation.reference, slotId: slot.id },
      requestId: request.requestId,
    })
    return marked
  })
}
