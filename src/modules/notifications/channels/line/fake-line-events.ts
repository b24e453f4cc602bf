import { randomBytes } from 'node:crypto'

/** Webhook events as LINE sends them, for the fake's webhooks, the dev viewer and tests. */

/** A ULID-shaped id (26 Crockford base32 characters), as LINE's webhookEventId. */
function ulidLike(now: number): string {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
  let time = ''
  for (let t = now, i = 0; i < 10; i++, t = Math.floor(t / 32)) time = alphabet[t % 32] + time
  let rest = ''
  for (const byte of randomBytes(16)) rest += alphabet[byte % 32]
  return time + rest
}

export type FakeLineEventInput =
  | { type: 'follow'; userId: string; isUnblocked?: boolean }
  | { type: 'unfollow'; userId: string }
  | { type: 'message'; userId: string; text: string }
  | { type: 'postback'; userId: string; data: string }

/** One webhook event as LINE sends it (fresh webhookEventId and reply token). */
export function buildLineEvent(input: FakeLineEventInput, now = Date.now()): Record<string, unknown> {
  const base = { webhookEventId: ulidLike(now), deliveryContext: { isRedelivery: false }, timestamp: now, mode: 'active', source: { type: 'user', userId: input.userId } }
  const replyToken = randomBytes(16).toString('hex')
  switch (input.type) {
    case 'follow':
      return { type: 'follow', ...base, replyToken, follow: { isUnblocked: input.isUnblocked ?? false } }
    case 'unfollow':
      return { type: 'unfollow', ...base }
    case 'message':
      return { type: 'message', ...base, replyToken, message: { type: 'text', id: String(Math.floor(Math.random() * 1e17)), quoteToken: randomBytes(24).toString('base64url'), text: input.text } }
    case 'postback':
      return { type: 'postback', ...base, replyToken, postback: { data: input.data } }
  }
}
