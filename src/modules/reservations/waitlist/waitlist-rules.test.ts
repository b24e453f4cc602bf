import { describe, expect, it } from 'vitest'
import { broadcastRecipients, claimStateOf, isWellFormedToken, offerExpiresAt, planSequentialOffers, seatsNeeded } from './waitlist-rules.js'
import { randomToken } from '../../../platform/crypto.js'

const now = new Date('2025-10-01T01:00:00Z')
const later = (minutes: number) => new Date(now.getTime() + minutes * 60_000)

describe('seats a waiting party needs', () => {
  it('needs the whole slot for a space and one seat per person for an appointment', () => {
    expect(seatsNeeded('space', 6, 1)).toBe(1)
    expect(seatsNeeded('appointment', 3, 20)).toBe(3)
  })
})

describe('sequential offers', () => {
  it('offers a freed seat to the first person on the waitlist', () => {
    expect(planSequentialOffers([{ id: 'a', seatsNeeded: 1 }, { id: 'b', seatsNeeded: 1 }], 1, 0)).toEqual([{ entryId: 'a', fromFreed: 1, fromSlot: 0 }])
  })

  it('skips a party the seats cannot serve and keeps its place for later', () => {
    expect(planSequentialOffers([{ id: 'a', seatsNeeded: 3 }, { id: 'b', seatsNeeded: 1 }], 1, 0)).toEqual([{ entryId: 'b', fromFreed: 1, fromSlot: 0 }])
  })

  it('shares several freed seats among the people in line', () => {
    expect(planSequentialOffers([{ id: 'a', seatsNeeded: 2 }, { id: 'b', seatsNeeded: 2 }, { id: 'c', seatsNeeded: 1 }], 3, 0)).toEqual([
      { entryId: 'a', fromFreed: 2, fromSlot: 0 },
      { entryId: 'c', fromFreed: 1, fromSlot: 0 },
    ])
  })

  it('tops a party up from the seats still open on the slot', () => {
    expect(planSequentialOffers([{ id: 'a', seatsNeeded: 2 }], 1, 1)).toEqual([{ entryId: 'a', fromFreed: 1, fromSlot: 1 }])
  })

  it('offers nothing when nobody waits or nothing was freed', () => {
    expect(planSequentialOffers([], 2, 0)).toEqual([])
    expect(planSequentialOffers([{ id: 'a', seatsNeeded: 1 }], 0, 5)).toEqual([])
  })
})

describe('broadcast offers', () => {
  it('tells everyone whose party fits in the open seats', () => {
    expect(broadcastRecipients([{ id: 'a', seatsNeeded: 1 }, { id: 'b', seatsNeeded: 3 }, { id: 'c', seatsNeeded: 2 }], 2)).toEqual(['a', 'c'])
  })
})

describe('offer expiry', () => {
  it('lasts the offer minutes but never past the start of the slot', () => {
    expect(offerExpiresAt(now, 30, later(120))).toEqual(later(30))
    expect(offerExpiresAt(now, 30, later(10))).toEqual(later(10))
  })
})

describe('what a claim link can do', () => {
  const offered = { residentId: 'r1', status: 'offered' as const, offerExpiresAt: later(5) }

  it('is claimable by its resident while the offer lasts', () => {
    expect(claimStateOf(offered, 'r1', now)).toBe('claimable')
  })

  it('refuses another resident, an unknown link, a used, expired or withdrawn one', () => {
    expect(claimStateOf(offered, 'r2', now)).toBe('foreign')
    expect(claimStateOf(undefined, 'r1', now)).toBe('unknown')
    expect(claimStateOf({ ...offered, status: 'claimed' }, 'r1', now)).toBe('used')
    expect(claimStateOf(offered, 'r1', later(5))).toBe('expired')
    expect(claimStateOf({ ...offered, status: 'expired' }, 'r1', now)).toBe('expired')
    expect(claimStateOf({ ...offered, status: 'waiting' }, 'r1', now)).toBe('expired')
    expect(claimStateOf({ ...offered, status: 'withdrawn' }, 'r1', now)).toBe('withdrawn')
  })

  it('accepts only tokens shaped like the ones it issues', () => {
    expect(isWellFormedToken(randomToken())).toBe(true)
    expect(isWellFormedToken('short')).toBe(false)
    expect(isWellFormedToken(`${'a'.repeat(40)}/..`)).toBe(false)
    expect(isWellFormedToken(undefined)).toBe(false)
  })
})
