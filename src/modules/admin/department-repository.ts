import type { Executor } from '../../platform/db/tenant-context.js'

/** SQL for the platform's departments table (the admin module manages it; the platform owns it). */

export interface DepartmentRow {
  id: string
  code: string
  name: string
  nameEn: string
  updatedAt: Date
}

const COLUMNS = ['id', 'code', 'name', 'nameEn', 'updatedAt'] as const

export function listDepartments(trx: Executor, tenantId: string): Promise<DepartmentRow[]> {
  return trx.selectFrom('departments').select(COLUMNS).where('tenantId', '=', tenantId).orderBy('code').limit(1000).execute()
}

export function findDepartment(trx: Executor, tenantId: string, id: string): Promise<DepartmentRow | undefined> {
  return trx.selectFrom('departments').select(COLUMNS).where('tenantId', '=', tenantId).where('id', '=', id).executeTakeFirst()
}

export function findDepartmentByCode(trx: Executor, tenantId: string, code: string): Promise<DepartmentRow | undefined> {
  return trx.selectFrom('departments').select(COLUMNS).where('tenantId', '=', tenantId).where('code', '=', code).executeTakeFirst()
}

export function listDepartmentsById(trx: Executor, tenantId: string, ids: readonly string[]): Promise<DepartmentRow[]> {
  if (ids.length === 0) return Promise.resolve([])
  return trx.selectFrom('departments').select(COLUMNS).where('tenantId', '=', tenantId).where('id', 'in', [...ids]).execute()
}

export function insertDepartment(trx: Executor, tenantId: string, values: { code: string; name: string; nameEn: string }): Promise<DepartmentRow> {
  return trx
    .insertInto('departments')
    .values({ tenantId, ...values })
    .returning(COLUMNS)
    .executeTakeFirstOrThrow()
}

export function updateDepartmentNames(trx: Executor, tenantId: string, id: string, values: { name: string; nameEn: string }): Promise<DepartmentRow | undefined> {
  return trx
    .updateTable('departments')
    .set({ ...values, updatedAt: new Date() })
    .where('tenantId', '=', tenantId)
    .where('id', '=', id)
    .returning(COLUMNS)
    .executeTakeFirst()
}
