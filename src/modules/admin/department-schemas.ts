import { z } from 'zod'
import { nameField, optionalNameField } from './admin-forms.js'

/** Mirrors the departments table's checks, so valid input never trips a constraint. */
export const DepartmentCodeSchema = z
  .string()
  .transform(v => v.trim())
  .pipe(
    z
      .string()
      .min(1, { message: 'admin.departments.errors.codeRequired' })
      .max(40, { message: 'admin.form.tooLong:40' })
      .regex(/^[a-z0-9-]+$/, { message: 'admin.departments.errors.codeFormat' }),
  )

export const RenameDepartmentSchema = z.object({
  name: nameField(100, 'admin.departments.errors.nameRequired'),
  nameEn: optionalNameField(100),
})
export type RenameDepartmentInput = z.infer<typeof RenameDepartmentSchema>

export const CreateDepartmentSchema = RenameDepartmentSchema.extend({ code: DepartmentCodeSchema })
export type CreateDepartmentInput = z.infer<typeof CreateDepartmentSchema>

export const DEPARTMENT_FIELDS = ['code', 'name', 'nameEn'] as const
