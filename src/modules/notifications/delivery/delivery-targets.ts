import { sql, type RawBuilder, type Transaction } from 'kysely'
import type { Database } from '../../../platform/db/schema.js'
import { audienceResidentsSql } from '../audience/audience-residents.js'
import { DELIVERY_CHANNELS, notificationsDb, type Audience, type DeliveryChannel, type NoticeKind, type NoticePriority } from '../notification-tables.js'

/**
 * Who gets a notice on which channel, as SQL: the audience's residents × the implicit inbox and
 * every channel they hold verified and not removed, narrowed by their topic subscription. The
 * same SQL counts recipients for staff before sending and creates the delivery rows, so the
 * number staff approve is the set that is sent to.
 */
export interface DeliveryTargetRule {
  audience: Audience
  priority: NoticePriority
  kind?: NoticeKind
  topicId?: string | null
  isTraining?: boolean
}

/** Audience kinds whose SQL yields each resident once by construction (a primary or unique key). */
const UNIQUE_AUDIENCES = new Set<Audience['kind']>(['everyone', 'residents', 'topic', 'districts'])

/** True when every recipient gets an inbox delivery (so recipients = inbox rows, no DISTINCT count). */
export function isInboxForEveryRecipient(rule: DeliveryTargetRule): boolean {
  return !isTopicFiltered(rule)
}

function isTopicFiltered(rule: DeliveryTargetRule): boolean {
  return Boolean(rule.topicId) && rule.priority !== 'critical' && rule.kind !== 'transactional' && !rule.isTraining
}

/**
 * Rows `(resident_id, channel)` of every delivery the rule means now, each pair once — so the
 * insert needs no conflict handling. Kept as plain scans and hash joins (no per-resident
 * lookups, no sort): a city-wide notice is a million residents. Residents hold one active
 * address per channel except web push (one per browser: one delivery reaches them all).
 */
export function deliveryTargetsSql(tenantId: string, rule: DeliveryTargetRule): RawBuilder<{ resident_id: string; channel: DeliveryChannel }> {
  const isEveryone = rule.audience.kind === 'everyone'
  const raw = audienceResidentsSql(tenantId, rule.audience)
  const audience = UNIQUE_AUDIENCES.has(rule.audience.kind) ? raw : sql`SELECT DISTINCT x.resident_id FROM (${raw}) x`
  if (rule.isTraining) {
    // 訓練: a drill must never reach a phone; the inbox shows it, marked.
    return sql`SELECT a.resident_id, 'inbox'::text AS channel FROM (${audience}) a`
  }
  // Everyone: every channel row of the tenant belongs to a resident of it (foreign key).
  const inAudience = (column: RawBuilder<unknown>) => (isEveryone ? sql`` : sql`AND ${column} IN (SELECT resident_id FROM audience)`)
  // Transactional notices reach the resident at the address they log in with too, unless they
  // hold (or removed) an email channel of their own: the notify port's behaviour before the hub.
  const loginEmail =
    rule.kind === 'transactional'
      ? sql`UNION ALL
        SELECT r.id, 'email'::text FROM residents r
        WHERE r.tenant_id = ${tenantId} AND r.email IS NOT NULL AND r.email_verified_at IS NOT NULL ${inAudience(sql`r.id`)}
          AND NOT EXISTS (SELECT 1 FROM resident_channels x WHERE x.tenant_id = r.tenant_id AND x.resident_id = r.id AND x.channel = 'email')`
      : sql``
  // Residents who unsubscribed from all bulk email get none but critical notices.
  const bulkEmailOptOut =
    (rule.kind ?? 'broadcast') === 'broadcast' && rule.priority !== 'critical'
      ? sql`AND NOT (rc.channel = 'email' AND EXISTS (SELECT 1 FROM resident_notification_profiles p
          WHERE p.tenant_id = ${tenantId} AND p.resident_id = rc.resident_id AND p.is_bulk_email_off))`
      : sql``
  const candidates = sql`
    WITH audience AS (${audience})
    SELECT a.resident_id, 'inbox'::text AS channel FROM audience a
    UNION ALL
    SELECT rc.resident_id, rc.channel FROM resident_channels rc
    WHERE rc.tenant_id = ${tenantId} AND rc.verified_at IS NOT NULL AND rc.removed_at IS NULL AND rc.channel <> 'push' ${inAudience(sql`rc.resident_id`)} ${bulkEmailOptOut}
    UNION ALL
    SELECT DISTINCT rc.resident_id, rc.channel FROM resident_channels rc
    WHERE rc.tenant_id = ${tenantId} AND rc.verified_at IS NOT NULL AND rc.removed_at IS NULL AND rc.channel = 'push' ${inAudience(sql`rc.resident_id`)}
    ${loginEmail}`
  // Critical notices ignore topic preferences (never a removed channel: those are not candidates);
  // transactional ones are about the resident's own business, not a topic they chose.
  if (!isTopicFiltered(rule)) return sql`SELECT t.resident_id, t.channel FROM (${candidates}) t`
  if (rule.kind === 'reminder') {
    // A reminder (e.g. garbage day) is something the resident asked for by itself: they get it
    // without subscribing to its topic, but a subscription they hold still says on which channels.
    return sql`
      SELECT t.resident_id, t.channel FROM (${candidates}) t
      LEFT JOIN topic_subscriptions s ON s.tenant_id = ${tenantId} AND s.topic_id = ${rule.topicId}::uuid AND s.resident_id = t.resident_id
      WHERE s.resident_id IS NULL OR t.channel = ANY(s.channels)`
  }
  return sql`
    SELECT t.resident_id, t.channel FROM (${candidates}) t
    JOIN topic_subscriptions s ON s.tenant_id = ${tenantId} AND s.topic_id = ${rule.topicId}::uuid AND s.resident_id = t.resident_id
    WHERE t.channel = ANY(s.channels)`
}

export interface DeliveryTargetCount {
  recipients: number
  byChannel: Record<DeliveryChannel, number>
}

export function emptyChannelCounts(): Record<DeliveryChannel, number> {
  return Object.fromEntries(DELIVERY_CHANNELS.map(c => [c, 0])) as Record<DeliveryChannel, number>
}

/** Recipients and deliveries per channel the notice would make now (the same SQL as the insert). */
export async function countDeliveryTargets(
  trx: Transaction<Database>,
  tenantId: string,
  input: { audience: Audience; priority: NoticePriority; topicId?: string | null; isTraining?: boolean; kind?: NoticeKind },
): Promise<DeliveryTargetCount> {
  const targets = deliveryTargetsSql(tenantId, input)
  const byChannel = emptyChannelCounts()
  if (isInboxForEveryRecipient(input)) {
    // Every recipient has an inbox delivery: no DISTINCT over a possibly city-wide set.
    const { rows } = await sql<{ channel: DeliveryChannel; n: string }>`SELECT t.channel, count(*) AS n FROM (${targets}) t GROUP BY t.channel`.execute(notificationsDb(trx))
    for (const row of rows) byChannel[row.channel] = Number(row.n)
    return { recipients: byChannel.inbox, byChannel }
  }
  const { rows } = await sql<{ channel: DeliveryChannel | null; n: string; recipients: string }>`
    SELECT t.channel, count(*) AS n, count(DISTINCT t.resident_id) AS recipients
    FROM (${targets}) t GROUP BY GROUPING SETS ((t.channel), ())`.execute(notificationsDb(trx))
  let recipients = 0
  for (const row of rows) {
    if (row.channel === null) recipients = Number(row.recipients)
    else byChannel[row.channel] = Number(row.n)
  }
  return { recipients, byChannel }
}
