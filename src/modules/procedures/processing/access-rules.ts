/**
 * Who sees which applications. Permissions are role × department (platform/auth/permissions.ts):
 * a role assigned without a department covers the whole municipality, otherwise only that
 * department's work. Pure functions, unit-tested.
 */
import { hasPermission, STAFF_ROLES, type Permission, type RoleAssignment } from '../../../platform/auth/permissions.js'
import type { StaffRole } from '../../../platform/db/schema.js'

export type DepartmentScope = { kind: 'all' } | { kind: 'departments'; ids: string[] }

/** The departments whose work a permission covers: all of them, or a list (possibly empty). */
export function departmentScope(assignments: readonly RoleAssignment[], permission: Permission): DepartmentScope {
  const granting = assignments.filter(a => hasPermission([a], permission))
  if (granting.some(a => a.departmentId === null)) return { kind: 'all' }
  return { kind: 'departments', ids: [...new Set(granting.map(a => a.departmentId as string))] }
}

/**
 * Whether a department's work is in scope. An application without a department (a procedure
 * routed nowhere) belongs to the municipality as a whole: only municipality-wide roles see it.
 */
export function isInScope(scope: DepartmentScope, departmentId: string | null): boolean {
  if (scope.kind === 'all') return true
  return departmentId !== null && scope.ids.includes(departmentId)
}

/** May process (see, claim, decide) an application of this department. */
export function canProcessApplication(assignments: readonly RoleAssignment[], departmentId: string | null): boolean {
  // null, not undefined: hasPermission treats an undefined department as "any department".
  return hasPermission(assignments, 'procedures.process', departmentId)
}

/** May sign an approval step (電子決裁) for this department in their own name. */
export function canApproveApplication(assignments: readonly RoleAssignment[], departmentId: string | null): boolean {
  return hasPermission(assignments, 'procedures.approve', departmentId)
}

/** May see special-care data (My Number) of this department's applications. */
export function canRevealMyNumber(assignments: readonly RoleAssignment[], departmentId: string | null): boolean {
  return hasPermission(assignments, 'residents.read-special-care', departmentId)
}

/** The roles that carry a permission (to find staff who hold it, in SQL). */
export function rolesWith(permission: Permission): StaffRole[] {
  return STAFF_ROLES.filter(role => hasPermission([{ role, departmentId: null }], permission))
}
