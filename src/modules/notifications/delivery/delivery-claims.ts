import { sql, type Transaction } from 'kysely'
import type { Database } from '../../../platform/db/schema.js'
import { notificationsDb, type DeliveryChannel, type NoticeContent, type NoticeKind, type NoticeLanguage, type NoticePriority } from '../notification-tables.js'
import { STALE_SENDING_MS, scheduleRetry, RETRY_PERIOD_MS } from './delivery-schedule.js'

/**
 * The SQL of the delivery pump: claiming rows in batches (FOR UPDATE SKIP LOCKED), looking up
 * where and in which language they go, recording outcomes set-based, failover, completion.
 * Every function runs inside the caller's tenant transaction.
 */

type Trx = Transaction<Database>

export interface ClaimedDelivery {
  id: string
  noticeId: string
  residentId: string
  channel: DeliveryChannel
  priority: number
  isDigest: boolean
  attempts: number
  createdAt: Date
  batchId: string
}

const CLAIM_COLUMNS = sql`d.id::text AS id, d.notice_id AS "noticeId", d.resident_id AS "residentId", d.channel, d.priority, d.is_digest AS "isDigest", d.attempts, d.created_at AS "createdAt", d.batch_id AS "batchId"`

/**
 * Claims up to `limit` due rows of one channel (not digest rows), critical first, oldest due
 * first, skipping rows another worker holds. With `criticalOnly` only priority 0 is taken.
 */
export async function claimDueDeliveries(trx: Trx, tenantId: string, channel: DeliveryChannel, limit: number, batchId: string, now: Date, criticalOnly = false, noticeId?: string): Promise<ClaimedDelivery[]> {
  if (limit <= 0) return []
  const { rows } = await sql<ClaimedDelivery>`
    WITH picked AS (
      SELECT d.tenant_id, d.id FROM deliveries d
      WHERE d.tenant_id = ${tenantId}::uuid AND d.channel = ${channel} AND d.status IN ('created', 'temporary_failure')
        AND d.next_attempt_at <= ${now}::timestamptz AND NOT d.is_digest ${criticalOnly ? sql`AND d.priority = 0` : sql``}
        ${noticeId ? sql`AND d.notice_id = ${noticeId}::uuid` : sql``}
      ORDER BY d.priority, d.next_attempt_at
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    )
    UPDATE deliveries d SET status = 'sending', batch_id = ${batchId}::uuid, claimed_at = ${now}::timestamptz, attempts = d.attempts + 1, updated_at = now()
    FROM picked WHERE d.tenant_id = picked.tenant_id AND d.id = picked.id
    RETURNING ${CLAIM_COLUMNS}`.execute(trx)
  return rows
}

/**
 * Claims the due digest rows of up to `residentLimit` residents on one channel: all of a
 * resident's rows at once, so that they get one combined message.
 */
export async function claimDueDigests(trx: Trx, tenantId: string, channel: DeliveryChannel, residentLimit: number, batchId: string, now: Date): Promise<ClaimedDelivery[]> {
  if (residentLimit <= 0) return []
  const { rows } = await sql<ClaimedDelivery>`
    WITH who AS (
      SELECT DISTINCT d.resident_id FROM deliveries d
      WHERE d.tenant_id = ${tenantId}::uuid AND d.channel = ${channel} AND d.status IN ('created', 'temporary_failure')
        AND d.next_attempt_at <= ${now}::timestamptz AND d.is_digest
      LIMIT ${residentLimit}
    ), picked AS (
      SELECT d.tenant_id, d.id FROM deliveries d
      WHERE d.tenant_id = ${tenantId}::uuid AND d.channel = ${channel} AND d.status IN ('created', 'temporary_failure')
        AND d.next_attempt_at <= ${now}::timestamptz AND d.is_digest AND d.resident_id IN (SELECT resident_id FROM who)
      FOR UPDATE SKIP LOCKED
    )
    UPDATE deliveries d SET status = 'sending', batch_id = ${batchId}::uuid, claimed_at = ${now}::timestamptz, attempts = d.attempts + 1, updated_at = now()
    FROM picked WHERE d.tenant_id = picked.tenant_id AND d.id = picked.id
    RETURNING ${CLAIM_COLUMNS}`.execute(trx)
  return rows
}

/**
 * Takes back rows left 'sending' by a worker that died (or whose provider never answered) for
 * sending again with the SAME batch id: the LINE retry keys derive from it and from the rows, so
 * LINE answers 409 for what it had accepted instead of sending twice. Rows past the retry period
 * are not sent again: their outcome is unknown and LINE's retry keys have expired.
 */
export async function reclaimStaleDeliveries(trx: Trx, tenantId: string, limit: number, now: Date, staleMs = STALE_SENDING_MS): Promise<{ reclaimed: ClaimedDelivery[]; expired: string[] }> {
  const staleBefore = new Date(now.getTime() - staleMs)
  const expiredBefore = new Date(now.getTime() - RETRY_PERIOD_MS)
  const expired = await sql<{ id: string }>`
    UPDATE deliveries SET status = 'permanent_failure', failed_at = ${now}::timestamptz, updated_at = now(),
      error = 'no answer from the provider within the retry period: the outcome is unknown'
    WHERE tenant_id = ${tenantId}::uuid AND status = 'sending' AND claimed_at < ${staleBefore}::timestamptz AND created_at < ${expiredBefore}::timestamptz
    RETURNING id::text AS id`.execute(trx)
  // Whole batches only: a batch is sent again exactly as it was made.
  const { rows } = await sql<ClaimedDelivery>`
    WITH batches AS (
      SELECT DISTINCT d.batch_id FROM deliveries d
      WHERE d.tenant_id = ${tenantId}::uuid AND d.status = 'sending' AND d.claimed_at < ${staleBefore}::timestamptz
      LIMIT ${Math.max(1, Math.ceil(limit / 500))}
    ), picked AS (
      SELECT d.tenant_id, d.id FROM deliveries d
      WHERE d.tenant_id = ${tenantId}::uuid AND d.status = 'sending' AND d.batch_id IN (SELECT batch_id FROM batches)
        AND d.claimed_at < ${staleBefore}::timestamptz
      FOR UPDATE SKIP LOCKED
    )
    UPDATE deliveries d SET claimed_at = ${now}::timestamptz, attempts = d.attempts + 1, updated_at = now()
    FROM picked WHERE d.tenant_id = picked.tenant_id AND d.id = picked.id
    RETURNING ${CLAIM_COLUMNS}`.execute(trx)
  return { reclaimed: rows, expired: expired.rows.map(r => r.id) }
}

export interface RecipientAddress {
  address: string
  details: Record<string, string>
  channelId: string | null
}

export interface DeliveryRecipient {
  deliveryId: string
  residentExists: boolean
  language: NoticeLanguage
  addresses: RecipientAddress[]
}

/**
 * Where each claimed row goes now: the resident's language (profile, else UI locale) and the
 * active verified address(es) of the channel — every browser for web push. Email falls back to
 * the verified login address when the resident never registered an email channel (transactional
 * notices and critical failover create such rows).
 */
export async function findDeliveryRecipients(trx: Trx, tenantId: string, deliveryIds: string[]): Promise<Map<string, DeliveryRecipient>> {
  const { rows } = await sql<{ id: string; residentFound: boolean; language: NoticeLanguage | null; address: string | null; details: Record<string, string> | null; channelId: string | null }>`
    SELECT d.id::text AS id, r.id IS NOT NULL AS "residentFound", coalesce(p.language, r.locale) AS language,
      coalesce(rc.address, CASE WHEN d.channel = 'email' AND r.email_verified_at IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM resident_channels x WHERE x.tenant_id = d.tenant_id AND x.resident_id = d.resident_id AND x.channel = 'email') THEN r.email END) AS address,
      rc.details, rc.id AS "channelId"
    FROM deliveries d
    LEFT JOIN residents r ON r.tenant_id = d.tenant_id AND r.id = d.resident_id
    LEFT JOIN resident_notification_profiles p ON p.tenant_id = d.tenant_id AND p.resident_id = d.resident_id
    LEFT JOIN resident_channels rc ON rc.tenant_id = d.tenant_id AND rc.resident_id = d.resident_id AND rc.channel = d.channel
      AND rc.verified_at IS NOT NULL AND rc.removed_at IS NULL
    WHERE d.tenant_id = ${tenantId}::uuid AND d.id = ANY(${deliveryIds}::bigint[])
    ORDER BY rc.created_at`.execute(trx)
  const recipients = new Map<string, DeliveryRecipient>()
  for (const row of rows) {
    let recipient = recipients.get(row.id)
    if (!recipient) recipients.set(row.id, (recipient = { deliveryId: row.id, residentExists: row.residentFound, language: row.language ?? 'ja', addresses: [] }))
    if (row.address) recipient.addresses.push({ address: row.address, details: row.details ?? {}, channelId: row.channelId })
  }
  return recipients
}

export interface NoticeForSending {
  id: string
  kind: NoticeKind
  priority: NoticePriority
  isTraining: boolean
  topicId: string | null
  content: NoticeContent
  personalisation: Record<string, string>
  linkUrl: string | null
}

export async function findNoticesForSending(trx: Trx, tenantId: string, noticeIds: string[]): Promise<Map<string, NoticeForSending>> {
  if (noticeIds.length === 0) return new Map()
  const rows = await notificationsDb(trx)
    .selectFrom('notices')
    .select(['id', 'kind', 'priority', 'isTraining', 'topicId', 'content', 'personalisation', 'linkUrl'])
    .where('tenantId', '=', tenantId)
    .where('id', 'in', noticeIds)
    .execute()
  return new Map(rows.map(row => [row.id, row]))
}

/** What became of one claimed row. 'uncertain': the provider may have accepted it (a timeout). */
export interface DeliveryOutcome {
  id: string
  status: 'delivered' | 'temporary_failure' | 'permanent_failure' | 'uncertain'
  providerRef?: string
  error?: string
}

/** Addresses are personal data: keep them out of error text that is stored and shown to staff. */
export function redactAddresses(message: string): string {
  return message
    .replace(/[^\s<>"'@,;]+@[^\s<>"'@,;]+/g, '<address>')
    .replace(/U[0-9a-f]{32}/g, '<line-user>')
    .replace(/\+?\d[\d -]{8,}\d/g, '<number>')
    .slice(0, 500)
}

/**
 * Records the outcomes of one batch in one statement. Temporary failures get their next attempt
 * (backoff) or, past the retry period, become permanent; uncertain ones stay 'sending' with the
 * same batch, moved so the sweeper sends them again (same retry keys) after the backoff. Only
 * rows still 'sending' in this batch change, so a late second worker cannot overwrite. Returns
 * the ids that became permanent failures.
 */
export async function recordDeliveryOutcomes(trx: Trx, tenantId: string, claimed: ClaimedDelivery[], outcomes: DeliveryOutcome[], now: Date, staleMs = STALE_SENDING_MS, random: () => number = Math.random): Promise<{ permanentFailures: string[]; delivered: number; failed: number }> {
  if (outcomes.length === 0) return { permanentFailures: [], delivered: 0, failed: 0 }
  const byId = new Map(claimed.map(c => [c.id, c]))
  const ids: string[] = []
  const statuses: string[] = []
  const refs: (string | null)[] = []
  const errors: (string | null)[] = []
  const nextAt: (Date | null)[] = []
  const claimedAt: (Date | null)[] = []
  const batches: string[] = []
  const permanentFailures: string[] = []
  let delivered = 0
  let failed = 0
  for (const outcome of outcomes) {
    const row = byId.get(outcome.id)
    if (!row) continue
    let status: string = outcome.status
    let next: Date | null = null
    let reclaimAt: Date | null = null
    const error = outcome.error ? redactAddresses(outcome.error) : null
    if (outcome.status === 'temporary_failure' || outcome.status === 'uncertain') {
      const retryAt = scheduleRetry(row.createdAt, row.attempts, now, random)
      if (!retryAt) status = 'permanent_failure'
      else if (outcome.status === 'uncertain') {
        status = 'sending'
        reclaimAt = new Date(retryAt.getTime() - staleMs)
      } else next = retryAt
    }
    if (status === 'delivered') delivered++
    if (status === 'permanent_failure') {
      failed++
      permanentFailures.push(row.id)
    }
    ids.push(row.id)
    statuses.push(status)
    refs.push(outcome.providerRef ?? null)
    errors.push(status === 'delivered' ? null : status === 'permanent_failure' && outcome.status !== 'permanent_failure' ? `gave up after ${row.attempts} attempts: ${error ?? 'no answer'}` : error)
    nextAt.push(next)
    claimedAt.push(reclaimAt)
    batches.push(row.batchId)
  }
  await sql`
    UPDATE deliveries d SET
      status = o.status,
      provider_ref = coalesce(o.provider_ref, d.provider_ref),
      error = o.error,
      next_attempt_at = coalesce(o.next_attempt_at, d.next_attempt_at),
      claimed_at = coalesce(o.claimed_at, d.claimed_at),
      sent_at = CASE WHEN o.status = 'delivered' THEN ${now}::timestamptz ELSE d.sent_at END,
      delivered_at = CASE WHEN o.status = 'delivered' THEN ${now}::timestamptz ELSE d.delivered_at END,
      failed_at = CASE WHEN o.status = 'permanent_failure' THEN ${now}::timestamptz ELSE d.failed_at END,
      updated_at = now()
    FROM unnest(${ids}::bigint[], ${statuses}::text[], ${refs}::text[], ${errors}::text[], ${nextAt}::timestamptz[], ${claimedAt}::timestamptz[], ${batches}::uuid[])
      AS o(id, status, provider_ref, error, next_attempt_at, claimed_at, batch_id)
    WHERE d.tenant_id = ${tenantId}::uuid AND d.id = o.id AND d.status = 'sending' AND d.batch_id = o.batch_id`.execute(trx)
  return { permanentFailures, delivered, failed }
}

/**
 * Critical notices fail over: for each permanently failed external delivery of a critical notice,
 * a delivery on the resident's next channel in their channel order that they hold (verified, not
 * removed — or their verified login address for email) and that this notice has not used.
 */
export async function insertFailoverDeliveries(trx: Trx, tenantId: string, failedIds: string[], now: Date): Promise<number> {
  if (failedIds.length === 0) return 0
  const { rows } = await sql<{ n: string }>`
    WITH made AS (
      INSERT INTO deliveries (tenant_id, notice_id, resident_id, channel, priority, next_attempt_at, failover_of)
      SELECT f.tenant_id, f.notice_id, f.resident_id, nxt.channel, 0, ${now}::timestamptz, f.id
      FROM deliveries f
      JOIN notices n ON n.tenant_id = f.tenant_id AND n.id = f.notice_id AND n.priority = 'critical' AND NOT n.is_training AND n.status IN ('sending', 'completed')
      LEFT JOIN resident_notification_profiles p ON p.tenant_id = f.tenant_id AND p.resident_id = f.resident_id
      CROSS JOIN LATERAL (
        SELECT o.channel FROM unnest(coalesce(p.channel_order, ARRAY['line', 'email', 'sms', 'push'])) WITH ORDINALITY AS o(channel, ord)
        WHERE o.channel IN ('email', 'line', 'sms', 'push')
          AND NOT EXISTS (SELECT 1 FROM deliveries u WHERE u.tenant_id = f.tenant_id AND u.notice_id = f.notice_id AND u.resident_id = f.resident_id AND u.channel = o.channel)
          AND (
            EXISTS (SELECT 1 FROM resident_channels rc WHERE rc.tenant_id = f.tenant_id AND rc.resident_id = f.resident_id AND rc.channel = o.channel
              AND rc.verified_at IS NOT NULL AND rc.removed_at IS NULL)
            OR (o.channel = 'email' AND EXISTS (SELECT 1 FROM residents r WHERE r.tenant_id = f.tenant_id AND r.id = f.resident_id AND r.email IS NOT NULL AND r.email_verified_at IS NOT NULL)
              AND NOT EXISTS (SELECT 1 FROM resident_channels x WHERE x.tenant_id = f.tenant_id AND x.resident_id = f.resident_id AND x.channel = 'email'))
          )
        ORDER BY o.ord LIMIT 1
      ) nxt
      WHERE f.tenant_id = ${tenantId}::uuid AND f.id = ANY(${failedIds}::bigint[]) AND f.channel <> 'inbox' AND f.status = 'permanent_failure'
      ON CONFLICT DO NOTHING
      RETURNING notice_id
    ), reopened AS (
      -- a receipt can report a failure after the notice completed: it is sending again
      UPDATE notices SET status = 'sending', completed_at = NULL, updated_at = now()
      WHERE tenant_id = ${tenantId}::uuid AND status = 'completed' AND id IN (SELECT notice_id FROM made)
    )
    SELECT count(*) AS n FROM made`.execute(trx)
  return Number(rows[0]?.n ?? 0)
}

/** Web push subscriptions the push service says are gone (404/410) are removed, as the resident would. */
export async function removeGonePushSubscriptions(trx: Trx, tenantId: string, channelIds: string[], now: Date): Promise<void> {
  if (channelIds.length === 0) return
  await notificationsDb(trx)
    .updateTable('residentChannels')
    .set({ removedAt: now, removedReason: 'push-subscription-gone', updatedAt: now })
    .where('tenantId', '=', tenantId)
    .where('id', 'in', channelIds)
    .where('removedAt', 'is', null)
    .execute()
}

/** Notices whose deliveries have all ended become 'completed'; returns those with a status callback. */
export async function completeFinishedNotices(trx: Trx, tenantId: string, now: Date): Promise<{ id: string; hasCallback: boolean }[]> {
  const { rows } = await sql<{ id: string; hasCallback: boolean }>`
    UPDATE notices n SET status = CASE WHEN n.status = 'sending' THEN 'completed' ELSE n.status END, completed_at = ${now}::timestamptz, updated_at = now()
    WHERE n.tenant_id = ${tenantId}::uuid AND n.completed_at IS NULL AND n.deliveries_created_at IS NOT NULL AND n.status IN ('sending', 'cancelled')
      AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.tenant_id = n.tenant_id AND d.notice_id = n.id AND d.status IN ('created', 'sending', 'temporary_failure'))
    RETURNING n.id, n.status_callback_url IS NOT NULL AS "hasCallback"`.execute(trx)
  return rows
}

/** Scheduled notices whose time has come. */
export async function listDueScheduledNotices(trx: Trx, tenantId: string, now: Date): Promise<string[]> {
  const rows = await notificationsDb(trx)
    .selectFrom('notices')
    .select('id')
    .where('tenantId', '=', tenantId)
    .where('status', '=', 'scheduled')
    .where('scheduledAt', '<=', now)
    .orderBy('scheduledAt')
    .limit(20)
    .execute()
  return rows.map(r => r.id)
}
