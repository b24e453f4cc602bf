import { AppError } from '../../platform/errors.js'

/** Expected failures of the admin module. Codes are stable; messages are catalog keys. */
export const departmentCodeTaken = () => new AppError('CONFLICT', 'ADMIN.DEPARTMENT_CODE_TAKEN', 'admin.departments.errors.codeTaken')
export const departmentNotFound = () => new AppError('NOT_FOUND', 'ADMIN.DEPARTMENT_NOT_FOUND', 'errors.notFound')
export const unknownDepartment = () => new AppError('UNPROCESSABLE', 'ADMIN.UNKNOWN_DEPARTMENT', 'admin.staff.errors.unknownDepartment')
export const staffUserNotFound = () => new AppError('NOT_FOUND', 'ADMIN.STAFF_USER_NOT_FOUND', 'errors.notFound')
export const staffEmailTaken = () => new AppError('CONFLICT', 'ADMIN.STAFF_EMAIL_TAKEN', 'admin.staff.errors.emailTaken')
export const roleAlreadyAssigned = () => new AppError('CONFLICT', 'ADMIN.ROLE_ALREADY_ASSIGNED', 'admin.staff.errors.roleAlreadyAssigned')
export const roleAssignmentNotFound = () => new AppError('NOT_FOUND', 'ADMIN.ROLE_ASSIGNMENT_NOT_FOUND', 'errors.notFound')
export const cannotRemoveOwnLastAdministrator = () =>
  new AppError('CONFLICT', 'ADMIN.OWN_LAST_ADMINISTRATOR_ROLE', 'admin.staff.errors.ownLastAdministrator')
export const cannotDisableSelf = () => new AppError('CONFLICT', 'ADMIN.CANNOT_DISABLE_SELF', 'admin.staff.errors.cannotDisableSelf')
export const residentNotFound = () => new AppError('NOT_FOUND', 'ADMIN.RESIDENT_NOT_FOUND', 'errors.notFound')

/** Postgres unique_violation: the constraint is the real guard when two requests race. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505'
}
