/**
 * SQL the builder needs beyond procedure-repository.ts: the staff list with publication state,
 * the draft locked for an edit, version history and slug checks.
 */
import { sql, type Transaction } from 'kysely'
import type { Database } from '../../../platform/db/schema.js'
import type { LocalizedText, ProcedureDocument } from '../form/form-definition.js'
import { proceduresDb, type Procedure, type ProcedureStatus, type ProcedureVersion } from '../procedure-tables.js'

type Trx = Transaction<Database>

export interface StaffProcedureRow {
  id: string
  slug: string
  status: ProcedureStatus
  title: LocalizedText
  draftUpdatedAt: Date
  publishedVersion: number | null
  publishedAt: Date | null
  /** the draft differs from the published version (未公開の変更あり) */
  hasUnpublishedChanges: boolean
}

/** Every procedure of the tenant, by slug, with its publication state (a municipality has tens to a few hundred). */
export async function listStaffProcedures(trx: Trx, tenantId: string): Promise<StaffProcedureRow[]> {
  const rows = await proceduresDb(trx)
    .selectFrom('procedures as p')
    .leftJoin('procedureVersions as v', join => join.onRef('v.tenantId', '=', 'p.tenantId').onRef('v.id', '=', 'p.publishedVersionId'))
    .select([
      'p.id',
      'p.slug',
      'p.status',
      sql<LocalizedText>`p.draft_document -> 'title'`.as('title'),
      'p.draftUpdatedAt',
      'v.version as publishedVersion',
      'v.publishedAt',
      sql<boolean>`v.id IS NOT NULL AND p.draft_document <> v.document`.as('hasUnpublishedChanges'),
    ])
    .where('p.tenantId', '=', tenantId)
    .orderBy('p.slug')
    .limit(1000)
    .execute()
  return rows.map(r => ({ ...r, publishedVersion: r.publishedVersion ?? null, publishedAt: r.publishedAt ?? null, hasUnpublishedChanges: Boolean(r.hasUnpublishedChanges) }))
}

/** The procedure row locked until the transaction ends: edits of one draft never interleave. */
export async function lockProcedure(trx: Trx, tenantId: string, id: string): Promise<Procedure | undefined> {
  return proceduresDb(trx).selectFrom('procedures').selectAll().where('tenantId', '=', tenantId).where('id', '=', id).forUpdate().executeTakeFirst()
}

/**
 * Stores an edited draft. Until the first publication the slug and category columns follow the
 * draft; afterwards they keep the published version's until the next publication (residents'
 * addresses must not change because a draft did).
 */
export async function saveDraft(trx: Trx, tenantId: string, procedure: Pick<Procedure, 'id' | 'publishedVersionId'>, doc: ProcedureDocument, staffId: string): Promise<void> {
  await proceduresDb(trx)
    .updateTable('procedures')
    .set({
      draftDocument: JSON.stringify(doc),
      draftUpdatedAt: new Date(),
      draftUpdatedBy: staffId,
      updatedAt: new Date(),
      ...(procedure.publishedVersionId === null ? { slug: doc.slug, category: doc.category } : {}),
    })
    .where('tenantId', '=', tenantId)
    .where('id', '=', procedure.id)
    .execute()
}

/** Another procedure that has this slug, as its address or in its draft (undefined when free). */
export async function findSlugHolder(trx: Trx, tenantId: string, slug: string, exceptId?: string): Promise<string | undefined> {
  let query = proceduresDb(trx)
    .selectFrom('procedures')
    .select('id')
    .where('tenantId', '=', tenantId)
    .where(eb => eb.or([eb('slug', '=', slug), eb(sql<string>`draft_document ->> 'slug'`, '=', slug)]))
  if (exceptId) query = query.where('id', '<>', exceptId)
  const row = await query.limit(1).executeTakeFirst()
  return row?.id
}

/** The first of `slug-2`, `slug-3`, … that no procedure uses (for a clash on create or import). */
export async function suggestFreeSlug(trx: Trx, tenantId: string, slug: string): Promise<string> {
  const stem = slug.replace(/-\d+$/, '').slice(0, 55)
  for (let n = 2; n < 1000; n++) {
    const candidate = `${stem}-${n}`
    if (!(await findSlugHolder(trx, tenantId, candidate))) return candidate
  }
  return `${stem}-${Date.now().toString(36)}`.slice(0, 60)
}

export interface VersionSummary {
  id: string
  version: number
  publishedAt: Date
  publishedByName: string | null
}

export async function listVersions(trx: Trx, tenantId: string, procedureId: string): Promise<VersionSummary[]> {
  return proceduresDb(trx)
    .selectFrom('procedureVersions as v')
    .leftJoin('staffUsers as s', join => join.onRef('s.tenantId', '=', 'v.tenantId').onRef('s.id', '=', 'v.publishedBy'))
    .select(['v.id', 'v.version', 'v.publishedAt', 's.displayName as publishedByName'])
    .where('v.tenantId', '=', tenantId)
    .where('v.procedureId', '=', procedureId)
    .orderBy('v.version', 'desc')
    .execute()
}

export async function findVersionByNumber(trx: Trx, tenantId: string, procedureId: string, version: number): Promise<ProcedureVersion | undefined> {
  return proceduresDb(trx).selectFrom('procedureVersions').selectAll().where('tenantId', '=', tenantId).where('procedureId', '=', procedureId).where('version', '=', version).executeTakeFirst()
}

export async function setProcedureStatus(trx: Trx, tenantId: string, id: string, status: ProcedureStatus): Promise<void> {
  await proceduresDb(trx).updateTable('procedures').set({ status, updatedAt: new Date() }).where('tenantId', '=', tenantId).where('id', '=', id).execute()
}

export interface DepartmentOption {
  code: string
  name: string
  nameEn: string
}

/** The municipality's departments (and partner organisations), for the routing select. */
export function listDepartmentOptions(trx: Trx, tenantId: string): Promise<DepartmentOption[]> {
  return trx.selectFrom('departments').select(['code', 'name', 'nameEn']).where('tenantId', '=', tenantId).orderBy('code').limit(1000).execute()
}
