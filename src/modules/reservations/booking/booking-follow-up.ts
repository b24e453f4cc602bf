/** What follows a booking's status change: counter payment, deadline jobs, reminder, notices, refunds due. */
import type { Transaction } from 'kysely'
import type { Database } from '../../../platform/db/schema.js'
import { recordAudit, type AuditActor } from '../../../platform/audit/audit-log.js'
import type { TenantContext } from '../../../platform/tenancy/tenant-service.js'
import type { ReservationDeps } from '../reservation-deps.js'
import type { Reservation, Resource, Slot } from '../reservation-tables.js'
import { tokyoInstant } from '../reservation-time.js'
import { reminderAt } from './booking-rules.js'
import * as repository from './booking-repository.js'
import { expireBookingsJob, sendReminderJob } from './booking-jobs.js'
import { bookingAwaitingPaymentNotice, bookingConfirmedNotice, bookingRefundDueNotice, formatSlotTime, notifyBooking } from './booking-notices.js'
import { RESERVATION_PAYMENT_PURPOSE } from './booking-types.js'

type Trx = Transaction<Database>

/** The counter payment of an awaiting_payment booking (staff record the receipt on the payments pages). */
export async function openCounterPayment(trx: Trx, deps: ReservationDeps, tenant: TenantContext, reservation: Reservation, resource: Resource, slot: Slot, actor: AuditActor, requestId?: string): Promise<Reservation> {
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
      method: 'counter',
      returnUrl: `/${tenant.slug}/reservations/my/${reservation.id}`,
      idempotencyKey: `reservation:${reservation.id}:counter:${reservation.paymentId ?? 'first'}`,
    },
    { actor, requestId },
  )
  return repository.updateReservation(trx, tenant.id, reservation.id, { paymentId: payment.id })
}

export function paymentDescription(resource: Resource, slot: Slot): string {
  return `施設使用料 ${resource.names.ja} ${formatSlotTime(slot.startsAt, slot.endsAt)}`.slice(0, 200)
}

/** Jobs and notices that follow a booking reaching a status: deadlines, reminder, "confirmed" / "pay by". */
export async function afterStatusChange(trx: Trx, deps: ReservationDeps, tenant: TenantContext, reservation: Reservation, context: { slot: Slot; resource: Resource; now: Date; event?: string }): Promise<void> {
  switch (reservation.status) {
    case 'held':
    case 'won':
      if (reservation.holdExpiresAt) await deps.platform.jobs.enqueue(trx, expireBookingsJob, { tenantId: tenant.id }, { startAfter: reservation.holdExpiresAt })
      return
    case 'awaiting_payment':
      if (reservation.paymentDueAt) await deps.platform.jobs.enqueue(trx, expireBookingsJob, { tenantId: tenant.id }, { startAfter: reservation.paymentDueAt })
      await notifyBooking(trx, deps, tenant, reservation, bookingAwaitingPaymentNotice, context.event ?? `awaiting-payment:${reservation.paymentMethod}`)
      return
    case 'confirmed':
      await scheduleReminder(trx, deps, tenant, reservation, context.slot, context.resource, context.now)
      await notifyBooking(trx, deps, tenant, reservation, bookingConfirmedNotice, context.event ?? 'confirmed')
      return
    case 'checked_in':
    case 'no_show':
    case 'cancelled':
    case 'expired':
      return
  }
}

async function scheduleReminder(trx: Trx, deps: ReservationDeps, tenant: TenantContext, reservation: Reservation, slot: Slot, resource: Resource, now: Date): Promise<void> {
  const at = reminderAt(slot.startsAt, resource.reminderDaysBefore, resource.reminderTime, tokyoInstant)
  // A booking made after its reminder time (booked the evening before) needs no reminder.
  if (!at || at.getTime() <= now.getTime() || at.getTime() >= slot.startsAt.getTime() || !reservation.residentId) return
  await deps.platform.jobs.enqueue(trx, sendReminderJob, { tenantId: tenant.id, reservationId: reservation.id }, { startAfter: at, idempotencyKey: `reservation-reminder:${reservation.id}` })
}

/**
 * Confirms an awaiting booking whose payment was received (online capture or counter receipt);
 * called by the settlement handler. Returns the confirmed booking.
 */
export async function confirmPaidBooking(trx: Trx, deps: ReservationDeps | undefined, tenant: TenantContext, reservation: Reservation, paymentId: string, now: Date): Promise<Reservation> {
  const confirmed = await repository.updateReservation(trx, tenant.id, reservation.id, {
    status: 'confirmed',
    paymentId,
    paidAt: now,
    confirmedAt: now,
    paymentMethod: reservation.paymentMethod === 'none' ? 'online' : reservation.paymentMethod,
    expiredAt: null,
  })
  if (deps) {
    const slot = await repository.findSlot(trx, tenant.id, reservation.slotId)
    const resource = await repository.findResource(trx, tenant.id, reservation.resourceId)
    if (slot && resource) await afterStatusChange(trx, deps, tenant, confirmed, { slot, resource, now })
  }
  return confirmed
}

/**
 * A paid booking that ended (cancelled, or expired and then captured too late) owes the resident
 * money back. Refunds are a staff action in the payments module (it needs payments.refund), so
 * the booking area records the debt in the audit log and tells the resident it is coming.
 */
export async function recordRefundDue(trx: Trx, deps: ReservationDeps | undefined, tenant: TenantContext, reservation: Reservation, amount: number, requestId?: string): Promise<void> {
  if (amount <= 0) return
  await recordAudit(trx, tenant.id, {
    actor: { type: 'system' },
    action: 'reservations.refund-due',
    subjectType: 'reservation',
    subjectId: reservation.id,
    details: { reference: reservation.reference, paymentId: reservation.paymentId, refundYen: amount, cancellationFeeYen: reservation.cancellationFeeYen },
    requestId,
  })
  if (deps) await notifyBooking(trx, deps, tenant, reservation, bookingRefundDueNotice, 'refund-due', { refund: amount })
}
