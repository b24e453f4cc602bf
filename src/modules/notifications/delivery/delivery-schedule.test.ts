import { describe, expect, it } from 'vitest'
import { computeNextDigestAt, computeRetryDelayMs, scheduleRetry, RETRY_PERIOD_MS } from './delivery-schedule.js'

const middle = () => 0.5

describe('retry backoff', () => {
  it('waits 30 seconds after the first attempt and doubles up to one hour', () => {
    expect(computeRetryDelayMs(1, middle)).toBe(30_000)
    expect(computeRetryDelayMs(2, middle)).toBe(60_000)
    expect(computeRetryDelayMs(5, middle)).toBe(480_000)
    expect(computeRetryDelayMs(9, middle)).toBe(3_600_000)
    expect(computeRetryDelayMs(30, middle)).toBe(3_600_000)
  })

  it('spreads retries by up to 20 % either way, never beyond one hour', () => {
    expect(computeRetryDelayMs(1, () => 0)).toBe(24_000)
    expect(computeRetryDelayMs(1, () => 1)).toBe(36_000)
    expect(computeRetryDelayMs(12, () => 1)).toBe(3_600_000)
  })

  it('stops retrying once the next attempt would fall after the retry period', () => {
    const created = new Date('2025-01-01T00:00:00Z')
    expect(scheduleRetry(created, 1, new Date(created.getTime() + 60_000), middle)).toEqual(new Date(created.getTime() + 90_000))
    expect(scheduleRetry(created, 20, new Date(created.getTime() + RETRY_PERIOD_MS - 10 * 60_000), middle)).toBeUndefined()
  })
})

describe('digest time', () => {
  it('is today at the digest hour in Tokyo when that is still ahead', () => {
    expect(computeNextDigestAt(new Date('2025-06-01T01:00:00Z'), 18).toISOString()).toBe('2025-06-01T09:00:00.000Z')
  })

  it('is tomorrow when today’s digest hour has passed, across the UTC date line', () => {
    expect(computeNextDigestAt(new Date('2025-06-01T09:30:00Z'), 18).toISOString()).toBe('2025-06-02T09:00:00.000Z')
    // 07:00 on 2 June in Tokyo is still 1 June in UTC
    expect(computeNextDigestAt(new Date('2025-06-01T22:00:00Z'), 7).toISOString()).toBe('2025-06-02T22:00:00.000Z')
    expect(computeNextDigestAt(new Date('2025-06-01T21:00:00Z'), 7).toISOString()).toBe('2025-06-01T22:00:00.000Z')
  })
})
