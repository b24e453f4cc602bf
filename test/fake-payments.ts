/**
 * Driving the fake payment provider from integration tests (app.inject, no listener): its
 * webhooks are delivered through inject too, and a payment is paid, failed or cancelled by
 * pressing the button on its hosted page, exactly as a resident would.
 *
 *   const payment = await payments.createPayment(trx, tenant.id, { …, method: 'online' })
 *   const { returnPath } = await payThroughFakeProvider(t, jar, payment.redirectUrl!, 'pay')
 *   const page = await t.app.inject({ url: returnPath, headers: { cookie: jar.header() } })  // お支払いが完了しました
 */
import { fakePaymentProviderOf, type CheckoutAction, type FakeKnobs, type FakePaymentProvider } from '../src/modules/payments/index.js'
import type { CookieJar, TestApp } from './app.js'
import { pathOf } from './resident-login.js'

/**
 * The fake provider mounted on the test app, set to deliver webhooks through app.inject, with
 * its knobs back to their defaults plus `knobs` (delay, duplicates, out of order, rate limit).
 */
export function useFakePayments(t: TestApp, knobs: Partial<FakeKnobs> = {}): FakePaymentProvider {
  const fake = fakeOf(t)
  fake.resetKnobs()
  Object.assign(fake.knobs, knobs)
  return fake
}

/** The fake mounted on the test app, its webhooks delivered through app.inject. */
function fakeOf(t: TestApp): FakePaymentProvider {
  const fake = fakePaymentProviderOf(t.app)
  if (!fake) throw new Error('the fake payment provider is not mounted (PAYMENT_PROVIDER=fake)')
  fake.setDeliver(async (url, body, headers) => {
    const res = await t.app.inject({ method: 'POST', url: pathOf(url), headers, payload: body })
    return { status: res.statusCode }
  })
  return fake
}

export interface FakePaymentResult {
  /** The provider's checkout page as the resident saw it. */
  checkoutPage: { statusCode: number; body: string }
  /** Where the provider sent the browser (absolute URL). */
  returnUrl: string
  /** The same, as a path for inject(). */
  returnPath: string
}

/**
 * Opens the hosted checkout page at `redirectUrl` with the resident's cookies, presses 支払う
 * ('pay'), 失敗させる ('fail') or キャンセル ('cancel'), and — unless `drain: false` — waits until
 * the provider's webhooks have been delivered (through app.inject). Uses the fake's knobs as they
 * are (set them with useFakePayments).
 */
export async function payThroughFakeProvider(t: TestApp, jar: CookieJar, redirectUrl: string, action: CheckoutAction = 'pay', options: { drain?: boolean } = {}): Promise<FakePaymentResult> {
  const fake = fakeOf(t)
  const page = await t.app.inject({ method: 'GET', url: pathOf(redirectUrl), headers: { cookie: jar.header() } })
  if (page.statusCode !== 200) throw new Error(`checkout page answered ${page.statusCode}`)
  jar.store(page.headers['set-cookie'])
  const nonce = /name="nonce" value="([^"]+)"/.exec(page.body)?.[1]
  if (!nonce) throw new Error('the checkout page has no open payment form')
  const res = await t.app.inject({
    method: 'POST',
    url: pathOf(redirectUrl),
    headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ nonce, action }).toString(),
  })
  if (res.statusCode !== 303) throw new Error(`checkout ${action} answered ${res.statusCode}`)
  if (options.drain !== false) await fake.drain()
  const returnUrl = String(res.headers.location)
  return { checkoutPage: { statusCode: page.statusCode, body: page.body }, returnUrl, returnPath: pathOf(returnUrl) }
}
