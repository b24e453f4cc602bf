import type { Executor } from '../../platform/db/tenant-context.js'
import type { StaffRole } from '../../platform/db/schema.js'

/** SQL for the platform's staff_users and staff_role_assignments tables, as the admin console needs it. */

export interface StaffAccountRow {
  id: string
  email: string
  displayName: string
  status: 'active' | 'disabled'
  totpEnrolledAt: Date | null
  failedLoginCount: number
  lockedUntil: Date | null
  lastLoginAt: Date | null
  createdAt: Date
}

export interface RoleAssignmentRow {
  id: string
  staffUserId: string
  role: StaffRole
  departmentId: string | null
  departmentName: string | null
  departmentNameEn: string | null
}

const ACCOUNT_COLUMNS = ['id', 'email', 'displayName', 'status', 'totpEnrolledAt', 'failedLoginCount', 'lockedUntil', 'lastLoginAt', 'createdAt'] as const

export function listStaffAccounts(trx: Executor, tenantId: string, page: { offset: number; limit: number }): Promise<StaffAccountRow[]> {
  return trx
    .selectFrom('staffUsers')
    .select(ACCOUNT_COLUMNS)
    .where('tenantId', '=', tenantId)
    .orderBy('displayName')
    .orderBy('id')
    .offset(page.offset)
    .limit(page.limit)
    .execute()
}

export async function countStaffAccounts(trx: Executor, tenantId: string): Promise<number> {
  const row = await trx.selectFrom('staffUsers').select(eb => eb.fn.countAll<number>().as('count')).where('tenantId', '=', tenantId).executeTakeFirstOrThrow()
  return Number(row.count)
}

export function findStaffAccount(trx: Executor, tenantId: string, id: string, options: { forUpdate?: boolean } = {}): Promise<StaffAccountRow | undefined> {
  let query = trx.selectFrom('staffUsers').select(ACCOUNT_COLUMNS).where('tenantId', '=', tenantId).where('id', '=', id)
  // Locking the account row serialises changes to one person's roles and status.
  if (options.forUpdate) query = query.forUpdate()
  return query.executeTakeFirst()
}

export async function isStaffEmailTaken(trx: Executor, tenantId: string, email: string): Promise<boolean> {
  const row = await trx.selectFrom('staffUsers').select('id').where('tenantId', '=', tenantId).where('email', '=', email).executeTakeFirst()
  return row !== undefined
}

export function listRoleAssignments(trx: Executor, tenantId: string, staffUserIds: readonly string[]): Promise<RoleAssignmentRow[]> {
  if (staffUserIds.length === 0) return Promise.resolve([])
  return trx
    .selectFrom('staffRoleAssignments as a')
    .leftJoin('departments as d', join => join.onRef('d.tenantId', '=', 'a.tenantId').onRef('d.id', '=', 'a.departmentId'))
    .select(['a.id', 'a.staffUserId', 'a.role', 'a.departmentId', 'd.name as departmentName', 'd.nameEn as departmentNameEn'])
    .where('a.tenantId', '=', tenantId)
    .where('a.staffUserId', 'in', [...staffUserIds])
    .orderBy('a.createdAt')
    .orderBy('a.id')
    .execute()
}

export async function hasRoleAssignment(trx: Executor, tenantId: string, staffUserId: string, role: StaffRole, departmentId: string | null): Promise<boolean> {
  const row = await trx
    .selectFrom('staffRoleAssignments')
    .select('id')
    .where('tenantId', '=', tenantId)
    .where('staffUserId', '=', staffUserId)
    .where('role', '=', role)
    .where('departmentId', departmentId === null ? 'is' : '=', departmentId)
    .executeTakeFirst()
  return row !== undefined
}

export async function insertStaffAccount(trx: Executor, tenantId: string, values: { email: string; displayName: string; passwordHash: string }): Promise<string> {
  const row = await trx
    .insertInto('staffUsers')
    .values({ tenantId, email: values.email, displayName: values.displayName, passwordHash: values.passwordHash, totpSecretEncrypted: null, totpEnrolledAt: null, totpLastTimeStep: null, recoveryCodeHashes: '[]', lockedUntil: null, lastLoginAt: null })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

export async function insertRoleAssignment(trx: Executor, tenantId: string, values: { staffUserId: string; role: StaffRole; departmentId: string | null }): Promise<string> {
  const row = await trx.insertInto('staffRoleAssignments').values({ tenantId, ...values }).returning('id').executeTakeFirstOrThrow()
  return row.id
}

export async function deleteRoleAssignment(trx: Executor, tenantId: string, staffUserId: string, assignmentId: string): Promise<void> {
  await trx.deleteFrom('staffRoleAssignments').where('tenantId', '=', tenantId).where('staffUserId', '=', staffUserId).where('id', '=', assignmentId).execute()
}

export async function updateStaffAccountStatus(trx: Executor, tenantId: string, id: string, status: 'active' | 'disabled'): Promise<void> {
  await trx.updateTable('staffUsers').set({ status, updatedAt: new Date() }).where('tenantId', '=', tenantId).where('id', '=', id).execute()
}

/** Forgets the authenticator and recovery codes: the next login starts enrolment again. */
export async function clearStaffMfa(trx: Executor, tenantId: string, id: string): Promise<void> {
  await trx
    .updateTable('staffUsers')
    .set({ totpSecretEncrypted: null, totpEnrolledAt: null, totpLastTimeStep: null, recoveryCodeHashes: '[]', updatedAt: new Date() })
    .where('tenantId', '=', tenantId)
    .where('id', '=', id)
    .execute()
}

export async function clearStaffLockout(trx: Executor, tenantId: string, id: string): Promise<void> {
  await trx.updateTable('staffUsers').set({ failedLoginCount: 0, lockedUntil: null, updatedAt: new Date() }).where('tenantId', '=', tenantId).where('id', '=', id).execute()
}

/** Ends every live session of the person (all stages); returns how many were ended. */
export async function revokeStaffSessions(trx: Executor, tenantId: string, staffUserId: string): Promise<number> {
  const result = await trx
    .updateTable('sessions')
    .set({ revokedAt: new Date(), updatedAt: new Date() })
    .where('tenantId', '=', tenantId)
    .where('staffUserId', '=', staffUserId)
    .where('revokedAt', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows)
}
