import { createCipheriv, createDecipheriv, createHash, createHmac, createSecretKey, randomBytes, timingSafeEqual, type KeyObject } from 'node:crypto'

/** Random URL-safe token (session ids, CSRF secrets, magic links). */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url')
}

/** Tokens are stored only as their SHA-256, so a database leak does not leak live sessions. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

const keys = new Map<string, KeyObject>()

/** HMAC-SHA256, base64url. Key objects are made once per secret (they are costly to derive). */
export function hmac(secret: string, value: string): string {
  let key = keys.get(secret)
  if (!key) {
    key = createSecretKey(Buffer.from(secret, 'utf8'))
    keys.set(secret, key)
  }
  return createHmac('sha256', key).update(value).digest('base64url')
}

export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a)
  const right = Buffer.from(b)
  return left.length === right.length && timingSafeEqual(left, right)
}

const KEY_ID = 'k1'

/**
 * AES-256-GCM for special-care personal data and secrets at rest (TOTP secrets, My Number).
 * Format `k1.<iv>.<tag>.<ciphertext>` (base64url); the key id allows rotation.
 */
export function encryptField(key: Buffer, plaintext: string): string {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', key, iv)
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
  return [KEY_ID, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ciphertext.toString('base64url')].join('.')
}

export function decryptField(key: Buffer, value: string): string {
  const [keyId, iv, tag, ciphertext] = value.split('.')
  if (keyId !== KEY_ID || !iv || !tag || ciphertext === undefined) throw new Error('unsupported encrypted field format')
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'))
  decipher.setAuthTag(Buffer.from(tag, 'base64url'))
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8')
}
