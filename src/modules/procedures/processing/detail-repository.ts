/**
 * SQL behind the application detail page: the application with its people and department,
 * notes, approval steps, issued documents and encrypted My Number answers.
 */
import type { Transaction } from 'kysely'
import type { Database } from '../../../platform/db/schema.js'
import { proceduresDb, type Application } from '../procedure-tables.js'

type Trx = Transaction<Database>

export interface ApplicationContext {
  procedureSlug: string
  departmentName: string | null
  departmentNameEn: string | null
  residentDisplayName: string | null
  residentLocale: string | null
  basicInfoName: string | null
  basicInfoAddress: string | null
}

/** The application's department, procedure and resident, as staff pages and notices show them. */
export async function findApplicationContext(trx: Trx, tenantId: string, application: Pick<Application, 'procedureId' | 'departmentId' | 'residentId'>): Promise<ApplicationContext> {
  const db = proceduresDb(trx)
  const procedure = await db.selectFrom('procedures').select('slug').where('tenantId', '=', tenantId).where('id', '=', application.procedureId).executeTakeFirst()
  const department = application.departmentId
    ? await trx.selectFrom('departments').select(['name', 'nameEn']).where('tenantId', '=', tenantId).where('id', '=', application.departmentId).executeTakeFirst()
    : undefined
  const resident = application.residentId
    ? await trx
        .selectFrom('residents as r')
        .leftJoin('residentBasicInfo as b', join => join.onRef('b.tenantId', '=', 'r.tenantId').onRef('b.residentId', '=', 'r.id'))
        .select(['r.displayName', 'r.locale', 'b.name', 'b.address'])
        .where('r.tenantId', '=', tenantId)
        .where('r.id', '=', application.residentId)
        .executeTakeFirst()
    : undefined
  return {
    procedureSlug: procedure?.slug ?? '',
    departmentName: department?.name ?? null,
    departmentNameEn: department?.nameEn ?? null,
    residentDisplayName: resident?.displayName ?? null,
    residentLocale: resident?.locale ?? null,
    basicInfoName: resident?.name ?? null,
    basicInfoAddress: resident?.address ?? null,
  }
}

/** Display names of staff members by id (former staff keep their name: accounts are disabled, never deleted). */
export async function findStaffNames(trx: Trx, tenantId: string, ids: readonly (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))]
  if (wanted.length === 0) return new Map()
  const rows = await trx.selectFrom('staffUsers').select(['id', 'displayName']).where('tenantId', '=', tenantId).where('id', 'in', wanted).execute()
  return new Map(rows.map(r => [r.id, r.displayName]))
}

export interface NoteRow {
  id: string
  staffUserId: string
  body: string
  createdAt: Date
}

export function listNotes(trx: Trx, tenantId: string, applicationId: string): Promise<NoteRow[]> {
  return proceduresDb(trx)
    .selectFrom('applicationNotes')
    .select(['id', 'staffUserId', 'body', 'createdAt'])
    .where('tenantId', '=', tenantId)
    .where('applicationId', '=', applicationId)
    .orderBy('createdAt')
    .orderBy('id')
    .limit(500)
    .execute()
}

export async function insertNote(trx: Trx, tenantId: string, values: { applicationId: string; staffUserId: string; body: string }): Promise<void> {
  await proceduresDb(trx).insertInto('applicationNotes').values({ tenantId, ...values }).execute()
}

export interface DocumentMeta {
  id: string
  kind: 'receipt' | 'notice'
  title: string
  issuedAt: Date
}

export function listDocuments(trx: Trx, tenantId: string, applicationId: string): Promise<DocumentMeta[]> {
  return proceduresDb(trx)
    .selectFrom('applicationDocuments')
    .select(['id', 'kind', 'title', 'issuedAt'])
    .where('tenantId', '=', tenantId)
    .where('applicationId', '=', applicationId)
    .orderBy('issuedAt')
    .orderBy('id')
    .execute()
}

export function findDocument(trx: Trx, tenantId: string, applicationId: string, documentId: string) {
  return proceduresDb(trx)
    .selectFrom('applicationDocuments')
    .select(['id', 'kind', 'title', 'content', 'issuedAt'])
    .where('tenantId', '=', tenantId)
    .where('applicationId', '=', applicationId)
    .where('id', '=', documentId)
    .executeTakeFirst()
}

export async function insertDocument(trx: Trx, tenantId: string, values: { applicationId: string; kind: 'receipt' | 'notice'; title: string; content: Buffer; issuedAt: Date }): Promise<string> {
  const row = await proceduresDb(trx).insertInto('applicationDocuments').values({ tenantId, ...values }).returning('id').executeTakeFirstOrThrow()
  return row.id
}

export async function findSecretCiphertext(trx: Trx, tenantId: string, applicationId: string, fieldPath: string): Promise<string | undefined> {
  const row = await proceduresDb(trx)
    .selectFrom('applicationSecrets')
    .select('ciphertext')
    .where('tenantId', '=', tenantId)
    .where('applicationId', '=', applicationId)
    .where('fieldPath', '=', fieldPath)
    .executeTakeFirst()
  return row?.ciphertext
}
