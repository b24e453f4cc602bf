/**
 * Offers: what happens to freed seats when people wait for them.
 *
 * Sequential: the freed seats stay taken from the slot and are held (held_seats) for the first
 * waiting entry they can serve; its resident gets a claim link valid offer_minutes. When the
 * offer runs out (job `reservations.expire-waitlist-offers`) or is declined, the seats pass to
 * the next in line, or go back to the slot when nobody is left.
 * Broadcast: the seats go back to the slot at once and every waiting resident they could serve
 * gets a claim link; the first claim takes them through the booking core's guarded UPDATE.
 *
 * Seat invariant (checked by the tests): capacity − remaining = Σ seats of live reservations +
 * Σ held_seats of offered entries.
 */
import type { Transaction } from 'kysely'
import { z } from 'zod'
import type { Database } from '../../../platform/db/schema.js'
import { hashToken, randomToken } from '../../../platform/crypto.js'
import { withTenant } from '../../../platform/db/tenant-context.js'
import { defineJob, type JobDefinition } from '../../../platform/jobs/define-job.js'
import type { ReservationDeps } from '../reservation-deps.js'
import type { WaitlistEntry } from '../reservation-tables.js'
import { onSeatsFreed, returnSeats, takeSeats, type FreedSeats } from '../seats/slot-seats.js'
import { findLotteryStatus, findSlotPlace, findTenantSlug, lockDueOffers, lockWaitingEntries, markOffered, setEntryStatus, type SlotPlace } from './waitlist-repository.js'
import { broadcastRecipients, offerExpiresAt, planSequentialOffers, seatsNeeded } from './waitlist-rules.js'
import { notifyOffer, notifyOfferExpired } from './waitlist-notices.js'
import { waitlistRuntime } from './waitlist-runtime.js'

type Trx = Transaction<Database>

/** Offers expired per transaction by one run of the job (short transactions: PGlite has one connection). */
export const EXPIRY_BATCH = 50

/** Whether waiting people may be offered seats of this slot now. */
async function isOfferable(trx: Trx, place: SlotPlace, now: Date): Promise<boolean> {
  const { slot, resource } = place
  if (resource.waitlistMode === 'none' || resource.status !== 'active' || slot.status !== 'open' || slot.startsAt.getTime() <= now.getTime()) return false
  // A lottery slot is not first-come until its second round; the lottery deals with its own seats.
  if (slot.lotteryId && (await findLotteryStatus(trx, slot.tenantId, slot.lotteryId)) !== 'second_round') return false
  return true
}

async function makeOffer(trx: Trx, deps: ReservationDeps, tenant: { id: string; slug: string }, place: SlotPlace, entry: WaitlistEntry, heldSeats: number, now: Date): Promise<WaitlistEntry> {
  const token = randomToken()
  const offered = await markOffered(trx, tenant.id, entry.id, {
    heldSeats,
    claimTokenHash: hashToken(token),
    offeredAt: now,
    offerExpiresAt: offerExpiresAt(now, place.resource.offerMinutes, place.slot.startsAt),
  })
  await notifyOffer(trx, deps, tenant, place, offered, token)
  return offered
}

async function scheduleExpiry(trx: Trx, deps: ReservationDeps, tenantId: string, at: Date): Promise<void> {
  await deps.platform.jobs.enqueue(trx, expireWaitlistOffersJob, { tenantId }, { startAfter: at, idempotencyKey: `waitlist-expiry:${at.toISOString()}` })
}

/**
 * The seats-freed handler: returns how many of the freed seats it kept for sequential offers (the
 * caller gives the rest back to the slot). Runs in the caller's transaction; takes the slot's row
 * lock first, so that a resident joining the waitlist at the same moment is either seen here or
 * sees the seats back.
 */
export async function distributeFreedSeats(trx: Trx, deps: ReservationDeps, freed: FreedSeats): Promise<number> {
  if (freed.seats <= 0) return 0
  const place = await findSlotPlace(trx, freed.tenantId, freed.slotId, { lock: true })
  if (!place || !(await isOfferable(trx, place, freed.now))) return 0
  const slug = await findTenantSlug(trx, freed.tenantId)
  if (!slug) return 0
  const tenant = { id: freed.tenantId, slug }
  const { slot, resource } = place
  const need = (entry: WaitlistEntry) => seatsNeeded(resource.kind, entry.partySize, slot.capacity)

  if (resource.waitlistMode === 'broadcast') {
    const candidates = await lockWaitingEntries(trx, tenant.id, slot.id, freed.now, { withoutLiveBroadcast: true })
    const recipients = new Set(broadcastRecipients(candidates.map(e => ({ id: e.id, seatsNeeded: need(e) })), slot.remaining + freed.seats))
    let latest: Date | undefined
    for (const entry of candidates) {
      if (!recipients.has(entry.id)) continue
      const offered = await makeOffer(trx, deps, tenant, place, entry, 0, freed.now)
      if (offered.offerExpiresAt && (!latest || offered.offerExpiresAt > latest)) latest = offered.offerExpiresAt
    }
    if (latest) await scheduleExpiry(trx, deps, tenant.id, latest)
    return 0
  }

  const candidates = await lockWaitingEntries(trx, tenant.id, slot.id, freed.now)
  const plan = planSequentialOffers(
    candidates.map(e => ({ id: e.id, seatsNeeded: need(e) })),
    freed.seats,
    slot.remaining,
  )
  let kept = 0
  let latest: Date | undefined
  for (const planned of plan) {
    const entry = candidates.find(e => e.id === planned.entryId)
    if (!entry) continue
    // Topping up from the open seats goes through the guarded UPDATE like any other take.
    if (planned.fromSlot > 0 && !(await takeSeats(trx, tenant.id, slot.id, planned.fromSlot))) continue
    const offered = await makeOffer(trx, deps, tenant, place, entry, planned.fromFreed + planned.fromSlot, freed.now)
    kept += planned.fromFreed
    if (offered.offerExpiresAt && (!latest || offered.offerExpiresAt > latest)) latest = offered.offerExpiresAt
  }
  if (latest) await scheduleExpiry(trx, deps, tenant.id, latest)
  return kept
}

/**
 * Passes the seats an ended offer held (expired, declined, withdrawn) to the next in line, or
 * back to the slot. The entry's own status must already be final.
 */
export async function passOnHeldSeats(trx: Trx, deps: ReservationDeps, tenantId: string, slotId: string, seats: number, now: Date): Promise<void> {
  if (seats <= 0) return
  const kept = await distributeFreedSeats(trx, deps, { tenantId, slotId, seats, reason: 'expired', now })
  if (seats - kept > 0) await returnSeats(trx, tenantId, slotId, seats - kept)
}

/**
 * Ends offers past their time: a sequential offer expires (its resident is told) and its seats
 * pass on; a broadcast offer lapses back to waiting (the resident stays on the list for the next
 * freed seat). Returns how many offers it ended.
 */
export async function expireDueOffers(trx: Trx, deps: ReservationDeps, tenantId: string, now: Date = new Date()): Promise<number> {
  const due = await lockDueOffers(trx, tenantId, now, EXPIRY_BATCH)
  const slug = due.length > 0 ? await findTenantSlug(trx, tenantId) : undefined
  for (const entry of due) {
    if (entry.heldSeats === 0) {
      await setEntryStatus(trx, tenantId, entry.id, 'waiting', now)
      continue
    }
    await setEntryStatus(trx, tenantId, entry.id, 'expired', now)
    const place = await findSlotPlace(trx, tenantId, entry.slotId)
    if (place && slug) await notifyOfferExpired(trx, deps, { id: tenantId, slug }, place, entry)
    await passOnHeldSeats(trx, deps, tenantId, entry.slotId, entry.heldSeats, now)
  }
  return due.length
}

export const expireWaitlistOffersJob = defineJob({
  name: 'reservations.expire-waitlist-offers',
  payload: z.object({ tenantId: z.guid() }),
  retryLimit: 5,
  async run({ tenantId }, { db, logger }) {
    const deps = waitlistRuntime()
    if (!deps) throw new Error('reservations waitlist runtime not installed in this process (installWaitlistRuntimeFor(platform))')
    for (;;) {
      const ended = await withTenant(db, tenantId, trx => expireDueOffers(trx, deps, tenantId))
      if (ended > 0) logger.info({ tenantId, ended }, 'ended due waitlist offers')
      if (ended < EXPIRY_BATCH) return
    }
  },
})

export const waitlistJobList: JobDefinition[] = [expireWaitlistOffersJob] as unknown as JobDefinition[]

// Installed at module load (the waitlist's index.ts imports this file): every seat a booking frees
// is offered to the waitlist first. Without the runtime (a process that never built the app) the
// seats simply go back to the slot.
onSeatsFreed(async (trx, freed) => {
  const deps = waitlistRuntime()
  return deps ? distributeFreedSeats(trx, deps, freed) : 0
})
