/**
 * Time rules of the delivery engine, pure so they can be tested without a database: when a
 * failed delivery is tried again, when it stops being tried, and when the daily digest goes out.
 */

/** A delivery is retried for this long after it was created (Notify-like: many attempts over hours). */
export const RETRY_PERIOD_MS = 24 * 60 * 60 * 1000
/** A batch still 'sending' after this long was abandoned by its worker (killed, or its provider hung). */
export const STALE_SENDING_MS = 2 * 60 * 1000
const FIRST_BACKOFF_MS = 30 * 1000
const MAX_BACKOFF_MS = 60 * 60 * 1000
const TOKYO_OFFSET_MS = 9 * 60 * 60 * 1000

/**
 * Wait before the next attempt after `attempts` attempts: 30 s, 1 min, 2 min, … capped at 1 h.
 * Jitter (±20 %) spreads a failed mass send so that it does not come back as one wave.
 */
export function computeRetryDelayMs(attempts: number, random: () => number = Math.random): number {
  const exponent = Math.max(0, Math.min(attempts - 1, 20))
  const base = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** exponent)
  const jitter = 0.8 + 0.4 * random()
  return Math.round(Math.min(MAX_BACKOFF_MS, base * jitter))
}

/** When the next attempt is due, or undefined when the retry period is over (a permanent failure). */
export function scheduleRetry(createdAt: Date, attempts: number, now: Date, random: () => number = Math.random): Date | undefined {
  const next = new Date(now.getTime() + computeRetryDelayMs(attempts, random))
  if (next.getTime() - createdAt.getTime() > RETRY_PERIOD_MS) return undefined
  return next
}

/** The next time it is `hour`:00 in Asia/Tokyo, strictly after `now` (Japan has no daylight saving time). */
export function computeNextDigestAt(now: Date, hour: number): Date {
  const local = new Date(now.getTime() + TOKYO_OFFSET_MS)
  const candidate = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate(), hour) - TOKYO_OFFSET_MS
  return new Date(candidate > now.getTime() ? candidate : candidate + 24 * 60 * 60 * 1000)
}
