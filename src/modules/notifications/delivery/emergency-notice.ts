/**
 * Emergency notices (the disaster module's evacuation information): a critical broadcast to
 * districts that must reach the first phones within seconds even when it targets a whole city.
 *
 * Two phases. `createEmergencyNotice` runs in the caller's transaction: the notice (status
 * sending, no deliveries yet) and a safety job, so the send is durable the moment the caller
 * commits. `queueEmergencyDeliveries` then makes the deliveries district slice by district slice,
 * each slice its own short transaction (1, 2, 4, 8 … districts), and wakes the pump after the
 * first — the pump sends the first district while the rest are still being made. Slices skip rows
 * already made, so a crash mid-way is finished by the safety job (`notifications.finish-emergency-
 * notice`, two minutes later), and a notice counts as complete only once every slice is made.
 */
import type { Transaction } from 'kysely'
import { z } from 'zod'
import type { Database } from '../../../platform/db/schema.js'
import type { Platform } from '../../../platform/platform.js'
import { withTenant, type Db } from '../../../platform/db/tenant-context.js'
import { defineJob } from '../../../platform/jobs/define-job.js'
import { notificationsDb, type NoticeContent } from '../notification-tables.js'
import { finishNoticeQueueing, insertNotice, queueNoticeSlice } from './notice-dispatch.js'
import { countDeliveryTargets, type DeliveryTargetCount } from './delivery-targets.js'
import { wakeDeliveryPump } from './delivery-pump.js'

export interface EmergencyNoticeInput {
  /** per language: subject and body (ja required), optional SMS / push / LINE texts */
  content: NoticeContent
  /** districts of the notifications hub (residents who registered one of them) */
  districtIds: string[]
  /** site-relative page with the details, e.g. /demo/alerts/… */
  linkUrl: string
  /** 訓練: inbox only, marked 【訓練】 in every language, never on an external channel */
  isTraining: boolean
  createdByStaffId: string | null
  /** unique per tenant (e.g. the alert revision): a repeat returns the notice already made */
  idempotencyKey: string
}

/** Minutes after which the safety job finishes a queueing that did not finish in the request. */
export const EMERGENCY_SAFETY_DELAY_MS = 2 * 60_000

export const finishEmergencyNotice = defineJob({
  name: 'notifications.finish-emergency-notice',
  payload: z.object({ tenantId: z.uuid(), noticeId: z.uuid() }),
  retryLimit: 10,
  retryDelaySeconds: 30,
  async run({ tenantId, noticeId }, ctx) {
    await queueInSlices(ctx.db, tenantId, noticeId, () => undefined)
  },
})

/**
 * The notice, in the caller's transaction; its deliveries are made by queueEmergencyDeliveries
 * after the caller commits (or, failing that, by the safety job). The hub's own approval step is
 * skipped: the caller has applied its own (the two-person rule).
 */
export async function createEmergencyNotice(trx: Transaction<Database>, platform: Platform, tenantId: string, input: EmergencyNoticeInput): Promise<{ noticeId: string }> {
  const { notice, isNew } = await insertNotice(
    trx,
    tenantId,
    {
      kind: 'broadcast',
      priority: 'critical',
      isTraining: input.isTraining,
      content: input.content,
      audience: { kind: 'districts', districtIds: input.districtIds },
      linkUrl: input.linkUrl,
      source: 'staff',
      createdByStaffId: input.createdByStaffId,
      idempotencyKey: input.idempotencyKey,
    },
    'sending',
  )
  if (isNew) await platform.jobs.enqueue(trx, finishEmergencyNotice, { tenantId, noticeId: notice.id }, { startAfter: new Date(Date.now() + EMERGENCY_SAFETY_DELAY_MS) })
  return { noticeId: notice.id }
}

/** Slices of growing size: the first district alone, then 2, 4, 8 … */
export function districtSlices(districtIds: readonly string[]): string[][] {
  const slices: string[][] = []
  let size = 1
  for (let start = 0; start < districtIds.length; start += size, size *= 2) slices.push(districtIds.slice(start, start + size))
  return slices
}

async function queueInSlices(db: Db, tenantId: string, noticeId: string, afterFirst: () => void): Promise<{ recipients: number; deliveries: number }> {
  const notice = await withTenant(db, tenantId, trx => notificationsDb(trx).selectFrom('notices').select(['audience', 'deliveriesCreatedAt', 'recipientCount', 'status']).where('tenantId', '=', tenantId).where('id', '=', noticeId).executeTakeFirst())
  if (!notice) return { recipients: 0, deliveries: 0 }
  if (notice.deliveriesCreatedAt || notice.status !== 'sending' || notice.audience.kind !== 'districts') return { recipients: notice.recipientCount ?? 0, deliveries: 0 }
  let deliveries = 0
  const slices = districtSlices(notice.audience.districtIds)
  for (const [index, slice] of slices.entries()) {
    deliveries += (await withTenant(db, tenantId, trx => queueNoticeSlice(trx, tenantId, noticeId, { kind: 'districts', districtIds: slice }))).deliveries
    if (index === 0) afterFirst()
  }
  const { recipients } = await withTenant(db, tenantId, trx => finishNoticeQueueing(trx, tenantId, noticeId))
  afterFirst()
  return { recipients, deliveries }
}

/** Makes the deliveries after the caller's commit, waking the pump after the first slice. */
export function queueEmergencyDeliveries(platform: Platform, tenantId: string, noticeId: string): Promise<{ recipients: number; deliveries: number }> {
  return queueInSlices(platform.database.db, tenantId, noticeId, () => wakeDeliveryPump(platform))
}

/** Who an emergency notice to these districts would reach, per channel (for the confirm page). */
export function countEmergencyTargets(trx: Transaction<Database>, tenantId: string, districtIds: string[], isTraining: boolean): Promise<DeliveryTargetCount> {
  return countDeliveryTargets(trx, tenantId, { audience: { kind: 'districts', districtIds }, priority: 'critical', kind: 'broadcast', isTraining })
}
