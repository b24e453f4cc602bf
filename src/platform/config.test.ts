import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from './config.js'
import { securityHeaders } from './http/security-headers.js'
import { mapTileOrigin } from './views/map-tiles.js'

describe('config', () => {
  it('starts in development with no settings at all', () => {
    const config = loadConfig({})
    expect(config.PORT).toBe(3000)
    expect(config.DATABASE_URL).toBeUndefined()
    expect(config.devIdp).toBe(true)
    expect(config.seedDemo).toBe(true)
    expect(config.publicUrl).toBe('http://localhost:3000')
  })

  it('stops with a message naming the wrong key', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/)
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL: must be a postgres:\/\/ URL/)
    expect(() => loadConfig({ DATA_ENCRYPTION_KEY: 'short' })).toThrow(/DATA_ENCRYPTION_KEY/)
    expect(() => loadConfig({ DATABASE_APP_ROLE: 'app; DROP ROLE x' })).toThrow(/DATABASE_APP_ROLE/)
  })

  it('requires secrets, a public URL and no dev identity provider in production', () => {
    let error: unknown
    try {
      loadConfig({ NODE_ENV: 'production', DEV_IDP: 'true' })
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(ConfigError)
    const message = (error as Error).message
    for (const key of ['SESSION_SECRET', 'DATA_ENCRYPTION_KEY', 'DEV_IDP', 'PUBLIC_URL']) expect(message).toContain(key)
  })

  it('requires the デジタル認証アプリ settings together', () => {
    expect(() => loadConfig({ DIGITAL_AUTH_ISSUER: 'https://auth.example.jp' })).toThrow(/go together/)
  })

  it('treats empty values as unset (as .env files write them)', () => {
    expect(loadConfig({ DATABASE_URL: '', STAFF_LISTEN: '' }).DATABASE_URL).toBeUndefined()
  })

  it('takes map tiles from an https template and lets the CSP load images from its origin only', () => {
    expect(() => loadConfig({ MAP_TILE_URL: 'javascript:alert(1)' })).toThrow(/MAP_TILE_URL/)
    expect(() => loadConfig({ MAP_TILE_URL: 'http://tiles.example.jp/{z}/{x}/{y}.png' })).toThrow(/MAP_TILE_URL/)
    const config = loadConfig({ MAP_TILE_URL: 'https://tiles.example.jp/std/{z}/{x}/{y}.png' })
    const origin = mapTileOrigin(config.MAP_TILE_URL ?? '')
    expect(origin).toBe('https://tiles.example.jp')
    expect(securityHeaders({ https: true, extraFormActions: [], tileOrigin: origin })['content-security-policy']).toContain("img-src 'self' data: https://tiles.example.jp;")
  })
})
