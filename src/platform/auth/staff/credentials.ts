import { hash, verify } from '@node-rs/argon2'
import { generateSecret, generateURI, verify as verifyTotp } from 'otplib'
import { randomInt } from 'node:crypto'
import QRCode from 'qrcode'
import { hashToken, randomToken } from '../../crypto.js'

/** argon2id with OWASP-recommended parameters (19 MiB, 2 iterations). */
const ARGON2_OPTIONS = { algorithm: 2 /* Argon2id */, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const

export async function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS)
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password)
  } catch {
    return false
  }
}

/** A hash to compare against when the account does not exist, so timing does not reveal it. */
let dummyHash: Promise<string> | undefined
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(randomToken(16))
  return dummyHash
}

/** Password policy: length over composition rules (NIST SP 800-63B). */
export function checkPasswordPolicy(password: string): 'ok' | 'tooShort' | 'tooLong' {
  if ([...password].length < 12) return 'tooShort'
  if (password.length > 256) return 'tooLong'
  return 'ok'
}

export function createTotpSecret(): string {
  return generateSecret({ length: 20 })
}

export async function totpEnrolmentQr(input: { secret: string; issuer: string; label: string }) {
  const uri = generateURI({ strategy: 'totp', issuer: input.issuer, label: input.label, secret: input.secret })
  const svg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2, width: 192 })
  return { uri, svg }
}

/**
 * Checks a 6-digit code with ±1 step tolerance. `afterTimeStep` rejects codes at or before the
 * last accepted step, so a code cannot be replayed.
 */
export async function checkTotp(secret: string, code: string, afterTimeStep: number | null): Promise<{ valid: boolean; timeStep?: number }> {
  const token = code.replace(/\s+/g, '')
  if (!/^\d{6}$/.test(token)) return { valid: false }
  let result: unknown
  try {
    result = await verifyTotp({
      secret,
      token,
      epochTolerance: 30,
      ...(afterTimeStep !== null ? { afterTimeStep } : {}),
    } as never)
  } catch {
    // otplib throws when the last accepted step is ahead of this node's clock (skew between web
    // nodes, a clock stepped back): that is a failed check, not a server error.
    return { valid: false }
  }
  const r = result as { valid: boolean; timeStep?: number }
  return r.valid ? { valid: true, timeStep: r.timeStep } : { valid: false }
}

const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789'

/** Ten one-time recovery codes like `k7m2-p9qx-4hta`; only their hashes are stored. */
export function createRecoveryCodes(count = 10): { codes: string[]; hashes: string[] } {
  const codes = Array.from({ length: count }, () => {
    const s = Array.from({ length: 12 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]).join('')
    return `${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8, 12)}`
  })
  return { codes, hashes: codes.map(c => hashToken(normalizeRecoveryCode(c))) }
}

export function normalizeRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[^a-z0-9]/g, '')
}
