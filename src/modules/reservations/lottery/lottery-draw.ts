/**
 * The draw, pure and reproducible: anyone holding the published seed and the entry ids can
 * recompute every slot's order and its winners (the public verification page does exactly that).
 *
 * Algorithm `hmac-sha256-rank/v1` (see lottery/README.md):
 *  1. The seed is 32 random bytes (crypto.randomBytes), written as 64 lower-case hex digits.
 *  2. Each entry's draw key is HMAC-SHA256(key = the 32 seed bytes, message = the entry id as its
 *     lower-case uuid text, UTF-8), as 64 hex digits.
 *  3. A slot's entries are ordered by draw key, ascending (ties — never seen with 256-bit keys —
 *     by entry id); rank 1 is drawn first.
 *  4. Seats are handed out in that order: an entry wins when the seats it needs still fit into
 *     what is left of the slot's seats for the draw; an entry that does not fit loses, and the
 *     walk goes on (a smaller party further down may still fit).
 *
 * Why HMAC of the entry id: the order of one entry does not depend on which other entries exist
 * or on the order the database returns them, and nobody can steer an entry's key without the
 * seed, which is drawn only after applications closed.
 */
import { createHmac, randomBytes } from 'node:crypto'

export const DRAW_ALGORITHM = 'hmac-sha256-rank/v1'

const SEED_PATTERN = /^[0-9a-f]{64}$/

/** A fresh seed: 32 random bytes as hex. */
export function newDrawSeed(): string {
  return randomBytes(32).toString('hex')
}

export function isDrawSeed(value: unknown): value is string {
  return typeof value === 'string' && SEED_PATTERN.test(value)
}

/** HMAC-SHA256(seed bytes, entry id) as hex: the entry's place in its slot's order. */
export function drawKey(seed: string, entryId: string): string {
  return keyWith(seedBytes(seed), entryId)
}

function seedBytes(seed: string): Buffer {
  if (!isDrawSeed(seed)) throw new Error('a draw seed is 64 lower-case hex digits')
  return Buffer.from(seed, 'hex')
}

function keyWith(key: Buffer, entryId: string): string {
  return createHmac('sha256', key).update(entryId.toLowerCase(), 'utf8').digest('hex')
}

/** The entries of one slot in drawn order (rank 1 first); the input order does not matter. */
export function rankEntries<T extends { id: string }>(seed: string, entries: readonly T[]): T[] {
  const key = seedBytes(seed)
  const keyed = entries.map(entry => ({ entry, key: keyWith(key, entry.id), id: entry.id.toLowerCase() }))
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  return keyed.map(item => item.entry)
}

export interface DrawEntry {
  id: string
  /** seats the entry needs if it wins (a space takes the whole slot, an appointment one per person) */
  seats: number
}

export interface DrawnEntry {
  id: string
  /** 1 = drawn first */
  rank: number
  isWinner: boolean
}

/** Ranks one slot's entries and hands out `seatsAvailable` seats in that order (step 4 above). */
export function drawSlot(seed: string, entries: readonly DrawEntry[], seatsAvailable: number): DrawnEntry[] {
  let left = Math.max(0, Math.floor(seatsAvailable))
  return rankEntries(seed, entries).map((entry, index) => {
    const isWinner = entry.seats >= 1 && entry.seats <= left
    if (isWinner) left -= entry.seats
    return { id: entry.id, rank: index + 1, isWinner }
  })
}

export interface SlotToDraw {
  slotId: string
  seatsAvailable: number
  entries: readonly DrawEntry[]
}

/** Every slot of a lottery: slot id → its drawn entries. */
export function drawLottery(seed: string, slots: readonly SlotToDraw[]): Map<string, DrawnEntry[]> {
  return new Map(slots.map(slot => [slot.slotId, drawSlot(seed, slot.entries, slot.seatsAvailable)]))
}
