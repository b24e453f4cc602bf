import type { Config } from '../../../platform/config.js'
import { hmac, safeEqual } from '../../../platform/crypto.js'

/**
 * Email unsubscribe links (RFC 8058 one-click, RFC 2369 List-Unsubscribe). The link is its own
 * authority — mail providers POST `List-Unsubscribe=One-Click` to it without cookies — so it is
 * an HMAC over the tenant, the resident and the topic. No expiry: an unsubscribe link in an old
 * mail must keep working (RFC 8058 §3.1 asks the URL to stay valid). A version number lets the
 * format or key change later without breaking the links already sent.
 *
 *   {publicUrl}/{tenant}/notifications/unsubscribe/{version}.{residentId}.{topicId | all}.{mac}
 */

const TOKEN_VERSION = '1'
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

export interface UnsubscribeTarget {
  residentId: string
  /** null: every topic */
  topicId: string | null
}

function signTarget(secret: string, tenantSlug: string, residentId: string, topicId: string | null): string {
  return hmac(secret, `yakuba.unsubscribe\n${TOKEN_VERSION}\n${tenantSlug}\n${residentId}\n${topicId ?? 'all'}`)
}

/** The signed token alone (the last path segment of the link). */
export function createUnsubscribeToken(secret: string, tenantSlug: string, residentId: string, topicId: string | null): string {
  return [TOKEN_VERSION, residentId, topicId ?? 'all', signTarget(secret, tenantSlug, residentId, topicId)].join('.')
}

/**
 * The absolute link for an email's List-Unsubscribe header and footer; the same URL takes the
 * one-click POST (pair it with `List-Unsubscribe-Post: List-Unsubscribe=One-Click`).
 */
export function unsubscribeUrl(config: Pick<Config, 'publicUrl' | 'sessionSecret'>, tenantSlug: string, residentId: string, topicId: string | null): string {
  return `${config.publicUrl}/${encodeURIComponent(tenantSlug)}/notifications/unsubscribe/${createUnsubscribeToken(config.sessionSecret, tenantSlug, residentId, topicId)}`
}

/** The headers RFC 8058 asks for on bulk mail. */
export function unsubscribeHeaders(config: Pick<Config, 'publicUrl' | 'sessionSecret'>, tenantSlug: string, residentId: string, topicId: string | null): Record<string, string> {
  return {
    'List-Unsubscribe': `<${unsubscribeUrl(config, tenantSlug, residentId, topicId)}>`,
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  }
}

/** The target of a token, or undefined when it is malformed, of an unknown version, or forged. */
export function readUnsubscribeToken(secret: string, tenantSlug: string, token: string): UnsubscribeTarget | undefined {
  if (token.length > 200) return undefined
  const [version, residentId, topic, mac, ...rest] = token.split('.')
  if (rest.length > 0 || version !== TOKEN_VERSION || !residentId || !topic || !mac) return undefined
  if (!UUID.test(residentId) || (topic !== 'all' && !UUID.test(topic))) return undefined
  const topicId = topic === 'all' ? null : topic
  if (!safeEqual(mac, signTarget(secret, tenantSlug, residentId, topicId))) return undefined
  return { residentId, topicId }
}
