import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { createTestApp, csrfFrom, TEST_DB, type TestApp } from '../../../../test/app.js'
import { createTestStaff, createTestTenant, loginStaff } from '../../../../test/factories.js'
import { withTenant } from '../../db/tenant-context.js'
import type { TenantContext } from '../../tenancy/tenant-service.js'
import { hashToken } from '../../crypto.js'
import { apiKeyRoute } from './api-key-auth.js'
import { createTestApiKey } from './test-api-keys.js'

/** Two small API-key routes, so the platform's key handling is tested apart from any module's API. */
function registerProbeRoutes(app: FastifyInstance) {
  app.get('/api/v1/:tenant/probe', { ...apiKeyRoute(app, 'procedures:read') }, async req => ({ apiKey: req.apiKey }))
  app.post('/api/v1/:tenant/probe', { ...apiKeyRoute(app, 'applications:write') }, async (req, reply) => reply.status(201).send({ received: req.body }))
}

describe(`API keys (${TEST_DB})`, () => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp({}, { beforeReady: registerProbeRoutes })
  })
  afterAll(async () => t?.close())

  async function asStaff(tenant: TenantContext, role: 'administrator' | 'clerk' = 'administrator') {
    const staff = await createTestStaff(t.platform, tenant, role)
    const jar = await loginStaff(t, tenant, staff)
    const get = (path: string) => t.app.inject({ method: 'GET', url: `/${tenant.slug}${path}`, headers: { cookie: jar.header() } })
    const page = await get('/staff/api-keys')
    const csrf = page.statusCode === 200 ? csrfFrom(page.body) : ''
    const post = (path: string, payload: Record<string, string | string[]>) =>
      t.app.inject({ method: 'POST', url: `/${tenant.slug}${path}`, headers: { cookie: jar.header() }, payload: { _csrf: csrf, ...payload } })
    return { staff, jar, page, get, post }
  }

  const probe = (tenant: TenantContext, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url: `/api/v1/${tenant.slug}/probe`, headers })
  const bearer = (key: string) => ({ authorization: `Bearer ${key}` })

  function keyRows(tenant: TenantContext) {
    return withTenant(t.platform.database.db, tenant.id, trx => trx.selectFrom('apiKeys').selectAll().orderBy('createdAt').execute())
  }
  function auditRows(tenant: TenantContext, action: string) {
    return withTenant(t.platform.database.db, tenant.id, trx => trx.selectFrom('auditLog').select(['actorId', 'subjectType', 'subjectId', 'details']).where('action', '=', action).orderBy('seq').execute())
  }

  it('lets an administrator create a key on the staff page, shows it once, and stops it working once revoked', async () => {
    const tenant = await createTestTenant(t.platform)
    const admin = await asStaff(tenant)
    expect(admin.page.statusCode).toBe(200)
    expect(admin.page.body).toContain('まだAPIキーはありません。')
    expect(admin.page.body).toContain(`href="/${tenant.slug}/staff/api-keys"`)

    const created = await admin.post('/staff/api-keys', { name: '本庁舎1階キオスク', scopes: ['procedures:read', 'applications:read'], expiresOn: '', rateLimitPerMinute: '' })
    expect(created.statusCode).toBe(201)
    expect(created.headers['cache-control']).toBe('no-store')
    const key = new RegExp(`(ykb_${tenant.slug}_[A-Za-z0-9_-]{43})`).exec(created.body)?.[1] as string
    expect(key).toBeDefined()
    expect(created.body).toContain(`data-copy="${key}"`)
    expect(created.body).toContain('このキーは今しか表示されません')

    const [row] = await keyRows(tenant)
    expect(row).toMatchObject({ name: '本庁舎1階キオスク', scopes: ['procedures:read', 'applications:read'], keyHash: hashToken(key), keyPrefix: key.slice(-43, -35), createdBy: admin.staff.id, rateLimitPerMinute: 120, expiresAt: null, revokedAt: null, lastUsedAt: null })
    expect(JSON.stringify(row)).not.toContain(key)
    const [createAudit] = await auditRows(tenant, 'api-key.create')
    expect(createAudit).toMatchObject({ actorId: admin.staff.id, subjectType: 'api_key', subjectId: row.id, details: { name: '本庁舎1階キオスク', scopes: ['procedures:read', 'applications:read'] } })
    expect(JSON.stringify(createAudit)).not.toContain(key)

    const list = await admin.get('/staff/api-keys')
    expect(list.body).toContain('本庁舎1階キオスク')
    expect(list.body).toContain(`ykb_${tenant.slug}_${row.keyPrefix}…`)
    expect(list.body).not.toContain(key)
    expect(list.body).toContain('まだ使われていません')

    const ok = await probe(tenant, bearer(key))
    expect(ok.statusCode).toBe(200)
    expect(ok.json()).toEqual({ apiKey: { id: row.id, tenantId: tenant.id, scopes: ['procedures:read', 'applications:read'], rateLimitPerMinute: 120 } })
    expect((await probe(tenant, { 'x-api-key': key })).statusCode).toBe(200)
    expect((await keyRows(tenant))[0]?.lastUsedAt).toBeInstanceOf(Date)

    const revoked = await admin.post(`/staff/api-keys/${row.id}/revoke`, {})
    expect(revoked.statusCode).toBe(303)
    expect(revoked.headers.location).toBe(`/${tenant.slug}/staff/api-keys?done=revoked`)
    expect((await admin.get('/staff/api-keys?done=revoked')).body).toContain('取り消し済み')
    const refused = await probe(tenant, bearer(key))
    expect(refused.statusCode).toBe(401)
    expect(refused.headers['content-type']).toContain('application/problem+json')
    expect(refused.headers['www-authenticate']).toBe('Bearer realm="yakuba", error="invalid_token"')
    expect(refused.json()).toMatchObject({ status: 401, code: 'AUTH.API_KEY_INVALID', title: 'APIキーが正しくないか、使えなくなっています。' })
    const [revokeAudit] = await auditRows(tenant, 'api-key.revoke')
    expect(revokeAudit).toMatchObject({ actorId: admin.staff.id, subjectId: row.id })

    // Revoking again changes nothing and records nothing.
    expect((await admin.post(`/staff/api-keys/${row.id}/revoke`, {})).statusCode).toBe(303)
    expect(await auditRows(tenant, 'api-key.revoke')).toHaveLength(1)
  })

  it('refuses a create without the CSRF token, or with invalid fields, storing nothing', async () => {
    const tenant = await createTestTenant(t.platform)
    const admin = await asStaff(tenant)
    const forged = await t.app.inject({ method: 'POST', url: `/${tenant.slug}/staff/api-keys`, headers: { cookie: admin.jar.header() }, payload: { name: 'x', scopes: 'procedures:read' } })
    expect(forged.statusCode).toBe(403)

    const invalid = await admin.post('/staff/api-keys', { name: '', expiresOn: '2000-01-01', rateLimitPerMinute: 'many' })
    expect(invalid.statusCode).toBe(422)
    expect(invalid.body).toContain('名前を入力してください。')
    expect(invalid.body).toContain('権限を1つ以上選んでください。')
    expect(invalid.body).toContain('有効期限は明日以降の日付にしてください。')
    expect(invalid.body).toContain('href="#scopes"')
    expect(invalid.body).not.toMatch(/ykb_t-[a-z0-9]+_[A-Za-z0-9_-]{43}/)

    const english = await t.app.inject({ method: 'POST', url: `/${tenant.slug}/staff/api-keys?lang=en`, headers: { cookie: admin.jar.header() }, payload: { _csrf: csrfFrom(admin.page.body), name: 'kiosk', scopes: 'admin:all' } })
    expect(english.statusCode).toBe(422)
    expect(english.body).toContain('Choose at least one permission.')

    expect(await keyRows(tenant)).toEqual([])
    expect(await auditRows(tenant, 'api-key.create')).toEqual([])
  })

  it('keeps the page and its actions from staff without the api-keys permission', async () => {
    const tenant = await createTestTenant(t.platform)
    const admin = await asStaff(tenant)
    const key = await createTestApiKey(t.platform, tenant, admin.staff.id)
    const clerk = await asStaff(tenant, 'clerk')
    expect(clerk.page.statusCode).toBe(403)
    const home = await clerk.get('/staff')
    expect(home.body).not.toContain(`href="/${tenant.slug}/staff/api-keys"`)
    const revoke = await t.app.inject({ method: 'POST', url: `/${tenant.slug}/staff/api-keys/${key.id}/revoke`, headers: { cookie: clerk.jar.header() }, payload: { _csrf: csrfFrom(home.body) } })
    expect(revoke.statusCode).toBe(403)
    expect((await keyRows(tenant))[0]?.revokedAt).toBeNull()
    expect((await t.app.inject({ method: 'GET', url: `/${tenant.slug}/staff/api-keys` })).statusCode).toBe(303)
  })

  it('answers a missing, malformed, unknown, expired or other municipality’s key with 401', async () => {
    const tenant = await createTestTenant(t.platform)
    const other = await createTestTenant(t.platform)
    const staff = await createTestStaff(t.platform, tenant)
    const otherStaff = await createTestStaff(t.platform, other)
    const otherKey = await createTestApiKey(t.platform, other, otherStaff.id)
    const expiring = await createTestApiKey(t.platform, tenant, staff.id, { expiresOn: '2999-12-31' })

    const missing = await probe(tenant)
    expect(missing.statusCode).toBe(401)
    expect(missing.headers['www-authenticate']).toBe('Bearer realm="yakuba"')
    expect(missing.json()).toMatchObject({ code: 'AUTH.API_KEY_REQUIRED' })

    const wrongTenant = await probe(tenant, bearer(otherKey.key))
    expect(wrongTenant.statusCode).toBe(401)
    expect(wrongTenant.json()).toMatchObject({ code: 'AUTH.API_KEY_INVALID' })
    // The same key with its slug swapped for this municipality's is not a key here either.
    const forged = otherKey.key.replace(`ykb_${other.slug}_`, `ykb_${tenant.slug}_`)
    expect((await probe(tenant, bearer(forged))).statusCode).toBe(401)
    expect((await probe(tenant, bearer('not-a-key'))).statusCode).toBe(401)
    expect((await probe(other, bearer(otherKey.key))).statusCode).toBe(200)

    expect((await probe(tenant, bearer(expiring.key))).statusCode).toBe(200)
    await withTenant(t.platform.database.db, tenant.id, trx => trx.updateTable('apiKeys').set({ expiresAt: new Date(Date.now() - 1000) }).where('id', '=', expiring.id).execute())
    const expired = await probe(tenant, { ...bearer(expiring.key), 'accept-language': 'en' })
    expect(expired.statusCode).toBe(401)
    expect(expired.json()).toMatchObject({ code: 'AUTH.API_KEY_INVALID', title: 'The API key is not valid or can no longer be used.' })
  })

  it('answers a key without the route’s scope with 403, and needs no CSRF token for API writes', async () => {
    const tenant = await createTestTenant(t.platform)
    const staff = await createTestStaff(t.platform, tenant)
    const reader = await createTestApiKey(t.platform, tenant, staff.id, { scopes: ['procedures:read'] })
    const writer = await createTestApiKey(t.platform, tenant, staff.id, { scopes: ['applications:write'] })

    const denied = await t.app.inject({ method: 'POST', url: `/api/v1/${tenant.slug}/probe`, headers: bearer(reader.key), payload: { a: 1 } })
    expect(denied.statusCode).toBe(403)
    expect(denied.headers['www-authenticate']).toBe('Bearer realm="yakuba", error="insufficient_scope", scope="applications:write"')
    expect(denied.json()).toMatchObject({ code: 'AUTH.API_KEY_SCOPE_MISSING', title: 'このAPIキーには、この操作の権限(applications:write)がありません。' })
    expect((await probe(tenant, bearer(writer.key))).statusCode).toBe(403)

    const written = await t.app.inject({ method: 'POST', url: `/api/v1/${tenant.slug}/probe`, headers: bearer(writer.key), payload: { a: 1 } })
    expect(written.statusCode).toBe(201)
    expect(written.json()).toEqual({ received: { a: 1 } })
  })

  it('gives every key its own rate-limit bucket across the API', async () => {
    const tenant = await createTestTenant(t.platform)
    const staff = await createTestStaff(t.platform, tenant)
    const busy = await createTestApiKey(t.platform, tenant, staff.id, { rateLimitPerMinute: 3 })
    const calm = await createTestApiKey(t.platform, tenant, staff.id, { rateLimitPerMinute: 3 })
    expect((await probe(tenant, bearer(busy.key))).statusCode).toBe(200)
    expect((await probe(tenant, bearer(busy.key))).statusCode).toBe(200)
    // A write counts in the same bucket as reads.
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/${tenant.slug}/probe`, headers: bearer(busy.key), payload: {} })).statusCode).toBe(201)
    const limited = await probe(tenant, bearer(busy.key))
    expect(limited.statusCode).toBe(429)
    expect(limited.headers['content-type']).toContain('application/problem+json')
    expect(limited.headers['retry-after']).toBeDefined()
    expect(limited.json()).toMatchObject({ code: 'PLATFORM.RATE_LIMITED' })
    expect((await probe(tenant, bearer(calm.key))).statusCode).toBe(200)
  })

  it('records the last use at most once a minute', async () => {
    const tenant = await createTestTenant(t.platform)
    const staff = await createTestStaff(t.platform, tenant)
    const key = await createTestApiKey(t.platform, tenant, staff.id)
    const setLastUsed = (at: Date) => withTenant(t.platform.database.db, tenant.id, trx => trx.updateTable('apiKeys').set({ lastUsedAt: at }).where('id', '=', key.id).execute())
    const lastUsed = async () => (await keyRows(tenant))[0]?.lastUsedAt?.getTime()

    const recent = new Date(Date.now() - 30_000)
    await setLastUsed(recent)
    expect((await probe(tenant, bearer(key.key))).statusCode).toBe(200)
    expect(await lastUsed()).toBe(recent.getTime())

    const old = new Date(Date.now() - 120_000)
    await setLastUsed(old)
    const before = Date.now()
    expect((await probe(tenant, bearer(key.key))).statusCode).toBe(200)
    expect(await lastUsed()).toBeGreaterThanOrEqual(before - 1000)
  })
})
