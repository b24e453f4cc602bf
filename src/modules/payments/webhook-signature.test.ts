import { describe, expect, it } from 'vitest'
import { WebhookSignatureError } from './payment-provider.js'
import { signWebhook, verifyWebhookSignature } from './webhook-signature.js'

const SECRET = 'whsec_test_secret_of_enough_length'
const BODY = Buffer.from('{"id":"evt_1","type":"payment.captured","created":1700000000,"data":{"checkoutId":"chk_1","amount":300,"metadata":{}}}')
const NOW = 1_700_000_000

function reasonOf(fn: () => unknown): string | undefined {
  try {
    fn()
  } catch (error) {
    return error instanceof WebhookSignatureError ? error.reason : `unexpected ${String(error)}`
  }
  return undefined
}

describe('Yakuba Pay webhook signature', () => {
  it('signs t=<unix>,v1=<hex HMAC-SHA256 of "t.body"> and verifies its own signature', () => {
    const header = signWebhook(SECRET, BODY, NOW)
    expect(header).toMatch(/^t=1700000000,v1=[0-9a-f]{64}$/)
    expect(verifyWebhookSignature(SECRET, BODY, header, { now: NOW + 10 })).toEqual({ timestamp: NOW })
  })

  it('matches an independently computed HMAC', async () => {
    const { createHmac } = await import('node:crypto')
    const expected = createHmac('sha256', SECRET).update(`${NOW}.${BODY.toString()}`).digest('hex')
    expect(signWebhook(SECRET, BODY, NOW)).toBe(`t=${NOW},v1=${expected}`)
  })

  it('rejects a signature made with another secret', () => {
    expect(reasonOf(() => verifyWebhookSignature(SECRET, BODY, signWebhook('whsec_someone_else_entirely', BODY, NOW), { now: NOW }))).toBe('mismatch')
  })

  it('rejects a body changed after signing', () => {
    const header = signWebhook(SECRET, BODY, NOW)
    const tampered = Buffer.from(BODY.toString().replace('"amount":300', '"amount":3'))
    expect(reasonOf(() => verifyWebhookSignature(SECRET, tampered, header, { now: NOW }))).toBe('mismatch')
  })

  it('rejects a timestamp more than five minutes old or ahead (a replay), but accepts one within', () => {
    const header = signWebhook(SECRET, BODY, NOW)
    expect(reasonOf(() => verifyWebhookSignature(SECRET, BODY, header, { now: NOW + 301 }))).toBe('stale')
    expect(reasonOf(() => verifyWebhookSignature(SECRET, BODY, header, { now: NOW - 301 }))).toBe('stale')
    expect(reasonOf(() => verifyWebhookSignature(SECRET, BODY, header, { now: NOW + 300 }))).toBeUndefined()
  })

  it('rejects a re-timestamped header: the timestamp is part of what is signed', () => {
    const old = signWebhook(SECRET, BODY, NOW - 3600)
    const forged = old.replace(`t=${NOW - 3600}`, `t=${NOW}`)
    expect(reasonOf(() => verifyWebhookSignature(SECRET, BODY, forged, { now: NOW }))).toBe('mismatch')
  })

  it('tells a missing header from a malformed one', () => {
    expect(reasonOf(() => verifyWebhookSignature(SECRET, BODY, undefined))).toBe('missing')
    expect(reasonOf(() => verifyWebhookSignature(SECRET, BODY, ''))).toBe('missing')
    expect(reasonOf(() => verifyWebhookSignature(SECRET, BODY, 'v1=abc'))).toBe('malformed')
    expect(reasonOf(() => verifyWebhookSignature(SECRET, BODY, `t=${NOW}`))).toBe('malformed')
    expect(reasonOf(() => verifyWebhookSignature(SECRET, BODY, ['a', 'b']))).toBe('malformed')
  })

  it('accepts any of several v1 signatures (secret rotation)', () => {
    const good = signWebhook(SECRET, BODY, NOW).split(',v1=')[1]
    const other = signWebhook('whsec_the_previous_secret_value', BODY, NOW).split(',v1=')[1]
    expect(verifyWebhookSignature(SECRET, BODY, `t=${NOW},v1=${other},v1=${good}`, { now: NOW })).toEqual({ timestamp: NOW })
  })
})
