import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { createTestApp, TEST_DB, type TestApp } from '../../../test/app.js'
import { createTestTenant } from '../../../test/factories.js'
import { withTenant } from '../db/tenant-context.js'
import { recordAudit, verifyAuditChain } from './audit-log.js'
import type { TenantContext } from '../tenancy/tenant-service.js'

describe(`hash-chained audit log (${TEST_DB})`, () => {
  let t: TestApp
  let tenant: TenantContext
  beforeAll(async () => {
    t = await createTestApp()
    tenant = await createTestTenant(t.platform)
  })
  afterAll(async () => t?.close())

  it('chains concurrent writers without gaps and verifies', async () => {
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        withTenant(t.platform.database.db, tenant.id, trx => recordAudit(trx, tenant.id, { actor: { type: 'system' }, action: 'test.concurrent', details: { i, nested: { b: 1, a: [1, 2] } } })),
      ),
    )
    const result = await withTenant(t.platform.database.db, tenant.id, trx => verifyAuditChain(trx, tenant.id))
    expect(result.checked).toBeGreaterThanOrEqual(12)
    expect(result.firstBroken).toBeUndefined()
  })

  it('reports the first broken link when a row is edited behind the app’s back', async () => {
    const rows = await withTenant(t.platform.database.db, tenant.id, trx => trx.selectFrom('auditLog').select(['seq']).where('tenantId', '=', tenant.id).orderBy('seq').execute())
    const victim = rows[4].seq
    // An attacker with owner rights disables the append-only trigger and edits one entry.
    await t.platform.database.withOwner(async db => {
      await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`.execute(db)
      await sql`UPDATE audit_log SET details = '{"i": 999}'::jsonb WHERE tenant_id = ${tenant.id} AND seq = ${victim}`.execute(db)
      await sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only`.execute(db)
    })
    const result = await withTenant(t.platform.database.db, tenant.id, trx => verifyAuditChain(trx, tenant.id))
    expect(result.firstBroken).toEqual({ seq: victim, reason: 'hash' })
    expect(result.checked).toBe(victim - 1)
  })
})
