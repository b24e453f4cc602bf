import { sql, type Transaction } from 'kysely'
import type { Config } from '../../../platform/config.js'
import { encryptField } from '../../../platform/crypto.js'
import type { Database } from '../../../platform/db/schema.js'
import {
  DELIVERY_CHANNELS,
  notificationsDb,
  type Audience,
  type DeliveryChannel,
  type DeliveryStatus,
  type Notice,
  type NoticeContent,
  type NoticeKind,
  type NoticePriority,
  type NoticeSource,
  type NoticeStatus,
} from '../notification-tables.js'
import { deliveryTargetsSql, isInboxForEveryRecipient } from './delivery-targets.js'
import { computeNextDigestAt } from './delivery-schedule.js'

/** A notice as the compose pages, the API and the notify port hand it to the engine. */
export interface NewNotice {
  kind: NoticeKind
  priority: NoticePriority
  isDigestible?: boolean
  /** 訓練: deliveries go to the inbox only, marked, never to external channels */
  isTraining?: boolean
  topicId?: string | null
  templateId?: string | null
  templateVersion?: number | null
  /** per language { subject, body, sms?, push?, line?, lineFlex? }; may contain ((placeholders)) */
  content: NoticeContent
  personalisation?: Record<string, string>
  audience: Audience
  /** site-relative ('/demo/…') or absolute */
  linkUrl?: string | null
  source: NoticeSource
  createdByStaffId?: string | null
  apiKeyId?: string | null
  /** unique per tenant; a repeat returns the existing notice */
  idempotencyKey?: string | null
  requestHash?: string | null
  scheduledAt?: Date | null
  statusCallback?: { url: string; bearerToken: string } | null
}

/** Secrets at rest use the platform's data key; this module reads it once, through the config. */
let callbackKey: Buffer | undefined

/** Gives insertNotice the key that encrypts status-callback tokens (set when the module registers). */
export function setNoticeSecretsKey(config: Pick<Config, 'dataEncryptionKey'>): void {
  callbackKey = config.dataEncryptionKey
}

/**
 * Inserts a notice with the given status. Idempotent on `idempotencyKey`: a repeat returns the
 * notice stored the first time (`isNew: false`) and changes nothing.
 */
export async function insertNotice(trx: Transaction<Database>, tenantId: string, input: NewNotice, status: NoticeStatus): Promise<{ notice: Notice; isNew: boolean }> {
  const db = notificationsDb(trx)
  if (input.statusCallback && !callbackKey) throw new Error('notice secrets key not set: register the notifications module first')
  const inserted = await db
    .insertInto('notices')
    .values({
      tenantId,
      kind: input.kind,
      priority: input.priority,
      isDigestible: input.isDigestible ?? false,
      isTraining: input.isTraining ?? false,
      topicId: input.topicId ?? null,
      templateId: input.templateId ?? null,
      templateVersion: input.templateVersion ?? null,
      content: JSON.stringify(input.content),
      personalisation: JSON.stringify(input.personalisation ?? {}),
      audience: JSON.stringify(input.audience),
      linkUrl: input.linkUrl ?? null,
      status,
      scheduledAt: input.scheduledAt ?? null,
      source: input.source,
      createdByStaffId: input.createdByStaffId ?? null,
      apiKeyId: input.apiKeyId ?? null,
      idempotencyKey: input.idempotencyKey ?? null,
      requestHash: input.requestHash ?? null,
      statusCallbackUrl: input.statusCallback?.url ?? null,
      statusCallbackTokenEnc: input.statusCallback && callbackKey ? encryptField(callbackKey, input.statusCallback.bearerToken) : null,
    })
    .onConflict(oc => oc.columns(['tenantId', 'idempotencyKey']).where('idempotencyKey', 'is not', null).doNothing())
    .returningAll()
    .executeTakeFirst()
  if (inserted) return { notice: inserted, isNew: true }
  const existing = await db
    .selectFrom('notices')
    .selectAll()
    .where('tenantId', '=', tenantId)
    .where('idempotencyKey', '=', input.idempotencyKey ?? '')
    .executeTakeFirstOrThrow()
  return { notice: existing, isNew: false }
}

/**
 * Creates every delivery row of the notice with one INSERT … SELECT (audience × channels ×
 * preferences, quiet hours, digest), then marks the notice 'sending'. A second call is a no-op
 * that reports what the first one made.
 */
export async function queueNoticeDeliveries(trx: Transaction<Database>, tenantId: string, noticeId: string, now: Date = new Date()): Promise<{ recipients: number; deliveries: number }> {
  const db = notificationsDb(trx)
  // The row lock makes two concurrent queuers (the pump releasing a schedule while staff press
  // "send now") take turns; the second sees deliveries_created_at and stops.
  const notice = await db.selectFrom('notices').selectAll().where('tenantId', '=', tenantId).where('id', '=', noticeId).forUpdate().executeTakeFirstOrThrow()
  if (notice.deliveriesCreatedAt) {
    const made = await db.selectFrom('deliveries').select(eb => eb.fn.countAll<string>().as('n')).where('tenantId', '=', tenantId).where('noticeId', '=', noticeId).executeTakeFirstOrThrow()
    return { recipients: notice.recipientCount ?? 0, deliveries: Number(made.n) }
  }

  const rule = { audience: notice.audience, priority: notice.priority, kind: notice.kind, topicId: notice.topicId, isTraining: notice.isTraining }
  const targets = deliveryTargetsSql(tenantId, rule)
  let select
  if (notice.priority === 'critical' || notice.isTraining) {
    // A drill goes to the inbox only, which has no quiet hours or digest.
    select = sql`SELECT ${tenantId}::uuid, ${noticeId}::uuid, t.resident_id, t.channel, ${notice.priority === 'critical' ? 0 : 1}::smallint, false, ${now}::timestamptz FROM (${targets}) t`
  } else {
    const settings = await db.selectFrom('notificationSettings').select('digestHour').where('tenantId', '=', tenantId).executeTakeFirst()
    const digestAt = computeNextDigestAt(now, settings?.digestHour ?? 18)
    // The quiet-hours function is only called for residents who set quiet hours: at a million
    // rows a per-row plpgsql call is measurable.
    const isDigest = notice.isDigestible ? sql`(t.channel <> 'inbox' AND coalesce(p.wants_digest, false))` : sql`false`
    select = sql`
      SELECT ${tenantId}::uuid, ${noticeId}::uuid, t.resident_id, t.channel, 1::smallint, ${isDigest},
        CASE
          WHEN t.channel = 'inbox' THEN ${now}::timestamptz
          WHEN ${isDigest} THEN CASE WHEN p.quiet_start IS NULL THEN ${digestAt}::timestamptz ELSE notifications_after_quiet_hours(${digestAt}::timestamptz, p.quiet_start, p.quiet_end) END
          WHEN p.quiet_start IS NULL THEN ${now}::timestamptz
          ELSE notifications_after_quiet_hours(${now}::timestamptz, p.quiet_start, p.quiet_end)
        END
      FROM (${targets}) t
      LEFT JOIN resident_notification_profiles p ON p.tenant_id = ${tenantId} AND p.resident_id = t.resident_id`
  }
  // The targets are unique pairs and this runs once per notice (the row lock above), so the
  // insert needs no ON CONFLICT (a speculative insertion per row costs ~15 % at a million rows).
  const recipientsExpression = isInboxForEveryRecipient(rule) ? sql`count(*) FILTER (WHERE channel = 'inbox')` : sql`count(DISTINCT resident_id)`
  const { rows } = await sql<{ deliveries: string; recipients: string }>`
    WITH made AS (
      INSERT INTO deliveries (tenant_id, notice_id, resident_id, channel, priority, is_digest, next_attempt_at)
      ${select}
      RETURNING resident_id, channel
    )
    SELECT count(*) AS deliveries, ${recipientsExpression} AS recipients FROM made`.execute(db)
  const recipients = Number(rows[0]?.recipients ?? 0)
  const deliveries = Number(rows[0]?.deliveries ?? 0)
  await db
    .updateTable('notices')
    .set({ status: 'sending', deliveriesCreatedAt: now, recipientCount: recipients, updatedAt: new Date() })
    .where('tenantId', '=', tenantId)
    .where('id', '=', noticeId)
    .execute()
  return { recipients, deliveries }
}

/**
 * Queues one slice of a critical notice's audience (e.g. a few of its districts) in the caller's
 * transaction, so that the first residents' deliveries can be committed — and sent — while the rest
 * are still being made (see emergency-notice.ts). Safe to repeat: rows already made are skipped.
 * Does nothing once the notice's queueing is finished.
 */
export async function queueNoticeSlice(trx: Transaction<Database>, tenantId: string, noticeId: string, audience: Audience, now: Date = new Date()): Promise<{ deliveries: number }> {
  const db = notificationsDb(trx)
  const notice = await db.selectFrom('notices').selectAll().where('tenantId', '=', tenantId).where('id', '=', noticeId).forUpdate().executeTakeFirstOrThrow()
  if (notice.deliveriesCreatedAt || notice.status !== 'sending') return { deliveries: 0 }
  if (notice.priority !== 'critical') throw new Error('only critical notices are queued in slices')
  const targets = deliveryTargetsSql(tenantId, { audience, priority: notice.priority, kind: notice.kind, topicId: notice.topicId, isTraining: notice.isTraining })
  const { rows } = await sql<{ deliveries: string }>`
    WITH made AS (
      INSERT INTO deliveries (tenant_id, notice_id, resident_id, channel, priority, is_digest, next_attempt_at)
      SELECT ${tenantId}::uuid, ${noticeId}::uuid, t.resident_id, t.channel, 0::smallint, false, ${now}::timestamptz FROM (${targets}) t
      ON CONFLICT DO NOTHING
      RETURNING 1
    )
    SELECT count(*) AS deliveries FROM made`.execute(db)
  return { deliveries: Number(rows[0]?.deliveries ?? 0) }
}

/** Ends slice-by-slice queueing: the notice counts its recipients and may complete from now on. */
export async function finishNoticeQueueing(trx: Transaction<Database>, tenantId: string, noticeId: string, now: Date = new Date()): Promise<{ recipients: number }> {
  const db = notificationsDb(trx)
  const notice = await db.selectFrom('notices').select(['deliveriesCreatedAt', 'recipientCount']).where('tenantId', '=', tenantId).where('id', '=', noticeId).forUpdate().executeTakeFirstOrThrow()
  if (notice.deliveriesCreatedAt) return { recipients: notice.recipientCount ?? 0 }
  const counted = await db.selectFrom('deliveries').select(eb => eb.fn.count<string>('residentId').distinct().as('n')).where('tenantId', '=', tenantId).where('noticeId', '=', noticeId).executeTakeFirstOrThrow()
  const recipients = Number(counted.n)
  await db.updateTable('notices').set({ deliveriesCreatedAt: now, recipientCount: recipients, updatedAt: new Date() }).where('tenantId', '=', tenantId).where('id', '=', noticeId).execute()
  return { recipients }
}

/**
 * Cancels what has not gone yet (created / temporary_failure → cancelled) and marks the notice
 * cancelled. Rows already handed to a provider ('sending') finish as they will. Returns how many
 * deliveries were cancelled.
 */
export async function cancelNoticeDeliveries(trx: Transaction<Database>, tenantId: string, noticeId: string, staffId: string | null): Promise<number> {
  const db = notificationsDb(trx)
  const notice = await db.selectFrom('notices').select(['status']).where('tenantId', '=', tenantId).where('id', '=', noticeId).forUpdate().executeTakeFirstOrThrow()
  if (notice.status === 'completed' || notice.status === 'cancelled' || notice.status === 'rejected') return 0
  const now = new Date()
  const cancelled = await db
    .updateTable('deliveries')
    .set({ status: 'cancelled', failedAt: now, updatedAt: now })
    .where('tenantId', '=', tenantId)
    .where('noticeId', '=', noticeId)
    .where('status', 'in', ['created', 'temporary_failure'])
    .executeTakeFirst()
  const inFlight = await db.selectFrom('deliveries').select('id').where('tenantId', '=', tenantId).where('noticeId', '=', noticeId).where('status', '=', 'sending').limit(1).executeTakeFirst()
  await db
    .updateTable('notices')
    .set({ status: 'cancelled', cancelledAt: now, cancelledByStaffId: staffId, completedAt: inFlight ? null : now, updatedAt: now })
    .where('tenantId', '=', tenantId)
    .where('id', '=', noticeId)
    .execute()
  return Number(cancelled.numUpdatedRows)
}

export const DELIVERY_STATUSES = ['created', 'sending', 'delivered', 'temporary_failure', 'permanent_failure', 'cancelled'] as const satisfies readonly DeliveryStatus[]

export interface NoticeProgress {
  total: number
  byChannel: Record<DeliveryChannel, Record<DeliveryStatus, number>>
  /** delivered + permanent_failure + cancelled */
  terminal: number
}

export function emptyNoticeProgress(): NoticeProgress {
  const byChannel = Object.fromEntries(DELIVERY_CHANNELS.map(c => [c, Object.fromEntries(DELIVERY_STATUSES.map(s => [s, 0]))])) as Record<DeliveryChannel, Record<DeliveryStatus, number>>
  return { total: 0, byChannel, terminal: 0 }
}

/** Deliveries of a notice by channel and state (the progress view and the API). */
export async function summariseNoticeProgress(trx: Transaction<Database>, tenantId: string, noticeId: string): Promise<NoticeProgress> {
  const rows = await notificationsDb(trx)
    .selectFrom('deliveries')
    .select(eb => ['channel', 'status', eb.fn.countAll<string>().as('n')])
    .where('tenantId', '=', tenantId)
    .where('noticeId', '=', noticeId)
    .groupBy(['channel', 'status'])
    .execute()
  const progress = emptyNoticeProgress()
  for (const row of rows) {
    const n = Number(row.n)
    progress.byChannel[row.channel][row.status] += n
    progress.total += n
    if (row.status === 'delivered' || row.status === 'permanent_failure' || row.status === 'cancelled') progress.terminal += n
  }
  return progress
}
