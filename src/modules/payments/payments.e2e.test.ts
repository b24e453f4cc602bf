/**
 * A resident pays a fee in Debian Chromium against a real Yakuba: マイナンバーカード login →
 * the fake provider's hosted checkout page → 支払う → back on Yakuba's result page, which shows
 * 確認中 (reloading itself) until the provider's webhook — sent over the real network here —
 * has arrived. axe runs on every page, the provider's page included.
 */
import { randomUUID } from 'node:crypto'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { withTenant } from '../../platform/db/tenant-context.js'
import { checkAxe, finishJourney, runE2e, setUpJourneys, warnWhenSkipped } from '../../../test/e2e-server.js'
import { createPaymentService } from './index.js'

warnWhenSkipped('the payment journey in Chromium (src/modules/payments/payments.e2e.test.ts)')

describe.skipIf(!runE2e)('payment journey in Chromium', () => {
  const journeys = setUpJourneys()
  const h1 = (page: Page) => page.getByRole('heading', { level: 1 })

  async function logIn(page: Page) {
    await page.goto('/demo/login')
    await checkAxe(page, 'login')
    await page.getByRole('button', { name: 'マイナンバーカードでログイン' }).click()
    await page.waitForURL(/\/dev-idp\/interaction\//)
    await checkAxe(page, 'dev IdP: choose a test card')
    await page.getByRole('radio', { name: /山田 太郎/ }).check()
    await page.getByRole('button', { name: 'このカードでログイン' }).click()
    await page.waitForURL(/\/demo\/mypage$/)
    await checkAxe(page, 'マイページ')
  }

  /** A fee owed by the resident who logged in last (as the procedures module would create it). */
  async function owe(method: 'online' | 'pay-easy') {
    const { platform } = journeys.server
    const tenant = await platform.tenants.findTenantBySlug('demo')
    if (!tenant) throw new Error('no デモ市')
    const payments = createPaymentService(platform)
    return withTenant(platform.database.db, tenant.id, async trx => {
      const session = await trx.selectFrom('sessions').select('residentId').where('kind', '=', 'resident').orderBy('createdAt', 'desc').executeTakeFirstOrThrow()
      return payments.createPayment(trx, tenant.id, {
        purpose: 'e2e-fee',
        subjectId: randomUUID(),
        subjectReference: 'E2E-0001',
        residentId: session.residentId,
        amountYen: 1200,
        description: '住民票の写しの交付手数料(4通)',
        method,
        returnUrl: '/demo/mypage',
        idempotencyKey: `e2e-${randomUUID()}`,
      })
    })
  }

  it('pays on the provider’s page and sees the result once the webhook has arrived', async () => {
    const page = await journeys.openPage()
    await logIn(page)
    const payment = await owe('online')

    await page.goto(payment.redirectUrl ?? '')
    expect(await h1(page).textContent()).toBe('お支払い内容の確認')
    expect(await page.getByRole('main').textContent()).toContain('1,200円')
    await checkAxe(page, 'provider checkout page')

    await page.getByRole('button', { name: '支払う' }).click()
    await page.waitForURL(new RegExp(`/demo/payments/${payment.id}/return`))
    // 確認中 reloads itself every 3 s until the webhook has been applied.
    await page.getByRole('heading', { level: 1, name: 'お支払いが完了しました' }).waitFor({ timeout: 15_000 })
    await checkAxe(page, 'payment result')
    await page.getByRole('link', { name: '手続きの画面に戻る' }).click()
    await page.waitForURL(/\/demo\/mypage$/)
    await finishJourney(page)
  })

  it('shows a Pay-easy reference to pay elsewhere', async () => {
    const page = await journeys.openPage()
    await logIn(page)
    const payment = await owe('pay-easy')
    await page.goto(`/demo/payments/${payment.id}/return`)
    expect(await h1(page).textContent()).toBe('ペイジー(Pay-easy)でお支払いください')
    expect(await page.getByRole('main').textContent()).toContain(payment.payEasy?.customerNumber ?? '-')
    await checkAxe(page, 'Pay-easy reference')
    await finishJourney(page)
  })
})
