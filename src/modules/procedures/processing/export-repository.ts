/**
 * SQL of exports: applications in keyset-paginated batches (never all at once), the versions
 * of a procedure, and export files kept as ordered parts.
 */
import { sql, type Transaction } from 'kysely'
import type { Database } from '../../../platform/db/schema.js'
import type { Answers } from '../form/form-answers.js'
import { proceduresDb, type ApplicationChannel, type ApplicationStatus, type Decision, type PaymentState } from '../procedure-tables.js'
import type { ProcedureDocument } from '../form/form-definition.js'
import { matchingApplications, type ApplicationCriteria } from './application-query.js'
import { exportsDb, type ApplicationExport, type ExportCriteria, type ExportEncoding, type ExportFormat, type ExportStatus } from './export-tables.js'

type Trx = Transaction<Database>

/** Where a batch ends: the sort time as PostgreSQL prints it (microseconds intact) and the id. */
export interface ExportCursor {
  at: string
  id: string
}

export interface ExportRow {
  id: string
  receiptNumber: string | null
  status: ApplicationStatus
  versionId: string
  version: number
  procedureSlug: string
  answers: Answers
  submittedAt: Date | null
  dueAt: Date | null
  decidedAt: Date | null
  decision: Decision | null
  decisionReason: string | null
  channel: ApplicationChannel
  feeYen: number
  paymentState: PaymentState
  departmentCode: string | null
  departmentName: string | null
  assigneeName: string | null
  basicInfoName: string | null
  displayName: string | null
  sortAt: string
}

export async function countMatching(trx: Trx, tenantId: string, criteria: ApplicationCriteria): Promise<number> {
  const row = await matchingApplications(trx, tenantId, criteria)
    .select(eb => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/** The next `limit` applications after the cursor, in order of reception (then id). */
export function fetchExportBatch(trx: Trx, tenantId: string, criteria: ApplicationCriteria, after: ExportCursor | undefined, limit: number): Promise<ExportRow[]> {
  const sortAt = sql<Date>`coalesce(a.submitted_at, a.created_at)`
  let query = matchingApplications(trx, tenantId, criteria)
  // A JavaScript Date keeps milliseconds only: the cursor carries PostgreSQL's own text so that
  // no row is fetched twice or skipped.
  if (after) query = query.where(sql<boolean>`(coalesce(a.submitted_at, a.created_at), a.id) > (${after.at}::timestamptz, ${after.id}::uuid)`)
  return query
    .innerJoin('procedures as p', join => join.onRef('p.tenantId', '=', 'a.tenantId').onRef('p.id', '=', 'a.procedureId'))
    .innerJoin('procedureVersions as v', join => join.onRef('v.tenantId', '=', 'a.tenantId').onRef('v.id', '=', 'a.versionId'))
    .leftJoin('staffUsers as s', join => join.onRef('s.tenantId', '=', 'a.tenantId').onRef('s.id', '=', 'a.assigneeStaffId'))
    .leftJoin('departments as d', join => join.onRef('d.tenantId', '=', 'a.tenantId').onRef('d.id', '=', 'a.departmentId'))
    .leftJoin('residents as r', join => join.onRef('r.tenantId', '=', 'a.tenantId').onRef('r.id', '=', 'a.residentId'))
    .leftJoin('residentBasicInfo as b', join => join.onRef('b.tenantId', '=', 'a.tenantId').onRef('b.residentId', '=', 'a.residentId'))
    .select([
      'a.id', 'a.receiptNumber', 'a.status', 'a.versionId', 'v.version', 'p.slug as procedureSlug', 'a.answers', 'a.submittedAt', 'a.dueAt', 'a.decidedAt', 'a.decision',
      'a.decisionReason', 'a.channel', 'a.feeYen', 'a.paymentState', 'd.code as departmentCode', 'd.name as departmentName', 's.displayName as assigneeName',
      'b.name as basicInfoName', 'r.displayName as displayName', sql<string>`coalesce(a.submitted_at, a.created_at)::text`.as('sortAt'),
    ])
    .orderBy(sortAt)
    .orderBy('a.id')
    .limit(limit)
    .execute()
}

/** A procedure's versions, newest first (their documents give the answer columns). */
export function listProcedureVersions(trx: Trx, tenantId: string, procedureId: string): Promise<{ id: string; version: number; document: ProcedureDocument }[]> {
  return proceduresDb(trx)
    .selectFrom('procedureVersions')
    .select(['id', 'version', 'document'])
    .where('tenantId', '=', tenantId)
    .where('procedureId', '=', procedureId)
    .orderBy('version', 'desc')
    .execute()
}

export async function insertExport(trx: Trx, tenantId: string, values: { staffUserId: string; format: ExportFormat; encoding: ExportEncoding; criteria: ExportCriteria; totalCount: number; expiresAt: Date }): Promise<string> {
  const row = await exportsDb(trx)
    .insertInto('applicationExports')
    .values({ tenantId, staffUserId: values.staffUserId, format: values.format, encoding: values.encoding, criteria: JSON.stringify(values.criteria), totalCount: values.totalCount, expiresAt: values.expiresAt })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

export function findExport(trx: Trx, tenantId: string, id: string): Promise<ApplicationExport | undefined> {
  return exportsDb(trx).selectFrom('applicationExports').selectAll().where('tenantId', '=', tenantId).where('id', '=', id).executeTakeFirst()
}

export async function updateExport(trx: Trx, tenantId: string, id: string, values: { status?: ExportStatus; doneCount?: number; totalCount?: number; sizeBytes?: number; error?: string | null; completedAt?: Date | null }): Promise<void> {
  await exportsDb(trx)
    .updateTable('applicationExports')
    .set({ ...values, updatedAt: new Date() })
    .where('tenantId', '=', tenantId)
    .where('id', '=', id)
    .execute()
}

export async function insertExportPart(trx: Trx, tenantId: string, exportId: string, seq: number, content: Buffer): Promise<void> {
  await exportsDb(trx).insertInto('applicationExportParts').values({ tenantId, exportId, seq, content }).execute()
}

export async function deleteExportParts(trx: Trx, tenantId: string, exportId: string): Promise<void> {
  await exportsDb(trx).deleteFrom('applicationExportParts').where('tenantId', '=', tenantId).where('exportId', '=', exportId).execute()
}

/** One part of a file, in order; undefined after the last. */
export async function findExportPart(trx: Trx, tenantId: string, exportId: string, seq: number): Promise<Buffer | undefined> {
  const row = await exportsDb(trx)
    .selectFrom('applicationExportParts')
    .select('content')
    .where('tenantId', '=', tenantId)
    .where('exportId', '=', exportId)
    .where('seq', '=', seq)
    .executeTakeFirst()
  return row?.content
}

/** Exports hold personal data: removed (with their parts) once expired. */
export async function deleteExpiredExports(trx: Trx, tenantId: string, now: Date): Promise<number> {
  const result = await exportsDb(trx).deleteFrom('applicationExports').where('tenantId', '=', tenantId).where('expiresAt', '<', now).executeTakeFirst()
  return Number(result.numDeletedRows)
}
