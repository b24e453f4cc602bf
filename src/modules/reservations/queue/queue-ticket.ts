/**
 * Waiting-room tickets: first-come numbers signed by the server and kept by the browser in an
 * HttpOnly cookie, so that only a per-resource counter is stored. The signature (HMAC-SHA256 with
 * a key derived from the session secret) makes a ticket impossible to forge or to move forward
 * in the line; a tampered ticket is simply not a ticket.
 *
 * Format: `v1.<resourceId>.<opensAtMs>.<number>.<issuedAtMs>.<mac>` — all cookie-safe characters.
 */
import { hmac, safeEqual } from '../../../platform/crypto.js'

export interface QueueTicket {
  resourceId: string
  /** the opening (rush) or load episode this number belongs to, epoch ms */
  opensAtMs: number
  /** 1 = first in line */
  number: number
  issuedAtMs: number
}

const VERSION = 'v1'
const KEY_PURPOSE = 'yakuba.reservations.queue-ticket.v1'
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
const INTEGER = /^[0-9]{1,16}$/

const derivedKeys = new Map<string, string>()

/** The ticket key, derived once from the session secret (a leaked ticket key is not the session key). */
export function queueTicketKey(sessionSecret: string): string {
  let key = derivedKeys.get(sessionSecret)
  if (!key) {
    key = hmac(sessionSecret, KEY_PURPOSE)
    derivedKeys.set(sessionSecret, key)
  }
  return key
}

function payloadOf(ticket: QueueTicket): string {
  return [VERSION, ticket.resourceId, ticket.opensAtMs, ticket.number, ticket.issuedAtMs].join('.')
}

export function signTicket(key: string, ticket: QueueTicket): string {
  const payload = payloadOf(ticket)
  return `${payload}.${hmac(key, payload)}`
}

/** The ticket when the value is one this server signed, else undefined (never throws). */
export function verifyTicket(key: string, value: string | undefined): QueueTicket | undefined {
  if (!value || value.length > 200) return undefined
  const parts = value.split('.')
  if (parts.length !== 6) return undefined
  const [version, resourceId, opensAt, number, issuedAt, mac] = parts as [string, string, string, string, string, string]
  if (version !== VERSION || !UUID.test(resourceId) || !INTEGER.test(opensAt) || !INTEGER.test(number) || !INTEGER.test(issuedAt)) return undefined
  const ticket: QueueTicket = { resourceId, opensAtMs: Number(opensAt), number: Number(number), issuedAtMs: Number(issuedAt) }
  if (ticket.number < 1) return undefined
  // Recompute over the canonical payload: a value with leading zeros or other spellings does not verify.
  if (payloadOf(ticket) !== parts.slice(0, 5).join('.')) return undefined
  return safeEqual(mac, hmac(key, payloadOf(ticket))) ? ticket : undefined
}

/** One cookie per resource, so that waiting for two services does not lose either place. */
export function ticketCookieName(resourceId: string): string {
  return `yakuba_queue_${resourceId.replace(/-/g, '')}`
}
