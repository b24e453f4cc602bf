import { createHash } from 'node:crypto'
import { z } from 'zod'

/**
 * A small LINE Messaging API client for the two sends the notifications hub needs (push and
 * multicast). Written here rather than on `@line/bot-sdk` (not installed) because what matters is
 * the delivery contract, which the SDK leaves to the caller:
 * - every request carries an `X-Line-Retry-Key` derived deterministically from the caller's key,
 *   so a send retried after a crash or timeout reuses the same keys and LINE sends nothing twice;
 * - 409 for a retry key means LINE already accepted that request — a success, not an error;
 * - 429 (LINE sends no Retry-After), 5xx and timeouts are retried with backoff, a bounded number
 *   of times, with the same key; then reported as temporary failures for the engine to retry later;
 * - 400/401/403 (and other 4xx) are permanent: retrying the same request cannot succeed.
 */

export type FetchLike = (
  input: string,
  init: { method: string; headers: Record<string, string>; body?: string; signal?: AbortSignal },
) => Promise<Response>

export type LineMessage =
  | { type: 'text'; text: string }
  | { type: 'sticker'; packageId: string; stickerId: string }
  | { type: 'flex'; altText: string; contents: Record<string, unknown> }

export type LineSendStatus = 'accepted' | 'temporary_failure' | 'permanent_failure'

export interface LineSendOutcome {
  status: LineSendStatus
  /** `x-line-request-id` (or, on 409, the id of the request LINE accepted earlier). */
  requestId?: string
  error?: string
  /** The `X-Line-Retry-Key` sent; stable for the same caller key and batch. */
  retryKey: string
  /** Who this request was for (the batch, for multicast). */
  recipients: string[]
}

export interface LineClientOptions {
  channelAccessToken: string
  /** Default https://api.line.me; the fake (or a proxy) elsewhere. */
  baseUrl?: string
  fetch?: FetchLike
  /** Attempts per request on 429 / 5xx / timeout / network error (same retry key). Default 4. */
  maxAttempts?: number
  /** First backoff; doubled per attempt up to maxBackoffMs. Default 500 ms. */
  backoffMs?: number
  maxBackoffMs?: number
  /** Per-attempt timeout. Default 10 s. */
  timeoutMs?: number
  /** Injectable so tests do not wait (and can drive the fake's clock). */
  sleep?: (ms: number) => Promise<void>
}

/** LINE's documented limits. */
export const LINE_MULTICAST_MAX_RECIPIENTS = 500
export const LINE_MAX_MESSAGES_PER_REQUEST = 5

const LineErrorSchema = z.object({ message: z.string(), details: z.array(z.object({ message: z.string().optional(), property: z.string().optional() })).optional() })

const defaultSleep = (ms: number) => new Promise<void>(resolve => setTimeout(resolve, ms))

/**
 * The retry key for one request: a name-based UUID (version 5 layout over SHA-256) of the
 * caller's key and the batch index, so the same logical send always produces the same keys.
 */
export function deriveLineRetryKey(callerKey: string, batchIndex: number): string {
  const bytes = createHash('sha256').update(`yakuba.line.retry-key\n${callerKey}\n${batchIndex}`).digest().subarray(0, 16)
  bytes[6] = (bytes[6] & 0x0f) | 0x50
  bytes[8] = (bytes[8] & 0x3f) | 0x80
  const hex = bytes.toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

function describeError(status: number, text: string): string {
  let parsed: z.infer<typeof LineErrorSchema> | undefined
  try {
    const result = LineErrorSchema.safeParse(JSON.parse(text))
    if (result.success) parsed = result.data
  } catch {
    parsed = undefined
  }
  if (!parsed) return `LINE ${status}`
  const details = (parsed.details ?? []).map(d => [d.property, d.message].filter(Boolean).join(': ')).filter(Boolean)
  return `LINE ${status}: ${parsed.message}${details.length ? ` (${details.join('; ')})` : ''}`
}

export function createLineClient(options: LineClientOptions) {
  const baseUrl = (options.baseUrl ?? 'https://api.line.me').replace(/\/+$/, '')
  const doFetch: FetchLike = options.fetch ?? ((input, init) => fetch(input, init))
  const maxAttempts = Math.max(1, options.maxAttempts ?? 4)
  const backoffMs = options.backoffMs ?? 500
  const maxBackoffMs = options.maxBackoffMs ?? 8000
  const timeoutMs = options.timeoutMs ?? 10_000
  const sleep = options.sleep ?? defaultSleep

  async function send(path: string, body: unknown, retryKey: string, recipients: string[]): Promise<LineSendOutcome> {
    const payload = JSON.stringify(body)
    let last: LineSendOutcome = { status: 'temporary_failure', error: 'not sent', retryKey, recipients }
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      if (attempt > 1) await sleep(Math.min(maxBackoffMs, backoffMs * 2 ** (attempt - 2)))
      let response: Response
      let text: string
      try {
        response = await doFetch(`${baseUrl}${path}`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${options.channelAccessToken}`,
            'content-type': 'application/json',
            'x-line-retry-key': retryKey,
          },
          body: payload,
          signal: AbortSignal.timeout(timeoutMs),
        })
        text = await response.text()
      } catch (error) {
        // Timeout or network error: LINE may or may not have accepted it; the retry key makes
        // trying again safe.
        const reason = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError') ? `timed out after ${timeoutMs} ms` : `unreachable: ${(error as Error).message}`
        last = { status: 'temporary_failure', error: `LINE ${reason}`, retryKey, recipients }
        continue
      }
      const requestId = response.headers.get('x-line-request-id') ?? undefined
      if (response.ok) return { status: 'accepted', requestId, retryKey, recipients }
      if (response.status === 409) {
        // The retry key was accepted before (a retried send): LINE has delivered it already.
        return { status: 'accepted', requestId: response.headers.get('x-line-accepted-request-id') ?? requestId, retryKey, recipients }
      }
      const error = describeError(response.status, text)
      if (response.status === 429) {
        last = { status: 'temporary_failure', requestId, error, retryKey, recipients }
        // The monthly message quota is also a 429; backing off for seconds cannot help with it.
        if (/monthly limit/i.test(error)) return last
        continue
      }
      if (response.status >= 500) {
        last = { status: 'temporary_failure', requestId, error, retryKey, recipients }
        continue
      }
      return { status: 'permanent_failure', requestId, error, retryKey, recipients }
    }
    return last
  }

  return {
    /** One user, group or room. */
    async pushMessage(to: string, messages: LineMessage[], retryKey: string): Promise<LineSendOutcome> {
      return send('/v2/bot/message/push', { to, messages }, deriveLineRetryKey(retryKey, 0), [to])
    },

    /**
     * Many users, in batches of at most 500, sent one after another (gentler on LINE's rate
     * limit); one outcome per batch, in order. Batch i always gets the retry key derived from
     * (retryKey, i), so the caller must keep `userIds` in the same order when retrying.
     */
    async multicast(userIds: string[], messages: LineMessage[], retryKey: string): Promise<LineSendOutcome[]> {
      const outcomes: LineSendOutcome[] = []
      for (let start = 0, index = 0; start < userIds.length; start += LINE_MULTICAST_MAX_RECIPIENTS, index++) {
        const batch = userIds.slice(start, start + LINE_MULTICAST_MAX_RECIPIENTS)
        outcomes.push(await send('/v2/bot/message/multicast', { to: batch, messages }, deriveLineRetryKey(retryKey, index), batch))
      }
      return outcomes
    },
  }
}

export type LineClient = ReturnType<typeof createLineClient>
