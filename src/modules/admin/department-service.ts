import { recordAudit } from '../../platform/audit/audit-log.js'
import { withTenant, type Db } from '../../platform/db/tenant-context.js'
import { requirePermission, type AdminRequest } from './admin-context.js'
import { departmentCodeTaken, departmentNotFound, isUniqueViolation } from './admin-errors.js'
import { findDepartment, findDepartmentByCode, insertDepartment, listDepartments, updateDepartmentNames, type DepartmentRow } from './department-repository.js'
import type { CreateDepartmentInput, RenameDepartmentInput } from './department-schemas.js'

/** Departments (所属・課): the department half of role × department permissions. */
export function createDepartmentService({ db }: { db: Db }) {
  return {
    async listDepartments({ tenant, actor }: AdminRequest): Promise<DepartmentRow[]> {
      requirePermission(actor, 'admin.departments')
      return withTenant(db, tenant.id, trx => listDepartments(trx, tenant.id))
    },

    /** `get*`: throws NOT_FOUND when the department is not the tenant's. */
    async getDepartment({ tenant, actor }: AdminRequest, id: string): Promise<DepartmentRow> {
      requirePermission(actor, 'admin.departments')
      const department = await withTenant(db, tenant.id, trx => findDepartment(trx, tenant.id, id))
      if (!department) throw departmentNotFound()
      return department
    },

    /** Codes are unique per municipality; checked first for a clear error, the constraint decides races. */
    async createDepartment({ tenant, actor, requestId }: AdminRequest, input: CreateDepartmentInput): Promise<DepartmentRow> {
      requirePermission(actor, 'admin.departments')
      try {
        return await withTenant(db, tenant.id, async trx => {
          if (await findDepartmentByCode(trx, tenant.id, input.code)) throw departmentCodeTaken()
          const department = await insertDepartment(trx, tenant.id, { code: input.code, name: input.name, nameEn: input.nameEn })
          await recordAudit(trx, tenant.id, {
            actor: { type: 'staff', id: actor.id },
            action: 'admin.create-department',
            subjectType: 'department',
            subjectId: department.id,
            details: { code: department.code, name: department.name, nameEn: department.nameEn },
            requestId,
          })
          return department
        })
      } catch (error) {
        if (isUniqueViolation(error)) throw departmentCodeTaken()
        throw error
      }
    },

    /** Renames keep the code (other records and settings refer to it). */
    async renameDepartment({ tenant, actor, requestId }: AdminRequest, id: string, input: RenameDepartmentInput): Promise<DepartmentRow> {
      requirePermission(actor, 'admin.departments')
      return withTenant(db, tenant.id, async trx => {
        const before = await findDepartment(trx, tenant.id, id)
        if (!before) throw departmentNotFound()
        const department = await updateDepartmentNames(trx, tenant.id, id, { name: input.name, nameEn: input.nameEn })
        if (!department) throw departmentNotFound()
        await recordAudit(trx, tenant.id, {
          actor: { type: 'staff', id: actor.id },
          action: 'admin.rename-department',
          subjectType: 'department',
          subjectId: id,
          details: { code: before.code, from: { name: before.name, nameEn: before.nameEn }, to: { name: department.name, nameEn: department.nameEn } },
          requestId,
        })
        return department
      })
    },
  }
}
export type DepartmentService = ReturnType<typeof createDepartmentService>
