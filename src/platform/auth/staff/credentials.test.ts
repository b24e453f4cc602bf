import { describe, expect, it } from 'vitest'
import { generate } from 'otplib'
import { checkPasswordPolicy, checkTotp, createRecoveryCodes, createTotpSecret, hashPassword, normalizeRecoveryCode, verifyPassword } from './credentials.js'
import { hashToken } from '../../crypto.js'
import { decryptField, encryptField } from '../../crypto.js'

describe('staff credentials', () => {
  it('hashes passwords with argon2id and verifies them', async () => {
    const hash = await hashPassword('correct horse battery staple')
    expect(hash.startsWith('$argon2id$')).toBe(true)
    expect(await verifyPassword(hash, 'correct horse battery staple')).toBe(true)
    expect(await verifyPassword(hash, 'wrong')).toBe(false)
    expect(await verifyPassword('not a hash', 'x')).toBe(false)
  })

  it('asks for length rather than composition', () => {
    expect(checkPasswordPolicy('short')).toBe('tooShort')
    expect(checkPasswordPolicy('twelve chars')).toBe('ok')
    expect(checkPasswordPolicy('𠮷'.repeat(11))).toBe('tooShort')
  })

  it('accepts the current TOTP code once and refuses older steps', async () => {
    const secret = createTotpSecret()
    const code = await generate({ secret })
    const first = await checkTotp(secret, code, null)
    expect(first.valid).toBe(true)
    expect((await checkTotp(secret, code, first.timeStep ?? null)).valid).toBe(false)
    expect((await checkTotp(secret, '12345', null)).valid).toBe(false)
    expect((await checkTotp(secret, 'abcdef', null)).valid).toBe(false)
  })

  it('makes ten distinct recovery codes stored only as hashes', () => {
    const { codes, hashes } = createRecoveryCodes()
    expect(new Set(codes).size).toBe(10)
    codes.forEach((code, i) => expect(hashes[i]).toBe(hashToken(normalizeRecoveryCode(code.toUpperCase()))))
    expect(codes.every(c => /^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/.test(c))).toBe(true)
  })

  it('encrypts secrets with AES-256-GCM and detects tampering', () => {
    const key = Buffer.alloc(32, 3)
    const sealed = encryptField(key, 'JBSWY3DPEHPK3PXP')
    expect(decryptField(key, sealed)).toBe('JBSWY3DPEHPK3PXP')
    const parts = sealed.split('.')
    parts[3] = Buffer.from('tampered').toString('base64url')
    expect(() => decryptField(key, parts.join('.'))).toThrow()
    expect(() => decryptField(Buffer.alloc(32, 4), sealed)).toThrow()
  })
})
