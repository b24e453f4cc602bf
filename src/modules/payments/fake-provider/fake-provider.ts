import { createHash, randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import type { Logger } from 'pino'
import { z } from 'zod'
import { safeEqual } from '../../../platform/crypto.js'
import { signWebhook } from '../webhook-signature.js'

/**
 * A faithful local stand-in for a card payment provider ("Yakuba Pay"), for development and
 * tests. It keeps its own state (as a real provider would: nothing of it lives in Yakuba's
 * database), answers its HTTP API with real-looking statuses (401, 409, 422, 429 + Retry-After),
 * and delivers signed webhooks with retries and backoff. Knobs make the awkward cases easy to
 * produce: delayed, duplicated and out-of-order delivery.
 *
 * "Nothing acknowledged may be lost": an event is queued before the browser is redirected, is
 * retried until a 2xx answer (or maxAttempts), and — when a state file is configured — survives
 * a restart, after which delivery resumes.
 */

export type CheckoutStatus = 'open' | 'paid' | 'failed' | 'cancelled' | 'refunded'
export type CheckoutAction = 'pay' | 'fail' | 'cancel'

export interface FakeCheckout {
  id: string
  amount: number
  currency: 'jpy'
  description: string
  merchantName: string
  returnUrl: string
  webhookUrl: string
  metadata: Record<string, string>
  status: CheckoutStatus
  /** unix seconds */
  created: number
  /** unix seconds */
  expiresAt: number
}

export interface FakeRefund {
  id: string
  checkoutId: string
  amount: number
  created: number
}

export interface FakeDelivery {
  id: string
  eventId: string
  eventType: string
  url: string
  body: string
  attempts: number
  /** epoch ms */
  nextAttemptAt: number
  state: 'pending' | 'delivered' | 'failed'
  lastStatus?: number
}

/** How a webhook leaves the fake; tests route it through app.inject. */
export type Deliver = (url: string, body: string, headers: Record<string, string>) => Promise<{ status: number }>

export interface FakeKnobs {
  /** Milliseconds before each webhook is first sent. */
  deliveryDelayMs: number
  /** Send every webhook twice (same event id). */
  duplicateDelivery: boolean
  /** After `payment.captured`, also send a late `payment.pending` (out of order). */
  outOfOrder: boolean
  /** API requests allowed per API key per window (then 429). */
  rateLimit: { max: number; windowMs: number }
  /** First retry after a failed delivery; doubled each attempt, at most an hour. */
  retryBaseMs: number
  /** Attempts before a delivery is given up (kept as 'failed', visible to tests). */
  maxAttempts: number
}

export const DEFAULT_KNOBS: FakeKnobs = {
  deliveryDelayMs: 0,
  duplicateDelivery: false,
  outOfOrder: false,
  rateLimit: { max: 100, windowMs: 1000 },
  retryBaseMs: 1000,
  maxAttempts: 12,
}

export interface ApiRequest {
  authorization?: string
  idempotencyKey?: string
  body: unknown
}

export interface ApiResponse {
  status: number
  body: unknown
  headers?: Record<string, string>
}

export interface FakePaymentProviderOptions {
  secretKey: string
  webhookSecret: string
  /** Where the hosted pages are, e.g. http://localhost:3000/dev-pay */
  publicBaseUrl: string
  deliver?: Deliver
  /** JSON file keeping checkouts and undelivered webhooks across restarts. */
  stateFile?: string
  knobs?: Partial<FakeKnobs>
  logger?: Pick<Logger, 'warn' | 'info'>
}

const apiError = (status: number, type: string, code: string, message: string, param?: string): ApiResponse => ({
  status,
  body: { error: { type, code, message, ...(param ? { param } : {}) } },
})

const CheckoutRequestSchema = z.object({
  amount: z.number().int().min(1).max(99_999_999),
  currency: z.literal('jpy').default('jpy'),
  description: z.string().min(1).max(200),
  return_url: z.url(),
  webhook_url: z.url(),
  merchant_name: z.string().min(1).max(100).optional(),
  metadata: z.record(z.string().max(40), z.string().max(500)).optional(),
  expires_at: z.number().int().positive().optional(),
})

const RefundRequestSchema = z.object({
  checkout: z.string().min(1).max(100),
  amount: z.number().int().min(1).max(99_999_999).optional(),
})

/** Keys sorted at every level: the same request always has the same fingerprint. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (value && typeof value === 'object')
    return `{${Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`)
      .join(',')}}`
  return JSON.stringify(value)
}

const fingerprint = (endpoint: string, body: unknown) => createHash('sha256').update(`${endpoint}\n${canonical(body)}`).digest('hex')
const newId = (prefix: string) => `${prefix}_${randomBytes(12).toString('hex')}`
const nowSeconds = () => Math.floor(Date.now() / 1000)

const networkDeliver: Deliver = async (url, body, headers) => {
  const response = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(10_000) })
  await response.arrayBuffer().catch(() => undefined)
  return { status: response.status }
}

interface StoredState {
  checkouts: FakeCheckout[]
  refunds: FakeRefund[]
  idempotency: [string, { fingerprint: string; response: ApiResponse }][]
  deliveries: FakeDelivery[]
}

export function createFakePaymentProvider(options: FakePaymentProviderOptions) {
  const knobs: FakeKnobs = { ...DEFAULT_KNOBS, ...options.knobs }
  let deliver: Deliver = options.deliver ?? networkDeliver
  const checkouts = new Map<string, FakeCheckout>()
  const refunds = new Map<string, FakeRefund>()
  const idempotency = new Map<string, { fingerprint: string; response: ApiResponse }>()
  const deliveries: FakeDelivery[] = []
  const rateWindows = new Map<string, { start: number; count: number }>()
  let timer: NodeJS.Timeout | undefined
  let pumping = false
  let closed = false

  if (options.stateFile && existsSync(options.stateFile)) {
    const stored = JSON.parse(readFileSync(options.stateFile, 'utf8')) as StoredState
    for (const c of stored.checkouts) checkouts.set(c.id, c)
    for (const r of stored.refunds) refunds.set(r.id, r)
    for (const [key, value] of stored.idempotency) idempotency.set(key, value)
    deliveries.push(...stored.deliveries)
  }

  function save() {
    if (!options.stateFile) return
    // Delivered webhooks are history; keep the newest few hundred for inspection.
    const delivered = deliveries.filter(d => d.state !== 'pending')
    if (delivered.length > 500) for (const old of delivered.slice(0, delivered.length - 500)) deliveries.splice(deliveries.indexOf(old), 1)
    const state: StoredState = { checkouts: [...checkouts.values()], refunds: [...refunds.values()], idempotency: [...idempotency], deliveries }
    mkdirSync(dirname(options.stateFile), { recursive: true })
    const temporary = `${options.stateFile}.tmp`
    writeFileSync(temporary, JSON.stringify(state))
    renameSync(temporary, options.stateFile)
  }

  function authenticate(authorization: string | undefined): ApiResponse | undefined {
    const match = /^Bearer (.+)$/.exec(authorization ?? '')
    if (!match || !safeEqual(match[1], options.secretKey))
      return { ...apiError(401, 'authentication_error', 'invalid_api_key', 'Invalid API key provided.'), headers: { 'www-authenticate': 'Bearer' } }
    return undefined
  }

  function rateLimited(key: string): ApiResponse | undefined {
    const now = Date.now()
    let window = rateWindows.get(key)
    if (!window || now - window.start >= knobs.rateLimit.windowMs) {
      window = { start: now, count: 0 }
      rateWindows.set(key, window)
    }
    window.count++
    if (window.count <= knobs.rateLimit.max) return undefined
    const retryAfter = Math.max(1, Math.ceil((window.start + knobs.rateLimit.windowMs - now) / 1000))
    return { ...apiError(429, 'rate_limit_error', 'rate_limited', 'Too many requests. Retry after the time in Retry-After.'), headers: { 'retry-after': String(retryAfter) } }
  }

  /** Auth, rate limit, then idempotency around one POST endpoint. */
  function idempotent(endpoint: string, request: ApiRequest, handle: () => ApiResponse): ApiResponse {
    const denied = authenticate(request.authorization) ?? rateLimited(options.secretKey)
    if (denied) return denied
    if (!request.idempotencyKey) return handle()
    if (request.idempotencyKey.length > 255) return apiError(400, 'invalid_request_error', 'idempotency_key_invalid', 'Idempotency-Key is too long.')
    const key = `${endpoint}\n${request.idempotencyKey}`
    const print = fingerprint(endpoint, request.body)
    const previous = idempotency.get(key)
    if (previous) {
      if (previous.fingerprint !== print)
        return apiError(409, 'idempotency_error', 'idempotency_key_reused', 'This Idempotency-Key was already used with a different request body.')
      return { ...previous.response, headers: { ...previous.response.headers, 'idempotent-replayed': 'true' } }
    }
    const response = handle()
    // Only settled outcomes are replayed; a refused request may be corrected and retried.
    if (response.status < 400) {
      idempotency.set(key, { fingerprint: print, response })
      save()
    }
    return response
  }

  function checkoutJson(c: FakeCheckout) {
    return {
      id: c.id,
      object: 'checkout',
      status: c.status,
      amount: c.amount,
      currency: c.currency,
      description: c.description,
      merchant_name: c.merchantName,
      metadata: c.metadata,
      url: `${options.publicBaseUrl}/checkout/${c.id}`,
      return_url: c.returnUrl,
      created: c.created,
      expires_at: c.expiresAt,
    }
  }

  function queueEvent(c: FakeCheckout, type: string) {
    const event = { id: newId('evt'), type, created: nowSeconds(), data: { checkoutId: c.id, amount: c.amount, metadata: c.metadata } }
    const body = JSON.stringify(event)
    for (let copy = 0; copy < (knobs.duplicateDelivery ? 2 : 1); copy++)
      deliveries.push({ id: newId('dlv'), eventId: event.id, eventType: type, url: c.webhookUrl, body, attempts: 0, nextAttemptAt: Date.now() + knobs.deliveryDelayMs, state: 'pending' })
  }

  async function attempt(delivery: FakeDelivery) {
    delivery.attempts++
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'YakubaPay-Fake/1.0',
      'yakuba-pay-delivery': delivery.id,
      // Signed at send time: a retry carries a fresh timestamp, as real providers do.
      'yakuba-pay-signature': signWebhook(options.webhookSecret, delivery.body),
    }
    try {
      const { status } = await deliver(delivery.url, delivery.body, headers)
      delivery.lastStatus = status
    } catch {
      delivery.lastStatus = 0
    }
    const status = delivery.lastStatus
    if (status >= 200 && status < 300) delivery.state = 'delivered'
    else if (delivery.attempts >= knobs.maxAttempts) {
      delivery.state = 'failed'
      options.logger?.warn({ delivery: delivery.id, event: delivery.eventId, status }, 'fake payment provider gave up a webhook')
    } else delivery.nextAttemptAt = Date.now() + Math.min(knobs.retryBaseMs * 2 ** (delivery.attempts - 1), 3_600_000)
    save()
  }

  function scheduleNext() {
    if (timer) clearTimeout(timer)
    timer = undefined
    if (closed) return
    const next = Math.min(...deliveries.filter(d => d.state === 'pending').map(d => d.nextAttemptAt))
    if (!Number.isFinite(next)) return
    timer = setTimeout(() => void pump(), Math.max(0, next - Date.now()))
    timer.unref()
  }

  /** Sends due webhooks one at a time, in the order they were queued. */
  async function pump() {
    if (pumping || closed) return
    pumping = true
    try {
      for (;;) {
        const due = deliveries.find(d => d.state === 'pending' && d.nextAttemptAt <= Date.now())
        if (!due || closed) break
        await attempt(due)
      }
    } finally {
      pumping = false
      scheduleNext()
    }
  }

  scheduleNext()

  return {
    knobs,

    /** Back to the default behaviour (tests share one fake per file). */
    resetKnobs() {
      Object.assign(knobs, { ...DEFAULT_KNOBS, rateLimit: { ...DEFAULT_KNOBS.rateLimit } }, options.knobs)
      rateWindows.clear()
    },

    /** Replaces how webhooks are sent (tests: through app.inject). */
    setDeliver(next: Deliver) {
      deliver = next
    },

    /** POST /v1/checkouts */
    createCheckout(request: ApiRequest): ApiResponse {
      return idempotent('checkouts', request, () => {
        const parsed = CheckoutRequestSchema.safeParse(request.body)
        if (!parsed.success) {
          const issue = parsed.error.issues[0]
          const param = String(issue.path[0] ?? '')
          return apiError(422, 'invalid_request_error', param === 'amount' ? 'amount_invalid' : 'parameter_invalid', `Invalid ${param || 'request'}: ${issue.message}`, param || undefined)
        }
        const body = parsed.data
        const created = nowSeconds()
        const checkout: FakeCheckout = {
          id: newId('chk'),
          amount: body.amount,
          currency: 'jpy',
          description: body.description,
          merchantName: body.merchant_name ?? 'Yakuba',
          returnUrl: body.return_url,
          webhookUrl: body.webhook_url,
          metadata: body.metadata ?? {},
          status: 'open',
          created,
          expiresAt: body.expires_at ?? created + 24 * 3600,
        }
        checkouts.set(checkout.id, checkout)
        save()
        return { status: 201, body: checkoutJson(checkout) }
      })
    },

    /** GET /v1/checkouts/:id */
    retrieveCheckout(request: Omit<ApiRequest, 'body' | 'idempotencyKey'>, id: string): ApiResponse {
      const denied = authenticate(request.authorization) ?? rateLimited(options.secretKey)
      if (denied) return denied
      const checkout = checkouts.get(id)
      return checkout ? { status: 200, body: checkoutJson(checkout) } : apiError(404, 'invalid_request_error', 'resource_missing', `No such checkout: ${id}`)
    },

    /** POST /v1/refunds (full or partial; the checkout becomes 'refunded'). */
    createRefund(request: ApiRequest): ApiResponse {
      return idempotent('refunds', request, () => {
        const parsed = RefundRequestSchema.safeParse(request.body)
        if (!parsed.success) return apiError(422, 'invalid_request_error', 'parameter_invalid', 'Invalid refund request.', String(parsed.error.issues[0]?.path[0] ?? ''))
        const checkout = checkouts.get(parsed.data.checkout)
        if (!checkout) return apiError(404, 'invalid_request_error', 'resource_missing', `No such checkout: ${parsed.data.checkout}`, 'checkout')
        if (checkout.status !== 'paid') return apiError(409, 'invalid_request_error', 'charge_not_refundable', `Checkout is ${checkout.status}, not paid.`)
        const amount = parsed.data.amount ?? checkout.amount
        if (amount > checkout.amount) return apiError(422, 'invalid_request_error', 'amount_invalid', 'Refund exceeds the amount paid.', 'amount')
        const refund: FakeRefund = { id: newId('re'), checkoutId: checkout.id, amount, created: nowSeconds() }
        refunds.set(refund.id, refund)
        checkout.status = 'refunded'
        queueEvent(checkout, 'payment.refunded')
        save()
        setTimeout(() => void pump(), 0).unref()
        return { status: 201, body: { id: refund.id, object: 'refund', checkout: checkout.id, amount, status: 'succeeded', created: refund.created } }
      })
    },

    findCheckout(id: string): FakeCheckout | undefined {
      return checkouts.get(id)
    },

    isExpired(checkout: FakeCheckout): boolean {
      return checkout.status === 'open' && nowSeconds() >= checkout.expiresAt
    },

    /** What the hosted page's buttons do: settle the checkout and queue its webhook(s). */
    completeCheckout(id: string, action: CheckoutAction): { ok: true; checkout: FakeCheckout } | { ok: false; reason: 'not-found' | 'not-open' | 'expired' } {
      const checkout = checkouts.get(id)
      if (!checkout) return { ok: false, reason: 'not-found' }
      if (checkout.status !== 'open') return { ok: false, reason: 'not-open' }
      if (nowSeconds() >= checkout.expiresAt) return { ok: false, reason: 'expired' }
      switch (action) {
        case 'pay':
          checkout.status = 'paid'
          queueEvent(checkout, 'payment.captured')
          if (knobs.outOfOrder) queueEvent(checkout, 'payment.pending')
          break
        case 'fail':
          checkout.status = 'failed'
          queueEvent(checkout, 'payment.failed')
          break
        case 'cancel':
          checkout.status = 'cancelled'
          queueEvent(checkout, 'payment.cancelled')
          break
        default: {
          const exhaustive: never = action
          throw new Error(`unknown action ${String(exhaustive)}`)
        }
      }
      save()
      // Delivered after the browser has been redirected (as a real provider would), unless delayed.
      setTimeout(() => void pump(), 0).unref()
      return { ok: true, checkout }
    },

    /** Queues any event for a checkout (tests: a late or odd notification). */
    sendEvent(id: string, type: string) {
      const checkout = checkouts.get(id)
      if (!checkout) throw new Error(`no checkout ${id}`)
      queueEvent(checkout, type)
      save()
      void pump()
    },

    deliveries(): readonly FakeDelivery[] {
      return deliveries
    },

    /** Waits until every queued webhook is delivered or given up (tests); `skipDelays` sends delayed ones now. */
    async drain(timeoutMs = 10_000, options: { skipDelays?: boolean } = {}) {
      const deadline = Date.now() + timeoutMs
      if (options.skipDelays) for (const d of deliveries) if (d.state === 'pending') d.nextAttemptAt = Math.min(d.nextAttemptAt, Date.now())
      for (;;) {
        await pump()
        if (!pumping && !deliveries.some(d => d.state === 'pending')) return
        if (Date.now() > deadline) throw new Error('fake payment provider: webhooks still undelivered')
        await new Promise(resolve => setTimeout(resolve, 10))
      }
    },

    /** Stops sending; undelivered webhooks stay queued (and in the state file, if any). */
    close() {
      closed = true
      if (timer) clearTimeout(timer)
    },
  }
}
export type FakePaymentProvider = ReturnType<typeof createFakePaymentProvider>
