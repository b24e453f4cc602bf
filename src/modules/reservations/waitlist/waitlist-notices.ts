/**
 * What the waitlist tells residents, through the notify port (inbox and email, or the
 * notifications hub's channels): a seat held for you (sequential), seats open to everyone waiting
 * (broadcast), your offer ran out. The claim link is in the notice only; we store its hash.
 */
import type { Transaction } from 'kysely'
import type { Database } from '../../../platform/db/schema.js'
import { defineNotificationTemplate, type NotificationTemplate } from '../../../platform/notify/notify.js'
import type { ReservationDeps } from '../reservation-deps.js'
import type { WaitlistEntry } from '../reservation-tables.js'
import { tokyoDate, tokyoTime } from '../reservation-time.js'
import type { SlotPlace } from './waitlist-repository.js'

const template = (id: string): NotificationTemplate =>
  defineNotificationTemplate({ id: `reservations.${id}`, subjectKey: `reservations.waitlist.notice.${id}.subject`, bodyKey: `reservations.waitlist.notice.${id}.body`, channels: ['inbox', 'email'] })

export const waitlistOfferNotice = template('waitlist-offer')
export const waitlistBroadcastNotice = template('waitlist-broadcast')
export const waitlistOfferExpiredNotice = template('waitlist-offer-expired')

export function claimPath(tenantSlug: string, token: string): string {
  return `/${tenantSlug}/reservations/waitlist/claim/${token}`
}

function formatInstant(instant: Date): string {
  return `${tokyoDate(instant)} ${tokyoTime(instant)}`
}

/** The words every waitlist notice fills in (Japanese names: the notice is read in any language). */
export function noticeData(place: SlotPlace, entry: WaitlistEntry): Record<string, string | number> {
  return {
    place: [place.facilityNames.ja, place.resource.names.ja].filter(Boolean).join(' '),
    when: `${tokyoDate(place.slot.startsAt)} ${tokyoTime(place.slot.startsAt)}–${tokyoTime(place.slot.endsAt)}`,
    until: entry.offerExpiresAt ? formatInstant(entry.offerExpiresAt) : '',
    partySize: entry.partySize,
  }
}

/** Tells the entry's resident about an offer (sequential hold or broadcast) with its claim link. */
export async function notifyOffer(trx: Transaction<Database>, deps: ReservationDeps, tenant: { id: string; slug: string }, place: SlotPlace, entry: WaitlistEntry, token: string): Promise<void> {
  if (!entry.residentId || !entry.offeredAt) return
  const notice = entry.heldSeats > 0 ? waitlistOfferNotice : waitlistBroadcastNotice
  await deps.platform.notifier.notify(trx, tenant.id, { residentId: entry.residentId }, notice, noticeData(place, entry), {
    // one notice per offer: a retried transaction never tells twice
    idempotencyKey: `waitlist:${entry.id}:offer:${entry.offeredAt.getTime()}`,
    linkUrl: claimPath(tenant.slug, token),
  })
}

export async function notifyOfferExpired(trx: Transaction<Database>, deps: ReservationDeps, tenant: { id: string; slug: string }, place: SlotPlace, entry: WaitlistEntry): Promise<void> {
  if (!entry.residentId || !entry.offeredAt) return
  await deps.platform.notifier.notify(trx, tenant.id, { residentId: entry.residentId }, waitlistOfferExpiredNotice, noticeData(place, entry), {
    idempotencyKey: `waitlist:${entry.id}:expired:${entry.offeredAt.getTime()}`,
    linkUrl: `/${tenant.slug}/reservations/waitlist`,
  })
}
