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
  // Online procedures: build and publish forms; process applications; sign approval steps.
  'procedures.manage',
  'procedures.process',
  'procedures.approve',
  // Payments: reconciliation and refunds.
  'payments.read',
  'payments.refund',
  // API keys for kiosks, LINE mini-apps and integrators.
  'admin.api-keys',
  // Notifications hub: compose and send notices; approve large sends; set up topics, templates,
  // segments, districts, garbage calendars and the LINE account.
  'notifications.send',
  'notifications.approve',
  'notifications.manage',
  // Reservations: set up facilities, fees, slot templates, lotteries and groups; run the desk
  // (bookings, bookings on behalf of residents, counter payments, check-in, no-shows, reports).
  'reservations.manage',
  'reservations.operate',
  // Disaster: switch disaster / training mode, issue evacuation information, set up shelters,
  // sensors and hazard maps (manage); approve under the two-person rule (approve); run a shelter
  // (status, check-in and check-out) and watch the sensors (operate).
  'disaster.manage',
  'disaster.approve',
  'disaster.operate',
] as const
export type Permission = (typeof PERMISSIONS)[number]

const ROLE_PERMISSIONS: Record<StaffRole, readonly Permission[]> = {
  administrator: PERMISSIONS,
  supervisor: [
    'console.view', 'residents.read-basic-info', 'residents.read-special-care', 'audit.read',
    'procedures.manage', 'procedures.process', 'procedures.approve', 'payments.read', 'payments.refund',
    'notifications.send', 'notifications.approve', 'notifications.manage',
    'reservations.manage', 'reservations.operate',
    'disaster.manage', 'disaster.approve', 'disaster.operate',
  ],
  clerk: [
    'console.view', 'residents.read-basic-info', 'residents.read-special-care', 'procedures.manage', 'procedures.process', 'payments.read',
    'notifications.send', 'notifications.manage',
    'reservations.manage', 'reservations.operate',
    'disaster.manage', 'disaster.operate',
  ],
  // 委託事業者: may process ordinary work but never sees special-care personal data.
  // (指定管理者 run facilities: they operate the desk but do not set fees or run lotteries.)
  // (Shelters are often run by 指定管理者 or 社会福祉協議会 staff: they check evacuees in and out.)
  outsourced_operator: ['console.view', 'residents.read-basic-info', 'procedures.process', 'reservations.operate', 'disaster.operate'],
  // Partner organisations (e.g. a school) process only what is routed to their department.
  partner_member: ['console.view', 'procedures.process'],
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
