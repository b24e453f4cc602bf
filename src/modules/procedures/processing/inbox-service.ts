import { z } from 'zod'
import { withTenant } from '../../../platform/db/tenant-context.js'
import { forbidden } from '../../../platform/errors.js'
import { normalizeText } from '../../../jp/kana.js'
import type { ProcedureDocument } from '../form/form-definition.js'
import { departmentScope, type DepartmentScope } from './access-rules.js'
import { applicantName } from './applicant.js'
import { isOverdue } from './due-date.js'
import { filterQueryString, parseInboxFilter, type InboxFilter } from './inbox-filters.js'
import {
  countSavedFilters,
  deleteSavedFilter,
  findVersionDocuments,
  insertSavedFilter,
  listDepartmentsInScope,
  listInbox,
  listProceduresInScope,
  listProcessors,
  listSavedFilters,
  SAVED_FILTERS_PER_STAFF,
  type DepartmentOption,
  type InboxRow,
  type ProcedureOption,
  type SavedFilter,
  type StaffOption,
} from './inbox-repository.js'
import { FormProblem } from './processing-errors.js'
import type { ProcessingDeps, ProcessingRequest } from './processing-context.js'

export const INBOX_PAGE_SIZE = 50

export interface InboxEntry extends InboxRow {
  procedureTitle: ProcedureDocument['title'] | undefined
  applicantName: string
  isOverdue: boolean
}

export interface InboxOptions {
  procedures: ProcedureOption[]
  departments: DepartmentOption[]
  assignees: StaffOption[]
}

export interface InboxPage {
  entries: InboxEntry[]
  total: number
  page: number
  pageCount: number
}

/** Names: NFKC, 1–60 characters, no markup or control characters. */
const SaveFilterSchema = z.object({
  name: z
    .string()
    .transform(normalizeText)
    .pipe(
      z
        .string()
        .min(1, { message: 'processing.savedFilters.errors.nameRequired' })
        .max(60, { message: 'processing.savedFilters.errors.nameTooLong' })
        .refine(v => !/[\u0000-\u001f\u007f-\u009f<>]/.test(v), { message: 'processing.savedFilters.errors.nameInvalid' }),
    ),
  query: z.string().max(1000),
})

/** The inbox (受付一覧) of the departments a staff member processes for, and their saved filters. */
export function createInboxService({ db, clock }: Pick<ProcessingDeps, 'db' | 'clock'>) {
  function scopeOf(actor: ProcessingRequest['actor']): DepartmentScope {
    if (!actor.permissions.has('procedures.process')) throw forbidden('AUTH.PERMISSION_DENIED')
    return departmentScope(actor.assignments, 'procedures.process')
  }

  return {
    scopeOf,

    /** One page of the filtered inbox; applicant names come from the answers or 基本4情報. */
    async listInbox({ tenant, actor }: ProcessingRequest, filter: InboxFilter, page: number): Promise<InboxPage> {
      const scope = scopeOf(actor)
      const now = clock()
      return withTenant(db, tenant.id, async trx => {
        const { rows, total } = await listInbox(trx, tenant.id, { filter, scope, staffId: actor.id, now }, page, INBOX_PAGE_SIZE)
        const documents = await findVersionDocuments(trx, tenant.id, rows.map(r => r.versionId))
        const entries = rows.map(row => {
          const doc = documents.get(row.versionId)
          return {
            ...row,
            procedureTitle: doc?.title,
            applicantName: applicantName(doc, { answers: row.answers, basicInfoName: row.basicInfoName, displayName: row.displayName }),
            isOverdue: isOverdue(row, now),
          }
        })
        return { entries, total, page, pageCount: Math.max(1, Math.ceil(total / INBOX_PAGE_SIZE)) }
      })
    },

    /** Choices of the filter form: procedures, departments and assignees in the staff member's scope. */
    async listFilterOptions({ tenant, actor }: ProcessingRequest): Promise<InboxOptions> {
      const scope = scopeOf(actor)
      return withTenant(db, tenant.id, async trx => ({
        procedures: await listProceduresInScope(trx, tenant.id, scope),
        departments: await listDepartmentsInScope(trx, tenant.id, scope),
        assignees: await listProcessors(trx, tenant.id, { kind: 'scope', scope }),
      }))
    },

    async listSavedFilters({ tenant, actor }: ProcessingRequest): Promise<SavedFilter[]> {
      scopeOf(actor)
      return withTenant(db, tenant.id, trx => listSavedFilters(trx, tenant.id, actor.id))
    },

    /** Saves the current query under a name; the query is re-parsed and stored in canonical form. */
    async saveFilter({ tenant, actor }: ProcessingRequest, input: { name: string; query: string }): Promise<string> {
      scopeOf(actor)
      const parsed = SaveFilterSchema.safeParse(input)
      if (!parsed.success) throw new FormProblem({ name: parsed.error.issues[0]?.message ?? 'processing.savedFilters.errors.nameRequired' })
      const filter = parseInboxFilter(Object.fromEntries(new URLSearchParams(parsed.data.query.replace(/^\?/, ''))))
      if (!filter.ok) throw new FormProblem({ name: 'processing.savedFilters.errors.queryInvalid' })
      const query = filterQueryString(filter.filter)
      await withTenant(db, tenant.id, async trx => {
        if ((await countSavedFilters(trx, tenant.id, actor.id)) >= SAVED_FILTERS_PER_STAFF) throw new FormProblem({ name: 'processing.savedFilters.errors.tooMany' })
        await insertSavedFilter(trx, tenant.id, { staffId: actor.id, name: parsed.data.name, query })
      })
      return query
    },

    /** Deleting someone else's (or an unknown) filter deletes nothing. */
    async deleteFilter({ tenant, actor }: ProcessingRequest, id: string): Promise<boolean> {
      scopeOf(actor)
      return withTenant(db, tenant.id, trx => deleteSavedFilter(trx, tenant.id, actor.id, id))
    },
  }
}
export type InboxService = ReturnType<typeof createInboxService>
