import type { Transaction } from 'kysely'
import type { Database } from '../../../platform/db/schema.js'
import type { NoticeContent } from '../notification-tables.js'
import { insertNotice, queueNoticeDeliveries } from './notice-dispatch.js'
import { countDeliveryTargets, type DeliveryTargetCount } from './delivery-targets.js'

export interface EmergencyNoticeInput {
  /** per language: subject and body (ja required), optional SMS / push / LINE texts */
  content: NoticeContent
  /** districts of the notifications hub (residents whose district or home location lies in them) */
  districtIds: string[]
  /** site-relative page with the details, e.g. /demo/disaster */
  linkUrl: string
  /** 訓練: inbox only, marked 【訓練】 in every language, never on an external channel */
  isTraining: boolean
  createdByStaffId: string | null
  /** unique per tenant (e.g. the alert revision): a repeat returns the notice already queued */
  idempotencyKey: string
}

/**
 * Sends a critical broadcast now — the disaster module's evacuation information. The caller has
 * already applied its own approval (two-person rule), so the hub's approval step is skipped; the
 * notice overrides topic choices and quiet hours and fails over between channels like any critical
 * notice, and shows in staff's progress view. One transaction with the caller's other writes.
 */
export async function sendEmergencyNotice(trx: Transaction<Database>, tenantId: string, input: EmergencyNoticeInput, now: Date = new Date()): Promise<{ noticeId: string; recipients: number; deliveries: number }> {
  const { notice } = await insertNotice(
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
  const queued = await queueNoticeDeliveries(trx, tenantId, notice.id, now)
  return { noticeId: notice.id, recipients: queued.recipients, deliveries: queued.deliveries }
}

/** Who an emergency notice to these districts would reach, per channel (for the confirm page). */
export function countEmergencyTargets(trx: Transaction<Database>, tenantId: string, districtIds: string[], isTraining: boolean): Promise<DeliveryTargetCount> {
  return countDeliveryTargets(trx, tenantId, { audience: { kind: 'districts', districtIds }, priority: 'critical', kind: 'broadcast', isTraining })
}
