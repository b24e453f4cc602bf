import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, TEST_DB, type TestApp } from '../../../../../test/app.js'
import { fakeSmsOf } from './fake-sms-routes.js'
import { fakePushOf } from '../push/fake-push-routes.js'
import { resolveVapidKeys, sendWebPush } from '../push/push-sender.js'
import { createSmsClient } from './sms-client.js'

describe(`development fakes of the SMS provider and the push service (${TEST_DB})`, () => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp()
  })
  afterAll(async () => t?.close())

  const sms = (headers: Record<string, string>, body: unknown) =>
    t.app.inject({ method: 'POST', url: '/dev-sms/v1/messages', headers: { 'content-type': 'application/json', ...headers }, payload: JSON.stringify(body) })

  it('serves the SMS API over HTTP: refuses a wrong key, replays an Idempotency-Key, lists messages on /dev-sms', async () => {
    const auth = { authorization: `Bearer ${t.config.smsApiKey}` }
    expect((await sms({ authorization: 'Bearer wrong' }, { to: '+819012345678', from: 'YAKUBA', text: 'x' })).statusCode).toBe(401)
    const first = await sms({ ...auth, 'idempotency-key': 'dev-1' }, { to: '+819012345678', from: 'YAKUBA', text: '【テスト市】燃えるごみは明日です' })
    expect(first.statusCode).toBe(202)
    const again = await sms({ ...auth, 'idempotency-key': 'dev-1' }, { to: '+819012345678', from: 'YAKUBA', text: '【テスト市】燃えるごみは明日です' })
    expect(again.json()).toEqual(first.json())
    expect(again.headers['idempotent-replayed']).toBe('true')
    expect(fakeSmsOf(t.app)?.messages().filter(m => m.idempotencyKey === 'dev-1')).toHaveLength(1)
    const invalid = await sms(auth, { to: '+81312345678', from: 'YAKUBA', text: 'x' })
    expect(invalid.statusCode).toBe(400)
    expect(invalid.json()).toMatchObject({ error: { code: 'not_mobile' } })
    const viewer = await t.app.inject({ method: 'GET', url: '/dev-sms' })
    expect(viewer.statusCode).toBe(200)
    expect(viewer.body).toContain('燃えるごみは明日です')
  })

  it('reaches the mounted fake in-process from a client made with only the base URL and key (as the delivery engine makes it)', async () => {
    const client = createSmsClient({ baseUrl: t.config.smsApiBaseUrl ?? '', apiKey: t.config.smsApiKey ?? '' })
    const outcome = await client.sendSms('+818011112222', 'engine-style client', 'dev-engine-1')
    expect(outcome.status).toBe('accepted')
  })

  it('delivers web push in-process to /dev-push, which verifies VAPID and decrypts the payload for the viewer', async () => {
    const push = fakePushOf(t.app)!
    const created = await t.app.inject({ method: 'POST', url: '/dev-push/endpoints', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ applicationServerKey: resolveVapidKeys(t.config)?.publicKey }) })
    expect(created.statusCode).toBe(201)
    const subscription = created.json<{ endpoint: string; keys: { p256dh: string; auth: string } }>()
    expect(subscription.endpoint).toMatch(/^http:\/\/yakuba\.test\/dev-push\/endpoints\//)
    const outcome = await sendWebPush(t.config, subscription, { title: '避難所を開設しました', body: '中央小学校', url: '/t/inbox' }, { urgency: 'high' })
    expect(outcome).toEqual({ status: 'accepted' })
    expect(push.messagesFor(subscription.endpoint)[0]?.plaintext).toContain('中央小学校')
    const unsigned = await t.app.inject({ method: 'POST', url: new URL(subscription.endpoint).pathname, headers: { ttl: '60' }, payload: '' })
    expect(unsigned.statusCode).toBe(401)
    const viewer = await t.app.inject({ method: 'GET', url: '/dev-push' })
    expect(viewer.body).toContain('中央小学校')
    await t.app.inject({ method: 'DELETE', url: new URL(subscription.endpoint).pathname })
    expect((await sendWebPush(t.config, subscription, { title: 'x', body: 'y', url: '/' })).status).toBe('gone')
  })
})
