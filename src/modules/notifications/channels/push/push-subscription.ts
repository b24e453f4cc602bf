import { z } from 'zod'
import type { Config } from '../../../../platform/config.js'
import type { WebPushSubscription } from './push-sender.js'

/**
 * What a browser's `PushSubscription.toJSON()` gives us, checked before it is stored. The
 * endpoint is a URL the delivery worker will POST to, so it must belong to a browser push
 * service: a resident-supplied URL pointing anywhere else would make our servers send requests
 * to hosts of the resident's choosing (SSRF). The development push service of this server is
 * allowed only with the fake channels.
 */
const PUSH_SERVICE_HOSTS = [
  'fcm.googleapis.com', // Chrome, Edge on Android, Samsung Internet, Opera
  'android.googleapis.com',
  'updates.push.services.mozilla.com', // Firefox
  'push.services.mozilla.com',
  'web.push.apple.com', // Safari (macOS, iOS 16.4+ home-screen apps)
]
const PUSH_SERVICE_SUFFIXES = ['.push.apple.com', '.notify.windows.com'] // Safari, Edge on Windows (WNS)

export const PushSubscriptionSchema = z.object({
  endpoint: z.string().min(10).max(2000),
  expirationTime: z.number().nullable().optional(),
  keys: z.object({ p256dh: z.string().min(80).max(100), auth: z.string().min(16).max(30) }),
})

export type PushSubscriptionProblem = 'invalid_subscription' | 'endpoint_not_allowed' | 'invalid_keys'

export function isAllowedPushEndpoint(config: Pick<Config, 'publicUrl' | 'notifyChannels'>, endpoint: string): boolean {
  let url: URL
  try {
    url = new URL(endpoint)
  } catch {
    return false
  }
  if (config.notifyChannels === 'fake' && endpoint.startsWith(`${config.publicUrl}/dev-push/endpoints/`)) return true
  if (url.protocol !== 'https:' || url.username || url.password || (url.port && url.port !== '443')) return false
  const host = url.hostname.toLowerCase()
  return PUSH_SERVICE_HOSTS.includes(host) || PUSH_SERVICE_SUFFIXES.some(suffix => host.endsWith(suffix))
}

/** A browser subscription, or why it cannot be stored. */
export function parsePushSubscription(config: Pick<Config, 'publicUrl' | 'notifyChannels'>, body: unknown): { ok: true; subscription: WebPushSubscription } | { ok: false; problem: PushSubscriptionProblem } {
  const parsed = PushSubscriptionSchema.safeParse(body)
  if (!parsed.success) return { ok: false, problem: 'invalid_subscription' }
  const { endpoint, keys } = parsed.data
  if (!isAllowedPushEndpoint(config, endpoint)) return { ok: false, problem: 'endpoint_not_allowed' }
  const point = /^[A-Za-z0-9_-]+=*$/.test(keys.p256dh) ? Buffer.from(keys.p256dh, 'base64url') : Buffer.alloc(0)
  const auth = /^[A-Za-z0-9_-]+=*$/.test(keys.auth) ? Buffer.from(keys.auth, 'base64url') : Buffer.alloc(0)
  // RFC 8291: p256dh is an uncompressed P-256 point (65 bytes, 0x04 first), auth 16 bytes.
  if (point.length !== 65 || point[0] !== 0x04 || auth.length !== 16) return { ok: false, problem: 'invalid_keys' }
  return { ok: true, subscription: { endpoint, keys: { p256dh: point.toString('base64url'), auth: auth.toString('base64url') } } }
}
