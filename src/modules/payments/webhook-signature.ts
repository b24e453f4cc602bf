import { createHmac, timingSafeEqual } from 'node:crypto'
import { WebhookSignatureError } from './payment-provider.js'

/**
 * The Yakuba Pay webhook signature (the protocol the fake provider speaks, modelled on the
 * common `t=…,v1=…` scheme): header `Yakuba-Pay-Signature: t=<unix seconds>,v1=<hex>` where
 * hex = HMAC-SHA256(secret, `${t}.${rawBody}`). The timestamp is signed, so an old delivery
 * cannot be replayed beyond the tolerance; several v1 entries are accepted (secret rotation).
 */
export const SIGNATURE_HEADER = 'yakuba-pay-signature'
export const DEFAULT_TOLERANCE_SECONDS = 300

function computeSignature(secret: string, timestamp: number, rawBody: Buffer | string): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex')
}

/** The header value for a body sent at `timestamp` (unix seconds). */
export function signWebhook(secret: string, rawBody: Buffer | string, timestamp = Math.floor(Date.now() / 1000)): string {
  return `t=${timestamp},v1=${computeSignature(secret, timestamp, rawBody)}`
}

/** Throws WebhookSignatureError unless the header signs this exact body within the tolerance. */
export function verifyWebhookSignature(
  secret: string,
  rawBody: Buffer | string,
  header: string | string[] | undefined,
  options: { toleranceSeconds?: number; now?: number } = {},
): { timestamp: number } {
  if (header === undefined || header === '') throw new WebhookSignatureError('missing')
  if (Array.isArray(header) || header.length > 2000) throw new WebhookSignatureError('malformed')
  let timestamp: number | undefined
  const signatures: string[] = []
  for (const part of header.split(',')) {
    const eq = part.indexOf('=')
    if (eq < 0) continue
    const key = part.slice(0, eq).trim()
    const value = part.slice(eq + 1).trim()
    if (key === 't' && /^[0-9]{1,12}$/.test(value)) timestamp = Number(value)
    else if (key === 'v1' && /^[0-9a-f]{64}$/.test(value)) signatures.push(value)
  }
  if (timestamp === undefined || signatures.length === 0) throw new WebhookSignatureError('malformed')
  const expected = Buffer.from(computeSignature(secret, timestamp, rawBody), 'hex')
  if (!signatures.some(s => timingSafeEqual(Buffer.from(s, 'hex'), expected))) throw new WebhookSignatureError('mismatch')
  const now = options.now ?? Math.floor(Date.now() / 1000)
  // Checked after the signature, so an attacker learns nothing from the timestamp alone.
  if (Math.abs(now - timestamp) > (options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS)) throw new WebhookSignatureError('stale')
  return { timestamp }
}
