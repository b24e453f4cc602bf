/**
 * 通知の設定 in Chromium with axe on every page: from My page, controls found by their
 * accessible names, "use my current location", a 422 with its error summary, an email address
 * verified with the mailed code; and the same page with JavaScript off. (The full hub journey —
 * LINE linking, staff compose — lives in e2e/.)
 */
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { checkAxe, finishJourney, runE2e, setUpJourneys, warnWhenSkipped } from '../../../../test/e2e-server.js'
import { withTenant } from '../../../platform/db/tenant-context.js'

warnWhenSkipped('the notification settings pages in Chromium')

describe.skipIf(!runE2e)('notification settings in Chromium', () => {
  const journeys = setUpJourneys()
  const h1 = (page: Page) => page.getByRole('heading', { level: 1 })

  async function logIn(page: Page) {
    await page.goto('/demo/login')
    await checkAxe(page, 'login')
    await page.getByRole('button', { name: 'マイナンバーカードでログイン' }).click()
    await page.waitForURL(/\/dev-idp\/interaction\//)
    await checkAxe(page, 'dev IdP')
    await page.getByRole('radio', { name: /佐藤 健一/ }).check()
    await page.getByRole('button', { name: 'このカードでログイン' }).click()
    await page.waitForURL(/\/demo\/mypage$/)
    await checkAxe(page, 'マイページ')
  }

  it('sets preferences and verifies an email address, with JavaScript', async () => {
    const page = await journeys.openPage({ width: 390, height: 844 })
    await page.context().grantPermissions(['geolocation'])
    await page.context().setGeolocation({ latitude: 35.6765, longitude: 139.763 })
    await logIn(page)
    await page.getByRole('link', { name: '通知の設定(受け取る方法と内容)' }).click()
    await page.waitForURL(/\/demo\/notifications\/settings$/)
    expect(await h1(page).textContent()).toBe('通知の設定')
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    await checkAxe(page, '通知の設定')

    // Progressive enhancement is on: the push and location buttons show, the "needs JS" notes hide.
    expect(await page.getByRole('button', { name: '今いる場所を使う' }).isVisible()).toBe(true)
    await page.getByRole('button', { name: '今いる場所を使う' }).click()
    await expect.poll(() => page.getByLabel('緯度').inputValue()).toBe('35.676500')
    expect(await page.getByLabel('経度').inputValue()).toBe('139.763000')

    await page.getByRole('group', { name: 'お知らせを受け取る言語' }).getByLabel('English').check()
    await page.getByLabel('開始時刻').fill('22:00')
    await page.getByRole('group', { name: 'ごみ収集日のお知らせ' }).getByLabel('当日の朝(6時30分)').check()
    await page.getByRole('button', { name: '設定を保存する' }).click()
    // No end time: 422 with the summary first.
    expect(await page.getByRole('alert').getByText('開始と終了の両方を入力するか').first().isVisible()).toBe(true)
    await checkAxe(page, '通知の設定 (422)')
    await page.getByLabel('終了時刻').fill('07:00')
    await page.getByRole('button', { name: '設定を保存する' }).click()
    await page.waitForURL(/notice=saved$/)
    expect(await page.getByText('設定を保存しました').isVisible()).toBe(true)
    await checkAxe(page, '通知の設定 (saved)')

    await page.getByLabel('メールアドレス', { exact: true }).fill('sato.new@example.jp')
    await page.getByRole('button', { name: '確認コードを送る' }).first().click()
    await page.waitForURL(/\/channels\/[0-9a-f-]{36}\/verify/)
    await checkAxe(page, 'メールアドレスの確認')
    const { platform } = journeys.server
    const tenant = await platform.tenants.findTenantBySlug('demo')
    const mail = await withTenant(platform.database.db, tenant!.id, trx => trx.selectFrom('mailLog').select('textBody').where('toAddress', '=', 'sato.new@example.jp').executeTakeFirstOrThrow())
    const code = /(\d{6})/.exec(mail.textBody ?? '')?.[1] ?? ''
    await page.getByLabel('確認コード(6桁の数字)').fill(code)
    await page.getByRole('button', { name: '確認する' }).click()
    await page.waitForURL(/notice=verified$/)
    expect(await page.getByText('sato.new@example.jp').first().isVisible()).toBe(true)
    await checkAxe(page, '通知の設定 (verified)')
    await finishJourney(page)
  })

  it('works without JavaScript: push explains it needs JavaScript, the district is chosen from the list', async () => {
    const page = await journeys.openPage({ javaScriptEnabled: false })
    await logIn(page)
    await page.goto('/demo/notifications/settings')
    expect(await page.getByText('プッシュ通知を使うには、ブラウザーのJavaScriptを有効にしてください').isVisible()).toBe(true)
    expect(await page.getByRole('button', { name: '今いる場所を使う' }).count()).toBe(0)
    await checkAxe(page, '通知の設定 (no JS)')
    await page.getByLabel('お住まいの地区').selectOption({ label: '北町二丁目' })
    await page.getByRole('button', { name: '設定を保存する' }).click()
    await page.waitForURL(/notice=saved$/)
    await checkAxe(page, '通知の設定 (no JS, saved)')
    await finishJourney(page)
  })
})
