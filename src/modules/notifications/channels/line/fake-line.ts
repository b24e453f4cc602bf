import { randomUUID } from 'node:crypto'
import type { FastifyPluginAsync } from 'fastify'
import { z } from 'zod'
import { safeEqual } from '../../../../platform/crypto.js'
import type { FetchLike } from './line-client.js'
import { LINE_SIGNATURE_HEADER, signLineBody } from './line-signature.js'

/**
 * A faithful local stand-in for the LINE Messaging API endpoints the hub uses
 * (`POST /v2/bot/message/push`, `POST /v2/bot/message/multicast`), for development and tests.
 * It answers as LINE does: 401 for a bad channel access token, 400 with LINE's
 * `{ message, details[] }` for an invalid body, 409 + `x-line-accepted-request-id` when a retry
 * key was already accepted, 429 without Retry-After when over the rate limit, and
 * `x-line-request-id` on every answer. Knobs produce the awkward cases: a fraction of calls
 * failing with 500, or accepted but answered too late (the client times out, then retries).
 * It also plays LINE's side of webhooks: `sendWebhook` signs a body with the channel secret.
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
}

export interface FakeLineResponse {
  status: number
  headers: Record<string, string>
  body: unknown
  /** Answer only after this long (the "slow" knob); the request is already accepted. */
  delayMs?: number
}

export interface FakeLineReceived {
  endpoint: 'push' | 'multicast'
  to: string[]
  messages: Record<string, unknown>[]
  retryKey?: string
  requestId: string
  /** epoch ms */
  at: number
}

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
  const acceptedKeys = new Map<string, { requestId: string; at: number }>()
  const rateWindows = new Map<string, { start: number; count: number }>()
  const forcedFailures: number[] = []
  const received: FakeLineReceived[] = []

  function answer(status: number, requestId: string, body: unknown, extra: Record<string, string> = {}): FakeLineResponse {
    return { status, headers: { 'content-type': 'application/json', 'x-line-request-id': requestId, ...extra }, body }
  }

  function handle(request: FakeLineRequest): FakeLineResponse {
    const requestId = randomUUID()
    const endpoint = request.path === '/v2/bot/message/push' ? 'push' : request.path === '/v2/bot/message/multicast' ? 'multicast' : undefined
    if (!endpoint || request.method !== 'POST') return answer(404, requestId, { message: 'Not found' })

    const token = /^Bearer (.+)$/.exec(header(request.headers, 'authorization') ?? '')?.[1]
    if (!token || !options.channelAccessTokens.some(valid => safeEqual(valid, token)))
      return answer(401, requestId, { message: 'Authentication failed due to the following reason: invalid token. Confirm that the access token in the authorization header is valid.' })

    const retryKey = header(request.headers, 'x-line-retry-key')
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

    let json: unknown
    try {
      json = JSON.parse(request.body)
    } catch {
      return answer(400, requestId, { message: 'The request body could not be parsed as JSON' })
    }
    const parsed = (endpoint === 'push' ? PushSchema : MulticastSchema).safeParse(json)
    if (!parsed.success) {
      const details = parsed.error.issues.map(issue => ({ message: issue.message, property: propertyOf(issue.path) }))
      return answer(400, requestId, { message: `The request body has ${details.length} error(s)`, details })
    }

    const to = typeof parsed.data.to === 'string' ? [parsed.data.to] : parsed.data.to
    received.push({ endpoint, to, messages: parsed.data.messages, retryKey, requestId, at: now() })
    if (retryKey !== undefined) acceptedKeys.set(retryKey, { requestId, at: now() })
    const body = endpoint === 'push' ? { sentMessages: parsed.data.messages.map(() => ({ id: String(Math.floor(random() * 1e18)), quoteToken: randomUUID() })) } : {}
    const response = answer(200, requestId, body)
    return random() < knobs.slowRate ? { ...response, delayMs: knobs.slowResponseMs } : response
  }

  /** In-process transport for the client: no socket, but the same timeout behaviour. */
  const fetchAdapter: FetchLike = async (input, init) => {
    const url = new URL(input)
    const response = handle({ method: init.method, path: url.pathname, headers: init.headers, body: init.body ?? '' })
    if (response.delayMs) await abortableDelay(response.delayMs, init.signal)
    return new Response(JSON.stringify(response.body), { status: response.status, headers: response.headers })
  }

  /** Plays LINE's side of a webhook: signs the exact bytes sent with the channel secret. */
  function buildWebhook(body: unknown): { rawBody: Buffer; headers: Record<string, string> } {
    if (!options.channelSecret) throw new Error('fake LINE: channelSecret is needed to sign webhooks')
    const rawBody = Buffer.from(typeof body === 'string' ? body : JSON.stringify(body), 'utf8')
    return { rawBody, headers: { 'content-type': 'application/json; charset=utf-8', [LINE_SIGNATURE_HEADER]: signLineBody(options.channelSecret, rawBody) } }
  }

  return {
    handle,
    fetch: fetchAdapter,
    /** Everything accepted, in order. */
    received,
    setKnobs(partial: Partial<FakeLineKnobs>) {
      knobs = { ...knobs, ...partial }
    },
    /** The next `times` calls that pass auth and the rate limit answer `status` (nothing accepted). */
    failNext(status: number, times = 1) {
      for (let i = 0; i < times; i++) forcedFailures.push(status)
    },
    buildWebhook,
    /** POSTs a signed webhook body to `url` (our webhook route), as LINE would. */
    async sendWebhook(url: string, body: unknown, deliver: FetchLike = (input, init) => fetch(input, init)): Promise<{ status: number }> {
      const { rawBody, headers } = buildWebhook(body)
      const response = await deliver(url, { method: 'POST', headers, body: rawBody.toString('utf8'), signal: AbortSignal.timeout(10_000) })
      await response.arrayBuffer().catch(() => undefined)
      return { status: response.status }
    },
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
export const fakeLinePlugin: FastifyPluginAsync<{ fake: FakeLine }> = async (app, { fake }) => {
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body))
  const route = (path: string) =>
    app.post(path, async (request, reply) => {
      const response = fake.handle({ method: 'POST', path, headers: request.headers, body: typeof request.body === 'string' ? request.body : '' })
      if (response.delayMs) await new Promise(resolve => setTimeout(resolve, response.delayMs))
      return reply.status(response.status).headers(response.headers).send(JSON.stringify(response.body))
    })
  route('/v2/bot/message/push')
  route('/v2/bot/message/multicast')
}
