import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto'
import { safeEqual } from '../../../../platform/crypto.js'
import type { FakeLineRequest, FakeLineResponse } from './fake-line.js'
import { LINE_LOGIN_ISSUER } from './line-login.js'

/**
 * A local stand-in for LINE Login v2.1 (the OAuth 2.0 / OpenID Connect side of LINE), for
 * development and tests. It speaks LINE's shapes:
 * - the authorization request (`GET /oauth2/v2.1/authorize`: response_type=code, client_id,
 *   redirect_uri, state, scope, nonce, code_challenge + S256, bot_prompt) — the page itself is
 *   rendered by the mount; this file validates the request and issues the redirect;
 * - `POST /oauth2/v2.1/token` (form: grant_type, code, redirect_uri, client_id, client_secret,
 *   code_verifier) → `{ access_token, expires_in, id_token, refresh_token, scope, token_type }`,
 *   errors as `{ error, error_description }` (invalid_request, invalid_client, invalid_grant,
 *   unsupported_grant_type);
 * - the ID token: a JWT signed HS256 with the channel secret, `iss https://access.line.me`,
 *   `sub` the user id, `aud` the channel id, `nonce`, `exp`, `iat`, `amr`, `name`;
 * - `POST /oauth2/v2.1/verify` (id_token, client_id, nonce) and `GET /friendship/v1/status`.
 * Codes work once, for ten minutes; a code used twice is refused (and its tokens revoked).
 */

/** Development LINE users the consent page offers (fixed ids, so links survive restarts). */
export const DEV_LINE_USERS = [
  { userId: 'U1a2b3c4d5e6f70819a2b3c4d5e6f7081', displayName: 'ライン 花子' },
  { userId: 'U2b3c4d5e6f708192a3b4c5d6e7f80912', displayName: 'ライン 太郎' },
  { userId: 'U3c4d5e6f708192a3b4c5d6e7f8091a23', displayName: 'Line Maria (English)' },
] as const

export function isLineLoginPath(path: string): boolean {
  return path.startsWith('/oauth2/') || path.startsWith('/friendship/')
}

export interface FakeLineLoginOptions {
  /** LINE Login channels the fake knows (id and secret). */
  channels: { channelId: string; channelSecret: string }[]
  /** Registered callback URLs: a redirect_uri must start with one of them. */
  allowedRedirectPrefixes: string[]
  /** Friendship with the linked official account (the Messaging API fake's followers). */
  isFollowing?: (userId: string) => boolean
  setFollowing?: (userId: string, isFollowing: boolean) => void
  now?: () => number
}

export interface LineAuthorizationRequest {
  clientId: string
  redirectUri: string
  state: string
  scope: string
  nonce?: string
  codeChallenge?: string
  botPrompt?: string
}

export type ValidatedAuthorization =
  | { ok: true; request: LineAuthorizationRequest }
  /** `redirect`: where LINE sends the browser with the error; absent: LINE shows an error page. */
  | { ok: false; error: string; description: string; redirect?: string }

const CODE_TTL_MS = 10 * 60 * 1000
const ACCESS_TOKEN_TTL_S = 30 * 24 * 60 * 60
const ID_TOKEN_TTL_S = 60 * 60
const SCOPES = new Set(['openid', 'profile', 'email'])

function base64url(value: Buffer | string): string {
  return Buffer.from(value).toString('base64url')
}

/** An HS256 JWT, as LINE signs ID tokens for web logins (key: the channel secret). */
export function signLineIdToken(channelSecret: string, claims: Record<string, unknown>): string {
  const signingInput = `${base64url(JSON.stringify({ typ: 'JWT', alg: 'HS256' }))}.${base64url(JSON.stringify(claims))}`
  return `${signingInput}.${createHmac('sha256', channelSecret).update(signingInput).digest('base64url')}`
}

function s256(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url')
}

function firstValue(value: unknown): string | undefined {
  const one = Array.isArray(value) ? value[0] : value
  return typeof one === 'string' ? one : undefined
}

export function createFakeLineLogin(options: FakeLineLoginOptions) {
  const now = options.now ?? Date.now
  const channels = new Map(options.channels.map(c => [c.channelId, c.channelSecret]))
  const codes = new Map<string, LineAuthorizationRequest & { userId: string; issuedAt: number; isUsed: boolean; accessTokens: string[] }>()
  const accessTokens = new Map<string, { userId: string; clientId: string; scope: string; expiresAt: number }>()

  function answer(status: number, body: unknown): FakeLineResponse {
    return { status, headers: { 'content-type': 'application/json', 'x-line-request-id': randomUUID(), pragma: 'no-cache' }, body }
  }
  const oauthError = (error: string, description: string, status = 400) => answer(status, { error, error_description: description })

  function withParams(redirectUri: string, params: Record<string, string | undefined>): string {
    const url = new URL(redirectUri)
    for (const [key, value] of Object.entries(params)) if (value !== undefined) url.searchParams.set(key, value)
    return url.toString()
  }

  /** Checks an authorization request as LINE does before showing its consent screen. */
  function validateAuthorization(query: Record<string, unknown>): ValidatedAuthorization {
    const clientId = firstValue(query.client_id)
    const redirectUri = firstValue(query.redirect_uri)
    if (!clientId || !channels.has(clientId)) return { ok: false, error: 'invalid_request', description: 'client_id is unknown' }
    if (!redirectUri || !options.allowedRedirectPrefixes.some(prefix => redirectUri.startsWith(prefix)) || !URL.canParse(redirectUri))
      return { ok: false, error: 'invalid_request', description: 'redirect_uri does not match the registered callback URL' }
    const state = firstValue(query.state)
    const fail = (error: string, description: string): ValidatedAuthorization => ({ ok: false, error, description, redirect: withParams(redirectUri, { error, error_description: description, state }) })
    if (firstValue(query.response_type) !== 'code') return fail('unsupported_response_type', 'response_type must be code')
    if (!state || state.length > 500) return fail('invalid_request', 'state is required')
    const scope = firstValue(query.scope) ?? ''
    const scopes = scope.split(' ').filter(Boolean)
    if (scopes.length === 0 || scopes.some(s => !SCOPES.has(s))) return fail('invalid_scope', 'scope is invalid')
    const codeChallenge = firstValue(query.code_challenge)
    const method = firstValue(query.code_challenge_method)
    if (codeChallenge !== undefined && (method !== 'S256' || !/^[A-Za-z0-9_-]{43,128}$/.test(codeChallenge))) return fail('invalid_request', 'code_challenge_method must be S256')
    return { ok: true, request: { clientId, redirectUri, state, scope: scopes.join(' '), nonce: firstValue(query.nonce), codeChallenge, botPrompt: firstValue(query.bot_prompt) } }
  }

  /** The user allowed it: the redirect back with a fresh code (and, with bot_prompt, the friendship change). */
  function approve(request: LineAuthorizationRequest, userId: string, addFriend: boolean): string {
    const code = randomBytes(15).toString('base64url')
    codes.set(code, { ...request, userId, issuedAt: now(), isUsed: false, accessTokens: [] })
    const wasFollowing = options.isFollowing?.(userId) ?? false
    if (addFriend && request.botPrompt) options.setFollowing?.(userId, true)
    const changed = request.botPrompt ? String(addFriend && !wasFollowing) : undefined
    return withParams(request.redirectUri, { code, state: request.state, friendship_status_changed: changed })
  }

  /** The user cancelled: LINE redirects with access_denied. */
  function deny(request: LineAuthorizationRequest): string {
    return withParams(request.redirectUri, { error: 'access_denied', error_description: 'The resource owner denied the request.', state: request.state })
  }

  function issueToken(form: URLSearchParams): FakeLineResponse {
    if (form.get('grant_type') !== 'authorization_code') return oauthError('unsupported_grant_type', 'grant_type must be authorization_code')
    const clientId = form.get('client_id') ?? ''
    const secret = channels.get(clientId)
    if (!secret || !safeEqual(secret, form.get('client_secret') ?? '')) return oauthError('invalid_client', 'invalid client_id or client_secret')
    const code = form.get('code') ?? ''
    const issued = codes.get(code)
    if (!issued || issued.clientId !== clientId) return oauthError('invalid_grant', 'invalid authorization code')
    if (issued.isUsed) {
      // A code presented twice may have been stolen: what it gave is revoked (RFC 6749 §4.1.2).
      for (const token of issued.accessTokens) accessTokens.delete(token)
      return oauthError('invalid_grant', 'invalid authorization code')
    }
    if (now() - issued.issuedAt > CODE_TTL_MS) return oauthError('invalid_grant', 'authorization code expired')
    issued.isUsed = true
    if (form.get('redirect_uri') !== issued.redirectUri) return oauthError('invalid_grant', 'redirect_uri does not match')
    if (issued.codeChallenge !== undefined) {
      const verifier = form.get('code_verifier') ?? ''
      if (!/^[A-Za-z0-9._~-]{43,128}$/.test(verifier) || !safeEqual(s256(verifier), issued.codeChallenge)) return oauthError('invalid_grant', 'invalid code_verifier')
    }
    const accessToken = randomBytes(32).toString('base64url')
    accessTokens.set(accessToken, { userId: issued.userId, clientId, scope: issued.scope, expiresAt: now() + ACCESS_TOKEN_TTL_S * 1000 })
    issued.accessTokens.push(accessToken)
    const issuedAt = Math.floor(now() / 1000)
    const user = DEV_LINE_USERS.find(u => u.userId === issued.userId)
    const idToken = issued.scope.split(' ').includes('openid')
      ? signLineIdToken(secret, {
          iss: LINE_LOGIN_ISSUER,
          sub: issued.userId,
          aud: clientId,
          exp: issuedAt + ID_TOKEN_TTL_S,
          iat: issuedAt,
          ...(issued.nonce ? { nonce: issued.nonce } : {}),
          amr: ['linesso'],
          ...(issued.scope.includes('profile') ? { name: user?.displayName ?? 'LINE user' } : {}),
        })
      : undefined
    return answer(200, {
      access_token: accessToken,
      expires_in: ACCESS_TOKEN_TTL_S,
      ...(idToken ? { id_token: idToken } : {}),
      refresh_token: randomBytes(20).toString('base64url'),
      scope: issued.scope,
      token_type: 'Bearer',
    })
  }

  /** `POST /oauth2/v2.1/verify`: LINE checks an ID token for the client and answers its claims. */
  function verifyIdToken(form: URLSearchParams): FakeLineResponse {
    const clientId = form.get('client_id') ?? ''
    const secret = channels.get(clientId)
    const token = form.get('id_token') ?? ''
    const [header, payload, signature] = token.split('.')
    if (!secret || !header || !payload || !signature) return oauthError('invalid_request', 'Invalid IdToken.')
    if (!safeEqual(createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url'), signature)) return oauthError('invalid_request', 'Invalid IdToken Signature.')
    let claims: Record<string, unknown>
    try {
      claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>
    } catch {
      return oauthError('invalid_request', 'Invalid IdToken.')
    }
    if (claims.aud !== clientId) return oauthError('invalid_request', 'Invalid IdToken Audience.')
    if (typeof claims.exp !== 'number' || claims.exp * 1000 < now()) return oauthError('invalid_request', 'IdToken expired.')
    const nonce = form.get('nonce')
    if (nonce !== null && claims.nonce !== nonce) return oauthError('invalid_request', 'Invalid IdToken Nonce.')
    return answer(200, claims)
  }

  function friendship(request: FakeLineRequest): FakeLineResponse {
    const raw = request.headers.authorization
    const token = /^Bearer (.+)$/.exec(Array.isArray(raw) ? (raw[0] ?? '') : (raw ?? ''))?.[1]
    const granted = token ? accessTokens.get(token) : undefined
    if (!granted || granted.expiresAt < now()) return answer(401, { message: 'Authentication failed. Confirm that the access token in the authorization header is valid.' })
    if (!granted.scope.split(' ').includes('profile')) return answer(403, { message: 'Not allowed to use the API. The profile scope is required.' })
    return answer(200, { friendFlag: options.isFollowing?.(granted.userId) ?? false })
  }

  /** Token, verify and friendship endpoints (the authorize page is served by the mount). */
  function handle(request: FakeLineRequest): FakeLineResponse {
    const contentType = String(request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase()
    const form = () => new URLSearchParams(request.body)
    if (request.method === 'POST' && (request.path === '/oauth2/v2.1/token' || request.path === '/oauth2/v2.1/verify')) {
      if (contentType !== 'application/x-www-form-urlencoded') return oauthError('invalid_request', 'Content-Type must be application/x-www-form-urlencoded')
      return request.path === '/oauth2/v2.1/token' ? issueToken(form()) : verifyIdToken(form())
    }
    if (request.method === 'GET' && request.path === '/friendship/v1/status') return friendship(request)
    return answer(404, { message: 'Not found' })
  }

  return {
    handle,
    validateAuthorization,
    approve,
    deny,
    users: DEV_LINE_USERS,
    /** Accepts another LINE Login channel (a tenant's own credentials in development). */
    addChannel(channelId: string, channelSecret: string) {
      channels.set(channelId, channelSecret)
    },
  }
}

export type FakeLineLogin = ReturnType<typeof createFakeLineLogin>
