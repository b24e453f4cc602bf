/**
 * The form builder's rules and transactions: create (blank, template, import), edit the draft,
 * publish (freeze a version), archive, export. Every edit runs in one transaction that locks the
 * procedure row, applies a pure edit (builder-edits.ts) and stores the result only when the
 * whole document is valid.
 */
import { isDeepStrictEqual } from 'node:util'
import type { FastifyRequest } from 'fastify'
import { recordAudit } from '../../../platform/audit/audit-log.js'
import { forbidden, unauthenticated } from '../../../platform/errors.js'
import { tenantOf } from '../../../platform/http/pipeline.js'
import type { StaffPrincipal } from '../../../platform/http/types.js'
import { withTenant, type Db } from '../../../platform/db/tenant-context.js'
import type { TenantContext } from '../../../platform/tenancy/tenant-service.js'
import type { Database } from '../../../platform/db/schema.js'
import type { Transaction } from 'kysely'
import type { ProcedureDocument } from '../form/form-definition.js'
import { findProcedure, findVersion, insertProcedure, publishDraft } from '../procedure-repository.js'
import type { Procedure } from '../procedure-tables.js'
import { createProcedureFromTemplate, findProcedureTemplate, isProcedureTemplateSlug } from '../templates/procedure-templates.js'
import { applyBuilderEdit, blankProcedureDocument, validateDocument, type BuilderEdit } from './builder-edits.js'
import { procedureNotFound, versionNotFound } from './builder-errors.js'
import type { FormProblem } from './builder-form-values.js'
import type { DocumentProblem } from './builder-problems.js'
import {
  findSlugHolder,
  findVersionByNumber,
  listDepartmentOptions,
  listStaffProcedures,
  listVersions,
  lockProcedure,
  saveDraft,
  setProcedureStatus,
  suggestFreeSlug,
  type DepartmentOption,
  type StaffProcedureRow,
  type VersionSummary,
} from './builder-repository.js'
import { SLUG_PATTERN } from './builder-settings-form.js'
import { japaneseText } from './builder-catalog.js'

/** Who is acting, where, under which request id (for audit). */
export interface BuilderRequest {
  tenant: TenantContext
  actor: StaffPrincipal
  requestId: string
}

export function builderRequest(req: FastifyRequest): BuilderRequest {
  const tenant = tenantOf(req)
  if (!req.staff) throw unauthenticated('AUTH.STAFF_LOGIN_REQUIRED')
  return { tenant, actor: req.staff, requestId: req.id }
}

/** Routes declare the permission too; the service checks again because it may be called from elsewhere. */
function requireManage(actor: StaffPrincipal): void {
  if (!actor.permissions.has('procedures.manage')) throw forbidden('AUTH.PERMISSION_DENIED')
}

/** An edit planned from the current draft (the posted form read against it), or the form's problems. */
export type PlannedEdit = { edit: BuilderEdit } | { formProblems: FormProblem[] }

export type EditOutcome =
  | { ok: true; document: ProcedureDocument }
  | { ok: false; document: ProcedureDocument; formProblems: FormProblem[]; problems: DocumentProblem[]; candidate?: unknown }

export interface BuilderView {
  procedure: Procedure
  document: ProcedureDocument
  versions: VersionSummary[]
  publishedVersion?: number
  hasUnpublishedChanges: boolean
}

export type CreateOutcome = { ok: true; id: string } | { ok: false; problems: FormProblem[] }

export type ImportOutcome =
  | { ok: true; id: string; slug: string }
  | { ok: false; problems: DocumentProblem[]; formProblems: FormProblem[]; suggestedSlug?: string }

export type PublishOutcome = { ok: true; version: number; reopened: boolean } | { ok: false; unchanged: true } | { ok: false; problems: DocumentProblem[] }

/** Largest JSON document an import reads (a 40-page form is well under 300 KB). */
export const MAX_IMPORT_CHARACTERS = 1_000_000


type Trx = Transaction<Database>

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505'
}

export function createProcedureBuilderService({ db }: { db: Db }) {
  const inTenant = <T>(tenant: TenantContext, fn: Parameters<typeof withTenant<T>>[2]) => withTenant(db, tenant.id, fn)

  async function slugProblem(trx: Trx, tenantId: string, slug: string, exceptId?: string): Promise<FormProblem | undefined> {
    if (!(await findSlugHolder(trx, tenantId, slug, exceptId))) return undefined
    return { field: 'slug', key: 'builder.problems.slugTaken', params: { slug, suggestion: await suggestFreeSlug(trx, tenantId, slug) } }
  }

  return {
    async listProcedures({ tenant, actor }: BuilderRequest): Promise<StaffProcedureRow[]> {
      requireManage(actor)
      return inTenant(tenant, trx => listStaffProcedures(trx, tenant.id))
    },

    async listDepartments({ tenant, actor }: BuilderRequest): Promise<DepartmentOption[]> {
      requireManage(actor)
      return inTenant(tenant, trx => listDepartmentOptions(trx, tenant.id))
    },

    /** `get*`: throws NOT_FOUND for another tenant's or an unknown procedure. */
    async getProcedure({ tenant, actor }: BuilderRequest, id: string): Promise<BuilderView> {
      requireManage(actor)
      return inTenant(tenant, async trx => {
        const procedure = await getProcedureRow(trx, tenant.id, id)
        const versions = await listVersions(trx, tenant.id, id)
        const published = procedure.publishedVersionId ? await findVersion(trx, tenant.id, procedure.publishedVersionId) : undefined
        return {
          procedure,
          document: procedure.draftDocument,
          versions,
          publishedVersion: published?.version,
          hasUnpublishedChanges: published !== undefined && !isDeepStrictEqual(published.document, procedure.draftDocument),
        }
      })
    },

    /** A new draft: blank (one page with a name field) or a copy of a template. */
    async createProcedure({ tenant, actor, requestId }: BuilderRequest, input: { source: string; slug: string; title: string }): Promise<CreateOutcome> {
      requireManage(actor)
      const problems: FormProblem[] = []
      const template = input.source === 'blank' ? undefined : isProcedureTemplateSlug(input.source) ? findProcedureTemplate(input.source) : undefined
      if (input.source !== 'blank' && !template) problems.push({ field: 'source', key: 'builder.form.chooseFromList' })
      const slug = input.slug || template?.document.slug || ''
      if (!SLUG_PATTERN.test(slug)) problems.push({ field: 'slug', key: input.slug ? 'builder.settings.slugFormat' : 'builder.form.required' })
      if (input.source === 'blank' && input.title === '') problems.push({ field: 'titleJa', key: 'builder.form.required' })
      if (input.title.length > 200) problems.push({ field: 'titleJa', key: 'builder.form.tooLong', params: { max: 200 } })
      if (problems.length > 0) return { ok: false, problems }
      try {
        return await inTenant(tenant, async trx => {
          const taken = await slugProblem(trx, tenant.id, slug)
          if (taken) return { ok: false, problems: [taken] }
          let procedure: Procedure
          if (template) {
            procedure = await createProcedureFromTemplate(trx, tenant.id, template.slug, actor.id, { slug })
            if (input.title) {
              const document = { ...procedure.draftDocument, title: { ...procedure.draftDocument.title, ja: input.title } }
              await saveDraft(trx, tenant.id, procedure, document, actor.id)
            }
          } else {
            const document = blankProcedureDocument({
              slug,
              title: input.title,
              texts: {
                pageTitle: japaneseText('builder.blank.pageTitle'),
                nameLabel: japaneseText('builder.blank.nameLabel'),
                summary: japaneseText('builder.blank.summary'),
                eligibility: japaneseText('builder.blank.eligibility'),
                requirements: japaneseText('builder.blank.requirements'),
                declaration: japaneseText('builder.blank.declaration'),
              },
            })
            procedure = await insertProcedure(trx, tenant.id, document, actor.id)
          }
          await recordAudit(trx, tenant.id, {
            actor: { type: 'staff', id: actor.id },
            action: 'procedure.create',
            subjectType: 'procedure',
            subjectId: procedure.id,
            details: { slug, template: template?.slug ?? null },
            requestId,
          })
          return { ok: true, id: procedure.id }
        })
      } catch (error) {
        if (isUniqueViolation(error)) return { ok: false, problems: [{ field: 'slug', key: 'builder.problems.slugTakenShort', params: { slug } }] }
        throw error
      }
    },

    /**
     * Applies an edit to the draft. `plan` reads the posted form against the draft as it is
     * inside the transaction (never a stale copy); nothing is stored unless the whole resulting
     * document is valid.
     */
    async editDraft({ tenant, actor }: BuilderRequest, id: string, plan: (document: ProcedureDocument) => PlannedEdit): Promise<EditOutcome> {
      requireManage(actor)
      try {
        return await inTenant(tenant, async trx => {
          const procedure = await lockProcedure(trx, tenant.id, id)
          if (!procedure) throw procedureNotFound()
          const current = procedure.draftDocument
          const planned = plan(current)
          if ('formProblems' in planned) return { ok: false, document: current, formProblems: planned.formProblems, problems: [] }
          const result = applyBuilderEdit(current, planned.edit)
          if (!result.ok) return { ok: false, document: current, formProblems: [], problems: result.problems, candidate: result.candidate }
          if (result.document.slug !== current.slug) {
            const taken = await slugProblem(trx, tenant.id, result.document.slug, id)
            if (taken) return { ok: false, document: current, formProblems: [taken], problems: [] }
          }
          await saveDraft(trx, tenant.id, procedure, result.document, actor.id)
          return { ok: true, document: result.document }
        })
      } catch (error) {
        if (!isUniqueViolation(error)) throw error
        const document = (await inTenant(tenant, trx => getProcedureRow(trx, tenant.id, id))).draftDocument
        return { ok: false, document, formProblems: [{ field: 'slug', key: 'builder.problems.slugTakenShort', params: { slug: document.slug } }], problems: [] }
      }
    },

    /**
     * 公開する: freezes the draft as the next version (with its JSON Schema) and audits it. An
     * unchanged draft of a published procedure is not frozen again; an archived procedure whose
     * draft is unchanged is published again as the same version.
     */
    async publish({ tenant, actor, requestId }: BuilderRequest, id: string): Promise<PublishOutcome> {
      requireManage(actor)
      try {
        return await inTenant(tenant, async trx => {
          const procedure = await lockProcedure(trx, tenant.id, id)
          if (!procedure) throw procedureNotFound()
          const checked = validateDocument(procedure.draftDocument)
          if (!checked.ok) return { ok: false, problems: checked.problems }
          const published = procedure.publishedVersionId ? await findVersion(trx, tenant.id, procedure.publishedVersionId) : undefined
          const unchanged = published !== undefined && isDeepStrictEqual(published.document, procedure.draftDocument)
          if (unchanged && procedure.status === 'published') return { ok: false, unchanged: true }
          const taken = await findSlugHolder(trx, tenant.id, checked.document.slug, id)
          if (taken) return { ok: false, problems: [{ key: 'builder.problems.slugTakenShort', path: ['slug'], params: { slug: checked.document.slug } }] }
          let version: number
          if (unchanged && published) {
            await setProcedureStatus(trx, tenant.id, id, 'published')
            version = published.version
          } else {
            version = (await publishDraft(trx, tenant.id, id, actor.id)).version
          }
          await recordAudit(trx, tenant.id, {
            actor: { type: 'staff', id: actor.id },
            action: 'procedure.publish',
            subjectType: 'procedure',
            subjectId: id,
            details: { slug: checked.document.slug, version, reopened: unchanged },
            requestId,
          })
          return { ok: true, version, reopened: unchanged }
        })
      } catch (error) {
        if (isUniqueViolation(error)) return { ok: false, problems: [{ key: 'builder.problems.slugTakenShort', path: ['slug'], params: { slug: '' } }] }
        throw error
      }
    },

    /** 公開終了: residents no longer find or start it; applications already made are unaffected. */
    async archive({ tenant, actor, requestId }: BuilderRequest, id: string): Promise<{ ok: boolean }> {
      requireManage(actor)
      return inTenant(tenant, async trx => {
        const procedure = await lockProcedure(trx, tenant.id, id)
        if (!procedure) throw procedureNotFound()
        if (procedure.status !== 'published') return { ok: false }
        await setProcedureStatus(trx, tenant.id, id, 'archived')
        await recordAudit(trx, tenant.id, {
          actor: { type: 'staff', id: actor.id },
          action: 'procedure.archive',
          subjectType: 'procedure',
          subjectId: id,
          details: { slug: procedure.slug },
          requestId,
        })
        return { ok: true }
      })
    },

    /** The draft, or a published version, as the JSON file an import accepts. */
    async exportDocument({ tenant, actor }: BuilderRequest, id: string, version?: number): Promise<{ slug: string; version?: number; json: string }> {
      requireManage(actor)
      return inTenant(tenant, async trx => {
        const procedure = await getProcedureRow(trx, tenant.id, id)
        let document = procedure.draftDocument
        if (version !== undefined) {
          const row = await findVersionByNumber(trx, tenant.id, id, version)
          if (!row) throw versionNotFound()
          document = row.document
        }
        return { slug: document.slug, version, json: `${JSON.stringify(document, null, 2)}\n` }
      })
    },

    /**
     * Imports a procedure document (JSON text): parsed exactly like a builder save; a bad file
     * stores nothing and returns every problem; a slug in use returns a free one to offer.
     */
    async importDocument({ tenant, actor, requestId }: BuilderRequest, source: string, options: { slug?: string } = {}): Promise<ImportOutcome> {
      requireManage(actor)
      if (source.trim() === '') return { ok: false, problems: [], formProblems: [{ field: 'json', key: 'builder.import.empty' }] }
      if (source.length > MAX_IMPORT_CHARACTERS) return { ok: false, problems: [], formProblems: [{ field: 'json', key: 'builder.import.tooLarge' }] }
      let raw: unknown
      try {
        raw = JSON.parse(source.replace(/^\uFEFF/, ''))
      } catch (error) {
        return { ok: false, problems: [{ key: 'builder.problems.notJson', path: [], params: { detail: (error as Error).message.slice(0, 200) } }], formProblems: [] }
      }
      if (options.slug) {
        if (!SLUG_PATTERN.test(options.slug)) return { ok: false, problems: [], formProblems: [{ field: 'slug', key: 'builder.settings.slugFormat' }] }
        if (typeof raw === 'object' && raw !== null && !Array.isArray(raw)) raw = { ...raw, slug: options.slug }
      }
      const checked = validateDocument(raw)
      if (!checked.ok) return { ok: false, problems: checked.problems, formProblems: [] }
      const document = checked.document
      try {
        return await inTenant(tenant, async trx => {
          if (await findSlugHolder(trx, tenant.id, document.slug)) {
            const suggestedSlug = await suggestFreeSlug(trx, tenant.id, document.slug)
            return { ok: false, problems: [], formProblems: [{ field: 'slug', key: 'builder.problems.slugTaken', params: { slug: document.slug, suggestion: suggestedSlug } }], suggestedSlug }
          }
          const procedure = await insertProcedure(trx, tenant.id, document, actor.id)
          await recordAudit(trx, tenant.id, {
            actor: { type: 'staff', id: actor.id },
            action: 'procedure.import',
            subjectType: 'procedure',
            subjectId: procedure.id,
            details: { slug: document.slug },
            requestId,
          })
          return { ok: true, id: procedure.id, slug: document.slug }
        })
      } catch (error) {
        if (isUniqueViolation(error)) return { ok: false, problems: [], formProblems: [{ field: 'slug', key: 'builder.problems.slugTakenShort', params: { slug: document.slug } }] }
        throw error
      }
    },
  }
}
export type ProcedureBuilderService = ReturnType<typeof createProcedureBuilderService>

/** A plain read (only edits lock the row); NOT_FOUND for an unknown id. */
async function getProcedureRow(trx: Trx, tenantId: string, id: string): Promise<Procedure> {
  const procedure = await findProcedure(trx, tenantId, id)
  if (!procedure) throw procedureNotFound()
  return procedure
}
