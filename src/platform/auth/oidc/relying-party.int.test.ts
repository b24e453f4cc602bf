import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

import formbody from '@fastify/formbody'
import Fastify, { type FastifyInstance } from 'fastify'
import { decodeJwt, decodeProtectedHeader, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose'
import type { CustomFetch } from 'openid-client'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'

import { isAppError } from '../../errors.js'
import { createDevIdentityProvider, generateDevIdpSigningJwk } from '../dev-idp/dev-idp.js'
import { mountDevIdentityProvider } from '../dev-idp/mount.js'
import { testCards, type TestCard } from '../dev-idp/test-cards.js'
import {
  createRelyingParty,
  generateClientKey,
  PENDING_AUTHORIZATION_TTL_MS,
  type OidcProviderConfig,
  type PendingAuthorization,
  type RelyingPartyOptions,
} from './relying-party.js'

// oidc-provider prints notices on import (Node 20 is below its preferred LTS) and at startup;
// they are expected here and would only bury real test output.
vi.hoisted(() => {
  for (const method of ['warn', 'info'] as const) {
    const original = console[method].bind(console)
    console[method] = (...args: unknown[]) => {
      if (typeof args[0] === 'string' && args[0].includes('oidc-provider')) return
      original(...args)
    }
  }
})

const CLIENT_ID = 'yakuba-dev'
const SCOPES = ['openid', 'name', 'address', 'birthdate', 'gender']

interface TestIdp {
  origin: string
  issuer: string
  redirectUri: string
  clientKey: Awaited<ReturnType<typeof generateClientKey>>
  signingJwk: JWK
  app: FastifyInstance
  server: Server
}

/**
 * The IdP is mounted on a Fastify app the way the real app mounts it, with @fastify/formbody
 * registered at the root to prove the mount keeps the body for the IdP. The server listens
 * first so the issuer can carry the ephemeral port.
 */
async function startIdp(): Promise<TestIdp> {
  const server = createServer()
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const origin = `http://127.0.0.1:${port}`
  const issuer = `${origin}/dev-idp`
  const redirectUri = `${origin}/auth/callback/digital-auth-app`
  const clientKey = await generateClientKey()
  const signingJwk = generateDevIdpSigningJwk()
  const idp = createDevIdentityProvider({
    issuer,
    clients: [{ clientId: CLIENT_ID, clientName: 'Yakuba デモ市', redirectUris: [redirectUri], jwks: { keys: [clientKey.publicJwk] } }],
    cards: testCards,
    cookieKeys: ['test-cookie-key-0123456789'],
    signingJwk,
  })
  const app = Fastify({
    serverFactory: handler => {
      server.on('request', handler)
      return server
    },
  })
  await app.register(formbody)
  await mountDevIdentityProvider(app, idp, '/dev-idp')
  await app.ready()
  return { origin, issuer, redirectUri, clientKey, signingJwk, app, server }
}

function relyingPartyFor(idp: TestIdp, options?: RelyingPartyOptions) {
  const config: OidcProviderConfig = {
    id: 'digital-auth-app',
    issuer: idp.issuer,
    clientId: CLIENT_ID,
    privateJwk: idp.clientKey.privateJwk,
    redirectUri: idp.redirectUri,
    scopes: SCOPES,
    allowHttp: true,
  }
  return createRelyingParty(config, options)
}

/** A cookie-carrying user agent that follows redirects by hand, like a browser without JS. */
class Browser {
  private readonly cookies = new Map<string, string>()

  async request(url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Response> {
    const headers: Record<string, string> = {}
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ')
    let body: string | undefined
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded'
      body = new URLSearchParams(init.form).toString()
    }
    const response = await fetch(url, { method: init.method ?? (body === undefined ? 'GET' : 'POST'), headers, body, redirect: 'manual' })
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';')
      const separator = pair.indexOf('=')
      const name = pair.slice(0, separator).trim()
      const value = pair.slice(separator + 1).trim()
      const expired = attributes.some(attribute => /^\s*(max-age=0|expires=thu, 01 jan 1970)/i.test(attribute))
      if (expired || value === '') this.cookies.delete(name)
      else this.cookies.set(name, value)
    }
    return response
  }

  /** Follows redirects until a page renders or the IdP sends the resident back to the RP. */
  async follow(url: string, redirectUri: string, init?: { form?: Record<string, string> }): Promise<{ page?: Response; callback?: URL }> {
    let response = await this.request(url, init)
    let current = url
    for (let hops = 0; hops < 10; hops++) {
      const location = response.headers.get('location')
      if (response.status < 300 || response.status >= 400 || location === null) return { page: response }
      const next = new URL(location, current)
      if (next.href.startsWith(redirectUri)) return { callback: next }
      current = next.href
      response = await this.request(current)
    }
    throw new Error('too many redirects')
  }
}

interface CardPage {
  html: string
  loginAction: string
  abortAction: string
}

async function readCardPage(idp: TestIdp, page: Response | undefined): Promise<CardPage> {
  if (!page) throw new Error('expected the card page, got a redirect to the RP')
  const html = await page.text()
  expect(page.status, html).toBe(200)
  const actions = [...html.matchAll(/<form method="post" action="([^"]+)">/g)].map(match => new URL(match[1].replace(/&amp;/g, '&'), idp.origin).href)
  expect(actions).toHaveLength(2)
  return { html, loginAction: actions[0], abortAction: actions[1] }
}

/** Begins a login, chooses a card on the IdP page and returns the callback URL. */
async function loginWithCard(idp: TestIdp, rp: ReturnType<typeof relyingPartyFor>, card: TestCard, browser = new Browser()) {
  const { url, pending } = await rp.beginAuthorization()
  const cardPage = await readCardPage(idp, (await browser.follow(url, idp.redirectUri)).page)
  const { callback, page } = await browser.follow(cardPage.loginAction, idp.redirectUri, { form: { card: card.id } })
  if (!callback) throw new Error(`expected a redirect back to the RP, got ${await page?.text()}`)
  return { callback, pending, browser }
}

async function expectAppError(promise: Promise<unknown>, code: string) {
  const error: unknown = await promise.then(
    () => undefined,
    (rejection: unknown) => rejection,
  )
  expect(isAppError(error), String(error)).toBe(true)
  if (!isAppError(error)) return
  expect(error.code).toBe(code)
  expect(error.messageKey).toBe('auth.errors.oidcFailed')
  return error
}

/** Plays a network that rewrites the ID token in the token response. */
function rewritingIdToken(rewrite: (idToken: string) => Promise<string>): CustomFetch {
  return async (url, options) => {
    // CustomFetchOptions is what fetch receives; its body type is only declared more loosely.
    const response = await fetch(url, options as RequestInit)
    if (!new URL(url).pathname.endsWith('/token') || !response.ok) return response
    const body = (await response.json()) as Record<string, unknown>
    body.id_token = await rewrite(String(body.id_token))
    return new Response(JSON.stringify(body), { status: response.status, headers: { 'content-type': 'application/json' } })
  }
}

function cardById(id: string): TestCard {
  const card = testCards.find(candidate => candidate.id === id)
  if (!card) throw new Error(`no test card ${id}`)
  return card
}

function expectCallback(callback: URL | undefined): URL {
  if (!callback) throw new Error('expected a redirect back to the RP')
  return callback
}

const yoshida = cardById('yoshida-hanako')
const yamada = cardById('yamada-taro')

describe('resident login via the デジタル認証アプリ profile (dev IdP)', () => {
  let idp: TestIdp

  beforeAll(async () => {
    idp = await startIdp()
  })

  afterAll(async () => {
    await idp.app.close()
    idp.server.closeAllConnections()
    await new Promise(resolve => idp.server.close(resolve))
  })

  it('logs a resident in with a test card and returns its 基本4情報 exactly, 𠮷 included', async () => {
    const rp = relyingPartyFor(idp)
    const { callback, pending } = await loginWithCard(idp, rp, yoshida)

    const result = await rp.completeAuthorization(callback, pending)

    const { nameKana: _kana, ...fourInfo } = yoshida.basicFourInfo
    expect(result.basicFourInfo).toEqual(fourInfo)
    expect(result.basicFourInfo.name).toBe('𠮷田　花子')
    expect(result.basicFourInfo.name.codePointAt(0)).toBe(0x20bb7)
    expect(result.subject).toBe(yoshida.subject)
    expect(result.issuer).toBe(idp.issuer)
    expect(result.authTime).toBeTypeOf('number')
  })

  it('sends the profile’s authorization request: code, PKCE S256, state, nonce and the four scopes', async () => {
    const { url, pending } = await relyingPartyFor(idp).beginAuthorization()
    const params = new URL(url).searchParams

    expect(params.get('response_type')).toBe('code')
    expect(params.get('code_challenge_method')).toBe('S256')
    expect(params.get('code_challenge')).toMatch(/^[\w-]{43}$/)
    expect(params.get('state')).toBe(pending.state)
    expect(params.get('nonce')).toBe(pending.nonce)
    expect(params.get('scope')).toBe('openid name address birthdate gender')
  })

  it('asks for the card again on a second login in the same browser', async () => {
    const rp = relyingPartyFor(idp)
    const first = await loginWithCard(idp, rp, yamada)
    await rp.completeAuthorization(first.callback, first.pending)

    const second = await loginWithCard(idp, rp, yoshida, first.browser)
    const result = await rp.completeAuthorization(second.callback, second.pending)

    expect(result.subject).toBe(yoshida.subject)
  })

  it('rejects a callback whose state is not the pending one', async () => {
    const rp = relyingPartyFor(idp)
    const { callback, pending } = await loginWithCard(idp, rp, yamada)
    callback.searchParams.set('state', 'forged-state')

    await expectAppError(rp.completeAuthorization(callback, pending), 'AUTH.OIDC_STATE_MISMATCH')
  })

  it('rejects an ID token whose nonce is not the pending one', async () => {
    const rp = relyingPartyFor(idp)
    const { callback, pending } = await loginWithCard(idp, rp, yamada)
    const forged: PendingAuthorization = { ...pending, nonce: 'a-nonce-this-login-never-sent' }

    await expectAppError(rp.completeAuthorization(callback, forged), 'AUTH.OIDC_NONCE_MISMATCH')
  })

  it('rejects an ID token not signed by the issuer’s key (same kid, other key)', async () => {
    const attacker = await generateKeyPair('ES256')
    const rp = relyingPartyFor(idp, {
      fetch: rewritingIdToken(async idToken => {
        const { kid } = decodeProtectedHeader(idToken)
        return new SignJWT(decodeJwt(idToken)).setProtectedHeader({ alg: 'ES256', kid }).sign(attacker.privateKey)
      }),
    })
    const { callback, pending } = await loginWithCard(idp, rp, yamada)

    await expectAppError(rp.completeAuthorization(callback, pending), 'AUTH.OIDC_INVALID_TOKEN')
  })

  it('rejects an expired ID token even when the issuer signed it', async () => {
    const issuerKey = await importJWK(idp.signingJwk, 'ES256')
    const rp = relyingPartyFor(idp, {
      fetch: rewritingIdToken(async idToken => {
        const now = Math.floor(Date.now() / 1000)
        const claims = { ...decodeJwt(idToken), iat: now - 7200, exp: now - 3600 }
        return new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: idp.signingJwk.kid }).sign(issuerKey)
      }),
    })
    const { callback, pending } = await loginWithCard(idp, rp, yamada)

    await expectAppError(rp.completeAuthorization(callback, pending), 'AUTH.OIDC_EXPIRED')
  })

  it('refuses a pending authorization older than ten minutes', async () => {
    let now = Date.now()
    const rp = relyingPartyFor(idp, { now: () => now })
    const { callback, pending } = await loginWithCard(idp, rp, yamada)
    now += PENDING_AUTHORIZATION_TTL_MS + 1

    await expectAppError(rp.completeAuthorization(callback, pending), 'AUTH.OIDC_PENDING_EXPIRED')
  })

  it('reports the cancel button as a provider error carrying access_denied', async () => {
    const rp = relyingPartyFor(idp)
    const browser = new Browser()
    const { url, pending } = await rp.beginAuthorization()
    const cardPage = await readCardPage(idp, (await browser.follow(url, idp.redirectUri)).page)

    const { callback } = await browser.follow(cardPage.abortAction, idp.redirectUri, { form: {} })

    expect(callback?.searchParams.get('error')).toBe('access_denied')
    const error = await expectAppError(rp.completeAuthorization(expectCallback(callback), pending), 'AUTH.OIDC_PROVIDER_ERROR')
    expect(String(error?.cause)).toContain('access_denied')
  })

  it('has the IdP refuse an authorization request without a nonce', async () => {
    const rp = relyingPartyFor(idp)
    const { url, pending } = await rp.beginAuthorization()
    const withoutNonce = new URL(url)
    withoutNonce.searchParams.delete('nonce')

    const { callback } = await new Browser().follow(withoutNonce.href, idp.redirectUri)

    expect(callback?.searchParams.get('error')).toBe('invalid_request')
    expect(callback?.searchParams.get('error_description')).toContain('nonce')
    await expectAppError(rp.completeAuthorization(expectCallback(callback), pending), 'AUTH.OIDC_PROVIDER_ERROR')
  })

  it('has the IdP refuse an authorization request without PKCE', async () => {
    const { url } = await relyingPartyFor(idp).beginAuthorization()
    const withoutPkce = new URL(url)
    withoutPkce.searchParams.delete('code_challenge')
    withoutPkce.searchParams.delete('code_challenge_method')

    const { callback } = await new Browser().follow(withoutPkce.href, idp.redirectUri)

    expect(callback?.searchParams.get('error')).toBe('invalid_request')
  })

  it('redeems an authorization code only once', async () => {
    const rp = relyingPartyFor(idp)
    const { callback, pending } = await loginWithCard(idp, rp, yamada)
    await rp.completeAuthorization(callback, pending)

    await expectAppError(rp.completeAuthorization(callback, pending), 'AUTH.OIDC_PROVIDER_ERROR')
  })

  it('advertises the profile in its discovery document', async () => {
    const response = await fetch(`${idp.issuer}/.well-known/openid-configuration`)
    const metadata = (await response.json()) as Record<string, unknown>

    expect(metadata.issuer).toBe(idp.issuer)
    expect(metadata.token_endpoint_auth_methods_supported).toEqual(['private_key_jwt'])
    expect(metadata.id_token_signing_alg_values_supported).toEqual(['ES256'])
    expect(metadata.code_challenge_methods_supported).toEqual(['S256'])
    expect(metadata.response_types_supported).toEqual(['code'])
    expect(metadata.scopes_supported).toEqual(expect.arrayContaining(SCOPES))
    expect(String(metadata.authorization_endpoint)).toBe(`${idp.issuer}/auth`)
  })

  it('serves a card page that works without JavaScript under a strict CSP', async () => {
    const { url } = await relyingPartyFor(idp).beginAuthorization()
    const { page } = await new Browser().follow(url, idp.redirectUri)
    const csp = page?.headers.get('content-security-policy')
    const { html } = await readCardPage(idp, page)

    expect(csp).toContain("default-src 'self'")
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="ja">/)
    expect(html).toMatch(/<title>[^<]+<\/title>/)
    expect(html).toContain('<main id="main">')
    expect(html).toContain('開発用の認証サーバーです。本番ではデジタル認証アプリを使います。')
    expect(html).toContain('<legend>テストカードを選んでください / Choose a test card</legend>')
    expect(html).toContain('このカードでログイン')
    expect(html).not.toMatch(/<script|\sstyle=|<style/i)
    const inputIds = [...html.matchAll(/<input [^>]*id="([^"]+)"/g)].map(match => match[1])
    expect(inputIds).toHaveLength(testCards.length)
    for (const id of inputIds) expect(html).toContain(`<label for="${id}">`)
    expect(html).toContain('𠮷田 花子')
  })

  it('re-renders the card page with an error when no card was chosen', async () => {
    const browser = new Browser()
    const { url } = await relyingPartyFor(idp).beginAuthorization()
    const cardPage = await readCardPage(idp, (await browser.follow(url, idp.redirectUri)).page)

    const response = await browser.request(cardPage.loginAction, { form: {} })

    expect(response.status).toBe(422)
    expect(await response.text()).toContain('テストカードを選んでください。')
  })
})

describe('relying party discovery', () => {
  it('retries discovery on the next call after a failure', async () => {
    const idp = await startIdp()
    try {
      let calls = 0
      const flaky: CustomFetch = async (url, options) => {
        calls += 1
        if (calls === 1) throw new TypeError('fetch failed')
        return fetch(url, options as RequestInit)
      }
      const rp = relyingPartyFor(idp, { fetch: flaky })

      const failure = await rp.beginAuthorization().catch((error: unknown) => error)
      expect(isAppError(failure) && failure.code).toBe('AUTH.OIDC_PROVIDER_UNAVAILABLE')

      const { url } = await rp.beginAuthorization()
      expect(url.startsWith(`${idp.issuer}/auth?`)).toBe(true)
    } finally {
      await idp.app.close()
      idp.server.closeAllConnections()
      await new Promise(resolve => idp.server.close(resolve))
    }
  })
})
