/**
 * Staff compose in Debian Chromium against a real Yakuba with デモ市 seeded: drawing an area on
 * the map picker (mouse and keyboard), the confirm page's counts, a critical notice from a clerk
 * approved by a supervisor and its progress page, the same compose without JavaScript, and the
 * metrics page. axe runs on every page loaded; map tiles are served locally (no network here).
 */
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { checkAxe, finishJourney, logInDemoStaff, runE2e, setUpJourneys, totpCodes, warnWhenSkipped } from '../../../../test/e2e-server.js'

warnWhenSkipped('the staff compose journeys in Chromium (src/modules/notifications/compose/compose.e2e.test.ts)')

// A 1×1 transparent PNG stands in for every 地理院タイル.
const TILE = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64')

describe.skipIf(!runE2e)('staff compose in Chromium', () => {
  const journeys = setUpJourneys()
  const nextCode = totpCodes()
  const h1 = (page: Page) => page.getByRole('heading', { level: 1 })

  async function openPage(options: { javaScriptEnabled?: boolean } = {}) {
    const page = await journeys.openPage(options)
    await page.route('https://cyberjapandata.gsi.go.jp/**', route => route.fulfill({ status: 200, contentType: 'image/png', body: TILE }))
    return page
  }

  const logIn = (page: Page, email: string) => logInDemoStaff(page, journeys.server.demo, email, nextCode)

  it('draws an area on the map with the mouse and the keyboard, and shows the counts before sending', async () => {
    const page = await openPage()
    await logIn(page, 'clerk@demo.yakuba.localhost')
    await page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: 'お知らせ配信' }).click()
    await page.waitForURL(/\/demo\/staff\/notifications$/)
    expect(await h1(page).textContent()).toBe('お知らせ配信')
    await checkAxe(page, 'notifications overview')

    await page.getByRole('link', { name: 'お知らせを作成' }).first().click()
    await page.waitForURL(/\/notifications\/new$/)
    const map = page.getByRole('application', { name: '範囲を描く地図' })
    await map.waitFor()
    await checkAxe(page, 'compose with the map picker')

    // a district drawn on the map toggles its checkbox (and chooses 地区 as the audience)
    const districts = (await (await page.request.get('/demo/staff/notifications/new/districts.geojson')).json()) as { features: { properties: { name: string } }[] }
    if (districts.features.length > 0) {
      const shape = page.locator('path.leaflet-interactive').first()
      await shape.click()
      expect(await page.getByRole('radio', { name: '地区', exact: true }).isChecked()).toBe(true)
      expect(await page.locator('input[name="districtIds"]:checked').count()).toBe(1)
      await shape.click()
      expect(await page.locator('input[name="districtIds"]:checked').count()).toBe(0)
    }
    await map.scrollIntoViewIfNeeded()
    await page.screenshot({ path: '/tmp/e2e-compose-map.png', fullPage: false })

    await page.getByLabel('件名(日本語)').fill('道路工事のお知らせ')
    await page.getByLabel('本文(日本語)').fill('中央通りで道路工事を行います。')

    // mouse: start drawing, click three points
    await page.getByRole('button', { name: '範囲を描く' }).click()
    const box = await map.boundingBox()
    if (!box) throw new Error('the map has no size')
    for (const [x, y] of [[0.3, 0.3], [0.7, 0.3], [0.5, 0.7]]) await page.mouse.click(box.x + box.width * x, box.y + box.height * y)
    const drawn = JSON.parse(await page.getByLabel('範囲(GeoJSON)').inputValue()) as { type: string; coordinates: number[][][] }
    expect(drawn.type).toBe('Polygon')
    expect(drawn.coordinates[0]).toHaveLength(4)
    expect(drawn.coordinates[0][0]).toEqual(drawn.coordinates[0][3])
    expect(await page.getByRole('radio', { name: '地図で範囲を指定' }).isChecked()).toBe(true)
    await expect.poll(() => page.getByRole('status').filter({ hasText: '点を3個置きました' }).count()).toBe(1)

    // keyboard: clear, then three points at the centre with the map moved between them
    await page.getByRole('button', { name: '範囲を消す' }).click()
    expect(await page.getByLabel('範囲(GeoJSON)').inputValue()).toBe('')
    const centre = page.getByRole('button', { name: '中心に点を置く' })
    // Leaflet pans with an animation: the next point goes at the centre only once the pan has
    // ended (on a busy machine it takes longer), else two points coincide and the area is refused.
    const paneTransform = () => page.locator('.leaflet-map-pane').evaluate(el => (el as HTMLElement).style.transform)
    async function panWith(key: string) {
      const before = await paneTransform()
      await map.focus()
      await page.keyboard.press(key)
      await page.keyboard.press(key)
      let last = ''
      await expect
        .poll(
          async () => {
            const now = await paneTransform()
            const isSettled = now !== before && now === last
            last = now
            return isSettled
          },
          { interval: 150 },
        )
        .toBe(true)
    }
    await centre.focus()
    await page.keyboard.press('Enter')
    await panWith('ArrowRight')
    await centre.focus()
    await page.keyboard.press('Enter')
    await panWith('ArrowDown')
    await centre.focus()
    await page.keyboard.press('Enter')
    const keyed = JSON.parse(await page.getByLabel('範囲(GeoJSON)').inputValue()) as { coordinates: number[][][] }
    expect(keyed.coordinates[0]).toHaveLength(4)
    expect(new Set(keyed.coordinates[0]?.slice(0, 3).map(point => point.join(','))).size).toBe(3)

    await page.getByRole('button', { name: '確認する' }).click()
    await page.waitForURL(/\/confirm$/)
    expect(await h1(page).textContent()).toBe('送信内容の確認')
    expect(await page.getByText(/地図で指定した範囲/).count()).toBeGreaterThan(0)
    expect(await page.getByRole('table', { name: 'チャネルごとの送信件数' }).count()).toBe(1)
    await page.screenshot({ path: '/tmp/e2e-compose-confirm.png', fullPage: true })
    await checkAxe(page, 'confirm page')

    // nobody lives in the drawn triangle: discard the draft
    page.once('dialog', dialog => void dialog.accept())
    await page.getByRole('button', { name: '下書きを破棄する' }).click()
    await page.waitForURL(/\/notifications\?done=discarded$/)
    await checkAxe(page, 'overview after discarding')
    await finishJourney(page)
  })

  it('sends a critical notice from a clerk without JavaScript; a supervisor approves it and watches it go out', async () => {
    const clerk = await openPage({ javaScriptEnabled: false })
    await logIn(clerk, 'clerk@demo.yakuba.localhost')
    await clerk.goto('/demo/staff/notifications/new')
    await checkAxe(clerk, 'compose without JavaScript')
    expect(await clerk.getByRole('application').count()).toBe(0)
    await clerk.getByLabel('件名(日本語)').fill('断水のお知らせ')
    await clerk.getByLabel('本文(日本語)').fill('本日14時から16時まで、東町で断水します。')
    await clerk.getByRole('radio', { name: '緊急' }).check()

    // a self-intersecting area is refused with a clear message
    await clerk.getByRole('radio', { name: '地図で範囲を指定' }).check()
    await clerk.getByLabel('範囲(GeoJSON)').fill(JSON.stringify({ type: 'Polygon', coordinates: [[[139, 35], [140, 36], [140, 35], [139, 36], [139, 35]]] }))
    await clerk.getByRole('button', { name: '確認する' }).click()
    expect(await clerk.getByRole('alert').filter({ hasText: '範囲の線が交差しています' }).count()).toBe(1)
    await checkAxe(clerk, 'compose with errors')

    await clerk.getByRole('radio', { name: '全員' }).check()
    await clerk.getByRole('button', { name: '確認する' }).click()
    await clerk.waitForURL(/\/confirm$/)
    expect(await clerk.getByText('このお知らせは承認が必要です').count()).toBe(1)
    await checkAxe(clerk, 'confirm page without JavaScript')
    await clerk.getByRole('button', { name: '承認を依頼する' }).click()
    await clerk.waitForURL(/done=pendingApproval$/)
    expect(await clerk.getByText('ご自身が作成したお知らせは承認できません').count()).toBe(0)
    expect(await clerk.getByText('承認者の判断を待っています。').count()).toBe(1)
    const noticeUrl = clerk.url().split('?')[0]
    await checkAxe(clerk, 'pending notice, composer view')
    await finishJourney(clerk)

    const supervisor = await openPage()
    await logIn(supervisor, 'supervisor@demo.yakuba.localhost')
    await supervisor.goto('/demo/staff/notifications')
    expect(await supervisor.getByRole('table', { name: /承認待ち/ }).getByRole('link', { name: '断水のお知らせ' }).count()).toBe(1)
    await supervisor.screenshot({ path: '/tmp/e2e-compose-overview.png', fullPage: true })
    await checkAxe(supervisor, 'overview with approvals')
    await supervisor.goto(noticeUrl)
    await checkAxe(supervisor, 'pending notice, approver view')
    await supervisor.getByRole('button', { name: '承認して送信する' }).click()
    await supervisor.waitForURL(/done=approved$/)
    expect(await supervisor.getByRole('table', { name: 'チャネル・状態ごとの件数' }).count()).toBe(1)
    expect(await supervisor.getByRole('img', { name: 'チャネルごとの配信状況' }).count()).toBe(1)
    await supervisor.screenshot({ path: '/tmp/e2e-compose-progress.png', fullPage: true })
    await checkAxe(supervisor, 'progress page')
    // the pump works through it: the inbox deliveries become final while the page is open
    const inboxDelivered = async () => ((await (await supervisor.request.get(`${noticeUrl}/progress.json`)).json()) as { byChannel: { inbox?: { delivered: number } } }).byChannel.inbox?.delivered ?? 0
    await expect.poll(inboxDelivered, { timeout: 30_000 }).toBeGreaterThan(0)

    await supervisor.goto('/demo/staff/notifications/metrics')
    expect(await supervisor.getByRole('img', { name: /チャネルごとの登録率/ }).count()).toBe(1)
    await supervisor.screenshot({ path: '/tmp/e2e-compose-metrics.png', fullPage: true })
    await checkAxe(supervisor, 'metrics')
    await finishJourney(supervisor)
  })

  it('draws the districts on the staff districts page (public/notifications-district-map.js)', async () => {
    const page = await openPage()
    await logIn(page, 'clerk@demo.yakuba.localhost')
    await page.goto('/demo/staff/notifications/districts')
    await page.locator('[data-district-map] path.leaflet-interactive').first().waitFor()
    expect(await page.locator('[data-district-map] path.leaflet-interactive').count()).toBe(6)
    await checkAxe(page, 'districts with their map')
    await finishJourney(page)
  })
})
