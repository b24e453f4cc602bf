/**
 * The waiting room's arithmetic, pure (see queue/README.md).
 *
 * A resource is queued during its rush — from `opens_at` for `queue_minutes` — and, on any
 * resource, while this process has more than QUEUE_LOAD_THRESHOLD booking requests in flight.
 * Tickets are numbered first-come from 1 for each opening (or load episode), and ticket n is
 * admitted once
 *
 *     n ≤ floor((now − opens_at) × queue_rate_per_second) + burst,   burst = ceil(rate × QUEUE_BURST_SECONDS)
 *
 * so the line drains at the rate the booking path sustains (set queue_rate_per_second to what
 * `npm run bench -- booking-rush` measured), and the first `burst` tickets go straight through.
 */
import type { QueueTicket } from './queue-ticket.js'

/** Tickets admitted at once at the opening: this many seconds' worth of the rate. */
export const QUEUE_BURST_SECONDS = 2

/**
 * Booking requests (slot page and hold) in flight in this process above which visitors without an
 * admitted ticket are sent to the waiting room. 200 requests queued behind a pool of 10 database
 * connections at ~5 ms a booking is ~100 ms of waiting: beyond that the p99 target (250 ms) is lost,
 * so new arrivals wait in the (cheap) waiting room instead. Tunable with configureQueueLoad.
 */
export const DEFAULT_QUEUE_LOAD_THRESHOLD = 200

/** A load episode's numbering restarts after this long without a new ticket. */
export const LOAD_EPISODE_IDLE_SECONDS = 60

/** A load-episode ticket is honoured this long after its episode began. */
export const LOAD_TICKET_MAX_AGE_MS = 30 * 60 * 1000

export interface QueueSettings {
  id: string
  opensAt: Date | null
  queueMinutes: number
  queueRatePerSecond: number
}

export type QueuePhase =
  /** opens_at is in the future: 受付開始前 */
  | 'before-opening'
  /** inside [opens_at, opens_at + queue_minutes): everyone passes the waiting room */
  | 'rush'
  /** no rush now (none configured, or it is over) */
  | 'open'

export function queuePhase(resource: QueueSettings, now: Date): QueuePhase {
  if (!resource.opensAt) return 'open'
  const opensAt = resource.opensAt.getTime()
  if (now.getTime() < opensAt) return 'before-opening'
  if (resource.queueMinutes > 0 && now.getTime() < opensAt + resource.queueMinutes * 60_000) return 'rush'
  return 'open'
}

/** Whether the resource's rush uses the waiting room (a rush without queue minutes only has an opening time). */
export function hasRushQueue(resource: QueueSettings): boolean {
  return resource.opensAt !== null && resource.queueMinutes > 0
}

export function burstOf(ratePerSecond: number): number {
  return Math.ceil(ratePerSecond * QUEUE_BURST_SECONDS)
}

/** The highest ticket number admitted so far. */
export function admittedThrough(opensAtMs: number, ratePerSecond: number, nowMs: number): number {
  const elapsedSeconds = Math.max(0, nowMs - opensAtMs) / 1000
  return Math.floor(elapsedSeconds * ratePerSecond) + burstOf(ratePerSecond)
}

export function isTicketAdmitted(ticketNumber: number, opensAtMs: number, ratePerSecond: number, nowMs: number): boolean {
  return ticketNumber <= admittedThrough(opensAtMs, ratePerSecond, nowMs)
}

/** People still to be admitted before this ticket (0 = next). */
export function peopleAhead(ticketNumber: number, opensAtMs: number, ratePerSecond: number, nowMs: number): number {
  return Math.max(0, ticketNumber - admittedThrough(opensAtMs, ratePerSecond, nowMs) - 1)
}

/** Seconds until this ticket is admitted (0 when it already is). */
export function estimatedWaitSeconds(ticketNumber: number, opensAtMs: number, ratePerSecond: number, nowMs: number): number {
  if (isTicketAdmitted(ticketNumber, opensAtMs, ratePerSecond, nowMs)) return 0
  const admittedAtMs = opensAtMs + ((ticketNumber - burstOf(ratePerSecond)) / ratePerSecond) * 1000
  return Math.max(1, Math.ceil((admittedAtMs - nowMs) / 1000))
}

/** How often the waiting-room page refreshes itself: soon when the turn is near, at most every 30 s. */
export function refreshSeconds(waitSeconds: number): number {
  return Math.min(30, Math.max(3, Math.ceil(waitSeconds)))
}

/**
 * Refresh of the 受付開始前 page: at the opening plus up to `jitterSeconds` (random, so that
 * everyone who waited before the opening reaches the counter in random order — arriving early
 * gives no advantage), at most every 60 s; none when the opening is more than an hour away.
 */
export function beforeOpeningRefreshSeconds(opensAt: Date, now: Date, jitterSeconds: number): number | undefined {
  const untilOpening = (opensAt.getTime() - now.getTime()) / 1000
  if (untilOpening > 3600) return undefined
  return Math.min(60, Math.max(1, Math.ceil(untilOpening + jitterSeconds)))
}

export type QueueMode =
  /** nobody waits: go on */
  | { kind: 'none' }
  | { kind: 'before-opening'; opensAt: Date }
  /** the rush: tickets belong to this opening */
  | { kind: 'rush'; opensAtMs: number }
  /** overload: tickets of the current load episode */
  | { kind: 'load' }

/** What the waiting room does for this resource now, given this process's booking load. */
export function queueMode(resource: QueueSettings, now: Date, inFlight: number, threshold: number): QueueMode {
  const phase = queuePhase(resource, now)
  if (phase === 'before-opening' && resource.opensAt && hasRushQueue(resource)) return { kind: 'before-opening', opensAt: resource.opensAt }
  if (phase === 'rush' && resource.opensAt) return { kind: 'rush', opensAtMs: resource.opensAt.getTime() }
  if (inFlight > threshold) return { kind: 'load' }
  return { kind: 'none' }
}

/** Whether the ticket is one of the current line for this resource (signature already verified). */
export function isTicketCurrent(ticket: QueueTicket, resource: QueueSettings, mode: QueueMode, now: Date): boolean {
  if (ticket.resourceId !== resource.id) return false
  switch (mode.kind) {
    case 'rush':
      return ticket.opensAtMs === mode.opensAtMs
    case 'load':
      return ticket.opensAtMs <= now.getTime() && now.getTime() - ticket.opensAtMs <= LOAD_TICKET_MAX_AGE_MS
    case 'none':
    case 'before-opening':
      return false
    default: {
      const unreachable: never = mode
      return unreachable
    }
  }
}

/**
 * The gate on the booking path: pass when no queue applies, or with a current ticket whose turn
 * has come. Pure, so that the hot path costs one HMAC and no database query.
 */
export function isAdmittedNow(resource: QueueSettings, mode: QueueMode, ticket: QueueTicket | undefined, now: Date): boolean {
  if (mode.kind === 'none') return true
  if (mode.kind === 'before-opening' || !ticket || !isTicketCurrent(ticket, resource, mode, now)) return false
  return isTicketAdmitted(ticket.number, ticket.opensAtMs, resource.queueRatePerSecond, now.getTime())
}
