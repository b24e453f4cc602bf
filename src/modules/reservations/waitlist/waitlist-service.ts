/**
 * The resident's waitlist: join a full slot, withdraw, see the entries, and claim an offer through
 * its link. Each is one short tenant-bound transaction; seats move only through slot-seats.ts
 * (via the offers and the booking core).
 */
import type { Transaction } from 'kysely'
import type { Database } from '../../../platform/db/schema.js'
import { hashToken } from '../../../platform/crypto.js'
import { isAppError } from '../../../platform/errors.js'
import { withTenant, type Db } from '../../../platform/db/tenant-context.js'
import type { TenantContext } from '../../../platform/tenancy/tenant-service.js'
import type { ResidentPrincipal } from '../../../platform/http/types.js'
import { createBooking, rememberApplicantName } from '../booking/index.js'
import type { ReservationDeps } from '../reservation-deps.js'
import type { WaitlistEntry } from '../reservation-tables.js'
import { returnSeats, takeSeats } from '../seats/slot-seats.js'
import {
  countWaiting,
  findActiveEntry,
  findEntry,
  findEntryByTokenHash,
  findLotteryStatus,
  findSlotPlace,
  hasLiveBooking,
  insertEntry,
  listResidentEntries,
  setEntryStatus,
  type ResidentEntryRow,
  type SlotPlace,
} from './waitlist-repository.js'
import { alreadyBookedSlot, alreadyWaiting, entryNotActive, seatsStillOpen, waitlistEntryNotFound, waitlistNotOffered, waitlistSlotClosed, waitlistSlotNotFound } from './waitlist-errors.js'
import { claimStateOf, seatsNeeded, type ClaimState } from './waitlist-rules.js'
import { passOnHeldSeats } from './waitlist-offers.js'

/** The largest party one booking may bring (a space: its capacity; an appointment: max_party_size). */
export function maxWaitlistPartySize(place: SlotPlace): number {
  return place.resource.kind === 'space' ? place.resource.capacityPeople : place.resource.maxPartySize
}

export interface JoinContext {
  place: SlotPlace
  /** waiting or offered entries on the slot */
  waitingCount: number
  /** the resident's own active entry on this slot */
  existing: WaitlistEntry | undefined
  hasBooking: boolean
  /** seats one person would need are not open (the waitlist applies) */
  isFull: boolean
  isOffered: boolean
}

async function isWaitlistOffered(trx: Transaction<Database>, place: SlotPlace): Promise<boolean> {
  if (place.resource.waitlistMode === 'none' || place.resource.status !== 'active') return false
  if (place.slot.lotteryId && (await findLotteryStatus(trx, place.slot.tenantId, place.slot.lotteryId)) !== 'second_round') return false
  return true
}

function isSlotOpen(place: SlotPlace, now: Date): boolean {
  return place.slot.status === 'open' && place.slot.startsAt.getTime() > now.getTime()
}

/** What the join page shows. */
export async function loadJoinContext(db: Db, tenantId: string, slotId: string, residentId: string, now: Date): Promise<JoinContext> {
  return withTenant(db, tenantId, async trx => {
    const place = await findSlotPlace(trx, tenantId, slotId)
    if (!place) throw waitlistSlotNotFound()
    const isOffered = (await isWaitlistOffered(trx, place)) && isSlotOpen(place, now)
    return {
      place,
      waitingCount: await countWaiting(trx, tenantId, slotId),
      existing: await findActiveEntry(trx, tenantId, slotId, residentId),
      hasBooking: await hasLiveBooking(trx, tenantId, slotId, residentId),
      isFull: place.slot.remaining < seatsNeeded(place.resource.kind, 1, place.slot.capacity),
      isOffered,
    }
  })
}

/**
 * Puts the resident on the slot's waitlist — only when the slot cannot seat the party now and the
 * resource keeps a waitlist. The slot's row lock orders this against seats being freed.
 */
/** `applicantName`: typed by a resident whose account has no name; kept on the account, as a claim books without a form. */
export async function joinWaitlist(db: Db, tenantId: string, residentId: string, slotId: string, partySize: number, now: Date, applicantName?: string): Promise<WaitlistEntry> {
  try {
    return await withTenant(db, tenantId, async trx => {
      const place = await findSlotPlace(trx, tenantId, slotId, { lock: true })
      if (!place) throw waitlistSlotNotFound()
      if (!(await isWaitlistOffered(trx, place))) throw waitlistNotOffered()
      if (!isSlotOpen(place, now)) throw waitlistSlotClosed()
      if (place.slot.remaining >= seatsNeeded(place.resource.kind, partySize, place.slot.capacity)) throw seatsStillOpen()
      if (await findActiveEntry(trx, tenantId, slotId, residentId)) throw alreadyWaiting()
      if (await hasLiveBooking(trx, tenantId, slotId, residentId)) throw alreadyBookedSlot()
      const entry = await insertEntry(trx, { tenantId, slotId, resourceId: place.resource.id, residentId, partySize, now })
      if (applicantName) await rememberApplicantName(trx, tenantId, residentId, applicantName)
      return entry
    })
  } catch (error) {
    // Two joins racing past the check meet the unique index (one active entry per resident and slot).
    if ((error as { code?: string }).code === '23505') throw alreadyWaiting()
    throw error
  }
}

/** Takes the resident off the waitlist; seats held for their offer pass to the next in line. */
export async function withdrawEntry(db: Db, deps: ReservationDeps, tenantId: string, residentId: string, entryId: string, now: Date): Promise<void> {
  await withTenant(db, tenantId, async trx => {
    const entry = await findEntry(trx, tenantId, entryId, { lock: true })
    if (!entry || entry.residentId !== residentId) throw waitlistEntryNotFound()
    if (entry.status !== 'waiting' && entry.status !== 'offered') throw entryNotActive()
    await setEntryStatus(trx, tenantId, entry.id, 'withdrawn', now)
    await passOnHeldSeats(trx, deps, tenantId, entry.slotId, entry.heldSeats, now)
  })
}

export async function listMyEntries(db: Db, tenantId: string, residentId: string): Promise<ResidentEntryRow[]> {
  return withTenant(db, tenantId, trx => listResidentEntries(trx, tenantId, residentId))
}

export type ClaimView = { state: 'claimable'; entry: WaitlistEntry; place: SlotPlace } | { state: Exclude<ClaimState, 'claimable'>; place?: SlotPlace; entry?: WaitlistEntry }

/** What a claim link shows this resident (reads only: a refused link stores nothing). */
export async function inspectClaim(db: Db, tenantId: string, residentId: string, token: string, now: Date): Promise<ClaimView> {
  return withTenant(db, tenantId, async trx => {
    const entry = await findEntryByTokenHash(trx, tenantId, hashToken(token))
    const state = claimStateOf(entry, residentId, now)
    if (!entry || state === 'foreign' || state === 'unknown') return { state: state === 'foreign' ? 'foreign' : 'unknown' }
    const place = await findSlotPlace(trx, tenantId, entry.slotId)
    if (!place) return { state: 'unknown' }
    return state === 'claimable' ? { state, entry, place } : { state, entry, place }
  })
}

export type ClaimOutcome =
  | { kind: 'booked'; reservationId: string }
  /** the link cannot be used (nothing was written) */
  | { kind: 'refused'; view: ClaimView }
  /** broadcast: somebody else claimed the seats first (nothing was written; still on the waitlist) */
  | { kind: 'taken'; view: ClaimView }

/**
 * Books the offered seats through the booking core (a provisional hold, channel 'waitlist'): a
 * sequential offer hands over the seats it held; a broadcast one takes open seats with the
 * guarded UPDATE, so only the first of several claims wins. Any refusal leaves nothing written.
 */
export async function claimOffer(db: Db, deps: ReservationDeps, tenant: TenantContext, resident: ResidentPrincipal, token: string, requestId: string, now: Date): Promise<ClaimOutcome> {
  try {
    return await withTenant(db, tenant.id, async trx => {
      const entry = await findEntryByTokenHash(trx, tenant.id, hashToken(token), { lock: true })
      const state = claimStateOf(entry, resident.id, now)
      if (!entry || state !== 'claimable') return { kind: 'refused', view: await inspectView(trx, tenant.id, entry, state) }
      const isHeld = entry.heldSeats > 0
      const { reservation } = await createBooking(
        trx,
        deps,
        tenant,
        {
          slotId: entry.slotId,
          partySize: entry.partySize,
          applicant: { residentId: resident.id, name: resident.displayName.slice(0, 100) || '-' },
          channel: 'waitlist',
          start: { kind: 'hold' },
          idempotencyKey: `waitlist-claim:${entry.id}:${entry.offeredAt?.getTime() ?? 0}`,
          waitlistEntryId: entry.id,
          isSeatAlreadyHeld: isHeld,
          actor: { type: 'resident', id: resident.id },
          requestId,
        },
        now,
      )
      if (isHeld && reservation.seats !== entry.heldSeats) {
        // The booking core counted seats differently from the offer (the slot changed meanwhile):
        // settle the difference so that the seat invariant holds.
        if (reservation.seats < entry.heldSeats) await returnSeats(trx, tenant.id, entry.slotId, entry.heldSeats - reservation.seats)
        else if (!(await takeSeats(trx, tenant.id, entry.slotId, reservation.seats - entry.heldSeats))) throw new ClaimTaken()
      }
      await setEntryStatus(trx, tenant.id, entry.id, 'claimed', now, { claimedReservationId: reservation.id })
      return { kind: 'booked', reservationId: reservation.id }
    })
  } catch (error) {
    if (error instanceof ClaimTaken || (isAppError(error) && error.code === 'RESERVATIONS.SLOT_TAKEN')) {
      return { kind: 'taken', view: await inspectClaim(db, tenant.id, resident.id, token, now) }
    }
    throw error
  }
}

class ClaimTaken extends Error {}

async function inspectView(trx: Transaction<Database>, tenantId: string, entry: WaitlistEntry | undefined, state: ClaimState): Promise<ClaimView> {
  if (!entry || state === 'foreign' || state === 'unknown' || state === 'claimable') return { state: state === 'foreign' ? 'foreign' : 'unknown' }
  return { state, entry, place: await findSlotPlace(trx, tenantId, entry.slotId) }
}

