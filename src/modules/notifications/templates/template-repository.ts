/** SQL of templates and their versions. Every function takes the caller's tenant transaction. */
import type { Selectable, Transaction } from 'kysely'
import type { Database } from '../../../platform/db/schema.js'
import { notificationsDb, type NoticeContent, type NotificationTemplatesTable, type NotificationTemplateVersionsTable } from '../notification-tables.js'

export type TemplateRow = Selectable<NotificationTemplatesTable>
export type TemplateVersionRow = Selectable<NotificationTemplateVersionsTable>
type Trx = Transaction<Database>

export async function insertTemplate(trx: Trx, tenantId: string, input: { key: string; name: string; topicId: string | null }): Promise<TemplateRow> {
  return notificationsDb(trx)
    .insertInto('notificationTemplates')
    .values({ tenantId, key: input.key, name: input.name, topicId: input.topicId, currentVersion: 0 })
    .returningAll()
    .executeTakeFirstOrThrow()
}

export async function findTemplate(trx: Trx, tenantId: string, templateId: string): Promise<TemplateRow | undefined> {
  return notificationsDb(trx).selectFrom('notificationTemplates').selectAll().where('tenantId', '=', tenantId).where('id', '=', templateId).executeTakeFirst()
}

export async function findTemplateByKey(trx: Trx, tenantId: string, key: string): Promise<TemplateRow | undefined> {
  return notificationsDb(trx).selectFrom('notificationTemplates').selectAll().where('tenantId', '=', tenantId).where('key', '=', key).executeTakeFirst()
}

export async function updateTemplateDetails(trx: Trx, tenantId: string, templateId: string, input: { name: string; topicId: string | null }): Promise<void> {
  await notificationsDb(trx)
    .updateTable('notificationTemplates')
    .set({ name: input.name, topicId: input.topicId, updatedAt: new Date() })
    .where('tenantId', '=', tenantId)
    .where('id', '=', templateId)
    .execute()
}

/**
 * Takes the next version number, only if nobody saved since `expected` was read (the row lock of
 * the UPDATE orders concurrent saves; the loser gets undefined and re-reads).
 */
export async function takeNextVersion(trx: Trx, tenantId: string, templateId: string, expected: number): Promise<number | undefined> {
  const row = await notificationsDb(trx)
    .updateTable('notificationTemplates')
    .set(eb => ({ currentVersion: eb('currentVersion', '+', 1), updatedAt: new Date() }))
    .where('tenantId', '=', tenantId)
    .where('id', '=', templateId)
    .where('currentVersion', '=', expected)
    .returning('currentVersion')
    .executeTakeFirst()
  return row?.currentVersion
}

export async function insertTemplateVersion(
  trx: Trx,
  tenantId: string,
  input: { templateId: string; version: number; content: NoticeContent; placeholders: string[]; createdByStaffId: string | null },
): Promise<void> {
  await notificationsDb(trx)
    .insertInto('notificationTemplateVersions')
    .values({ tenantId, templateId: input.templateId, version: input.version, content: JSON.stringify(input.content), placeholders: input.placeholders, createdByStaffId: input.createdByStaffId })
    .execute()
}

export async function findTemplateVersion(trx: Trx, tenantId: string, templateId: string, version: number): Promise<TemplateVersionRow | undefined> {
  return notificationsDb(trx)
    .selectFrom('notificationTemplateVersions')
    .selectAll()
    .where('tenantId', '=', tenantId)
    .where('templateId', '=', templateId)
    .where('version', '=', version)
    .executeTakeFirst()
}

export interface TemplateListRow extends TemplateRow {
  topicNames: Record<string, string> | null
}

/** The tenant's templates that are not archived, by name (a municipality has tens, not thousands). */
export async function selectTemplates(trx: Trx, tenantId: string): Promise<TemplateListRow[]> {
  const rows = await notificationsDb(trx)
    .selectFrom('notificationTemplates as t')
    .leftJoin('notificationTopics as topic', join => join.onRef('topic.tenantId', '=', 't.tenantId').onRef('topic.id', '=', 't.topicId'))
    .selectAll('t')
    .select('topic.names as topicNames')
    .where('t.tenantId', '=', tenantId)
    .where('t.archivedAt', 'is', null)
    .orderBy('t.name')
    .orderBy('t.key')
    .execute()
  return rows as TemplateListRow[]
}

export interface TemplateVersionSummary {
  version: number
  createdAt: Date
  createdByName: string | null
  placeholders: string[]
}

export async function selectTemplateVersions(trx: Trx, tenantId: string, templateId: string): Promise<TemplateVersionSummary[]> {
  return notificationsDb(trx)
    .selectFrom('notificationTemplateVersions as v')
    .leftJoin('staffUsers as s', join => join.onRef('s.tenantId', '=', 'v.tenantId').onRef('s.id', '=', 'v.createdByStaffId'))
    .select(['v.version', 'v.createdAt', 's.displayName as createdByName', 'v.placeholders'])
    .where('v.tenantId', '=', tenantId)
    .where('v.templateId', '=', templateId)
    .orderBy('v.version', 'desc')
    .execute()
}

export async function selectTopicChoices(trx: Trx, tenantId: string): Promise<{ id: string; key: string; names: Record<string, string> }[]> {
  return notificationsDb(trx).selectFrom('notificationTopics').select(['id', 'key', 'names']).where('tenantId', '=', tenantId).orderBy('sortOrder').orderBy('key').execute()
}
