import { randomUUID } from 'node:crypto'
import type { FastifyPluginAsync } from 'fastify'
import { z } from 'zod'
import { safeEqual } from '../../../../platform/crypto.js'
import type { BinaryFetchLike, FetchLike } from './line-client.js'
import { isLineLoginPath, type FakeLineLogin } from './fake-line-login.js'
import { LINE_SIGNATURE_HEADER, signLineBody } from './line-signature.js'
import { createFakeRichMenus } from './fake-line-rich-menus.js'

export { buildLineEvent, type FakeLineEventInput } from './fake-line-events.js'
export { imageDimensions, type FakeRichMenu, type FakeRichMenuCall } from './fake-line-rich-menus.js'

/**
 * A faithful local stand-in for the LINE Messaging API endpoints the hub uses, for development
 * and tests: push, multicast and reply; rich menus (create, get, list, delete, image upload on
 * the data host, default menu for all users); bot info. It answers as LINE does: 401 for a bad
 * channel access token, 400 with LINE's
 * `{ message, details[] }` for an invalid body, 409 + `x-line-accepted-request-id` when a retry
 * key was already accepted, 429 without Retry-After when over the rate limit, and
 * `x-line-request-id` on every answer. Knobs produce the awkward cases: a fraction of calls
 * failing with 500, or accepted but answered too late (the client times out, then retries).
 * It also plays LINE's side of webhooks: `sendWebhook` signs a body with the channel secret and
 * remembers the reply tokens it handed out (a reply needs one, once) and who follows the account.
 */

export interface FakeLineKnobs {
  /** Requests allowed per access token per window (then 429). */
  rateLimit: { max: number; windowMs: number }
  /** Fraction of calls answered 500 without accepting anything. */
  failureRate: number
  /** Fraction of calls accepted but answered only after `slowResponseMs` (a client timeout). */
  slowRate: number
  slowResponseMs: number
}

export const DEFAULT_FAKE_LINE_KNOBS: FakeLineKnobs = {
  rateLimit: { max: 2000, windowMs: 1000 },
  failureRate: 0,
  slowRate: 0,
  slowResponseMs: 30_000,
}

export interface FakeLineOptions {
  /** Channel access tokens the fake accepts as `Authorization: Bearer …`. */
  channelAccessTokens: string[]
  /** Used by sendWebhook to sign bodies. */
  channelSecret?: string
  knobs?: Partial<FakeLineKnobs>
  /** Injectable for deterministic knobs. */
  random?: () => number
  /** Injectable clock (epoch ms) for the rate limit and retry-key expiry. */
  now?: () => number
}

export interface FakeLineRequest {
  method: string
  path: string
  headers: Record<string, string | string[] | undefined>
  body: string
  /** The exact bytes, for binary bodies (rich menu images); `body` is their UTF-8 reading. */
  rawBody?: Buffer
}

export interface FakeLineResponse {
  status: number
  headers: Record<string, string>
  body: unknown
  /** Answer only after this long (the "slow" knob); the request is already accepted. */
  delayMs?: number
}

export interface FakeLineReceived {
  endpoint: 'push' | 'multicast' | 'reply'
  to: string[]
  messages: Record<string, unknown>[]
  retryKey?: string
  /** reply only: the token used */
  replyToken?: string
  requestId: string
  /** epoch ms */
  at: number
}

/** The bot the fake plays (GET /v2/bot/info). */
export const FAKE_LINE_BOT = {
  userId: 'U0000000000000000000000000000b07',
  basicId: '@yakubadev',
  displayName: 'やくば (開発用)',
  chatMode: 'bot',
  markAsReadMode: 'auto',
} as const

const RETRY_KEY_TTL_MS = 24 * 60 * 60 * 1000
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const USER_ID = /^U[0-9a-f]{32}$/
const PUSH_TARGET = /^[UCR][0-9a-f]{32}$/

const MessageSchema = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('text'), text: z.string().min(1).max(5000) }),
  z.looseObject({ type: z.literal('sticker'), packageId: z.string().min(1), stickerId: z.string().min(1) }),
  z.looseObject({ type: z.literal('flex'), altText: z.string().min(1).max(1500), contents: z.record(z.string(), z.unknown()) }),
  z.looseObject({ type: z.enum(['image', 'video', 'audio', 'location', 'imagemap', 'template']) }),
])
const Messages = z.array(MessageSchema).min(1).max(5)
const PushSchema = z.object({ to: z.string().regex(PUSH_TARGET), messages: Messages, notificationDisabled: z.boolean().optional() })
const MulticastSchema = z.object({ to: z.array(z.string().regex(USER_ID)).min(1).max(500), messages: Messages, notificationDisabled: z.boolean().optional() })
const ReplySchema = z.object({ replyToken: z.string().min(1).max(200), messages: Messages, notificationDisabled: z.boolean().optional() })

const REPLY_TOKEN_TTL_MS = 10 * 60 * 1000

/** `messages[0].text`, as LINE names properties in its error details. */
function propertyOf(path: readonly PropertyKey[]): string {
  return path.reduce<string>((name, key) => (typeof key === 'number' ? `${name}[${key}]` : name ? `${name}.${String(key)}` : String(key)), '')
}

function header(headers: FakeLineRequest['headers'], name: string): string | undefined {
  const key = Object.keys(headers).find(k => k.toLowerCase() === name)
  const value = key === undefined ? undefined : headers[key]
  return Array.isArray(value) ? value[0] : value
}

export function createFakeLine(options: FakeLineOptions) {
  let knobs: FakeLineKnobs = { ...DEFAULT_FAKE_LINE_KNOBS, ...options.knobs }
  const random = options.random ?? Math.random
  const now = options.now ?? Date.now
  const accessTokens = new Set(options.channelAccessTokens)
  const acceptedKeys = new Map<string, { requestId: string; at: number }>()
  const rateWindows = new Map<string, { start: number; count: number }>()
  const forcedFailures: number[] = []
  const received: FakeLineReceived[] = []
  const replyTokens = new Map<string, { to: string; at: number; isUsed: boolean }>()
  const followers = new Set<string>()
  const menus = createFakeRichMenus(now, { answer, invalidBody, parseJson, header })

  function answer(status: number, requestId: string, body: unknown, extra: Record<string, string> = {}): FakeLineResponse {
    return { status, headers: { 'content-type': 'application/json', 'x-line-request-id': requestId, ...extra }, body }
  }

  function invalidBody(requestId: string, issues: z.core.$ZodIssue[]): FakeLineResponse {
    const details = issues.map(issue => ({ message: issue.message, property: propertyOf(issue.path) }))
    return answer(400, requestId, { message: `The request body has ${details.length} error(s)`, details })
  }

  function parseJson(request: FakeLineRequest): { ok: true; json: unknown } | { ok: false } {
    try {
      return { ok: true, json: JSON.parse(request.body) }
    } catch {
      return { ok: false }
    }
  }

  function isKnownToken(token: string): boolean {
    for (const valid of accessTokens) if (safeEqual(valid, token)) return true
    return false
  }

  /** What a request is, by method and path (LINE's routes); undefined → 404. */
  function routeOf(method: string, path: string): { name: string; id?: string } | undefined {
    if (method === 'POST' && path === '/v2/bot/message/push') return { name: 'push' }
    if (method === 'POST' && path === '/v2/bot/message/multicast') return { name: 'multicast' }
    if (method === 'POST' && path === '/v2/bot/message/reply') return { name: 'reply' }
    if (method === 'POST' && path === '/v2/bot/richmenu') return { name: 'create-menu' }
    if (method === 'GET' && path === '/v2/bot/richmenu/list') return { name: 'list-menus' }
    if (method === 'GET' && path === '/v2/bot/info') return { name: 'bot-info' }
    if (method === 'GET' && path === '/v2/bot/user/all/richmenu') return { name: 'get-default' }
    if (method === 'DELETE' && path === '/v2/bot/user/all/richmenu') return { name: 'clear-default' }
    let match = /^\/v2\/bot\/user\/all\/richmenu\/([^/]+)$/.exec(path)
    if (match && method === 'POST') return { name: 'set-default', id: decodeURIComponent(match[1]) }
    match = /^\/v2\/bot\/richmenu\/([^/]+)\/content$/.exec(path)
    if (match && (method === 'POST' || method === 'GET')) return { name: method === 'POST' ? 'upload-image' : 'get-image', id: decodeURIComponent(match[1]) }
    match = /^\/v2\/bot\/richmenu\/([^/]+)$/.exec(path)
    if (match && (method === 'GET' || method === 'DELETE')) return { name: method === 'GET' ? 'get-menu' : 'delete-menu', id: decodeURIComponent(match[1]) }
    return undefined
  }

  function handle(request: FakeLineRequest): FakeLineResponse {
    const requestId = randomUUID()
    const route = routeOf(request.method, request.path)
    if (!route) return answer(404, requestId, { message: 'Not found' })

    const token = /^Bearer (.+)$/.exec(header(request.headers, 'authorization') ?? '')?.[1]
    if (!token || !isKnownToken(token))
      return answer(401, requestId, { message: 'Authentication failed due to the following reason: invalid token. Confirm that the access token in the authorization header is valid.' })

    const isSend = route.name === 'push' || route.name === 'multicast'
    const retryKey = isSend ? header(request.headers, 'x-line-retry-key') : undefined
    if (retryKey !== undefined && !UUID.test(retryKey)) return answer(400, requestId, { message: "The value for the 'X-Line-Retry-Key' header is invalid" })
    if (retryKey !== undefined) {
      const accepted = acceptedKeys.get(retryKey)
      if (accepted && now() - accepted.at < RETRY_KEY_TTL_MS)
        return answer(409, requestId, { message: 'The retry key is already accepted' }, { 'x-line-accepted-request-id': accepted.requestId })
    }

    let window = rateWindows.get(token)
    if (!window || now() - window.start >= knobs.rateLimit.windowMs) rateWindows.set(token, (window = { start: now(), count: 0 }))
    if (++window.count > knobs.rateLimit.max) return answer(429, requestId, { message: 'Too Many Requests' })

    const forced = forcedFailures.shift()
    if (forced !== undefined) return answer(forced, requestId, { message: forced === 429 ? 'Too Many Requests' : 'Internal Server Error' })
    if (random() < knobs.failureRate) return answer(500, requestId, { message: 'Internal Server Error' })

    const response = route.name === 'push' || route.name === 'multicast' ? handleSend(route.name, request, requestId, retryKey) : handleOther(route, request, requestId)
    return response.status === 200 && random() < knobs.slowRate ? { ...response, delayMs: knobs.slowResponseMs } : response
  }

  function handleSend(endpoint: 'push' | 'multicast', request: FakeLineRequest, requestId: string, retryKey: string | undefined): FakeLineResponse {
    const json = parseJson(request)
    if (!json.ok) return answer(400, requestId, { message: 'The request body could not be parsed as JSON' })
    const parsed = (endpoint === 'push' ? PushSchema : MulticastSchema).safeParse(json.json)
    if (!parsed.success) return invalidBody(requestId, parsed.error.issues)
    const to = typeof parsed.data.to === 'string' ? [parsed.data.to] : parsed.data.to
    received.push({ endpoint, to, messages: parsed.data.messages, retryKey, requestId, at: now() })
    if (retryKey !== undefined) acceptedKeys.set(retryKey, { requestId, at: now() })
    const body = endpoint === 'push' ? { sentMessages: parsed.data.messages.map(() => ({ id: String(Math.floor(random() * 1e18)), quoteToken: randomUUID() })) } : {}
    return answer(200, requestId, body)
  }

  function handleOther(route: { name: string; id?: string }, request: FakeLineRequest, requestId: string): FakeLineResponse {
    const richMenuAnswer = menus.handle(route.name, route.id, request, requestId)
    if (richMenuAnswer) return richMenuAnswer
    switch (route.name) {
      case 'reply': {
        const json = parseJson(request)
        if (!json.ok) return answer(400, requestId, { message: 'The request body could not be parsed as JSON' })
        const parsed = ReplySchema.safeParse(json.json)
        if (!parsed.success) return invalidBody(requestId, parsed.error.issues)
        const issued = replyTokens.get(parsed.data.replyToken)
        if (!issued || issued.isUsed || now() - issued.at > REPLY_TOKEN_TTL_MS) return answer(400, requestId, { message: 'Invalid reply token' })
        issued.isUsed = true
        received.push({ endpoint: 'reply', to: [issued.to], messages: parsed.data.messages, replyToken: parsed.data.replyToken, requestId, at: now() })
        return answer(200, requestId, { sentMessages: parsed.data.messages.map(() => ({ id: String(Math.floor(random() * 1e18)), quoteToken: randomUUID() })) })
      }
      case 'bot-info':
        return answer(200, requestId, FAKE_LINE_BOT)
      default:
        return answer(404, requestId, { message: 'Not found' })
    }
  }

  /** The response as a fetch Response (JSON, or raw bytes for an image). */
  function toResponse(response: FakeLineResponse): Response {
    const body = Buffer.isBuffer(response.body) ? new Uint8Array(response.body) : JSON.stringify(response.body)
    return new Response(body, { status: response.status, headers: response.headers })
  }

  /** In-process transport for the client: no socket, but the same timeout behaviour. */
  const fetchAdapter: FetchLike = async (input, init) => {
    const url = new URL(input)
    const response = handle({ method: init.method, path: url.pathname, headers: init.headers, body: init.body ?? '' })
    if (response.delayMs) await abortableDelay(response.delayMs, init.signal)
    return toResponse(response)
  }

  const fetchBinaryAdapter: BinaryFetchLike = async (input, init) => {
    const url = new URL(input)
    const rawBody = Buffer.from(init.body)
    const response = handle({ method: init.method, path: url.pathname, headers: init.headers, body: rawBody.toString('utf8'), rawBody })
    if (response.delayMs) await abortableDelay(response.delayMs, init.signal)
    return toResponse(response)
  }

  /** Remembers what LINE's side knows from the events it sends: reply tokens, who follows. */
  function noteSentEvents(body: unknown) {
    const events = (body as { events?: unknown } | null)?.events
    if (!Array.isArray(events)) return
    for (const event of events as { type?: unknown; replyToken?: unknown; source?: { userId?: unknown; groupId?: unknown; roomId?: unknown } }[]) {
      const to = event.source?.groupId ?? event.source?.roomId ?? event.source?.userId
      if (typeof event.replyToken === 'string' && typeof to === 'string') replyTokens.set(event.replyToken, { to, at: now(), isUsed: false })
      const userId = event.source?.userId
      if (typeof userId === 'string' && event.type === 'follow') followers.add(userId)
      if (typeof userId === 'string' && event.type === 'unfollow') followers.delete(userId)
    }
  }

  /** Plays LINE's side of a webhook: signs the exact bytes sent with the channel secret. */
  function buildWebhook(body: unknown, channelSecret = options.channelSecret): { rawBody: Buffer; headers: Record<string, string> } {
    if (!channelSecret) throw new Error('fake LINE: channelSecret is needed to sign webhooks')
    const rawBody = Buffer.from(typeof body === 'string' ? body : JSON.stringify(body), 'utf8')
    noteSentEvents(typeof body === 'string' ? safeJson(body) : body)
    return { rawBody, headers: { 'content-type': 'application/json; charset=utf-8', [LINE_SIGNATURE_HEADER]: signLineBody(channelSecret, rawBody) } }
  }

  return {
    handle,
    fetch: fetchAdapter,
    fetchBinary: fetchBinaryAdapter,
    /** Everything accepted, in order. */
    received,
    /** Rich menus on the account, by id. */
    richMenus: menus.richMenus,
    richMenuCalls: menus.calls,
    /** The menu every user sees (set-default), if any. */
    get defaultRichMenuId() {
      return menus.defaultRichMenuId
    },
    /** Users following the account (from the follow / unfollow events sent). */
    followers,
    isFollowing(userId: string) {
      return followers.has(userId)
    },
    setFollowing(userId: string, isFollowing: boolean) {
      if (isFollowing) followers.add(userId)
      else followers.delete(userId)
    },
    /** Accepts another channel access token (a tenant's own credentials in development). */
    addChannelAccessToken(token: string) {
      accessTokens.add(token)
    },
    setKnobs(partial: Partial<FakeLineKnobs>) {
      knobs = { ...knobs, ...partial }
    },
    /** The next `times` calls that pass auth and the rate limit answer `status` (nothing accepted). */
    failNext(status: number, times = 1) {
      for (let i = 0; i < times; i++) forcedFailures.push(status)
    },
    buildWebhook,
    /** POSTs a signed webhook body to `url` (our webhook route), as LINE would. */
    async sendWebhook(url: string, body: unknown, deliver: FetchLike = (input, init) => fetch(input, init), channelSecret?: string): Promise<{ status: number }> {
      const { rawBody, headers } = buildWebhook(body, channelSecret)
      const response = await deliver(url, { method: 'POST', headers, body: rawBody.toString('utf8'), signal: AbortSignal.timeout(10_000) })
      await response.arrayBuffer().catch(() => undefined)
      return { status: response.status }
    },
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

export type FakeLine = ReturnType<typeof createFakeLine>

function abortableDelay(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error)
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    const onAbort = () => {
      clearTimeout(timer)
      reject(signal?.reason as Error)
    }
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}

/**
 * Serves the fake over HTTP (register with a prefix, or on its own server for tests). Bodies are
 * taken as raw strings so validation and errors are the fake's, not Fastify's.
 */
export const fakeLinePlugin: FastifyPluginAsync<{ fake: FakeLine; login?: FakeLineLogin }> = async (app, { fake, login }) => {
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 2 * 1024 * 1024 }, (_request, body, done) => done(null, body))
  // The fake's own routes: no Yakuba session, CSRF token or rate limit applies to them.
  app.route({
    method: ['GET', 'POST', 'DELETE'],
    url: '/*',
    config: { auth: 'public', csrf: false, rateLimit: false },
    handler: async (request, reply) => {
      const path = `/${(request.params as { '*': string })['*']}`.split('?')[0]
      const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0)
      const input = { method: request.method, path, headers: request.headers, body: rawBody.toString('utf8'), rawBody }
      const response = login && isLineLoginPath(path) ? login.handle(input) : fake.handle(input)
      if (response.delayMs) await new Promise(resolve => setTimeout(resolve, response.delayMs))
      reply.status(response.status).headers(response.headers).header('cache-control', 'no-store')
      return reply.send(Buffer.isBuffer(response.body) ? response.body : JSON.stringify(response.body))
    },
  })
}
