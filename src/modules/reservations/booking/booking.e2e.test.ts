/**
 * A resident books a room in Debian Chromium against a real Yakuba with デモ市 seeded: finds a free
 * meeting room on the vacancy search without logging in, opens the slot, logs in with the test
 * マイナンバーカード, holds the slot, pays online on the fake provider's page (the webhook arrives
 * over the real network), sees the booking confirmed and downloads the 利用許可証 PDF. axe runs on
 * every page loaded, the provider's page included.
 */
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { withTenant } from '../../../platform/db/tenant-context.js'
import { checkAxe, finishJourney, runE2e, setUpJourneys, warnWhenSkipped } from '../../../../test/e2e-server.js'
import { reservationsDb } from '../reservation-tables.js'
import { tokyoDate } from '../reservation-time.js'
import { isClosedOn } from '../setup/index.js'
import { listClosuresOn } from './booking-repository.js'

warnWhenSkipped('the booking journey in Chromium (src/modules/reservations/booking/booking.e2e.test.ts)')

describe.skipIf(!runE2e)('booking journey in Chromium', () => {
  const journeys = setUpJourneys()
  const h1 = (page: Page) => page.getByRole('heading', { level: 1 })

  /** The meeting room A slot the search offers (a free one at least three days out). */
  async function meetingRoomSlotId(): Promise<string> {
    const { platform } = journeys.server
    const tenant = await platform.tenants.findTenantBySlug('demo')
    if (!tenant) throw new Error('no デモ市')
    return withTenant(platform.database.db, tenant.id, async trx => {
      const db = reservationsDb(trx)
      const resource = await db.selectFrom('reservationResources').select(['id', 'facilityId']).where('tenantId', '=', tenant.id).where('code', '=', 'meeting-a').executeTakeFirstOrThrow()
      const facility = await db.selectFrom('reservationFacilities').selectAll().where('tenantId', '=', tenant.id).where('id', '=', resource.facilityId).executeTakeFirstOrThrow()
      const slots = await db
        .selectFrom('reservationSlots')
        .select(['id', 'startsAt'])
        .where('tenantId', '=', tenant.id)
        .where('resourceId', '=', resource.id)
        .where('status', '=', 'open')
        .where('remaining', '>=', 1)
        .where('lotteryId', 'is', null)
        .where('startsAt', '>', new Date(Date.now() + 3 * 86_400_000))
        .orderBy('startsAt')
        .limit(30)
        .execute()
      for (const slot of slots) {
        const date = tokyoDate(slot.startsAt)
        if (!isClosedOn(facility, await listClosuresOn(trx, tenant.id, facility.id, resource.id, date), date, resource.id)) return slot.id
      }
      throw new Error('the demo has no open slot of meeting room A')
    })
  }

  it('finds a room without logging in, logs in, books, pays online and downloads the permit', async () => {
    const page = await journeys.openPage()
    await page.goto('/demo/reservations')
    await checkAxe(page, 'vacancy search')
    const slotId = await meetingRoomSlotId()
    // The search table links every free cell to its slot page; take the one of meeting room A.
    const link = page.locator(`a[href="/demo/reservations/slots/${slotId}"]`)
    if ((await link.count()) > 0) {
      await link.first().click()
    } else {
      // The search shows a week at a time: open meeting room A's own page and its week instead.
      await page.goto(`/demo/reservations/slots/${slotId}`)
    }
    await page.waitForURL(new RegExp(`/demo/reservations/slots/${slotId}$`))
    expect(await h1(page).textContent()).toBe('会議室A')
    expect(await page.getByRole('table', { name: '料金表' }).count()).toBe(1)
    await checkAxe(page, 'slot page (visitor)')

    await page.getByRole('link', { name: 'ログインして予約する' }).click()
    await page.waitForURL(/\/demo\/login/)
    await checkAxe(page, 'login')
    await page.getByRole('button', { name: 'マイナンバーカードでログイン' }).click()
    await page.waitForURL(/\/dev-idp\/interaction\//)
    await checkAxe(page, 'dev IdP: choose a test card')
    await page.getByRole('radio', { name: /山田 太郎/ }).check()
    await page.getByRole('button', { name: 'このカードでログイン' }).click()
    await page.waitForURL(new RegExp(`/demo/reservations/slots/${slotId}$`))
    await checkAxe(page, 'slot page (resident)')

    // The test card's address is in デモ市: the resident rate (1,200 yen for the morning).
    expect(await page.getByRole('main').textContent()).toContain('市内料金')
    await page.getByLabel('人数').fill('12')
    await page.getByRole('radio', { name: '一般' }).check()
    await page.getByRole('button', { name: '仮押さえする' }).click()
    await page.waitForURL(/\/demo\/reservations\/my\/[0-9a-f-]{36}$/)
    expect(await h1(page).textContent()).toBe('予約の詳細')
    expect(await page.getByRole('main').textContent()).toContain('仮押さえ中です')
    await checkAxe(page, 'booking held')

    await page.getByRole('radio', { name: 'オンライン決済' }).check()
    await page.getByRole('button', { name: 'この方法で支払う' }).click()
    await page.waitForURL(/\/dev-pay\/checkout\//)
    expect(await page.getByRole('main').textContent()).toContain('1,200円')
    await checkAxe(page, 'provider checkout page')
    await page.getByRole('button', { name: '支払う' }).click()
    await page.waitForURL(/\/demo\/payments\/[0-9a-f-]{36}\/return/)
    await page.getByRole('heading', { level: 1, name: 'お支払いが完了しました' }).waitFor({ timeout: 15_000 })
    await checkAxe(page, 'payment result')
    await page.getByRole('link', { name: '手続きの画面に戻る' }).click()
    await page.waitForURL(/\/demo\/reservations\/my\/[0-9a-f-]{36}$/)
    expect(await page.getByRole('main').textContent()).toContain('予約確定')
    await checkAxe(page, 'booking confirmed')

    const permitLink = page.getByRole('link', { name: '利用許可証(PDF)をダウンロード' })
    const href = await permitLink.getAttribute('href')
    expect(href).toMatch(/\/permit\.pdf$/)
    const permit = await page.request.get(href ?? '')
    expect(permit.status()).toBe(200)
    expect(permit.headers()['content-type']).toBe('application/pdf')
    expect((await permit.body()).subarray(0, 5).toString()).toBe('%PDF-')

    await page.goto('/demo/reservations/my')
    expect(await h1(page).textContent()).toBe('マイ予約')
    await checkAxe(page, 'my bookings')
    await finishJourney(page)
  })

  it('asks a resident who logged in by email, in English, for the name on the permit, and books in it', async () => {
    const page = await journeys.openPage()
    const slotId = await meetingRoomSlotId()
    const email = `e2e-${Date.now()}@example.jp`
    await page.goto(`/demo/login?return=${encodeURIComponent(`/demo/reservations/slots/${slotId}`)}`)
    await checkAxe(page, 'login')
    await page.getByLabel('メールアドレス', { exact: true }).fill(email)
    await page.getByRole('button', { name: 'ログイン用リンクを送る' }).click()
    await page.waitForURL(/\/demo\/login\/email\/sent$/)
    await checkAxe(page, 'link sent')
    // the development mailbox shows the magic link once the job worker has sent it
    let link: string | undefined
    for (let i = 0; i < 50 && !link; i++) {
      const mailbox = await page.request.get('/demo/dev/mail')
      link = new RegExp(`${email.replace(/[.+]/g, '\\$&')}[\\s\\S]*?(/demo/login/email/verify\\?token=[A-Za-z0-9_-]+)`).exec(await mailbox.text())?.[1]
      if (!link) await page.waitForTimeout(200)
    }
    expect(link, 'magic link in the dev mailbox').toBeDefined()
    await page.goto(link ?? '')
    await checkAxe(page, 'magic link confirmation')
    await page.getByRole('button', { name: 'ログインする' }).click()
    await page.waitForURL(new RegExp(`/demo/reservations/slots/${slotId}$`))
    await checkAxe(page, 'slot page (resident without a name)')
    expect(await page.getByLabel('氏名').count()).toBe(1)

    await page.getByRole('navigation', { name: '言語の切り替え' }).getByRole('link', { name: 'English' }).click()
    await page.waitForURL(new RegExp(`/demo/reservations/slots/${slotId}$`))
    await page.getByLabel('Number of people').fill('3')
    await page.getByRole('button', { name: /hold/i }).click()
    const summary = page.locator('.error-summary')
    await summary.waitFor()
    expect(await summary.textContent()).toContain('Enter your name.')
    await checkAxe(page, 'slot page with the missing name (English)')
    await summary.getByRole('link', { name: 'Enter your name.' }).click()
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('applicantName')

    await page.getByLabel('Full name').fill('Hanako Yoyaku')
    await page.getByRole('button', { name: /hold/i }).click()
    await page.waitForURL(/\/demo\/reservations\/my\/[0-9a-f-]{36}$/)
    await checkAxe(page, 'booking held (English)')
    expect(await page.getByRole('main').textContent()).toContain('Hanako Yoyaku')
    await finishJourney(page)
  })
})
