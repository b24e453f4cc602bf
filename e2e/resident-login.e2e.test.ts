/**
 * The resident journey in Debian Chromium against a real Yakuba: municipality list → デモ市 →
 * language switcher → マイナンバーカード login through the dev IdP → マイページ (基本4情報) →
 * お知らせ → logout. The same journey keyboard-only and with JavaScript disabled (plus the
 * contact-details form), and a bad input. axe runs on every page a journey loads.
 */
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { portalCatalog } from '../src/modules/portal/portal-catalog.js'
import { authCatalog } from '../src/platform/i18n/catalogs/auth.js'
import {
  setUpJourneys,
  finishJourney,
  checkAxe,
  describeFocus,
  isFocused,
  runE2e,
  warnWhenSkipped,
} from '../test/e2e-server.js'

warnWhenSkipped('the resident journeys in Chromium (e2e/resident-login.e2e.test.ts)')

describe.skipIf(!runE2e)('resident journeys in Chromium', () => {
  const journeys = setUpJourneys()
  const openPage = journeys.openPage

  const finish = finishJourney

  /** Runs an action that reloads the page at the same address (language switch) and waits for the new document. */
  async function reloadsWith(page: Page, action: () => Promise<void>) {
    await Promise.all([page.waitForEvent('load'), action()])
  }

  const h1 = (page: Page) => page.getByRole('heading', { level: 1 })
  const mainNav = (page: Page) => page.getByRole('navigation', { name: 'メインメニュー' })

  /** Portal login page → dev IdP → the chosen card → マイページ, by mouse, axe on the way. */
  async function logInWithCard(page: Page, cardName: RegExp) {
    await page.getByRole('button', { name: 'マイナンバーカードでログイン' }).click()
    await page.waitForURL(/\/dev-idp\/interaction\//)
    expect(await h1(page).textContent()).toBe('マイナンバーカードでログイン（テスト）')
    await checkAxe(page, 'dev IdP: choose a test card')
    await page.getByRole('radio', { name: cardName }).check()
    await page.getByRole('button', { name: 'このカードでログイン' }).click()
    await page.waitForURL(/\/demo\/mypage$/)
    expect(await h1(page).textContent()).toBe('マイページ')
    await checkAxe(page, 'マイページ')
  }

  it('logs a resident in with the My Number Card, shows the 基本4情報 and the inbox, and logs out', async () => {
    const page = await openPage()
    await page.goto('/')
    expect(await h1(page).textContent()).toBe('Yakuba(役場)に参加している自治体')
    await checkAxe(page, 'municipality list')

    await page.getByRole('link', { name: 'デモ市' }).click()
    await page.waitForURL(/\/demo$/)
    expect(await h1(page).textContent()).toBe('デモ市のオンライン窓口')
    await checkAxe(page, 'portal home (日本語)')

    const languages = page.getByRole('navigation', { name: '言語の切り替え' })
    await reloadsWith(page, () => languages.getByRole('link', { name: 'English' }).click())
    expect(await h1(page).textContent()).toBe('Demo City online services')
    expect(await page.locator('html').getAttribute('lang')).toBe('en')
    await checkAxe(page, 'portal home (English)')

    await reloadsWith(page, () => page.getByRole('navigation', { name: 'Language' }).getByRole('link', { name: 'やさしい日本語' }).click())
    expect(await h1(page).textContent()).toBe('デモ市 の オンライン まどぐち')
    await checkAxe(page, 'portal home (やさしい日本語)')

    await reloadsWith(page, () => page.getByRole('navigation', { name: 'ことば を かえる' }).getByRole('link', { name: '日本語', exact: true }).click())
    expect(await h1(page).textContent()).toBe('デモ市のオンライン窓口')
    expect(await page.locator('html').getAttribute('lang')).toBe('ja')

    // The portal home on a phone: no sideways scrolling at 390 px.
    await page.setViewportSize({ width: 390, height: 844 })
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    await checkAxe(page, 'portal home at 390 px')
    await page.screenshot({ path: '/tmp/e2e-portal-home-390.png', fullPage: true })
    await page.setViewportSize({ width: 1280, height: 900 })

    await mainNav(page).getByRole('link', { name: 'ログイン' }).click()
    await page.waitForURL(/\/demo\/login$/)
    expect(await h1(page).textContent()).toBe('ログイン')
    await checkAxe(page, 'login')

    await logInWithCard(page, /𠮷田 花子/)
    expect(await page.getByTestId('basic-name').textContent()).toContain('𠮷田')
    expect(await page.getByTestId('basic-address').textContent()).toBe('東京都デモ市桜町三丁目１０番地の５')
    const birthdate = page.getByRole('definition').filter({ hasText: '1992年' })
    expect(await birthdate.textContent()).toBe('1992年11月3日(平成4年11月3日)')
    await page.screenshot({ path: '/tmp/e2e-mypage.png', fullPage: true })

    await mainNav(page).getByRole('link', { name: 'お知らせ' }).click()
    await page.waitForURL(/\/demo\/inbox$/)
    expect(await h1(page).textContent()).toBe('お知らせ')
    await checkAxe(page, 'inbox')
    await page.getByRole('link', { name: 'デモ市オンライン窓口へようこそ' }).click()
    await page.waitForURL(/\/demo\/inbox\/[0-9a-f-]{36}$/)
    expect(await h1(page).textContent()).toBe('デモ市オンライン窓口へようこそ')
    expect(await page.getByRole('main').textContent()).toContain('これはデモ用のお知らせです。')
    await checkAxe(page, 'inbox message')

    await mainNav(page).getByRole('button', { name: 'ログアウト' }).click()
    await page.waitForURL(/\/demo\/login\?loggedOut=1$/)
    expect(await page.getByText(authCatalog.ja['auth.logout.done']).isVisible()).toBe(true)
    expect(await mainNav(page).getByRole('button', { name: 'ログアウト' }).count()).toBe(0)
    await checkAxe(page, 'login after logout')
    await finish(page)
  })

  it('can be done with the keyboard alone: skip link, tab order, radio arrows, Enter and Space', async () => {
    const page = await openPage()

    /** Presses Tab once: the expected element gets the focus, and shows it (a 4 px focus ring). */
    async function tabTo(target: ReturnType<Page['locator']>, label: string) {
      await page.keyboard.press('Tab')
      expect(await isFocused(target), `focus should be on ${label}, is on ${await describeFocus(page)}`).toBe(true)
      const ring = await target.evaluate(element => {
        const style = getComputedStyle(element)
        return `${style.outlineStyle} ${style.outlineWidth}`
      })
      expect(ring, `the focus ring of ${label}`).toBe('solid 4px')
    }
    /** First Tab on a portal page: the skip link, visible while focused; Enter moves focus to main. */
    async function skipToMain() {
      const skip = page.getByRole('link', { name: '本文へ移動' })
      await tabTo(skip, 'the skip link')
      expect(await skip.isVisible()).toBe(true)
      expect((await skip.boundingBox())?.height ?? 0).toBeGreaterThan(20)
      await page.keyboard.press('Enter')
      expect(await isFocused(page.getByRole('main')), `focus should be on main, is on ${await describeFocus(page)}`).toBe(true)
    }

    await page.goto('/')
    await checkAxe(page, 'municipality list')
    await skipToMain()
    await tabTo(page.getByRole('link', { name: 'デモ市' }), 'the デモ市 link')
    await page.keyboard.press('Enter')
    await page.waitForURL(/\/demo$/)
    await checkAxe(page, 'portal home')

    await skipToMain()
    await tabTo(page.getByRole('main').getByRole('link', { name: 'ログインする' }), 'the login call to action')
    await page.keyboard.press('Enter')
    await page.waitForURL(/\/demo\/login$/)
    await checkAxe(page, 'login')

    await skipToMain()
    await tabTo(page.getByRole('button', { name: 'マイナンバーカードでログイン' }), 'the card login button')
    await page.keyboard.press('Enter')
    await page.waitForURL(/\/dev-idp\/interaction\//)
    await checkAxe(page, 'dev IdP: choose a test card')

    // A radio group is one tab stop: Tab reaches the first card, the arrow key chooses the next.
    await tabTo(page.getByRole('radio', { name: /山田 太郎/ }), 'the first test card')
    await page.keyboard.press('ArrowDown')
    const yoshida = page.getByRole('radio', { name: /𠮷田 花子/ })
    expect(await isFocused(yoshida)).toBe(true)
    expect(await yoshida.isChecked()).toBe(true)
    await tabTo(page.getByRole('button', { name: 'このカードでログイン' }), 'the submit button')
    await page.keyboard.press('Enter')
    await page.waitForURL(/\/demo\/mypage$/)
    expect(await page.getByTestId('basic-name').textContent()).toContain('𠮷田')
    await checkAxe(page, 'マイページ')

    // From the top of マイページ the header comes first, then the menu; logout is its last item.
    const order: string[] = []
    for (let i = 0; i < 12 && !(await isFocused(mainNav(page).getByRole('button', { name: 'ログアウト' }))); i++) {
      await page.keyboard.press('Tab')
      order.push(await describeFocus(page))
    }
    expect(order).toEqual([
      '<a> 本文へ移動',
      '<a> デモ市',
      '<a> やさしい日本語',
      '<a> English',
      '<a> ホーム',
      '<a> マイページ',
      '<a> お知らせ',
      '<button> ログアウト',
    ])
    await page.keyboard.press('Space')
    await page.waitForURL(/\/demo\/login\?loggedOut=1$/)
    expect(await page.getByText(authCatalog.ja['auth.logout.done']).isVisible()).toBe(true)
    await checkAxe(page, 'login after logout')
    await finish(page)
  })

  it('works without JavaScript, including the postal-code lookup on the contact form', async () => {
    const page = await openPage({ javaScriptEnabled: false })
    await page.goto('/')
    await checkAxe(page, 'municipality list (no JS)')
    await page.getByRole('link', { name: 'デモ市' }).click()
    await page.waitForURL(/\/demo$/)
    await checkAxe(page, 'portal home (no JS)')

    // The language switcher is a plain link.
    await reloadsWith(page, () => page.getByRole('navigation', { name: '言語の切り替え' }).getByRole('link', { name: 'English' }).click())
    expect(await h1(page).textContent()).toBe('Demo City online services')
    await checkAxe(page, 'portal home in English (no JS)')
    await reloadsWith(page, () => page.getByRole('navigation', { name: 'Language' }).getByRole('link', { name: '日本語', exact: true }).click())
    expect(await h1(page).textContent()).toBe('デモ市のオンライン窓口')

    await mainNav(page).getByRole('link', { name: 'ログイン' }).click()
    await page.waitForURL(/\/demo\/login$/)
    await checkAxe(page, 'login (no JS)')
    await logInWithCard(page, /𠮷田 花子/)
    expect(await page.getByTestId('basic-name').textContent()).toContain('𠮷田')

    // Without JavaScript the lookup button posts the form and the server fills the address.
    await page.getByLabel('郵便番号').fill('100-0001')
    await page.getByRole('button', { name: '住所を検索' }).click()
    await page.waitForURL(/\/demo\/mypage\/contact$/)
    expect(await page.getByLabel('都道府県').inputValue()).toBe('東京都')
    expect(await page.getByLabel('市区町村').inputValue()).toBe('千代田区')
    expect(await page.getByLabel('町域').inputValue()).toBe('千代田')
    expect(await page.getByRole('status').textContent()).toBe(portalCatalog.ja['portal.mypage.postalFound'])
    await checkAxe(page, 'マイページ after the postal lookup (no JS)')

    await page.getByLabel('番地・建物名').fill('1-1 千代田ハウス101')
    await page.getByRole('button', { name: '保存する' }).click()
    await page.waitForURL(/\/demo\/mypage\?saved=1$/)
    expect(await page.getByText(portalCatalog.ja['portal.mypage.saved']).isVisible()).toBe(true)
    expect(await page.getByLabel('郵便番号').inputValue()).toBe('100-0001')
    expect(await page.getByLabel('市区町村').inputValue()).toBe('千代田区')
    expect(await page.getByLabel('番地・建物名').inputValue()).toBe('1-1 千代田ハウス101')
    await checkAxe(page, 'マイページ saved (no JS)')

    await mainNav(page).getByRole('button', { name: 'ログアウト' }).click()
    await page.waitForURL(/\/demo\/login\?loggedOut=1$/)
    expect(await page.getByText(authCatalog.ja['auth.logout.done']).isVisible()).toBe(true)
    await checkAxe(page, 'login after logout (no JS)')
    await finish(page)
  })

  it('fills the address as soon as seven digits are typed when JavaScript runs', async () => {
    const page = await openPage()
    await page.goto('/demo/login')
    await checkAxe(page, 'login')
    await logInWithCard(page, /佐藤 健一/)
    const requests: string[] = []
    page.on('request', request => requests.push(`${request.method()} ${new URL(request.url()).pathname}`))

    await page.getByLabel('郵便番号').pressSequentially('1000001')
    await expect.poll(() => page.getByLabel('市区町村').inputValue(), { timeout: 10_000 }).toBe('千代田区')
    expect(await page.getByLabel('都道府県').inputValue()).toBe('東京都')
    expect(await page.getByLabel('町域').inputValue()).toBe('千代田')
    expect(await page.getByRole('status').textContent()).toBe(portalCatalog.ja['portal.mypage.postalFound'])
    // In place: one JSON lookup, no form post, still on マイページ.
    expect(requests).toEqual(['GET /api/v1/postal-codes/1000001'])
    expect(page.url()).toMatch(/\/demo\/mypage$/)
    await checkAxe(page, 'マイページ after the instant lookup')
    await finish(page)
  })

  it('explains a bad email address in an error summary whose link leads to the field', async () => {
    const page = await openPage()
    await page.goto('/demo/login')
    await checkAxe(page, 'login')
    await page.getByLabel('メールアドレス', { exact: true }).fill('not-an-email')
    await page.getByRole('button', { name: 'ログイン用リンクを送る' }).click()
    await page.waitForURL(/\/demo\/login\/email$/)

    const summary = page.getByRole('alert').filter({ has: page.getByRole('heading', { name: '入力内容に問題があります' }) })
    await expect.poll(() => isFocused(summary), { timeout: 10_000 }).toBe(true)
    const field = page.getByLabel('メールアドレス', { exact: true })
    expect(await field.inputValue()).toBe('not-an-email')
    expect(await field.getAttribute('aria-invalid')).toBe('true')
    await checkAxe(page, 'login with an error')

    await summary.getByRole('link', { name: authCatalog.ja['auth.login.emailInvalid'] }).click()
    expect(await isFocused(field), `focus should be on the email field, is on ${await describeFocus(page)}`).toBe(true)
    await finish(page)
  })
})
