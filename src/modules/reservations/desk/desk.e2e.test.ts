/**
 * The reservations desk in Debian Chromium against a real Yakuba with デモ市 seeded: a clerk takes
 * a booking by phone for a resident without an account (住民課 窓口来庁予約), checks it in with
 * the code typed the way people type it (lower case, spaces), and opens the utilisation report
 * and its CSV. axe runs on every page loaded; everything is driven by accessible names.
 */
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { addCalendarDays, toDayOfWeek } from '../../../jp/calendar-date.js'
import { isNationalHoliday, isYearEndClosure } from '../../../jp/holidays.js'
import { checkAxe, finishJourney, logInDemoStaff, runE2e, setUpJourneys, totpCodes, warnWhenSkipped } from '../../../../test/e2e-server.js'
import { tokyoDate } from '../reservation-time.js'

warnWhenSkipped('the reservations desk journey in Chromium (src/modules/reservations/desk/desk.e2e.test.ts)')

/** The first working day at least two days ahead (the counter-visit slots are on weekdays, not on holidays). */
function nextWorkingDay(): string {
  let date = addCalendarDays(tokyoDate(new Date()), 2)
  while ([0, 6].includes(toDayOfWeek(date)) || isNationalHoliday(date) || isYearEndClosure(date)) date = addCalendarDays(date, 1)
  return date
}

describe.skipIf(!runE2e)('the reservations desk in Chromium', () => {
  const journeys = setUpJourneys()
  const nextCode = totpCodes()
  const h1 = (page: Page) => page.getByRole('heading', { level: 1 })

  const logIn = (page: Page, email: string) => logInDemoStaff(page, journeys.server.demo, email, nextCode)

  it('books on behalf of a resident by phone, checks the booking in by its typed code, and opens the report', async () => {
    const page = await journeys.openPage()
    await logIn(page, 'clerk@demo.yakuba.localhost')

    await page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: '施設予約', exact: true }).click()
    await page.waitForURL(/\/demo\/staff\/reservations$/)
    expect(await h1(page).textContent()).toBe('施設予約の窓口')
    await checkAxe(page, 'desk overview')

    // 代理予約: choose the counter-visit service and a working day, then its first open slot
    await page.getByRole('link', { name: '代理予約(電話・窓口)' }).click()
    await page.waitForURL(/\/bookings\/new$/)
    await checkAxe(page, 'slot chooser')
    await page.getByLabel('部屋・窓口').selectOption({ label: 'デモ市役所 住民課 窓口来庁予約' })
    await page.getByLabel('利用日').fill(nextWorkingDay())
    await page.getByRole('button', { name: '予約枠を表示する' }).click()
    await page.waitForURL(/\/bookings\/new\?resource=/)
    await checkAxe(page, 'slots of the day')
    await page.getByRole('link', { name: /^この枠で予約する/ }).first().click()
    await page.waitForURL(/\/bookings\/new\?slot=/)
    await checkAxe(page, 'booking form')

    // a first try without the channel is refused with an error summary
    await page.getByLabel('氏名', { exact: true }).fill('電話 予約子')
    await page.getByRole('textbox', { name: '電話番号' }).fill('090-1234-5678')
    await page.getByRole('button', { name: '予約を登録する' }).click()
    await page.waitForURL(/\/bookings\/new$/)
    expect(await page.getByRole('alert').getByRole('link', { name: '電話か窓口かを選んでください。' }).count()).toBe(1)
    await checkAxe(page, 'booking form with errors')

    await page.getByRole('radio', { name: '電話', exact: true }).check()
    await page.getByRole('checkbox', { name: '市内に住んでいる・通勤・通学していることを確認した' }).check()
    await page.getByRole('button', { name: '予約を登録する' }).click()
    await page.waitForURL(/\/bookings\/[0-9a-f-]{36}\?done=created$/)
    expect(await h1(page).textContent()).toMatch(/^予約 R-[0-9A-Z]{3}-[0-9A-Z]{3}-[0-9A-Z]{3}$/)
    expect(await page.getByText('電話 予約子').count()).toBeGreaterThan(0)
    await checkAxe(page, 'the booking just made')
    const reference = ((await h1(page).textContent()) ?? '').replace('予約 ', '')
    const code = ((await page.locator('dd code').first().textContent()) ?? '').trim()
    expect(code).toMatch(/^[0-9A-Z]{10}$/)

    // 受付: typed in lower case with a space, as people type from paper
    await page.getByRole('navigation', { name: '現在の位置' }).getByRole('link', { name: '施設予約' }).click()
    await page.waitForURL(/\/demo\/staff\/reservations$/)
    await checkAxe(page, 'desk overview again')
    await page.getByRole('link', { name: '受付(チェックイン)' }).click()
    await page.waitForURL(/\/check-in$/)
    await checkAxe(page, 'check-in page')
    await page.getByLabel('受付コード(10文字)').fill(`${code.slice(0, 5).toLowerCase()} ${code.slice(5).toLowerCase()}`)
    await page.getByRole('button', { name: '予約を表示する' }).click()
    await page.waitForURL(/\/check-in\?code=/)
    expect(await page.getByText(reference).count()).toBeGreaterThan(0)
    await checkAxe(page, 'check-in card')
    // the slot is not today: the page says so and asks for the date check
    await page.getByRole('checkbox', { name: '利用日ではないことを確認し、受付する' }).check()
    await page.getByRole('button', { name: '受付する', exact: true }).click()
    await page.waitForURL(/\/check-in\?done=/)
    expect(await page.getByRole('alert').textContent()).toContain(`予約 ${reference}`)
    await checkAxe(page, 'checked in')

    // the same permit a second time is refused
    await page.getByLabel('受付コード(10文字)').fill(code)
    await page.getByRole('button', { name: '予約を表示する' }).click()
    await page.waitForURL(/\/check-in\?code=/)
    expect(await page.getByRole('alert').textContent()).toContain('受付済みです')
    await checkAxe(page, 'check-in of a used code')

    // 利用状況レポート, with its CSV
    await page.getByRole('navigation', { name: '現在の位置' }).getByRole('link', { name: '施設予約' }).click()
    await page.waitForURL(/\/demo\/staff\/reservations$/)
    await checkAxe(page, 'desk overview before the report')
    await page.getByRole('link', { name: '利用状況レポート' }).click()
    await page.waitForURL(/\/report$/)
    expect(await h1(page).textContent()).toBe('利用状況レポート')
    expect(await page.getByRole('table', { name: /施設・時間帯ごとの利用状況/ }).count()).toBe(1)
    expect(await page.getByRole('img', { name: /施設・時間帯ごとの稼働率/ }).count()).toBe(1)
    expect(await page.getByRole('rowheader', { name: '市民センター 午前' }).count()).toBe(1)
    await checkAxe(page, 'utilisation report')
    const csvHref = await page.getByRole('link', { name: 'CSVをダウンロード(UTF-8、Excel対応)' }).getAttribute('href')
    const csv = await page.request.get(csvHref ?? '')
    expect(csv.status()).toBe(200)
    const bytes = await csv.body()
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    expect(bytes.toString('utf8')).toContain('市民センター,午前')
    await page.screenshot({ path: '/tmp/e2e-desk-report.png', fullPage: true })
    await finishJourney(page)
  })
})
