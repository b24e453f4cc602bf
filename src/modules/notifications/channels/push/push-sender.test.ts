import { createECDH } from 'node:crypto'
import webpush from 'web-push'
import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../../../platform/config.js'
import { createFakePushService, verifyVapidAuthorization } from './fake-push.js'
import { classifyPushResponse, encodePushPayload, resolveVapidKeys, sendWebPush, toPushTopic, type PushFetch } from './push-sender.js'
import { isAllowedPushEndpoint, parsePushSubscription } from './push-subscription.js'

const config = loadConfig({ NODE_ENV: 'test', PUBLIC_URL: 'http://yakuba.test', LOG_LEVEL: 'silent' })

function setUp() {
  const fake = createFakePushService({ origin: 'http://yakuba.test', basePath: '/dev-push' })
  const seen: Record<string, string>[] = []
  const fetch: PushFetch = async (input, init) => {
    seen.push(init.headers)
    const res = fake.handle({ method: init.method, path: new URL(input).pathname.replace(/^\/dev-push/, ''), headers: init.headers, body: Buffer.from(init.body ?? new Uint8Array()) })
    return new Response(res.status === 204 ? null : JSON.stringify(res.body), { status: res.status, headers: res.headers })
  }
  return { fake, fetch, seen }
}

describe('sendWebPush against the development push service', () => {
  it('delivers an encrypted payload that the subscriber can decrypt, signed with VAPID for the endpoint origin', async () => {
    const { fake, fetch, seen } = setUp()
    const keys = resolveVapidKeys(config)!
    const subscription = fake.createSubscription({ applicationServerKey: keys.publicKey })
    const outcome = await sendWebPush(config, subscription, { title: '避難指示', body: '高台へ避難してください', url: '/demo/inbox' }, { fetch, urgency: 'high', topic: 'n-notice-1', ttlSeconds: 3600 })
    expect(outcome).toEqual({ status: 'accepted' })
    const [message] = fake.messagesFor(subscription.endpoint)
    expect(JSON.parse(message.plaintext ?? '{}')).toEqual({ title: '避難指示', body: '高台へ避難してください', url: '/demo/inbox' })
    expect(message).toMatchObject({ urgency: 'high', topic: 'n-notice-1', ttl: 3600, vapidSubject: config.VAPID_SUBJECT })
    expect(seen[0]['content-encoding']).toBe('aes128gcm')
  })

  it('maps a removed subscription (410) to gone, 429 and 5xx to temporary, other 4xx to permanent', async () => {
    const { fake, fetch } = setUp()
    const subscription = fake.createSubscription()
    const payload = { title: 't', body: 'b', url: '/' }
    fake.forceResponses(429, 503, 400)
    expect((await sendWebPush(config, subscription, payload, { fetch })).status).toBe('temporary_failure')
    expect((await sendWebPush(config, subscription, payload, { fetch })).status).toBe('temporary_failure')
    expect((await sendWebPush(config, subscription, payload, { fetch })).status).toBe('permanent_failure')
    fake.expireEndpoint(subscription.id)
    expect((await sendWebPush(config, subscription, payload, { fetch })).status).toBe('gone')
    expect([201, 202, 404, 410, 413, 401].map(classifyPushResponse)).toEqual(['accepted', 'accepted', 'gone', 'gone', 'permanent_failure', 'permanent_failure'])
  })

  it('is refused (403) when the subscription was made with another server key', async () => {
    const { fake, fetch } = setUp()
    const other = webpush.generateVAPIDKeys()
    const subscription = fake.createSubscription({ applicationServerKey: other.publicKey })
    expect(await sendWebPush(config, subscription, { title: 't', body: 'b', url: '/' }, { fetch })).toMatchObject({ status: 'permanent_failure' })
  })

  it('reports a network failure as temporary and subscription keys that are not a P-256 point as permanent', async () => {
    const failing: PushFetch = () => Promise.reject(new TypeError('fetch failed'))
    const { fake } = setUp()
    const subscription = fake.createSubscription()
    expect(await sendWebPush(config, subscription, { title: 't', body: 'b', url: '/' }, { fetch: failing })).toEqual({ status: 'temporary_failure', error: 'network_error' })
    expect((await sendWebPush(config, { endpoint: subscription.endpoint, keys: { p256dh: 'AAAA', auth: 'BBBB' } }, { title: 't', body: 'b', url: '/' }, { fetch: failing })).status).toBe('permanent_failure')
  })

  it('is not available with real channels and no VAPID keys', async () => {
    const real = loadConfig({ NODE_ENV: 'test', NOTIFY_CHANNELS: 'real', LOG_LEVEL: 'silent' })
    expect(resolveVapidKeys(real)).toBeUndefined()
    expect(await sendWebPush(real, { endpoint: 'https://fcm.googleapis.com/fcm/send/x', keys: { p256dh: 'a', auth: 'b' } }, { title: 't', body: 'b', url: '/' })).toEqual({ status: 'permanent_failure', error: 'vapid_not_configured' })
  })
})

describe('development VAPID keys', () => {
  it('are the same in every process with the same secret (web and worker agree) and differ with another secret', () => {
    const a = resolveVapidKeys(config)!
    const again = resolveVapidKeys(loadConfig({ NODE_ENV: 'test', PUBLIC_URL: 'http://yakuba.test', LOG_LEVEL: 'silent' }))!
    const other = resolveVapidKeys(loadConfig({ NODE_ENV: 'test', SESSION_SECRET: 'another-session-secret-of-32-characters!', LOG_LEVEL: 'silent' }))!
    expect(again).toEqual(a)
    expect(other.publicKey).not.toBe(a.publicKey)
    const ecdh = createECDH('prime256v1')
    ecdh.setPrivateKey(Buffer.from(a.privateKey, 'base64url'))
    expect(ecdh.getPublicKey().toString('base64url')).toBe(a.publicKey)
  })
})

describe('VAPID verification in the fake', () => {
  const keys = webpush.generateVAPIDKeys()
  const header = (audience: string, expiration?: number) => webpush.getVapidHeaders(audience, 'mailto:ops@example.jp', keys.publicKey, keys.privateKey, 'aes128gcm', expiration).Authorization
  const now = Math.floor(Date.now() / 1000)

  it('accepts a JWT for its origin and refuses another audience, an expired token or one more than 24 hours ahead', () => {
    expect(verifyVapidAuthorization(header('http://yakuba.test'), 'http://yakuba.test', now)).toMatchObject({ ok: true, publicKey: keys.publicKey })
    expect(verifyVapidAuthorization(header('https://other.example'), 'http://yakuba.test', now)).toMatchObject({ ok: false, status: 401 })
    expect(verifyVapidAuthorization(header('http://yakuba.test', now + 60), 'http://yakuba.test', now + 120)).toMatchObject({ ok: false, reason: 'JWT expired' })
    expect(verifyVapidAuthorization(header('http://yakuba.test'), 'http://yakuba.test', now - 13 * 3600)).toMatchObject({ ok: false })
    expect(verifyVapidAuthorization('WebPush abc', 'http://yakuba.test', now)).toMatchObject({ ok: false })
  })

  it('refuses a token whose signature was made with another key', () => {
    const other = webpush.generateVAPIDKeys()
    const forged = header('http://yakuba.test').replace(/k=.*/, `k=${other.publicKey}`)
    expect(verifyVapidAuthorization(forged, 'http://yakuba.test', now)).toMatchObject({ ok: false, reason: 'JWT signature does not verify with k' })
  })
})

describe('push subscriptions from browsers', () => {
  const valid = { endpoint: 'https://fcm.googleapis.com/fcm/send/abc123', keys: { p256dh: createECDH('prime256v1').generateKeys().toString('base64url'), auth: Buffer.alloc(16, 1).toString('base64url') } }

  it('accepts the browsers’ push services and refuses other hosts (no requests to hosts a resident chooses)', () => {
    expect(parsePushSubscription(config, valid).ok).toBe(true)
    expect(isAllowedPushEndpoint(config, 'https://web.push.apple.com/QGx')).toBe(true)
    expect(isAllowedPushEndpoint(config, 'https://wns2-par02p.notify.windows.com/w/?token=x')).toBe(true)
    expect(isAllowedPushEndpoint(config, 'https://updates.push.services.mozilla.com/wpush/v2/x')).toBe(true)
    expect(isAllowedPushEndpoint(config, 'http://fcm.googleapis.com/fcm/send/x')).toBe(false)
    expect(isAllowedPushEndpoint(config, 'https://169.254.169.254/latest')).toBe(false)
    expect(isAllowedPushEndpoint(config, 'https://fcm.googleapis.com.evil.example/x')).toBe(false)
    expect(isAllowedPushEndpoint(config, 'http://yakuba.test/dev-push/endpoints/abc')).toBe(true)
    expect(parsePushSubscription(config, { ...valid, endpoint: 'https://evil.example/push' })).toEqual({ ok: false, problem: 'endpoint_not_allowed' })
    expect(parsePushSubscription(config, { ...valid, keys: { ...valid.keys, auth: Buffer.alloc(8).toString('base64url') + 'AAAAAAAAAA' } })).toEqual({ ok: false, problem: 'invalid_keys' })
    expect(parsePushSubscription(config, { endpoint: 5 })).toEqual({ ok: false, problem: 'invalid_subscription' })
  })

  it('keeps topics within the 32 URL-safe characters push services accept', () => {
    expect(toPushTopic('n-123')).toBe('n-123')
    expect(toPushTopic('notice:0f8e3c1a-1111-2222-3333-444455556666')).toMatch(/^[A-Za-z0-9_-]{32}$/)
  })

  it('shortens a long body so that the encrypted record stays under 4096 bytes', () => {
    const encoded = encodePushPayload({ title: 'お知らせ', body: 'あ'.repeat(5000), url: '/x' })
    expect(Buffer.byteLength(encoded)).toBeLessThanOrEqual(3000)
    expect(JSON.parse(encoded).body.endsWith('…')).toBe(true)
  })
})
