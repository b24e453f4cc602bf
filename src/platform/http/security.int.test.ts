import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, CookieJar, csrfFrom, TEST_DB, type TestApp } from '../../../test/app.js'
import { createTestTenant } from '../../../test/factories.js'
import { loginWithCard } from '../../../test/resident-login.js'
import { withTenant } from '../db/tenant-context.js'
import type { TenantContext } from '../tenancy/tenant-service.js'

const HOSTILE = [`'; DROP TABLE residents; --`, `"><script>alert(1)</script>`, `' OR '1'='1`, '\u0000\u202e𠮷', 'a'.repeat(5000)]

describe(`security baseline and bad input (${TEST_DB})`, () => {
  let t: TestApp
  let tenant: TenantContext
  beforeAll(async () => {
    t = await createTestApp({ BODY_LIMIT_BYTES: '4096' })
    tenant = await createTestTenant(t.platform)
  })
  afterAll(async () => t?.close())

  it('sends a strict CSP without inline script, and the usual security headers', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/${tenant.slug}` })
    const csp = String(res.headers['content-security-policy'])
    expect(csp).toContain("default-src 'self'")
    expect(csp).toContain("script-src 'self'")
    expect(csp).toContain("frame-ancestors 'none'")
    expect(csp).not.toContain('unsafe-inline')
    expect(res.headers['x-content-type-options']).toBe('nosniff')
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/)
    expect(res.body).not.toMatch(/<script(?![^>]*\bsrc=)/)
    expect(res.body).not.toContain(' style=')
  })

  it('serves cached anonymous pages with a per-visitor CSRF token, and never a cached page to a logged-in resident', async () => {
    const visit = () => t.app.inject({ method: 'GET', url: `/${tenant.slug}/login` })
    const [a, b] = [await visit(), await visit()]
    expect(csrfFrom(a.body)).not.toBe(csrfFrom(b.body))
    expect(a.body.replaceAll(csrfFrom(a.body), '')).toBe(b.body.replaceAll(csrfFrom(b.body), ''))
    const home = await t.app.inject({ method: 'GET', url: `/${tenant.slug}` })
    expect(home.headers['set-cookie']).toBeUndefined() // no form, no CSRF cookie
    const { jar } = await loginWithCard(t, tenant, 'yamada-taro')
    const mine = await t.app.inject({ method: 'GET', url: `/${tenant.slug}`, headers: { cookie: jar.header() } })
    expect(mine.body).toContain(`href="/${tenant.slug}/mypage"`)
    expect(home.body).not.toContain(`href="/${tenant.slug}/mypage"`)
  })

  it('refuses a state-changing form without a valid CSRF token, in the visitor’s language', async () => {
    const missing = await t.app.inject({ method: 'POST', url: `/${tenant.slug}/login/email`, payload: { email: 'a@example.jp' } })
    expect(missing.statusCode).toBe(403)
    expect(missing.body).toContain('画面の有効期限が切れたか')
    const page = await t.app.inject({ method: 'GET', url: `/${tenant.slug}/login` })
    const jar = new CookieJar()
    jar.store(page.headers['set-cookie'])
    const forged = await t.app.inject({ method: 'POST', url: `/${tenant.slug}/login/email`, headers: { cookie: jar.header(), 'accept-language': 'en' }, payload: { _csrf: 'x'.repeat(43), email: 'a@example.jp' } })
    expect(forged.statusCode).toBe(403)
    expect(forged.body).toContain('This page has expired')
  })

  it('answers an oversize body with 413 and a malformed one with 400, never a 5xx', async () => {
    const big = await t.app.inject({ method: 'POST', url: `/${tenant.slug}/login/email`, payload: { email: 'a'.repeat(10_000) } })
    expect(big.statusCode).toBe(413)
    const malformed = await t.app.inject({ method: 'POST', url: `/${tenant.slug}/login/email`, headers: { 'content-type': 'application/json' }, payload: '{"email": ' })
    expect(malformed.statusCode).toBe(400)
    const wrongType = await t.app.inject({ method: 'POST', url: `/${tenant.slug}/login/email`, headers: { 'content-type': 'text/xml' }, payload: '<a/>' })
    expect(wrongType.statusCode).toBeGreaterThanOrEqual(400)
    expect(wrongType.statusCode).toBeLessThan(500)
  })

  it('shows a translated 404 for an unknown municipality and unknown pages', async () => {
    const ja = await t.app.inject({ method: 'GET', url: '/no-such-town' })
    expect(ja.statusCode).toBe(404)
    expect(ja.body).toContain('ページが見つかりません')
    const en = await t.app.inject({ method: 'GET', url: '/no-such-town/login', headers: { 'accept-language': 'en-GB,en;q=0.9' } })
    expect(en.statusCode).toBe(404)
    expect(en.body).toContain('Page not found')
    const easy = await t.app.inject({ method: 'GET', url: `/${tenant.slug}/nothing-here?lang=ja-easy` })
    expect(easy.statusCode).toBe(404)
    expect(easy.body).toContain('ページ が ありません')
  })

  it('answers API errors as problem+json with a stable code', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/postal-codes/abc' })
    expect(res.statusCode).toBe(400)
    expect(res.headers['content-type']).toContain('application/problem+json')
    expect(res.json()).toMatchObject({ status: 400, code: 'JP.INVALID_POSTAL_CODE' })
    const ok = await t.app.inject({ method: 'GET', url: '/api/v1/postal-codes/100-0001' })
    expect(ok.json()).toMatchObject({ postalCode: '1000001', addresses: [{ prefecture: '東京都', city: '千代田区', town: '千代田' }] })
    const missing = await t.app.inject({ method: 'GET', url: '/api/v1/nothing' })
    expect(missing.statusCode).toBe(404)
    expect(missing.json().code).toBe('PLATFORM.NOT_FOUND')
  })

  it('survives SQL-ish and script-ish strings in every login field with a 4xx and stores nothing half-way', async () => {
    const countResidents = async () => (await withTenant(t.platform.database.db, tenant.id, trx => trx.selectFrom('residents').select('id').execute())).length
    const before = await countResidents()
    for (const value of HOSTILE) {
      const page = await t.app.inject({ method: 'GET', url: `/${tenant.slug}/staff/login` })
      const jar = new CookieJar()
      jar.store(page.headers['set-cookie'])
      const staff = await t.app.inject({ method: 'POST', url: `/${tenant.slug}/staff/login`, headers: { cookie: jar.header() }, payload: { _csrf: csrfFrom(page.body), email: value, password: value } })
      expect(staff.statusCode).toBeGreaterThanOrEqual(400)
      expect(staff.statusCode).toBeLessThan(500)
      expect(staff.body).not.toContain('<script>alert(1)</script>')
      const resident = await t.app.inject({ method: 'POST', url: `/${tenant.slug}/login/email`, headers: { cookie: jar.header() }, payload: { _csrf: csrfFrom(page.body), email: value } })
      expect([400, 413, 422]).toContain(resident.statusCode)
      const verify = await t.app.inject({ method: 'POST', url: `/${tenant.slug}/login/email/verify`, headers: { cookie: jar.header() }, payload: { _csrf: csrfFrom(page.body), token: value } })
      expect([400, 401, 413]).toContain(verify.statusCode)
    }
    expect(await countResidents()).toBe(before)
  })

  it('validates the contact form with translated messages and escapes what it echoes back', async () => {
    const { jar } = await loginWithCard(t, tenant, 'yamada-taro')
    const page = await t.app.inject({ method: 'GET', url: `/${tenant.slug}/mypage?lang=en`, headers: { cookie: jar.header() } })
    const bad = await t.app.inject({
      method: 'POST',
      url: `/${tenant.slug}/mypage/contact?lang=en`,
      headers: { cookie: jar.header() },
      payload: { _csrf: csrfFrom(page.body), email: 'nope', phone: '12', postalCode: '12-34', addressStreet: '<script>alert(1)</script>' },
    })
    expect(bad.statusCode).toBe(422)
    expect(bad.body).toContain('Enter an email address in the correct format')
    expect(bad.body).toContain('Enter a phone number')
    expect(bad.body).toContain('Enter a 7-digit postal code')
    expect(bad.body).not.toContain('<script>alert(1)</script>')
    const lookup = await t.app.inject({ method: 'POST', url: `/${tenant.slug}/mypage/contact`, headers: { cookie: jar.header() }, payload: { _csrf: csrfFrom(page.body), postalCode: '１００－０００１', postalLookup: '1' } })
    expect(lookup.statusCode).toBe(200)
    expect(lookup.body).toContain('value="千代田区"')
    const save = await t.app.inject({ method: 'POST', url: `/${tenant.slug}/mypage/contact`, headers: { cookie: jar.header() }, payload: { _csrf: csrfFrom(page.body), email: 'taro@example.jp', phone: '090-1234-5678', postalCode: '100-0001', addressPrefecture: '東京都', addressCity: '千代田区', addressTown: '千代田', addressStreet: '１−１' } })
    expect(save.statusCode).toBe(303)
    const stored = await withTenant(t.platform.database.db, tenant.id, trx => trx.selectFrom('residents').select(['postalCode', 'phone', 'addressStreet', 'email']).where('email', '=', 'taro@example.jp').executeTakeFirstOrThrow())
    expect(stored).toEqual({ postalCode: '1000001', phone: '09012345678', addressStreet: '1-1', email: 'taro@example.jp' })
  })

  it('switches language by link, keeps it in a cookie, and never redirects off-site', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/${tenant.slug}/language/en?return=${encodeURIComponent(`/${tenant.slug}/login`)}` })
    expect(res.statusCode).toBe(303)
    expect(res.headers.location).toBe(`/${tenant.slug}/login`)
    const cookie = [res.headers['set-cookie'] ?? []].flat().find(c => c.startsWith('yakuba_locale='))?.split(';')[0] ?? ''
    const page = await t.app.inject({ method: 'GET', url: `/${tenant.slug}/login`, headers: { cookie } })
    expect(page.body).toContain('<html lang="en"')
    expect(page.body).toContain('Log in with your My Number Card')
    for (const evil of ['//evil.example/', 'https://evil.example/', `/${tenant.slug}\\@evil.example`]) {
      const r = await t.app.inject({ method: 'GET', url: `/${tenant.slug}/language/ja?return=${encodeURIComponent(evil)}` })
      expect(r.headers.location).toBe(`/${tenant.slug}`)
    }
    const unknown = await t.app.inject({ method: 'GET', url: `/${tenant.slug}/language/xx` })
    expect(unknown.statusCode).toBe(404)
  })

  it('rate-limits the login endpoints with a translated 429', async () => {
    const limited = await createTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '3' })
    try {
      const town = await createTestTenant(limited.platform)
      const codes: number[] = []
      for (let i = 0; i < 5; i++) codes.push((await limited.app.inject({ method: 'POST', url: `/${town.slug}/staff/login`, payload: {} })).statusCode)
      expect(codes.slice(0, 3).every(c => c !== 429)).toBe(true)
      expect(codes.slice(3)).toEqual([429, 429])
      const last = await limited.app.inject({ method: 'POST', url: `/${town.slug}/staff/login`, payload: {}, headers: { 'accept-language': 'en' } })
      expect(last.body).toContain('too many requests')
    } finally {
      await limited.close()
    }
  })

  it('shows a friendly 500 page with a reference in every language, and problem+json for the API', async () => {
    const broken = await createTestApp({}, {
      beforeReady: app => {
        app.get('/:tenant/broken', { config: { auth: 'public' } }, async () => {
          throw new Error('database exploded with secret details')
        })
        app.get('/api/v1/broken', { config: { auth: 'public' } }, async () => {
          throw new Error('secret details')
        })
      },
    })
    try {
      const town = await createTestTenant(broken.platform)
      for (const [lang, text] of [['ja', '申し訳ありません'], ['ja-easy', 'ごめんなさい'], ['en', 'Sorry, try again later']]) {
        const res = await broken.app.inject({ method: 'GET', url: `/${town.slug}/broken?lang=${lang}` })
        expect(res.statusCode).toBe(500)
        expect(res.body).toContain(text)
        expect(res.body).toContain(String(res.headers['x-request-id']))
        expect(res.body).not.toContain('secret details')
      }
      const api = await broken.app.inject({ method: 'GET', url: '/api/v1/broken' })
      expect(api.statusCode).toBe(500)
      expect(api.json()).toMatchObject({ code: 'PLATFORM.INTERNAL', status: 500 })
      expect(api.body).not.toContain('secret details')
    } finally {
      await broken.close()
    }
  })

  it('serves health, readiness, metrics and the OpenAPI document', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' })
    expect((await t.app.inject({ method: 'GET', url: '/readyz' })).json()).toEqual({ status: 'ready' })
    const metrics = await t.app.inject({ method: 'GET', url: '/metrics' })
    expect(metrics.body).toContain('yakuba_http_request_duration_seconds')
    const openapi = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json()
    expect(openapi.openapi).toBe('3.1.0')
    expect(Object.keys(openapi.paths)).toContain('/api/v1/postal-codes/{code}')
  })
})
