import { createHash } from 'node:crypto'
import { z } from 'zod'

/**
 * A small LINE Messaging API client for what the notifications hub needs: push and multicast
 * (deliveries), reply (webhook answers), rich menus and bot info (account setup). Written here rather than on `@line/bot-sdk` (not installed) because what matters is
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

/** The same transport for a binary body (the rich menu image upload). */
export type BinaryFetchLike = (
  input: string,
  init: { method: string; headers: Record<string, string>; body: Uint8Array<ArrayBuffer>; signal?: AbortSignal },
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
  /**
   * Where binary content goes (rich menu images): https://api-data.line.me for the real API;
   * by default the same host as baseUrl for anything else (the fake serves both).
   */
  dataBaseUrl?: string
  fetch?: FetchLike
  fetchBinary?: BinaryFetchLike
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

/** A LINE API call that did not succeed (account-setup calls; sends report outcomes instead). */
export class LineApiError extends Error {
  constructor(
    message: string,
    /** HTTP status, undefined for a timeout or network error */
    readonly status: number | undefined,
    /** true when the same call may succeed later (429, 5xx, timeout) */
    readonly isTemporary: boolean,
    readonly requestId?: string,
  ) {
    super(message)
    this.name = 'LineApiError'
  }
}

export type LineAction =
  | { type: 'uri'; label?: string; uri: string }
  | { type: 'postback'; label?: string; data: string; displayText?: string }
  | { type: 'message'; label?: string; text: string }

export interface LineRichMenuArea {
  bounds: { x: number; y: number; width: number; height: number }
  action: LineAction
}

/** The rich menu object of `POST /v2/bot/richmenu`. */
export interface LineRichMenu {
  size: { width: number; height: number }
  selected: boolean
  name: string
  chatBarText: string
  areas: LineRichMenuArea[]
}

export interface LineRichMenuWithId extends LineRichMenu {
  richMenuId: string
}

/** `GET /v2/bot/info`. */
export interface LineBotInfo {
  userId: string
  basicId: string
  premiumId?: string
  displayName: string
  pictureUrl?: string
  chatMode: 'chat' | 'bot'
  markAsReadMode: 'auto' | 'manual'
}

export type LineReplyOutcome = { status: LineSendStatus; requestId?: string; error?: string }

const RichMenuIdSchema = z.object({ richMenuId: z.string().min(1).max(200) })
const RichMenuListSchema = z.object({ richmenus: z.array(z.looseObject({ richMenuId: z.string(), name: z.string() })) })
const BotInfoSchema = z.looseObject({ userId: z.string(), basicId: z.string(), displayName: z.string(), chatMode: z.enum(['chat', 'bot']), markAsReadMode: z.enum(['auto', 'manual']) })

type Attempt =
  | { ok: true; status: number; text: string; requestId?: string; acceptedRequestId?: string }
  | { ok: false; isTemporary: boolean; status?: number; requestId?: string; error: string }

/** The data host for a Messaging API host: api.line.me → api-data.line.me; anything else (the fake, a proxy) serves both. */
export function lineDataBaseUrl(baseUrl: string): string {
  const url = new URL(baseUrl)
  if (url.hostname === 'api.line.me') url.hostname = 'api-data.line.me'
  return url.toString().replace(/\/+$/, '')
}

export function createLineClient(options: LineClientOptions) {
  const baseUrl = (options.baseUrl ?? 'https://api.line.me').replace(/\/+$/, '')
  const dataBaseUrl = (options.dataBaseUrl ?? lineDataBaseUrl(baseUrl)).replace(/\/+$/, '')
  const doFetch: FetchLike = options.fetch ?? ((input, init) => fetch(input, init))
  const doFetchBinary: BinaryFetchLike = options.fetchBinary ?? ((input, init) => fetch(input, init))
  const maxAttempts = Math.max(1, options.maxAttempts ?? 4)
  const backoffMs = options.backoffMs ?? 500
  const maxBackoffMs = options.maxBackoffMs ?? 8000
  const timeoutMs = options.timeoutMs ?? 10_000
  const sleep = options.sleep ?? defaultSleep

  /**
   * One call with bounded retries: 429 (except the monthly quota), 5xx, timeouts and network
   * errors are tried again after a doubling backoff; anything else answers at once. A 409 is a
   * success only when a retry key was sent (LINE accepted that request before).
   */
  async function attempt(
    method: string,
    url: string,
    body: { json?: unknown; binary?: { bytes: Uint8Array<ArrayBuffer>; contentType: string } },
    retryKey?: string,
  ): Promise<Attempt> {
    const headers: Record<string, string> = { authorization: `Bearer ${options.channelAccessToken}` }
    if (retryKey !== undefined) headers['x-line-retry-key'] = retryKey
    const payload = body.json === undefined ? undefined : JSON.stringify(body.json)
    if (payload !== undefined) headers['content-type'] = 'application/json'
    if (body.binary) headers['content-type'] = body.binary.contentType
    let last: Attempt = { ok: false, isTemporary: true, error: 'not sent' }
    for (let attemptNumber = 1; attemptNumber <= maxAttempts; attemptNumber++) {
      if (attemptNumber > 1) await sleep(Math.min(maxBackoffMs, backoffMs * 2 ** (attemptNumber - 2)))
      let response: Response
      let text: string
      try {
        const signal = AbortSignal.timeout(timeoutMs)
        response = body.binary
          ? await doFetchBinary(url, { method, headers, body: body.binary.bytes, signal })
          : await doFetch(url, { method, headers, ...(payload === undefined ? {} : { body: payload }), signal })
        text = await response.text()
      } catch (error) {
        // Timeout or network error: LINE may or may not have accepted it; a retry key (when
        // sent) makes trying again safe.
        const reason = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError') ? `timed out after ${timeoutMs} ms` : `unreachable: ${(error as Error).message}`
        last = { ok: false, isTemporary: true, error: `LINE ${reason}` }
        continue
      }
      const requestId = response.headers.get('x-line-request-id') ?? undefined
      if (response.ok) return { ok: true, status: response.status, text, requestId }
      if (response.status === 409 && retryKey !== undefined) {
        // The retry key was accepted before (a retried send): LINE has delivered it already.
        return { ok: true, status: 409, text, requestId, acceptedRequestId: response.headers.get('x-line-accepted-request-id') ?? undefined }
      }
      const error = describeError(response.status, text)
      if (response.status === 429) {
        last = { ok: false, isTemporary: true, status: 429, requestId, error }
        // The monthly message quota is also a 429; backing off for seconds cannot help with it.
        if (/monthly limit/i.test(error)) return last
        continue
      }
      if (response.status >= 500) {
        last = { ok: false, isTemporary: true, status: response.status, requestId, error }
        continue
      }
      return { ok: false, isTemporary: false, status: response.status, requestId, error }
    }
    return last
  }

  async function send(path: string, body: unknown, retryKey: string, recipients: string[]): Promise<LineSendOutcome> {
    const result = await attempt('POST', `${baseUrl}${path}`, { json: body }, retryKey)
    if (result.ok) return { status: 'accepted', requestId: result.acceptedRequestId ?? result.requestId, retryKey, recipients }
    return { status: result.isTemporary ? 'temporary_failure' : 'permanent_failure', requestId: result.requestId, error: result.error, retryKey, recipients }
  }

  /** An account-setup call: the parsed JSON answer, or a LineApiError. */
  async function call<T>(method: string, url: string, schema: z.ZodType<T> | undefined, body: { json?: unknown; binary?: { bytes: Uint8Array<ArrayBuffer>; contentType: string } } = {}): Promise<T> {
    const result = await attempt(method, url, body)
    if (!result.ok) throw new LineApiError(result.error, result.status, result.isTemporary, result.requestId)
    if (!schema) return undefined as T
    let json: unknown
    try {
      json = JSON.parse(result.text)
    } catch {
      throw new LineApiError(`LINE ${result.status}: the answer is not JSON`, result.status, false, result.requestId)
    }
    const parsed = schema.safeParse(json)
    if (!parsed.success) throw new LineApiError(`LINE ${result.status}: unexpected answer`, result.status, false, result.requestId)
    return parsed.data
  }

  const richMenuPath = (richMenuId: string) => encodeURIComponent(richMenuId)

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

    /**
     * Answers a webhook event with its reply token (free of the message quota). Reply takes no
     * retry key and a token works once, so only what cannot have been accepted is retried.
     */
    async replyMessage(replyToken: string, messages: LineMessage[]): Promise<LineReplyOutcome> {
      const result = await attempt('POST', `${baseUrl}/v2/bot/message/reply`, { json: { replyToken, messages } })
      if (result.ok) return { status: 'accepted', requestId: result.requestId }
      return { status: result.isTemporary ? 'temporary_failure' : 'permanent_failure', requestId: result.requestId, error: result.error }
    },

    /** Creates a rich menu (without its image); returns its id. */
    async createRichMenu(menu: LineRichMenu): Promise<string> {
      return (await call('POST', `${baseUrl}/v2/bot/richmenu`, RichMenuIdSchema, { json: menu })).richMenuId
    },

    /** Uploads the rich menu's image (JPEG or PNG of exactly the menu's size, at most 1 MB) to the data host. */
    async uploadRichMenuImage(richMenuId: string, image: Uint8Array, contentType: 'image/png' | 'image/jpeg'): Promise<void> {
      await call('POST', `${dataBaseUrl}/v2/bot/richmenu/${richMenuPath(richMenuId)}/content`, undefined, { binary: { bytes: new Uint8Array(image), contentType } })
    },

    /** Makes this menu the one every user sees unless a per-user menu is linked. */
    async setDefaultRichMenu(richMenuId: string): Promise<void> {
      await call('POST', `${baseUrl}/v2/bot/user/all/richmenu/${richMenuPath(richMenuId)}`, undefined, { json: {} })
    },

    async deleteRichMenu(richMenuId: string): Promise<void> {
      await call('DELETE', `${baseUrl}/v2/bot/richmenu/${richMenuPath(richMenuId)}`, undefined)
    },

    /** Every rich menu of the account (ids and names; at most 1000 exist). */
    async listRichMenus(): Promise<{ richMenuId: string; name: string }[]> {
      return (await call('GET', `${baseUrl}/v2/bot/richmenu/list`, RichMenuListSchema)).richmenus.map(menu => ({ richMenuId: menu.richMenuId, name: menu.name }))
    },

    /** The official account's basic id (for the add-friend link) and display name. */
    async getBotInfo(): Promise<LineBotInfo> {
      return (await call('GET', `${baseUrl}/v2/bot/info`, BotInfoSchema)) as LineBotInfo
    },
  }
}

export type LineClient = ReturnType<typeof createLineClient>

/** The add-friend URL of an official account (basic id like `@123abcde`). */
export function lineAddFriendUrl(basicId: string): string {
  return `https://line.me/R/ti/p/${encodeURIComponent(basicId)}`
}
