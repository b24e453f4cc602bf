/** Ending bookings: cancellation (with its fee), expiry of what is due, and the reminder of what is still on. */
import type { Transaction } from 'kysely'
import type { Database } from '../../../platform/db/schema.js'
import { recordAudit } from '../../../platform/audit/audit-log.js'
import type { TenantContext } from '../../../platform/tenancy/tenant-service.js'
import type { ReservationDeps } from '../reservation-deps.js'
import type { Reservation } from '../reservation-tables.js'
import { UUID_PATTERN } from '../reservation-request.js'
import { releaseSeats } from '../seats/slot-seats.js'
import { bookingNotFound, bookingStateChanged, cancelDeadlinePassed } from './booking-errors.js'
import { cancellationFee, isBeforeCancelDeadline, isLive, refundDueYen } from './booking-rules.js'
import * as repository from './booking-repository.js'
import { bookingCancelledNotice, bookingExpiredNotice, bookingReminderNotice, notifyBooking } from './booking-notices.js'
import type { CancelOptions } from './booking-types.js'
import { recordRefundDue } from './booking-follow-up.js'

type Trx = Transaction<Database>

/** What cancelling would cost now (for the confirmation page), or why it is not possible. */
export async function previewCancellation(trx: Trx, tenant: TenantContext, reservation: Reservation, now: Date = new Date()): Promise<{ isAllowed: boolean; feeYen: number; deadlineHours: number; refundYen: number }> {
  const slot = await repository.findSlot(trx, tenant.id, reservation.slotId)
  const resource = await repository.findResource(trx, tenant.id, reservation.resourceId)
  if (!slot || !resource || !isLive(reservation.status) || reservation.status === 'checked_in') return { isAllowed: false, feeYen: 0, deadlineHours: resource?.cancelDeadlineHours ?? 0, refundYen: 0 }
  const isAllowed = isBeforeCancelDeadline({ status: reservation.status, slotStartsAt: slot.startsAt, now, cancelDeadlineHours: resource.cancelDeadlineHours })
  const feeYen = cancellationFee({ status: reservation.status, feeYen: reservation.feeYen, slotStartsAt: slot.startsAt, now, cancellationFeeHours: resource.cancellationFeeHours, cancellationFeePercent: resource.cancellationFeePercent })
  return { isAllowed, feeYen, deadlineHours: resource.cancelDeadlineHours, refundYen: reservation.paidAt ? Math.max(0, reservation.feeYen - feeYen) : 0 }
}

/** Cancels a live booking, charges the cancellation fee where set, frees its seats (waitlist first). */
export async function cancelBooking(trx: Transaction<Database>, deps: ReservationDeps, tenant: TenantContext, reservationId: string, options: CancelOptions, now: Date = new Date()): Promise<Reservation> {
  if (!UUID_PATTERN.test(reservationId)) throw bookingNotFound()
  const reservation = await repository.findReservationForUpdate(trx, tenant.id, reservationId)
  if (!reservation) throw bookingNotFound()
  if (reservation.status === 'cancelled') return reservation // a repeated submit
  if (!isLive(reservation.status) || (reservation.status === 'checked_in' && options.by !== 'staff')) throw bookingStateChanged()
  const slot = await repository.findSlot(trx, tenant.id, reservation.slotId)
  const resource = await repository.findResource(trx, tenant.id, reservation.resourceId)
  if (!slot || !resource) throw bookingNotFound()
  if (options.isDeadlineEnforced && !isBeforeCancelDeadline({ status: reservation.status, slotStartsAt: slot.startsAt, now, cancelDeadlineHours: resource.cancelDeadlineHours })) {
    throw cancelDeadlinePassed(resource.cancelDeadlineHours)
  }
  const feeYen =
    options.by === 'system' || options.isFeeWaived
      ? 0
      : cancellationFee({ status: reservation.status, feeYen: reservation.feeYen, slotStartsAt: slot.startsAt, now, cancellationFeeHours: resource.cancellationFeeHours, cancellationFeePercent: resource.cancellationFeePercent })
  const cancelled = await repository.updateReservation(trx, tenant.id, reservation.id, {
    status: 'cancelled',
    cancelledAt: now,
    cancelledBy: options.by,
    cancelReason: options.reason?.trim().slice(0, 500) || null,
    cancellationFeeYen: feeYen,
  })
  await releaseSeats(trx, { tenantId: tenant.id, slotId: slot.id, seats: reservation.seats, reason: 'cancelled', now })
  if (options.actor.type === 'staff') {
    await recordAudit(trx, tenant.id, {
      actor: options.actor,
      action: 'reservations.cancel-booking',
      subjectType: 'reservation',
      subjectId: reservation.id,
      details: { reference: reservation.reference, from: reservation.status, cancellationFeeYen: feeYen, reason: cancelled.cancelReason },
      requestId: options.requestId,
    })
  }
  await notifyBooking(trx, deps, tenant, cancelled, bookingCancelledNotice, 'cancelled')
  await recordRefundDue(trx, deps, tenant, cancelled, refundDueYen(cancelled), options.requestId)
  return cancelled
}


/** Expires every hold, unconfirmed win and unpaid booking of the tenant past its deadline; returns how many. */
export async function expireDueBookings(trx: Transaction<Database>, deps: ReservationDeps, tenant: TenantContext, now: Date = new Date()): Promise<number> {
  let count = 0
  for (;;) {
    const due = await repository.listDueForExpiry(trx, tenant.id, now, 200)
    for (const reservation of due) {
      const expired = await repository.updateReservation(trx, tenant.id, reservation.id, { status: 'expired', expiredAt: now })
      await releaseSeats(trx, { tenantId: tenant.id, slotId: reservation.slotId, seats: reservation.seats, reason: reservation.status === 'won' ? 'released' : 'expired', now })
      // A provisional hold the resident walked away from needs no message; a win or an unpaid booking does.
      if (reservation.status !== 'held') await notifyBooking(trx, deps, tenant, expired, bookingExpiredNotice, 'expired')
    }
    count += due.length
    if (due.length < 200) return count
  }
}

/** Sends the reminder of a booking still confirmed and still to come (the send-reminder job). */
export async function sendBookingReminder(trx: Trx, deps: ReservationDeps, tenant: TenantContext, reservationId: string, now: Date = new Date()): Promise<boolean> {
  const reservation = await repository.findReservation(trx, tenant.id, reservationId)
  if (!reservation || reservation.status !== 'confirmed') return false
  const slot = await repository.findSlot(trx, tenant.id, reservation.slotId)
  if (!slot || slot.startsAt.getTime() <= now.getTime()) return false
  await notifyBooking(trx, deps, tenant, reservation, bookingReminderNotice, 'reminder')
  return true
}
