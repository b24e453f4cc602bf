/**
 * The notifications hub end to end in Debian Chromium against a real Yakuba with デモ市 seeded,
 * the delivery pump running and the fake LINE mounted:
 *
 * 1. 𠮷田 花子 logs in with her card, opens My page → 通知の設定, chooses 日本語, moves to
 *    南町一丁目 (the district list, no home location), turns quiet hours off and saves; links
 *    LINE on the fake's LINE Login consent page (adding the official account as a friend, then
 *    the follow webhook LINE sends for it), sees LINE among her channels and takes 防災 on the
 *    inbox and LINE only;
 * 2. 担当 次郎 (a clerk: notifications.send, no approve) writes a critical 防災 notice, draws an
 *    area around 南町一丁目 on the map picker, sees one LINE message in the counts and asks for
 *    approval (承認待ち);
 * 3. 監督 一郎 approves it from the approvals table;
 * 4. the clerk watches the progress page until the inbox and LINE deliveries are 配信済み;
 * 5. 花子 finds the notice in her お知らせ, and the fake LINE received exactly one push or
 *    multicast to her LINE user carrying it (also shown in the /dev-line viewer).
 *
 * axe runs on every page loaded, the fake's pages included (finishJourney asserts it).
 */
import type { Locator, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { DEMO_PASSWORD } from '../src/platform/cli/seed-demo.js'
import { withTenant } from '../src/platform/db/tenant-context.js'
import { DEV_LINE_USERS } from '../src/modules/notifications/channels/line/fake-line-login.js'
import { mountedFakeLine } from '../src/modules/notifications/channels/line/line-transport.js'
import { notificationsDb } from '../src/modules/notifications/notification-tables.js'
import { checkAxe, finishJourney, runE2e, setUpJourneys, totpCodes, warnWhenSkipped } from '../test/e2e-server.js'

warnWhenSkipped('the notifications hub journey in Chromium (e2e/notifications.e2e.test.ts)')

// A 1×1 transparent PNG stands in for every 地理院タイル (no network here).
const TILE = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64')

const DISTRICT = '南町一丁目'
const SUBJECT = '南町一丁目に避難指示を発令しました'
const BODY = '土砂災害のおそれがあるため、南町一丁目に避難指示を発令しました。南町小学校へ避難してください。'
const NOTICE_URL = /\/demo\/staff\/notifications\/[0-9a-f-]{36}(\?.*)?$/
const LINE_USER = DEV_LINE_USERS[0]
/** Channel names as the staff pages show them. */
const STAFF_INBOX = '受信箱(マイページ)'
const STAFF_LINE = 'LINE'

const h1 = (page: Page) => page.getByRole('heading', { level: 1 })
const mainNav = (page: Page) => page.getByRole('navigation', { name: 'メインメニュー' })
const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms))

/** A table's cells by column heading for the row whose row header is `rowName`. */
async function tableRow(table: Locator, rowName: string): Promise<Record<string, string>> {
  const headings = (await table.getByRole('columnheader').allTextContents()).map(s => s.trim())
  const row = table.getByRole('row').filter({ has: table.page().getByRole('rowheader', { name: rowName, exact: true }) })
  if ((await row.count()) !== 1) return {}
  const cells = (await row.getByRole('cell').allTextContents()).map(s => s.trim())
  // the first column is the row header; the cells are the other columns in order
  return Object.fromEntries(cells.map((cell, i) => [headings[i + 1], cell]))
}

describe.skipIf(!runE2e)('the notifications hub journey in Chromium', () => {
  const journeys = setUpJourneys()
  const nextCode = totpCodes()
  /** Shared by the steps: 花子's browser, the clerk's browser, the notice's page and counts. */
  let resident: Page
  let clerk: Page
  let noticePath = ''
  let confirmCounts: Record<string, string> = {}

  async function openPage() {
    const page = await journeys.openPage()
    await page.route('https://cyberjapandata.gsi.go.jp/**', route => route.fulfill({ status: 200, contentType: 'image/png', body: TILE }))
    return page
  }

  async function logInStaff(page: Page, email: string, displayName: string) {
    const staff = journeys.server.demo.staff.find(s => s.email === email)
    if (!staff?.totpSecret) throw new Error(`the demo seed has no enrolled ${email}`)
    await page.goto('/demo/staff/login')
    expect(await h1(page).textContent()).toBe('職員ログイン')
    await checkAxe(page, 'staff login')
    await page.getByLabel('メールアドレス', { exact: true }).fill(email)
    await page.getByLabel('パスワード', { exact: true }).fill(DEMO_PASSWORD)
    await page.getByRole('button', { name: 'ログイン', exact: true }).click()
    await page.waitForURL(/\/demo\/staff\/mfa$/)
    await checkAxe(page, 'staff MFA')
    await page.getByLabel('確認コード').fill(await nextCode(staff.totpSecret))
    await page.getByRole('button', { name: '確認する' }).click()
    await page.waitForURL(/\/demo\/staff$/)
    expect(await h1(page).textContent()).toBe(`${displayName}さん、こんにちは`)
    await checkAxe(page, 'staff console home')
  }

  /** The notice's delivery rows, to say why when the progress page does not reach 配信済み. */
  async function deliveriesOf(noticeId: string) {
    const { platform } = journeys.server
    const tenant = await platform.tenants.findTenantBySlug('demo')
    if (!tenant) throw new Error('no デモ市')
    return withTenant(platform.database.db, tenant.id, trx =>
      notificationsDb(trx).selectFrom('deliveries').select(['channel', 'status', 'attempts', 'error']).where('noticeId', '=', noticeId).orderBy('id').execute(),
    )
  }

  /** 通知の設定 → 保存: the success banner on the saved page. */
  async function saveSettings(page: Page, label: string) {
    await page.getByRole('button', { name: '設定を保存する' }).click()
    await page.waitForURL(/\/demo\/notifications\/settings\?notice=saved$/)
    expect(await page.getByText('設定を保存しました').isVisible()).toBe(true)
    await checkAxe(page, label)
  }

  // -------------------------------------------------------------------------------------------
  // 1. the resident

  it('lets a resident choose her language, district and quiet hours, link LINE and take 防災 on the inbox and LINE', async () => {
    resident = await openPage()
    await resident.goto('/demo/login')
    expect(await h1(resident).textContent()).toBe('ログイン')
    await checkAxe(resident, 'login')
    await resident.getByRole('button', { name: 'マイナンバーカードでログイン' }).click()
    await resident.waitForURL(/\/dev-idp\/interaction\//)
    await checkAxe(resident, 'dev IdP: choose a test card')
    await resident.getByRole('radio', { name: /花子/ }).check()
    await resident.getByRole('button', { name: 'このカードでログイン' }).click()
    await resident.waitForURL(/\/demo\/mypage$/)
    await checkAxe(resident, 'マイページ')

    await resident.getByRole('link', { name: '通知の設定(受け取る方法と内容)' }).click()
    await resident.waitForURL(/\/demo\/notifications\/settings$/)
    expect(await h1(resident).textContent()).toBe('通知の設定')
    await checkAxe(resident, '通知の設定')
    // LINE is not linked yet: the topics offer only the inbox and her verified email.
    expect(await resident.getByRole('group', { name: '防災', exact: true }).getByRole('checkbox', { name: 'LINE' }).count()).toBe(0)

    await resident.getByRole('group', { name: 'お知らせを受け取る言語' }).getByRole('radio', { name: '日本語', exact: true }).check()
    await resident.getByLabel('お住まいの地区').selectOption({ label: DISTRICT })
    await resident.getByLabel('開始時刻').fill('')
    await resident.getByLabel('終了時刻').fill('')
    await saveSettings(resident, '通知の設定 (saved)')
    expect(await resident.getByRole('group', { name: 'お知らせを受け取る言語' }).getByRole('radio', { name: '日本語', exact: true }).isChecked()).toBe(true)
    expect(await resident.getByLabel('お住まいの地区').locator('option:checked').textContent()).toBe(DISTRICT)
    expect(await resident.getByLabel('開始時刻').inputValue()).toBe('')
    expect(await resident.getByLabel('終了時刻').inputValue()).toBe('')

    // LINE Login on the fake's consent page, adding the official account as a friend.
    await resident.getByRole('link', { name: 'LINEと連携する' }).click()
    await resident.waitForURL(/\/dev-line\/oauth2\/v2\.1\/authorize\?/)
    expect(await h1(resident).textContent()).toBe('LINEでログイン')
    await checkAxe(resident, 'fake LINE Login consent')
    expect(await resident.getByRole('checkbox', { name: /友だち追加する/ }).isChecked()).toBe(true)
    await resident.getByRole('button', { name: new RegExp(`許可する.*${LINE_USER.displayName}`) }).click()
    await resident.waitForURL(/\/demo\/notifications\/line\?done=linked$/)
    await expect.poll(() => resident.getByRole('alert', { name: '完了しました' }).textContent()).toContain('LINEと連携しました。')
    expect(await resident.getByRole('main').textContent()).toContain('公式アカウントを友だち追加しています。')
    await checkAxe(resident, 'LINE page, linked')

    // LINE sends the follow event of that friend-add to the municipality's webhook.
    await resident.goto('/dev-line')
    await checkAxe(resident, 'fake LINE viewer')
    await resident.getByLabel('自治体').selectOption('demo')
    await resident.getByLabel('LINEユーザー').selectOption(LINE_USER.userId)
    await resident.getByRole('radio', { name: '友だち追加(follow)' }).check()
    await resident.getByRole('button', { name: 'Webhookを送る' }).click()
    await resident.waitForURL(/\/dev-line\?sent=200$/)
    await checkAxe(resident, 'fake LINE viewer after the follow event')
    expect(mountedFakeLine(journeys.server.app)?.received.some(r => r.endpoint === 'reply' && r.to.includes(LINE_USER.userId))).toBe(true)

    // Back in the settings: LINE is a channel now, and 防災 goes to the inbox and LINE only.
    await resident.goto('/demo/notifications/line')
    await checkAxe(resident, 'LINE page, linked and following')
    await resident.getByRole('link', { name: '通知の設定に戻る' }).click()
    await resident.waitForURL(/\/demo\/notifications\/settings$/)
    await checkAxe(resident, '通知の設定 with LINE')
    const channels = resident.getByRole('list', { name: '登録している受け取り方法' })
    const lineChannel = channels.getByRole('listitem').filter({ has: resident.getByText('LINE', { exact: true }) })
    expect(await lineChannel.count()).toBe(1)
    expect(await lineChannel.textContent()).toContain('確認済み')
    const bousai = resident.getByRole('group', { name: '防災', exact: true })
    await bousai.getByRole('checkbox', { name: 'お知らせ(マイページ)' }).check()
    await bousai.getByRole('checkbox', { name: 'メール' }).uncheck()
    await bousai.getByRole('checkbox', { name: 'LINE' }).check()
    await saveSettings(resident, '通知の設定 (saved with LINE)')
    const saved = resident.getByRole('group', { name: '防災', exact: true })
    expect(await saved.getByRole('checkbox', { name: 'お知らせ(マイページ)' }).isChecked()).toBe(true)
    expect(await saved.getByRole('checkbox', { name: 'メール' }).isChecked()).toBe(false)
    expect(await saved.getByRole('checkbox', { name: 'LINE' }).isChecked()).toBe(true)
  })

  // -------------------------------------------------------------------------------------------
  // 2. the clerk composes

  it('lets a clerk write a critical 防災 notice to an area drawn on the map, see the LINE count and ask for approval', async () => {
    clerk = await openPage()
    await logInStaff(clerk, 'clerk@demo.yakuba.localhost', '担当 次郎')
    await mainNav(clerk).getByRole('link', { name: 'お知らせ配信' }).click()
    await clerk.waitForURL(/\/demo\/staff\/notifications$/)
    expect(await h1(clerk).textContent()).toBe('お知らせ配信')
    await checkAxe(clerk, 'notifications overview')
    await clerk.getByRole('link', { name: 'お知らせを作成' }).first().click()
    await clerk.waitForURL(/\/demo\/staff\/notifications\/new$/)
    expect(await h1(clerk).textContent()).toBe('お知らせを作成')
    const map = clerk.getByRole('application', { name: '範囲を描く地図' })
    await map.waitFor()
    await checkAxe(clerk, 'compose with the map picker')

    await clerk.getByLabel('件名(日本語)').fill(SUBJECT)
    await clerk.getByLabel('本文(日本語)').fill(BODY)
    await clerk.getByLabel('分野', { exact: true }).selectOption({ label: '防災' })
    await clerk.getByRole('radio', { name: '緊急' }).check()

    // Find 南町一丁目 on the map: clicking a district ticks its checkbox (and clicking again clears it).
    const districts = (await (await clerk.request.get('/demo/staff/notifications/new/districts.geojson')).json()) as { features: { properties: { name: string } }[] }
    const index = districts.features.findIndex(f => f.properties.name === DISTRICT)
    expect(index, `${DISTRICT} should be among the district boundaries`).toBeGreaterThanOrEqual(0)
    await map.scrollIntoViewIfNeeded()
    const shape = map.locator('path.leaflet-interactive').nth(index)
    const districtBox = clerk.getByRole('checkbox', { name: DISTRICT, exact: true })
    await shape.click()
    expect(await districtBox.isChecked()).toBe(true)
    await shape.click()
    expect(await districtBox.isChecked()).toBe(false)

    // Draw a rectangle just around it, point by point.
    const around = await shape.boundingBox()
    const frame = await map.boundingBox()
    if (!around || !frame) throw new Error('the map or the district has no size')
    const margin = 8
    const clampX = (x: number) => Math.min(Math.max(x, frame.x + 3), frame.x + frame.width - 3)
    const clampY = (y: number) => Math.min(Math.max(y, frame.y + 3), frame.y + frame.height - 3)
    const [left, right] = [clampX(around.x - margin), clampX(around.x + around.width + margin)]
    const [top, bottom] = [clampY(around.y - margin), clampY(around.y + around.height + margin)]
    await clerk.getByRole('button', { name: '範囲を描く' }).click()
    for (const [x, y] of [[left, bottom], [right, bottom], [right, top], [left, top]]) await clerk.mouse.click(x, y)
    await expect.poll(() => clerk.getByRole('status').filter({ hasText: '点を4個置きました' }).count()).toBe(1)
    const drawn = JSON.parse(await clerk.getByLabel('範囲(GeoJSON)').inputValue()) as { type: string; coordinates: number[][][] }
    expect(drawn.type).toBe('Polygon')
    expect(drawn.coordinates[0]).toHaveLength(5)
    expect(await clerk.getByRole('radio', { name: '地図で範囲を指定' }).isChecked()).toBe(true)
    expect(await districtBox.isChecked()).toBe(false)

    await clerk.getByRole('button', { name: '確認する' }).click()
    await clerk.waitForURL(/\/demo\/staff\/notifications\/[0-9a-f-]{36}\/confirm$/)
    expect(await h1(clerk).textContent()).toBe('送信内容の確認')
    const main = clerk.getByRole('main')
    expect(await main.textContent()).toContain('地図で指定した範囲(多角形1個、頂点4個)')
    expect(await main.textContent()).toContain(SUBJECT)
    const counts = clerk.getByRole('table', { name: 'チャネルごとの送信件数' })
    const lineCount = (await tableRow(counts, STAFF_LINE))['送信件数']
    const inboxCount = (await tableRow(counts, STAFF_INBOX))['送信件数']
    // She is the only resident of デモ市 with LINE, and the only one registered in 南町一丁目.
    expect(lineCount, 'LINE messages on the confirm page').toBe('1')
    expect(inboxCount, 'inbox messages on the confirm page').toBe('1')
    expect(await main.textContent()).toMatch(/(^|[^0-9,])1人に届きます/)
    // A critical notice ignores her topic choice (no email for 防災) but uses every channel she holds.
    expect((await tableRow(counts, 'メール'))['送信件数']).toBe('1')
    confirmCounts = { line: lineCount, inbox: inboxCount }
    expect(await clerk.getByText('このお知らせは承認が必要です').count()).toBe(1)
    expect(await main.textContent()).toContain('緊急のお知らせです')
    await checkAxe(clerk, 'confirm page')

    await clerk.getByRole('button', { name: '承認を依頼する' }).click()
    await clerk.waitForURL(/\/demo\/staff\/notifications\/[0-9a-f-]{36}\?done=pendingApproval$/)
    expect(await h1(clerk).textContent()).toBe(SUBJECT)
    expect(await clerk.getByRole('main').getByText('承認待ち', { exact: true }).count()).toBe(1)
    expect(await clerk.getByText('承認者の判断を待っています。').count()).toBe(1)
    expect(await clerk.getByRole('button', { name: '承認して送信する' }).count()).toBe(0)
    noticePath = new URL(clerk.url()).pathname
    await checkAxe(clerk, 'notice waiting for approval (composer)')
  })

  // -------------------------------------------------------------------------------------------
  // 3. the supervisor approves; 4. the clerk watches it go out

  it('lets a supervisor approve it, and the clerk watch the inbox and LINE deliveries reach 配信済み', async () => {
    expect(noticePath).toMatch(NOTICE_URL)
    const supervisor = await openPage()
    await logInStaff(supervisor, 'supervisor@demo.yakuba.localhost', '監督 一郎')
    await mainNav(supervisor).getByRole('link', { name: 'お知らせ配信' }).click()
    await supervisor.waitForURL(/\/demo\/staff\/notifications$/)
    await checkAxe(supervisor, 'overview with approvals')
    const waiting = supervisor.getByRole('table', { name: /承認待ち/ })
    await waiting.getByRole('link', { name: SUBJECT }).click()
    await supervisor.waitForURL(NOTICE_URL)
    expect(new URL(supervisor.url()).pathname).toBe(noticePath)
    expect(await h1(supervisor).textContent()).toBe(SUBJECT)
    expect(await supervisor.getByRole('main').textContent()).toContain('担当 次郎')
    await checkAxe(supervisor, 'notice waiting for approval (approver)')
    await supervisor.getByRole('button', { name: '承認して送信する' }).click()
    await supervisor.waitForURL(/\?done=approved$/)
    expect(await supervisor.getByText('承認しました。').count()).toBeGreaterThan(0)
    await checkAxe(supervisor, 'notice approved')
    await finishJourney(supervisor)

    // The clerk's progress page: reload until the inbox and LINE rows are all 配信済み.
    await clerk.goto(noticePath)
    expect(await h1(clerk).textContent()).toBe(SUBJECT)
    await checkAxe(clerk, 'progress page')
    const progress = () => clerk.getByRole('table', { name: 'チャネル・状態ごとの件数' })
    const deadline = Date.now() + 45_000
    let line: Record<string, string> = {}
    let inbox: Record<string, string> = {}
    for (;;) {
      try {
        line = await tableRow(progress(), STAFF_LINE)
        inbox = await tableRow(progress(), STAFF_INBOX)
      } catch {
        // the page reloaded itself meanwhile (it does while sending): look again
      }
      const isDone = (row: Record<string, string>) => row['合計'] !== undefined && row['配信済み'] === row['合計']
      if ((isDone(line) && isDone(inbox)) || Date.now() > deadline) break
      await sleep(1000)
      await clerk.goto(noticePath).catch(() => undefined)
    }
    const noticeId = noticePath.split('/').pop() ?? ''
    const why = async () => `deliveries: ${JSON.stringify(await deliveriesOf(noticeId))}`
    expect(line, await why()).toMatchObject({ 配信済み: confirmCounts.line, 合計: confirmCounts.line, 失敗: '0' })
    expect(inbox, await why()).toMatchObject({ 配信済み: confirmCounts.inbox, 合計: confirmCounts.inbox, 失敗: '0' })
    expect(await clerk.getByRole('main').textContent()).toContain('監督 一郎')
    await checkAxe(clerk, 'progress page, delivered')
    await finishJourney(clerk)
  })

  // -------------------------------------------------------------------------------------------
  // 5. the resident receives it

  it('shows the notice in the resident’s お知らせ, and the fake LINE received it for her LINE user', async () => {
    await resident.goto('/demo')
    await checkAxe(resident, 'portal home')
    await mainNav(resident).getByRole('link', { name: 'お知らせ', exact: true }).click()
    await resident.waitForURL(/\/demo\/inbox$/)
    await checkAxe(resident, 'お知らせ')
    const messages = resident.getByRole('table', { name: 'お知らせ' })
    expect(await messages.getByRole('link', { name: SUBJECT }).count()).toBe(1)
    await messages.getByRole('link', { name: SUBJECT }).click()
    await resident.waitForURL(/\/demo\/inbox\/[0-9a-f-]{36}$/)
    expect(await h1(resident).textContent()).toBe(SUBJECT)
    expect(await resident.getByRole('main').textContent()).toContain('南町小学校へ避難してください。')
    await checkAxe(resident, 'the notice in お知らせ')

    const fake = mountedFakeLine(journeys.server.app)
    const sent = (fake?.received ?? []).filter(r => (r.endpoint === 'push' || r.endpoint === 'multicast') && r.to.includes(LINE_USER.userId) && JSON.stringify(r.messages).includes(SUBJECT))
    expect(sent, `LINE requests received: ${JSON.stringify(fake?.received.map(r => ({ endpoint: r.endpoint, to: r.to })))}`).toHaveLength(1)

    await resident.goto('/dev-line')
    const received = resident.getByRole('region', { name: new RegExp(LINE_USER.displayName) })
    expect(await received.textContent()).toContain(SUBJECT)
    await checkAxe(resident, 'fake LINE viewer with the notice')
    await finishJourney(resident)
  })
})
