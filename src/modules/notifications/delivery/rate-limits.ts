/**
 * Rate limits and fair sharing of the delivery pump, pure so that the rules are tested alone.
 *
 * A token bucket per channel (global) and per (tenant, channel) refills at the configured sends
 * per second and holds at most one second's worth (a short burst, no hoarding while idle). Each
 * cycle the pump shares the global bucket's tokens between the tenants that have work due, one
 * tenant after another: each takes at most an equal share of what is left, so a tenant that needs
 * less leaves the rest to the ones after it.
 *
 * Buckets live in the process: with N worker processes the global rate is N × the configured rate.
 */
export class TokenBucket {
  private tokens: number
  private updatedAt: number

  constructor(
    private ratePerSecond: number,
    nowMs: number,
    private readonly burstSeconds = 1,
  ) {
    this.tokens = this.capacity()
    this.updatedAt = nowMs
  }

  private capacity(): number {
    return Math.max(1, this.ratePerSecond * this.burstSeconds)
  }

  /** Changes the rate (settings edited) without losing the current level. */
  setRate(ratePerSecond: number): void {
    this.ratePerSecond = ratePerSecond
    this.tokens = Math.min(this.tokens, this.capacity())
  }

  /** Whole tokens available at `nowMs`. */
  available(nowMs: number): number {
    this.refill(nowMs)
    return Math.floor(this.tokens)
  }

  /** Takes `count` tokens (callers take no more than available()). */
  take(count: number, nowMs: number): void {
    this.refill(nowMs)
    this.tokens = Math.max(0, this.tokens - count)
  }

  private refill(nowMs: number): void {
    const elapsed = Math.max(0, nowMs - this.updatedAt) / 1000
    this.tokens = Math.min(this.capacity(), this.tokens + elapsed * this.ratePerSecond)
    this.updatedAt = nowMs
  }
}

/**
 * Shares `available` sends between `tenantCount` tenants taken in turn: `grant()` is what the
 * next tenant may claim, `settle(used)` records what it really claimed.
 */
export function createFairShare(available: number, tenantCount: number) {
  let remaining = Math.max(0, Math.floor(available))
  let tenantsLeft = Math.max(0, tenantCount)
  return {
    /** The next tenant's share, capped by its own limit. At least 1 while anything is left. */
    grant(tenantLimit = Number.POSITIVE_INFINITY): number {
      if (remaining <= 0 || tenantsLeft <= 0) return 0
      const equal = Math.max(1, Math.floor(remaining / tenantsLeft))
      return Math.max(0, Math.min(equal, Math.floor(tenantLimit), remaining))
    },
    settle(used: number): void {
      remaining = Math.max(0, remaining - used)
      tenantsLeft = Math.max(0, tenantsLeft - 1)
    },
    get remaining(): number {
      return remaining
    },
  }
}

export interface DueWork {
  tenantId: string
  channel: string
  hasCritical: boolean
}

/**
 * The order tenants are served on one channel this cycle: tenants with critical work first, then
 * the rest, each group rotated by `turn` so that no tenant is always first.
 */
export function orderTenantsForChannel(work: DueWork[], turn: number): { critical: string[]; all: string[] } {
  const rotate = (ids: string[]) => (ids.length === 0 ? ids : [...ids.slice(turn % ids.length), ...ids.slice(0, turn % ids.length)])
  const sorted = [...work].sort((a, b) => a.tenantId.localeCompare(b.tenantId))
  const critical = rotate(sorted.filter(w => w.hasCritical).map(w => w.tenantId))
  const others = rotate(sorted.filter(w => !w.hasCritical).map(w => w.tenantId))
  return { critical, all: [...critical, ...others] }
}
