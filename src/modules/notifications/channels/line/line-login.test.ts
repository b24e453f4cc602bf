import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { signLineIdToken } from './fake-line-login.js'
import { beginLineLogin, LINE_LOGIN_ISSUER, LineLoginError, verifyLineIdToken } from './line-login.js'

const channel = { channelId: '1234567890', channelSecret: '0123456789abcdef0123456789abcdef' }
const userId = `U${'ab'.repeat(16)}`
const now = new Date('2026-04-01T00:00:00Z')
const seconds = Math.floor(now.getTime() / 1000)
const claims = (overrides: Record<string, unknown> = {}) => ({ iss: LINE_LOGIN_ISSUER, sub: userId, aud: channel.channelId, exp: seconds + 3600, iat: seconds, nonce: 'n-1', amr: ['linesso'], ...overrides })

async function failureOf(token: string, nonce = 'n-1'): Promise<string> {
  try {
    await verifyLineIdToken(token, { channel, nonce, now })
    return 'accepted'
  } catch (error) {
    if (error instanceof LineLoginError) return `${error.reason}: ${error.detail}`
    throw error
  }
}

describe('LINE Login ID token verification', () => {
  it('accepts an HS256 token from LINE for this channel and nonce, and returns the LINE user id', async () => {
    await expect(verifyLineIdToken(signLineIdToken(channel.channelSecret, claims()), { channel, nonce: 'n-1', now })).resolves.toEqual({ userId })
  })

  it('refuses a token signed with another secret', async () => {
    expect(await failureOf(signLineIdToken('ffffffffffffffffffffffffffffffff', claims()))).toBe('invalid-token: ERR_JWS_SIGNATURE_VERIFICATION_FAILED')
  })

  it('refuses another issuer, another channel, an expired token and a token without exp', async () => {
    expect(await failureOf(signLineIdToken(channel.channelSecret, claims({ iss: 'https://evil.example' })))).toMatch(/^invalid-token: ERR_JWT_CLAIM_VALIDATION_FAILED/)
    expect(await failureOf(signLineIdToken(channel.channelSecret, claims({ aud: '9999999999' })))).toMatch(/^invalid-token: ERR_JWT_CLAIM_VALIDATION_FAILED/)
    expect(await failureOf(signLineIdToken(channel.channelSecret, claims({ exp: seconds - 120 })))).toBe('invalid-token: ERR_JWT_EXPIRED')
    expect(await failureOf(signLineIdToken(channel.channelSecret, claims({ exp: undefined })))).toMatch(/^invalid-token: ERR_JWT_CLAIM_VALIDATION_FAILED/)
  })

  it('tolerates a minute of clock skew but not more', async () => {
    expect(await failureOf(signLineIdToken(channel.channelSecret, claims({ exp: seconds - 30 })))).toBe('accepted')
  })

  it('refuses a token whose nonce is not this attempt’s, or has none', async () => {
    expect(await failureOf(signLineIdToken(channel.channelSecret, claims({ nonce: 'n-2' })))).toBe('invalid-token: nonce mismatch')
    expect(await failureOf(signLineIdToken(channel.channelSecret, claims({ nonce: undefined })))).toBe('invalid-token: nonce mismatch')
  })

  it('refuses an unsigned token and a subject that is not a LINE user id', async () => {
    const [, payload] = signLineIdToken(channel.channelSecret, claims()).split('.')
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`
    expect(await failureOf(unsigned)).toMatch(/^invalid-token: /)
    expect(await failureOf(signLineIdToken(channel.channelSecret, claims({ sub: 'U123' })))).toBe('invalid-token: sub is not a LINE user id')
    expect(await failureOf('not a jwt')).toMatch(/^invalid-token: /)
  })
})

describe('beginLineLogin', () => {
  it('asks for openid profile with state, nonce and an S256 challenge of a fresh verifier', () => {
    const { url, pending } = beginLineLogin({ authorizeUrl: 'https://access.line.me/oauth2/v2.1/authorize', channelId: channel.channelId, redirectUri: 'https://city.example/t/notifications/line/callback' })
    const params = new URL(url).searchParams
    expect(Object.fromEntries(params)).toMatchObject({
      response_type: 'code',
      client_id: channel.channelId,
      redirect_uri: 'https://city.example/t/notifications/line/callback',
      scope: 'openid profile',
      state: pending.state,
      nonce: pending.nonce,
      code_challenge_method: 'S256',
      code_challenge: createHash('sha256').update(pending.codeVerifier).digest('base64url'),
    })
    expect(pending.codeVerifier).toMatch(/^[A-Za-z0-9_-]{43,128}$/)
    expect(beginLineLogin({ authorizeUrl: 'https://access.line.me/oauth2/v2.1/authorize', channelId: '1', redirectUri: 'https://x/' }).pending.state).not.toBe(pending.state)
  })
})
