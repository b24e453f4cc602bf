import { createHash, randomBytes } from 'node:crypto'
import { z } from 'zod'
import { safeEqual } from '../../../../platform/crypto.js'
import { checkSmsText, type SmsEncoding } from './sms-text.js'
import { SMS_SIGNATURE_HEADER, signSmsReceipt } from './sms-signature.js'

/**
 * A faithful local stand-in for the SMS provider API of sms-client.ts, for development and tests.
 * It answers as a gateway does: 401 for a bad key; 400 `{ error: { code } }` for an invalid
 * number, sender or text; the same message (and no second SMS) for a repeated Idempotency-Key,
 * 409 when the key comes back with another body; 429 + Retry-After over the rate limit; 500 when
 * the failure knob says so. Accepted messages get a delivery receipt POSTed, signed, to the
 * `callback_url` of the request (or the default webhook) after a delay, retried with backoff
 * until a 2xx — asynchronously, like a real gateway.
 */

export type FakeSmsReceiptStatus = 'delivered' | 'failed' | 'expired'

export interface FakeSmsKnobs {
  /** Requests allowed per API key per window (then 429 with Retry-After). */
  rateLimit: { max: number; windowMs: number }
  /** Fraction of requests answered 500 without accepting anything. */
  failureRate: number
  /** What the handset "does" with accepted messages. */
  receiptStatus: FakeSmsReceiptStatus
  /** Numbers whose messages fail (receipt 'failed', error_code 'unreachable'). */
  unreachableNumbers: string[]
  /** How long after acceptance the receipt is sent. */
  receiptDelayMs: number
  /** Receipt retries before giving up (backoff doubles from retryBaseMs). */
  receiptAttempts: number
  retryBaseMs: number
}

export const DEFAULT_FAKE_SMS_KNOBS: FakeSmsKnobs = {
  rateLimit: { max: 100, windowMs: 1000 },
  failureRate: 0,
  receiptStatus: 'delivered',
  unreachableNumbers: [],
  receiptDelayMs: 50,
  receiptAttempts: 5,
  retryBaseMs: 500,
}

export interface FakeSmsMessage {
  id: string
  to: string
  from: string
  text: string
  encoding: SmsEncoding
  segments: number
  status: 'queued' | FakeSmsReceiptStatus
  errorCode?: string
  idempotencyKey?: string
  callbackUrl?: string
  receivedAt: Date
  receipt?: { status: FakeSmsReceiptStatus; attempts: number; lastHttpStatus?: number; deliveredAt?: Date }
}

export interface FakeSmsRequest {
  method: string
  path: string
  headers: Record<string, string | string[] | undefined>
  body: string
}

export interface FakeSmsResponse {
  status: number
  headers: Record<string, string>
  body: unknown
}

/** Posts one receipt; returns the HTTP status the webhook answered (0 for a network error). */
export type DeliverReceipt = (url: string, body: string, headers: Record<string, string>) => Promise<{ status: number }>

export interface FakeSmsOptions {
  apiKeys: string[]
  webhookSecret: string
  /** where receipts go when a request names no callback_url */
  defaultWebhookUrl?: string
  deliver: DeliverReceipt
  knobs?: Partial<FakeSmsKnobs>
  random?: () => number
  now?: () => number
}

const MessageBodySchema = z.object({
  to: z.string().max(40),
  from: z.string().max(40),
  text: z.string().max(10_000),
  callback_url: z.url().max(2000).optional(),
})

const E164 = /^\+[1-9]\d{7,14}$/
// Japanese numbers that cannot receive SMS: fixed lines, 050 IP phones, 0120/0800/0570 services, 020 M2M.
const JAPAN_NOT_MOBILE = /^\+81(?![6789]0)\d{9,10}$/
const SENDER = /^[A-Za-z0-9]{1,11}$|^\+?\d{3,15}$/

function header(headers: FakeSmsRequest['headers'], name: string): string | undefined {
  const value = headers[name]
  return typeof value === 'string' ? value : undefined
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}): FakeSmsResponse => ({ status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers }, body })
const problem = (status: number, code: string, message: string, headers: Record<string, string> = {}) => json(status, { error: { code, message } }, headers)

export function createFakeSms(options: FakeSmsOptions) {
  let knobs: FakeSmsKnobs = { ...DEFAULT_FAKE_SMS_KNOBS, ...options.knobs }
  const random = options.random ?? Math.random
  const now = options.now ?? Date.now
  const messages: FakeSmsMessage[] = []
  const byKey = new Map<string, { hash: string; response: FakeSmsResponse }>()
  const windows = new Map<string, { start: number; count: number }>()
  const pending = new Set<Promise<void>>()
  const timers = new Map<NodeJS.Timeout, () => void>()
  let isClosed = false

  const sleep = (ms: number) =>
    new Promise<void>(resolve => {
      const timer = setTimeout(() => {
        timers.delete(timer)
        resolve()
      }, ms)
      timers.set(timer, resolve)
    })

  async function sendReceipt(message: FakeSmsMessage): Promise<void> {
    await sleep(knobs.receiptDelayMs)
    if (isClosed) return
    const url = message.callbackUrl ?? options.defaultWebhookUrl
    const status: FakeSmsReceiptStatus = knobs.unreachableNumbers.includes(message.to) ? 'failed' : knobs.receiptStatus
    const errorCode = status === 'failed' ? 'unreachable' : status === 'expired' ? 'validity_period_expired' : undefined
    message.status = status
    message.errorCode = errorCode
    message.receipt = { status, attempts: 0 }
    if (!url) return
    const body = JSON.stringify({ id: message.id, status, ...(errorCode ? { error_code: errorCode } : {}) })
    for (let attempt = 1; attempt <= knobs.receiptAttempts && !isClosed; attempt++) {
      const signature = signSmsReceipt(options.webhookSecret, body, Math.floor(now() / 1000))
      let answered = 0
      try {
        answered = (await options.deliver(url, body, { 'content-type': 'application/json', [SMS_SIGNATURE_HEADER]: signature })).status
      } catch {
        answered = 0
      }
      message.receipt.attempts = attempt
      message.receipt.lastHttpStatus = answered
      if (answered >= 200 && answered < 300) {
        message.receipt.deliveredAt = new Date(now())
        return
      }
      await sleep(knobs.retryBaseMs * 2 ** (attempt - 1))
    }
  }

  function scheduleReceipt(message: FakeSmsMessage) {
    const job = sendReceipt(message).finally(() => pending.delete(job))
    pending.add(job)
  }

  function createMessage(req: FakeSmsRequest): FakeSmsResponse {
    const authorization = header(req.headers, 'authorization') ?? ''
    const key = authorization.startsWith('Bearer ') ? authorization.slice(7) : ''
    if (!key || !options.apiKeys.some(k => safeEqual(k, key))) return problem(401, 'unauthorized', 'The API key is missing or wrong.')

    const window = windows.get(key)
    const at = now()
    if (!window || at - window.start >= knobs.rateLimit.windowMs) windows.set(key, { start: at, count: 1 })
    else if (window.count >= knobs.rateLimit.max) {
      const retryAfter = Math.max(1, Math.ceil((window.start + knobs.rateLimit.windowMs - at) / 1000))
      return problem(429, 'rate_limited', 'Too many requests.', { 'retry-after': String(retryAfter) })
    } else window.count += 1

    const idempotencyKey = header(req.headers, 'idempotency-key')
    if (idempotencyKey !== undefined && (idempotencyKey.length === 0 || idempotencyKey.length > 255)) return problem(400, 'invalid_request', 'Idempotency-Key must be 1–255 characters.')
    const hash = createHash('sha256').update(req.body).digest('hex')
    if (idempotencyKey) {
      const earlier = byKey.get(`${key}\n${idempotencyKey}`)
      if (earlier) {
        if (earlier.hash !== hash) return problem(409, 'idempotency_key_reused', 'This Idempotency-Key was used with another request.')
        return { ...earlier.response, headers: { ...earlier.response.headers, 'idempotent-replayed': 'true' } }
      }
    }
    if (random() < knobs.failureRate) return problem(500, 'internal_error', 'Something went wrong.')

    let parsedJson: unknown
    try {
      parsedJson = JSON.parse(req.body)
    } catch {
      return problem(400, 'invalid_request', 'The body is not valid JSON.')
    }
    const parsed = MessageBodySchema.safeParse(parsedJson)
    if (!parsed.success) return problem(400, 'invalid_request', `Invalid field: ${parsed.error.issues[0]?.path.join('.') ?? 'body'}`)
    const { to, from, text, callback_url: callbackUrl } = parsed.data
    if (!E164.test(to)) return problem(400, 'invalid_number', 'The destination is not an E.164 number.')
    if (JAPAN_NOT_MOBILE.test(to)) return problem(400, 'not_mobile', 'The destination cannot receive SMS.')
    if (!SENDER.test(from)) return problem(400, 'invalid_sender', 'The sender id is not allowed.')
    const check = checkSmsText(text)
    if (!check.ok) {
      if (check.reasons.includes('too_long')) return problem(400, 'text_too_long', `The text needs ${check.segments} segments (at most 10).`)
      return problem(400, 'invalid_text', `The text cannot be sent: ${check.reasons.join(', ')}.`)
    }

    const message: FakeSmsMessage = {
      id: `msg_${randomBytes(12).toString('hex')}`,
      to,
      from,
      text,
      encoding: check.encoding,
      segments: check.segments,
      status: 'queued',
      idempotencyKey,
      callbackUrl,
      receivedAt: new Date(at),
    }
    messages.push(message)
    const response = json(202, { id: message.id, status: 'queued', segments: message.segments })
    if (idempotencyKey) byKey.set(`${key}\n${idempotencyKey}`, { hash, response })
    scheduleReceipt(message)
    return response
  }

  return {
    handle(req: FakeSmsRequest): FakeSmsResponse {
      if (req.method === 'POST' && req.path === '/v1/messages') return createMessage(req)
      if (req.method === 'GET' && req.path.startsWith('/v1/messages/')) {
        const authorization = header(req.headers, 'authorization') ?? ''
        if (!options.apiKeys.some(k => safeEqual(`Bearer ${k}`, authorization))) return problem(401, 'unauthorized', 'The API key is missing or wrong.')
        const message = messages.find(m => m.id === req.path.slice('/v1/messages/'.length))
        if (!message) return problem(404, 'not_found', 'No such message.')
        return json(200, { id: message.id, to: message.to, status: message.status, segments: message.segments, error_code: message.errorCode })
      }
      return problem(404, 'not_found', 'No such endpoint.')
    },
    /** Every accepted message, oldest first. */
    messages(): readonly FakeSmsMessage[] {
      return messages
    },
    messagesTo(to: string): FakeSmsMessage[] {
      return messages.filter(m => m.to === to)
    },
    setKnobs(change: Partial<FakeSmsKnobs>) {
      knobs = { ...knobs, ...change }
    },
    resetKnobs() {
      knobs = { ...DEFAULT_FAKE_SMS_KNOBS, ...options.knobs }
      windows.clear()
    },
    /** Waits until every scheduled receipt was sent (or gave up), at most `timeoutMs`. */
    async drain(timeoutMs = 10_000): Promise<void> {
      const deadline = Date.now() + timeoutMs
      while (pending.size > 0 && Date.now() < deadline) await Promise.race([Promise.allSettled([...pending]), new Promise(resolve => setTimeout(resolve, 50))])
    },
    close() {
      isClosed = true
      // Wake every waiting receipt so that nothing is left pending; they stop at the isClosed check.
      for (const [timer, resolve] of timers) {
        clearTimeout(timer)
        resolve()
      }
      timers.clear()
    },
  }
}

export type FakeSms = ReturnType<typeof createFakeSms>
