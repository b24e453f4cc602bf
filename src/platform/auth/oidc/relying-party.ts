import { timingSafeEqual } from 'node:crypto'

import type { JWK } from 'jose'
import * as client from 'openid-client'

import { parseBasicFourInfo, type BasicFourInfo } from './basic-four-info.js'
import { assertClientKey, importClientKey } from './client-key.js'
import { oidcFailure, oidcProviderUnavailable, providerRejected, toOidcAppError } from './oidc-errors.js'

export { generateClientKey, type ClientKeyPair } from './client-key.js'

/**
 * One OpenID Provider the resident can log in with. For the デジタル認証アプリ profile:
 * authorization code + PKCE S256, `state` and `nonce`, `private_key_jwt` client authentication,
 * ES256-signed ID tokens, scopes `openid name address birthdate gender`.
 */
export interface OidcProviderConfig {
  /** Stable id stored with pending logins and linked accounts, e.g. 'digital-auth-app'. */
  id: string
  issuer: string
  clientId: string
  /** EC P-256 private key with `kid`; its public half is registered with the IdP. */
  privateJwk: JWK
  redirectUri: string
  scopes: string[]
  /** Allow http:// issuers. Development only (the built-in dev IdP on localhost). */
  allowHttp?: boolean
}

/**
 * What the caller keeps between the redirect to the IdP and the callback — in the server-side
 * session, never in a URL. Plain data, safe to serialise as JSON.
 */
export interface PendingAuthorization {
  providerId: string
  state: string
  nonce: string
  codeVerifier: string
  /** Epoch milliseconds. */
  createdAt: number
}

export interface CompletedAuthorization {
  /** `sub` of the ID token: the IdP's (per-RP) identifier of the resident. */
  subject: string
  issuer: string
  basicFourInfo: BasicFourInfo
  /** Epoch seconds of the card authentication, when the IdP says. */
  authTime?: number
}

export interface RelyingParty {
  beginAuthorization(): Promise<{ url: string; pending: PendingAuthorization }>
  completeAuthorization(callbackUrl: URL, pending: PendingAuthorization): Promise<CompletedAuthorization>
}

/** Seams for tests and deployments; production needs none of them. */
export interface RelyingPartyOptions {
  /** Replaces fetch for every request to the IdP (egress proxy, tests that play a tampering network). */
  fetch?: client.CustomFetch
  /** Epoch milliseconds; defaults to Date.now. Only used for the pending-authorization age. */
  now?: () => number
}

/** A resident has this long between leaving for the IdP and coming back. */
export const PENDING_AUTHORIZATION_TTL_MS = 10 * 60 * 1000

/**
 * Creates the relying party for one IdP. Discovery happens on first use and is cached; if it
 * fails (IdP down at boot) the next call tries again instead of keeping the failure.
 */
export function createRelyingParty(config: OidcProviderConfig, options: RelyingPartyOptions = {}): RelyingParty {
  assertClientKey(config.privateJwk)
  if (new URL(config.issuer).protocol !== 'https:' && !config.allowHttp) {
    throw new TypeError(`OIDC issuer ${config.issuer} is not https (allowHttp is for development only)`)
  }
  const now = options.now ?? Date.now
  let configuration: Promise<client.Configuration> | undefined

  function discover(): Promise<client.Configuration> {
    configuration ??= discoverProvider(config, options).catch((error: unknown) => {
      configuration = undefined
      throw oidcProviderUnavailable(describeDiscoveryFailure(error))
    })
    return configuration
  }

  return {
    /** Builds the IdP URL to redirect the resident to, and the state to keep until they return. */
    async beginAuthorization() {
      const discovered = await discover()
      const codeVerifier = client.randomPKCECodeVerifier()
      const pending: PendingAuthorization = {
        providerId: config.id,
        state: client.randomState(),
        nonce: client.randomNonce(),
        codeVerifier,
        createdAt: now(),
      }
      const url = client.buildAuthorizationUrl(discovered, {
        redirect_uri: config.redirectUri,
        scope: config.scopes.join(' '),
        response_type: 'code',
        state: pending.state,
        nonce: pending.nonce,
        code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
      })
      return { url: url.href, pending }
    },

    /**
     * Verifies the callback against the pending authorization, redeems the code, validates the
     * ID token (signature, issuer, audience, expiry, nonce) and fetches the 基本4情報.
     * Every failure is an AppError; tokens never leave this function.
     */
    async completeAuthorization(callbackUrl, pending) {
      if (pending.providerId !== config.id) {
        throw oidcFailure('AUTH.OIDC_STATE_MISMATCH', `pending authorization belongs to ${pending.providerId}`)
      }
      const age = now() - pending.createdAt
      if (!(age >= 0 && age <= PENDING_AUTHORIZATION_TTL_MS)) {
        throw oidcFailure('AUTH.OIDC_PENDING_EXPIRED')
      }
      const params = callbackUrl.searchParams
      const state = params.get('state')
      if (state === null || !equalSecrets(state, pending.state)) {
        throw oidcFailure('AUTH.OIDC_STATE_MISMATCH')
      }
      const oauthError = params.get('error')
      if (oauthError !== null) throw providerRejected(oauthError)

      const discovered = await discover()
      // Redeem against the configured redirect URI, not whatever host the callback came in on
      // (behind a proxy the request URL can differ; the IdP compares redirect_uri exactly).
      const currentUrl = new URL(config.redirectUri)
      currentUrl.search = params.toString()

      try {
        const tokens = await client.authorizationCodeGrant(discovered, currentUrl, {
          pkceCodeVerifier: pending.codeVerifier,
          expectedState: pending.state,
          expectedNonce: pending.nonce,
          idTokenExpected: true,
        })
        const idToken = tokens.claims()
        if (idToken === undefined) throw oidcFailure('AUTH.OIDC_INVALID_TOKEN', 'no ID token')
        const userInfo = await client.fetchUserInfo(discovered, tokens.access_token, idToken.sub)
        return {
          subject: idToken.sub,
          issuer: idToken.iss,
          basicFourInfo: parseBasicFourInfo(userInfo),
          ...(typeof idToken.auth_time === 'number' ? { authTime: idToken.auth_time } : {}),
        }
      } catch (error) {
        throw toOidcAppError(error)
      }
    },
  }
}

async function discoverProvider(config: OidcProviderConfig, options: RelyingPartyOptions): Promise<client.Configuration> {
  const { key, kid } = await importClientKey(config.privateJwk)
  const metadata: Partial<client.ClientMetadata> = {
    redirect_uris: [config.redirectUri],
    response_types: ['code'],
    token_endpoint_auth_method: 'private_key_jwt',
    // Checked by openid-client against the ID token header: an RS256 or unsigned token is refused.
    id_token_signed_response_alg: 'ES256',
  }
  return client.discovery(new URL(config.issuer), config.clientId, metadata, client.PrivateKeyJwt({ key, kid }), {
    ...(options.fetch ? { [client.customFetch]: options.fetch } : {}),
    // Without non-repudiation checks openid-client trusts the TLS channel for the ID token
    // (OIDC Core 3.1.3.7 allows it); the profile asks for ES256 signatures, so verify them.
    execute: config.allowHttp ? [client.enableNonRepudiationChecks, client.allowInsecureRequests] : [client.enableNonRepudiationChecks],
  })
}

function describeDiscoveryFailure(error: unknown): string {
  if (error instanceof client.ClientError) return `discovery failed: ${error.code ?? error.name}: ${error.message}`
  if (error instanceof Error) return `discovery failed: ${error.name}: ${error.message}`
  return 'discovery failed'
}

function equalSecrets(a: string, b: string): boolean {
  const left = Buffer.from(a)
  const right = Buffer.from(b)
  return left.length === right.length && timingSafeEqual(left, right)
}
