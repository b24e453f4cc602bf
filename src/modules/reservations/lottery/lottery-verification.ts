/**
 * The public check of a published draw: the seed in the lottery row is compared with the one the
 * audit log recorded at the draw, and every slot's order and winners are recomputed from that seed,
 * the entry ids and the seats each slot offered (also from the audit log), then compared with what
 * was stored. Entry ids are random and carry no personal data; residents see theirs on their pages.
 */
import { withTenant } from '../../../platform/db/tenant-context.js'
import type { ReservationDeps } from '../reservation-deps.js'
import type { Lottery, LotteryEntryStatus, Resource, Slot } from '../reservation-tables.js'
import { DRAW_ALGORITHM, drawKey, drawSlot, isDrawSeed } from './lottery-draw.js'
import { lotteryNotFound } from './lottery-errors.js'
import { findDrawAudit, findLottery, findResource, listLotteryEntries, listLotterySlots } from './lottery-repository.js'

/** Statuses an entry the draw picked can have later (confirmed, or released at the deadline). */
const DRAWN_WINNER: readonly LotteryEntryStatus[] = ['won', 'confirmed', 'released']

export interface VerifiedEntry {
  entryId: string
  key: string
  storedRank: number
  recomputedRank: number
  isStoredWinner: boolean
  isRecomputedWinner: boolean
  isMatch: boolean
}

export interface VerifiedSlot {
  slot: Slot
  seatsAtDraw: number | undefined
  entries: VerifiedEntry[]
  isMatch: boolean
}

export type LotteryVerification =
  | { isAvailable: false; lottery: Lottery; resource: Resource }
  | {
      isAvailable: true
      lottery: Lottery
      resource: Resource
      seed: string
      auditSeed: string | undefined
      algorithm: string
      isSeedRecorded: boolean
      slots: VerifiedSlot[]
      isMatch: boolean
    }

export function isPublished(lottery: Pick<Lottery, 'status'>): boolean {
  return lottery.status === 'published' || lottery.status === 'second_round'
}

export async function verifyLottery(deps: ReservationDeps, tenantId: string, lotteryId: string): Promise<LotteryVerification> {
  return withTenant(deps.platform.database.db, tenantId, async trx => {
    const lottery = await findLottery(trx, tenantId, lotteryId)
    if (!lottery) throw lotteryNotFound()
    const resource = await findResource(trx, tenantId, lottery.resourceId)
    if (!resource) throw lotteryNotFound()
    if (!isPublished(lottery) || !isDrawSeed(lottery.seed)) return { isAvailable: false as const, lottery, resource }
    const seed = lottery.seed
    const audit = await findDrawAudit(trx, tenantId, lotteryId)
    const auditSeed = typeof audit?.details.seed === 'string' ? audit.details.seed : undefined
    const algorithm = typeof audit?.details.algorithm === 'string' ? audit.details.algorithm : DRAW_ALGORITHM
    const seatsBySlot = (audit?.details.seatsBySlot ?? {}) as Record<string, unknown>
    const slots = await listLotterySlots(trx, tenantId, lotteryId)
    const entries = (await listLotteryEntries(trx, tenantId, lotteryId)).filter(entry => entry.drawRank !== null)
    const verified = slots.map((slot): VerifiedSlot => {
      const stored = entries.filter(entry => entry.slotId === slot.id)
      const seats = typeof seatsBySlot[slot.id] === 'number' ? (seatsBySlot[slot.id] as number) : undefined
      // the seats each entry needed: a space whole (its capacity), an appointment one per person
      const recomputed = new Map(drawSlot(seed, stored.map(entry => ({ id: entry.id, seats: resource.kind === 'space' ? Math.max(1, slot.capacity) : entry.partySize })), seats ?? 0).map(d => [d.id, d]))
      const rows = stored
        .map(entry => {
          const again = recomputed.get(entry.id)
          const isStoredWinner = DRAWN_WINNER.includes(entry.status)
          const row = {
            entryId: entry.id,
            key: drawKey(seed, entry.id),
            storedRank: entry.drawRank ?? 0,
            recomputedRank: again?.rank ?? 0,
            isStoredWinner,
            isRecomputedWinner: again?.isWinner ?? false,
          }
          return { ...row, isMatch: row.storedRank === row.recomputedRank && (seats === undefined || row.isStoredWinner === row.isRecomputedWinner) }
        })
        .sort((a, b) => a.recomputedRank - b.recomputedRank)
      return { slot, seatsAtDraw: seats, entries: rows, isMatch: rows.every(row => row.isMatch) && (seats !== undefined || rows.length === 0) }
    })
    const isSeedRecorded = auditSeed === seed
    return {
      isAvailable: true as const,
      lottery,
      resource,
      seed,
      auditSeed,
      algorithm,
      isSeedRecorded,
      slots: verified,
      isMatch: isSeedRecorded && algorithm === DRAW_ALGORITHM && verified.every(slot => slot.isMatch),
    }
  })
}
