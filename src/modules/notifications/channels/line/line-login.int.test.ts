import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, csrfFrom, TEST_DB, type CookieJar, type TestApp } from '../../../../../test/app.js'
import { createTestTenant } from '../../../../../test/factories.js'
import { loginWithEmail, pathOf } from '../../../../../test/resident-login.js'
import { withTenant } from '../../../../platform/db/tenant-context.js'
import type { TenantContext } from '../../../../platform/tenancy/tenant-service.js'
import { notificationsDb } from '../../notification-tables.js'
import { DEV_LINE_USERS } from './fake-line-login.js'

const [hanako, taro] = DEV_LINE_USERS

function unescapeHtml(value: string): string {
  return value.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')
}

describe(`LINE Login linking through the fake LINE (${TEST_DB})`, () => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp()
  })
  afterAll(async () => t?.close())

  const db = () => t.platform.database.db
  const get = (url: string, jar: CookieJar) => t.app.inject({ method: 'GET', url, headers: { cookie: jar.header() } })

  async function resident(tenant: TenantContext) {
    const { jar } = await loginWithEmail(t, tenant, `line-${randomBytes(4).toString('hex')}@example.jp`)
    return jar
  }

  /** Starts a link; returns LINE's authorization URL (path) and the consent page. */
  async function startLink(tenant: TenantContext, jar: CookieJar) {
    const start = await get(`/${tenant.slug}/notifications/line/link`, jar)
    expect(start.statusCode).toBe(303)
    jar.store(start.headers['set-cookie'])
    const authorizeUrl = String(start.headers.location)
    expect(authorizeUrl.startsWith('http://yakuba.test/dev-line/oauth2/v2.1/authorize?')).toBe(true)
    const consent = await t.app.inject({ method: 'GET', url: pathOf(authorizeUrl) })
    expect(consent.statusCode).toBe(200)
    return { authorizeUrl, consent: consent.body }
  }

  /** Presses 許可する for a development user on the consent form (a real form post), returns the callback path. */
  async function allow(consentHtml: string, userId: string, addFriend: boolean, extra: Record<string, string> = {}) {
    const action = /<form method="post" action="([^"]+)"/.exec(consentHtml)?.[1]
    expect(action).toBe('/dev-line/oauth2/v2.1/authorize')
    const fields = new URLSearchParams()
    for (const [, name, value] of consentHtml.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"\/?>/g)) fields.set(name, unescapeHtml(value))
    expect(consentHtml).toContain(`name="user" value="${userId}"`)
    fields.set('user', userId)
    if (addFriend) fields.set('add_friend', '1')
    for (const [k, v] of Object.entries(extra)) fields.set(k, v)
    const answer = await t.app.inject({ method: 'POST', url: action ?? '', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: fields.toString() })
    expect(answer.statusCode).toBe(303)
    return pathOf(String(answer.headers.location))
  }

  async function linkWithLine(tenant: TenantContext, jar: CookieJar, userId: string, addFriend = true) {
    const { consent } = await startLink(tenant, jar)
    const callbackPath = await allow(consent, userId, addFriend)
    expect(callbackPath.startsWith(`/${tenant.slug}/notifications/line/callback?code=`)).toBe(true)
    const callback = await get(callbackPath, jar)
    jar.store(callback.headers['set-cookie'])
    return { callback, callbackPath }
  }

  const linkRows = (tenant: TenantContext) =>
    withTenant(db(), tenant.id, async trx => ({
      identities: await trx.selectFrom('residentIdentities').select(['residentId', 'subject', 'assurance']).where('provider', '=', 'line').execute(),
      channels: await notificationsDb(trx).selectFrom('residentChannels').select(['residentId', 'address', 'verifiedAt', 'removedAt', 'removedReason']).where('channel', '=', 'line').orderBy('createdAt').execute(),
      followers: await notificationsDb(trx).selectFrom('lineFollowers').select(['lineUserId', 'isFollowing', 'residentId']).execute(),
      audit: await trx.selectFrom('auditLog').select(['action', 'actorType']).where('action', 'like', 'notifications.line-%').orderBy('seq').execute(),
    }))

  it('links a LINE user to the logged-in resident: consent form → callback → identity and verified LINE channel', async () => {
    const tenant = await createTestTenant(t.platform)
    const jar = await resident(tenant)
    const before = await get(`/${tenant.slug}/notifications/line`, jar)
    expect(before.statusCode).toBe(200)
    expect(before.body).toContain(`href="/${tenant.slug}/notifications/line/link"`)

    const { callback } = await linkWithLine(tenant, jar, hanako.userId)
    expect(callback.statusCode).toBe(303)
    expect(callback.headers.location).toBe(`/${tenant.slug}/notifications/line?done=linked`)
    const rows = await linkRows(tenant)
    expect(rows.identities).toEqual([{ residentId: expect.any(String) as unknown, subject: hanako.userId, assurance: 'low' }])
    expect(rows.channels).toEqual([{ residentId: rows.identities[0].residentId, address: hanako.userId, verifiedAt: expect.any(Date) as unknown, removedAt: null, removedReason: null }])
    expect(rows.followers).toEqual([{ lineUserId: hanako.userId, isFollowing: true, residentId: rows.identities[0].residentId }])
    expect(rows.audit).toEqual([{ action: 'notifications.line-link', actorType: 'resident' }])

    const page = await get(`/${tenant.slug}/notifications/line?done=linked`, jar)
    expect(page.body).toContain('LINEと連携しました。')
    expect(page.body).toContain('公式アカウントを友だち追加しています。')
  })

  it('links an account that is not a friend of the official account, and asks them to add it', async () => {
    const tenant = await createTestTenant(t.platform)
    const jar = await resident(tenant)
    const { callback } = await linkWithLine(tenant, jar, DEV_LINE_USERS[2].userId, false)
    expect(callback.statusCode).toBe(303)
    const rows = await linkRows(tenant)
    expect(rows.channels).toHaveLength(1)
    expect(rows.followers).toMatchObject([{ isFollowing: false }])
    const page = await get(`/${tenant.slug}/notifications/line`, jar)
    expect(page.body).toContain('まだ公式アカウントを友だち追加していません。')
    expect(page.body).toContain('href="https://line.me/R/ti/p/%40yakubadev"')
  })

  it('refuses a callback whose state is not this browser’s attempt with 400, linking nothing', async () => {
    const tenant = await createTestTenant(t.platform)
    const jar = await resident(tenant)
    const { consent } = await startLink(tenant, jar)
    const callbackPath = await allow(consent, hanako.userId, true)
    const forged = callbackPath.replace(/state=[^&]+/, 'state=forged-state')
    const callback = await get(forged, jar)
    jar.store(callback.headers['set-cookie'])
    expect(callback.statusCode).toBe(400)
    expect(callback.body).toContain('LINEと連携できませんでした')
    expect(callback.body).toContain('画面の有効期限が切れたか')
    expect((await linkRows(tenant)).identities).toEqual([])
    // the attempt is spent: the real callback afterwards is refused too
    expect((await get(callbackPath, jar)).statusCode).toBe(400)
  })

  it('refuses a code used a second time (LINE answers invalid_grant)', async () => {
    const tenant = await createTestTenant(t.platform)
    const jar = await resident(tenant)
    const { callbackPath } = await linkWithLine(tenant, jar, hanako.userId)
    const oldCode = new URLSearchParams(callbackPath.split('?')[1]).get('code') ?? ''
    // A fresh attempt (so the state matches) replaying the first attempt's code.
    const { authorizeUrl } = await startLink(tenant, jar)
    const state = new URL(authorizeUrl).searchParams.get('state') ?? ''
    const replay = await get(`/${tenant.slug}/notifications/line/callback?code=${encodeURIComponent(oldCode)}&state=${encodeURIComponent(state)}`, jar)
    expect(replay.statusCode).toBe(400)
    expect(replay.body).toContain('LINEでの確認が完了しませんでした')
  })

  it('refuses a LINE user already linked to another resident with a clear 409 page, never moving the link', async () => {
    const tenant = await createTestTenant(t.platform)
    const first = await resident(tenant)
    await linkWithLine(tenant, first, taro.userId)
    const second = await resident(tenant)
    const { callback } = await linkWithLine(tenant, second, taro.userId)
    expect(callback.statusCode).toBe(409)
    expect(callback.body).toContain('このLINEアカウントは、すでに別の住民アカウントと連携しています。')
    const rows = await linkRows(tenant)
    expect(rows.identities).toHaveLength(1)
    expect(rows.channels).toHaveLength(1)
    expect(rows.channels[0].residentId).toBe(rows.identities[0].residentId)
  })

  it('lets the same LINE user link in another municipality (links are per municipality)', async () => {
    const one = await createTestTenant(t.platform)
    const other = await createTestTenant(t.platform)
    await linkWithLine(one, await resident(one), taro.userId)
    const { callback } = await linkWithLine(other, await resident(other), taro.userId)
    expect(callback.statusCode).toBe(303)
  })

  it('comes back to the page with a notice when the resident cancels on LINE', async () => {
    const tenant = await createTestTenant(t.platform)
    const jar = await resident(tenant)
    const { consent } = await startLink(tenant, jar)
    const fields = new URLSearchParams()
    for (const [, name, value] of consent.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"\/?>/g)) fields.set(name, unescapeHtml(value))
    fields.set('decision', 'cancel')
    const cancelled = await t.app.inject({ method: 'POST', url: '/dev-line/oauth2/v2.1/authorize', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: fields.toString() })
    const callback = await get(pathOf(String(cancelled.headers.location)), jar)
    expect(callback.statusCode).toBe(303)
    expect(callback.headers.location).toBe(`/${tenant.slug}/notifications/line?done=cancelled`)
    expect((await linkRows(tenant)).identities).toEqual([])
  })

  it('unlinks: the identity goes, the channel is kept as removed by the resident, and it is audited', async () => {
    const tenant = await createTestTenant(t.platform)
    const jar = await resident(tenant)
    await linkWithLine(tenant, jar, hanako.userId)
    const page = await get(`/${tenant.slug}/notifications/line`, jar)
    jar.store(page.headers['set-cookie'])
    const unlink = await t.app.inject({ method: 'POST', url: `/${tenant.slug}/notifications/line/unlink`, headers: { cookie: jar.header() }, payload: { _csrf: csrfFrom(page.body) } })
    expect(unlink.statusCode).toBe(303)
    const rows = await linkRows(tenant)
    expect(rows.identities).toEqual([])
    expect(rows.channels).toMatchObject([{ removedReason: 'resident' }])
    expect(rows.followers).toMatchObject([{ residentId: null }])
    expect(rows.audit.map(a => a.action)).toEqual(['notifications.line-link', 'notifications.line-unlink'])
    // and the same LINE user may then be linked by someone else
    const { callback } = await linkWithLine(tenant, await resident(tenant), hanako.userId)
    expect(callback.statusCode).toBe(303)
  })

  it('sends a visitor who is not logged in to the login page first', async () => {
    const tenant = await createTestTenant(t.platform)
    const response = await t.app.inject({ method: 'GET', url: `/${tenant.slug}/notifications/line/link` })
    expect(response.statusCode).toBe(303)
    expect(response.headers.location).toBe(`/${tenant.slug}/login?return=${encodeURIComponent(`/${tenant.slug}/notifications/line/link`)}`)
  })
})
