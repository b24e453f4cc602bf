import { createECDH, createHash, createHmac } from 'node:crypto'
import webpush from 'web-push'
import type { Config } from '../../../../platform/config.js'
import { inProcessPushFetch } from './push-transport.js'

/**
 * Sends one Web Push message (RFC 8030) with VAPID (RFC 8292) and aes128gcm payload encryption
 * (RFC 8291), through the `web-push` library for the cryptography and `fetch` for the request
 * (web-push's own sender speaks only https, and our development push service is http).
 *
 * Push service answers → outcome:
 *   201 / 202 → accepted · 404 / 410 → gone (the subscription no longer exists: the engine removes
 *   it) · 429 / 5xx / timeout / network → temporary_failure · other 4xx (400 bad request, 401/403
 *   VAPID refused, 413 payload too large) → permanent_failure.
 */

export interface PushSubscriptionKeys {
  p256dh: string
  auth: string
}

export interface WebPushSubscription {
  endpoint: string
  keys: PushSubscriptionKeys
}

export interface WebPushPayload {
  title: string
  body: string
  url: string
}

export type PushFetch = (input: string, init: { method: string; headers: Record<string, string>; body?: Uint8Array<ArrayBuffer>; signal?: AbortSignal }) => Promise<Response>

export interface WebPushOptions {
  /** replaces an undelivered message with the same topic on the device (max 32 base64url chars; longer values are hashed) */
  topic?: string
  /** how long the push service keeps an undelivered message. Default 24 h. */
  ttlSeconds?: number
  /** 'high' for critical notices: wakes the device even in power-saving mode */
  urgency?: 'very-low' | 'low' | 'normal' | 'high'
  fetch?: PushFetch
  /** per-request timeout. Default 10 s. */
  timeoutMs?: number
}

export type WebPushStatus = 'accepted' | 'temporary_failure' | 'permanent_failure' | 'gone'

export interface WebPushOutcome {
  status: WebPushStatus
  error?: string
}

export interface VapidKeys {
  publicKey: string
  privateKey: string
}

/** Push services cap the encrypted record at 4096 bytes; leave room for the 86-byte header and padding. */
const MAX_PLAINTEXT_BYTES = 3000
const DEFAULT_TTL_SECONDS = 24 * 60 * 60

const devKeys = new Map<string, VapidKeys>()

/**
 * Development VAPID keys, derived from the session secret with HMAC-SHA256 (a P-256 private
 * scalar). Deterministic rather than `generateVAPIDKeys()` per process on purpose: the web
 * process (which hands the public key to browsers) and a separate worker process (which signs)
 * must agree, and subscriptions made before a restart must keep working.
 */
function deriveDevVapidKeys(secret: string): VapidKeys {
  const cached = devKeys.get(secret)
  if (cached) return cached
  for (let counter = 0; ; counter++) {
    const scalar = createHmac('sha256', secret).update(`yakuba.dev-vapid.v1.${counter}`).digest()
    try {
      const ecdh = createECDH('prime256v1')
      ecdh.setPrivateKey(scalar) // throws for the (≈2⁻³²) scalars outside [1, n-1]
      const keys = { publicKey: ecdh.getPublicKey().toString('base64url'), privateKey: scalar.toString('base64url') }
      devKeys.set(secret, keys)
      return keys
    } catch {
      continue
    }
  }
}

/**
 * The VAPID key pair: configured keys; with the development fakes and no keys, a derived
 * development pair; undefined when push is not available (real channels without keys: push is
 * simply not offered to residents).
 */
export function resolveVapidKeys(config: Config): VapidKeys | undefined {
  if (config.VAPID_PUBLIC_KEY && config.VAPID_PRIVATE_KEY) return { publicKey: config.VAPID_PUBLIC_KEY, privateKey: config.VAPID_PRIVATE_KEY }
  if (config.notifyChannels === 'fake') return deriveDevVapidKeys(config.sessionSecret)
  return undefined
}

/** True when residents can be offered web push. */
export function isWebPushAvailable(config: Config): boolean {
  return resolveVapidKeys(config) !== undefined
}

/** A Topic header value: allowed characters kept when short enough, otherwise a stable hash. */
export function toPushTopic(topic: string): string {
  if (/^[A-Za-z0-9_-]{1,32}$/.test(topic)) return topic
  return createHash('sha256').update(topic).digest('base64url').slice(0, 32)
}

function truncateUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text) <= maxBytes) return text
  let out = ''
  let bytes = 0
  for (const ch of text) {
    const size = Buffer.byteLength(ch)
    if (bytes + size > maxBytes - 3) break
    out += ch
    bytes += size
  }
  return `${out}…`
}

/** The JSON the service worker (public/sw.js) reads; the body is shortened to fit a push record. */
export function encodePushPayload(payload: WebPushPayload): string {
  const title = truncateUtf8(payload.title, 300)
  const base = JSON.stringify({ title, body: '', url: payload.url })
  const body = truncateUtf8(payload.body, Math.max(0, MAX_PLAINTEXT_BYTES - Buffer.byteLength(base)))
  return JSON.stringify({ title, body, url: payload.url })
}

export function classifyPushResponse(status: number): WebPushStatus {
  if (status === 201 || status === 202 || status === 200) return 'accepted'
  if (status === 404 || status === 410) return 'gone'
  if (status === 429 || status >= 500) return 'temporary_failure'
  return 'permanent_failure'
}

/** Sends one message to one subscription; never throws. */
export async function sendWebPush(config: Config, subscription: WebPushSubscription, payload: WebPushPayload, options: WebPushOptions = {}): Promise<WebPushOutcome> {
  const keys = resolveVapidKeys(config)
  if (!keys) return { status: 'permanent_failure', error: 'vapid_not_configured' }
  let details: webpush.RequestDetails
  try {
    details = webpush.generateRequestDetails(subscription, encodePushPayload(payload), {
      vapidDetails: { subject: config.VAPID_SUBJECT, publicKey: keys.publicKey, privateKey: keys.privateKey },
      TTL: options.ttlSeconds ?? DEFAULT_TTL_SECONDS,
      contentEncoding: 'aes128gcm',
      urgency: options.urgency ?? 'normal',
      ...(options.topic ? { topic: toPushTopic(options.topic) } : {}),
    })
  } catch (error) {
    // A subscription whose keys are not a P-256 point / 16-byte secret can never be sent to.
    return { status: 'permanent_failure', error: `invalid_subscription: ${(error as Error).message.slice(0, 200)}` }
  }
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(details.headers)) headers[name.toLowerCase()] = String(value)
  const doFetch: PushFetch = options.fetch ?? inProcessPushFetch(config, details.endpoint) ?? ((input, init) => fetch(input, init))
  try {
    const response = await doFetch(details.endpoint, {
      method: 'POST',
      headers,
      body: new Uint8Array(details.body ?? Buffer.alloc(0)),
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    })
    const status = classifyPushResponse(response.status)
    if (status === 'accepted') {
      await response.body?.cancel().catch(() => undefined)
      return { status }
    }
    const text = (await response.text().catch(() => '')).slice(0, 200)
    return { status, error: `http_${response.status}${text ? `: ${text}` : ''}` }
  } catch (error) {
    const name = (error as Error).name
    return { status: 'temporary_failure', error: name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'network_error' }
  }
}
