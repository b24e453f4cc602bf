import type { StaffRole } from '../db/schema.js'

/**
 * Permissions are role × department. A role assignment with no department covers the whole
 * municipality; otherwise the permission holds only for that department's work.
 */
export const PERMISSIONS = [
  'console.view',
  'residents.read-basic-info',
  'residents.read-special-care',
  'admin.departments',
  'admin.staff',
  'audit.read',
] as const
export type Permission = (typeof PERMISSIONS)[number]

const ROLE_PERMISSIONS: Record<StaffRole, readonly Permission[]> = {
  administrator: PERMISSIONS,
  supervisor: ['console.view', 'residents.read-basic-info', 'residents.read-special-care', 'audit.read'],
  clerk: ['console.view', 'residents.read-basic-info', 'residents.read-special-care'],
  // 委託事業者: may process ordinary work but never sees special-care personal data.
  outsourced_operator: ['console.view', 'residents.read-basic-info'],
  partner_member: ['console.view'],
}

export const STAFF_ROLES = Object.keys(ROLE_PERMISSIONS) as StaffRole[]

export interface RoleAssignment {
  role: StaffRole
  departmentId: string | null
}

/** True when some assignment grants the permission for the department (or municipality-wide). */
export function hasPermission(assignments: readonly RoleAssignment[], permission: Permission, departmentId?: string | null): boolean {
  return assignments.some(
    a =>
      ROLE_PERMISSIONS[a.role].includes(permission) &&
      (a.departmentId === null || departmentId === undefined || a.departmentId === departmentId),
  )
}

export function permissionsOf(assignments: readonly RoleAssignment[]): Set<Permission> {
  return new Set(assignments.flatMap(a => ROLE_PERMISSIONS[a.role]))
}
