/**
 * Waitlist rules, pure: how many seats an entry needs, who gets freed seats in a sequential
 * waitlist, how long an offer lasts, and what a claim link may still do.
 */
import type { ResourceKind, WaitlistEntryStatus } from '../reservation-tables.js'

/**
 * Seats a waiting party needs: a space is booked whole (every seat of its slot), an appointment
 * takes one seat per person. The same rule as the booking core's seatsFor.
 */
export function seatsNeeded(kind: ResourceKind, partySize: number, slotCapacity: number): number {
  return kind === 'space' ? Math.max(1, slotCapacity) : partySize
}

export interface WaitingCandidate {
  id: string
  seatsNeeded: number
}

export interface PlannedOffer {
  entryId: string
  /** freed seats kept for this entry (they never go back to the slot) */
  fromFreed: number
  /** seats also taken from the slot's open seats, when the freed ones alone are too few */
  fromSlot: number
}

/**
 * Sequential mode: freed seats go to the waiting entries in the order they joined; an entry the
 * seats cannot serve (its party is too large) keeps its place and the next one is considered.
 * An entry may be topped up from the slot's open seats (a party of 2 waiting on 1 open seat
 * is served when 1 more is freed). Stops when the freed seats are used up.
 */
export function planSequentialOffers(candidates: readonly WaitingCandidate[], freedSeats: number, slotRemaining: number): PlannedOffer[] {
  const offers: PlannedOffer[] = []
  let freed = freedSeats
  let open = slotRemaining
  for (const candidate of candidates) {
    if (freed <= 0) break
    if (candidate.seatsNeeded <= 0 || candidate.seatsNeeded > freed + open) continue
    const fromFreed = Math.min(freed, candidate.seatsNeeded)
    const fromSlot = candidate.seatsNeeded - fromFreed
    offers.push({ entryId: candidate.id, fromFreed, fromSlot })
    freed -= fromFreed
    open -= fromSlot
  }
  return offers
}

/** Broadcast mode: everyone whose party fits in what is open once the freed seats are back. */
export function broadcastRecipients(candidates: readonly WaitingCandidate[], seatsOpen: number): string[] {
  return candidates.filter(c => c.seatsNeeded > 0 && c.seatsNeeded <= seatsOpen).map(c => c.id)
}

/** An offer lasts offer_minutes, never past the slot's start. */
export function offerExpiresAt(now: Date, offerMinutes: number, slotStartsAt: Date): Date {
  return new Date(Math.min(now.getTime() + offerMinutes * 60_000, slotStartsAt.getTime()))
}

export type ClaimState =
  | 'claimable'
  /** the link is not one we issued (or was replaced by a newer one) */
  | 'unknown'
  /** the entry belongs to another resident */
  | 'foreign'
  /** it already made a booking */
  | 'used'
  /** its time ran out (or the offer passed to the next person) */
  | 'expired'
  /** the resident took themselves off the waitlist */
  | 'withdrawn'

export interface ClaimableEntry {
  residentId: string | null
  status: WaitlistEntryStatus
  offerExpiresAt: Date | null
}

/** What a claim link can do for this resident now. */
export function claimStateOf(entry: ClaimableEntry | undefined, residentId: string, now: Date): ClaimState {
  if (!entry) return 'unknown'
  if (entry.residentId !== residentId) return 'foreign'
  switch (entry.status) {
    case 'claimed':
      return 'used'
    case 'withdrawn':
      return 'withdrawn'
    case 'expired':
    case 'closed':
    case 'waiting':
      return 'expired'
    case 'offered':
      return entry.offerExpiresAt && entry.offerExpiresAt.getTime() > now.getTime() ? 'claimable' : 'expired'
    default: {
      const unreachable: never = entry.status
      return unreachable
    }
  }
}

/** A claim-link token as we issue them (randomToken(32): 43 base64url characters). */
export function isWellFormedToken(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9_-]{32,64}$/.test(value)
}
