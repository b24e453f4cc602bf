import { describe, expect, it } from 'vitest'
import { canResendCode, checkVerificationCode, generateVerificationCode, hashVerificationCode, normalizeCodeInput, VERIFICATION_CODE_TTL_MS } from './channel-verification.js'

const SECRET = 'unit-test-session-secret-of-32-characters'
const now = new Date('2026-04-01T09:00:00Z')

function stateWith(code: string, overrides: Partial<{ expiresAt: Date; attempts: number }> = {}) {
  return {
    id: 'c1',
    verificationCodeHash: hashVerificationCode(SECRET, 'c1', code),
    verificationExpiresAt: overrides.expiresAt ?? new Date(now.getTime() + 5 * 60_000),
    verificationAttempts: overrides.attempts ?? 0,
  }
}

describe('verification codes', () => {
  it('are six digits', () => {
    for (let i = 0; i < 50; i++) expect(generateVerificationCode()).toMatch(/^\d{6}$/)
  })

  it('accept the right code, typed with full-width digits and spaces too', () => {
    expect(checkVerificationCode(SECRET, stateWith('012345'), normalizeCodeInput('０１２ ３４５'), now)).toBe('ok')
  })

  it('refuse a wrong code, a code of another channel, an expired code and a used-up one', () => {
    expect(checkVerificationCode(SECRET, stateWith('012345'), '012346', now)).toBe('wrong')
    expect(checkVerificationCode(SECRET, { ...stateWith('012345'), id: 'c2' }, '012345', now)).toBe('wrong')
    expect(checkVerificationCode(SECRET, stateWith('012345', { expiresAt: now }), '012345', now)).toBe('expired')
    expect(checkVerificationCode(SECRET, stateWith('012345', { attempts: 5 }), '012345', now)).toBe('too_many_attempts')
    expect(checkVerificationCode(SECRET, stateWith('012345'), '12345', now)).toBe('malformed')
    expect(checkVerificationCode(SECRET, { id: 'c1', verificationCodeHash: null, verificationExpiresAt: null, verificationAttempts: 0 }, '012345', now)).toBe('no_code')
  })

  it('allow a new code only a minute after the last one', () => {
    const justSent = { verificationExpiresAt: new Date(now.getTime() + VERIFICATION_CODE_TTL_MS - 30_000) }
    const aMinuteAgo = { verificationExpiresAt: new Date(now.getTime() + VERIFICATION_CODE_TTL_MS - 60_000) }
    expect(canResendCode(justSent, now)).toBe(false)
    expect(canResendCode(aMinuteAgo, now)).toBe(true)
    expect(canResendCode({ verificationExpiresAt: null }, now)).toBe(true)
  })
})
