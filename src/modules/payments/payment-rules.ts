import { createHash, createHmac, randomInt } from 'node:crypto'
import type { Translate } from '../../platform/i18n/i18n.js'
import type { PayEasyReference, PaymentStatus } from './payment-tables.js'

/** Pure rules of payments, kept apart from the database so they are unit-tested directly. */

/** Statuses that end a payment's open life; the owning module is told when one is reached. */
export const SETTLEMENT_STATUSES = ['captured', 'failed', 'cancelled', 'refunded', 'expired'] as const satisfies readonly PaymentStatus[]
export type SettlementStatus = (typeof SETTLEMENT_STATUSES)[number]

export function isSettlementStatus(status: PaymentStatus): status is SettlementStatus {
  return (SETTLEMENT_STATUSES as readonly PaymentStatus[]).includes(status)
}

/**
 * The only moves a payment makes. Status never goes back: a late `pending` after `captured` is
 * recorded and ignored. One exception goes "sideways": a checkout we expired can still be
 * captured by the provider (the resident pressed pay in the last second) — that is money
 * received and must be recorded, not dropped.
 */
const NEXT: Record<PaymentStatus, readonly PaymentStatus[]> = {
  created: ['pending', 'captured', 'failed', 'cancelled', 'expired'],
  pending: ['captured', 'failed', 'cancelled'],
  captured: ['refunded'],
  failed: [],
  cancelled: [],
  refunded: [],
  expired: ['captured'],
}

export function canTransition(from: PaymentStatus, to: PaymentStatus): boolean {
  return NEXT[from].includes(to)
}

export type TransitionDecision = { apply: true } | { apply: false; reason: 'already' | 'stale' }

/** Whether a payment in `current` moves to `target`; if not, why ('already' there, or 'stale'). */
export function decideTransition(current: PaymentStatus, target: PaymentStatus): TransitionDecision {
  if (current === target) return { apply: false, reason: 'already' }
  return canTransition(current, target) ? { apply: true } : { apply: false, reason: 'stale' }
}

/** Provider event types and the status each one reports. */
export const PROVIDER_EVENT_STATUS = {
  'payment.pending': 'pending',
  'payment.captured': 'captured',
  'payment.failed': 'failed',
  'payment.cancelled': 'cancelled',
  'payment.refunded': 'refunded',
} as const satisfies Record<string, PaymentStatus>
export type ProviderEventType = keyof typeof PROVIDER_EVENT_STATUS

export function statusForEvent(type: string): PaymentStatus | undefined {
  return Object.hasOwn(PROVIDER_EVENT_STATUS, type) ? PROVIDER_EVENT_STATUS[type as ProviderEventType] : undefined
}

/**
 * Check digit by モジュラス10 ウェイト2・1 (the Luhn scheme, common on Japanese billing numbers):
 * from the right, every other digit doubled (digits of the product summed), then 10 − sum mod 10.
 */
export function modulus10CheckDigit(digits: string): string {
  if (!/^[0-9]+$/.test(digits)) throw new TypeError('digits only')
  let sum = 0
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i])
    if (i % 2 === 0) {
      d *= 2
      if (d > 9) d -= 9
    }
    sum += d
  }
  return String((10 - (sum % 10)) % 10)
}

/** True when the last digit is the モジュラス10 check digit of the others (a mistyped number fails). */
export function hasValidCheckDigit(number: string): boolean {
  return /^[0-9]{2,}$/.test(number) && modulus10CheckDigit(number.slice(0, -1)) === number.slice(-1)
}

/**
 * お客様番号: 15 digits derived from the payment, then the check digit (16 in all). Derived, not
 * random, so the same payment always shows the same number; a unique index per tenant is the
 * guard against the (≈10⁻¹⁵) chance of two payments sharing one.
 */
export function payEasyCustomerNumber(tenantId: string, paymentId: string): string {
  const digest = createHash('sha256').update(`pay-easy:${tenantId}:${paymentId}`).digest()
  const body = (digest.readBigUInt64BE(0) % 10n ** 15n).toString().padStart(15, '0')
  return body + modulus10CheckDigit(body)
}

/** The Pay-easy reference a resident keys in at an ATM or in online banking. */
export function issuePayEasyReference(input: { collectorCode: string; tenantId: string; paymentId: string; dueDate: string }): PayEasyReference {
  return {
    collectorCode: input.collectorCode,
    customerNumber: payEasyCustomerNumber(input.tenantId, input.paymentId),
    confirmationNumber: String(randomInt(0, 1_000_000)).padStart(6, '0'),
    dueDate: input.dueDate,
  }
}

/**
 * The payment's id, derived from the caller's idempotency key: a retried createPayment whose
 * first transaction rolled back after the provider had already opened a checkout sends the
 * provider the very same request, so the provider's own idempotency returns that checkout
 * instead of refusing a changed body. A keyed hash, so ids cannot be guessed from keys.
 * Formatted as an RFC 9562 version 8 (custom) UUID.
 */
export function paymentIdFor(secret: string, tenantId: string, idempotencyKey: string): string {
  const bytes = createHmac('sha256', secret).update(`payment-id\n${tenantId}\n${idempotencyKey}`).digest().subarray(0, 16)
  bytes[6] = (bytes[6] & 0x0f) | 0x80
  bytes[8] = (bytes[8] & 0x3f) | 0x80
  const hex = bytes.toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

const tokyoDateFormat = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo', year: 'numeric', month: '2-digit', day: '2-digit' })

/** The calendar date in Japan ('YYYY-MM-DD') of an instant. */
export function tokyoDate(instant: Date): string {
  return tokyoDateFormat.format(instant)
}

/** Midnight in Japan at the start of a 'YYYY-MM-DD' date. */
export function tokyoDayStart(date: string): Date {
  return new Date(`${date}T00:00:00+09:00`)
}

/** A 'YYYY-MM-DD' string that is a real calendar date. */
export function isCalendarDate(value: string): boolean {
  if (!/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(value)) return false
  const date = new Date(`${value}T00:00:00Z`)
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value
}

/** Days from one 'YYYY-MM-DD' to another (inclusive range length minus one). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000)
}

/** Adds days to a 'YYYY-MM-DD' date. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)
}

/** The provider's name for people ('テスト決済(開発用)'), or its id when the catalog has none. */
export function providerLabel(t: Translate, provider: string): string {
  const key = `payments.provider.${provider}`
  const label = t(key)
  return label === key ? provider : label
}
