/**
 * The booking core every path shares (resident web, staff desk, API, lottery, waitlist): create a
 * booking in the caller's transaction, settle how it is paid, cancel it, reschedule it, expire
 * what is due. The rules are pure (booking-rules.ts); seats move only through seats/slot-seats.ts.
 * The work is split by step (booking-plan, -follow-up, -cancel, -reschedule); this file keeps the
 * entry points and re-exports the rest under the names the other areas use.
 */
import { randomUUID } from 'node:crypto'
import type { Transaction } from 'kysely'
import type { Database } from '../../../platform/db/schema.js'
import { recordAudit } from '../../../platform/audit/audit-log.js'
import type { TenantContext } from '../../../platform/tenancy/tenant-service.js'
import type { ReservationDeps } from '../reservation-deps.js'
import type { Reservation } from '../reservation-tables.js'
import { UUID_PATTERN } from '../reservation-request.js'
import { newCheckInCode, newReservationReference } from '../reservation-reference.js'
import { returnSeats, takeSeats } from '../seats/slot-seats.js'
import { alreadyBooked, bookingNotFound, bookingStateChanged, counterPaymentNotAllowed, holdExpired, invalidBookingInput, paymentRequired, slotTaken } from './booking-errors.js'
import { holdDeadline, paymentDeadline } from './booking-rules.js'
import * as repository from './booking-repository.js'
import { expireBookingsJob } from './booking-jobs.js'
import type { NewBookingInput, CreatedBooking, PaymentChoice } from './booking-types.js'
import { RESERVATION_PAYMENT_PURPOSE } from './booking-types.js'
import { afterStatusChange, openCounterPayment, paymentDescription } from './booking-follow-up.js'
import { planBooking, replayOf } from './booking-plan.js'

/**
 * Creates a booking in the caller's tenant-bound transaction: checks the rules (slot open and
 * bookable in its mode, window for residents / non-residents / groups, lead time, party size,
 * limits, purpose, exemption), computes the fee, takes the seats with the guarded UPDATE
 * (RESERVATIONS.SLOT_TAKEN when none), inserts the row and enqueues its deadline jobs.
 * Throws AppErrors (4xx) for every refusal; nothing is written then.
 */
export async function createBooking(trx: Transaction<Database>, deps: ReservationDeps, tenant: TenantContext, input: NewBookingInput, now: Date = new Date()): Promise<CreatedBooking> {
  if (input.idempotencyKey.length < 1 || input.idempotencyKey.length > 200) throw invalidBookingInput()
  const existing = await repository.findReservationByIdempotencyKey(trx, tenant.id, input.idempotencyKey)
  if (existing) return replayOf(existing, input)

  const plan = await planBooking(trx, tenant, input, now)
  const { slot, resource, fee } = plan
  if (input.start.kind === 'direct' && input.start.paymentMethod === 'none' && fee.totalYen > 0 && !input.createdByStaffId) throw paymentRequired()
  if (input.start.kind === 'direct' && input.start.paymentMethod === 'counter' && fee.totalYen > 0 && !resource.allowsCounterPayment && !input.createdByStaffId) throw counterPaymentNotAllowed()

  if (!input.isSeatAlreadyHeld) {
    const taken = await takeSeats(trx, tenant.id, slot.id, plan.seats)
    if (!taken) throw slotTaken()
  }

  const start = input.start
  let status: Reservation['status']
  let paymentMethod: Reservation['paymentMethod'] = 'none'
  let holdExpiresAt: Date | null = null
  let paymentDueAt: Date | null = null
  switch (start.kind) {
    case 'hold':
      status = 'held'
      holdExpiresAt = holdDeadline(now, slot.startsAt, resource.holdMinutes)
      break
    case 'won':
      status = 'won'
      holdExpiresAt = new Date(Math.min(start.confirmBy.getTime(), slot.startsAt.getTime()))
      break
    case 'direct':
      if (start.paymentMethod === 'counter' && fee.totalYen > 0) {
        status = 'awaiting_payment'
        paymentMethod = 'counter'
        paymentDueAt = paymentDeadline(now, slot.startsAt, resource.paymentDeadlineHours)
      } else {
        status = 'confirmed'
      }
      break
  }

  let inserted: Reservation | undefined
  for (let attempt = 0; attempt < 3 && !inserted; attempt++) {
    inserted = await repository.insertReservation(trx, {
      tenantId: tenant.id,
      id: randomUUID(),
      reference: newReservationReference(),
      slotId: slot.id,
      resourceId: resource.id,
      residentId: input.applicant.residentId ?? null,
      groupId: plan.group?.id ?? null,
      applicantName: input.applicant.name.trim(),
      applicantPhone: input.applicant.phone?.trim() || null,
      applicantEmail: input.applicant.email?.trim() || null,
      partySize: input.partySize,
      seats: plan.seats,
      purposeCode: input.purposeCode ?? null,
      exemptionCode: input.exemptionCode ?? null,
      isResidentRate: plan.isResidentRate,
      feeYen: fee.totalYen,
      feeBreakdown: JSON.stringify(fee),
      status,
      paymentMethod,
      holdExpiresAt,
      paymentDueAt,
      confirmedAt: status === 'confirmed' ? now : null,
      channel: input.channel,
      createdByStaffId: input.createdByStaffId ?? null,
      apiKeyId: input.apiKeyId ?? null,
      checkInCode: newCheckInCode(),
      lotteryEntryId: input.lotteryEntryId ?? null,
      waitlistEntryId: input.waitlistEntryId ?? null,
      idempotencyKey: input.idempotencyKey,
      requestHash: input.requestHash ?? null,
    })
    if (inserted) break
    // A unique constraint said no: a twin request with the same key committed meanwhile, the
    // resident got a seat on this slot another way, or (rarely) a random reference clashed.
    const twin = await repository.findReservationByIdempotencyKey(trx, tenant.id, input.idempotencyKey)
    const live = input.applicant.residentId ? await repository.findLiveOnSlot(trx, tenant.id, slot.id, input.applicant.residentId) : undefined
    if (twin || live) {
      if (!input.isSeatAlreadyHeld) await returnSeats(trx, tenant.id, slot.id, plan.seats)
      if (twin) return replayOf(twin, input)
      throw alreadyBooked()
    }
  }
  if (!inserted) throw new Error('could not allocate a unique reservation reference')
  let reservation = inserted

  if (reservation.status === 'awaiting_payment') reservation = await openCounterPayment(trx, deps, tenant, reservation, resource, slot, input.actor, input.requestId)
  await afterStatusChange(trx, deps, tenant, reservation, { slot, resource, now })
  if (input.createdByStaffId) {
    await recordAudit(trx, tenant.id, {
      actor: input.actor,
      action: 'reservations.create-booking',
      subjectType: 'reservation',
      subjectId: reservation.id,
      details: { reference: reservation.reference, slotId: slot.id, channel: input.channel, status: reservation.status, feeYen: reservation.feeYen, isStaffOverride: input.isStaffOverride === true },
      requestId: input.requestId,
    })
  }
  return { reservation, isNew: true }
}

/**
 * From held or won: 'none' (fee 0) confirms; 'counter' makes it awaiting_payment with a counter
 * payment due by payment_due_at; 'online' opens a checkout (payments module) and returns where to
 * send the resident. From awaiting_payment (a failed or cancelled checkout, or a change of mind)
 * the resident may try again or switch, until the same payment deadline.
 */
export async function choosePayment(trx: Transaction<Database>, deps: ReservationDeps, tenant: TenantContext, reservationId: string, choice: PaymentChoice, now: Date = new Date()): Promise<{ reservation: Reservation; redirectUrl?: string }> {
  if (!UUID_PATTERN.test(reservationId)) throw bookingNotFound()
  const reservation = await repository.findReservationForUpdate(trx, tenant.id, reservationId)
  if (!reservation) throw bookingNotFound()
  const slot = await repository.findSlot(trx, tenant.id, reservation.slotId)
  const resource = await repository.findResource(trx, tenant.id, reservation.resourceId)
  if (!slot || !resource) throw bookingNotFound()

  if (reservation.status === 'confirmed' && (reservation.paymentMethod === choice.method || reservation.feeYen === 0)) return { reservation } // a repeated submit
  if (reservation.status === 'held' || reservation.status === 'won') {
    if (!reservation.holdExpiresAt || reservation.holdExpiresAt.getTime() <= now.getTime()) throw holdExpired()
  } else if (reservation.status === 'awaiting_payment') {
    if (!reservation.paymentDueAt || reservation.paymentDueAt.getTime() <= now.getTime()) throw holdExpired()
  } else {
    throw bookingStateChanged()
  }

  switch (choice.method) {
    case 'none': {
      if (reservation.feeYen > 0) throw paymentRequired()
      const confirmed = await repository.updateReservation(trx, tenant.id, reservation.id, { status: 'confirmed', paymentMethod: 'none', confirmedAt: now, holdExpiresAt: null })
      await afterStatusChange(trx, deps, tenant, confirmed, { slot, resource, now })
      return { reservation: confirmed }
    }
    case 'counter': {
      if (reservation.feeYen <= 0) return choosePayment(trx, deps, tenant, reservationId, { ...choice, method: 'none' }, now)
      if (!resource.allowsCounterPayment) throw counterPaymentNotAllowed()
      if (reservation.status === 'awaiting_payment' && reservation.paymentMethod === 'counter') return { reservation }
      const paymentDueAt = reservation.paymentDueAt ?? paymentDeadline(now, slot.startsAt, resource.paymentDeadlineHours)
      const awaiting = await repository.updateReservation(trx, tenant.id, reservation.id, { status: 'awaiting_payment', paymentMethod: 'counter', paymentDueAt })
      const withPayment = await openCounterPayment(trx, deps, tenant, awaiting, resource, slot, choice.actor, choice.requestId)
      await afterStatusChange(trx, deps, tenant, withPayment, { slot, resource, now })
      return { reservation: withPayment }
    }
    case 'online': {
      if (reservation.feeYen <= 0) return choosePayment(trx, deps, tenant, reservationId, { ...choice, method: 'none' }, now)
      // The checkout still open for this booking is reused (a second tab, a back button).
      if (reservation.status === 'awaiting_payment' && reservation.paymentMethod === 'online' && reservation.paymentId) {
        const current = await deps.payments.findPayment(trx, tenant.id, reservation.paymentId)
        if (current && (current.status === 'created' || current.status === 'pending') && current.redirectUrl) return { reservation, redirectUrl: current.redirectUrl }
      }
      const payment = await deps.payments.createPayment(
        trx,
        tenant.id,
        {
          purpose: RESERVATION_PAYMENT_PURPOSE,
          subjectId: reservation.id,
          subjectReference: reservation.reference,
          residentId: reservation.residentId,
          amountYen: reservation.feeYen,
          description: paymentDescription(resource, slot),
          method: 'online',
          returnUrl: `/${tenant.slug}/reservations/my/${reservation.id}`,
          idempotencyKey: `reservation:${reservation.id}:online:${reservation.paymentId ?? 'first'}`,
        },
        { actor: choice.actor, requestId: choice.requestId },
      )
      const paymentDueAt = reservation.paymentDueAt ?? paymentDeadline(now, slot.startsAt, resource.paymentDeadlineHours)
      const awaiting = await repository.updateReservation(trx, tenant.id, reservation.id, { status: 'awaiting_payment', paymentMethod: 'online', paymentId: payment.id, paymentDueAt })
      if (reservation.status !== 'awaiting_payment') await deps.platform.jobs.enqueue(trx, expireBookingsJob, { tenantId: tenant.id }, { startAfter: paymentDueAt })
      return { reservation: awaiting, redirectUrl: payment.redirectUrl ?? undefined }
    }
  }
}

export { RESERVATION_PAYMENT_PURPOSE, type BookingApplicant, type BookingStart, type NewBookingInput, type CreatedBooking, type PaymentChoice, type CancelOptions, type RescheduleOptions } from './booking-types.js'
export { cancelBooking, expireDueBookings, previewCancellation, sendBookingReminder } from './booking-cancel.js'
export { rescheduleBooking, currentBookingOf } from './booking-reschedule.js'
export { confirmPaidBooking, recordRefundDue } from './booking-follow-up.js'
