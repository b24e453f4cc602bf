import { sql } from 'kysely'
import { randomToken } from '../crypto.js'
import type { Db } from '../db/tenant-context.js'
import type { StaffRole } from '../db/schema.js'
import { recordAudit } from '../audit/audit-log.js'
import { hashPassword } from '../auth/staff/credentials.js'
import { STAFF_ROLES } from '../auth/permissions.js'

export interface CreateStaffInput {
  tenantId: string
  email: string
  displayName: string
  role: StaffRole
  departmentCode?: string
  password?: string
  totpSecretEncrypted?: string
}

/** Operator path to create a staff account (first administrator of a new tenant, demo seed). */
export async function createStaffAccount(ownerDb: Db, input: CreateStaffInput): Promise<{ id: string; password: string }> {
  if (!STAFF_ROLES.includes(input.role)) throw new Error(`role must be one of ${STAFF_ROLES.join(', ')}`)
  const email = input.email.trim().toLowerCase()
  if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw new Error('email is not a valid address')
  const password = input.password ?? randomToken(12)
  const passwordHash = await hashPassword(password)
  return ownerDb.transaction().execute(async trx => {
    await sql`SELECT set_config('app.tenant_id', ${input.tenantId}, true)`.execute(trx)
    let departmentId: string | null = null
    if (input.departmentCode) {
      const department = await trx.selectFrom('departments').select('id').where('tenantId', '=', input.tenantId).where('code', '=', input.departmentCode).executeTakeFirst()
      if (!department) throw new Error(`no department with code ${input.departmentCode}`)
      departmentId = department.id
    }
    const exists = await trx.selectFrom('staffUsers').select('id').where('tenantId', '=', input.tenantId).where('email', '=', email).executeTakeFirst()
    if (exists) throw new Error(`a staff account with email ${email} already exists`)
    const user = await trx
      .insertInto('staffUsers')
      .values({
        tenantId: input.tenantId,
        email,
        displayName: input.displayName,
        passwordHash,
        totpSecretEncrypted: input.totpSecretEncrypted ?? null,
        totpEnrolledAt: input.totpSecretEncrypted ? new Date() : null,
        recoveryCodeHashes: '[]',
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await trx.insertInto('staffRoleAssignments').values({ tenantId: input.tenantId, staffUserId: user.id, role: input.role, departmentId }).execute()
    await recordAudit(trx, input.tenantId, { actor: { type: 'operator' }, action: 'admin.create-staff', subjectType: 'staff_user', subjectId: user.id, details: { role: input.role, departmentCode: input.departmentCode ?? null } })
    return { id: user.id, password }
  })
}
