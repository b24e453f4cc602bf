import { createHmac, timingSafeEqual } from 'node:crypto'

/**
 * Signatures of the SMS provider's delivery receipts (the Stripe scheme, which most gateways copy):
 *   X-Sms-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>
 * A receipt older or newer than five minutes is refused, so a captured request cannot be
 * replayed later. Several v1 values may appear while the provider rotates its secret.
 */
export const SMS_SIGNATURE_HEADER = 'x-sms-signature'
export const SMS_SIGNATURE_TOLERANCE_SECONDS = 300

export function signSmsReceipt(secret: string, rawBody: Buffer | string, timestampSeconds: number): string {
  const mac = createHmac('sha256', secret).update(`${timestampSeconds}.`).update(rawBody).digest('hex')
  return `t=${timestampSeconds},v1=${mac}`
}

export type SmsSignatureCheck = 'valid' | 'invalid' | 'stale'

export function verifySmsReceiptSignature(secret: string, rawBody: Buffer, header: string | string[] | undefined, now: Date = new Date()): SmsSignatureCheck {
  if (typeof header !== 'string' || header.length > 1000) return 'invalid'
  let timestamp: number | undefined
  const candidates: string[] = []
  for (const part of header.split(',')) {
    const [key, value] = part.trim().split('=', 2)
    if (key === 't' && value && /^\d{1,12}$/.test(value)) timestamp = Number(value)
    else if (key === 'v1' && value && /^[0-9a-f]{64}$/.test(value)) candidates.push(value)
  }
  if (timestamp === undefined || candidates.length === 0) return 'invalid'
  const expected = createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest()
  const matches = candidates.some(candidate => timingSafeEqual(expected, Buffer.from(candidate, 'hex')))
  if (!matches) return 'invalid'
  // Checked after the MAC so that an unsigned request learns nothing about our clock.
  if (Math.abs(now.getTime() / 1000 - timestamp) > SMS_SIGNATURE_TOLERANCE_SECONDS) return 'stale'
  return 'valid'
}
