import { createHash, generateKeyPairSync } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'

import type { JWK } from 'jose'
import Provider, { errors, type Configuration, type KoaContextWithOIDC } from 'oidc-provider'

import { createInteractionHandler } from './dev-idp-interactions.js'
import { createPageSender, renderErrorPage } from './dev-idp-pages.js'
import { createDevIdpStore } from './dev-idp-store.js'
import { findTestCardBySubject, type TestCard } from './test-cards.js'

/**
 * A development identity provider that speaks the デジタル認証アプリ OIDC profile, with test cards
 * instead of a My Number Card: authorization code + PKCE S256 only, `state` and `nonce` required,
 * `private_key_jwt` client authentication only, ES256 ID tokens, scopes
 * `openid name address birthdate gender` with the 基本4情報 in UserInfo.
 *
 * Never enable it in production: anyone can log in as any test card.
 */
export interface DevIdpClient {
  clientId: string
  redirectUris: string[]
  /** Public keys of the client's `private_key_jwt` assertions (ES256, with kid). */
  jwks: { keys: JWK[] }
  clientName?: string
}

export interface DevIdentityProviderOptions {
  /** e.g. http://localhost:3000/dev-idp — its path is where the IdP must be mounted. */
  issuer: string
  clients: DevIdpClient[]
  cards: readonly TestCard[]
  /** Signs the IdP's cookies; newest first. */
  cookieKeys: string[]
  /** EC P-256 private JWK for ID tokens. Pass a stored one so restarts keep RPs' cached JWKS valid. */
  signingJwk?: JWK
  /** Trust X-Forwarded-* (set when a reverse proxy terminates TLS in front of the app). */
  trustProxy?: boolean
}

export interface DevIdentityProvider {
  provider: Provider
  /** Node request handler for everything under the issuer path (requests keep their full URL). */
  callback: (req: IncomingMessage, res: ServerResponse) => void
  /** The issuer path, e.g. '/dev-idp' ('' when the issuer has no path). */
  mountPath: string
  /** Private signing key in use — persist it to keep it across restarts. */
  signingJwk: JWK
}

export const devIdpScopes = ['openid', 'name', 'address', 'birthdate', 'gender'] as const

const SESSION_COOKIE = '_devidp_session'

/** Generates the ES256 key the dev IdP signs ID tokens with. */
export function generateDevIdpSigningJwk(): JWK {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  const jwk = privateKey.export({ format: 'jwk' }) as JWK
  return { ...jwk, kid: jwkThumbprint(jwk), alg: 'ES256', use: 'sig' }
}

export function createDevIdentityProvider(options: DevIdentityProviderOptions): DevIdentityProvider {
  if (options.cookieKeys.length === 0) throw new TypeError('dev IdP needs at least one cookie key')
  const issuerUrl = new URL(options.issuer)
  const mountPath = issuerUrl.pathname.replace(/\/+$/, '')
  const signingJwk = options.signingJwk ?? generateDevIdpSigningJwk()
  const cards = options.cards

  // Browsers apply form-action to the redirects that follow a form post, and the login form
  // ends with a redirect to the client's redirect_uri.
  const redirectOrigins = new Set(options.clients.flatMap(client => client.redirectUris.map(uri => new URL(uri).origin)))
  redirectOrigins.delete(issuerUrl.origin)
  const contentSecurityPolicy = [
    "default-src 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    `form-action 'self'${[...redirectOrigins].map(origin => ` ${origin}`).join('')}`,
  ].join('; ')

  const configuration: Configuration = {
    adapter: createDevIdpStore(),
    clients: options.clients.map(client => ({
      client_id: client.clientId,
      ...(client.clientName === undefined ? {} : { client_name: client.clientName }),
      redirect_uris: client.redirectUris,
      jwks: client.jwks,
      token_endpoint_auth_method: 'private_key_jwt',
      token_endpoint_auth_signing_alg: 'ES256',
      id_token_signed_response_alg: 'ES256',
      response_types: ['code'],
      grant_types: ['authorization_code'],
      // Puts auth_time (when the card was used) in every ID token.
      require_auth_time: true,
    })),
    jwks: { keys: [{ ...signingJwk, alg: 'ES256', use: 'sig' }] },
    cookies: {
      keys: options.cookieKeys,
      names: { session: SESSION_COOKIE, interaction: '_devidp_interaction', resume: '_devidp_resume' },
    },
    clientAuthMethods: ['private_key_jwt'],
    enabledJWA: {
      idTokenSigningAlgValues: ['ES256'],
      clientAuthSigningAlgValues: ['ES256'],
    },
    responseTypes: ['code'],
    pkce: { required: () => true }, // oidc-provider 9 implements S256 only
    allowOmittingSingleRegisteredRedirectUri: false,
    scopes: [...devIdpScopes],
    claims: {
      openid: ['sub'],
      name: ['name'],
      address: ['address'],
      birthdate: ['birthdate'],
      gender: ['gender'],
    },
    // The profile makes both mandatory. Validators run for every authorization request, present
    // or not; throwing makes the IdP redirect back with error=invalid_request.
    extraParams: {
      nonce: requireParameter('nonce'),
      state: requireParameter('state'),
    },
    findAccount(_ctx, subject) {
      const card = findTestCardBySubject(cards, subject)
      if (!card) return undefined
      return {
        accountId: card.subject,
        claims: () => ({
          sub: card.subject,
          name: card.basicFourInfo.name,
          // A plain string, as published integrations of the デジタル認証アプリ read it; the RP
          // also accepts an OIDC address object (see oidc/README.md).
          address: card.basicFourInfo.address,
          birthdate: card.basicFourInfo.birthdate,
          gender: card.basicFourInfo.gender,
        }),
      }
    },
    interactions: {
      url: (_ctx, interaction) => `${mountPath}/interaction/${interaction.uid}`,
    },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: { enabled: false },
      userinfo: { enabled: true },
    },
    ttl: {
      AccessToken: 600,
      AuthorizationCode: 60,
      IdToken: 600,
      Interaction: 600,
      Session: 600,
      Grant: 600,
    },
    renderError(ctx, out) {
      ctx.type = 'html'
      ctx.set('Content-Security-Policy', contentSecurityPolicy)
      ctx.body = renderErrorPage('認証エラー（開発用認証サーバー）', [
        out.error,
        ...(out.error_description === undefined ? [] : [out.error_description]),
      ])
    },
  }

  const provider = new Provider(options.issuer, configuration)
  provider.proxy = options.trustProxy ?? false
  const providerCallback = provider.callback()

  const pages = createPageSender(contentSecurityPolicy)
  const handleInteraction = createInteractionHandler({ provider, mountPath, cards, pages })

  const callback = (req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? '/'
    const innerUrl = stripMountPath(url, mountPath)
    if (innerUrl === undefined) {
      pages.send(res, 404, renderErrorPage('ページが見つかりません', [url]))
      return
    }
    const interaction = /^\/interaction\/([\w-]+)(?:\/(login|abort))?\/?(?:\?.*)?$/.exec(innerUrl)
    if (interaction) {
      void handleInteraction(req, res, interaction[1], interaction[2])
      return
    }
    if (/^\/auth(?:[/?]|$)/.test(innerUrl)) forgetSession(req)
    // oidc-provider routes on req.url and derives its mount path from req.originalUrl
    // (the same contract as Express and @fastify/middie mounting).
    Object.assign(req, { originalUrl: url })
    req.url = innerUrl
    void providerCallback(req, res)
  }

  return { provider, callback, mountPath, signingJwk }
}

/**
 * The authorization endpoint and its resume step never see an earlier IdP session: the real app
 * asks for the card and PIN on every login. Otherwise a second login in the same browser would
 * silently reuse the previous card, and choosing a different card would make oidc-provider end
 * the old session through an auto-submitting (inline script) page. The interaction started
 * without a session, so the resume step logs the chosen card into a fresh one.
 */
function forgetSession(req: IncomingMessage) {
  const cookie = req.headers.cookie
  if (cookie === undefined) return
  const kept = cookie
    .split(';')
    .filter(pair => {
      const name = pair.slice(0, pair.indexOf('=')).trim()
      return name !== SESSION_COOKIE && name !== `${SESSION_COOKIE}.sig`
    })
    .join(';')
  if (kept.trim() === '') delete req.headers.cookie
  else req.headers.cookie = kept
}

function requireParameter(name: string) {
  return (_ctx: KoaContextWithOIDC, value: string | undefined) => {
    if (value === undefined || value === '') throw new errors.InvalidRequest(`missing required parameter '${name}'`)
  }
}

function stripMountPath(url: string, mountPath: string): string | undefined {
  if (mountPath === '') return url
  if (url === mountPath) return '/'
  if (url.startsWith(`${mountPath}/`)) return url.slice(mountPath.length)
  if (url.startsWith(`${mountPath}?`)) return `/${url.slice(mountPath.length)}`
  return undefined
}

/** RFC 7638 thumbprint of an EC public key. */
function jwkThumbprint(jwk: JWK): string {
  const canonical = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y })
  return createHash('sha256').update(canonical).digest('base64url')
}
