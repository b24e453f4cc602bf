/**
 * Outcomes of booking payments (purpose 'reservation'), registered at module load so that every
 * process that moves payments (webhooks, counter receipts, the checkout expiry job) reaches it.
 *
 * - captured → the awaiting booking is confirmed. Captured after the booking expired: a seat is
 *   taken again if one is free (confirmed after all), else the money is owed back (refund due,
 *   the resident is told). Captured for a booking already paid or cancelled: refund due.
 * - failed / cancelled → nothing: the booking stays awaiting_payment until its deadline so the
 *   resident can try again or switch to the counter.
 * - expired (the checkout, not the booking) / refunded → nothing here.
 */
import type { Transaction } from 'kysely'
import type { Database } from '../../../platform/db/schema.js'
import { onPaymentStatusChanged, type Payment, type PaymentStatusChange } from '../../payments/index.js'
import { takeSeats } from '../seats/slot-seats.js'
import { confirmPaidBooking, currentBookingOf, recordRefundDue, RESERVATION_PAYMENT_PURPOSE } from './booking-core.js'
import { findReservationForUpdate, findSlot, updateReservation } from './booking-repository.js'
import { bookingRuntime } from './booking-runtime.js'
import { tenantContextOf } from './booking-tenant.js'

type Trx = Transaction<Database>

export async function settleReservationPayment(trx: Trx, payment: Payment, change: PaymentStatusChange, now: Date = new Date()): Promise<void> {
  if (change.to !== 'captured') return
  const first = await findReservationForUpdate(trx, payment.tenantId, payment.subjectId)
  if (!first) return
  const tenant = await tenantContextOf(trx, payment.tenantId)
  if (!tenant) return
  const deps = bookingRuntime()
  const reservation = await currentBookingOf(trx, payment.tenantId, first)

  switch (reservation.status) {
    case 'held':
    case 'won':
    case 'awaiting_payment':
      await confirmPaidBooking(trx, deps, tenant, reservation, payment.id, now)
      return
    case 'expired': {
      const slot = await findSlot(trx, payment.tenantId, reservation.slotId)
      const isStillAhead = slot !== undefined && slot.startsAt.getTime() > now.getTime()
      if (isStillAhead && (await takeSeats(trx, payment.tenantId, reservation.slotId, reservation.seats))) {
        await confirmPaidBooking(trx, deps, tenant, reservation, payment.id, now)
        return
      }
      const paid = await updateReservation(trx, payment.tenantId, reservation.id, { paymentId: payment.id, paidAt: now })
      await recordRefundDue(trx, deps, tenant, paid, payment.amountYen)
      return
    }
    case 'cancelled': {
      // Cancelled before the money arrived (no fee is charged on an unpaid booking): all of it goes back.
      const paid = reservation.paidAt ? reservation : await updateReservation(trx, payment.tenantId, reservation.id, { paymentId: payment.id, paidAt: now })
      await recordRefundDue(trx, deps, tenant, paid, payment.amountYen)
      return
    }
    case 'confirmed':
    case 'checked_in':
    case 'no_show':
      // Paid twice (two checkouts, or online after a counter receipt): the second payment is owed back.
      if (reservation.paymentId !== payment.id || !reservation.paidAt) {
        if (!reservation.paidAt && reservation.status === 'confirmed') {
          await updateReservation(trx, payment.tenantId, reservation.id, { paymentId: payment.id, paidAt: now })
          return
        }
        await recordRefundDue(trx, deps, tenant, reservation, payment.amountYen)
      }
      return
  }
}

onPaymentStatusChanged(RESERVATION_PAYMENT_PURPOSE, (trx, payment, change) => settleReservationPayment(trx, payment, change))
