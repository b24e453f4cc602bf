/**
 * Disaster mode in Debian Chromium against a real Yakuba with デモ市 seeded:
 * 1. 監督 一郎 switches on disaster mode (reason and banner), issues a level-4 evacuation order for
 *    two districts (南町一丁目, 南町二丁目) through the form and the review page.
 * 2. 佐藤 健一 (registered in 南町二丁目) finds the emergency page as the portal home, sees the
 *    banner and the order for his district, and has the message in his inbox.
 * 3. 𠮷田 花子 (北町一丁目) sees the banner but no order for her district, and no message.
 * 4. The order's CAP document and the Atom feed are published; staff switch back to normal and
 *    the portal home returns.
 * axe runs on every page loaded.
 */
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { checkAxe, finishJourney, logInDemoStaff, runE2e, setUpJourneys, totpCodes, warnWhenSkipped } from '../test/e2e-server.js'

warnWhenSkipped('the disaster mode journeys in Chromium (e2e/disaster.e2e.test.ts)')

const HEADLINE = '【警戒レベル4】避難指示(洪水・内水氾濫)'

describe.skipIf(!runE2e)('disaster mode and evacuation orders in Chromium', () => {
  const journeys = setUpJourneys()
  const nextCode = totpCodes()
  const h1 = (page: Page) => page.getByRole('heading', { level: 1 })
  let alertPath = ''

  const staffLogIn = (page: Page, email: string) => logInDemoStaff(page, journeys.server.demo, email, nextCode)

  async function residentLogIn(page: Page, card: RegExp) {
    await page.goto('/demo/login')
    await checkAxe(page, 'login')
    await page.getByRole('button', { name: 'マイナンバーカードでログイン' }).click()
    await page.waitForURL(/\/dev-idp\/interaction\//)
    await checkAxe(page, 'dev IdP: choose a test card')
    await page.getByRole('radio', { name: card }).check()
    await page.getByRole('button', { name: 'このカードでログイン' }).click()
    await page.waitForURL(/\/demo\/mypage$/)
    await checkAxe(page, 'マイページ')
  }

  it('staff switch on disaster mode and issue a level-4 order for two districts', async () => {
    const page = await journeys.openPage()
    await staffLogIn(page, 'supervisor@demo.yakuba.localhost')
    await page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: '防災・災害対応' }).click()
    await page.waitForURL(/\/demo\/staff\/disaster$/)
    expect(await h1(page).textContent()).toBe('防災・災害対応')
    expect(await page.getByTestId('disaster-mode').textContent()).toContain('通常')
    await checkAxe(page, 'disaster overview')

    // Switching needs a reason: the error summary says so first.
    await page.getByRole('radio', { name: '災害モード' }).check()
    await page.getByRole('button', { name: '切り替える' }).click()
    expect(await page.getByRole('alert').textContent()).toContain('理由を入力してください。')
    await checkAxe(page, 'disaster overview (reason missing)')
    await page.getByRole('radio', { name: '災害モード' }).check()
    await page.getByLabel('理由(記録されます)').fill('台風第10号の接近')
    await page.getByLabel('全ページの帯に出す文').fill('台風第10号が接近しています。最新の避難情報を確認してください。')
    await page.getByRole('button', { name: '切り替える' }).click()
    await page.waitForURL(/\/demo\/staff\/disaster\?done=mode/)
    expect(await page.getByTestId('disaster-mode').textContent()).toContain('災害モード')
    expect(await page.locator('.emergency-banner').textContent()).toContain('台風第10号が接近しています')
    await checkAxe(page, 'disaster overview (disaster mode on)')

    await page.getByRole('link', { name: '避難情報を作成する' }).click()
    await page.waitForURL(/\/alerts\/new$/)
    await checkAxe(page, 'new evacuation information')
    await page.getByRole('radio', { name: /警戒レベル4/ }).check()
    await page.getByRole('group', { name: '対象地区' }).getByRole('checkbox', { name: '南町一丁目' }).check()
    await page.getByRole('group', { name: '対象地区' }).getByRole('checkbox', { name: '南町二丁目' }).check()
    await page.getByRole('button', { name: '下書きを作成して確認へ' }).click()
    await page.waitForURL(/\/alerts\/[0-9a-f-]{36}\?done=created$/)
    expect(await h1(page).textContent()).toBe(HEADLINE)
    expect(await page.getByTestId('proposal-kind').textContent()).toBe('発令')
    await checkAxe(page, 'review evacuation information')

    await page.getByRole('button', { name: '発令する(住民に送信)' }).click()
    await page.waitForURL(/\?done=issued&count=\d+$/)
    expect(await page.getByRole('alert').first().textContent()).toMatch(/発令しました。\d+人に送信しています。/)
    expect(await page.getByRole('table', { name: '発表の履歴' }).textContent()).toContain('第1報')
    await checkAxe(page, 'review evacuation information (issued)')
    alertPath = new URL(page.url()).pathname.replace('/staff/disaster', '')
    await finishJourney(page)
  })

  it('a resident in one of the districts sees the banner, the order for his district and the message', async () => {
    const page = await journeys.openPage()
    await residentLogIn(page, /佐藤 健一/)
    expect(await page.locator('.emergency-banner').textContent()).toContain('台風第10号が接近しています')
    // The portal home is the emergency page while disaster mode is on.
    await page.goto('/demo')
    await page.waitForURL(/\/demo\/disaster$/)
    expect(await h1(page).textContent()).toBe('防災・避難情報')
    expect(await page.getByRole('heading', { name: 'お住まいの地区(南町二丁目)の避難情報' }).count()).toBe(1)
    const forDistrict = page.getByRole('region', { name: /お住まいの地区/ }).getByTestId('alert-card')
    expect(await forDistrict.count()).toBe(1)
    expect(await forDistrict.textContent()).toContain(HEADLINE)
    await checkAxe(page, 'emergency page (in the district)')

    await page.getByRole('link', { name: '文字だけの軽い版' }).click()
    await page.waitForURL(/\/demo\/disaster\/text$/)
    expect(await page.getByRole('main').textContent()).toContain(HEADLINE)
    await checkAxe(page, 'emergency page, text only')

    // The critical notice reaches his inbox (the pump runs in the server).
    await expect
      .poll(
        async () => {
          await page.goto('/demo/inbox')
          return page.getByRole('main').textContent()
        },
        { timeout: 15_000, interval: 500 },
      )
      .toContain(HEADLINE)
    await checkAxe(page, 'inbox with the order')
    await finishJourney(page)
  })

  it('a resident outside the districts sees the banner but gets no message', async () => {
    const page = await journeys.openPage()
    await residentLogIn(page, /花子/)
    expect(await page.locator('.emergency-banner').count()).toBe(1)
    await page.goto('/demo/disaster')
    expect(await page.getByRole('heading', { name: 'お住まいの地区(北町一丁目)の避難情報' }).count()).toBe(1)
    expect(await page.getByTestId('no-district-alert').textContent()).toContain('お住まいの地区に発令中の避難情報はありません。')
    await checkAxe(page, 'emergency page (outside the districts)')
    await page.goto('/demo/inbox')
    expect(await page.getByRole('main').textContent()).not.toContain(HEADLINE)
    await checkAxe(page, 'inbox without the order')
    await finishJourney(page)
  })

  it('publishes the order as CAP and Atom, and switching back restores the portal', async () => {
    const page = await journeys.openPage()
    await page.goto(alertPath)
    expect(await h1(page).textContent()).toBe(HEADLINE)
    await checkAxe(page, 'public alert page')
    const cap = await page.request.get(`${alertPath}/cap/1.xml`)
    expect(cap.headers()['content-type']).toContain('application/cap+xml')
    expect(await cap.text()).toContain('<msgType>Alert</msgType>')
    const atom = await page.request.get('/demo/alerts.atom')
    expect(await atom.text()).toContain(`${alertPath}/cap/1.xml`)

    await staffLogIn(page, 'supervisor@demo.yakuba.localhost')
    await page.goto('/demo/staff/disaster')
    await checkAxe(page, 'disaster overview (before switching back)')
    await page.getByRole('radio', { name: '通常' }).check()
    await page.getByLabel('理由(記録されます)').fill('台風通過')
    await page.getByRole('button', { name: '切り替える' }).click()
    await page.waitForURL(/\/demo\/staff\/disaster\?done=mode/)
    expect(await page.locator('.emergency-banner').count()).toBe(0)
    await checkAxe(page, 'disaster overview (back to normal)')
    await page.goto('/demo')
    await page.waitForURL(/\/demo$/)
    expect(await page.locator('.emergency-banner').count()).toBe(0)
    await checkAxe(page, 'portal home (normal again)')
    await finishJourney(page)
  })
})
