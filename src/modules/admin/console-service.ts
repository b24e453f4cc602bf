import { withTenant, type Db } from '../../platform/db/tenant-context.js'
import type { StaffRole } from '../../platform/db/schema.js'
import type { AdminRequest } from './admin-context.js'
import { listDepartmentsById } from './department-repository.js'

export interface ConsoleRole {
  role: StaffRole
  /** null: the whole municipality */
  department: { name: string; nameEn: string } | null
}

/** The console home: who the staff member is and in which roles and departments. */
export function createConsoleService({ db }: { db: Db }) {
  return {
    async getConsoleHome({ tenant, actor }: AdminRequest): Promise<{ displayName: string; roles: ConsoleRole[] }> {
      const departmentIds = [...new Set(actor.assignments.map(a => a.departmentId).filter((id): id is string => id !== null))]
      const departments = await withTenant(db, tenant.id, trx => listDepartmentsById(trx, tenant.id, departmentIds))
      const byId = new Map(departments.map(d => [d.id, d]))
      const roles = actor.assignments.map(a => {
        const department = a.departmentId === null ? null : (byId.get(a.departmentId) ?? null)
        return { role: a.role, department: department && { name: department.name, nameEn: department.nameEn } }
      })
      return { displayName: actor.displayName, roles }
    },
  }
}
export type ConsoleService = ReturnType<typeof createConsoleService>
