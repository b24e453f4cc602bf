import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, csrfFrom, TEST_DB, type CookieJar, type TestApp } from '../../../../../test/app.js'
import { createTestStaff, createTestTenant, loginStaff } from '../../../../../test/factories.js'
import { withTenant } from '../../../../platform/db/tenant-context.js'
import { isAppError } from '../../../../platform/errors.js'
import type { TenantContext } from '../../../../platform/tenancy/tenant-service.js'
import { notificationsDb } from '../../notification-tables.js'
import { buildLineEvent, type FakeLine } from './fake-line.js'
import { DEV_LINE_CHANNEL_SECRET } from './line-credentials.js'
import { switchLineMenuMode } from './line-rich-menu-service.js'
import { mountedFakeLine } from './line-transport.js'
import { settleLineReplies } from './line-webhook-service.js'

describe(`LINE rich menus and account setup (${TEST_DB})`, () => {
  let t: TestApp
  let fake: FakeLine
  beforeAll(async () => {
    t = await createTestApp()
    fake = mountedFakeLine(t.app) as FakeLine
  })
  afterAll(async () => t?.close())

  const db = () => t.platform.database.db
  const page = (tenant: TenantContext) => `/${tenant.slug}/staff/notifications/line`

  async function staffOf(tenant: TenantContext, role: 'administrator' | 'outsourced_operator' = 'administrator') {
    return loginStaff(t, tenant, await createTestStaff(t.platform, tenant, role))
  }
  async function post(tenant: TenantContext, jar: CookieJar, suffix: string, fields: Record<string, string> = {}) {
    const form = await t.app.inject({ method: 'GET', url: page(tenant), headers: { cookie: jar.header() } })
    jar.store(form.headers['set-cookie'])
    return t.app.inject({ method: 'POST', url: `${page(tenant)}${suffix}`, headers: { cookie: jar.header() }, payload: { _csrf: csrfFrom(form.body), ...fields } })
  }
  const storedMenus = (tenant: TenantContext) =>
    withTenant(db(), tenant.id, async trx => Object.fromEntries((await notificationsDb(trx).selectFrom('lineRichMenus').select(['mode', 'richMenuId']).execute()).map(m => [m.mode, m.richMenuId])))
  const storedMode = (tenant: TenantContext) => withTenant(db(), tenant.id, async trx => (await notificationsDb(trx).selectFrom('notificationSettings').select('lineMenuMode').executeTakeFirst())?.lineMenuMode)

  it('shows the account page only to staff who manage notifications', async () => {
    const tenant = await createTestTenant(t.platform)
    const allowed = await t.app.inject({ method: 'GET', url: page(tenant), headers: { cookie: (await staffOf(tenant)).header() } })
    expect(allowed.statusCode).toBe(200)
    expect(allowed.body).toContain('開発用の疑似LINE')
    expect(allowed.body).toContain(`http://yakuba.test/api/v1/notifications/line/webhook/${tenant.slug}`)
    const refused = await t.app.inject({ method: 'GET', url: page(tenant), headers: { cookie: (await staffOf(tenant, 'outsourced_operator')).header() } })
    expect(refused.statusCode).toBe(403)
    expect((await t.app.inject({ method: 'GET', url: page(tenant) })).statusCode).toBe(303)
  })

  it('creates both rich menus with their images, stores them and shows the normal one to everyone', async () => {
    const tenant = await createTestTenant(t.platform)
    const jar = await staffOf(tenant)
    const response = await post(tenant, jar, '/rich-menus')
    expect(response.statusCode).toBe(303)
    expect(response.headers.location).toBe(`${page(tenant)}?done=menus`)
    const menus = await storedMenus(tenant)
    expect(Object.keys(menus).sort()).toEqual(['disaster', 'normal'])
    expect(fake.richMenus.get(menus.normal)?.menu).toMatchObject({ name: `yakuba:${tenant.slug}:normal`, size: { width: 2500, height: 1686 } })
    expect(fake.richMenus.get(menus.disaster)?.image?.contentType).toBe('image/png')
    expect(fake.defaultRichMenuId).toBe(menus.normal)
    const shown = await t.app.inject({ method: 'GET', url: `${page(tenant)}?done=menus`, headers: { cookie: jar.header() } })
    expect(shown.body).toContain(menus.disaster)
  })

  it('switches to the disaster menu through the API (the disaster module’s call) and records the mode', async () => {
    const tenant = await createTestTenant(t.platform)
    await post(tenant, await staffOf(tenant), '/rich-menus')
    const menus = await storedMenus(tenant)
    await switchLineMenuMode(t.platform, tenant.id, 'disaster')
    expect(fake.defaultRichMenuId).toBe(menus.disaster)
    expect(fake.richMenuCalls.at(-1)).toMatchObject({ action: 'set-default', richMenuId: menus.disaster })
    expect(await storedMode(tenant)).toBe('disaster')
    // a refresh during a disaster keeps showing the disaster menu
    await post(tenant, await staffOf(tenant), '/rich-menus')
    expect(fake.defaultRichMenuId).toBe((await storedMenus(tenant)).disaster)
  })

  it('still switches when LINE first answers 429, after backing off', async () => {
    const tenant = await createTestTenant(t.platform)
    await post(tenant, await staffOf(tenant), '/rich-menus')
    const menus = await storedMenus(tenant)
    fake.failNext(429)
    await switchLineMenuMode(t.platform, tenant.id, 'disaster', { backoffMs: 5 })
    expect(fake.defaultRichMenuId).toBe(menus.disaster)
    expect(await storedMode(tenant)).toBe('disaster')
  })

  it('reports a lasting LINE failure as a clear error and records nothing', async () => {
    const tenant = await createTestTenant(t.platform)
    await post(tenant, await staffOf(tenant), '/rich-menus')
    const menus = await storedMenus(tenant)
    fake.failNext(500, 5)
    const error = await switchLineMenuMode(t.platform, tenant.id, 'disaster', { backoffMs: 1 }).catch((e: unknown) => e)
    expect(isAppError(error) && error.code).toBe('NOTIFICATIONS.LINE_API_FAILED')
    expect(fake.defaultRichMenuId).toBe(menus.normal)
    expect((await storedMode(tenant)) ?? 'normal').toBe('normal')
  })

  it('removes the menus a refresh replaces', async () => {
    const tenant = await createTestTenant(t.platform)
    const jar = await staffOf(tenant)
    await post(tenant, jar, '/rich-menus')
    const first = await storedMenus(tenant)
    await post(tenant, jar, '/rich-menus')
    const second = await storedMenus(tenant)
    expect(second.normal).not.toBe(first.normal)
    expect(fake.richMenus.has(first.normal)).toBe(false)
    expect(fake.richMenus.has(first.disaster)).toBe(false)
    expect([...fake.richMenus.values()].filter(m => m.menu.name.startsWith(`yakuba:${tenant.slug}:`))).toHaveLength(2)
  })

  it('records the mode for a municipality whose menus do not exist yet, without failing', async () => {
    const tenant = await createTestTenant(t.platform)
    await switchLineMenuMode(t.platform, tenant.id, 'disaster')
    expect(await storedMode(tenant)).toBe('disaster')
  })

  it('lets staff switch the menu by hand, and refuses before the menus exist', async () => {
    const tenant = await createTestTenant(t.platform)
    const jar = await staffOf(tenant)
    const early = await post(tenant, jar, '/mode', { mode: 'disaster' })
    expect(early.statusCode).toBe(409)
    expect(early.body).toContain('リッチメニューがまだ作成されていません')
    await post(tenant, jar, '/rich-menus')
    expect((await post(tenant, jar, '/mode', { mode: 'disaster' })).headers.location).toBe(`${page(tenant)}?done=mode`)
    expect(fake.defaultRichMenuId).toBe((await storedMenus(tenant)).disaster)
  })

  it('stores the channel credentials encrypted, never shows or audits the secrets, and verifies webhooks with the new secret', async () => {
    const tenant = await createTestTenant(t.platform)
    const jar = await staffOf(tenant)
    const invalid = await post(tenant, jar, '/credentials', { channelId: '12', channelSecret: 'not-a-secret', accessToken: '' })
    expect(invalid.statusCode).toBe(422)
    expect(invalid.body).toContain('チャネルIDは10桁の数字で入力してください')
    expect(invalid.body).toContain('チャネルシークレットは32文字の英数字')
    expect(invalid.body).toContain('アクセストークンを入力してください')
    expect(invalid.body).not.toContain('not-a-secret')

    const secret = 'a1b2c3d4e5f60718293a4b5c6d7e8f90'
    const token = 'tenant-own-channel-access-token-0123456789'
    const saved = await post(tenant, jar, '/credentials', { channelId: '2000000001', channelSecret: secret, accessToken: token })
    expect(saved.statusCode).toBe(303)
    const row = await withTenant(db(), tenant.id, trx => notificationsDb(trx).selectFrom('notificationSettings').selectAll().executeTakeFirstOrThrow())
    expect(row.lineChannelId).toBe('2000000001')
    expect(row.lineChannelSecretEnc).toMatch(/^k1\./)
    expect(row.lineChannelSecretEnc).not.toContain(secret)
    const audit = await withTenant(db(), tenant.id, trx => trx.selectFrom('auditLog').select(['action', 'details']).where('action', '=', 'notifications.line-credentials-update').execute())
    expect(audit).toEqual([{ action: 'notifications.line-credentials-update', details: { fields: ['channelId', 'channelSecret', 'accessToken'] } }])
    expect(JSON.stringify(audit)).not.toContain(secret)
    const shown = await t.app.inject({ method: 'GET', url: page(tenant), headers: { cookie: jar.header() } })
    expect(shown.body).toContain('設定済み')
    expect(shown.body).not.toContain(secret)
    expect(shown.body).not.toContain(token)

    const userId = `U${'5'.repeat(32)}`
    const event = () => ({ destination: 'U0', events: [buildLineEvent({ type: 'follow', userId })] })
    const send = (signingSecret: string) => {
      const { rawBody, headers } = fake.buildWebhook(event(), signingSecret)
      return t.app.inject({ method: 'POST', url: `/api/v1/notifications/line/webhook/${tenant.slug}`, headers, payload: rawBody })
    }
    expect((await send(DEV_LINE_CHANNEL_SECRET)).statusCode).toBe(401)
    expect((await send(secret)).statusCode).toBe(200)
    await settleLineReplies(t.platform)
    // the development fake accepts the municipality's own token too: the welcome went out with it
    expect(fake.received.filter(r => r.endpoint === 'reply' && r.to[0] === userId)).toHaveLength(1)

    // blank secret fields keep what is stored
    expect((await post(tenant, jar, '/credentials', { channelId: '2000000002', channelSecret: '', accessToken: '' })).statusCode).toBe(303)
    expect((await send(secret)).statusCode).toBe(200)
  })
})
