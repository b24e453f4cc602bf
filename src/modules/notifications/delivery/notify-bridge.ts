import type { Transaction } from 'kysely'
import type { Config } from '../../../platform/config.js'
import type { Database } from '../../../platform/db/schema.js'
import { withTenant, type Db } from '../../../platform/db/tenant-context.js'
import type { HubNotification, NotifyHub } from '../../../platform/notify/notify.js'
import { notificationsDb, type NoticeContent } from '../notification-tables.js'
import { deliverInboxRows } from './inbox-delivery.js'
import { insertNotice, queueNoticeDeliveries } from './notice-dispatch.js'

/**
 * The notify port's way into the hub: another module's message to a resident ("your application
 * was approved") becomes a transactional notice with a delivery on each of the resident's
 * channels, created in the caller's transaction (the outbox). The inbox row is written at once —
 * the resident sees it the moment the business write commits — and the pump sends the rest.
 * Topic preferences do not apply: it is about the resident's own business.
 */

const PLACEHOLDER = /\(\(([a-zA-Z0-9_.-]+)\)\)/g

/** Translated texts are final: a `((name))` a resident typed must come out as typed, not as a placeholder. */
function literalPlaceholders(content: NoticeContent): Record<string, string> {
  const values: Record<string, string> = {}
  for (const texts of Object.values(content)) {
    for (const text of [texts.subject, texts.body]) for (const match of text.matchAll(PLACEHOLDER)) values[match[1] as string] = match[0]
  }
  return values
}

export function createNotifyHub(config: Pick<Config, 'publicUrl'>): NotifyHub {
  async function deliver(trx: Transaction<Database>, notification: HubNotification): Promise<void> {
    const { tenantId, residentId, template } = notification
    const resident = await trx.selectFrom('residents').select(['id']).where('tenantId', '=', tenantId).where('id', '=', residentId).executeTakeFirst()
    if (!resident) return // deleted meanwhile: nothing to deliver
    const content: NoticeContent = {}
    for (const [locale, texts] of Object.entries(notification.texts)) content[locale as keyof NoticeContent] = { subject: texts.subject, body: texts.body }
    const { notice, isNew } = await insertNotice(
      trx,
      tenantId,
      {
        kind: 'transactional',
        priority: 'normal',
        content,
        personalisation: literalPlaceholders(content),
        audience: { kind: 'residents', residentIds: [residentId] },
        linkUrl: notification.linkUrl ?? null,
        source: 'module',
        idempotencyKey: `notify:${notification.idempotencyKey}`,
      },
      'sending',
    )
    if (!isNew) return
    const now = new Date()
    await queueNoticeDeliveries(trx, tenantId, notice.id, now)
    if (!template.channels.includes('email')) {
      // The calling module asked for the inbox only.
      await notificationsDb(trx)
        .updateTable('deliveries')
        .set({ status: 'cancelled', error: 'the message is for the inbox only', failedAt: now, updatedAt: now })
        .where('tenantId', '=', tenantId)
        .where('noticeId', '=', notice.id)
        .where('channel', '<>', 'inbox')
        .execute()
    }
    await deliverInboxRows(trx, tenantId, 10, now, { publicUrl: config.publicUrl, tenantName: '', tenantNameEn: '' }, { noticeId: notice.id, template: template.id, idempotencyKey: notification.idempotencyKey })
  }

  return async (executor, notification) => {
    if (executor.isTransaction) return deliver(executor as Transaction<Database>, notification)
    return withTenant(executor as Db, notification.tenantId, trx => deliver(trx, notification))
  }
}
