import { randomUUID } from 'node:crypto'
import { sql, type Transaction } from 'kysely'
import type { Database } from '../../../platform/db/schema.js'
import { claimDueDeliveries, findDeliveryRecipients, findNoticesForSending, recordDeliveryOutcomes, type DeliveryOutcome } from './delivery-claims.js'
import { prepareBatch, type RenderContext } from './delivery-render.js'

/**
 * The inbox is our own: a delivery is a row in `messages` (the portal's inbox), written in the
 * same transaction that marks the delivery delivered, set-based. The unique idempotency key per
 * (notice, resident) makes a repeat a no-op.
 */
export const NOTICE_MESSAGE_TEMPLATE = 'notifications.notice'

export function inboxIdempotencyKey(noticeId: string, residentId: string): string {
  return `notice:${noticeId}:${residentId}`
}

export interface InboxOptions {
  /** only this notice's rows (the notify port delivers its own notice at once) */
  noticeId?: string
  /** `messages.template` (the notify port keeps the calling module's template id) */
  template?: string
  /** `messages.idempotency_key` for a single-recipient notice (the notify port keeps the caller's key) */
  idempotencyKey?: string
}

/** Claims up to `limit` due inbox rows of a tenant and delivers them, all in the caller's transaction. */
export async function deliverInboxRows(trx: Transaction<Database>, tenantId: string, limit: number, now: Date, context: RenderContext, options: InboxOptions = {}): Promise<{ claimed: number; delivered: number; failed: number }> {
  const claimed = await claimDueDeliveries(trx, tenantId, 'inbox', limit, randomUUID(), now, false, options.noticeId)
  if (claimed.length === 0) return { claimed: 0, delivered: 0, failed: 0 }
  const recipients = await findDeliveryRecipients(trx, tenantId, claimed.map(c => c.id))
  const notices = await findNoticesForSending(trx, tenantId, [...new Set(claimed.map(c => c.noticeId))])
  const { messages, failures } = prepareBatch('inbox', claimed, recipients, notices, context)
  const residentIds: string[] = []
  const subjects: string[] = []
  const bodies: string[] = []
  const links: (string | null)[] = []
  const keys: string[] = []
  for (const message of messages) {
    const notice = notices.get(message.noticeId)
    residentIds.push(message.residentId)
    subjects.push(message.rendered.subject.slice(0, 500))
    bodies.push(message.rendered.body)
    links.push(notice?.linkUrl ?? null)
    keys.push(options.idempotencyKey && messages.length === 1 ? options.idempotencyKey : inboxIdempotencyKey(message.noticeId, message.residentId))
  }
  if (messages.length > 0) {
    await sql`
      INSERT INTO messages (tenant_id, resident_id, template, subject, body, link_url, idempotency_key)
      SELECT ${tenantId}::uuid, m.resident_id, ${options.template ?? NOTICE_MESSAGE_TEMPLATE}, m.subject, m.body, m.link_url, m.idempotency_key
      FROM unnest(${residentIds}::uuid[], ${subjects}::text[], ${bodies}::text[], ${links}::text[], ${keys}::text[]) AS m(resident_id, subject, body, link_url, idempotency_key)
      ON CONFLICT (tenant_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING`.execute(trx)
  }
  const outcomes: DeliveryOutcome[] = [...failures, ...messages.flatMap(m => m.deliveryIds.map(id => ({ id, status: 'delivered' as const })))]
  const recorded = await recordDeliveryOutcomes(trx, tenantId, claimed, outcomes, now)
  return { claimed: claimed.length, delivered: recorded.delivered, failed: recorded.failed }
}
