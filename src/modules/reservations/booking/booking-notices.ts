/**
 * What the booking area tells residents, through the notify port (the notifications hub when it
 * is installed): booked (awaiting payment), confirmed, cancelled, expired, reminder, refund due.
 * Each notice has an idempotency key per booking and event, so a retried transaction or job never
 * tells twice.
 */
import type { Transaction } from 'kysely'
import type { Database } from '../../../platform/db/schema.js'
import { defineNotificationTemplate, type NotificationTemplate } from '../../../platform/notify/notify.js'
import type { TenantContext } from '../../../platform/tenancy/tenant-service.js'
import type { ReservationDeps } from '../reservation-deps.js'
import type { Reservation } from '../reservation-tables.js'
import { tokyoDate, tokyoTime } from '../reservation-time.js'
import { findFacility, findResource, findSlot } from './booking-repository.js'

const template = (id: string): NotificationTemplate =>
  defineNotificationTemplate({ id: `reservations.${id}`, subjectKey: `reservations.booking.notice.${id}.subject`, bodyKey: `reservations.booking.notice.${id}.body`, channels: ['inbox', 'email'] })

export const bookingAwaitingPaymentNotice = template('booking-awaiting-payment')
export const bookingConfirmedNotice = template('booking-confirmed')
export const bookingCancelledNotice = template('booking-cancelled')
export const bookingExpiredNotice = template('booking-expired')
export const bookingReminderNotice = template('booking-reminder')
export const bookingRefundDueNotice = template('booking-refund-due')

type Trx = Transaction<Database>

/** 'YYYY-MM-DD HH:MM' in Tokyo time: readable in every language of the notice. */
export function formatSlotTime(startsAt: Date, endsAt: Date): string {
  return `${tokyoDate(startsAt)} ${tokyoTime(startsAt)}–${tokyoTime(endsAt)}`
}

export function formatInstant(instant: Date): string {
  return `${tokyoDate(instant)} ${tokyoTime(instant)}`
}

/** The words every booking notice fills in: 予約番号, place, time, fee. */
export async function bookingNoticeData(trx: Trx, reservation: Reservation): Promise<Record<string, string | number>> {
  const slot = await findSlot(trx, reservation.tenantId, reservation.slotId)
  const resource = await findResource(trx, reservation.tenantId, reservation.resourceId)
  const facility = resource ? await findFacility(trx, reservation.tenantId, resource.facilityId) : undefined
  return {
    reference: reservation.reference,
    place: [facility?.names.ja, resource?.names.ja].filter(Boolean).join(' '),
    when: slot ? formatSlotTime(slot.startsAt, slot.endsAt) : '',
    fee: reservation.feeYen,
    cancellationFee: reservation.cancellationFeeYen,
    due: reservation.paymentDueAt ? formatInstant(reservation.paymentDueAt) : '',
    partySize: reservation.partySize,
  }
}

/**
 * Tells the booking's resident (bookings without an account — a phone booking — are told by staff
 * themselves). `event` makes the idempotency key: one notice per booking and event.
 */
export async function notifyBooking(
  trx: Trx,
  deps: ReservationDeps,
  tenant: Pick<TenantContext, 'id' | 'slug'>,
  reservation: Reservation,
  notice: NotificationTemplate,
  event: string,
  extra: Record<string, string | number> = {},
): Promise<void> {
  if (!reservation.residentId) return
  const data = { ...(await bookingNoticeData(trx, reservation)), ...extra }
  await deps.platform.notifier.notify(trx, tenant.id, { residentId: reservation.residentId }, notice, data, {
    idempotencyKey: `reservation:${reservation.id}:${event}`,
    linkUrl: `/${tenant.slug}/reservations/my/${reservation.id}`,
  })
}
