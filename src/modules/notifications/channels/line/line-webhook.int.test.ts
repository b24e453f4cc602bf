import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CookieJar, createTestApp, csrfFrom, TEST_DB, type TestApp } from '../../../../../test/app.js'
import { createTestTenant } from '../../../../../test/factories.js'
import { withTenant } from '../../../../platform/db/tenant-context.js'
import type { TenantContext } from '../../../../platform/tenancy/tenant-service.js'
import { notificationsDb } from '../../notification-tables.js'
import { buildLineEvent, type FakeLine } from './fake-line.js'
import { DEV_LINE_ACCESS_TOKEN, DEV_LINE_CHANNEL_SECRET } from './line-credentials.js'
import { createTenantLineClient, mountedFakeLine } from './line-transport.js'
import { DEV_LINE_USERS } from './fake-line-login.js'
import { settleLineReplies } from './line-webhook-service.js'

const lineUser = () => `U${randomBytes(16).toString('hex')}`

describe(`LINE webhook (${TEST_DB})`, () => {
  let t: TestApp
  let fake: FakeLine
  beforeAll(async () => {
    t = await createTestApp()
    fake = mountedFakeLine(t.app) as FakeLine
  })
  afterAll(async () => t?.close())

  const url = (tenant: TenantContext) => `/api/v1/notifications/line/webhook/${tenant.slug}`
  async function deliver(tenant: TenantContext, events: Record<string, unknown>[], secret = DEV_LINE_CHANNEL_SECRET) {
    const { rawBody, headers } = fake.buildWebhook({ destination: 'U0000000000000000000000000000b07', events }, secret)
    const response = await t.app.inject({ method: 'POST', url: url(tenant), headers, payload: rawBody })
    await settleLineReplies(t.platform)
    return response
  }
  const repliesTo = (userId: string) => fake.received.filter(r => r.endpoint === 'reply' && r.to[0] === userId).flatMap(r => r.messages.map(m => String(m.text)))
  const db = () => t.platform.database.db

  async function createLinkedResident(tenant: TenantContext, userId: string, locale: 'ja' | 'en' = 'ja') {
    return withTenant(db(), tenant.id, async trx => {
      const resident = await trx.insertInto('residents').values({ tenantId: tenant.id, displayName: 'LINE 住民', locale }).returning('id').executeTakeFirstOrThrow()
      await trx.insertInto('residentIdentities').values({ tenantId: tenant.id, residentId: resident.id, provider: 'line', subject: userId, assurance: 'low' }).execute()
      await notificationsDb(trx).insertInto('residentChannels').values({ tenantId: tenant.id, residentId: resident.id, channel: 'line', address: userId, verifiedAt: new Date() }).execute()
      return resident.id
    })
  }
  const lineChannels = (tenant: TenantContext, residentId: string) =>
    withTenant(db(), tenant.id, trx => notificationsDb(trx).selectFrom('residentChannels').select(['address', 'removedAt', 'removedReason']).where('residentId', '=', residentId).where('channel', '=', 'line').execute())
  const follower = (tenant: TenantContext, userId: string) =>
    withTenant(db(), tenant.id, trx => notificationsDb(trx).selectFrom('lineFollowers').selectAll().where('lineUserId', '=', userId).executeTakeFirst())

  it('accepts a signed delivery, records the follow and welcomes the stranger with the link page', async () => {
    const tenant = await createTestTenant(t.platform)
    const userId = lineUser()
    const response = await deliver(tenant, [buildLineEvent({ type: 'follow', userId })])
    expect(response.statusCode).toBe(200)
    expect(response.json()).toEqual({ received: 1, handled: 1, duplicates: 0 })
    expect(await follower(tenant, userId)).toMatchObject({ isFollowing: true, residentId: null })
    const [welcome] = repliesTo(userId)
    expect(welcome).toContain('テスト市のLINE公式アカウントです')
    expect(welcome).toContain(`http://yakuba.test/${tenant.slug}/notifications/line`)
  })

  it('refuses a wrong signature with 401 problem+json and changes nothing', async () => {
    const tenant = await createTestTenant(t.platform)
    const userId = lineUser()
    const response = await deliver(tenant, [buildLineEvent({ type: 'follow', userId })], 'another-channel-secret')
    expect(response.statusCode).toBe(401)
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/)
    expect(response.json()).toMatchObject({ code: 'NOTIFICATIONS.LINE_BAD_SIGNATURE', status: 401 })
    expect(await follower(tenant, userId)).toBeUndefined()
    expect(repliesTo(userId)).toEqual([])
  })

  it('refuses an unsigned body with 401, whatever its content type', async () => {
    const tenant = await createTestTenant(t.platform)
    const response = await t.app.inject({ method: 'POST', url: url(tenant), headers: { 'content-type': 'text/plain' }, payload: 'hello' })
    expect(response.statusCode).toBe(401)
  })

  it('answers a signed but malformed body with 400 problem+json', async () => {
    const tenant = await createTestTenant(t.platform)
    for (const body of ['{not json', '{"destination":"U0","events":[{"type":"follow"}]}']) {
      const { rawBody, headers } = fake.buildWebhook(body, DEV_LINE_CHANNEL_SECRET)
      const response = await t.app.inject({ method: 'POST', url: url(tenant), headers, payload: rawBody })
      expect(response.statusCode).toBe(400)
      expect(response.json()).toMatchObject({ code: 'NOTIFICATIONS.LINE_MALFORMED_WEBHOOK' })
    }
  })

  it('answers an unknown municipality with 404', async () => {
    const { rawBody, headers } = fake.buildWebhook({ destination: 'U0', events: [] }, DEV_LINE_CHANNEL_SECRET)
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/notifications/line/webhook/no-such-town', headers, payload: rawBody })
    expect(response.statusCode).toBe(404)
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/)
  })

  it('accepts the console’s verification delivery with no events', async () => {
    const tenant = await createTestTenant(t.platform)
    expect((await deliver(tenant, [])).statusCode).toBe(200)
  })

  it('handles a replayed event once and still answers 200', async () => {
    const tenant = await createTestTenant(t.platform)
    const userId = lineUser()
    const event = buildLineEvent({ type: 'message', userId, text: 'ごみの日' })
    expect((await deliver(tenant, [event])).json()).toEqual({ received: 1, handled: 1, duplicates: 0 })
    const redelivered = { ...event, deliveryContext: { isRedelivery: true } }
    const again = await deliver(tenant, [redelivered])
    expect(again.statusCode).toBe(200)
    expect(again.json()).toEqual({ received: 1, handled: 0, duplicates: 1 })
    expect(repliesTo(userId)).toHaveLength(1)
    const rows = await withTenant(db(), tenant.id, trx => notificationsDb(trx).selectFrom('lineWebhookEvents').selectAll().execute())
    expect(rows.map(r => [r.webhookEventId, r.eventType])).toEqual([[event.webhookEventId, 'message']])
  })

  it('answers a garbage question with the garbage calendar page, and stores nothing of the message', async () => {
    const tenant = await createTestTenant(t.platform)
    const userId = lineUser()
    await deliver(tenant, [buildLineEvent({ type: 'message', userId, text: '粗大ごみの出し方を教えて' })])
    expect(repliesTo(userId)).toEqual([`ごみの収集日と分け方はこちらです。\nhttp://yakuba.test/${tenant.slug}/garbage`])
    await deliver(tenant, [buildLineEvent({ type: 'message', userId, text: 'hello?' })])
    expect(repliesTo(userId)[1]).toMatch(/^This account answers automatically/)
    const stored = await t.platform.database.ownerPool.query<{ n: number }>(`SELECT count(*)::int AS n FROM line_webhook_events WHERE event_type LIKE '%ごみ%'`)
    expect(stored.rows[0].n).toBe(0)
  })

  it('answers the link and settings postbacks', async () => {
    const tenant = await createTestTenant(t.platform)
    const userId = lineUser()
    await deliver(tenant, [buildLineEvent({ type: 'postback', userId, data: 'action=settings' }), buildLineEvent({ type: 'postback', userId, data: 'action=link' })])
    expect(repliesTo(userId)).toEqual([
      `お知らせの受け取り方は、こちらで変えられます。\nhttp://yakuba.test/${tenant.slug}/notifications/settings`,
      `住民アカウントとLINEの連携はこちらです。\nhttp://yakuba.test/${tenant.slug}/notifications/line`,
    ])
  })

  it('removes a linked resident’s LINE channel on unfollow, so nothing goes to a blocked account', async () => {
    const tenant = await createTestTenant(t.platform)
    const userId = lineUser()
    const residentId = await createLinkedResident(tenant, userId)
    await deliver(tenant, [buildLineEvent({ type: 'follow', userId })])
    expect((await deliver(tenant, [buildLineEvent({ type: 'unfollow', userId })])).statusCode).toBe(200)
    expect(await lineChannels(tenant, residentId)).toEqual([{ address: userId, removedAt: expect.any(Date) as unknown, removedReason: 'line-unfollow' }])
    expect(await follower(tenant, userId)).toMatchObject({ isFollowing: false, unfollowedAt: expect.any(Date) as unknown })
  })

  it('brings the channel back and welcomes the resident back in their language when they follow again', async () => {
    const tenant = await createTestTenant(t.platform)
    const userId = lineUser()
    const residentId = await createLinkedResident(tenant, userId, 'en')
    await deliver(tenant, [buildLineEvent({ type: 'unfollow', userId })])
    await deliver(tenant, [buildLineEvent({ type: 'follow', userId, isUnblocked: true })])
    expect(await lineChannels(tenant, residentId)).toEqual([{ address: userId, removedAt: null, removedReason: null }])
    expect(repliesTo(userId)[0]).toMatch(/^Welcome back\. Notices from Test City will reach you on LINE again\./)
  })

  it('does not bring back a channel the resident removed themselves', async () => {
    const tenant = await createTestTenant(t.platform)
    const userId = lineUser()
    const residentId = await createLinkedResident(tenant, userId)
    await withTenant(db(), tenant.id, trx => notificationsDb(trx).updateTable('residentChannels').set({ removedAt: new Date(), removedReason: 'resident' }).where('residentId', '=', residentId).execute())
    await deliver(tenant, [buildLineEvent({ type: 'follow', userId })])
    expect(await lineChannels(tenant, residentId)).toMatchObject([{ removedReason: 'resident' }])
  })

  it('ignores events it does not act on, from groups and in standby, without failing the delivery', async () => {
    const tenant = await createTestTenant(t.platform)
    const userId = lineUser()
    const standby = { ...buildLineEvent({ type: 'message', userId, text: 'ごみ' }), mode: 'standby' }
    const group = { ...buildLineEvent({ type: 'message', userId, text: 'ごみ' }), source: { type: 'group', groupId: `C${'0'.repeat(32)}`, userId } }
    const unknown = { type: 'beacon', webhookEventId: '01J00000000000000000000BCN', deliveryContext: { isRedelivery: false }, timestamp: 1, mode: 'active', source: { type: 'user', userId }, beacon: { hwid: 'd41d8cd98f', type: 'enter' } }
    const response = await deliver(tenant, [standby, group, unknown])
    expect(response.json()).toEqual({ received: 3, handled: 3, duplicates: 0 })
    expect(repliesTo(userId)).toEqual([])
    expect(repliesTo(`C${'0'.repeat(32)}`)).toEqual([])
  })

  it('serves the Messaging API at /dev-line over HTTP, and the app’s own clients reach that same fake in-process', async () => {
    const overHttp = lineUser()
    const http = await t.app.inject({
      method: 'POST',
      url: '/dev-line/v2/bot/message/push',
      headers: { authorization: `Bearer ${DEV_LINE_ACCESS_TOKEN}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ to: overHttp, messages: [{ type: 'text', text: 'テスト' }] }),
    })
    expect(http.statusCode).toBe(200)
    expect(http.headers['x-line-request-id']).toBeTruthy()
    const unauthorised = await t.app.inject({ method: 'POST', url: '/dev-line/v2/bot/message/push', headers: { 'content-type': 'application/json' }, payload: '{}' })
    expect(unauthorised.statusCode).toBe(401)
    const inProcess = lineUser()
    const outcome = await createTenantLineClient(t.platform, { accessToken: DEV_LINE_ACCESS_TOKEN }).multicast([inProcess], [{ type: 'text', text: 'お知らせ' }], `test-${inProcess}`)
    expect(outcome.map(o => o.status)).toEqual(['accepted'])
    expect(fake.received.filter(r => r.to.includes(overHttp) || r.to.includes(inProcess)).map(r => r.endpoint)).toEqual(['push', 'multicast'])
  })

  it('lets a developer send a signed follow from the /dev-line viewer and see the welcome it got', async () => {
    const tenant = await createTestTenant(t.platform)
    const jar = new CookieJar()
    const viewer = await t.app.inject({ method: 'GET', url: '/dev-line' })
    expect(viewer.statusCode).toBe(200)
    jar.store(viewer.headers['set-cookie'])
    const user = DEV_LINE_USERS[1].userId
    const sent = await t.app.inject({ method: 'POST', url: '/dev-line/webhooks', headers: { cookie: jar.header() }, payload: { _csrf: csrfFrom(viewer.body), tenant: tenant.slug, user, type: 'follow', text: '', data: '' } })
    expect(sent.statusCode).toBe(303)
    expect(sent.headers.location).toBe('/dev-line?sent=200')
    expect(await follower(tenant, user)).toMatchObject({ isFollowing: true })
    const after = await t.app.inject({ method: 'GET', url: '/dev-line?sent=200' })
    expect(after.body).toContain('Webhookを送りました。応答: 200')
    expect(after.body).toContain('テスト市のLINE公式アカウントです')
  })
})
