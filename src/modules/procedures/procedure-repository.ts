/**
 * SQL for procedures and their frozen versions.
 */
import { sql, type Transaction } from 'kysely'
import type { Database } from '../../platform/db/schema.js'
import { toHiragana } from '../../jp/kana.js'
import { proceduresDb, type Procedure, type ProcedureVersion } from './procedure-tables.js'
import type { ProcedureDocument } from './form/form-definition.js'
import { toJsonSchema, toUiSchema } from './form/form-json-schema.js'

type Trx = Transaction<Database>

/** Search text: NFKC, lower case, katakana folded to hiragana (ジュウミンヒョウ finds じゅうみんひょう). */
export function foldSearchText(text: string): string {
  return toHiragana(text.normalize('NFKC').toLowerCase()).replace(/\s+/g, ' ').trim()
}

export function searchTextOf(doc: ProcedureDocument): string {
  const texts = [doc.title, doc.summary].flatMap(t => [t.ja, t['ja-easy'] ?? '', t.en ?? ''])
  return foldSearchText([...texts, ...doc.keywords].join(' '))
}

export async function findProcedure(trx: Trx, tenantId: string, id: string): Promise<Procedure | undefined> {
  return proceduresDb(trx).selectFrom('procedures').selectAll().where('tenantId', '=', tenantId).where('id', '=', id).executeTakeFirst()
}

/**
 * Published versions never change (a trigger refuses updates), so they are kept in memory once
 * read; the key includes the tenant and every entry was read through the tenant's RLS. Bounded.
 */
const versionCache = new Map<string, ProcedureVersion>()
const MAX_CACHED_VERSIONS = 1000

export async function findVersion(trx: Trx, tenantId: string, versionId: string): Promise<ProcedureVersion | undefined> {
  const key = `${tenantId}:${versionId}`
  const cached = versionCache.get(key)
  if (cached) return cached
  const row = await proceduresDb(trx).selectFrom('procedureVersions').selectAll().where('tenantId', '=', tenantId).where('id', '=', versionId).executeTakeFirst()
  if (row) {
    if (versionCache.size >= MAX_CACHED_VERSIONS) versionCache.delete(versionCache.keys().next().value as string)
    versionCache.set(key, row)
  }
  return row
}

/** What a submission needs of a procedure (not the draft document staff are editing). */
export async function findProcedureRef(trx: Trx, tenantId: string, by: { slug: string } | { id: string }) {
  let q = proceduresDb(trx).selectFrom('procedures').select(['id', 'slug', 'status', 'departmentId', 'publishedVersionId']).where('tenantId', '=', tenantId)
  q = 'slug' in by ? q.where('slug', '=', by.slug) : q.where('id', '=', by.id)
  return q.executeTakeFirst()
}

export async function findDepartmentIdByCode(trx: Trx, tenantId: string, code: string | undefined): Promise<string | null> {
  if (!code) return null
  const row = await trx.selectFrom('departments').select('id').where('tenantId', '=', tenantId).where('code', '=', code).executeTakeFirst()
  return row?.id ?? null
}

export async function insertProcedure(trx: Trx, tenantId: string, doc: ProcedureDocument, staffId: string | null): Promise<Procedure> {
  return proceduresDb(trx)
    .insertInto('procedures')
    .values({
      tenantId,
      slug: doc.slug,
      departmentId: await findDepartmentIdByCode(trx, tenantId, doc.departmentCode),
      draftDocument: JSON.stringify(doc),
      draftUpdatedBy: staffId,
      category: doc.category,
    })
    .returningAll()
    .executeTakeFirstOrThrow()
}

export async function updateDraftDocument(trx: Trx, tenantId: string, procedureId: string, doc: ProcedureDocument, staffId: string | null): Promise<void> {
  await proceduresDb(trx)
    .updateTable('procedures')
    .set({ draftDocument: JSON.stringify(doc), draftUpdatedAt: new Date(), draftUpdatedBy: staffId, updatedAt: new Date() })
    .where('tenantId', '=', tenantId)
    .where('id', '=', procedureId)
    .execute()
}

/**
 * Freezes the draft as the next version and makes it the published one. The JSON Schema and
 * UI schema are generated now and stored with the version, so later code changes never alter
 * what an application was validated against.
 */
export async function publishDraft(trx: Trx, tenantId: string, procedureId: string, staffId: string | null): Promise<ProcedureVersion> {
  const db = proceduresDb(trx)
  const procedure = await db.selectFrom('procedures').selectAll().where('tenantId', '=', tenantId).where('id', '=', procedureId).forUpdate().executeTakeFirstOrThrow()
  const doc = procedure.draftDocument
  const last = await db.selectFrom('procedureVersions').select(sql<number>`coalesce(max(version), 0)`.as('version')).where('tenantId', '=', tenantId).where('procedureId', '=', procedureId).executeTakeFirstOrThrow()
  const version = Number(last.version) + 1
  const row = await db
    .insertInto('procedureVersions')
    .values({
      tenantId,
      procedureId,
      version,
      document: JSON.stringify(doc),
      jsonSchema: JSON.stringify(toJsonSchema(doc.form, { title: doc.title, version })),
      uiSchema: JSON.stringify(toUiSchema(doc.form)),
      publishedBy: staffId,
    })
    .returningAll()
    .executeTakeFirstOrThrow()
  await db
    .updateTable('procedures')
    .set({
      publishedVersionId: row.id,
      status: 'published',
      slug: doc.slug,
      category: doc.category,
      departmentId: await findDepartmentIdByCode(trx, tenantId, doc.departmentCode),
      searchText: searchTextOf(doc),
      updatedAt: new Date(),
    })
    .where('tenantId', '=', tenantId)
    .where('id', '=', procedureId)
    .execute()
  return row
}

export interface CatalogueEntry {
  id: string
  slug: string
  versionId: string
  version: number
  document: ProcedureDocument
}

/** Published procedures, optionally filtered by category, life event and a search phrase. */
export async function listPublishedProcedures(trx: Trx, tenantId: string, filter: { query?: string; category?: string; lifeEvent?: string } = {}): Promise<CatalogueEntry[]> {
  let q = proceduresDb(trx)
    .selectFrom('procedures as p')
    .innerJoin('procedureVersions as v', join => join.onRef('v.tenantId', '=', 'p.tenantId').onRef('v.id', '=', 'p.publishedVersionId'))
    .select(['p.id', 'p.slug', 'v.id as versionId', 'v.version', 'v.document'])
    .where('p.tenantId', '=', tenantId)
    .where('p.status', '=', 'published')
  if (filter.category) q = q.where('p.category', '=', filter.category)
  if (filter.lifeEvent) q = q.where(sql<boolean>`v.document -> 'lifeEvents' ? ${filter.lifeEvent}`)
  const words = filter.query ? foldSearchText(filter.query).split(' ').filter(Boolean).slice(0, 8) : []
  // Every word must occur (substring, so two-character words such as 犬 or ごみ work); the
  // trigram index keeps longer words fast, and similarity ranks the results.
  for (const word of words) q = q.where(sql<boolean>`p.search_text LIKE ${'%' + word.replace(/[\\%_]/g, m => '\\' + m) + '%'}`)
  const rows = await (words.length > 0
    ? q.orderBy(sql`similarity(p.search_text, ${words.join(' ')})`, 'desc').orderBy('p.slug')
    : q.orderBy('p.slug')
  ).execute()
  return rows.map(r => ({ id: r.id, slug: r.slug, versionId: r.versionId, version: r.version, document: r.document }))
}
