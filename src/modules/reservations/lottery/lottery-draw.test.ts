import { createHash, createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { DRAW_ALGORITHM, drawKey, drawLottery, drawSlot, isDrawSeed, newDrawSeed, rankEntries } from './lottery-draw.js'

/** A fixed seed per index: the statistical tests below are deterministic and cannot flake. */
const fixedSeed = (index: number) => createHash('sha256').update(`yakuba-lottery-fairness-${index}`).digest('hex')
const entryId = (index: number) => `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`

function chiSquare(observed: number[], expected: number): number {
  return observed.reduce((sum, count) => sum + (count - expected) ** 2 / expected, 0)
}

describe('the seeded draw', () => {
  it('makes 32-byte hex seeds that differ every time', () => {
    const a = newDrawSeed()
    const b = newDrawSeed()
    expect(isDrawSeed(a)).toBe(true)
    expect(a).toHaveLength(64)
    expect(a).not.toBe(b)
    expect(isDrawSeed('XYZ')).toBe(false)
  })

  it('keys an entry by HMAC-SHA256 of its id under the seed bytes, as the README documents', () => {
    const seed = fixedSeed(1)
    const expected = createHmac('sha256', Buffer.from(seed, 'hex')).update(entryId(7)).digest('hex')
    expect(drawKey(seed, entryId(7))).toBe(expected)
    expect(drawKey(seed, entryId(7).toUpperCase())).toBe(expected)
    expect(() => drawKey('not-a-seed', entryId(7))).toThrow()
    expect(DRAW_ALGORITHM).toBe('hmac-sha256-rank/v1')
  })

  it('gives the same order for the same seed whatever order the entries come in', () => {
    const entries = Array.from({ length: 20 }, (_, i) => ({ id: entryId(i), seats: 1 }))
    const seed = fixedSeed(2)
    const first = rankEntries(seed, entries).map(e => e.id)
    const shuffled = [...entries].reverse()
    expect(rankEntries(seed, shuffled).map(e => e.id)).toEqual(first)
    expect(drawSlot(seed, entries, 3)).toEqual(drawSlot(seed, shuffled, 3))
  })

  it('gives another order for another seed', () => {
    const entries = Array.from({ length: 20 }, (_, i) => ({ id: entryId(i), seats: 1 }))
    expect(rankEntries(fixedSeed(3), entries).map(e => e.id)).not.toEqual(rankEntries(fixedSeed(4), entries).map(e => e.id))
  })

  it('hands seats out in drawn order until the slot is full, skipping a party that does not fit', () => {
    const seed = fixedSeed(5)
    const ranked = rankEntries(seed, Array.from({ length: 5 }, (_, i) => ({ id: entryId(i) })))
    // the first ranked entry needs 3 seats, the second 2 (does not fit into the 1 left of 4), the rest 1
    const sizes = new Map(ranked.map((entry, index) => [entry.id, index === 0 ? 3 : index === 1 ? 2 : 1]))
    const drawn = drawSlot(seed, ranked.map(e => ({ id: e.id, seats: sizes.get(e.id) ?? 1 })), 4)
    expect(drawn.map(d => d.rank)).toEqual([1, 2, 3, 4, 5])
    expect(drawn.map(d => d.isWinner)).toEqual([true, false, true, false, false])
  })

  it('lets nobody win a slot with no seats and ranks everyone anyway', () => {
    const drawn = drawSlot(fixedSeed(6), [{ id: entryId(1), seats: 1 }, { id: entryId(2), seats: 1 }], 0)
    expect(drawn.every(d => !d.isWinner)).toBe(true)
    expect(drawn.map(d => d.rank).sort()).toEqual([1, 2])
  })

  it('draws every slot of a lottery independently', () => {
    const slots = [
      { slotId: 'a', seatsAvailable: 1, entries: [{ id: entryId(1), seats: 1 }, { id: entryId(2), seats: 1 }] },
      { slotId: 'b', seatsAvailable: 2, entries: [{ id: entryId(3), seats: 1 }] },
    ]
    const result = drawLottery(fixedSeed(7), slots)
    expect(result.get('a')?.filter(d => d.isWinner)).toHaveLength(1)
    expect(result.get('b')).toEqual([{ id: entryId(3), rank: 1, isWinner: true }])
  })

  it('is fair: each of 5 entrants wins a one-seat slot about 1/5 of 2,000 draws (chi-square, fixed seeds)', () => {
    const entrants = 5
    const draws = 2000
    const entries = Array.from({ length: entrants }, (_, i) => ({ id: entryId(100 + i), seats: 1 }))
    const wins = new Array<number>(entrants).fill(0)
    for (let d = 0; d < draws; d++) {
      const winner = drawSlot(fixedSeed(1000 + d), entries, 1).find(e => e.isWinner)
      wins[entries.findIndex(e => e.id === winner?.id)] += 1
    }
    expect(wins.reduce((a, b) => a + b, 0)).toBe(draws)
    // df = 4; the 0.999 quantile is 18.47: a fair draw stays below it, a biased one does not
    expect(chiSquare(wins, draws / entrants)).toBeLessThan(18.47)
    for (const count of wins) expect(Math.abs(count / draws - 1 / entrants)).toBeLessThan(0.025)
  })

  it('is fair over positions: every entrant lands in every rank equally often (chi-square, fixed seeds)', () => {
    const entrants = 4
    const draws = 2000
    const entries = Array.from({ length: entrants }, (_, i) => ({ id: entryId(200 + i), seats: 1 }))
    const counts = Array.from({ length: entrants }, () => new Array<number>(entrants).fill(0))
    for (let d = 0; d < draws; d++) {
      rankEntries(fixedSeed(50_000 + d), entries).forEach((entry, rank) => {
        counts[entries.findIndex(e => e.id === entry.id)][rank] += 1
      })
    }
    // 16 cells, df = (4 − 1)² = 9; the 0.999 quantile is 27.88
    expect(chiSquare(counts.flat(), draws / entrants)).toBeLessThan(27.88)
  })

  it('would fail the fairness test for a biased order (the test can fail)', () => {
    const entrants = 5
    // ordering by id alone always picks the same winner
    const wins = [2000, 0, 0, 0, 0]
    expect(chiSquare(wins, 2000 / entrants)).toBeGreaterThan(18.47)
  })
})
