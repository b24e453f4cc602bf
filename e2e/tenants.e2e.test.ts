/**
 * Several municipalities on one Yakuba, in Debian Chromium: the municipality list shows each, a
 * second municipality's pages render, a login at デモ市 does not carry over to it, and an unknown
 * municipality gets the translated 404 page. axe runs on every page loaded.
 */
import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { completeLgCode } from '../src/jp/lg-code.js'
import { createTenant, type TenantContext } from '../src/platform/tenancy/tenant-service.js'
import {
  setUpJourneys,
  finishJourney,
  checkAxe,
  runE2e,
  warnWhenSkipped,
} from '../test/e2e-server.js'

warnWhenSkipped('the multi-municipality journeys in Chromium (e2e/tenants.e2e.test.ts)')

describe.skipIf(!runE2e)('several municipalities in Chromium', () => {
  const journeys = setUpJourneys()
  const openPage = journeys.openPage
  let testTown: TenantContext

  beforeAll(async () => {
    testTown = await journeys.server.platform.database.withOwner(db =>
      createTenant(db, { slug: 'test-town', name: 'テスト町', nameEn: 'Test Town', lgCode: completeLgCode('01100'), settings: { languages: ['ja', 'en'] } }),
    )
  })

  const finish = finishJourney

  const h1 = (page: Page) => page.getByRole('heading', { level: 1 })

  it('lists every municipality and serves the second one’s pages with its own languages', async () => {
    expect(testTown.lgCode).toBe('011002')
    const page = await openPage()
    await page.goto('/')
    const municipalities = page.getByRole('main').getByRole('listitem')
    // Ordered by 全国地方公共団体コード: 011002 before デモ市's 139998.
    expect((await municipalities.allTextContents()).map(t => t.trim())).toEqual(['テスト町', 'デモ市'])
    await checkAxe(page, 'municipality list')

    await page.getByRole('link', { name: 'テスト町' }).click()
    await page.waitForURL(/\/test-town$/)
    expect(await h1(page).textContent()).toBe('テスト町のオンライン窓口')
    expect(await page.title()).toBe('テスト町のオンライン窓口 | テスト町')
    // This town offers 日本語 and English only.
    const languages = page.getByRole('navigation', { name: '言語の切り替え' })
    expect((await languages.getByRole('listitem').allTextContents()).map(t => t.trim())).toEqual(['日本語', 'English'])
    await checkAxe(page, 'テスト町 home')

    await page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: 'ログイン' }).click()
    await page.waitForURL(/\/test-town\/login$/)
    expect(await h1(page).textContent()).toBe('ログイン')
    await checkAxe(page, 'テスト町 login')

    await page.goto('/test-town/staff/login')
    expect(await h1(page).textContent()).toBe('職員ログイン')
    expect(await page.getByRole('banner').getByRole('link', { name: /テスト町/ }).count()).toBe(1)
    await checkAxe(page, 'テスト町 staff login')
    await finish(page)
  })

  it('keeps a resident logged in at デモ市 logged out at テスト町', async () => {
    const page = await openPage()
    await page.goto('/demo/login')
    await checkAxe(page, 'デモ市 login')
    await page.getByRole('button', { name: 'マイナンバーカードでログイン' }).click()
    await page.waitForURL(/\/dev-idp\/interaction\//)
    await checkAxe(page, 'dev IdP: choose a test card')
    await page.getByRole('radio', { name: /山田 太郎/ }).check()
    await page.getByRole('button', { name: 'このカードでログイン' }).click()
    await page.waitForURL(/\/demo\/mypage$/)
    expect(await page.getByTestId('basic-name').textContent()).toBe('山田　太郎')
    await checkAxe(page, 'デモ市 マイページ')

    await page.goto('/test-town/mypage')
    await page.waitForURL(/\/test-town\/login\?return=%2Ftest-town%2Fmypage$/)
    expect(await h1(page).textContent()).toBe('ログイン')
    expect(await page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('button', { name: 'ログアウト' }).count()).toBe(0)
    await checkAxe(page, 'テスト町 login, asked for マイページ')
    await page.goto('/test-town/inbox')
    await page.waitForURL(/\/test-town\/login\?return=%2Ftest-town%2Finbox$/)
    await checkAxe(page, 'テスト町 login, asked for お知らせ')

    // Not even when the browser is made to send デモ市's session cookie to テスト町: the session
    // belongs to デモ市 on the server too.
    const demoSession = (await page.context().cookies()).find(c => c.name === 'yakuba_resident')
    expect(demoSession?.path).toBe('/demo')
    await page.context().addCookies([{ ...demoSession!, path: '/test-town' }])
    await page.goto('/test-town/mypage')
    await page.waitForURL(/\/test-town\/login\?return=%2Ftest-town%2Fmypage$/)
    expect(await h1(page).textContent()).toBe('ログイン')

    // Still logged in at デモ市.
    await page.goto('/demo/mypage')
    expect(await page.getByTestId('basic-name').textContent()).toBe('山田　太郎')
    await finish(page)
  })

  it('shows the translated 404 page for a municipality that does not exist', async () => {
    const page = await openPage()
    const response = await page.goto('/no-such-town')
    expect(response?.status()).toBe(404)
    expect(await h1(page).textContent()).toBe('ページが見つかりません')
    expect(await page.getByText('お探しのページは見つかりませんでした。アドレスを確認してください。').isVisible()).toBe(true)
    await checkAxe(page, '404 (日本語)')

    // In English for someone who chose English at a municipality before.
    await page.goto('/test-town/language/en?return=/test-town')
    expect(await h1(page).textContent()).toBe('Test Town online services')
    await checkAxe(page, 'テスト町 home in English')
    const english = await page.goto('/no-such-town/mypage')
    expect(english?.status()).toBe(404)
    expect(await page.locator('html').getAttribute('lang')).toBe('en')
    expect(await h1(page).textContent()).toBe('Page not found')
    await checkAxe(page, '404 (English)')
    await finish(page)
  })
})
