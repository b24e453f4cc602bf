import { describe, expect, it } from 'vitest'
import {
  addDays,
  canTransition,
  decideTransition,
  hasValidCheckDigit,
  isCalendarDate,
  issuePayEasyReference,
  modulus10CheckDigit,
  payEasyCustomerNumber,
  paymentIdFor,
  statusForEvent,
  tokyoDate,
  tokyoDayStart,
} from './payment-rules.js'
import { PAYMENT_STATUSES } from './payment-tables.js'

describe('payment status transitions', () => {
  it('moves forwards only: created → pending → captured | failed | cancelled, captured → refunded', () => {
    expect(canTransition('created', 'pending')).toBe(true)
    expect(canTransition('pending', 'captured')).toBe(true)
    expect(canTransition('pending', 'failed')).toBe(true)
    expect(canTransition('pending', 'cancelled')).toBe(true)
    expect(canTransition('created', 'captured')).toBe(true)
    expect(canTransition('captured', 'refunded')).toBe(true)
    expect(canTransition('created', 'expired')).toBe(true)
  })

  it('never goes back: a late pending after captured is stale, a refund of an unpaid payment impossible', () => {
    expect(decideTransition('captured', 'pending')).toEqual({ apply: false, reason: 'stale' })
    expect(decideTransition('failed', 'pending')).toEqual({ apply: false, reason: 'stale' })
    expect(decideTransition('refunded', 'captured')).toEqual({ apply: false, reason: 'stale' })
    expect(decideTransition('cancelled', 'captured')).toEqual({ apply: false, reason: 'stale' })
    expect(decideTransition('created', 'refunded')).toEqual({ apply: false, reason: 'stale' })
    expect(decideTransition('pending', 'created')).toEqual({ apply: false, reason: 'stale' })
  })

  it('reports a repeated status as already there, for every status', () => {
    for (const status of PAYMENT_STATUSES) expect(decideTransition(status, status)).toEqual({ apply: false, reason: 'already' })
  })

  it('still records money the provider captured after our checkout expired', () => {
    expect(decideTransition('expired', 'captured')).toEqual({ apply: true })
    expect(canTransition('expired', 'failed')).toBe(false)
    expect(canTransition('pending', 'expired')).toBe(false)
  })

  it('maps provider event types to statuses and knows nothing else', () => {
    expect(statusForEvent('payment.captured')).toBe('captured')
    expect(statusForEvent('payment.pending')).toBe('pending')
    expect(statusForEvent('payment.refunded')).toBe('refunded')
    expect(statusForEvent('payment.disputed')).toBeUndefined()
    expect(statusForEvent('toString')).toBeUndefined()
    expect(statusForEvent('__proto__')).toBeUndefined()
  })
})

describe('Pay-easy reference', () => {
  it('computes the モジュラス10 ウェイト2・1 check digit', () => {
    expect(modulus10CheckDigit('7992739871')).toBe('3')
    expect(modulus10CheckDigit('0')).toBe('0')
    expect(modulus10CheckDigit('1')).toBe('8')
    expect(hasValidCheckDigit('79927398713')).toBe(true)
    expect(hasValidCheckDigit('79927398712')).toBe(false)
    // a swap of two neighbouring digits is caught
    expect(hasValidCheckDigit('97927398713')).toBe(false)
    expect(() => modulus10CheckDigit('12a')).toThrow()
  })

  it('derives a 16-digit お客様番号 from the payment, the same every time, with a valid check digit', () => {
    const tenant = '11111111-1111-4111-8111-111111111111'
    const a = payEasyCustomerNumber(tenant, '22222222-2222-4222-8222-222222222222')
    expect(a).toMatch(/^[0-9]{16}$/)
    expect(hasValidCheckDigit(a)).toBe(true)
    expect(payEasyCustomerNumber(tenant, '22222222-2222-4222-8222-222222222222')).toBe(a)
    expect(payEasyCustomerNumber(tenant, '33333333-3333-4333-8333-333333333333')).not.toBe(a)
  })

  it('issues the collector code, the customer number, a 6-digit 確認番号 and the due date', () => {
    const reference = issuePayEasyReference({ collectorCode: '58021', tenantId: 't', paymentId: 'p', dueDate: '2025-04-15' })
    expect(reference).toMatchObject({ collectorCode: '58021', dueDate: '2025-04-15' })
    expect(reference.confirmationNumber).toMatch(/^[0-9]{6}$/)
    expect(hasValidCheckDigit(reference.customerNumber)).toBe(true)
  })
})

describe('payment ids and dates', () => {
  it('derives the same uuid from the same tenant and key, a different one otherwise', () => {
    const id = paymentIdFor('secret', 'tenant-a', 'key-12345678')
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(paymentIdFor('secret', 'tenant-a', 'key-12345678')).toBe(id)
    expect(paymentIdFor('secret', 'tenant-b', 'key-12345678')).not.toBe(id)
    expect(paymentIdFor('other', 'tenant-a', 'key-12345678')).not.toBe(id)
  })

  it('uses the calendar day in Japan', () => {
    expect(tokyoDate(new Date('2025-03-31T15:00:00Z'))).toBe('2025-04-01')
    expect(tokyoDate(new Date('2025-03-31T14:59:59Z'))).toBe('2025-03-31')
    expect(tokyoDayStart('2025-04-01').toISOString()).toBe('2025-03-31T15:00:00.000Z')
    expect(addDays('2025-02-28', 1)).toBe('2025-03-01')
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01')
  })

  it('accepts only real calendar dates', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true)
    expect(isCalendarDate('2025-02-29')).toBe(false)
    expect(isCalendarDate('2025-4-1')).toBe(false)
    expect(isCalendarDate('2025-04-01T00:00')).toBe(false)
  })
})
