import { z } from 'zod'

/** `?action=auth.`: an action prefix such as `auth.`, `admin.` or `resident.read-basic-info`. */
export const AuditLogFilterSchema = z.object({
  action: z
    .string()
    .transform(v => v.trim())
    .pipe(
      z
        .string()
        .max(100, { message: 'admin.form.tooLong:100' })
        .regex(/^[a-z0-9._-]*$/, { message: 'admin.audit.errors.actionFormat' }),
    ),
})
export type AuditLogFilter = z.infer<typeof AuditLogFilterSchema>
