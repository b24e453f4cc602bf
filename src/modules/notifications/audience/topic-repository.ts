/** SQL of topics (notification_topics). Every function takes the caller's tenant-bound transaction. */
import { sql, type Transaction } from 'kysely'
import type { Database } from '../../../platform/db/schema.js'
import { notificationsDb, type LocalizedNames, type NoticeLanguage, type NotificationTopic } from '../notification-tables.js'

export interface TopicValues {
  key: string
  names: LocalizedNames
  descriptions: Partial<Record<NoticeLanguage, string>>
  isDefault: boolean
}

/**
 * The tenant's topics in the order staff set (residents' preference pages show them so). Topics
 * are few (a dozen), so the list is whole.
 */
export async function listTopics(trx: Transaction<Database>, tenantId: string): Promise<NotificationTopic[]> {
  return notificationsDb(trx).selectFrom('notificationTopics').selectAll().where('tenantId', '=', tenantId).orderBy('sortOrder').orderBy('key').execute()
}

export async function findTopic(trx: Transaction<Database>, tenantId: string, id: string): Promise<NotificationTopic | undefined> {
  return notificationsDb(trx).selectFrom('notificationTopics').selectAll().where('tenantId', '=', tenantId).where('id', '=', id).executeTakeFirst()
}

export async function findTopicByKey(trx: Transaction<Database>, tenantId: string, key: string): Promise<NotificationTopic | undefined> {
  return notificationsDb(trx).selectFrom('notificationTopics').selectAll().where('tenantId', '=', tenantId).where('key', '=', key).executeTakeFirst()
}

/** Adds a topic at the end of the list. */
export async function insertTopic(trx: Transaction<Database>, tenantId: string, values: TopicValues): Promise<NotificationTopic> {
  const db = notificationsDb(trx)
  const last = await db.selectFrom('notificationTopics').select(eb => eb.fn.max('sortOrder').as('max')).where('tenantId', '=', tenantId).executeTakeFirst()
  return db
    .insertInto('notificationTopics')
    .values({ tenantId, key: values.key, names: JSON.stringify(values.names), descriptions: JSON.stringify(values.descriptions), isDefault: values.isDefault, sortOrder: (last?.max ?? 0) + 1 })
    .returningAll()
    .executeTakeFirstOrThrow()
}

/** Changes names, descriptions and the default flag (the key stays: templates and the API refer to it). */
export async function updateTopic(trx: Transaction<Database>, tenantId: string, id: string, values: Omit<TopicValues, 'key'>): Promise<NotificationTopic | undefined> {
  return notificationsDb(trx)
    .updateTable('notificationTopics')
    .set({ names: JSON.stringify(values.names), descriptions: JSON.stringify(values.descriptions), isDefault: values.isDefault, updatedAt: new Date() })
    .where('tenantId', '=', tenantId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst()
}

/** What refers to a topic: notices and templates (which keep it), subscribers (removed with it). */
export interface TopicUsage {
  notices: number
  templates: number
  subscribers: number
}

export async function countTopicUsage(trx: Transaction<Database>, tenantId: string, id: string): Promise<TopicUsage> {
  const row = await sql<{ notices: string; templates: string; subscribers: string }>`
    SELECT
      (SELECT count(*) FROM notices WHERE tenant_id = ${tenantId} AND topic_id = ${id}::uuid) AS notices,
      (SELECT count(*) FROM notification_templates WHERE tenant_id = ${tenantId} AND topic_id = ${id}::uuid) AS templates,
      (SELECT count(*) FROM topic_subscriptions WHERE tenant_id = ${tenantId} AND topic_id = ${id}::uuid) AS subscribers`.execute(trx)
  const counts = row.rows[0]
  return { notices: Number(counts?.notices ?? 0), templates: Number(counts?.templates ?? 0), subscribers: Number(counts?.subscribers ?? 0) }
}

/** Deletes a topic; residents' subscriptions to it go with it (ON DELETE CASCADE). */
export async function deleteTopic(trx: Transaction<Database>, tenantId: string, id: string): Promise<boolean> {
  const result = await notificationsDb(trx).deleteFrom('notificationTopics').where('tenantId', '=', tenantId).where('id', '=', id).executeTakeFirst()
  return result.numDeletedRows > 0n
}

/**
 * Moves a topic one place up or down. The whole list is renumbered 1…n in the new order, so gaps
 * and ties left by earlier edits disappear. Returns false when it is already at that end.
 */
export async function moveTopic(trx: Transaction<Database>, tenantId: string, id: string, direction: 'up' | 'down'): Promise<boolean> {
  const db = notificationsDb(trx)
  // one reorder at a time per tenant, so two staff moving topics at once cannot interleave
  await sql`SELECT pg_advisory_xact_lock(hashtext(${`notification-topics:${tenantId}`}))`.execute(trx)
  const topics = await listTopics(trx, tenantId)
  const index = topics.findIndex(t => t.id === id)
  const target = direction === 'up' ? index - 1 : index + 1
  if (index < 0 || target < 0 || target >= topics.length) return false
  const order = topics.map(t => t.id)
  ;[order[index], order[target]] = [order[target], order[index]]
  for (const [position, topicId] of order.entries()) {
    await db.updateTable('notificationTopics').set({ sortOrder: position + 1, updatedAt: new Date() }).where('tenantId', '=', tenantId).where('id', '=', topicId).execute()
  }
  return true
}
