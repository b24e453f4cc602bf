/**
 * The public vacancy search in Debian Chromium against a real Yakuba with デモ市 seeded (the setup
 * area's demo: 市民センター with 会議室A, 18 people, projector): searching without logging in,
 * a resource's week, the month calendar with the keyboard (JavaScript on), and the same search
 * with JavaScript off, including a mistyped number. axe runs on every page loaded.
 */
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { addCalendarDays } from '../../../jp/calendar-date.js'
import { checkAxe, finishJourney, runE2e, setUpJourneys, warnWhenSkipped } from '../../../../test/e2e-server.js'
import { tokyoDate } from '../reservation-time.js'

warnWhenSkipped('the vacancy search journeys in Chromium (src/modules/reservations/search/search.e2e.test.ts)')

describe.skipIf(!runE2e)('vacancy search in Chromium', () => {
  const journeys = setUpJourneys()

  async function searchForMeetingRoom(page: Page) {
    await page.goto('/demo/reservations')
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('施設予約')
    await checkAxe(page, 'reservations entry page')
    // the entry page leads to the resident's own pages
    await expect(page.getByRole('navigation', { name: '施設予約のメニュー' }).getByRole('link', { name: 'マイ予約' }).getAttribute('href')).resolves.toBe('/demo/reservations/my')
    await expect(page.getByRole('link', { name: '抽選の申込み' }).getAttribute('href')).resolves.toBe('/demo/reservations/lotteries')

    await page.getByLabel('利用人数').fill('18')
    await page.getByRole('checkbox', { name: 'プロジェクター' }).check()
    await page.getByRole('button', { name: 'この条件で探す' }).click()
    await page.waitForURL(/\/demo\/reservations\?.*capacity=18/)
    await checkAxe(page, 'search results')
    const table = page.getByRole('table', { name: /会議室A/ })
    await table.waitFor()
    expect(await page.getByRole('table', { name: /会議室B/ }).count()).toBe(0)
    // every date is a row header; there is at least one slot to choose or a closed day with its reason
    expect(await table.getByRole('rowheader').count()).toBeGreaterThanOrEqual(7)
    expect(await table.getByRole('columnheader').count()).toBeGreaterThan(1)
    const cells = await table.textContent()
    expect(cells).toMatch(/空き|満|休館/)
    await page.getByRole('link', { name: '会議室A', exact: true }).click()
    await page.waitForURL(/\/demo\/reservations\/resources\/[0-9a-f-]{36}$/)
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('会議室A')
    await checkAxe(page, 'resource page')
    await page.getByRole('table', { name: /会議室Aの料金表/ }).waitFor()
    await page.getByRole('table', { name: /会議室Aの空き状況/ }).waitFor()
  }

  it('finds a room without logging in and moves through its month calendar with the keyboard', async () => {
    const page = await journeys.openPage()
    await searchForMeetingRoom(page)

    const grid = page.getByRole('grid')
    await grid.waitFor()
    await page.getByText(/を表示しています$/).waitFor()
    await checkAxe(page, 'resource page with the month calendar')
    // days speak their state in words: some day this month or next has free times
    const today = tokyoDate(new Date())
    const tabStop = grid.locator('[tabindex="0"]')
    expect(await tabStop.count()).toBe(1)
    expect(await tabStop.getAttribute('data-date')).toBe(today)

    await tabStop.focus()
    await page.keyboard.press('ArrowRight')
    const tomorrow = addCalendarDays(today, 1)
    await page.waitForFunction(date => (document.activeElement as HTMLElement | null)?.dataset.date === date, tomorrow)
    await page.keyboard.press('ArrowDown')
    const weekLater = addCalendarDays(tomorrow, 7)
    await page.waitForFunction(date => (document.activeElement as HTMLElement | null)?.dataset.date === date, weekLater)
    expect(await grid.locator(`[data-date="${weekLater}"]`).textContent()).toMatch(/空き\d+|満|休館|抽選|枠なし/)

    const thisMonthDays = await grid.locator('[data-date]').allTextContents()
    // Page Down shows the next month, keeping the grid's single tab stop
    await page.keyboard.press('PageDown')
    await page.waitForFunction(month => ((document.activeElement as HTMLElement | null)?.dataset.date ?? '').startsWith(month), addCalendarDays(`${weekLater.slice(0, 7)}-01`, 31).slice(0, 7))
    expect(await grid.locator('[tabindex="0"]').count()).toBe(1)
    const nextMonthDays = await grid.locator('[data-date]').allTextContents()
    // the demo has slots for 60 days: some day of these two months has free times
    expect([...thisMonthDays, ...nextMonthDays].some(text => /空き\d+/.test(text))).toBe(true)
    await checkAxe(page, 'month calendar, next month')

    // Page Up comes back; Enter opens the focused day's week in the table
    await page.keyboard.press('PageUp')
    await page.waitForFunction(month => ((document.activeElement as HTMLElement | null)?.dataset.date ?? '').startsWith(month), weekLater.slice(0, 7))
    const chosen = await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.date ?? '')
    await page.keyboard.press('Enter')
    await page.waitForURL(url => url.searchParams.get('week') === chosen)
    const [, month, day] = chosen.split('-').map(Number)
    await page.getByRole('table', { name: new RegExp(`会議室Aの空き状況 ${month}月${day}日`) }).waitFor()
    await checkAxe(page, 'resource page, chosen week')
    await finishJourney(page)
  })

  it('searches the same way with JavaScript off: the table and the week links are the whole page', async () => {
    const page = await journeys.openPage({ javaScriptEnabled: false })
    await searchForMeetingRoom(page)
    expect(await page.locator('.reservations-calendar').isHidden()).toBe(true)
    expect(await page.getByRole('grid').count()).toBe(0)
    await page.getByRole('link', { name: '次の週' }).click()
    await page.waitForURL(/week=\d{4}-\d{2}-\d{2}#week$/)
    await page.getByRole('table', { name: /会議室Aの空き状況/ }).waitFor()
    await checkAxe(page, 'resource page, next week without JavaScript')

    // a mistyped number: 400, the form again with an error summary that links to the field
    await page.goto('/demo/reservations')
    await checkAxe(page, 'reservations entry page again')
    await page.getByLabel('利用人数').fill('十八')
    await page.getByRole('button', { name: 'この条件で探す' }).click()
    await page.waitForURL(/capacity=/)
    const summary = page.getByRole('alert')
    await expect(summary.textContent()).resolves.toContain('利用人数は1から10000までの数字で入力してください')
    expect(await page.getByLabel('利用人数').getAttribute('aria-invalid')).toBe('true')
    expect(await page.getByRole('table').count()).toBe(0)
    await checkAxe(page, 'search with an error')
    await finishJourney(page)
  })
})
