/** SQL of segments (保存した配信対象) and of counting an audience's residents. */
import { sql, type RawBuilder, type Transaction } from 'kysely'
import type { Database } from '../../../platform/db/schema.js'
import { notificationsDb } from '../notification-tables.js'
import type { SegmentDefinition } from './segment-definition.js'

export interface SegmentRow {
  id: string
  name: string
  /** as stored; parse with parseSegmentDefinition before trusting its shape */
  definition: unknown
  createdByStaffId: string | null
  createdAt: Date
  updatedAt: Date
}

/** The tenant's segments by name. */
export async function listSegments(trx: Transaction<Database>, tenantId: string): Promise<SegmentRow[]> {
  return notificationsDb(trx).selectFrom('segments').select(['id', 'name', 'definition', 'createdByStaffId', 'createdAt', 'updatedAt']).where('tenantId', '=', tenantId).orderBy('name').orderBy('createdAt').execute()
}

export async function findSegment(trx: Transaction<Database>, tenantId: string, id: string): Promise<SegmentRow | undefined> {
  return notificationsDb(trx).selectFrom('segments').select(['id', 'name', 'definition', 'createdByStaffId', 'createdAt', 'updatedAt']).where('tenantId', '=', tenantId).where('id', '=', id).executeTakeFirst()
}

export async function insertSegment(trx: Transaction<Database>, tenantId: string, values: { name: string; definition: SegmentDefinition; createdByStaffId: string | null }): Promise<{ id: string }> {
  return notificationsDb(trx)
    .insertInto('segments')
    .values({ tenantId, name: values.name, definition: JSON.stringify(values.definition), createdByStaffId: values.createdByStaffId })
    .returning('id')
    .executeTakeFirstOrThrow()
}

export async function updateSegment(trx: Transaction<Database>, tenantId: string, id: string, values: { name: string; definition: SegmentDefinition }): Promise<boolean> {
  const result = await notificationsDb(trx)
    .updateTable('segments')
    .set({ name: values.name, definition: JSON.stringify(values.definition), updatedAt: new Date() })
    .where('tenantId', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst()
  return result.numUpdatedRows > 0n
}

export async function deleteSegment(trx: Transaction<Database>, tenantId: string, id: string): Promise<boolean> {
  const result = await notificationsDb(trx).deleteFrom('segments').where('tenantId', '=', tenantId).where('id', '=', id).executeTakeFirst()
  return result.numDeletedRows > 0n
}

/** Notices not sent yet whose audience is this segment (it must not vanish under them). */
export async function countWaitingNoticesOfSegment(trx: Transaction<Database>, tenantId: string, id: string): Promise<number> {
  const row = await notificationsDb(trx)
    .selectFrom('notices')
    .select(eb => eb.fn.countAll<string>().as('count'))
    .where('tenantId', '=', tenantId)
    .where('status', 'in', ['draft', 'pending_approval', 'scheduled'])
    .where(sql<boolean>`audience->>'kind' = 'segment' AND audience->>'segmentId' = ${id}`)
    .executeTakeFirst()
  return Number(row?.count ?? 0)
}

/** How many distinct residents an audience query yields. */
export async function countAudienceResidents(trx: Transaction<Database>, residents: RawBuilder<{ resident_id: string }>): Promise<number> {
  const result = await sql<{ count: string }>`SELECT count(DISTINCT a.resident_id) AS count FROM (${residents}) a`.execute(trx)
  return Number(result.rows[0]?.count ?? 0)
}

/** A procedure staff can target answers of: its slug and title. */
export interface ProcedureChoice {
  slug: string
  title: Record<string, string>
}

/**
 * Procedures of the tenant, for the answer condition's list: a documented read of the procedures
 * module's `procedures` table (slug and the draft's title; nothing about applicants).
 */
export async function listProcedureChoices(trx: Transaction<Database>, tenantId: string): Promise<ProcedureChoice[]> {
  const result = await sql<{ slug: string; title: unknown }>`
    SELECT p.slug, p.draft_document->'title' AS title FROM procedures p
    WHERE p.tenant_id = ${tenantId} AND p.status <> 'archived'
    ORDER BY p.slug`.execute(trx)
  return result.rows.map(row => ({ slug: row.slug, title: typeof row.title === 'object' && row.title !== null ? (row.title as Record<string, string>) : {} }))
}
