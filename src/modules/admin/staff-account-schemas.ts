import { z } from 'zod'
import { STAFF_ROLES } from '../../platform/auth/permissions.js'
import type { StaffRole } from '../../platform/db/schema.js'
import { checkPasswordPolicy } from '../../platform/auth/staff/credentials.js'
import { isUuid, nameField } from './admin-forms.js'

const RoleSchema = z
  .string()
  .refine((v): v is StaffRole => (STAFF_ROLES as string[]).includes(v), { message: 'admin.staff.errors.roleRequired' })
  .transform(v => v as StaffRole)

/** '' means the whole municipality; anything else must look like a department id. */
const DepartmentIdSchema = z
  .string()
  .refine(v => v === '' || isUuid(v), { message: 'admin.staff.errors.unknownDepartment' })
  .transform(v => (v === '' ? null : v.toLowerCase()))

export const AddRoleAssignmentSchema = z.object({ role: RoleSchema, departmentId: DepartmentIdSchema })
export type AddRoleAssignmentInput = z.infer<typeof AddRoleAssignmentSchema>

export const CreateStaffAccountSchema = z.object({
  email: z
    .string()
    .max(254, { message: 'admin.form.tooLong:254' })
    .transform(v => v.trim().toLowerCase())
    .pipe(
      z
        .string()
        .min(1, { message: 'admin.staff.errors.emailRequired' })
        .pipe(z.email({ message: 'admin.staff.errors.emailInvalid' })),
    ),
  displayName: nameField(100, 'admin.staff.errors.displayNameRequired'),
  password: z.string().superRefine((v, ctx) => {
    const verdict = checkPasswordPolicy(v)
    if (verdict === 'tooShort') ctx.addIssue({ code: 'custom', message: 'admin.staff.errors.passwordTooShort' })
    else if (verdict === 'tooLong') ctx.addIssue({ code: 'custom', message: 'admin.form.tooLong:256' })
  }),
  role: RoleSchema,
  departmentId: DepartmentIdSchema,
})
export type CreateStaffAccountInput = z.infer<typeof CreateStaffAccountSchema>

export const STAFF_ACCOUNT_FIELDS = ['email', 'displayName', 'password', 'role', 'departmentId'] as const
export const ROLE_ASSIGNMENT_FIELDS = ['role', 'departmentId'] as const
