import { createHmac, timingSafeEqual } from 'node:crypto'

/**
 * LINE webhook signatures (../shared/standards/line-webhook.md §1):
 * `x-line-signature = Base64(HMAC-SHA256(key = channel secret, message = raw body bytes))`.
 * Always verify the raw body exactly as received: re-serialised JSON has different bytes,
 * notably for Japanese text.
 */
export const LINE_SIGNATURE_HEADER = 'x-line-signature'

/** The `x-line-signature` value LINE would send for this body (used by the fake and tests). */
export function signLineBody(channelSecret: string, rawBody: Buffer | string): string {
  return createHmac('sha256', channelSecret).update(rawBody).digest('base64')
}

/**
 * True only when the header is the signature of this exact body under this channel secret.
 * Compared in constant time on the decoded bytes, as LINE's own SDK does; a missing, repeated
 * or wrongly sized header is simply invalid.
 */
export function verifyLineSignature(channelSecret: string, rawBody: Buffer, signatureHeader: string | string[] | undefined): boolean {
  if (typeof signatureHeader !== 'string' || signatureHeader === '' || signatureHeader.length > 200) return false
  const expected = createHmac('sha256', channelSecret).update(rawBody).digest()
  const given = Buffer.from(signatureHeader, 'base64')
  return given.length === expected.length && timingSafeEqual(expected, given)
}
