/**
 * The LINE journeys in Chromium against a real Yakuba with the fake LINE: a resident links LINE
 * through the LINE Login consent page, sees the add-friend prompt, is followed and welcomed via
 * the /dev-line viewer, and unlinks; staff create the rich menus and switch to the disaster menu.
 * axe runs on every page, the fake's pages included.
 */
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { DEMO_PASSWORD } from '../../../../platform/cli/seed-demo.js'
import { checkAxe, finishJourney, runE2e, setUpJourneys, totpCodes, warnWhenSkipped } from '../../../../../test/e2e-server.js'
import { DEV_LINE_USERS } from './fake-line-login.js'
import { mountedFakeLine } from './line-transport.js'

warnWhenSkipped('the LINE journeys in Chromium (src/modules/notifications/channels/line/line.e2e.test.ts)')

describe.skipIf(!runE2e)('LINE journeys in Chromium', () => {
  const journeys = setUpJourneys()
  const nextCode = totpCodes()
  const h1 = (page: Page) => page.getByRole('heading', { level: 1 })
  const hanako = DEV_LINE_USERS[0]

  it('links LINE through LINE Login, gets a welcome back on follow, and unlinks', async () => {
    const page = await journeys.openPage()
    await page.goto('/demo/login')
    await checkAxe(page, 'login')
    await page.getByRole('button', { name: 'マイナンバーカードでログイン' }).click()
    await page.waitForURL(/\/dev-idp\/interaction\//)
    await checkAxe(page, 'dev IdP')
    await page.getByRole('radio', { name: /山田 太郎/ }).check()
    await page.getByRole('button', { name: 'このカードでログイン' }).click()
    await page.waitForURL(/\/demo\/mypage$/)
    await checkAxe(page, 'マイページ')

    await page.goto('/demo/notifications/line')
    expect(await h1(page).textContent()).toBe('LINEでお知らせを受け取る')
    await checkAxe(page, 'LINE page, not linked')
    await page.getByRole('link', { name: 'LINEと連携する' }).click()
    await page.waitForURL(/\/dev-line\/oauth2\/v2\.1\/authorize\?/)
    expect(await h1(page).textContent()).toBe('LINEでログイン')
    await checkAxe(page, 'fake LINE Login consent')
    await page.getByRole('checkbox', { name: /友だち追加する/ }).uncheck()
    const allow = page.getByRole('button', { name: new RegExp(`許可する.*${hanako.displayName}`) })
    await allow.click()
    await page.waitForURL(/\/demo\/notifications\/line\?done=linked$/)
    await expect.poll(() => page.getByRole('alert', { name: '完了しました' }).textContent()).toContain('LINEと連携しました。')
    expect(await page.getByRole('main').textContent()).toContain('まだ公式アカウントを友だち追加していません。')
    await checkAxe(page, 'LINE page, linked, not a friend')

    await page.goto('/dev-line')
    await checkAxe(page, 'fake LINE viewer')
    await page.getByLabel('自治体').selectOption('demo')
    await page.getByLabel('LINEユーザー').selectOption(hanako.userId)
    await page.getByRole('radio', { name: '友だち追加(follow)' }).check()
    await page.getByRole('button', { name: 'Webhookを送る' }).click()
    await page.waitForURL(/\/dev-line\?sent=200$/)
    expect(await page.getByRole('main').textContent()).toContain('おかえりなさい。デモ市からのお知らせを、またLINEでお届けします。')
    await checkAxe(page, 'fake LINE viewer after a follow')
    expect(mountedFakeLine(journeys.server.app)?.received.some(r => r.endpoint === 'reply' && r.to[0] === hanako.userId)).toBe(true)

    await page.goto('/demo/notifications/line')
    expect(await page.getByRole('main').textContent()).toContain('公式アカウントを友だち追加しています。')
    await page.getByRole('button', { name: 'LINEとの連携を解除する' }).click()
    await page.waitForURL(/\/demo\/notifications\/line\?done=unlinked$/)
    expect(await page.getByRole('link', { name: 'LINEと連携する' }).count()).toBe(1)
    await checkAxe(page, 'LINE page after unlinking')
    await finishJourney(page)
  })

  it('lets staff create the rich menus, switch to the disaster menu, and see a credential error', async () => {
    const admin = journeys.server.demo.staff.find(s => s.email === 'admin@demo.yakuba.localhost')
    if (!admin?.totpSecret) throw new Error('the demo administrator should be enrolled')
    const page = await journeys.openPage()
    await page.goto('/demo/staff/login')
    await checkAxe(page, 'staff login')
    await page.getByLabel('メールアドレス', { exact: true }).fill(admin.email)
    await page.getByLabel('パスワード', { exact: true }).fill(DEMO_PASSWORD)
    await page.getByRole('button', { name: 'ログイン', exact: true }).click()
    await page.waitForURL(/\/demo\/staff\/mfa$/)
    await checkAxe(page, 'staff MFA')
    await page.getByLabel('確認コード').fill(await nextCode(admin.totpSecret))
    await page.getByRole('button', { name: '確認する' }).click()
    await page.waitForURL(/\/demo\/staff$/)
    await checkAxe(page, 'staff home')

    await page.goto('/demo/staff/notifications/line')
    expect(await h1(page).textContent()).toBe('LINE公式アカウント')
    await checkAxe(page, 'staff LINE page')
    await page.getByRole('button', { name: 'リッチメニューを作成・更新' }).click()
    await page.waitForURL(/\?done=menus$/)
    await checkAxe(page, 'staff LINE page with menus')
    await page.getByRole('button', { name: '災害時のメニューに切り替える' }).click()
    await page.waitForURL(/\?done=mode$/)
    const fake = mountedFakeLine(journeys.server.app)
    const disaster = [...(fake?.richMenus.values() ?? [])].find(menu => menu.menu.name === 'yakuba:demo:disaster')
    expect(fake?.defaultRichMenuId).toBe(disaster?.richMenuId)
    await checkAxe(page, 'staff LINE page in disaster mode')

    await page.getByLabel('Messaging API チャネルID').fill('12')
    await page.getByRole('button', { name: '保存する' }).click()
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('チャネルIDは10桁の数字で入力してください')
    await checkAxe(page, 'staff LINE credentials with errors')
    await finishJourney(page)
  })
})
