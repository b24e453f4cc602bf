import { describe, expect, it } from 'vitest'
import { signSmsReceipt, verifySmsReceiptSignature } from './sms-signature.js'

const SECRET = 'smswh_unit_test_secret_value'
const BODY = Buffer.from('{"id":"msg_1","status":"delivered"}')

describe('SMS receipt signatures', () => {
  const now = new Date('2026-04-01T00:00:00Z')
  const t = Math.floor(now.getTime() / 1000)

  it('accepts a receipt signed with the secret within five minutes', () => {
    expect(verifySmsReceiptSignature(SECRET, BODY, signSmsReceipt(SECRET, BODY, t), now)).toBe('valid')
    expect(verifySmsReceiptSignature(SECRET, BODY, signSmsReceipt(SECRET, BODY, t - 299), now)).toBe('valid')
  })

  it('refuses another secret, another body, a garbled header or no header', () => {
    expect(verifySmsReceiptSignature('another_secret_value_xx', BODY, signSmsReceipt(SECRET, BODY, t), now)).toBe('invalid')
    expect(verifySmsReceiptSignature(SECRET, Buffer.from('{"id":"msg_1","status":"failed"}'), signSmsReceipt(SECRET, BODY, t), now)).toBe('invalid')
    expect(verifySmsReceiptSignature(SECRET, BODY, 't=abc,v1=00', now)).toBe('invalid')
    expect(verifySmsReceiptSignature(SECRET, BODY, undefined, now)).toBe('invalid')
  })

  it('calls a correctly signed receipt older than five minutes stale (a replay)', () => {
    expect(verifySmsReceiptSignature(SECRET, BODY, signSmsReceipt(SECRET, BODY, t - 301), now)).toBe('stale')
    expect(verifySmsReceiptSignature(SECRET, BODY, signSmsReceipt(SECRET, BODY, t + 400), now)).toBe('stale')
  })

  it('accepts any of several v1 signatures while the provider rotates its secret', () => {
    const old = signSmsReceipt('old_secret_value_xxxxxx', BODY, t).split(',')[1]
    const header = `${signSmsReceipt(SECRET, BODY, t)},${old}`
    expect(verifySmsReceiptSignature(SECRET, BODY, header, now)).toBe('valid')
  })
})
