import { afterEach, describe, expect, it } from 'vitest'
import { createSmsClient, parseRetryAfter, type SmsFetch } from './sms-client.js'
import { createFakeSms, type FakeSms, type FakeSmsKnobs } from './fake-sms.js'
import { verifySmsReceiptSignature } from './sms-signature.js'

const API_KEY = 'sms_unit_test_api_key_value'
const WEBHOOK_SECRET = 'smswh_unit_test_secret_value'

type Receipt = { url: string; body: string; headers: Record<string, string> }
const fakes: FakeSms[] = []
afterEach(() => {
  for (const fake of fakes.splice(0)) fake.close()
})

function setUp(knobs: Partial<FakeSmsKnobs> = {}, answer: (n: number) => number = () => 200) {
  const receipts: Receipt[] = []
  const fake = createFakeSms({
    apiKeys: [API_KEY],
    webhookSecret: WEBHOOK_SECRET,
    defaultWebhookUrl: 'http://yakuba.test/api/v1/notifications/sms-receipts/t',
    deliver: async (url, body, headers) => {
      receipts.push({ url, body, headers })
      return { status: answer(receipts.length) }
    },
    knobs: { receiptDelayMs: 1, retryBaseMs: 1, ...knobs },
  })
  fakes.push(fake)
  const requests: { headers: Record<string, string>; body?: string }[] = []
  const fetch: SmsFetch = async (input, init) => {
    requests.push({ headers: init.headers, body: init.body })
    const res = fake.handle({ method: init.method, path: new URL(input).pathname.replace(/^\/dev-sms/, ''), headers: init.headers, body: init.body ?? '' })
    return new Response(JSON.stringify(res.body), { status: res.status, headers: res.headers })
  }
  const client = createSmsClient({ baseUrl: 'http://yakuba.test/dev-sms', apiKey: API_KEY, fetch, sleep: async () => {}, senderId: 'DEMOCITY' })
  return { fake, client, receipts, requests }
}

describe('SMS client against the fake provider', () => {
  it('sends a message and gets the provider id, segments and a signed delivery receipt', async () => {
    const { fake, client, receipts, requests } = setUp()
    const outcome = await client.sendSms('+819012345678', '【デモ市】燃えるごみは明日です', 'key-1')
    expect(outcome).toMatchObject({ status: 'accepted', segments: 1 })
    expect(outcome.messageId).toMatch(/^msg_/)
    expect(requests[0].headers).toMatchObject({ authorization: `Bearer ${API_KEY}`, 'idempotency-key': 'key-1' })
    expect(JSON.parse(requests[0].body ?? '{}')).toEqual({ to: '+819012345678', from: 'DEMOCITY', text: '【デモ市】燃えるごみは明日です' })
    await fake.drain()
    expect(receipts).toHaveLength(1)
    expect(JSON.parse(receipts[0].body)).toEqual({ id: outcome.messageId, status: 'delivered' })
    expect(verifySmsReceiptSignature(WEBHOOK_SECRET, Buffer.from(receipts[0].body), receipts[0].headers['x-sms-signature'])).toBe('valid')
  })

  it('sends nothing twice for the same Idempotency-Key and refuses the key with another text', async () => {
    const { fake, client } = setUp()
    const first = await client.sendSms('+819012345678', 'お知らせ', 'same-key')
    const again = await client.sendSms('+819012345678', 'お知らせ', 'same-key')
    expect(again.messageId).toBe(first.messageId)
    expect(fake.messages()).toHaveLength(1)
    const changed = await client.sendSms('+819012345678', '別のお知らせ', 'same-key')
    expect(changed).toMatchObject({ status: 'permanent_failure', error: 'idempotency_key_reused' })
  })

  it('reports invalid numbers, landlines and texts that are too long as permanent failures with the provider code', async () => {
    const { client } = setUp()
    expect(await client.sendSms('09012345678', 'x', 'a')).toMatchObject({ status: 'permanent_failure', error: 'invalid_number' })
    expect(await client.sendSms('+81312345678', 'x', 'b')).toMatchObject({ status: 'permanent_failure', error: 'not_mobile' })
    expect(await client.sendSms('+819012345678', 'あ'.repeat(671), 'c')).toMatchObject({ status: 'permanent_failure', error: 'text_too_long' })
  })

  it('waits out a short Retry-After on 429 and succeeds with the same key; gives up as temporary on a long one', async () => {
    const { client, fake, requests } = setUp({ rateLimit: { max: 1, windowMs: 1000 } })
    await client.sendSms('+819012345678', 'one', 'k1')
    fake.setKnobs({ rateLimit: { max: 1, windowMs: 60 * 60_000 } })
    const limited = await client.sendSms('+819012345678', 'two', 'k2')
    expect(limited).toMatchObject({ status: 'temporary_failure', error: 'rate_limited' })
    expect(limited.retryAfterSeconds).toBeGreaterThan(10)
    expect(requests.filter(r => r.headers['idempotency-key'] === 'k2')).toHaveLength(1)
  })

  it('retries 5xx with the same Idempotency-Key and reports a temporary failure when they persist', async () => {
    const { client, requests } = setUp({ failureRate: 1 })
    const outcome = await client.sendSms('+819012345678', 'x', 'k-fail')
    expect(outcome).toMatchObject({ status: 'temporary_failure', error: 'internal_error' })
    expect(requests.map(r => r.headers['idempotency-key'])).toEqual(['k-fail', 'k-fail', 'k-fail'])
  })

  it('treats a refused API key as temporary (an operator fixes it; the messages must not be lost)', async () => {
    const { fake } = setUp()
    const fetch: SmsFetch = async (_input, init) => {
      const res = fake.handle({ method: 'POST', path: '/v1/messages', headers: init.headers, body: init.body ?? '' })
      return new Response(JSON.stringify(res.body), { status: res.status })
    }
    const client = createSmsClient({ baseUrl: 'http://x/dev-sms', apiKey: 'wrong_key_value_xxxxxxxx', fetch, sleep: async () => {} })
    expect(await client.sendSms('+819012345678', 'x', 'k')).toMatchObject({ status: 'temporary_failure', error: 'unauthorized' })
  })

  it('reports a network error or timeout as temporary', async () => {
    const client = createSmsClient({ baseUrl: 'http://x', apiKey: API_KEY, fetch: () => Promise.reject(new TypeError('fetch failed')), sleep: async () => {} })
    expect(await client.sendSms('+819012345678', 'x', 'k')).toMatchObject({ status: 'temporary_failure', error: 'network_error' })
  })

  it('retries a receipt the webhook did not accept, and marks unreachable numbers as failed', async () => {
    const { client, fake, receipts } = setUp({ unreachableNumbers: ['+819099999999'] }, n => (n < 3 ? 503 : 200))
    const outcome = await client.sendSms('+819099999999', 'x', 'k')
    await fake.drain()
    expect(receipts).toHaveLength(3)
    expect(JSON.parse(receipts[2].body)).toEqual({ id: outcome.messageId, status: 'failed', error_code: 'unreachable' })
  })
})

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('5')).toBe(5000)
    expect(parseRetryAfter(new Date(Date.now() + 10_000).toUTCString())).toBeGreaterThan(8000)
    expect(parseRetryAfter(null)).toBeUndefined()
  })
})
