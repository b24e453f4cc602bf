import { describe, expect, it } from 'vitest'
import { hashToken } from '../../crypto.js'
import { apiKeyInvalidity, generateApiKey, isLastUsedStale, maskedApiKey, normalizeScopes, parseApiKey, presentedApiKey } from './api-key-format.js'
import { createApiKeySchema, endOfTokyoDay } from './api-key-schemas.js'

describe('API key format', () => {
  it('makes keys that name their municipality, and stores only their hash and a short prefix', () => {
    const generated = generateApiKey('yakuba-city')
    expect(generated.key).toMatch(/^ykb_yakuba-city_[A-Za-z0-9_-]{43}$/)
    expect(generated.keyHash).toBe(hashToken(generated.key))
    expect(generated.keyPrefix).toBe(generated.key.slice('ykb_yakuba-city_'.length, 'ykb_yakuba-city_'.length + 8))
    expect(generateApiKey('yakuba-city').key).not.toBe(generated.key)
  })

  it('parses a key back to its municipality and hash, even when the random part holds underscores', () => {
    const key = `ykb_t-abc_${'_'.repeat(3)}${'a'.repeat(40)}`
    expect(parseApiKey(key)).toEqual({ tenantSlug: 't-abc', keyPrefix: '___aaaaa', keyHash: hashToken(key) })
  })

  it('refuses text that is not a key', () => {
    for (const text of ['', 'ykb_', 'ykb_t-abc_short', `ykb_T-ABC_${'a'.repeat(43)}`, `xyz_t-abc_${'a'.repeat(43)}`, `ykb_t-abc_${'a'.repeat(44)}`, `ykb_t-abc_${'a'.repeat(42)}!`]) {
      expect(parseApiKey(text)).toBeUndefined()
    }
  })

  it('reads the key from a Bearer authorization header or from X-API-Key', () => {
    expect(presentedApiKey({ authorization: 'Bearer ykb_x' })).toBe('ykb_x')
    expect(presentedApiKey({ authorization: 'bearer   ykb_x ' })).toBe('ykb_x')
    expect(presentedApiKey({ 'x-api-key': ' ykb_y ' })).toBe('ykb_y')
    expect(presentedApiKey({ authorization: 'Basic dXNlcjpwYXNz', 'x-api-key': 'ykb_y' })).toBe('ykb_y')
    expect(presentedApiKey({ authorization: 'Basic dXNlcjpwYXNz' })).toBeUndefined()
    expect(presentedApiKey({ authorization: 'Bearer a b' })).toBeUndefined()
    expect(presentedApiKey({})).toBeUndefined()
  })

  it('shows staff the municipality and prefix only', () => {
    expect(maskedApiKey('t-abc', 'AbCd1234')).toBe('ykb_t-abc_AbCd1234…')
  })

  it('keeps known scopes in a fixed order, once each', () => {
    expect(normalizeScopes(['applications:read', 'procedures:read', 'applications:read', 'admin:all'])).toEqual(['procedures:read', 'applications:read'])
  })

  it('treats a revoked key or one past its expiry as dead', () => {
    const now = new Date('2026-01-10T00:00:00Z')
    expect(apiKeyInvalidity({ revokedAt: null, expiresAt: null }, now)).toBeUndefined()
    expect(apiKeyInvalidity({ revokedAt: null, expiresAt: new Date('2026-01-10T00:00:01Z') }, now)).toBeUndefined()
    expect(apiKeyInvalidity({ revokedAt: null, expiresAt: now }, now)).toBe('expired')
    expect(apiKeyInvalidity({ revokedAt: new Date('2026-01-01T00:00:00Z'), expiresAt: new Date('2025-01-01T00:00:00Z') }, now)).toBe('revoked')
  })

  it('writes last use at most once a minute', () => {
    const now = new Date('2026-01-10T00:01:00Z')
    expect(isLastUsedStale(null, now)).toBe(true)
    expect(isLastUsedStale(new Date('2026-01-10T00:00:30Z'), now)).toBe(false)
    expect(isLastUsedStale(new Date('2026-01-10T00:00:00Z'), now)).toBe(true)
  })
})

describe('the staff form that creates a key', () => {
  const schema = createApiKeySchema('2026-01-10')

  it('accepts a name, scopes, an optional future expiry and a default rate limit', () => {
    expect(schema.parse({ name: ' キオスク１ ', scopes: ['procedures:read'], expiresOn: '', rateLimitPerMinute: '' })).toEqual({
      name: 'キオスク1',
      scopes: ['procedures:read'],
      expiresOn: null,
      rateLimitPerMinute: 120,
    })
    expect(schema.parse({ name: 'x', scopes: ['applications:write'], expiresOn: '2026-01-11', rateLimitPerMinute: '３０' })).toMatchObject({ expiresOn: '2026-01-11', rateLimitPerMinute: 30 })
  })

  it('names each problem with a catalog key', () => {
    const result = schema.safeParse({ name: '<b>', scopes: ['admin:all'], expiresOn: '2026-01-10', rateLimitPerMinute: '0' })
    expect(result.success).toBe(false)
    const messages = Object.fromEntries((result.error?.issues ?? []).map(i => [String(i.path[0]), i.message]))
    expect(messages).toEqual({ name: 'apiKeys.errors.nameCharacters', scopes: 'apiKeys.errors.scopesRequired', expiresOn: 'apiKeys.errors.expiryPast', rateLimitPerMinute: 'apiKeys.errors.rateLimit' })
    expect(schema.safeParse({ name: 'x', scopes: [], expiresOn: '2026-02-30', rateLimitPerMinute: '1' }).error?.issues.map(i => i.message)).toEqual(['apiKeys.errors.scopesRequired', 'apiKeys.errors.expiryFormat'])
  })

  it('lets a key work until the end of its expiry day in Tokyo', () => {
    expect(endOfTokyoDay('2026-03-31').toISOString()).toBe('2026-03-31T15:00:00.000Z')
  })
})

describe('API key messages', () => {
  it('exist in 日本語, やさしい日本語 and English with the same placeholders', async () => {
    const { apiKeyCatalog } = await import('./api-key-catalog.js')
    const names = (s: string | undefined) => [...(s ?? '').matchAll(/\{(\w+)\}/g)].map(m => m[1]).sort()
    for (const locale of ['ja-easy', 'en'] as const) {
      expect(Object.keys(apiKeyCatalog[locale]).sort()).toEqual(Object.keys(apiKeyCatalog.ja).sort())
      for (const [key, ja] of Object.entries(apiKeyCatalog.ja)) expect({ key, names: names(apiKeyCatalog[locale][key]) }).toEqual({ key, names: names(ja) })
    }
  })
})
