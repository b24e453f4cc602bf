/**
 * After the draw: publication (winners' seats taken through booking's createBooking as 'won'
 * bookings to confirm by the deadline, a result notice for every entry), and at the deadline the
 * `reservations.close-lottery` job: unconfirmed wins expire (booking's expireDueBookings), their
 * entries are 'released', and the lottery's slots open first-come (status 'second_round').
 */
import { z } from 'zod'
import { recordAudit, type AuditActor } from '../../../platform/audit/audit-log.js'
import { withTenant } from '../../../platform/db/tenant-context.js'
import { defineJob } from '../../../platform/jobs/define-job.js'
import type { TenantContext } from '../../../platform/tenancy/tenant-service.js'
import type { Transaction } from 'kysely'
import type { Database } from '../../../platform/db/schema.js'
import { createBooking, expireDueBookings } from '../booking/index.js'
import type { ReservationDeps } from '../reservation-deps.js'
import { requirePermission, staffActor, type StaffRequest } from '../reservation-request.js'
import type { Lottery } from '../reservation-tables.js'
import { lotteryNotFound, lotteryStateChanged, secondRoundTooEarly } from './lottery-errors.js'
import { sendResultNotice, sendSecondRoundNotice } from './lottery-notices.js'
import { findLottery, findResource, listLotteryEntries, listLotterySlots, lockLottery, setEntryStatus, settleWonEntries, updateLottery } from './lottery-repository.js'
import { requireLotteryRuntime, tenantContextById } from './lottery-runtime.js'

const HOUR_MS = 60 * 60 * 1000

/** The `reservations.close-lottery` job, enqueued at publication with startAfter = the confirmation deadline. */
export const closeLotteryJob = defineJob({
  name: 'reservations.close-lottery',
  payload: z.object({ tenantId: z.guid(), lotteryId: z.guid() }),
  retryLimit: 8,
  async run({ tenantId, lotteryId }, { logger }) {
    const deps = requireLotteryRuntime()
    const opened = await openSecondRound(deps, tenantId, lotteryId, { type: 'system' }, new Date())
    if (opened) logger.info({ tenantId, lotteryId, released: opened.released }, 'lottery second round opened')
  },
})

/**
 * Publishes the results: each winning entry gets its booking (status 'won', to confirm by the
 * deadline: publication + confirm_hours, and never after the slot starts), each entry a notice,
 * and the close-lottery job is queued for the deadline.
 */
export async function publishLottery(deps: ReservationDeps, request: StaffRequest, lotteryId: string, now: Date = new Date()): Promise<Lottery> {
  requirePermission(request, 'reservations.manage')
  const tenant = request.tenant
  return withTenant(deps.platform.database.db, tenant.id, async trx => {
    const lottery = await lockLottery(trx, tenant.id, lotteryId, 'update')
    if (!lottery) throw lotteryNotFound()
    if (lottery.status !== 'drawn') throw lotteryStateChanged()
    const resource = await findResource(trx, tenant.id, lottery.resourceId)
    if (!resource) throw lotteryNotFound()
    const deadline = new Date(now.getTime() + lottery.confirmHours * HOUR_MS)
    const published = await updateLottery(trx, tenant.id, lotteryId, { status: 'published', publishedAt: now, confirmDeadlineAt: deadline })
    const slots = new Map((await listLotterySlots(trx, tenant.id, lotteryId)).map(slot => [slot.id, slot]))
    const entries = await listLotteryEntries(trx, tenant.id, lotteryId, ['won', 'lost'])
    let winners = 0
    for (const entry of entries) {
      const slot = slots.get(entry.slotId)
      if (!slot || !entry.residentId) continue
      if (entry.status === 'lost') {
        await sendResultNotice(trx, deps, tenant, published, resource.names, { residentId: entry.residentId, entryId: entry.id, slot })
        continue
      }
      const confirmBy = new Date(Math.min(deadline.getTime(), slot.startsAt.getTime()))
      const { reservation } = await createBooking(
        trx,
        deps,
        tenant,
        {
          slotId: slot.id,
          partySize: entry.partySize,
          purposeCode: entry.purposeCode ?? undefined,
          groupId: entry.groupId ?? undefined,
          applicant: { residentId: entry.residentId, name: (entry.groupName || entry.residentName || '-').slice(0, 100) },
          channel: 'lottery',
          start: { kind: 'won', confirmBy },
          idempotencyKey: `lottery-win:${entry.id}`,
          lotteryEntryId: entry.id,
          // The lottery's own rules (its application window and per-applicant limit) replace the
          // first-come windows and limits; the seats were handed out by the draw.
          isStaffOverride: true,
          createdByStaffId: request.actor.id,
          actor: staffActor(request),
          requestId: request.requestId,
        },
        now,
      )
      await setEntryStatus(trx, tenant.id, entry.id, 'won', { reservationId: reservation.id })
      await sendResultNotice(trx, deps, tenant, published, resource.names, { residentId: entry.residentId, entryId: entry.id, slot, reservationId: reservation.id, confirmBy })
      winners += 1
    }
    await deps.platform.jobs.enqueue(trx, closeLotteryJob, { tenantId: tenant.id, lotteryId }, { startAfter: deadline, idempotencyKey: `close-lottery:${lotteryId}` })
    await recordAudit(trx, tenant.id, {
      actor: staffActor(request),
      action: 'reservations.lottery-publish',
      subjectType: 'reservation_lottery',
      subjectId: lotteryId,
      details: { winners, notices: entries.length, confirmDeadlineAt: deadline.toISOString() },
      requestId: request.requestId,
    })
    return published
  })
}

/** Staff may open the second round themselves once the deadline has passed (e.g. when no worker ran the job). */
export async function openSecondRoundNow(deps: ReservationDeps, request: StaffRequest, lotteryId: string, now: Date = new Date()): Promise<void> {
  requirePermission(request, 'reservations.manage')
  const lottery = await withTenant(deps.platform.database.db, request.tenant.id, trx => findLottery(trx, request.tenant.id, lotteryId))
  if (!lottery) throw lotteryNotFound()
  if (lottery.status !== 'published') throw lotteryStateChanged()
  if (!lottery.confirmDeadlineAt || now.getTime() < lottery.confirmDeadlineAt.getTime()) throw secondRoundTooEarly()
  await openSecondRound(deps, request.tenant.id, lotteryId, staffActor(request), now, request.requestId)
}

/** Most sweeps an expiry pass makes before it stops (each expires a batch in its own short transaction). */
const MAX_EXPIRY_PASSES = 1000

/**
 * The deadline has passed: expire what is due (booking's sweep, in short transactions), then in
 * one transaction release the unconfirmed wins' entries, open the second round and tell the
 * applicants who hold no seat. Does nothing (returns undefined) unless the lottery is published
 * and past its deadline, so a repeated or early run changes nothing.
 */
export async function openSecondRound(deps: ReservationDeps, tenantId: string, lotteryId: string, actor: AuditActor, now: Date, requestId?: string): Promise<{ released: number } | undefined> {
  const db = deps.platform.database.db
  const due = await withTenant(db, tenantId, async trx => {
    const lottery = await findLottery(trx, tenantId, lotteryId)
    return lottery?.status === 'published' && lottery.confirmDeadlineAt !== null && lottery.confirmDeadlineAt.getTime() <= now.getTime()
  })
  if (!due) return undefined
  for (let pass = 0; pass < MAX_EXPIRY_PASSES; pass++) {
    const expired = await withTenant(db, tenantId, async trx => {
      const tenant = await tenantContextById(trx, tenantId)
      return tenant ? expireDueBookings(trx, deps, tenant, now) : 0
    })
    if (expired === 0) break
  }
  return withTenant(db, tenantId, async trx => {
    const tenant = await tenantContextById(trx, tenantId)
    const lottery = await lockLottery(trx, tenantId, lotteryId, 'update')
    if (!tenant || !lottery || lottery.status !== 'published') return undefined
    const released = await settleWonEntries(trx, tenantId, lotteryId)
    const opened = await updateLottery(trx, tenantId, lotteryId, { status: 'second_round', secondRoundAt: now })
    await notifySecondRound(trx, deps, tenant, opened)
    await recordAudit(trx, tenantId, { actor, action: 'reservations.lottery-second-round', subjectType: 'reservation_lottery', subjectId: lotteryId, details: { released }, requestId })
    return { released }
  })
}

/** Applicants with an entry that lost (or a win released) hear once that the free seats are first-come now. */
async function notifySecondRound(trx: Transaction<Database>, deps: ReservationDeps, tenant: TenantContext, lottery: Lottery): Promise<void> {
  const resource = await findResource(trx, tenant.id, lottery.resourceId)
  if (!resource) return
  const slots = await listLotterySlots(trx, tenant.id, lottery.id)
  if (!slots.some(slot => slot.status === 'open' && slot.remaining > 0)) return
  const entries = await listLotteryEntries(trx, tenant.id, lottery.id, ['lost', 'released'])
  const residents = new Set(entries.map(entry => entry.residentId).filter((id): id is string => id !== null))
  for (const residentId of residents) await sendSecondRoundNotice(trx, deps, tenant, lottery, resource.names, residentId)
}
