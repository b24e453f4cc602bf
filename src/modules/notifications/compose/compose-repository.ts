/**
 * SQL of staff compose: drafts, the approval decision, the overview lists and the approval
 * threshold. Notices are created by the delivery engine's `insertNotice` and their deliveries by
 * `queueNoticeDeliveries`; here only the states compose owns change (draft edits, pending
 * approval, scheduled, approved, rejected).
 */
import { sql, type Transaction } from 'kysely'
import type { Database } from '../../../platform/db/schema.js'
import { notificationsDb, type Audience, type Notice, type NoticeContent, type NoticePriority, type NoticeStatus } from '../notification-tables.js'
import { noticeSubject } from './notice-preview.js'

type Trx = Transaction<Database>

export async function findNotice(trx: Trx, tenantId: string, noticeId: string): Promise<Notice | undefined> {
  return notificationsDb(trx).selectFrom('notices').selectAll().where('tenantId', '=', tenantId).where('id', '=', noticeId).executeTakeFirst()
}

/** The notice locked for a state change: concurrent decisions on it wait and then see the new state. */
export async function lockNotice(trx: Trx, tenantId: string, noticeId: string): Promise<Notice | undefined> {
  return notificationsDb(trx).selectFrom('notices').selectAll().where('tenantId', '=', tenantId).where('id', '=', noticeId).forUpdate().executeTakeFirst()
}

export interface DraftFields {
  templateId: string | null
  templateVersion: number | null
  content: NoticeContent
  personalisation: Record<string, string>
  topicId: string | null
  priority: NoticePriority
  isDigestible: boolean
  linkUrl: string | null
  audience: Audience
  scheduledAt: Date | null
}

/** Replaces a draft's content; false when it is no longer a draft (sent meanwhile). */
export async function updateDraftNotice(trx: Trx, tenantId: string, noticeId: string, fields: DraftFields): Promise<boolean> {
  const result = await notificationsDb(trx)
    .updateTable('notices')
    .set({
      templateId: fields.templateId,
      templateVersion: fields.templateVersion,
      content: JSON.stringify(fields.content),
      personalisation: JSON.stringify(fields.personalisation),
      topicId: fields.topicId,
      priority: fields.priority,
      isDigestible: fields.isDigestible,
      linkUrl: fields.linkUrl,
      audience: JSON.stringify(fields.audience),
      scheduledAt: fields.scheduledAt,
      updatedAt: new Date(),
    })
    .where('tenantId', '=', tenantId)
    .where('id', '=', noticeId)
    .where('status', '=', 'draft')
    .executeTakeFirst()
  return result.numUpdatedRows > 0n
}

/** Deletes a draft (it has no deliveries); false when it is no longer a draft. */
export async function deleteDraftNotice(trx: Trx, tenantId: string, noticeId: string): Promise<boolean> {
  const result = await notificationsDb(trx).deleteFrom('notices').where('tenantId', '=', tenantId).where('id', '=', noticeId).where('status', '=', 'draft').executeTakeFirst()
  return result.numDeletedRows > 0n
}

/** Moves a notice between the states compose owns, recording the estimated recipients. */
export async function setNoticeStatus(trx: Trx, tenantId: string, noticeId: string, status: Extract<NoticeStatus, 'pending_approval' | 'scheduled'>, recipientCount?: number): Promise<void> {
  await notificationsDb(trx)
    .updateTable('notices')
    .set({ status, ...(recipientCount === undefined ? {} : { recipientCount }), updatedAt: new Date() })
    .where('tenantId', '=', tenantId)
    .where('id', '=', noticeId)
    .execute()
}

/**
 * Records a supervisor's decision. The decider of a rejection is kept in the same columns as an
 * approver's (approved_by_staff_id / approved_at): the status says which decision it was.
 */
export async function recordNoticeDecision(trx: Trx, tenantId: string, noticeId: string, decision: { staffId: string; at: Date; note: string | null; rejected: boolean }): Promise<void> {
  await notificationsDb(trx)
    .updateTable('notices')
    .set({
      approvedByStaffId: decision.staffId,
      approvedAt: decision.at,
      decisionNote: decision.note,
      ...(decision.rejected ? { status: 'rejected' as const } : {}),
      updatedAt: new Date(),
    })
    .where('tenantId', '=', tenantId)
    .where('id', '=', noticeId)
    .execute()
}

export interface NoticeListEntry {
  id: string
  /** the subject in Japanese with its placeholders filled */
  subject: string
  status: NoticeStatus
  priority: NoticePriority
  recipientCount: number | null
  scheduledAt: Date | null
  deliveriesCreatedAt: Date | null
  createdAt: Date
  createdByStaffId: string | null
  composerName: string | null
}

function listQuery(trx: Trx, tenantId: string) {
  return notificationsDb(trx)
    .selectFrom('notices as n')
    .leftJoin('staffUsers as s', join => join.onRef('s.tenantId', '=', 'n.tenantId').onRef('s.id', '=', 'n.createdByStaffId'))
    .select([
      'n.id',
      // only the subjects, not whole bodies: a list of thirty notices stays small
      sql<NoticeContent>`jsonb_strip_nulls(jsonb_build_object('ja', jsonb_build_object('subject', n.content->'ja'->'subject', 'body', ''), 'ja-easy', jsonb_build_object('subject', n.content->'ja-easy'->'subject', 'body', ''), 'en', jsonb_build_object('subject', n.content->'en'->'subject', 'body', '')))`.as('subjects'),
      'n.personalisation',
      'n.status',
      'n.priority',
      'n.recipientCount',
      'n.scheduledAt',
      'n.deliveriesCreatedAt',
      'n.createdAt',
      'n.createdByStaffId',
      's.displayName as composerName',
    ])
    .where('n.tenantId', '=', tenantId)
    // one resident's own messages (procedures, reservations) are theirs, not the hub's news
    .where('n.kind', '=', 'broadcast')
}

/**
 * The latest notices staff sent or are writing. Other staff members' drafts are their own
 * unfinished work and are left out.
 */
type ListRow = Awaited<ReturnType<ReturnType<typeof listQuery>['execute']>>[number]

function toListEntry({ subjects, personalisation, ...row }: ListRow): NoticeListEntry {
  // a language without a subject came back as {"body": ""}: drop it so the fallback skips it
  const content = Object.fromEntries(Object.entries(subjects).filter(([, texts]) => typeof texts?.subject === 'string')) as NoticeContent
  return { ...row, subject: noticeSubject({ content, personalisation }) }
}

export async function listRecentNotices(trx: Trx, tenantId: string, staffId: string, limit: number): Promise<NoticeListEntry[]> {
  const rows = await listQuery(trx, tenantId)
    .where(eb => eb.or([eb('n.status', '!=', 'draft'), eb('n.createdByStaffId', '=', staffId)]))
    .orderBy('n.createdAt', 'desc')
    .limit(limit)
    .execute()
  return rows.map(toListEntry)
}

export async function listPendingApprovals(trx: Trx, tenantId: string): Promise<NoticeListEntry[]> {
  const rows = await listQuery(trx, tenantId).where('n.status', '=', 'pending_approval').orderBy('n.createdAt', 'asc').limit(100).execute()
  return rows.map(toListEntry)
}

/** Deliveries done (terminal) and in all, for the notices still sending — one grouped scan. */
export async function countDeliveryProgress(trx: Trx, tenantId: string, noticeIds: string[]): Promise<Map<string, { done: number; total: number }>> {
  if (noticeIds.length === 0) return new Map()
  const rows = await notificationsDb(trx)
    .selectFrom('deliveries')
    .select([
      'noticeId',
      sql<string>`count(*) FILTER (WHERE status IN ('delivered', 'permanent_failure', 'cancelled'))`.as('done'),
      sql<string>`count(*)`.as('total'),
    ])
    .where('tenantId', '=', tenantId)
    .where('noticeId', 'in', noticeIds)
    .groupBy('noticeId')
    .execute()
  return new Map(rows.map(row => [row.noticeId, { done: Number(row.done), total: Number(row.total) }]))
}

export async function findStaffNames(trx: Trx, tenantId: string, ids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))]
  if (wanted.length === 0) return new Map()
  const rows = await trx.selectFrom('staffUsers').select(['id', 'displayName']).where('tenantId', '=', tenantId).where('id', 'in', wanted).execute()
  return new Map(rows.map(row => [row.id, row.displayName]))
}

export const DEFAULT_APPROVAL_THRESHOLD = 1000

/** The tenant's approval threshold (the default until someone sets it). */
export async function findApprovalThreshold(trx: Trx, tenantId: string): Promise<number> {
  const row = await notificationsDb(trx).selectFrom('notificationSettings').select('approvalThreshold').where('tenantId', '=', tenantId).executeTakeFirst()
  return row?.approvalThreshold ?? DEFAULT_APPROVAL_THRESHOLD
}

/** Sets the threshold, creating the tenant's settings row if it has none yet; returns the old value. */
export async function saveApprovalThreshold(trx: Trx, tenantId: string, threshold: number): Promise<number> {
  const previous = await findApprovalThreshold(trx, tenantId)
  await notificationsDb(trx)
    .insertInto('notificationSettings')
    .values({ tenantId, approvalThreshold: threshold })
    .onConflict(oc => oc.column('tenantId').doUpdateSet({ approvalThreshold: threshold, updatedAt: new Date() }))
    .execute()
  return previous
}
