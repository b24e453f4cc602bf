/**
 * Residents entering a lottery and withdrawing. Every rule is checked in the transaction that
 * writes: the application window (with the lottery row share-locked, so staff closing it waits
 * for entries in flight), the slot, the purpose and group, one entry per slot, and the limit per
 * applicant (the resident, or the group when entering for one) under a per-applicant lock.
 * A resident's own entry is not audited (the row records it; see the common rules).
 */
import { withTenant } from '../../../platform/db/tenant-context.js'
import type { ReservationDeps } from '../reservation-deps.js'
import type { ResidentRequest } from '../reservation-request.js'
import type { Lottery, LotteryEntry } from '../reservation-tables.js'
import {
  alreadyEntered,
  applicationsClosed,
  entryLimitReached,
  entryNotWithdrawable,
  groupAlreadyEntered,
  groupEntryLimitReached,
  groupNotAllowed,
  idempotencyKeyReused,
  lotteryNotFound,
  partyTooLarge,
  purposeNotAllowed,
  slotNotInLottery,
} from './lottery-errors.js'
import type { EntryInput } from './lottery-form.js'
import { rememberApplicantName } from '../booking/index.js'
import {
  countApplicantEntries,
  findEntry,
  findEntryByIdempotencyKey,
  findLotterySlot,
  findResource,
  hasLiveEntryOnSlot,
  insertEntry,
  listPurposes,
  listResidentGroups,
  lockApplicant,
  lockLottery,
  setEntryStatus,
} from './lottery-repository.js'

/** Applications are taken from applications_open_at (inclusive) to applications_close_at (exclusive), while the lottery is open. */
export function isAcceptingEntries(lottery: Pick<Lottery, 'status' | 'applicationsOpenAt' | 'applicationsCloseAt'>, now: Date): boolean {
  return lottery.status === 'open' && now.getTime() >= lottery.applicationsOpenAt.getTime() && now.getTime() < lottery.applicationsCloseAt.getTime()
}

/** The largest party one entry may bring (booking's rule: a space holds its capacity, an appointment max_party_size). */
export function maxPartyFor(resource: { kind: 'space' | 'appointment'; capacityPeople: number; maxPartySize: number }): number {
  return resource.kind === 'space' ? resource.capacityPeople : resource.maxPartySize
}

/** Enters the resident (or their group) for one slot; a repeated request with the same key returns the first entry. */
export async function enterLottery(deps: ReservationDeps, request: ResidentRequest, lotteryId: string, slotId: string, input: EntryInput, now: Date = new Date()): Promise<{ entry: LotteryEntry; isNew: boolean }> {
  const tenantId = request.tenant.id
  const residentId = request.resident.id
  return withTenant(deps.platform.database.db, tenantId, async trx => {
    await lockApplicant(trx, lotteryId, `resident:${residentId}`)
    const replay = await findEntryByIdempotencyKey(trx, tenantId, input.idempotencyKey)
    if (replay) {
      if (replay.residentId === residentId && replay.lotteryId === lotteryId && replay.slotId === slotId) return { entry: replay, isNew: false }
      throw idempotencyKeyReused()
    }
    const lottery = await lockLottery(trx, tenantId, lotteryId, 'share')
    if (!lottery) throw lotteryNotFound()
    if (!isAcceptingEntries(lottery, now)) throw applicationsClosed()
    const slot = await findLotterySlot(trx, tenantId, lotteryId, slotId)
    if (!slot || slot.status !== 'open') throw slotNotInLottery()
    const resource = await findResource(trx, tenantId, lottery.resourceId)
    if (!resource) throw lotteryNotFound()
    const maxParty = maxPartyFor(resource)
    if (input.partySize > maxParty) throw partyTooLarge(maxParty)
    if (input.purposeCode !== undefined) {
      const known = (await listPurposes(trx, tenantId)).some(purpose => purpose.code === input.purposeCode)
      if (!known || (resource.purposes.length > 0 && !resource.purposes.includes(input.purposeCode))) throw purposeNotAllowed()
    }
    if (input.groupId !== undefined) {
      const groups = await listResidentGroups(trx, tenantId, residentId)
      if (!groups.some(group => group.id === input.groupId)) throw groupNotAllowed()
      await lockApplicant(trx, lotteryId, `group:${input.groupId}`)
    }
    if (await hasLiveEntryOnSlot(trx, tenantId, slotId, { residentId })) throw alreadyEntered()
    if (input.groupId !== undefined && (await hasLiveEntryOnSlot(trx, tenantId, slotId, { groupId: input.groupId }))) throw groupAlreadyEntered()
    const limit = lottery.maxEntriesPerApplicant
    if (input.groupId !== undefined) {
      if ((await countApplicantEntries(trx, tenantId, lotteryId, { groupId: input.groupId })) >= limit) throw groupEntryLimitReached(limit)
    } else if ((await countApplicantEntries(trx, tenantId, lotteryId, { residentId })) >= limit) {
      throw entryLimitReached(limit)
    }
    const entry = await insertEntry(trx, {
      tenantId,
      lotteryId,
      slotId,
      residentId,
      groupId: input.groupId ?? null,
      partySize: input.partySize,
      purposeCode: input.purposeCode ?? null,
      idempotencyKey: input.idempotencyKey,
    })
    // the win is booked later without a form: the name must be on the account by then
    if (input.applicantName) await rememberApplicantName(trx, tenantId, residentId, input.applicantName)
    return { entry, isNew: true }
  })
}

/** Withdraws one of the resident's entries while applications are open. */
export async function withdrawEntry(deps: ReservationDeps, request: ResidentRequest, lotteryId: string, entryId: string, now: Date = new Date()): Promise<LotteryEntry> {
  const tenantId = request.tenant.id
  const residentId = request.resident.id
  return withTenant(deps.platform.database.db, tenantId, async trx => {
    const entry = await findEntry(trx, tenantId, entryId)
    if (!entry || entry.residentId !== residentId || entry.lotteryId !== lotteryId) throw lotteryNotFound()
    await lockApplicant(trx, entry.lotteryId, `resident:${residentId}`)
    const lottery = await lockLottery(trx, tenantId, entry.lotteryId, 'share')
    if (!lottery) throw lotteryNotFound()
    const current = await findEntry(trx, tenantId, entryId)
    if (!current || current.status !== 'entered' || !isAcceptingEntries(lottery, now)) throw entryNotWithdrawable()
    await setEntryStatus(trx, tenantId, entryId, 'withdrawn')
    return { ...current, status: 'withdrawn' }
  })
}
