/**
 * The waitlist journey in Debian Chromium against a real Yakuba with デモ市 seeded: 山田 太郎 holds
 * the last テニスコート slot; 𠮷田 花子 finds it full and joins the waitlist; 山田 cancels; the
 * seat is held for 花子, whose inbox has the notice with the claim link; she claims it and lands
 * on her booking. A replayed link then gets a clear page. axe runs on every page loaded.
 */
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { checkAxe, finishJourney, runE2e, setUpJourneys, warnWhenSkipped } from '../../../../test/e2e-server.js'
import { withTenant } from '../../../platform/db/tenant-context.js'
import { reservationsDb } from '../reservation-tables.js'

warnWhenSkipped('the waitlist journey in Chromium (src/modules/reservations/waitlist/waitlist.e2e.test.ts)')

describe.skipIf(!runE2e)('waitlist in Chromium', () => {
  const journeys = setUpJourneys()
  const h1 = (page: Page) => page.getByRole('heading', { level: 1 })

  /** A free テニスコート slot 5–20 days ahead that nobody has booked or waits for. */
  async function freeTennisSlot() {
    const { platform } = journeys.server
    const tenant = await platform.tenants.findTenantBySlug('demo')
    if (!tenant) throw new Error('no デモ市')
    return withTenant(platform.database.db, tenant.id, async trx => {
      const db = reservationsDb(trx)
      const resource = await db.selectFrom('reservationResources').select('id').where('tenantId', '=', tenant.id).where('code', '=', 'tennis').executeTakeFirstOrThrow()
      const now = Date.now()
      const slot = await db
        .selectFrom('reservationSlots as s')
        .select('s.id')
        .where('s.tenantId', '=', tenant.id)
        .where('s.resourceId', '=', resource.id)
        .where('s.status', '=', 'open')
        .where('s.lotteryId', 'is', null)
        .whereRef('s.remaining', '=', 's.capacity')
        .where('s.startsAt', '>=', new Date(now + 5 * 86_400_000))
        .where('s.startsAt', '<', new Date(now + 20 * 86_400_000))
        .where(eb => eb.not(eb.exists(eb.selectFrom('reservationWaitlistEntries as w').select('w.id').whereRef('w.slotId', '=', 's.id'))))
        .orderBy('s.startsAt')
        .executeTakeFirstOrThrow()
      return { tenantId: tenant.id, slotId: slot.id }
    })
  }

  async function logInWithCard(page: Page, returnPath: string, cardName: RegExp) {
    await page.goto(`/demo/login?return=${encodeURIComponent(returnPath)}`)
    await checkAxe(page, 'login')
    await page.getByRole('button', { name: 'マイナンバーカードでログイン' }).click()
    await page.waitForURL(/\/dev-idp\/interaction\//)
    await checkAxe(page, 'dev IdP: choose a test card')
    await page.getByRole('radio', { name: cardName }).check()
    await page.getByRole('button', { name: 'このカードでログイン' }).click()
    await page.waitForURL(url => url.pathname === returnPath)
  }

  it('offers a cancelled seat to the waitlisted resident, who claims it from the notice in her inbox', async () => {
    const { slotId } = await freeTennisSlot()
    const slotPath = `/demo/reservations/slots/${slotId}`

    // 山田 太郎 holds the slot
    const holder = await journeys.openPage()
    await logInWithCard(holder, slotPath, /山田 太郎/)
    await checkAxe(holder, 'slot page (open)')
    await holder.getByLabel('人数').fill('2')
    await holder.getByRole('button', { name: '仮押さえする' }).click()
    await holder.waitForURL(/\/demo\/reservations\/my\/[0-9a-f-]{36}$/)
    const holderBooking = holder.url()
    await checkAxe(holder, 'the held booking')

    // 𠮷田 花子 finds it full and joins the waitlist from the slot page
    const waiter = await journeys.openPage()
    await logInWithCard(waiter, slotPath, /𠮷田 花子/)
    await checkAxe(waiter, 'slot page (full)')
    await waiter.getByRole('button', { name: 'キャンセル待ちに登録する' }).click()
    await waiter.waitForURL(/\/demo\/reservations\/waitlist\?done=joined$/)
    expect(await h1(waiter).textContent()).toBe('キャンセル待ち')
    expect(await waiter.getByRole('alert').filter({ hasText: 'キャンセル待ちに登録しました' }).count()).toBe(1)
    expect(await waiter.getByRole('table', { name: 'キャンセル待ちの一覧' }).getByText('空き待ち').count()).toBeGreaterThan(0)
    await checkAxe(waiter, 'my waitlist after joining')

    // the join page (for a party size other than 1) is reachable too
    await waiter.goto(`${slotPath}/waitlist`)
    expect(await h1(waiter).textContent()).toBe('キャンセル待ちに登録')
    expect(await waiter.getByText('この予約枠のキャンセル待ちに登録済みです').count()).toBe(1)
    await checkAxe(waiter, 'join page (already waiting)')

    // 山田 cancels
    await holder.goto(holderBooking)
    await holder.getByRole('link', { name: 'この予約を取り消す' }).click()
    await holder.waitForURL(/\/cancel$/)
    await checkAxe(holder, 'cancel page')
    await holder.getByRole('button', { name: '予約を取り消す' }).click()
    await holder.waitForURL(url => url.pathname === new URL(holderBooking).pathname)
    await checkAxe(holder, 'the cancelled booking')
    await finishJourney(holder)

    // the notice is in 花子's inbox, with the claim link
    await waiter.goto('/demo/inbox')
    await checkAxe(waiter, 'inbox')
    await waiter.getByRole('link', { name: /【キャンセル待ち】席をお取りしています/ }).first().click()
    await waiter.waitForURL(/\/demo\/inbox\/[0-9a-f-]{36}$/)
    expect(await waiter.getByRole('main').textContent()).toContain('あなたのために1人分の席をお取りしています')
    await checkAxe(waiter, 'the waitlist notice')
    await waiter.getByRole('link', { name: /\/demo\/reservations\/waitlist\/claim\// }).click()
    await waiter.waitForURL(/\/demo\/reservations\/waitlist\/claim\/[A-Za-z0-9_-]{43}$/)
    const claimUrl = waiter.url()
    expect(await h1(waiter).textContent()).toBe('キャンセル待ちのご案内')
    await checkAxe(waiter, 'claim page')
    await waiter.getByRole('button', { name: 'この枠を予約する' }).click()
    await waiter.waitForURL(/\/demo\/reservations\/my\/[0-9a-f-]{36}$/)
    expect(waiter.url()).not.toBe(holderBooking)
    await checkAxe(waiter, 'the claimed booking')

    // the link is single-use
    await waiter.goto(claimUrl)
    expect(await h1(waiter).textContent()).toBe('このご案内はお申し込み済みです')
    await checkAxe(waiter, 'used claim link')
    await waiter.getByRole('link', { name: 'キャンセル待ちの一覧へ' }).click()
    await waiter.waitForURL(/\/demo\/reservations\/waitlist$/)
    expect(await waiter.getByRole('table', { name: 'キャンセル待ちの一覧' }).getByText('予約しました').count()).toBe(1)
    await checkAxe(waiter, 'my waitlist after claiming')
    await finishJourney(waiter)
  })

  it('shows the flu vaccination waiting room before the rush opens, without JavaScript', async () => {
    const page = await journeys.openPage({ javaScriptEnabled: false })
    const { platform } = journeys.server
    const tenant = await platform.tenants.findTenantBySlug('demo')
    if (!tenant) throw new Error('no デモ市')
    const slot = await withTenant(platform.database.db, tenant.id, async trx => {
      const db = reservationsDb(trx)
      const resource = await db.selectFrom('reservationResources').select(['id', 'opensAt']).where('tenantId', '=', tenant.id).where('code', '=', 'flu-vaccine').executeTakeFirstOrThrow()
      if (!resource.opensAt || resource.opensAt.getTime() <= Date.now()) return undefined
      return db.selectFrom('reservationSlots').select('id').where('tenantId', '=', tenant.id).where('resourceId', '=', resource.id).where('startsAt', '>', resource.opensAt).orderBy('startsAt').executeTakeFirstOrThrow()
    })
    expect(slot).toBeDefined()
    await page.goto(`/demo/reservations/slots/${slot?.id}`)
    await page.waitForURL(/\/demo\/reservations\/queue\/[0-9a-f-]{36}\?return=/)
    expect(await h1(page).textContent()).toBe('受付開始前')
    expect(await page.getByText('この予約の受付は').count()).toBe(1)
    await checkAxe(page, 'waiting room before the opening')
    await finishJourney(page)
  })
})
