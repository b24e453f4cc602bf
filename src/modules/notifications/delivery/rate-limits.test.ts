import { describe, expect, it } from 'vitest'
import { TokenBucket, createFairShare, orderTenantsForChannel } from './rate-limits.js'

describe('token bucket', () => {
  it('starts full with one second of sends and refills at the rate, never above one second', () => {
    const bucket = new TokenBucket(100, 0)
    expect(bucket.available(0)).toBe(100)
    bucket.take(100, 0)
    expect(bucket.available(0)).toBe(0)
    expect(bucket.available(250)).toBe(25)
    expect(bucket.available(10_000)).toBe(100)
  })

  it('allows at least one send per second on a very slow channel', () => {
    const bucket = new TokenBucket(0.5, 0)
    expect(bucket.available(0)).toBe(1)
    bucket.take(1, 0)
    expect(bucket.available(1000)).toBe(0)
    expect(bucket.available(2000)).toBe(1)
  })

  it('keeps its level when the rate is lowered, capped at the new capacity', () => {
    const bucket = new TokenBucket(100, 0)
    bucket.setRate(10)
    expect(bucket.available(0)).toBe(10)
  })
})

describe('fair share', () => {
  it('gives each tenant an equal share of what is left, passing on what a tenant did not use', () => {
    const share = createFairShare(1000, 3)
    expect(share.grant()).toBe(333)
    share.settle(10) // the first tenant needed only 10
    expect(share.grant()).toBe(495)
    share.settle(495)
    expect(share.grant()).toBe(495)
    share.settle(495)
    expect(share.remaining).toBe(0)
  })

  it('caps a grant at the tenant’s own limit', () => {
    const share = createFairShare(1000, 2)
    expect(share.grant(50)).toBe(50)
  })

  it('grants at least one send while any is left, so a single token is not stuck between many tenants', () => {
    const share = createFairShare(1, 5)
    expect(share.grant()).toBe(1)
    share.settle(1)
    expect(share.grant()).toBe(0)
  })
})

describe('tenant order on a channel', () => {
  const work = [
    { tenantId: 'a', channel: 'line', hasCritical: false },
    { tenantId: 'b', channel: 'line', hasCritical: true },
    { tenantId: 'c', channel: 'line', hasCritical: false },
  ]

  it('serves tenants with critical work first', () => {
    expect(orderTenantsForChannel(work, 0)).toEqual({ critical: ['b'], all: ['b', 'a', 'c'] })
  })

  it('rotates the others from cycle to cycle so that none is always first', () => {
    expect(orderTenantsForChannel(work, 1).all).toEqual(['b', 'c', 'a'])
    expect(orderTenantsForChannel(work, 2).all).toEqual(['b', 'a', 'c'])
  })
})
