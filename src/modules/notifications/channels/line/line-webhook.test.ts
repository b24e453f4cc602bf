import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { signLineBody, verifyLineSignature } from './line-signature.js'
import { parseLineWebhook, selectUnseenLineEvents } from './line-webhook.js'

// The shared LINE test vector (../shared/standards/line-webhook.md §1); the body is copied byte
// for byte into testdata/ so the suite runs without the shared folder.
const SECRET = 'test-channel-secret-0123456789ab'
const SIGNATURE = 'TQnwG4AiixolWnc3MycawNqXS9RUtURlprH0GQ4sn6s='
const body = readFileSync(join(import.meta.dirname, 'testdata/webhook-body.json'))
const sharedSample = resolve(import.meta.dirname, '../../../../../../shared/standards/line-samples/webhook-body.json')

const signed = (raw: Buffer, secret = SECRET) => ({ 'x-line-signature': signLineBody(secret, raw) })

describe('LINE webhook signature', () => {
  it('uses the exact bytes of the shared sample', () => {
    expect(body.length).toBe(2050)
    if (existsSync(sharedSample)) expect(body.equals(readFileSync(sharedSample))).toBe(true)
  })

  it('accepts the shared test vector', () => {
    expect(signLineBody(SECRET, body)).toBe(SIGNATURE)
    expect(verifyLineSignature(SECRET, body, SIGNATURE)).toBe(true)
  })

  it('rejects the vector signature when any byte of the body is flipped', () => {
    for (const index of [0, 100, 1024, body.length - 1]) {
      const tampered = Buffer.from(body)
      tampered[index] ^= 0x01
      expect(verifyLineSignature(SECRET, tampered, SIGNATURE)).toBe(false)
    }
  })

  it('rejects a wrong secret, and a missing, repeated, truncated or garbage header', () => {
    expect(verifyLineSignature('test-channel-secret-0123456789ac', body, SIGNATURE)).toBe(false)
    expect(verifyLineSignature(SECRET, body, undefined)).toBe(false)
    expect(verifyLineSignature(SECRET, body, '')).toBe(false)
    expect(verifyLineSignature(SECRET, body, [SIGNATURE, SIGNATURE])).toBe(false)
    expect(verifyLineSignature(SECRET, body, SIGNATURE.slice(0, 20))).toBe(false)
    expect(verifyLineSignature(SECRET, body, '!!not base64!!')).toBe(false)
  })
})

describe('parseLineWebhook', () => {
  it('parses the shared sample into typed events, keeping a location message as unsupported', () => {
    const result = parseLineWebhook(body, { 'X-Line-Signature': SIGNATURE }, SECRET)
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.destination).toBe('Uxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx')
    expect(result.events.map(e => e.type)).toEqual(['message', 'follow', 'unfollow', 'postback', 'postback', 'message'])
    const [text, follow, , postback, picked, location] = result.events
    expect(text).toMatchObject({ message: { type: 'text', text: '粗大ごみの出し方を教えて' }, source: { type: 'user', userId: 'U4af4980629000000000000000000000' } })
    expect(follow).toMatchObject({ follow: { isUnblocked: false }, replyToken: '85cbe770fa8b4f45bbe077b1d4be4a36' })
    expect(postback).toMatchObject({ postback: { data: 'action=report&category=pothole' } })
    expect(picked).toMatchObject({ postback: { params: { date: '2026-04-01' } }, deliveryContext: { isRedelivery: true } })
    expect(location).toMatchObject({ type: 'message', message: { type: 'unsupported', messageType: 'location', id: '468789577898262531' } })
  })

  it('answers bad-signature for a tampered body or a wrong secret, before looking at the JSON', () => {
    const tampered = Buffer.from(body.toString('utf8').replace('粗大ごみ', '燃えるごみ'))
    expect(parseLineWebhook(tampered, { 'x-line-signature': SIGNATURE }, SECRET)).toEqual({ ok: false, reason: 'bad-signature' })
    expect(parseLineWebhook(body, { 'x-line-signature': SIGNATURE }, 'another-secret')).toEqual({ ok: false, reason: 'bad-signature' })
    expect(parseLineWebhook(Buffer.from('{not json'), {}, SECRET)).toEqual({ ok: false, reason: 'bad-signature' })
  })

  it('answers malformed for a correctly signed body that is not JSON or not a LINE delivery', () => {
    for (const text of ['{not json', '[]', '{"events":[]}', '{"destination":"U1","events":[{"type":"follow"}]}']) {
      const raw = Buffer.from(text)
      expect(parseLineWebhook(raw, signed(raw), SECRET)).toEqual({ ok: false, reason: 'malformed' })
    }
  })

  it('accepts the console verification body with no events', () => {
    const raw = Buffer.from('{"destination":"Uxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx","events":[]}')
    expect(parseLineWebhook(raw, signed(raw), SECRET)).toEqual({ ok: true, destination: 'Uxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', events: [] })
  })

  it('keeps an unknown event type as { type: "unknown" } instead of rejecting the delivery', () => {
    const raw = Buffer.from(
      JSON.stringify({
        destination: 'U0',
        events: [
          { type: 'membership', membership: { type: 'joined', membershipId: 3 }, webhookEventId: '01J0000000000000000000000A', deliveryContext: { isRedelivery: false }, timestamp: 1, mode: 'active', source: { type: 'user', userId: 'U1' } },
          { type: 'somethingNew', webhookEventId: '01J0000000000000000000000B', deliveryContext: { isRedelivery: false }, timestamp: 2, mode: 'standby' },
        ],
      }),
    )
    const result = parseLineWebhook(raw, signed(raw), SECRET)
    expect(result).toMatchObject({ ok: true, events: [{ type: 'unknown', originalType: 'membership', webhookEventId: '01J0000000000000000000000A' }, { type: 'unknown', originalType: 'somethingNew', mode: 'standby' }] })
  })
})

describe('selectUnseenLineEvents', () => {
  it('drops events already seen and repeats within the delivery, keeping order', () => {
    const events = [{ webhookEventId: 'a' }, { webhookEventId: 'b' }, { webhookEventId: 'a' }, { webhookEventId: 'c' }]
    expect(selectUnseenLineEvents(events, new Set(['b'])).map(e => e.webhookEventId)).toEqual(['a', 'c'])
  })

  it('treats a redelivery of the shared sample as nothing new', () => {
    const result = parseLineWebhook(body, { 'x-line-signature': SIGNATURE }, SECRET)
    if (!result.ok) throw new Error('sample must parse')
    const seen = new Set(selectUnseenLineEvents(result.events, new Set()).map(e => e.webhookEventId))
    expect(seen.size).toBe(6)
    expect(selectUnseenLineEvents(result.events, seen)).toEqual([])
  })
})
