/**
 * Staff running a lottery (reservations.manage): create it over a resource's slots, close the
 * applications, draw. Publication and the second round are in lottery-round.ts. Every action is
 * one short transaction, audited; a refusal is a 4xx and writes nothing.
 */
import { recordAudit } from '../../../platform/audit/audit-log.js'
import { withTenant } from '../../../platform/db/tenant-context.js'
import { addCalendarDays } from '../../../jp/calendar-date.js'
import type { ReservationDeps } from '../reservation-deps.js'
import { requirePermission, staffActor, type StaffRequest } from '../reservation-request.js'
import type { Lottery, Resource } from '../reservation-tables.js'
import { tokyoInstant } from '../reservation-time.js'
import { DRAW_ALGORITHM, drawLottery, newDrawSeed, type SlotToDraw } from './lottery-draw.js'
import { drawTooEarly, lotteryNotFound, lotteryStateChanged } from './lottery-errors.js'
import type { FieldProblems, NewLotteryInput } from './lottery-form.js'
import {
  attachSlots,
  findLottery,
  findResource,
  insertLottery,
  listLotteryEntries,
  listLotterySlots,
  lockLottery,
  recordDrawResults,
  updateLottery,
  withdrawOrphanedEntries,
  type EntryRow,
  type LotterySlotRow,
} from './lottery-repository.js'

/** Seats one entry takes if it wins (booking's rule: a space is booked whole, an appointment per person). */
export function seatsForEntry(resource: Pick<Resource, 'kind'>, slot: { capacity: number }, partySize: number): number {
  return resource.kind === 'space' ? Math.max(1, slot.capacity) : partySize
}

/** Seats a slot offers to the draw: what is left of it, none when it is closed or already started. */
export function seatsForDraw(slot: { status: 'open' | 'closed'; remaining: number; startsAt: Date }, now: Date): number {
  return slot.status === 'open' && slot.startsAt.getTime() > now.getTime() ? slot.remaining : 0
}

/** Creates a lottery and puts the resource's untouched slots in the date range into it. */
export async function createLottery(deps: ReservationDeps, request: StaffRequest, input: NewLotteryInput): Promise<{ ok: true; lottery: Lottery; slotCount: number } | { ok: false; problems: FieldProblems }> {
  requirePermission(request, 'reservations.manage')
  const tenantId = request.tenant.id
  const outcome = await withTenant(deps.platform.database.db, tenantId, async trx => {
    const resource = await findResource(trx, tenantId, input.resourceId)
    if (!resource || resource.status !== 'active') return { ok: false as const, problems: { resourceId: 'reservations.lottery.invalid.resource' } }
    const lottery = await insertLottery(trx, {
      tenantId,
      titles: JSON.stringify(input.titles),
      resourceId: resource.id,
      slotsFrom: input.slotsFrom,
      slotsUntil: input.slotsUntil,
      applicationsOpenAt: input.applicationsOpenAt,
      applicationsCloseAt: input.applicationsCloseAt,
      maxEntriesPerApplicant: input.maxEntriesPerApplicant,
      confirmHours: input.confirmHours,
    })
    const slotCount = await attachSlots(trx, tenantId, lottery.id, resource.id, tokyoInstant(input.slotsFrom, '00:00'), tokyoInstant(addCalendarDays(input.slotsUntil, 1), '00:00'))
    // Nothing to draw: roll back (the thrown marker) rather than leave an empty lottery behind.
    if (slotCount === 0) throw new NoSlots()
    await recordAudit(trx, tenantId, {
      actor: staffActor(request),
      action: 'reservations.lottery-create',
      subjectType: 'reservation_lottery',
      subjectId: lottery.id,
      details: { resourceId: resource.id, slotsFrom: input.slotsFrom, slotsUntil: input.slotsUntil, slotCount, maxEntriesPerApplicant: input.maxEntriesPerApplicant, confirmHours: input.confirmHours },
      requestId: request.requestId,
    })
    return { ok: true as const, lottery, slotCount }
  }).catch((error: unknown) => {
    if (error instanceof NoSlots) return { ok: false as const, problems: { slotsFrom: 'reservations.lottery.invalid.noSlots' } }
    throw error
  })
  return outcome
}

class NoSlots extends Error {}

/** Stops accepting applications now (before the planned close, or to make the close explicit). */
export async function closeApplications(deps: ReservationDeps, request: StaffRequest, lotteryId: string): Promise<Lottery> {
  requirePermission(request, 'reservations.manage')
  const tenantId = request.tenant.id
  return withTenant(deps.platform.database.db, tenantId, async trx => {
    const lottery = await lockLottery(trx, tenantId, lotteryId, 'update')
    if (!lottery) throw lotteryNotFound()
    if (lottery.status !== 'open') throw lotteryStateChanged()
    const closed = await updateLottery(trx, tenantId, lotteryId, { status: 'closed' })
    await recordAudit(trx, tenantId, { actor: staffActor(request), action: 'reservations.lottery-close', subjectType: 'reservation_lottery', subjectId: lotteryId, requestId: request.requestId })
    return closed
  })
}

/**
 * The draw: a fresh 32-byte seed, every slot's entries ordered by HMAC-SHA256(seed, entry id) and
 * the slot's seats handed out in that order (lottery-draw.ts). Entries become 'won' or 'lost' with
 * their rank; the seed goes into the lottery row and, with the seats per slot, into the audit log.
 * Seats are taken at publication (lottery-round.ts), so no result shows before it.
 */
export async function drawLotteryNow(deps: ReservationDeps, request: StaffRequest, lotteryId: string, now: Date = new Date()): Promise<Lottery> {
  requirePermission(request, 'reservations.manage')
  const tenantId = request.tenant.id
  return withTenant(deps.platform.database.db, tenantId, async trx => {
    const lottery = await lockLottery(trx, tenantId, lotteryId, 'update')
    if (!lottery) throw lotteryNotFound()
    if (lottery.status === 'open' && now.getTime() < lottery.applicationsCloseAt.getTime()) throw drawTooEarly()
    if (lottery.status !== 'open' && lottery.status !== 'closed') throw lotteryStateChanged()
    const resource = await findResource(trx, tenantId, lottery.resourceId)
    if (!resource) throw lotteryNotFound()
    await withdrawOrphanedEntries(trx, tenantId, lotteryId)
    const slots = await listLotterySlots(trx, tenantId, lotteryId)
    const entries = await listLotteryEntries(trx, tenantId, lotteryId, ['entered'])
    const bySlot = new Map<string, EntryRow[]>()
    for (const entry of entries) bySlot.set(entry.slotId, [...(bySlot.get(entry.slotId) ?? []), entry])
    const toDraw: SlotToDraw[] = slots.map(slot => ({
      slotId: slot.id,
      seatsAvailable: seatsForDraw(slot, now),
      entries: (bySlot.get(slot.id) ?? []).map(entry => ({ id: entry.id, seats: seatsForEntry(resource, slot, entry.partySize) })),
    }))
    const seed = newDrawSeed()
    const drawn = drawLottery(seed, toDraw)
    const results = [...drawn.values()].flat().map(d => ({ id: d.id, rank: d.rank, status: d.isWinner ? ('won' as const) : ('lost' as const) }))
    await recordDrawResults(trx, tenantId, results)
    const updated = await updateLottery(trx, tenantId, lotteryId, { status: 'drawn', seed, drawnAt: now, drawnByStaffId: request.actor.id })
    await recordAudit(trx, tenantId, {
      actor: staffActor(request),
      action: 'reservations.lottery-draw',
      subjectType: 'reservation_lottery',
      subjectId: lotteryId,
      details: {
        seed,
        algorithm: DRAW_ALGORITHM,
        entryCount: results.length,
        winnerCount: results.filter(r => r.status === 'won').length,
        // the seats each slot offered at the draw: with the seed, enough to recompute every winner
        seatsBySlot: Object.fromEntries(toDraw.map(slot => [slot.slotId, slot.seatsAvailable])),
      },
      requestId: request.requestId,
    })
    return updated
  })
}

export interface StaffLotteryView {
  lottery: Lottery
  resource: Resource
  slots: LotterySlotRow[]
  entries: EntryRow[]
}

/** The staff detail page's data; reading who applied is a read of personal data, so it is audited. */
export async function readLotteryForStaff(deps: ReservationDeps, request: StaffRequest, lotteryId: string): Promise<StaffLotteryView> {
  requirePermission(request, 'reservations.manage')
  const tenantId = request.tenant.id
  return withTenant(deps.platform.database.db, tenantId, async trx => {
    const lottery = await findLottery(trx, tenantId, lotteryId)
    if (!lottery) throw lotteryNotFound()
    const resource = await findResource(trx, tenantId, lottery.resourceId)
    if (!resource) throw lotteryNotFound()
    const slots = await listLotterySlots(trx, tenantId, lotteryId)
    const entries = await listLotteryEntries(trx, tenantId, lotteryId)
    if (entries.length > 0) {
      await recordAudit(trx, tenantId, {
        actor: staffActor(request),
        action: 'reservations.read-lottery-entries',
        subjectType: 'reservation_lottery',
        subjectId: lotteryId,
        details: { entryCount: entries.length },
        requestId: request.requestId,
      })
    }
    return { lottery, resource, slots, entries }
  })
}
