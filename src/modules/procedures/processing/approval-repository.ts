/**
 * SQL of 電子決裁: approval steps per round and delegations (代決). Every function takes the
 * caller's tenant-bound transaction.
 */
import { sql, type Transaction } from 'kysely'
import type { Database } from '../../../platform/db/schema.js'
import type { RoleAssignment } from '../../../platform/auth/permissions.js'
import { proceduresDb } from '../procedure-tables.js'
import type { DepartmentScope } from './access-rules.js'
import type { ApprovalStepStatus, DelegationPeriod } from './approval-rules.js'

type Trx = Transaction<Database>

export interface ApprovalRow {
  id: string
  applicationId: string
  round: number
  step: number
  status: ApprovalStepStatus
  decidedBy: string | null
  onBehalfOf: string | null
  comment: string | null
  decidedAt: Date | null
}

const APPROVAL_COLUMNS = ['id', 'applicationId', 'round', 'step', 'status', 'decidedBy', 'onBehalfOf', 'comment', 'decidedAt'] as const

export function listApprovals(trx: Trx, tenantId: string, applicationIds: readonly string[]): Promise<ApprovalRow[]> {
  if (applicationIds.length === 0) return Promise.resolve([])
  return proceduresDb(trx)
    .selectFrom('applicationApprovals')
    .select(APPROVAL_COLUMNS)
    .where('tenantId', '=', tenantId)
    .where('applicationId', 'in', [...applicationIds])
    .orderBy('applicationId')
    .orderBy('round')
    .orderBy('step')
    .execute()
}

/** The rows of the latest round (the one a pending approval is in). */
export function currentRound(rows: readonly ApprovalRow[]): ApprovalRow[] {
  const round = rows.reduce((max, r) => Math.max(max, r.round), 0)
  return rows.filter(r => r.round === round)
}

/** Opens a new round of N pending steps; returns its number. */
export async function openApprovalRound(trx: Trx, tenantId: string, applicationId: string, steps: number): Promise<number> {
  const db = proceduresDb(trx)
  const last = await db
    .selectFrom('applicationApprovals')
    .select(sql<number>`coalesce(max(round), 0)`.as('round'))
    .where('tenantId', '=', tenantId)
    .where('applicationId', '=', applicationId)
    .executeTakeFirstOrThrow()
  const round = Number(last.round) + 1
  await db
    .insertInto('applicationApprovals')
    .values(Array.from({ length: steps }, (_, i) => ({ tenantId, applicationId, round, step: i + 1 })))
    .execute()
  return round
}

/** Signs or returns one pending step; undefined when it is no longer pending (someone acted first). */
export function decideApprovalStep(
  trx: Trx,
  tenantId: string,
  input: { applicationId: string; round: number; step: number; status: 'approved' | 'returned'; decidedBy: string; onBehalfOf: string | null; comment: string | null; now: Date },
) {
  return proceduresDb(trx)
    .updateTable('applicationApprovals')
    .set({ status: input.status, decidedBy: input.decidedBy, onBehalfOf: input.onBehalfOf, comment: input.comment, decidedAt: input.now, updatedAt: input.now })
    .where('tenantId', '=', tenantId)
    .where('applicationId', '=', input.applicationId)
    .where('round', '=', input.round)
    .where('step', '=', input.step)
    .where('status', '=', 'pending')
    .returning('id')
    .executeTakeFirst()
}

export interface DelegationRow extends DelegationPeriod {
  id: string
  fromName: string
  toName: string
}

function delegationQuery(trx: Trx, tenantId: string) {
  return proceduresDb(trx)
    .selectFrom('approvalDelegations as ad')
    .innerJoin('staffUsers as f', join => join.onRef('f.tenantId', '=', 'ad.tenantId').onRef('f.id', '=', 'ad.fromStaffId'))
    .innerJoin('staffUsers as t', join => join.onRef('t.tenantId', '=', 'ad.tenantId').onRef('t.id', '=', 'ad.toStaffId'))
    .select(['ad.id', 'ad.fromStaffId', 'ad.toStaffId', sql<string>`ad.starts_on::text`.as('startsOn'), sql<string>`ad.ends_on::text`.as('endsOn'), 'f.displayName as fromName', 't.displayName as toName'])
    .where('ad.tenantId', '=', tenantId)
}

/** Delegations given by or to a staff member that have not ended before `today`. */
export function listCurrentDelegations(trx: Trx, tenantId: string, staffId: string, today: string): Promise<DelegationRow[]> {
  return delegationQuery(trx, tenantId)
    .where(eb => eb.or([eb('ad.fromStaffId', '=', staffId), eb('ad.toStaffId', '=', staffId)]))
    .where('ad.endsOn', '>=', today)
    .orderBy('ad.startsOn')
    .orderBy('ad.id')
    .limit(200)
    .execute()
}

/** Delegations to a staff member in force today. */
export function listActiveDelegationsTo(trx: Trx, tenantId: string, staffId: string, today: string): Promise<DelegationRow[]> {
  return delegationQuery(trx, tenantId).where('ad.toStaffId', '=', staffId).where('ad.startsOn', '<=', today).where('ad.endsOn', '>=', today).orderBy('ad.id').execute()
}

export async function insertDelegation(trx: Trx, tenantId: string, values: DelegationPeriod): Promise<string> {
  const row = await proceduresDb(trx).insertInto('approvalDelegations').values({ tenantId, ...values }).returning('id').executeTakeFirstOrThrow()
  return row.id
}

/** Removes a delegation the staff member gave; undefined when there was none. */
export function deleteOwnDelegation(trx: Trx, tenantId: string, fromStaffId: string, id: string) {
  return proceduresDb(trx)
    .deleteFrom('approvalDelegations')
    .where('tenantId', '=', tenantId)
    .where('fromStaffId', '=', fromStaffId)
    .where('id', '=', id)
    .returning(['id', 'toStaffId', sql<string>`starts_on::text`.as('startsOn'), sql<string>`ends_on::text`.as('endsOn')])
    .executeTakeFirst()
}

/** Role assignments of active staff members, by staff id (whose authority a delegate uses). */
export async function findAssignments(trx: Trx, tenantId: string, staffIds: readonly string[]): Promise<Map<string, RoleAssignment[]>> {
  const out = new Map<string, RoleAssignment[]>()
  if (staffIds.length === 0) return out
  const rows = await trx
    .selectFrom('staffRoleAssignments as ra')
    .innerJoin('staffUsers as u', join => join.onRef('u.tenantId', '=', 'ra.tenantId').onRef('u.id', '=', 'ra.staffUserId'))
    .select(['ra.staffUserId', 'ra.role', 'ra.departmentId'])
    .where('ra.tenantId', '=', tenantId)
    .where('u.status', '=', 'active')
    .where('ra.staffUserId', 'in', [...new Set(staffIds)])
    .execute()
  for (const row of rows) out.set(row.staffUserId, [...(out.get(row.staffUserId) ?? []), { role: row.role, departmentId: row.departmentId }])
  return out
}

export interface PendingApprovalRow {
  id: string
  receiptNumber: string | null
  versionId: string
  departmentId: string | null
  proposedDecision: 'approved' | 'rejected' | null
  proposedBy: string | null
  submittedAt: Date | null
  dueAt: Date | null
  updatedAt: Date
}

/** Applications waiting for approval steps in the given departments, oldest proposal first. */
export function listPendingApprovalApplications(trx: Trx, tenantId: string, scope: DepartmentScope, limit: number): Promise<PendingApprovalRow[]> {
  let query = proceduresDb(trx)
    .selectFrom('applications')
    .select(['id', 'receiptNumber', 'versionId', 'departmentId', 'proposedDecision', 'proposedBy', 'submittedAt', 'dueAt', 'updatedAt'])
    .where('tenantId', '=', tenantId)
    .where('status', '=', 'pending_approval')
  if (scope.kind === 'departments') query = scope.ids.length === 0 ? query.where('id', 'is', null) : query.where('departmentId', 'in', scope.ids)
  return query.orderBy('dueAt', ob => ob.asc().nullsLast()).orderBy('id').limit(limit).execute()
}
