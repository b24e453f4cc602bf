/**
 * Rules of the one-time codes that prove a resident holds an email address or a phone: six
 * digits, valid ten minutes, five tries, a new code at most once a minute. Codes are stored
 * only as an HMAC under the server secret and the channel id: a million possible codes would
 * fall to brute force from a leaked plain hash, not from a keyed one.
 */
import { randomInt } from 'node:crypto'
import { hmac, safeEqual } from '../../../platform/crypto.js'

export const VERIFICATION_CODE_TTL_MS = 10 * 60 * 1000
export const VERIFICATION_MAX_ATTEMPTS = 5
export const VERIFICATION_RESEND_INTERVAL_MS = 60 * 1000

export function generateVerificationCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0')
}

export function hashVerificationCode(secret: string, channelId: string, code: string): string {
  return hmac(secret, `yakuba.channel-code\n${channelId}\n${code}`)
}

/** Residents type codes with full-width digits and spaces (「１２３ ４５６」). */
export function normalizeCodeInput(input: unknown): string {
  if (typeof input !== 'string') return ''
  return input
    .slice(0, 40)
    .replace(/[０-９]/g, ch => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000\-－ー]/g, '')
}

export type CodeCheck = 'ok' | 'wrong' | 'malformed' | 'expired' | 'too_many_attempts' | 'no_code'

export interface CodeState {
  id: string
  verificationCodeHash: string | null
  verificationExpiresAt: Date | null
  verificationAttempts: number
}

/** Checks a typed code against the stored one. Attempts are counted by the caller on 'wrong' and 'malformed'. */
export function checkVerificationCode(secret: string, state: CodeState, typed: string, now: Date): CodeCheck {
  if (!state.verificationCodeHash || !state.verificationExpiresAt) return 'no_code'
  if (state.verificationAttempts >= VERIFICATION_MAX_ATTEMPTS) return 'too_many_attempts'
  if (state.verificationExpiresAt.getTime() <= now.getTime()) return 'expired'
  if (!/^\d{6}$/.test(typed)) return 'malformed'
  return safeEqual(hashVerificationCode(secret, state.id, typed), state.verificationCodeHash) ? 'ok' : 'wrong'
}

/** When the last code was sent, derived from its expiry (no extra column needed). */
export function canResendCode(state: Pick<CodeState, 'verificationExpiresAt'>, now: Date): boolean {
  if (!state.verificationExpiresAt) return true
  const issuedAt = state.verificationExpiresAt.getTime() - VERIFICATION_CODE_TTL_MS
  return now.getTime() - issuedAt >= VERIFICATION_RESEND_INTERVAL_MS
}
