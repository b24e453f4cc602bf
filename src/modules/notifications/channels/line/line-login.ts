import { createHash } from 'node:crypto'
import { errors as joseErrors, jwtVerify } from 'jose'
import { z } from 'zod'
import { randomToken } from '../../../../platform/crypto.js'
import type { FetchLike } from './line-client.js'

/**
 * The relying-party side of LINE Login v2.1, used to link a LINE account to a resident (not to
 * log in): authorization code flow with `state`, `nonce` and PKCE (S256), the code redeemed at
 * `/oauth2/v2.1/token` with the channel secret, and the ID token verified here — HS256 with the
 * channel secret (LINE signs web-login ID tokens so), `iss https://access.line.me`, `aud` the
 * login channel id, `nonce` ours, `exp` in the future. Only `sub` (the LINE userId) is kept.
 */

export const LINE_LOGIN_ISSUER = 'https://access.line.me'
export const LINE_USER_ID = /^U[0-9a-f]{32}$/

export type LineLoginFailure = 'denied' | 'rejected' | 'unavailable' | 'invalid-token'

/** A failed step of LINE Login; `reason` picks the message shown, `detail` is for logs only (no tokens). */
export class LineLoginError extends Error {
  constructor(
    readonly reason: LineLoginFailure,
    readonly detail: string,
  ) {
    super(`LINE Login ${reason}: ${detail}`)
    this.name = 'LineLoginError'
  }
}

export interface LineLoginPending {
  state: string
  nonce: string
  codeVerifier: string
}

export interface LineLoginChannel {
  channelId: string
  channelSecret: string
}

/** The authorization URL to send the browser to, and what the callback must be checked against. */
export function beginLineLogin(input: { authorizeUrl: string; channelId: string; redirectUri: string }): { url: string; pending: LineLoginPending } {
  const pending: LineLoginPending = { state: randomToken(), nonce: randomToken(), codeVerifier: randomToken(48) }
  const url = new URL(input.authorizeUrl)
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: input.channelId,
    redirect_uri: input.redirectUri,
    state: pending.state,
    scope: 'openid profile',
    nonce: pending.nonce,
    code_challenge: createHash('sha256').update(pending.codeVerifier).digest('base64url'),
    code_challenge_method: 'S256',
    // Offers to add the official account as a friend on the consent screen (when the login
    // channel is linked to the Messaging API channel): linking is for receiving notices.
    bot_prompt: 'aggressive',
  }).toString()
  return { url: url.toString(), pending }
}

const TokenResponseSchema = z.object({
  access_token: z.string().min(1),
  id_token: z.string().min(1),
  token_type: z.string(),
  scope: z.string().optional(),
  expires_in: z.number().optional(),
})
const TokenErrorSchema = z.object({ error: z.string(), error_description: z.string().optional() })

/** Redeems the authorization code (once) for an access token and an ID token. */
export async function exchangeLineCode(input: {
  apiBaseUrl: string
  channel: LineLoginChannel
  redirectUri: string
  code: string
  codeVerifier: string
  fetch?: FetchLike
}): Promise<{ accessToken: string; idToken: string }> {
  const doFetch: FetchLike = input.fetch ?? ((url, init) => fetch(url, init))
  let response: Response
  let text: string
  try {
    response = await doFetch(`${input.apiBaseUrl.replace(/\/+$/, '')}/oauth2/v2.1/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: input.code,
        redirect_uri: input.redirectUri,
        client_id: input.channel.channelId,
        client_secret: input.channel.channelSecret,
        code_verifier: input.codeVerifier,
      }).toString(),
      signal: AbortSignal.timeout(10_000),
    })
    text = await response.text()
  } catch (error) {
    throw new LineLoginError('unavailable', `token endpoint unreachable: ${(error as Error).name}`)
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    json = undefined
  }
  if (!response.ok) {
    const problem = TokenErrorSchema.safeParse(json)
    const detail = problem.success ? `${problem.data.error}${problem.data.error_description ? `: ${problem.data.error_description}` : ''}` : `HTTP ${response.status}`
    throw new LineLoginError(response.status >= 500 || response.status === 429 ? 'unavailable' : 'rejected', detail)
  }
  const parsed = TokenResponseSchema.safeParse(json)
  if (!parsed.success) throw new LineLoginError('invalid-token', 'token response without an ID token')
  return { accessToken: parsed.data.access_token, idToken: parsed.data.id_token }
}

/** Verifies LINE's ID token for this channel and attempt; returns the LINE userId (`sub`). */
export async function verifyLineIdToken(idToken: string, input: { channel: LineLoginChannel; nonce: string; now?: Date }): Promise<{ userId: string }> {
  let payload: Record<string, unknown>
  try {
    const verified = await jwtVerify(idToken, new TextEncoder().encode(input.channel.channelSecret), {
      algorithms: ['HS256'],
      issuer: LINE_LOGIN_ISSUER,
      audience: input.channel.channelId,
      requiredClaims: ['exp', 'iat', 'sub'],
      clockTolerance: 60,
      currentDate: input.now,
    })
    payload = verified.payload as Record<string, unknown>
  } catch (error) {
    const detail = error instanceof joseErrors.JOSEError ? error.code : 'unreadable'
    throw new LineLoginError('invalid-token', detail)
  }
  if (typeof payload.nonce !== 'string' || payload.nonce !== input.nonce) throw new LineLoginError('invalid-token', 'nonce mismatch')
  if (typeof payload.sub !== 'string' || !LINE_USER_ID.test(payload.sub)) throw new LineLoginError('invalid-token', 'sub is not a LINE user id')
  return { userId: payload.sub }
}

/**
 * Whether the user has added the linked official account as a friend (`GET /friendship/v1/status`
 * with the user's access token); undefined when LINE cannot tell us (not linked, unavailable).
 */
export async function findLineFriendship(input: { apiBaseUrl: string; accessToken: string; fetch?: FetchLike }): Promise<boolean | undefined> {
  const doFetch: FetchLike = input.fetch ?? ((url, init) => fetch(url, init))
  try {
    const response = await doFetch(`${input.apiBaseUrl.replace(/\/+$/, '')}/friendship/v1/status`, {
      method: 'GET',
      headers: { authorization: `Bearer ${input.accessToken}` },
      signal: AbortSignal.timeout(5000),
    })
    if (!response.ok) return undefined
    const parsed = z.object({ friendFlag: z.boolean() }).safeParse(await response.json())
    return parsed.success ? parsed.data.friendFlag : undefined
  } catch {
    return undefined
  }
}
