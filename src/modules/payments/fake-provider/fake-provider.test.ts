import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { verifyWebhookSignature } from '../webhook-signature.js'
import { createFakePaymentProvider, type Deliver, type FakeKnobs } from './fake-provider.js'

const SECRET_KEY = 'sk_test_unit_secret_key'
const WEBHOOK_SECRET = 'whsec_unit_webhook_secret'
const auth = `Bearer ${SECRET_KEY}`
const checkoutBody = { amount: 300, currency: 'jpy', description: '住民票の写し', return_url: 'http://yakuba.test/t/payments/p/return', webhook_url: 'http://yakuba.test/api/v1/payments/webhooks/t/fake', metadata: { paymentId: 'p' } }

type Sent = { url: string; body: { id: string; type: string; data: { checkoutId: string; amount: number } }; headers: Record<string, string> }

function setUp(knobs: Partial<FakeKnobs> = {}, answer: (n: number) => number = () => 200, stateFile?: string) {
  const sent: Sent[] = []
  const deliver: Deliver = async (url, body, headers) => {
    sent.push({ url, body: JSON.parse(body) as Sent['body'], headers })
    return { status: answer(sent.length) }
  }
  const fake = createFakePaymentProvider({ secretKey: SECRET_KEY, webhookSecret: WEBHOOK_SECRET, publicBaseUrl: 'http://yakuba.test/dev-pay', deliver, knobs: { retryBaseMs: 5, ...knobs }, stateFile })
  fakes.push(fake)
  return { fake, sent }
}
const fakes: ReturnType<typeof createFakePaymentProvider>[] = []
afterEach(() => {
  for (const fake of fakes.splice(0)) fake.close()
})

function openCheckout(fake: ReturnType<typeof createFakePaymentProvider>) {
  const res = fake.createCheckout({ authorization: auth, idempotencyKey: `k-${Math.random()}`, body: checkoutBody })
  expect(res.status).toBe(201)
  return res.body as { id: string; url: string }
}

describe('fake payment provider', () => {
  it('refuses a missing or wrong API key with 401', () => {
    const { fake } = setUp()
    expect(fake.createCheckout({ body: checkoutBody }).status).toBe(401)
    expect(fake.createCheckout({ authorization: 'Bearer sk_wrong', body: checkoutBody }).status).toBe(401)
  })

  it('replays the same checkout for the same Idempotency-Key and body, and refuses a changed body with 409', () => {
    const { fake } = setUp()
    const first = fake.createCheckout({ authorization: auth, idempotencyKey: 'idem-1', body: checkoutBody })
    const again = fake.createCheckout({ authorization: auth, idempotencyKey: 'idem-1', body: { ...checkoutBody } })
    expect(again.body).toEqual(first.body)
    expect(again.headers?.['idempotent-replayed']).toBe('true')
    const changed = fake.createCheckout({ authorization: auth, idempotencyKey: 'idem-1', body: { ...checkoutBody, amount: 301 } })
    expect(changed.status).toBe(409)
    expect(changed.body).toMatchObject({ error: { code: 'idempotency_key_reused' } })
  })

  it('answers an invalid amount with 422 naming the parameter', () => {
    const { fake } = setUp()
    for (const amount of [0, -1, 1.5, '300', 100_000_000]) {
      const res = fake.createCheckout({ authorization: auth, body: { ...checkoutBody, amount } })
      expect(res.status).toBe(422)
      expect(res.body).toMatchObject({ error: { code: 'amount_invalid', param: 'amount' } })
    }
  })

  it('rate-limits with 429 and Retry-After', () => {
    const { fake } = setUp({ rateLimit: { max: 2, windowMs: 30_000 } })
    openCheckout(fake)
    openCheckout(fake)
    const limited = fake.createCheckout({ authorization: auth, body: checkoutBody })
    expect(limited.status).toBe(429)
    expect(Number(limited.headers?.['retry-after'])).toBeGreaterThanOrEqual(29)
  })

  it('delivers a signed payment.captured webhook after pay, retrying with backoff until a 2xx', async () => {
    const { fake, sent } = setUp({}, n => (n < 3 ? 503 : 200))
    const checkout = openCheckout(fake)
    expect(fake.completeCheckout(checkout.id, 'pay')).toMatchObject({ ok: true })
    await fake.drain(5000)
    expect(sent.map(s => s.body.type)).toEqual(['payment.captured', 'payment.captured', 'payment.captured'])
    expect(new Set(sent.map(s => s.body.id)).size).toBe(1)
    expect(sent[0].body.data).toMatchObject({ checkoutId: checkout.id, amount: 300 })
    for (const s of sent) verifyWebhookSignature(WEBHOOK_SECRET, JSON.stringify(s.body), s.headers['yakuba-pay-signature'])
    expect(fake.deliveries()[0]).toMatchObject({ state: 'delivered', attempts: 3, lastStatus: 200 })
  })

  it('gives up after maxAttempts but keeps the delivery visible as failed', async () => {
    const { fake, sent } = setUp({ maxAttempts: 2 }, () => 500)
    fake.completeCheckout(openCheckout(fake).id, 'fail')
    await fake.drain(5000)
    expect(sent).toHaveLength(2)
    expect(fake.deliveries()[0]).toMatchObject({ state: 'failed', eventType: 'payment.failed' })
  })

  it('can duplicate every webhook, or send a late pending after captured', async () => {
    const duplicated = setUp({ duplicateDelivery: true })
    duplicated.fake.completeCheckout(openCheckout(duplicated.fake).id, 'pay')
    await duplicated.fake.drain()
    expect(duplicated.sent.map(s => s.body.type)).toEqual(['payment.captured', 'payment.captured'])
    expect(duplicated.sent[0].body.id).toBe(duplicated.sent[1].body.id)

    const outOfOrder = setUp({ outOfOrder: true })
    outOfOrder.fake.completeCheckout(openCheckout(outOfOrder.fake).id, 'pay')
    await outOfOrder.fake.drain()
    expect(outOfOrder.sent.map(s => s.body.type)).toEqual(['payment.captured', 'payment.pending'])
  })

  it('accepts one action per checkout and refunds only a paid one', () => {
    const { fake } = setUp()
    const checkout = openCheckout(fake)
    expect(fake.createRefund({ authorization: auth, body: { checkout: checkout.id } }).status).toBe(409)
    fake.completeCheckout(checkout.id, 'cancel')
    expect(fake.completeCheckout(checkout.id, 'pay')).toEqual({ ok: false, reason: 'not-open' })
    const paid = openCheckout(fake)
    fake.completeCheckout(paid.id, 'pay')
    const refund = fake.createRefund({ authorization: auth, idempotencyKey: 'refund-1', body: { checkout: paid.id, amount: 300 } })
    expect(refund).toMatchObject({ status: 201, body: { object: 'refund', status: 'succeeded', amount: 300 } })
    expect(fake.findCheckout(paid.id)?.status).toBe('refunded')
  })

  it('keeps undelivered webhooks across a restart and delivers them then', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dev-pay-'))
    try {
      const file = join(dir, 'state.json')
      const down = setUp({}, () => 503, file)
      const checkout = openCheckout(down.fake)
      down.fake.completeCheckout(checkout.id, 'pay')
      await new Promise(resolve => setTimeout(resolve, 30))
      down.fake.close()
      expect(down.sent.length).toBeGreaterThan(0)

      const up = setUp({}, () => 200, file)
      expect(up.fake.findCheckout(checkout.id)?.status).toBe('paid')
      await up.fake.drain()
      expect(up.sent.map(s => s.body.type)).toEqual(['payment.captured'])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
