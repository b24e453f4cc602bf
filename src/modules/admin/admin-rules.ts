import { hasPermission, type Permission, type RoleAssignment } from '../../platform/auth/permissions.js'
import type { StaffRole } from '../../platform/db/schema.js'

/** Pure rules of the admin console, kept apart from the database so they are unit-tested directly. */

export interface AssignmentRef {
  id: string
  role: StaffRole
}

/**
 * An administrator may not take away their own last administrator role: nobody could give it
 * back to them, and a municipality could end up with no administrator at all.
 */
export function isRemovingOwnLastAdministratorRole(actorId: string, targetStaffUserId: string, assignments: readonly AssignmentRef[], assignmentId: string): boolean {
  if (actorId !== targetStaffUserId) return false
  const removed = assignments.find(a => a.id === assignmentId)
  if (!removed || removed.role !== 'administrator') return false
  return !assignments.some(a => a.id !== assignmentId && a.role === 'administrator')
}

/** Disabling one's own account would end the session mid-task and could leave no administrator. */
export function isDisablingSelf(actorId: string, targetStaffUserId: string): boolean {
  return actorId === targetStaffUserId
}

/** Locked out after too many failed logins (the lock ends by itself at lockedUntil). */
export function isLocked(lockedUntil: Date | null, now: Date = new Date()): boolean {
  return lockedUntil !== null && lockedUntil.getTime() > now.getTime()
}

/**
 * The department an access is attributed to in the audit log: none when some role grants the
 * permission municipality-wide, else the first department whose role grants it.
 */
export function departmentOfAccess(assignments: readonly RoleAssignment[], permission: Permission): string | undefined {
  const granting = assignments.filter(a => hasPermission([a], permission))
  if (granting.length === 0 || granting.some(a => a.departmentId === null)) return undefined
  return granting[0].departmentId ?? undefined
}

/** Escapes LIKE / ILIKE wildcards so user text matches literally (used with ESCAPE '\'). */
export function escapeLikePattern(text: string): string {
  return text.replace(/[\\%_]/g, match => `\\${match}`)
}

export function pageCountOf(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize))
}
