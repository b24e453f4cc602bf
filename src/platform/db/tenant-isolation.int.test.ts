import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { createTestApp, TEST_DB, type TestApp } from '../../../test/app.js'
import { createTestTenant } from '../../../test/factories.js'
import { withTenant } from './tenant-context.js'
import type { TenantContext } from '../tenancy/tenant-service.js'

describe(`tenant isolation with row-level security (${TEST_DB})`, () => {
  let t: TestApp
  let a: TenantContext
  let b: TenantContext

  beforeAll(async () => {
    t = await createTestApp()
    a = await createTestTenant(t.platform)
    b = await createTestTenant(t.platform)
    for (const tenant of [a, b])
      await withTenant(t.platform.database.db, tenant.id, trx => trx.insertInto('departments').values({ tenantId: tenant.id, code: 'shimin', name: `市民課 ${tenant.slug}` }).execute())
  })
  afterAll(async () => t?.close())

  it('runs the application as a non-superuser role that does not own the tables', async () => {
    const { rows } = await sql<{ role: string; isSuper: boolean; bypass: boolean; owner: string }>`
      SELECT current_user AS role, r.rolsuper AS is_super, r.rolbypassrls AS bypass,
        (SELECT tableowner FROM pg_tables WHERE tablename = 'departments') AS owner
      FROM pg_roles r WHERE r.rolname = current_user`.execute(t.platform.database.db)
    expect(rows[0].role).toBe(t.config.DATABASE_APP_ROLE)
    expect(rows[0].isSuper).toBe(false)
    expect(rows[0].bypass).toBe(false)
    expect(rows[0].owner).not.toBe(rows[0].role)
  })

  it('shows no tenant-owned rows to a query without a tenant', async () => {
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM departments`.execute(t.platform.database.db)
    expect(rows[0].n).toBe(0)
  })

  it('shows tenant A only its own rows, even through raw SQL', async () => {
    const rows = await withTenant(t.platform.database.db, a.id, async trx => (await sql<{ tenantId: string }>`SELECT tenant_id FROM departments`.execute(trx)).rows)
    expect(rows.length).toBe(1)
    expect(rows.every(r => r.tenantId === a.id)).toBe(true)
  })

  it('refuses a raw insert of a row for tenant B while bound to tenant A', async () => {
    await expect(
      withTenant(t.platform.database.db, a.id, trx => sql`INSERT INTO departments (tenant_id, code, name) VALUES (${b.id}, 'evil', 'x')`.execute(trx)),
    ).rejects.toThrow(/row-level security/)
  })

  it('cannot update or delete tenant B rows while bound to tenant A', async () => {
    const result = await withTenant(t.platform.database.db, a.id, async trx => {
      const updated = await sql`UPDATE departments SET name = 'hacked' WHERE tenant_id = ${b.id}`.execute(trx)
      const deleted = await sql`DELETE FROM departments WHERE tenant_id = ${b.id}`.execute(trx)
      return { updated: Number(updated.numAffectedRows), deleted: Number(deleted.numAffectedRows) }
    })
    expect(result).toEqual({ updated: 0, deleted: 0 })
    const stillThere = await withTenant(t.platform.database.db, b.id, async trx => (await sql<{ name: string }>`SELECT name FROM departments`.execute(trx)).rows)
    expect(stillThere[0].name).toBe(`市民課 ${b.slug}`)
  })

  it('does not let the app role change its tenant after the transaction ends', async () => {
    await withTenant(t.platform.database.db, a.id, async () => undefined)
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM departments`.execute(t.platform.database.db)
    expect(rows[0].n).toBe(0)
  })

  it('keeps the audit log append-only for the app role', async () => {
    await withTenant(t.platform.database.db, a.id, async trx => {
      const { recordAudit } = await import('../audit/audit-log.js')
      await recordAudit(trx, a.id, { actor: { type: 'system' }, action: 'test.record' })
    })
    await expect(withTenant(t.platform.database.db, a.id, trx => sql`UPDATE audit_log SET action = 'x'`.execute(trx))).rejects.toThrow()
    await expect(withTenant(t.platform.database.db, a.id, trx => sql`DELETE FROM audit_log`.execute(trx))).rejects.toThrow()
  })

  it('does not let the app role create tenants or change the migration history', async () => {
    await expect(sql`INSERT INTO tenants (slug, name, name_en, lg_code) VALUES ('x-evil', 'x', 'x', '011002')`.execute(t.platform.database.db)).rejects.toThrow()
    await expect(sql`DELETE FROM schema_migrations`.execute(t.platform.database.db)).rejects.toThrow()
  })

  it('lets a tenant update only its own settings row', async () => {
    const changed = await withTenant(t.platform.database.db, a.id, async trx => {
      const r = await sql`UPDATE tenants SET name = 'changed' WHERE id = ${b.id}`.execute(trx)
      return Number(r.numAffectedRows)
    })
    expect(changed).toBe(0)
  })
})
