/**
 * Ready-made procedures a municipality starts from (the builder's "テンプレートから作る" and the
 * demo seed). Each is a complete procedure document in `<slug>.json` beside this file, checked
 * by the same parser as an import (procedure-templates.test.ts proves each one parses).
 */
import { readFileSync } from 'node:fs'
import type { Transaction } from 'kysely'
import { recordAudit } from '../../../platform/audit/audit-log.js'
import type { Database } from '../../../platform/db/schema.js'
import { parseProcedureDocument, type ProcedureDocument } from '../form/form-definition.js'
import { insertProcedure, publishDraft } from '../procedure-repository.js'
import type { Procedure } from '../procedure-tables.js'

/** The templates, in the order the builder offers them. */
export const PROCEDURE_TEMPLATE_SLUGS = ['juminhyo-copy', 'jidou-teate', 'dog-registration', 'sodai-gomi', 'school-absence'] as const
export type ProcedureTemplateSlug = (typeof PROCEDURE_TEMPLATE_SLUGS)[number]

export interface ProcedureTemplate {
  slug: ProcedureTemplateSlug
  document: ProcedureDocument
}

let loaded: ProcedureTemplate[] | undefined

function loadTemplate(slug: ProcedureTemplateSlug): ProcedureTemplate {
  const source = readFileSync(new URL(`./${slug}.json`, import.meta.url), 'utf8')
  const parsed = parseProcedureDocument(JSON.parse(source))
  // A template that does not parse is a bug in this repository, not a user error.
  if (!parsed.ok) throw new Error(`procedure template ${slug} is invalid: ${parsed.issues.map(i => `${i.path}: ${i.message}`).join('; ')}`)
  return { slug, document: parsed.document }
}

/** Every template, parsed (read from disk once per process). Callers get copies they may change. */
export function listProcedureTemplates(): ProcedureTemplate[] {
  loaded ??= PROCEDURE_TEMPLATE_SLUGS.map(loadTemplate)
  return loaded.map(t => ({ slug: t.slug, document: structuredClone(t.document) }))
}

export function isProcedureTemplateSlug(value: unknown): value is ProcedureTemplateSlug {
  return typeof value === 'string' && (PROCEDURE_TEMPLATE_SLUGS as readonly string[]).includes(value)
}

/** One template's document (a copy), or undefined for an unknown slug. */
export function findProcedureTemplate(slug: string): ProcedureTemplate | undefined {
  return listProcedureTemplates().find(t => t.slug === slug)
}

/**
 * Creates a procedure (a draft) from a template inside the caller's tenant-bound transaction.
 * `slug` replaces the template's (two copies of one template in a municipality need two);
 * `publish` also freezes version 1 and records `procedure.publish` in the audit log (the demo
 * seed publishes; the builder leaves the draft for staff to adapt first).
 */
export async function createProcedureFromTemplate(
  trx: Transaction<Database>,
  tenantId: string,
  templateSlug: string,
  staffId: string | null,
  options: { slug?: string; publish?: boolean; requestId?: string } = {},
): Promise<Procedure> {
  const template = findProcedureTemplate(templateSlug)
  if (!template) throw new Error(`unknown procedure template ${templateSlug}`)
  const document: ProcedureDocument = { ...template.document, slug: options.slug ?? template.document.slug }
  const procedure = await insertProcedure(trx, tenantId, document, staffId)
  if (!options.publish) return procedure
  const version = await publishDraft(trx, tenantId, procedure.id, staffId)
  await recordAudit(trx, tenantId, {
    actor: staffId ? { type: 'staff', id: staffId } : { type: 'system' },
    action: 'procedure.publish',
    subjectType: 'procedure',
    subjectId: procedure.id,
    details: { slug: document.slug, version: version.version, template: templateSlug },
    requestId: options.requestId,
  })
  return { ...procedure, publishedVersionId: version.id, status: 'published' }
}
