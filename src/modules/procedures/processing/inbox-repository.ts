/**
 * SQL of the inbox: the filtered, paginated list, the options of its filter form, and the
 * saved filters. Every function takes the caller's tenant-bound transaction.
 */
import { sql, type Transaction } from 'kysely'
import type { Database } from '../../../platform/db/schema.js'
import type { ProcedureDocument } from '../form/form-definition.js'
import type { Answers } from '../form/form-answers.js'
import { proceduresDb, type ApplicationStatus, type PaymentState } from '../procedure-tables.js'
import { rolesWith, type DepartmentScope } from './access-rules.js'
import { matchingApplications, type ApplicationCriteria } from './application-query.js'

type Trx = Transaction<Database>

export interface InboxRow {
  id: string
  receiptNumber: string | null
  status: ApplicationStatus
  versionId: string
  procedureId: string
  answers: Answers
  submittedAt: Date | null
  dueAt: Date | null
  paymentState: PaymentState
  feeYen: number
  assigneeStaffId: string | null
  assigneeName: string | null
  departmentId: string | null
  departmentName: string | null
  basicInfoName: string | null
  displayName: string | null
}

export async function listInbox(trx: Trx, tenantId: string, criteria: ApplicationCriteria, page: number, pageSize: number): Promise<{ rows: InboxRow[]; total: number }> {
  const count = await matchingApplications(trx, tenantId, criteria)
    .select(eb => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow()
  let query = matchingApplications(trx, tenantId, criteria)
    .leftJoin('staffUsers as s', join => join.onRef('s.tenantId', '=', 'a.tenantId').onRef('s.id', '=', 'a.assigneeStaffId'))
    .leftJoin('departments as d', join => join.onRef('d.tenantId', '=', 'a.tenantId').onRef('d.id', '=', 'a.departmentId'))
    .leftJoin('residents as r', join => join.onRef('r.tenantId', '=', 'a.tenantId').onRef('r.id', '=', 'a.residentId'))
    .leftJoin('residentBasicInfo as b', join => join.onRef('b.tenantId', '=', 'a.tenantId').onRef('b.residentId', '=', 'a.residentId'))
    .select([
      'a.id', 'a.receiptNumber', 'a.status', 'a.versionId', 'a.procedureId', 'a.answers', 'a.submittedAt', 'a.dueAt', 'a.paymentState', 'a.feeYen',
      'a.assigneeStaffId', 's.displayName as assigneeName', 'a.departmentId', 'd.name as departmentName', 'b.name as basicInfoName', 'r.displayName as displayName',
    ])
  switch (criteria.filter.sort) {
    case 'due':
      query = query.orderBy('a.dueAt', ob => ob.asc().nullsLast()).orderBy('a.submittedAt', 'asc')
      break
    case 'newest':
      query = query.orderBy('a.submittedAt', ob => ob.desc().nullsLast())
      break
    case 'oldest':
      query = query.orderBy('a.submittedAt', ob => ob.asc().nullsLast())
      break
  }
  const rows = await query
    .orderBy('a.id')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute()
  return { rows, total: Number(count.n) }
}

/** The frozen documents of the given versions (titles, form fields), by version id. */
export async function findVersionDocuments(trx: Trx, tenantId: string, versionIds: readonly string[]): Promise<Map<string, ProcedureDocument>> {
  if (versionIds.length === 0) return new Map()
  const rows = await proceduresDb(trx)
    .selectFrom('procedureVersions')
    .select(['id', 'document'])
    .where('tenantId', '=', tenantId)
    .where('id', 'in', [...new Set(versionIds)])
    .execute()
  return new Map(rows.map(r => [r.id, r.document]))
}

export interface ProcedureOption {
  id: string
  slug: string
  title: ProcedureDocument['title']
}

/** Procedures routed to departments in scope (for the filter and the export form). */
export async function listProceduresInScope(trx: Trx, tenantId: string, scope: DepartmentScope): Promise<ProcedureOption[]> {
  let query = proceduresDb(trx)
    .selectFrom('procedures')
    .select(['id', 'slug', sql<ProcedureDocument['title']>`draft_document -> 'title'`.as('title')])
    .where('tenantId', '=', tenantId)
  if (scope.kind === 'departments') query = scope.ids.length === 0 ? query.where('id', 'is', null) : query.where('departmentId', 'in', scope.ids)
  return query.orderBy('slug').limit(500).execute()
}

export interface DepartmentOption {
  id: string
  name: string
  nameEn: string
}

export async function listDepartmentsInScope(trx: Trx, tenantId: string, scope: DepartmentScope): Promise<DepartmentOption[]> {
  let query = trx.selectFrom('departments').select(['id', 'name', 'nameEn']).where('tenantId', '=', tenantId)
  if (scope.kind === 'departments') query = scope.ids.length === 0 ? query.where('id', 'is', null) : query.where('id', 'in', scope.ids)
  return query.orderBy('code').limit(1000).execute()
}

export interface StaffOption {
  id: string
  displayName: string
}

/**
 * Active staff who may process applications of a department (or, with `null`, of any of the
 * given scope's departments): a role granting procedures.process there or municipality-wide.
 */
export async function listProcessors(trx: Trx, tenantId: string, departments: { kind: 'one'; id: string | null } | { kind: 'scope'; scope: DepartmentScope }): Promise<StaffOption[]> {
  let query = trx
    .selectFrom('staffUsers as u')
    .innerJoin('staffRoleAssignments as ra', join => join.onRef('ra.tenantId', '=', 'u.tenantId').onRef('ra.staffUserId', '=', 'u.id'))
    .select(['u.id', 'u.displayName'])
    .distinct()
    .where('u.tenantId', '=', tenantId)
    .where('u.status', '=', 'active')
    .where('ra.role', 'in', rolesWith('procedures.process'))
  if (departments.kind === 'one') {
    const id = departments.id
    query = id === null ? query.where('ra.departmentId', 'is', null) : query.where(eb => eb.or([eb('ra.departmentId', 'is', null), eb('ra.departmentId', '=', id)]))
  } else if (departments.scope.kind === 'departments') {
    const ids = departments.scope.ids
    query = ids.length === 0 ? query.where('ra.departmentId', 'is', null) : query.where(eb => eb.or([eb('ra.departmentId', 'is', null), eb('ra.departmentId', 'in', ids)]))
  }
  return query.orderBy('u.displayName').orderBy('u.id').limit(500).execute()
}

export interface SavedFilter {
  id: string
  name: string
  query: string
}

export const SAVED_FILTERS_PER_STAFF = 20

export function listSavedFilters(trx: Trx, tenantId: string, staffId: string): Promise<SavedFilter[]> {
  return proceduresDb(trx)
    .selectFrom('savedInboxFilters')
    .select(['id', 'name', 'query'])
    .where('tenantId', '=', tenantId)
    .where('staffUserId', '=', staffId)
    .orderBy('name')
    .orderBy('id')
    .limit(SAVED_FILTERS_PER_STAFF)
    .execute()
}

export async function countSavedFilters(trx: Trx, tenantId: string, staffId: string): Promise<number> {
  const row = await proceduresDb(trx)
    .selectFrom('savedInboxFilters')
    .select(eb => eb.fn.countAll<string>().as('n'))
    .where('tenantId', '=', tenantId)
    .where('staffUserId', '=', staffId)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

export async function insertSavedFilter(trx: Trx, tenantId: string, values: { staffId: string; name: string; query: string }): Promise<void> {
  await proceduresDb(trx).insertInto('savedInboxFilters').values({ tenantId, staffUserId: values.staffId, name: values.name, query: values.query }).execute()
}

/** Deletes one of the staff member's own saved filters; false when there was none. */
export async function deleteSavedFilter(trx: Trx, tenantId: string, staffId: string, id: string): Promise<boolean> {
  const result = await proceduresDb(trx)
    .deleteFrom('savedInboxFilters')
    .where('tenantId', '=', tenantId)
    .where('staffUserId', '=', staffId)
    .where('id', '=', id)
    .executeTakeFirst()
  return Number(result.numDeletedRows) > 0
}
