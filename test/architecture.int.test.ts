import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, TEST_DB, type TestApp } from './app.js'
import { routeTable } from '../src/platform/http/pipeline.js'

describe(`architecture on the real database and app (${TEST_DB})`, () => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp()
  })
  afterAll(async () => t?.close())

  it('forces row-level security on every table that has a tenant_id, with tenant_id first in the primary key', async () => {
    const { rows } = await t.platform.database.ownerPool.query<{ table: string; rls: boolean; forced: boolean; policies: number; pkFirst: string | null }>(`
      SELECT c.relname AS table, c.relrowsecurity AS rls, c.relforcerowsecurity AS forced,
        (SELECT count(*)::int FROM pg_policies p WHERE p.tablename = c.relname AND p.schemaname = 'public') AS policies,
        (SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
          WHERE i.indrelid = c.oid AND i.indisprimary) AS "pkFirst"
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind = 'r'
        AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped)`)
    expect(rows.length).toBeGreaterThan(5)
    for (const row of rows) expect({ table: row.table, rls: row.rls, forced: row.forced, hasPolicy: row.policies > 0, pkFirst: row.pkFirst }).toEqual({ table: row.table, rls: true, forced: true, hasPolicy: true, pkFirst: 'tenant_id' })
  })

  it('makes every foreign key between tenant tables include tenant_id', async () => {
    const { rows } = await t.platform.database.ownerPool.query<{ name: string; table: string; cols: string[] }>(`
      SELECT con.conname AS name, cl.relname AS table,
        array(SELECT a.attname::text FROM unnest(con.conkey) k JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k) AS cols
      FROM pg_constraint con JOIN pg_class cl ON cl.oid = con.conrelid JOIN pg_namespace n ON n.oid = cl.relnamespace
      WHERE con.contype = 'f' AND n.nspname = 'public' AND con.confrelid <> 'tenants'::regclass`)
    for (const fk of rows) expect({ fk: fk.name, includesTenant: fk.cols.includes('tenant_id') }).toEqual({ fk: fk.name, includesTenant: true })
  })

  it('declares auth on every route, and only staff auth under /staff', () => {
    const routes = routeTable(t.app)
    expect(routes.length).toBeGreaterThan(15)
    expect(routes.filter(r => !['public', 'resident', 'staff-login', 'staff', 'api-key'].includes(r.auth))).toEqual([])
    const openStaffPages = routes.filter(r => r.url.startsWith('/:tenant/staff') && r.auth === 'public' && !/\/staff\/(login|logout)$/.test(r.url))
    expect(openStaffPages).toEqual([])
    const apiKeyRoutesOutsideApi = routes.filter(r => r.auth === 'api-key' && !r.url.startsWith('/api/v1/:tenant/'))
    expect(apiKeyRoutesOutsideApi).toEqual([])
  })
})
