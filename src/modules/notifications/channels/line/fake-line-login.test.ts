import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createFakeLineLogin, DEV_LINE_USERS } from './fake-line-login.js'

const channel = { channelId: '1234567890', channelSecret: '0123456789abcdef0123456789abcdef' }
const redirectUri = 'http://yakuba.test/t/notifications/line/callback'
const verifier = 'v'.repeat(43)
const user = DEV_LINE_USERS[0].userId

function setUp() {
  const followers = new Set<string>()
  const login = createFakeLineLogin({ channels: [channel], allowedRedirectPrefixes: ['http://yakuba.test/'], isFollowing: u => followers.has(u), setFollowing: (u, f) => void (f ? followers.add(u) : followers.delete(u)) })
  const authorize = (extra: Record<string, string> = {}) =>
    login.validateAuthorization({
      response_type: 'code',
      client_id: channel.channelId,
      redirect_uri: redirectUri,
      state: 's-1',
      scope: 'openid profile',
      nonce: 'n-1',
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
      bot_prompt: 'aggressive',
      ...extra,
    })
  const token = (form: Record<string, string>) =>
    login.handle({
      method: 'POST',
      path: '/oauth2/v2.1/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', redirect_uri: redirectUri, client_id: channel.channelId, client_secret: channel.channelSecret, code_verifier: verifier, ...form }).toString(),
    })
  return { login, authorize, token, followers }
}

describe('fake LINE Login', () => {
  it('shows an error page for an unknown client or an unregistered redirect, and redirects other errors', () => {
    const { authorize } = setUp()
    for (const refused of [authorize({ client_id: '1' }), authorize({ redirect_uri: 'https://evil.example/cb' })]) {
      expect(refused.ok).toBe(false)
      expect((refused as { redirect?: string }).redirect).toBeUndefined()
    }
    const noState = authorize({ state: '' })
    expect(noState.ok).toBe(false)
    if (!noState.ok) expect(noState.redirect).toMatch(/^http:\/\/yakuba\.test\/t\/notifications\/line\/callback\?error=invalid_request/)
  })

  it('issues tokens for a code once, with the friendship the user chose', () => {
    const { login, authorize, token, followers } = setUp()
    const checked = authorize()
    if (!checked.ok) throw new Error('authorization should be valid')
    const redirect = new URL(login.approve(checked.request, user, true))
    expect(redirect.searchParams.get('state')).toBe('s-1')
    expect(redirect.searchParams.get('friendship_status_changed')).toBe('true')
    expect(followers.has(user)).toBe(true)
    const code = redirect.searchParams.get('code') ?? ''
    const first = token({ code })
    expect(first).toMatchObject({ status: 200, body: { token_type: 'Bearer', scope: 'openid profile', expires_in: 2592000 } })
    expect(token({ code })).toMatchObject({ status: 400, body: { error: 'invalid_grant' } })
    // the access token of a code used twice is revoked
    const accessToken = (first.body as { access_token: string }).access_token
    expect(login.handle({ method: 'GET', path: '/friendship/v1/status', headers: { authorization: `Bearer ${accessToken}` }, body: '' }).status).toBe(401)
  })

  it('refuses a wrong verifier, redirect_uri or client secret as LINE does', () => {
    const { login, authorize, token } = setUp()
    const codeFor = () => {
      const checked = authorize()
      if (!checked.ok) throw new Error('authorization should be valid')
      return new URL(login.approve(checked.request, user, false)).searchParams.get('code') ?? ''
    }
    expect(token({ code: codeFor(), code_verifier: 'w'.repeat(43) })).toMatchObject({ status: 400, body: { error: 'invalid_grant', error_description: 'invalid code_verifier' } })
    expect(token({ code: codeFor(), redirect_uri: 'http://yakuba.test/other' })).toMatchObject({ status: 400, body: { error: 'invalid_grant' } })
    expect(token({ code: codeFor(), client_secret: 'f'.repeat(32) })).toMatchObject({ status: 400, body: { error: 'invalid_client' } })
    expect(token({ code: codeFor(), grant_type: 'password' })).toMatchObject({ status: 400, body: { error: 'unsupported_grant_type' } })
  })
})
