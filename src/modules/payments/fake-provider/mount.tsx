import { join } from 'node:path'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { hmac, randomToken, safeEqual } from '../../../platform/crypto.js'
import type { Platform } from '../../../platform/platform.js'
import { routePaymentApiInProcess } from '../payment-providers.js'
import type { FetchLike } from '../yakuba-pay-client.js'
import { CheckoutClosedPage, CheckoutPage, CheckoutProblemPage } from './checkout-page.js'
import { createFakePaymentProvider, type ApiRequest, type ApiResponse, type CheckoutAction, type FakePaymentProvider } from './fake-provider.js'
import { rememberFakePaymentProvider } from './registry.js'

export const FAKE_PROVIDER_PREFIX = '/dev-pay'
const NONCE_COOKIE = 'yakuba_devpay'
const INVALID_JSON = Symbol('invalid json')
const ACTIONS: readonly CheckoutAction[] = ['pay', 'fail', 'cancel']

function header(req: FastifyRequest, name: string): string | undefined {
  const value = req.headers[name]
  return typeof value === 'string' ? value : undefined
}

function apiRequest(req: FastifyRequest): ApiRequest {
  return { authorization: header(req, 'authorization'), idempotencyKey: header(req, 'idempotency-key'), body: req.body }
}

function sendApi(reply: FastifyReply, response: ApiResponse) {
  return reply
    .status(response.status)
    .headers(response.headers ?? {})
    .header('cache-control', 'no-store')
    .type('application/json; charset=utf-8')
    .send(response.body)
}

/** Calls this app's own routes without a network (the in-process transport of the provider client). */
function injectFetch(app: FastifyInstance): FetchLike {
  return async (input, init) => {
    const url = new URL(input)
    const res = await app.inject({
      method: init.method as 'POST',
      url: url.pathname + url.search,
      headers: { ...init.headers, host: url.host },
      payload: init.body,
    })
    const headers = new Headers()
    for (const [name, value] of Object.entries(res.headers)) if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : String(value))
    return new Response(res.statusCode === 204 || res.rawPayload.length === 0 ? null : new Uint8Array(res.rawPayload), { status: res.statusCode, headers })
  }
}

/**
 * Serves the fake provider under /dev-pay on this app: its JSON API (/dev-pay/v1/…) and its
 * hosted checkout pages (/dev-pay/checkout/:id). Mounted only when PAYMENT_PROVIDER is 'fake'
 * (never in production, which config refuses). Routes are `auth: 'public'` — they are the
 * provider's, authenticated by its API key or its own page nonce — and `csrf: false` for the
 * same reason.
 */
export async function mountFakePaymentProvider(app: FastifyInstance, platform: Platform): Promise<FakePaymentProvider> {
  const { config } = platform
  const prefix = FAKE_PROVIDER_PREFIX
  const fake = createFakePaymentProvider({
    secretKey: config.paymentSecretKey,
    webhookSecret: config.paymentWebhookSecret,
    publicBaseUrl: `${config.publicUrl}${prefix}`,
    stateFile: config.DATABASE_URL || config.DATA_DIR.startsWith('memory://') ? undefined : join(config.DATA_DIR, 'dev-pay-state.json'),
    logger: platform.logger.child({ component: 'fake-payment-provider' }),
  })
  const nonceSecret = hmac(config.sessionSecret, 'dev-pay-nonce')
  const secureCookie = config.publicUrl.startsWith('https://')

  // The API: JSON in, JSON out, errors in the provider's own shape (never Yakuba's problem+json).
  await app.register(async api => {
    api.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
      try {
        done(null, JSON.parse(body as string))
      } catch {
        done(null, INVALID_JSON)
      }
    })
    api.setErrorHandler((error: FastifyError, _req, reply) => {
      const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500
      return sendApi(reply, { status, body: { error: { type: status === 429 ? 'rate_limit_error' : 'api_error', code: status < 500 ? 'invalid_request' : 'internal_error', message: status < 500 ? 'The request was refused.' : 'Something went wrong.' } } })
    })
    const route = { config: { auth: 'public' as const, csrf: false } }
    const invalidJson = (reply: FastifyReply) => sendApi(reply, { status: 400, body: { error: { type: 'invalid_request_error', code: 'invalid_json', message: 'The body is not valid JSON.' } } })
    api.post(`${prefix}/v1/checkouts`, route, async (req, reply) => (req.body === INVALID_JSON ? invalidJson(reply) : sendApi(reply, fake.createCheckout(apiRequest(req)))))
    api.get(`${prefix}/v1/checkouts/:id`, route, async (req, reply) => sendApi(reply, fake.retrieveCheckout(apiRequest(req), (req.params as { id: string }).id)))
    api.post(`${prefix}/v1/refunds`, route, async (req, reply) => (req.body === INVALID_JSON ? invalidJson(reply) : sendApi(reply, fake.createRefund(apiRequest(req)))))
  })

  // The hosted checkout page, with a nonce bound to a cookie of its own (double submit).
  await app.register(async pages => {
    const nonceFor = (checkoutId: string, token: string) => hmac(nonceSecret, `${checkoutId}.${token}`)
    const pagePath = (id: string) => `${prefix}/checkout/${encodeURIComponent(id)}`

    pages.get(`${prefix}/checkout/:id`, { config: { auth: 'public' } }, async (req, reply) => {
      const { id } = req.params as { id: string }
      const checkout = fake.findCheckout(id)
      reply.header('cache-control', 'no-store')
      if (!checkout) return reply.html(<CheckoutProblemPage title="お支払いが見つかりません" message="このお支払いは存在しないか、削除されました。お店の画面からやり直してください。" />, 404)
      if (checkout.status !== 'open' || fake.isExpired(checkout)) return reply.html(<CheckoutClosedPage checkout={checkout} reason={fake.isExpired(checkout) ? 'expired' : 'not-open'} />)
      let token = req.cookies[NONCE_COOKIE]
      if (!token || !/^[A-Za-z0-9_-]{43}$/.test(token)) {
        token = randomToken()
        reply.setCookie(NONCE_COOKIE, token, { path: `${prefix}/checkout`, httpOnly: true, sameSite: 'lax', secure: secureCookie })
      }
      return reply.html(<CheckoutPage checkout={checkout} nonce={nonceFor(checkout.id, token)} action={pagePath(checkout.id)} />)
    })

    pages.post(`${prefix}/checkout/:id`, { config: { auth: 'public', csrf: false } }, async (req, reply) => {
      const { id } = req.params as { id: string }
      const body = (req.body ?? {}) as Record<string, unknown>
      const checkout = fake.findCheckout(id)
      reply.header('cache-control', 'no-store')
      if (!checkout) return reply.html(<CheckoutProblemPage title="お支払いが見つかりません" message="このお支払いは存在しないか、削除されました。お店の画面からやり直してください。" />, 404)
      const token = req.cookies[NONCE_COOKIE]
      if (!token || typeof body.nonce !== 'string' || !safeEqual(body.nonce, nonceFor(checkout.id, token)))
        return reply.html(<CheckoutProblemPage title="画面の有効期限が切れました" message="正しくない送信か、画面の有効期限が切れています。お支払い画面を開き直して、もう一度操作してください。" retryHref={pagePath(checkout.id)} />, 403)
      const action = ACTIONS.find(a => a === body.action)
      if (!action) return reply.html(<CheckoutProblemPage title="操作を選んでください" message="「支払う」「失敗させる」「キャンセル」のどれかを押してください。" retryHref={pagePath(checkout.id)} />, 400)
      const result = fake.completeCheckout(checkout.id, action)
      if (!result.ok) return reply.html(<CheckoutClosedPage checkout={checkout} reason={result.reason === 'expired' ? 'expired' : 'not-open'} />, 409)
      return reply.redirect(result.checkout.returnUrl, 303)
    })
  })

  routePaymentApiInProcess(platform.database.db, { baseUrl: `${config.publicUrl}${prefix}`, fetch: injectFetch(app) })
  app.addHook('onClose', async () => {
    fake.close()
    routePaymentApiInProcess(platform.database.db, undefined)
  })
  rememberFakePaymentProvider(app, fake)
  return fake
}
