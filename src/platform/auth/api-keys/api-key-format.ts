/**
 * API keys as text: `ykb_<tenant slug>_<43 base64url characters>` (256 random bits). The slug
 * makes a key's municipality visible to whoever handles it and lets a key sent to the wrong
 * municipality be refused without a database lookup; only the SHA-256 of the whole key is stored.
 */
import { hashToken, randomToken } from '../../crypto.js'

/** What a key may do. A fixed list: routes name one of these in `config.scope`. */
export const API_KEY_SCOPES = ['procedures:read', 'applications:write', 'applications:read', 'notices:write', 'notices:read', 'bookings:write', 'bookings:read'] as const
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number]

export function isApiKeyScope(value: unknown): value is ApiKeyScope {
  return typeof value === 'string' && (API_KEY_SCOPES as readonly string[]).includes(value)
}

const KEY_PATTERN = /^ykb_([a-z][a-z0-9-]{1,39})_([A-Za-z0-9_-]{43})$/
/** Characters of the random part kept in clear (`key_prefix`) so staff can tell keys apart. */
export const KEY_PREFIX_LENGTH = 8

export interface NewApiKeySecret {
  /** The whole key, shown once. */
  key: string
  keyPrefix: string
  keyHash: string
}

/** A fresh key for a municipality: the text to show once, and what is stored. */
export function generateApiKey(tenantSlug: string): NewApiKeySecret {
  const random = randomToken(32)
  const key = `ykb_${tenantSlug}_${random}`
  return { key, keyPrefix: random.slice(0, KEY_PREFIX_LENGTH), keyHash: hashToken(key) }
}

export interface ParsedApiKey {
  tenantSlug: string
  keyPrefix: string
  keyHash: string
}

/** Reads a presented key; undefined when it is not in the key format at all. */
export function parseApiKey(text: string): ParsedApiKey | undefined {
  const match = KEY_PATTERN.exec(text)
  if (!match) return undefined
  return { tenantSlug: match[1] as string, keyPrefix: (match[2] as string).slice(0, KEY_PREFIX_LENGTH), keyHash: hashToken(text) }
}

/** How staff see a key in lists: the slug and the clear prefix, never the secret. */
export function maskedApiKey(tenantSlug: string, keyPrefix: string): string {
  return `ykb_${tenantSlug}_${keyPrefix}…`
}

/**
 * The key a request presents: `Authorization: Bearer <key>` or `X-API-Key: <key>`. Returns
 * undefined when neither is there; a header of another kind (Basic…) counts as absent.
 */
export function presentedApiKey(headers: Record<string, string | string[] | undefined>): string | undefined {
  const authorization = firstHeader(headers.authorization)
  if (authorization) {
    const match = /^Bearer[ ]+(\S+)\s*$/i.exec(authorization)
    if (match) return match[1]
  }
  const apiKey = firstHeader(headers['x-api-key'])?.trim()
  return apiKey || undefined
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value
}

/** Orders scopes as the fixed list does and drops duplicates and unknown ones. */
export function normalizeScopes(scopes: readonly string[]): ApiKeyScope[] {
  return API_KEY_SCOPES.filter(scope => scopes.includes(scope))
}

export type ApiKeyRejection = 'missing' | 'malformed' | 'wrong-tenant' | 'unknown' | 'revoked' | 'expired'

export interface StoredApiKeyState {
  revokedAt: Date | null
  expiresAt: Date | null
}

/** Why a stored key can no longer be used at `now`, or undefined when it is live. */
export function apiKeyInvalidity(key: StoredApiKeyState, now: Date): 'revoked' | 'expired' | undefined {
  if (key.revokedAt) return 'revoked'
  if (key.expiresAt && key.expiresAt.getTime() <= now.getTime()) return 'expired'
  return undefined
}

/** last_used_at is written at most once a minute per key: a busy kiosk must not write on every call. */
export const LAST_USED_RESOLUTION_MS = 60_000

export function isLastUsedStale(lastUsedAt: Date | null, now: Date): boolean {
  return !lastUsedAt || now.getTime() - lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS
}
