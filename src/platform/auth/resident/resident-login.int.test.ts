import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, CookieJar, csrfFrom, TEST_DB, type TestApp } from '../../../../test/app.js'
import { createTestTenant } from '../../../../test/factories.js'
import { loginWithCard } from '../../../../test/resident-login.js'
import { withTenant } from '../../db/tenant-context.js'
import type { TenantContext } from '../../tenancy/tenant-service.js'

describe(`resident login (${TEST_DB})`, () => {
  let t: TestApp
  let tenant: TenantContext
  beforeAll(async () => {
    t = await createTestApp()
    tenant = await createTestTenant(t.platform)
  })
  afterAll(async () => t?.close())

  it('logs a resident in with a test card and fills their 基本4情報, including 𠮷', async () => {
    const { jar, callback } = await loginWithCard(t, tenant, 'yoshida-hanako')
    expect(callback.statusCode).toBe(303)
    expect(callback.headers.location).toBe(`/${tenant.slug}/mypage`)
    const mypage = await t.app.inject({ method: 'GET', url: `/${tenant.slug}/mypage`, headers: { cookie: jar.header() } })
    expect(mypage.statusCode).toBe(200)
    expect(mypage.body).toContain('𠮷田')
    const stored = await withTenant(t.platform.database.db, tenant.id, trx => trx.selectFrom('residentBasicInfo').selectAll().where('tenantId', '=', tenant.id).execute())
    expect(stored.some(r => r.name.startsWith('𠮷田') && r.provider === 'digital-auth-app' && r.verifiedAt instanceof Date)).toBe(true)
  })

  it('sends a welcome message to the new resident inbox through the job queue', async () => {
    const { jar } = await loginWithCard(t, tenant, 'sato-kenichi')
    await t.platform.jobs.startWorkers()
    await t.platform.jobs.drain()
    const inbox = await t.app.inject({ method: 'GET', url: `/${tenant.slug}/inbox`, headers: { cookie: jar.header() } })
    expect(inbox.statusCode).toBe(200)
    expect(inbox.body).toContain('ようこそ')
  })

  it('rejects a callback whose state was never issued, without a 5xx', async () => {
    const { callbackUrl, jar } = await loginWithCard(t, tenant, 'yamada-taro')
    const forged = callbackUrl.replace(/state=[^&]+/, 'state=forged-state-value')
    const started = await t.app.inject({ method: 'GET', url: `/${tenant.slug}/login`, headers: { cookie: jar.header() } })
    expect(started.statusCode).toBe(200)
    const res = await t.app.inject({ method: 'GET', url: forged, headers: { cookie: `yakuba_oidc=${tenant.slug}.whatever` } })
    expect(res.statusCode).toBe(401)
    expect(res.body).toContain('マイナンバーカードでのログインを完了できませんでした')
  })

  it('refuses to replay a callback (one use only)', async () => {
    const first = await loginWithCard(t, tenant, 'yamada-taro')
    expect(first.callback.statusCode).toBe(303)
    const replay = await t.app.inject({ method: 'GET', url: first.callbackUrl, headers: { cookie: first.jar.header() } })
    expect(replay.statusCode).toBe(401)
  })

  it('logs out and ends the session', async () => {
    const { jar } = await loginWithCard(t, tenant, 'yamada-taro')
    const mypage = await t.app.inject({ method: 'GET', url: `/${tenant.slug}/mypage`, headers: { cookie: jar.header() } })
    const sessionCookie = jar.get('yakuba_resident')
    const logout = await t.app.inject({ method: 'POST', url: `/${tenant.slug}/logout`, headers: { cookie: jar.header() }, payload: { _csrf: csrfFrom(mypage.body) } })
    expect(logout.statusCode).toBe(303)
    const after = await t.app.inject({ method: 'GET', url: `/${tenant.slug}/mypage`, headers: { cookie: `yakuba_resident=${sessionCookie}` } })
    expect(after.statusCode).toBe(303)
    expect(after.headers.location).toContain(`/${tenant.slug}/login`)
  })

  it('logs in by email magic link once, and never twice with the same link', async () => {
    const jar = new CookieJar()
    const page = await t.app.inject({ method: 'GET', url: `/${tenant.slug}/login` })
    jar.store(page.headers['set-cookie'])
    const request = await t.app.inject({ method: 'POST', url: `/${tenant.slug}/login/email`, headers: { cookie: jar.header() }, payload: { _csrf: csrfFrom(page.body), email: 'Resident@Example.JP' } })
    expect(request.statusCode).toBe(303)
    await t.platform.jobs.startWorkers()
    await t.platform.jobs.drain()
    const mail = await withTenant(t.platform.database.db, tenant.id, trx => trx.selectFrom('mailLog').selectAll().where('toAddress', '=', 'resident@example.jp').executeTakeFirstOrThrow())
    expect(mail.status).toBe('sent')
    const mailbox = await t.app.inject({ method: 'GET', url: `/${tenant.slug}/dev/mail` })
    const token = /verify\?token=([A-Za-z0-9_-]+)/.exec(mailbox.body)?.[1]
    expect(token).toBeDefined()
    const confirm = await t.app.inject({ method: 'GET', url: `/${tenant.slug}/login/email/verify?token=${token}`, headers: { cookie: jar.header() } })
    const consume = await t.app.inject({ method: 'POST', url: `/${tenant.slug}/login/email/verify`, headers: { cookie: jar.header() }, payload: { _csrf: csrfFrom(confirm.body), token } })
    expect(consume.statusCode).toBe(303)
    const again = await t.app.inject({ method: 'POST', url: `/${tenant.slug}/login/email/verify`, headers: { cookie: jar.header() }, payload: { _csrf: csrfFrom(confirm.body), token } })
    expect(again.statusCode).toBe(401)
    expect(again.body).toContain('すでに使われたリンク')
  })

  it('never logs a resident into an account whose unverified contact address they were given', async () => {
    // The attacker logs in with a card and types the victim's address as their contact email.
    const attacker = await loginWithCard(t, tenant, 'takahashi-yoshi')
    const page = await t.app.inject({ method: 'GET', url: `/${tenant.slug}/mypage`, headers: { cookie: attacker.jar.header() } })
    const saved = await t.app.inject({ method: 'POST', url: `/${tenant.slug}/mypage/contact`, headers: { cookie: attacker.jar.header() }, payload: { _csrf: csrfFrom(page.body), email: 'victim@example.jp' } })
    expect(saved.statusCode).toBe(303)
    // The victim logs in by magic link and must land in a new account of their own.
    const jar = new CookieJar()
    const login = await t.app.inject({ method: 'GET', url: `/${tenant.slug}/login` })
    jar.store(login.headers['set-cookie'])
    await t.app.inject({ method: 'POST', url: `/${tenant.slug}/login/email`, headers: { cookie: jar.header() }, payload: { _csrf: csrfFrom(login.body), email: 'victim@example.jp' } })
    await t.platform.jobs.startWorkers()
    await t.platform.jobs.drain()
    const mailbox = await t.app.inject({ method: 'GET', url: `/${tenant.slug}/dev/mail` })
    const token = /victim@example\.jp[\s\S]*?verify\?token=([A-Za-z0-9_-]+)/.exec(mailbox.body)?.[1] ?? /verify\?token=([A-Za-z0-9_-]+)/.exec(mailbox.body)?.[1]
    const consume = await t.app.inject({ method: 'POST', url: `/${tenant.slug}/login/email/verify`, headers: { cookie: jar.header() }, payload: { _csrf: csrfFrom(login.body), token } })
    expect(consume.statusCode).toBe(303)
    jar.store(consume.headers['set-cookie'])
    const victimPage = await t.app.inject({ method: 'GET', url: `/${tenant.slug}/mypage`, headers: { cookie: jar.header() } })
    expect(victimPage.statusCode).toBe(200)
    expect(victimPage.body).not.toContain('髙橋')
    expect(victimPage.body).toContain('まだマイナンバーカードで本人確認をしていません')
  })

  it('falls back to a safe page for a return path with characters a Location header cannot carry', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/${tenant.slug}/language/en?return=${encodeURIComponent(`/${tenant.slug}/日本`)}` })
    expect(res.statusCode).toBe(303)
    expect(res.headers.location).toBe(`/${tenant.slug}`)
  })

  it('re-renders the email form with a translated error for a bad address', async () => {
    const page = await t.app.inject({ method: 'GET', url: `/${tenant.slug}/login?lang=en` })
    const jar = new CookieJar()
    jar.store(page.headers['set-cookie'])
    const res = await t.app.inject({ method: 'POST', url: `/${tenant.slug}/login/email?lang=en`, headers: { cookie: jar.header() }, payload: { _csrf: csrfFrom(page.body), email: '<script>alert(1)</script>' } })
    expect(res.statusCode).toBe(422)
    expect(res.body).toContain('Enter an email address in the correct format')
    expect(res.body).not.toContain('<script>alert(1)</script>')
  })
})
