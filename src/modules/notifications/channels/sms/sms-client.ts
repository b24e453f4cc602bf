import { z } from 'zod'
import { findInProcessSmsRoute } from './sms-in-process.js'

/**
 * Client of the SMS provider's HTTP API. The API is modelled on the common gateways (Twilio,
 * Vonage, Media4U / KDDI Message Cast): one JSON POST per message, bearer key, idempotency key.
 *
 *   POST {baseUrl}/v1/messages
 *   Authorization: Bearer <apiKey>
 *   Idempotency-Key: <key>              same key → same message, never a second SMS
 *   { "to": "+819012345678", "from": "YAKUBA", "text": "…", "callback_url"?: "https://…/sms-receipts/<tenant>" }
 *   → 202 { "id": "msg_…", "status": "queued", "segments": 2 }
 *   → 400 { "error": { "code": "invalid_number" | "text_too_long" | "invalid_text" | "invalid_sender" | "invalid_request", "message": "…" } }
 *   → 401 bad key · 409 the key was used with another body · 429 + Retry-After · 5xx
 *
 * Delivery receipts come back to `/api/v1/notifications/sms-receipts/:tenant` (sms-signature.ts).
 *
 * Outcomes for the delivery engine:
 * - 202 → accepted, with the provider's message id (the engine stores it to match receipts);
 * - 429, 5xx, timeouts and network errors → retried here a bounded number of times with the
 *   same Idempotency-Key (safe: the provider sends once per key), then temporary_failure;
 * - 401 / 403 → temporary_failure: a wrong or rotated key is an operator's problem that will be
 *   fixed, and failing every queued message permanently would lose them;
 * - 400, 409 and other 4xx → permanent_failure with the provider's error code.
 */

export * from './sms-text.js'
export * from './japanese-phone.js'

export type SmsFetch = (
  input: string,
  init: { method: string; headers: Record<string, string>; body?: string; signal?: AbortSignal },
) => Promise<Response>

export type SmsSendStatus = 'accepted' | 'temporary_failure' | 'permanent_failure'

export interface SmsSendOutcome {
  status: SmsSendStatus
  /** the provider's message id (matches receipts) */
  messageId?: string
  /** the provider's error code or a short description */
  error?: string
  /** segments the provider will bill */
  segments?: number
  /** from a 429 the client gave up waiting for */
  retryAfterSeconds?: number
}

export interface SmsClientOptions {
  baseUrl: string
  apiKey: string
  fetch?: SmsFetch
  /** alphanumeric sender id or number shown to the resident (config.SMS_SENDER_ID) */
  senderId?: string
  /** where the provider posts this message's delivery receipt (`callback_url`, as Twilio's StatusCallback) */
  callbackUrl?: string
  /** attempts per message on 429 / 5xx / timeout (same Idempotency-Key). Default 3. */
  maxAttempts?: number
  /** first backoff, doubled per attempt. Default 500 ms. */
  backoffMs?: number
  /** a Retry-After longer than this is not waited for: temporary_failure, the engine retries later. Default 10 s. */
  maxRetryAfterMs?: number
  /** per-attempt timeout. Default 10 s. */
  timeoutMs?: number
  sleep?: (ms: number) => Promise<void>
}

export interface SmsClient {
  sendSms(to: string, text: string, idempotencyKey: string): Promise<SmsSendOutcome>
}

const AcceptedSchema = z.object({ id: z.string().min(1), status: z.string(), segments: z.number().int().optional() })
const ErrorSchema = z.object({ error: z.object({ code: z.string(), message: z.string().optional() }) })

const defaultSleep = (ms: number) => new Promise<void>(resolve => setTimeout(resolve, ms))

async function readErrorCode(response: Response): Promise<string> {
  const text = await response.text().catch(() => '')
  try {
    const parsed = ErrorSchema.safeParse(JSON.parse(text))
    if (parsed.success) return parsed.data.error.code
  } catch {
    // not JSON: fall through to the status
  }
  return `http_${response.status}`
}

/** Seconds (or an HTTP date) → milliseconds; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000
  const date = Date.parse(value)
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}

export function createSmsClient(options: SmsClientOptions): SmsClient {
  const baseUrl = options.baseUrl.replace(/\/$/, '')
  // Without an explicit fetch, a development fake mounted in this process is called in-process.
  const doFetch: SmsFetch = options.fetch ?? ((input, init) => (findInProcessSmsRoute(baseUrl) ?? fetch)(input, init))
  const maxAttempts = options.maxAttempts ?? 3
  const backoffMs = options.backoffMs ?? 500
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 10_000
  const timeoutMs = options.timeoutMs ?? 10_000
  const sleep = options.sleep ?? defaultSleep
  const from = options.senderId ?? 'YAKUBA'

  return {
    async sendSms(to, text, idempotencyKey) {
      const body = JSON.stringify({ to, from, text, ...(options.callbackUrl ? { callback_url: options.callbackUrl } : {}) })
      let last: SmsSendOutcome = { status: 'temporary_failure', error: 'not_attempted' }
      for (let attempt = 1; attempt <= maxAttempts; attempt++) {
        let waitMs = backoffMs * 2 ** (attempt - 1)
        try {
          const response = await doFetch(`${baseUrl}/v1/messages`, {
            method: 'POST',
            headers: { authorization: `Bearer ${options.apiKey}`, 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
            body,
            signal: AbortSignal.timeout(timeoutMs),
          })
          if (response.status === 202 || response.status === 200 || response.status === 201) {
            const parsed = AcceptedSchema.safeParse(await response.json().catch(() => undefined))
            // Accepted without an id we can read: the SMS will go out; the receipt cannot be matched.
            if (!parsed.success) return { status: 'accepted', error: 'unreadable_response' }
            return { status: 'accepted', messageId: parsed.data.id, segments: parsed.data.segments }
          }
          if (response.status === 429) {
            const retryAfter = parseRetryAfter(response.headers.get('retry-after'))
            await response.body?.cancel().catch(() => undefined)
            last = { status: 'temporary_failure', error: 'rate_limited', retryAfterSeconds: retryAfter === undefined ? undefined : Math.ceil(retryAfter / 1000) }
            if (retryAfter !== undefined) {
              if (retryAfter > maxRetryAfterMs) return last
              waitMs = retryAfter
            }
          } else if (response.status >= 500) {
            last = { status: 'temporary_failure', error: await readErrorCode(response) }
          } else if (response.status === 401 || response.status === 403) {
            return { status: 'temporary_failure', error: await readErrorCode(response) }
          } else {
            return { status: 'permanent_failure', error: await readErrorCode(response) }
          }
        } catch (error) {
          const name = (error as Error).name
          last = { status: 'temporary_failure', error: name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'network_error' }
        }
        if (attempt < maxAttempts) await sleep(waitMs)
      }
      return last
    },
  }
}
