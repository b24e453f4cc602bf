/**
 * The resident's shelter pass (避難所受付パス): a token that identifies the resident at check-in,
 * shown as a QR code on My page. It carries no personal data — only the resident's id, bound to
 * the tenant and signed with HMAC-SHA256 under a key derived from the session secret, so it
 * cannot be guessed or forged for another resident or another municipality.
 *
 * Format: `SP1-<resident id, 32 hex>-<mac, 16 base32 characters>` (53 characters, upper case,
 * readable aloud and typeable; the dashes and case are forgiven when typed).
 */
import { createHmac } from 'node:crypto'
import { hmac, safeEqual } from '../../../platform/crypto.js'

const PREFIX = 'SP1'
const KEY_PURPOSE = 'yakuba.disaster.shelter-pass.v1'
const BASE32 = 'ABCDEFGHJKMNPQRSTVWXYZ0123456789'.slice(0, 32)
const derivedKeys = new Map<string, string>()

/** The pass key, derived once from the session secret (a leaked pass key is not the session key). */
export function shelterPassKey(sessionSecret: string): string {
  let key = derivedKeys.get(sessionSecret)
  if (!key) {
    key = hmac(sessionSecret, KEY_PURPOSE)
    derivedKeys.set(sessionSecret, key)
  }
  return key
}

function macOf(key: string, tenantId: string, residentHex: string): string {
  const digest = createHmac('sha256', key).update(`${PREFIX}:${tenantId}:${residentHex}`).digest()
  // 16 characters × 5 bits = 80 bits of the MAC
  let bits = 0
  let value = 0
  let out = ''
  for (const byte of digest) {
    value = (value << 8) | byte
    bits += 8
    while (bits >= 5 && out.length < 16) {
      out += BASE32[(value >>> (bits - 5)) & 31]
      bits -= 5
    }
    if (out.length >= 16) break
  }
  return out
}

/** The pass of one resident of one tenant. */
export function signShelterPass(key: string, tenantId: string, residentId: string): string {
  const hex = residentId.replace(/-/g, '').toUpperCase()
  return `${PREFIX}-${hex}-${macOf(key, tenantId, hex)}`
}

/** The resident id a typed or scanned pass identifies in this tenant, or undefined (never throws). */
export function verifyShelterPass(key: string, tenantId: string, value: string | undefined): string | undefined {
  if (!value || value.length > 200) return undefined
  const compact = value
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s\-‐‑‒–—―−ー]/g, '')
  const match = /^SP1([0-9A-F]{32})([A-Z0-9]{16})$/.exec(compact)
  if (!match) return undefined
  const [, hex, mac] = match as unknown as [string, string, string]
  if (!safeEqual(mac, macOf(key, tenantId, hex))) return undefined
  const lower = hex.toLowerCase()
  return `${lower.slice(0, 8)}-${lower.slice(8, 12)}-${lower.slice(12, 16)}-${lower.slice(16, 20)}-${lower.slice(20)}`
}

/** The pass in groups of four for reading it out or typing it. */
export function groupedPass(pass: string): string {
  return pass.replace(/-/g, '').replace(/(.{4})/g, '$1 ').trim()
}
