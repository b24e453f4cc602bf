/**
 * The WHERE clause shared by the inbox, the counts and the exports: the staff member's
 * department scope plus the inbox filter, over `applications as a`.
 */
import type { Transaction } from 'kysely'
import type { Database } from '../../../platform/db/schema.js'
import { OPEN_STATUSES } from '../application-lifecycle.js'
import { proceduresDb } from '../procedure-tables.js'
import type { DepartmentScope } from './access-rules.js'
import { OVERDUE_STATUSES, startOfTokyoDay } from './due-date.js'
import type { InboxFilter } from './inbox-filters.js'
import { addCalendarDays } from '../../../jp/calendar-date.js'

export interface ApplicationCriteria {
  filter: InboxFilter
  scope: DepartmentScope
  /** Resolves the assignee filter 'me'. */
  staffId: string
  now: Date
}

/** Submitted (non-draft) applications of the tenant that the criteria select. */
export function matchingApplications(trx: Transaction<Database>, tenantId: string, { filter, scope, staffId, now }: ApplicationCriteria) {
  let query = proceduresDb(trx).selectFrom('applications as a').where('a.tenantId', '=', tenantId).where('a.status', '!=', 'draft')
  if (scope.kind === 'departments') {
    // An empty scope must select nothing (IN () is not valid SQL).
    query = scope.ids.length === 0 ? query.where('a.id', 'is', null) : query.where('a.departmentId', 'in', scope.ids)
  }
  if (filter.department) query = query.where('a.departmentId', '=', filter.department)
  if (filter.procedure) query = query.where('a.procedureId', '=', filter.procedure)
  switch (filter.status) {
    case 'all':
      break
    case 'open':
      query = query.where('a.status', 'in', [...OPEN_STATUSES])
      break
    default:
      query = query.where('a.status', '=', filter.status)
  }
  if (filter.from) query = query.where('a.submittedAt', '>=', startOfTokyoDay(filter.from))
  if (filter.to) query = query.where('a.submittedAt', '<', startOfTokyoDay(addCalendarDays(filter.to, 1)))
  if (filter.assignee === 'me') query = query.where('a.assigneeStaffId', '=', staffId)
  else if (filter.assignee === 'unassigned') query = query.where('a.assigneeStaffId', 'is', null)
  else if (filter.assignee) query = query.where('a.assigneeStaffId', '=', filter.assignee)
  if (filter.overdue) query = query.where('a.dueAt', '<', now).where('a.status', 'in', [...OVERDUE_STATUSES])
  return query
}
