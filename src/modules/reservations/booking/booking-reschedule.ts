/** Moving a booking to another slot of the same resource, and following such moves. */
import type { Transaction } from 'kysely'
import type { Database } from '../../../platform/db/schema.js'
import { randomUUID } from 'node:crypto'
import { recordAudit } from '../../../platform/audit/audit-log.js'
import type { TenantContext } from '../../../platform/tenancy/tenant-service.js'
import type { ReservationDeps } from '../reservation-deps.js'
import type { Reservation } from '../reservation-tables.js'
import { UUID_PATTERN } from '../reservation-request.js'
import { newCheckInCode, newReservationReference } from '../reservation-reference.js'
import { releaseSeats, returnSeats, takeSeats } from '../seats/slot-seats.js'
import { alreadyBooked, bookingNotFound, cancelDeadlinePassed, idempotencyKeyReused, rescheduleFeeDiffers, rescheduleNotAllowed, slotTaken } from './booking-errors.js'
import { isBeforeCancelDeadline } from './booking-rules.js'
import * as repository from './booking-repository.js'
import type { RescheduleOptions } from './booking-types.js'
import { afterStatusChange } from './booking-follow-up.js'
import { planBooking } from './booking-plan.js'

type Trx = Transaction<Database>

/**
 * Moves a confirmed or awaiting-payment booking to another open slot of the same resource: the
 * new seat is taken and the old booking cancelled (no fee) in one transaction; payment, status
 * and references to the payment carry over. A slot with another fee cannot be swapped (the
 * resident cancels and books again).
 */
export async function rescheduleBooking(trx: Trx, deps: ReservationDeps, tenant: TenantContext, reservationId: string, options: RescheduleOptions, now: Date = new Date()): Promise<Reservation> {
  if (!UUID_PATTERN.test(reservationId) || !UUID_PATTERN.test(options.newSlotId)) throw bookingNotFound()
  const replay = await repository.findReservationByIdempotencyKey(trx, tenant.id, options.idempotencyKey)
  if (replay) {
    if (replay.rescheduledFromId !== reservationId || replay.slotId !== options.newSlotId) throw idempotencyKeyReused()
    return replay
  }
  const old = await repository.findReservationForUpdate(trx, tenant.id, reservationId)
  if (!old) throw bookingNotFound()
  if (old.status !== 'confirmed' && old.status !== 'awaiting_payment') throw rescheduleNotAllowed()
  const oldSlot = await repository.findSlot(trx, tenant.id, old.slotId)
  const resource = await repository.findResource(trx, tenant.id, old.resourceId)
  if (!oldSlot || !resource) throw bookingNotFound()
  if (options.isDeadlineEnforced && !isBeforeCancelDeadline({ status: old.status, slotStartsAt: oldSlot.startsAt, now, cancelDeadlineHours: resource.cancelDeadlineHours })) {
    throw cancelDeadlinePassed(resource.cancelDeadlineHours)
  }
  const newSlot = await repository.findSlot(trx, tenant.id, options.newSlotId)
  if (!newSlot || newSlot.resourceId !== old.resourceId || newSlot.id === old.slotId) throw bookingNotFound()

  const plan = await planBooking(
    trx,
    tenant,
    {
      slotId: newSlot.id,
      partySize: old.partySize,
      purposeCode: old.purposeCode ?? undefined,
      exemptionCode: old.exemptionCode ?? undefined,
      groupId: old.groupId ?? undefined,
      applicant: { residentId: old.residentId ?? undefined, name: old.applicantName },
      channel: old.channel,
      start: { kind: 'hold' },
      idempotencyKey: options.idempotencyKey,
      createdByStaffId: options.actor.type === 'staff' ? (options.actor.id ?? undefined) : undefined,
      isResidentRateConfirmedByStaff: old.isResidentRate,
      actor: options.actor,
    },
    now,
    { excludeReservationId: old.id },
  )
  if (plan.fee.totalYen !== old.feeYen) throw rescheduleFeeDiffers()
  const taken = await takeSeats(trx, tenant.id, newSlot.id, plan.seats)
  if (!taken) throw slotTaken()

  const moved = await repository.insertReservation(trx, {
    tenantId: tenant.id,
    id: randomUUID(),
    reference: newReservationReference(),
    slotId: newSlot.id,
    resourceId: old.resourceId,
    residentId: old.residentId,
    groupId: old.groupId,
    applicantName: old.applicantName,
    applicantPhone: old.applicantPhone,
    applicantEmail: old.applicantEmail,
    partySize: old.partySize,
    seats: plan.seats,
    purposeCode: old.purposeCode,
    exemptionCode: old.exemptionCode,
    isResidentRate: old.isResidentRate,
    feeYen: old.feeYen,
    feeBreakdown: JSON.stringify(plan.fee),
    status: old.status,
    paymentMethod: old.paymentMethod,
    paymentId: old.paymentId,
    paidAt: old.paidAt,
    paymentDueAt: old.paymentDueAt ? new Date(Math.min(old.paymentDueAt.getTime(), newSlot.startsAt.getTime() - 60 * 60 * 1000)) : null,
    confirmedAt: old.confirmedAt,
    channel: old.channel,
    createdByStaffId: old.createdByStaffId,
    apiKeyId: old.apiKeyId,
    checkInCode: newCheckInCode(),
    rescheduledFromId: old.id,
    idempotencyKey: options.idempotencyKey,
  })
  if (!moved) {
    await returnSeats(trx, tenant.id, newSlot.id, plan.seats)
    throw alreadyBooked()
  }
  await repository.updateReservation(trx, tenant.id, old.id, { status: 'cancelled', cancelledAt: now, cancelledBy: options.actor.type === 'staff' ? 'staff' : 'resident', cancelReason: 'rescheduled', cancellationFeeYen: 0 })
  await releaseSeats(trx, { tenantId: tenant.id, slotId: old.slotId, seats: old.seats, reason: 'cancelled', now })
  if (options.actor.type === 'staff') {
    await recordAudit(trx, tenant.id, {
      actor: options.actor,
      action: 'reservations.reschedule-booking',
      subjectType: 'reservation',
      subjectId: moved.id,
      details: { from: old.reference, to: moved.reference, fromSlotId: old.slotId, toSlotId: newSlot.id },
      requestId: options.requestId,
    })
  }
  await afterStatusChange(trx, deps, tenant, moved, { slot: newSlot, resource, now, event: moved.status === 'confirmed' ? 'rescheduled' : `rescheduled:${moved.paymentMethod}` })
  return moved
}

/** Follows reschedules from a booking to the one that replaced it (a payment points at the first). */
export async function currentBookingOf(trx: Trx, tenantId: string, reservation: Reservation): Promise<Reservation> {
  let current = reservation
  for (let hops = 0; hops < 20 && current.status === 'cancelled' && current.cancelReason === 'rescheduled'; hops++) {
    const next = await repository.findSuccessor(trx, tenantId, current.id)
    if (!next) break
    current = next
  }
  return current
}
