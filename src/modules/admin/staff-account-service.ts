import { recordAudit } from '../../platform/audit/audit-log.js'
import { hashPassword } from '../../platform/auth/staff/credentials.js'
import { withTenant, type Db, type Executor } from '../../platform/db/tenant-context.js'
import { requirePermission, type AdminRequest } from './admin-context.js'
import {
  cannotDisableSelf,
  cannotRemoveOwnLastAdministrator,
  isUniqueViolation,
  roleAlreadyAssigned,
  roleAssignmentNotFound,
  staffEmailTaken,
  staffUserNotFound,
  unknownDepartment,
} from './admin-errors.js'
import { isDisablingSelf, isRemovingOwnLastAdministratorRole, pageCountOf } from './admin-rules.js'
import { findDepartment, listDepartments, type DepartmentRow } from './department-repository.js'
import type { AddRoleAssignmentInput, CreateStaffAccountInput } from './staff-account-schemas.js'
import {
  clearStaffLockout,
  clearStaffMfa,
  countStaffAccounts,
  deleteRoleAssignment,
  findStaffAccount,
  hasRoleAssignment,
  insertRoleAssignment,
  insertStaffAccount,
  isStaffEmailTaken,
  listRoleAssignments,
  listStaffAccounts,
  revokeStaffSessions,
  updateStaffAccountStatus,
  type RoleAssignmentRow,
  type StaffAccountRow,
} from './staff-account-repository.js'

export const STAFF_PAGE_SIZE = 50

export interface StaffAccountWithRoles extends StaffAccountRow {
  assignments: RoleAssignmentRow[]
}

export interface StaffAccountDetail {
  account: StaffAccountWithRoles
  /** for the add-a-role form */
  departments: DepartmentRow[]
}

/** Staff accounts: creation, role × department assignments, status, MFA reset, unlocking. */
export function createStaffAccountService({ db }: { db: Db }) {
  async function lockAccount(trx: Executor, tenantId: string, id: string): Promise<StaffAccountRow> {
    const account = await findStaffAccount(trx, tenantId, id, { forUpdate: true })
    if (!account) throw staffUserNotFound()
    return account
  }

  async function requireDepartment(trx: Executor, tenantId: string, departmentId: string | null): Promise<void> {
    if (departmentId !== null && !(await findDepartment(trx, tenantId, departmentId))) throw unknownDepartment()
  }

  /** One changed account, audited, in one transaction; `change` returns the audit details. */
  async function changeAccount(
    admin: AdminRequest,
    id: string,
    action: string,
    change: (trx: Executor, account: StaffAccountRow) => Promise<Record<string, unknown>>,
  ): Promise<void> {
    const { tenant, actor, requestId } = admin
    requirePermission(actor, 'admin.staff')
    await withTenant(db, tenant.id, async trx => {
      const account = await lockAccount(trx, tenant.id, id)
      const details = await change(trx, account)
      await recordAudit(trx, tenant.id, { actor: { type: 'staff', id: actor.id }, action, subjectType: 'staff_user', subjectId: id, details, requestId })
    })
  }

  return {
    /** `list*`: one page of accounts (by name) with their roles. */
    async listStaffAccounts({ tenant, actor }: AdminRequest, page: number) {
      requirePermission(actor, 'admin.staff')
      return withTenant(db, tenant.id, async trx => {
        const total = await countStaffAccounts(trx, tenant.id)
        const pageCount = pageCountOf(total, STAFF_PAGE_SIZE)
        const current = Math.min(page, pageCount)
        const accounts = await listStaffAccounts(trx, tenant.id, { offset: (current - 1) * STAFF_PAGE_SIZE, limit: STAFF_PAGE_SIZE })
        const assignments = await listRoleAssignments(trx, tenant.id, accounts.map(a => a.id))
        const rows: StaffAccountWithRoles[] = accounts.map(a => ({ ...a, assignments: assignments.filter(r => r.staffUserId === a.id) }))
        return { rows, total, page: current, pageCount }
      })
    },

    async listDepartmentChoices({ tenant, actor }: AdminRequest): Promise<DepartmentRow[]> {
      requirePermission(actor, 'admin.staff')
      return withTenant(db, tenant.id, trx => listDepartments(trx, tenant.id))
    },

    /** `get*`: throws NOT_FOUND when the account is not the tenant's. */
    async getStaffAccount({ tenant, actor }: AdminRequest, id: string): Promise<StaffAccountDetail> {
      requirePermission(actor, 'admin.staff')
      return withTenant(db, tenant.id, async trx => {
        const account = await findStaffAccount(trx, tenant.id, id)
        if (!account) throw staffUserNotFound()
        const assignments = await listRoleAssignments(trx, tenant.id, [id])
        return { account: { ...account, assignments }, departments: await listDepartments(trx, tenant.id) }
      })
    },

    /**
     * Creates an account with an initial password and one role. The person enrols their
     * authenticator at first login (the pipeline admits no console session before that).
     */
    async createStaffAccount(admin: AdminRequest, input: CreateStaffAccountInput): Promise<string> {
      const { tenant, actor, requestId } = admin
      requirePermission(actor, 'admin.staff')
      // argon2 is deliberately slow: hash before the transaction so it holds no locks meanwhile.
      const passwordHash = await hashPassword(input.password)
      try {
        return await withTenant(db, tenant.id, async trx => {
          if (await isStaffEmailTaken(trx, tenant.id, input.email)) throw staffEmailTaken()
          await requireDepartment(trx, tenant.id, input.departmentId)
          const id = await insertStaffAccount(trx, tenant.id, { email: input.email, displayName: input.displayName, passwordHash })
          const assignmentId = await insertRoleAssignment(trx, tenant.id, { staffUserId: id, role: input.role, departmentId: input.departmentId })
          await recordAudit(trx, tenant.id, {
            actor: { type: 'staff', id: actor.id },
            action: 'admin.create-staff-user',
            subjectType: 'staff_user',
            subjectId: id,
            details: { role: input.role, departmentId: input.departmentId, assignmentId },
            requestId,
          })
          return id
        })
      } catch (error) {
        if (isUniqueViolation(error)) throw staffEmailTaken()
        throw error
      }
    },

    async addRoleAssignment(admin: AdminRequest, staffUserId: string, input: AddRoleAssignmentInput): Promise<void> {
      try {
        await changeAccount(admin, staffUserId, 'admin.add-role', async (trx, account) => {
          await requireDepartment(trx, admin.tenant.id, input.departmentId)
          if (await hasRoleAssignment(trx, admin.tenant.id, account.id, input.role, input.departmentId)) throw roleAlreadyAssigned()
          const assignmentId = await insertRoleAssignment(trx, admin.tenant.id, { staffUserId: account.id, role: input.role, departmentId: input.departmentId })
          return { assignmentId, role: input.role, departmentId: input.departmentId }
        })
      } catch (error) {
        if (isUniqueViolation(error)) throw roleAlreadyAssigned()
        throw error
      }
    },

    /** Refuses to take an administrator's own last administrator role. */
    async removeRoleAssignment(admin: AdminRequest, staffUserId: string, assignmentId: string): Promise<void> {
      await changeAccount(admin, staffUserId, 'admin.remove-role', async (trx, account) => {
        const assignments = await listRoleAssignments(trx, admin.tenant.id, [account.id])
        const removed = assignments.find(a => a.id === assignmentId)
        if (!removed) throw roleAssignmentNotFound()
        if (isRemovingOwnLastAdministratorRole(admin.actor.id, account.id, assignments, assignmentId)) throw cannotRemoveOwnLastAdministrator()
        await deleteRoleAssignment(trx, admin.tenant.id, account.id, assignmentId)
        return { assignmentId, role: removed.role, departmentId: removed.departmentId }
      })
    },

    /** A disabled account cannot log in; its live sessions end now. */
    async disableStaffAccount(admin: AdminRequest, staffUserId: string): Promise<void> {
      requirePermission(admin.actor, 'admin.staff')
      if (isDisablingSelf(admin.actor.id, staffUserId)) throw cannotDisableSelf()
      await changeAccount(admin, staffUserId, 'admin.disable-staff-user', async (trx, account) => {
        await updateStaffAccountStatus(trx, admin.tenant.id, account.id, 'disabled')
        const revokedSessions = await revokeStaffSessions(trx, admin.tenant.id, account.id)
        return { previousStatus: account.status, revokedSessions }
      })
    },

    async enableStaffAccount(admin: AdminRequest, staffUserId: string): Promise<void> {
      await changeAccount(admin, staffUserId, 'admin.enable-staff-user', async (trx, account) => {
        await updateStaffAccountStatus(trx, admin.tenant.id, account.id, 'active')
        return { previousStatus: account.status }
      })
    },

    /** For a lost phone: clears the authenticator and recovery codes and ends their sessions, so they enrol again. */
    async resetStaffMfa(admin: AdminRequest, staffUserId: string): Promise<void> {
      await changeAccount(admin, staffUserId, 'admin.reset-staff-mfa', async (trx, account) => {
        await clearStaffMfa(trx, admin.tenant.id, account.id)
        const revokedSessions = await revokeStaffSessions(trx, admin.tenant.id, account.id)
        return { wasEnrolled: account.totpEnrolledAt !== null, revokedSessions }
      })
    },

    async unlockStaffAccount(admin: AdminRequest, staffUserId: string): Promise<void> {
      await changeAccount(admin, staffUserId, 'admin.unlock-staff-user', async (trx, account) => {
        await clearStaffLockout(trx, admin.tenant.id, account.id)
        return { lockedUntil: account.lockedUntil?.toISOString() ?? null, failedLoginCount: account.failedLoginCount }
      })
    },
  }
}
export type StaffAccountService = ReturnType<typeof createStaffAccountService>
