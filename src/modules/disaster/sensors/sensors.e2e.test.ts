/**
 * The sensor dashboard in Debian Chromium against a real Yakuba with デモ市 seeded: a clerk opens
 * the dashboard (map of the three demo sensors, the table, the unacknowledged warnings of the
 * river gauge at 警戒), acknowledges one, opens the river gauge's page with its chart, and
 * registers a new sensor through the form (first with an error). axe runs on every page loaded;
 * map tiles are served locally (no network here).
 */
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { checkAxe, finishJourney, logInDemoStaff, runE2e, setUpJourneys, totpCodes, warnWhenSkipped } from '../../../../test/e2e-server.js'

warnWhenSkipped('the sensor dashboard journey in Chromium (src/modules/disaster/sensors/sensors.e2e.test.ts)')

// A 1×1 transparent PNG stands in for every 地理院タイル.
const TILE = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64')

describe.skipIf(!runE2e)('the sensor dashboard in Chromium', () => {
  const journeys = setUpJourneys()
  const nextCode = totpCodes()
  const h1 = (page: Page) => page.getByRole('heading', { level: 1 })

  const logIn = (page: Page, email: string) => logInDemoStaff(page, journeys.server.demo, email, nextCode)

  it('watches the demo sensors, acknowledges a warning, opens a sensor and registers a new one', async () => {
    const page = await journeys.openPage()
    await page.route('https://cyberjapandata.gsi.go.jp/**', route => route.fulfill({ status: 200, contentType: 'image/png', body: TILE }))
    await logIn(page, 'clerk@demo.yakuba.localhost')

    await page.goto('/demo/staff/disaster/sensors')
    expect(await h1(page).textContent()).toBe('センサー監視')
    // the map: one circle per demo sensor, beside a legend in words
    await page.getByRole('region', { name: /センサーの地図/ }).waitFor()
    await expect.poll(() => page.locator('path.leaflet-interactive').count()).toBe(3)
    expect((await page.getByRole('list', { name: '地図の凡例' }).getByRole('listitem').allTextContents()).map(s => s.trim())).toEqual(['平常', '注意', '警戒', '危険', '通信途絶'])
    const table = page.getByRole('table', { name: 'センサーの一覧と最新の状態' })
    expect(await table.getByRole('row', { name: /日本橋川 一石橋 水位計/ }).textContent()).toContain('警戒')
    await checkAxe(page, 'sensor dashboard')

    // the river rose through 注意 to 警戒: two warnings wait; acknowledge the first
    const open = page.getByRole('table', { name: /未確認の警告 2件/ })
    expect(await open.getByRole('row').count()).toBe(3)
    await open.getByRole('button', { name: /^確認した/ }).first().click()
    await page.waitForURL(/\/sensors\?done=acknowledged$/)
    expect(await page.getByRole('alert').textContent()).toContain('警告を確認済みにしました。')
    expect(await page.getByRole('table', { name: /未確認の警告 1件/ }).count()).toBe(1)
    await checkAxe(page, 'dashboard after acknowledging')

    await table.getByRole('link', { name: '日本橋川 一石橋 水位計' }).click()
    await page.waitForURL(/\/sensors\/[0-9a-f-]{36}$/)
    expect(await h1(page).textContent()).toBe('日本橋川 一石橋 水位計')
    expect(await page.getByRole('img', { name: /日本橋川 一石橋 水位計 の過去24時間/ }).count()).toBe(1)
    expect(await page.getByRole('table', { name: /最近の観測値/ }).getByRole('row').count()).toBe(13)
    await checkAxe(page, 'sensor page')

    // register a sensor: a first try without thresholds is refused with an error summary
    await page.goto('/demo/staff/disaster/sensors')
    await checkAxe(page, 'dashboard again')
    await page.getByRole('link', { name: 'センサーを登録する' }).click()
    await page.waitForURL(/\/sensors\/new$/)
    await checkAxe(page, 'sensor form')
    await page.getByLabel('センサーコード').fill('tokiwa-bridge')
    await page.getByLabel('名称(日本語)').fill('常盤橋 水位計')
    await page.getByRole('button', { name: '登録する' }).click()
    await page.waitForURL(/\/sensors\/new$/)
    expect(await page.getByRole('alert').getByRole('link').count()).toBeGreaterThan(0)
    await checkAxe(page, 'sensor form with errors')

    await page.getByLabel('緯度').fill('35.6866')
    await page.getByLabel('経度').fill('139.7712')
    await page.getByLabel('注意', { exact: true }).fill('2')
    await page.getByLabel('警戒', { exact: true }).fill('3')
    await page.getByLabel('危険', { exact: true }).fill('4')
    await page.getByLabel('戻り幅').fill('0.2')
    await page.getByLabel('ありうる最小値').fill('-1')
    await page.getByLabel('ありうる最大値').fill('10')
    await page.getByRole('checkbox', { name: '北町一丁目' }).check()
    await page.getByRole('button', { name: '登録する' }).click()
    await page.waitForURL(/\/sensors\/new$/)
    expect(await h1(page).textContent()).toBe('センサーを登録しました')
    expect(await page.locator('.secret code').textContent()).toMatch(/^yks_[A-Za-z0-9_-]{43}$/)
    await checkAxe(page, 'sensor key shown once')

    await finishJourney(page)
  })
})
