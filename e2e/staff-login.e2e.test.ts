/**
 * Staff journeys in Debian Chromium against a real Yakuba with デモ市 seeded: TOTP enrolment at
 * first login (QR code, manual key, recovery codes), logging in again with a fresh code and with
 * a recovery code, an administrator managing departments, staff accounts and their own sessions
 * (revoking another browser's login), and a wrong password. axe runs on every page loaded.
 */
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { DEMO_PASSWORD } from '../src/platform/cli/seed-demo.js'
import { authCatalog } from '../src/platform/i18n/catalogs/auth.js'
import {
  setUpJourneys,
  finishJourney,
  checkAxe,
  runE2e,
  totpCodes,
  warnWhenSkipped,
} from '../test/e2e-server.js'

warnWhenSkipped('the staff journeys in Chromium (e2e/staff-login.e2e.test.ts)')

describe.skipIf(!runE2e)('staff journeys in Chromium', () => {
  const journeys = setUpJourneys()
  const openPage = journeys.openPage
  const nextCode = totpCodes()

  const finish = finishJourney

  function demoStaff(email: string) {
    const staff = journeys.server.demo.staff.find(s => s.email === email)
    if (!staff) throw new Error(`the demo seed has no ${email}`)
    return staff
  }

  const h1 = (page: Page) => page.getByRole('heading', { level: 1 })
  const staffNav = (page: Page) => page.getByRole('navigation', { name: 'メインメニュー' })

  /** The password step: staff login page → the next step's page. */
  async function enterPassword(page: Page, email: string, password: string) {
    await page.goto('/demo/staff/login')
    expect(await h1(page).textContent()).toBe('職員ログイン')
    await checkAxe(page, 'staff login')
    await page.getByLabel('メールアドレス', { exact: true }).fill(email)
    await page.getByLabel('パスワード', { exact: true }).fill(password)
    await page.getByRole('button', { name: 'ログイン', exact: true }).click()
  }

  /** The second step for enrolled staff: a TOTP code or a recovery code → the console. */
  async function enterCode(page: Page, code: string) {
    await page.waitForURL(/\/demo\/staff\/mfa$/)
    expect(await h1(page).textContent()).toBe('確認コードの入力')
    await checkAxe(page, 'staff MFA code')
    await page.getByLabel('確認コード').fill(code)
    await page.getByRole('button', { name: '確認する' }).click()
  }

  async function expectConsole(page: Page, displayName: string) {
    await page.waitForURL(/\/demo\/staff$/)
    expect(await h1(page).textContent()).toBe(`${displayName}さん、こんにちは`)
    await checkAxe(page, 'staff console home')
  }

  async function logOut(page: Page) {
    await staffNav(page).getByRole('button', { name: 'ログアウト' }).click()
    await page.waitForURL(/\/demo\/staff\/login$/)
    expect(await h1(page).textContent()).toBe('職員ログイン')
    await checkAxe(page, 'staff login after logout')
  }

  it('enrols TOTP at first login, then logs in with a fresh code and once with a recovery code', async () => {
    const newcomer = demoStaff('newcomer@demo.yakuba.localhost')
    expect(newcomer.totpSecret).toBeUndefined()
    const page = await openPage()

    await enterPassword(page, newcomer.email, DEMO_PASSWORD)
    await page.waitForURL(/\/demo\/staff\/mfa\/enrol$/)
    expect(await h1(page).textContent()).toBe('二要素認証の設定')
    await page.screenshot({ path: '/tmp/e2e-staff-enrol.png', fullPage: true })
    await checkAxe(page, 'TOTP enrolment')
    const secret = (await page.getByTestId('totp-secret').textContent())?.trim() ?? ''
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/)
    const qr = page.getByRole('img', { name: '認証アプリに登録するためのQRコード' })
    expect(await qr.isVisible()).toBe(true)
    // A phone camera needs the code itself on screen, not just its frame: the drawing must be big.
    // (soft: the rest of the journey still runs and reports when this fails)
    const drawing = await qr.locator('svg').boundingBox()
    expect.soft(drawing?.width ?? 0, 'the QR code drawing should be at least 150 px wide').toBeGreaterThanOrEqual(150)
    expect.soft(drawing?.height ?? 0, 'the QR code drawing should be at least 150 px high').toBeGreaterThanOrEqual(150)

    await page.getByLabel('認証アプリに表示された6桁のコード').fill(await nextCode(secret))
    await page.getByRole('button', { name: '設定を完了する' }).click()
    // The codes are the answer to the form post (shown once, never at an address of their own).
    await expect.poll(() => h1(page).textContent(), { timeout: 10_000 }).toBe('回復コードを保管してください')
    const codes = (await page.getByTestId('recovery-codes').getByRole('listitem').allTextContents()).map(c => c.trim())
    expect(codes).toHaveLength(10)
    for (const code of codes) expect(code).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/)
    expect(new Set(codes).size).toBe(10)
    await checkAxe(page, 'recovery codes')

    await page.getByRole('link', { name: '保管しました。職員用画面へ進む' }).click()
    await expectConsole(page, '新人 四郎')
    // A clerk sees applications, the builder, notices, residents, payments and their own sessions, not the administrator's pages.
    const navLinks = (await staffNav(page).getByRole('link').allTextContents()).map(t => t.trim())
    expect(navLinks).toEqual(['ホーム', '申請の処理', '窓口での代理入力', '手続きの作成・管理', 'お知らせ配信', '施設予約', '防災・災害対応', '住民情報', '支払い(収納)', 'ログイン中の端末'])
    expect(await page.getByRole('link', { name: '職員アカウント' }).count()).toBe(0)
    expect(await page.getByRole('link', { name: '所属(課)の管理' }).count()).toBe(0)
    await logOut(page)

    // Again with the password and a fresh code (a code counts once per 30-second step).
    await enterPassword(page, newcomer.email, DEMO_PASSWORD)
    await enterCode(page, await nextCode(secret))
    await expectConsole(page, '新人 四郎')
    await logOut(page)

    // The phone is lost: a recovery code logs in once, and only once.
    await enterPassword(page, newcomer.email, DEMO_PASSWORD)
    await enterCode(page, codes[0].toUpperCase())
    await expectConsole(page, '新人 四郎')
    await logOut(page)
    await enterPassword(page, newcomer.email, DEMO_PASSWORD)
    await enterCode(page, codes[0])
    const summary = page.getByRole('alert')
    await expect.poll(() => summary.getByRole('link').textContent(), { timeout: 10_000 }).toBe(authCatalog.ja['staffAuth.errors.invalidCode'])
    expect(await page.getByLabel('確認コード').getAttribute('aria-invalid')).toBe('true')
    await checkAxe(page, 'staff MFA code with an error')
    await finish(page)
  })

  it('lets an administrator add a department and a staff account, and end a login on another browser', async () => {
    const admin = demoStaff('admin@demo.yakuba.localhost')
    if (!admin.totpSecret) throw new Error('the demo administrator should be enrolled')
    const page = await openPage()
    await enterPassword(page, admin.email, DEMO_PASSWORD)
    await enterCode(page, await nextCode(admin.totpSecret))
    await expectConsole(page, '管理 花子')
    const navLinks = (await staffNav(page).getByRole('link').allTextContents()).map(t => t.trim())
    expect(navLinks).toEqual(['ホーム', '申請の処理', '窓口での代理入力', '手続きの作成・管理', 'お知らせ配信', '施設予約', '防災・災害対応', '住民情報', '所属(課)の管理', '職員アカウント', '監査ログ', '支払い(収納)', 'APIキー', 'ログイン中の端末'])
    await page.screenshot({ path: '/tmp/e2e-staff-console.png', fullPage: true })

    // 所属(課)の管理: add 企画課.
    await staffNav(page).getByRole('link', { name: '所属(課)の管理' }).click()
    await page.waitForURL(/\/demo\/staff\/admin\/departments$/)
    expect(await h1(page).textContent()).toBe('所属(課)の管理')
    await checkAxe(page, 'departments')
    await page.getByLabel('コード', { exact: true }).fill('kikaku')
    await page.getByLabel('名前', { exact: true }).fill('企画課')
    await page.getByLabel('英語の名前').fill('Planning Division')
    await page.getByRole('button', { name: '追加する' }).click()
    await page.waitForURL(/\/demo\/staff\/admin\/departments\?done=created$/)
    expect(await page.getByText('所属を追加しました。').isVisible()).toBe(true)
    const row = page.getByRole('table', { name: '登録されている所属' }).getByRole('row').filter({ hasText: 'kikaku' })
    expect((await row.getByRole('cell').allTextContents()).slice(0, 2)).toEqual(['企画課', 'Planning Division'])
    await checkAxe(page, 'departments after adding one')

    // 職員アカウント: a clerk in 企画課.
    await staffNav(page).getByRole('link', { name: '職員アカウント' }).click()
    await page.waitForURL(/\/demo\/staff\/admin\/staff$/)
    await checkAxe(page, 'staff accounts')
    await page.getByRole('link', { name: '職員アカウントを作る' }).click()
    await page.waitForURL(/\/demo\/staff\/admin\/staff\/new$/)
    expect(await h1(page).textContent()).toBe('職員アカウントを作る')
    await checkAxe(page, 'new staff account')
    await page.getByLabel('メールアドレス', { exact: true }).fill('kikaku.taro@demo.yakuba.localhost')
    await page.getByLabel('氏名').fill('企画 太郎')
    await page.getByLabel('初期パスワード').fill('a long initial passphrase 2026')
    await page.getByRole('radio', { name: '担当職員', exact: true }).check()
    await page.getByLabel('所属').selectOption({ label: '企画課 (kikaku)' })
    await page.getByRole('button', { name: '作成する' }).click()
    await page.waitForURL(/\/demo\/staff\/admin\/staff\/[0-9a-f-]{36}\?done=created$/)
    expect(await h1(page).textContent()).toBe('企画 太郎')
    expect(await page.getByText('職員アカウントを作成しました。').isVisible()).toBe(true)
    const roles = page.getByRole('table', { name: '割り当てられている役割' })
    expect((await roles.getByRole('row').filter({ hasText: '担当職員' }).getByRole('cell').allTextContents()).slice(0, 2)).toEqual(['担当職員', '企画課'])
    await checkAxe(page, 'the new staff account')

    // ログイン中の端末: this browser only, then a second browser logs in as the same person.
    await staffNav(page).getByRole('link', { name: 'ログイン中の端末' }).click()
    await page.waitForURL(/\/demo\/staff\/sessions$/)
    const sessionRows = () => page.getByRole('table', { name: 'ログイン中の端末' }).getByRole('row').filter({ has: page.getByRole('cell') })
    expect(await sessionRows().count()).toBe(1)
    expect(await sessionRows().textContent()).toContain('この端末')
    await checkAxe(page, 'sessions')

    const other = await openPage()
    await enterPassword(other, admin.email, DEMO_PASSWORD)
    await enterCode(other, await nextCode(admin.totpSecret))
    await expectConsole(other, '管理 花子')

    await page.reload()
    expect(await sessionRows().count()).toBe(2)
    const otherRow = sessionRows().filter({ hasNot: page.getByText('この端末') })
    await checkAxe(page, 'sessions with another browser')
    await otherRow.getByRole('button', { name: 'ログインを終了する' }).click()
    await page.waitForURL(/\/demo\/staff\/sessions\?revoked=1$/)
    expect(await page.getByText('ログインを終了しました。').isVisible()).toBe(true)
    expect(await sessionRows().count()).toBe(1)
    await checkAxe(page, 'sessions after revoking')

    // The other browser's next page is the login page.
    await other.goto('/demo/staff/admin/departments')
    await other.waitForURL(/\/demo\/staff\/login$/)
    expect(await h1(other).textContent()).toBe('職員ログイン')
    await checkAxe(other, 'staff login after the session was ended')
    // …while this one is still logged in.
    await page.goto('/demo/staff')
    await expectConsole(page, '管理 花子')
    await finish(other)
    await finish(page)
  })

  it('says, in the chosen language, that the email address or password is wrong', async () => {
    const page = await openPage()
    await enterPassword(page, 'supervisor@demo.yakuba.localhost', 'not-the-password')
    const summary = page.getByRole('alert')
    await expect.poll(() => summary.getByRole('link').textContent(), { timeout: 10_000 }).toBe(authCatalog.ja['staffAuth.errors.invalidCredentials'])
    expect(await page.getByLabel('メールアドレス', { exact: true }).inputValue()).toBe('supervisor@demo.yakuba.localhost')
    expect(await page.getByLabel('パスワード', { exact: true }).inputValue()).toBe('')
    await checkAxe(page, 'staff login with an error')

    await Promise.all([page.waitForEvent('load'), page.getByRole('navigation', { name: '言語の切り替え' }).getByRole('link', { name: 'English' }).click()])
    expect(await h1(page).textContent()).toBe('Staff login')
    await checkAxe(page, 'staff login in English')
    await page.getByLabel('Email address').fill('supervisor@demo.yakuba.localhost')
    await page.getByLabel('Password').fill('still-not-the-password')
    await page.getByRole('button', { name: 'Log in', exact: true }).click()
    await expect.poll(() => page.getByRole('alert').getByRole('link').textContent(), { timeout: 10_000 }).toBe(authCatalog.en['staffAuth.errors.invalidCredentials'])
    await checkAxe(page, 'staff login with an error in English')
    await finish(page)
  })
})
