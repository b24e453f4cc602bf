/**
 * The lottery in Debian Chromium against a real Yakuba with デモ市 seeded: two residents enter
 * the demo アリーナ lottery for the same slot, staff close the applications, draw and publish, the
 * winner confirms the win (pay at the counter) and the draw checks out on the public verification
 * page. axe runs on every page loaded.
 */
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { checkAxe, finishJourney, logInDemoStaff, runE2e, setUpJourneys, totpCodes, warnWhenSkipped } from '../../../../test/e2e-server.js'

warnWhenSkipped('the lottery journey in Chromium (src/modules/reservations/lottery/lottery.e2e.test.ts)')

describe.skipIf(!runE2e)('lottery journey in Chromium', () => {
  const journeys = setUpJourneys()
  const nextCode = totpCodes()
  const h1 = (page: Page) => page.getByRole('heading', { level: 1 })

  async function residentLogIn(page: Page, card: RegExp) {
    await page.goto('/demo/login')
    await checkAxe(page, 'login')
    await page.getByRole('button', { name: 'マイナンバーカードでログイン' }).click()
    await page.waitForURL(/\/dev-idp\/interaction\//)
    await checkAxe(page, 'dev IdP: choose a test card')
    await page.getByRole('radio', { name: card }).check()
    await page.getByRole('button', { name: 'このカードでログイン' }).click()
    await page.waitForURL(/\/demo\/mypage$/)
    await checkAxe(page, 'マイページ')
  }

  const staffLogIn = (page: Page, email: string) => logInDemoStaff(page, journeys.server.demo, email, nextCode)

  /** Opens the demo アリーナ lottery from the list of lotteries. */
  async function openDemoLottery(page: Page) {
    await page.goto('/demo/reservations/lotteries')
    expect(await h1(page).textContent()).toBe('抽選の申込み')
    await checkAxe(page, 'lotteries')
    await page.getByRole('link', { name: /アリーナ 抽選/ }).first().click()
    await page.waitForURL(/\/demo\/reservations\/lotteries\/[0-9a-f-]{36}$/)
    await checkAxe(page, 'lottery detail')
  }

  /** Enters the lottery for a slot (the last one offered, or the one named). Returns the slot's label. */
  async function enterFor(page: Page, slot?: string): Promise<string> {
    const link = slot ? page.getByRole('link', { name: `申し込む ${slot}`, exact: true }) : page.getByRole('link', { name: /^申し込む / }).last()
    const label = ((await link.textContent()) ?? '').replace(/^申し込む\s*/, '').trim()
    await link.click()
    await page.waitForURL(/\/entry$/)
    expect(await h1(page).textContent()).toBe('抽選に申し込む')
    await checkAxe(page, 'entry form')
    // a bad party size is refused with a message in the error summary
    await page.getByLabel('利用人数').fill('0')
    await page.getByRole('button', { name: '申し込む', exact: true }).click()
    expect(await page.getByRole('alert').filter({ hasText: '利用人数を正しく入力してください' }).count()).toBe(1)
    await checkAxe(page, 'entry form with an error')
    await page.getByLabel('利用人数').fill('12')
    await page.getByRole('button', { name: '申し込む', exact: true }).click()
    await page.waitForURL(/\?done=entered$/)
    expect(await page.getByText('抽選に申し込みました。').count()).toBe(1)
    await checkAxe(page, 'lottery detail after entering')
    return label
  }

  /** The resident's entry for the slot on わたしの抽選申込み. */
  async function myEntryRow(page: Page, slot: string) {
    await page.goto('/demo/reservations/lotteries/my')
    expect(await h1(page).textContent()).toBe('わたしの抽選申込み')
    await checkAxe(page, 'my lottery entries')
    return page.getByRole('row').filter({ hasText: slot })
  }

  it('two residents enter, staff draw and publish, the winner confirms, and the draw verifies', async () => {
    const taro = await journeys.openPage()
    await residentLogIn(taro, /山田/)
    await openDemoLottery(taro)
    const slot = await enterFor(taro)
    expect((await (await myEntryRow(taro, slot)).textContent()) ?? '').toContain('申込み済み(抽選前)')

    const hanako = await journeys.openPage()
    await residentLogIn(hanako, /花子/)
    await openDemoLottery(hanako)
    expect(await enterFor(hanako, slot)).toBe(slot)

    const staff = await journeys.openPage()
    await staffLogIn(staff, 'clerk@demo.yakuba.localhost')
    await staff.goto('/demo/staff/reservations/lotteries')
    expect(await h1(staff).textContent()).toBe('抽選')
    await checkAxe(staff, 'staff: lotteries')
    await staff.getByRole('link', { name: /アリーナ 抽選/ }).first().click()
    await staff.waitForURL(/\/staff\/reservations\/lotteries\/[0-9a-f-]{36}$/)
    await checkAxe(staff, 'staff: lottery detail')
    expect(await staff.getByRole('table', { name: `${slot} の申込み` }).getByRole('row').count()).toBe(3)
    await staff.getByRole('button', { name: '申込みを締め切る' }).click()
    await staff.waitForURL(/\?done=closed$/)
    await checkAxe(staff, 'staff: applications closed')
    await staff.getByRole('button', { name: '抽選する' }).click()
    await staff.waitForURL(/\?done=drawn$/)
    await checkAxe(staff, 'staff: drawn')
    expect(await staff.getByText(/^[0-9a-f]{64}$/).count()).toBe(1)

    // nothing shows to residents before publication
    expect((await (await myEntryRow(taro, slot)).textContent()) ?? '').toContain('抽選済み(結果発表前)')

    await staff.getByRole('button', { name: '結果を公表する' }).click()
    await staff.waitForURL(/\?done=published$/)
    await checkAxe(staff, 'staff: published')
    await finishJourney(staff)

    const taroRow = (await (await myEntryRow(taro, slot)).textContent()) ?? ''
    const hanakoRow = (await (await myEntryRow(hanako, slot)).textContent()) ?? ''
    const results = [taroRow, hanakoRow].map(row => (row.includes('当選(確定してください)') ? 'won' : row.includes('落選') ? 'lost' : 'other'))
    expect(results.sort()).toEqual(['lost', 'won'])
    const [winner, loser] = taroRow.includes('当選(確定してください)') ? [taro, hanako] : [hanako, taro]

    // the winner confirms: pay at the counter
    await (await myEntryRow(winner, slot)).getByRole('link', { name: /予約を確定する/ }).click()
    await winner.waitForURL(/\/demo\/reservations\/my\/[0-9a-f-]{36}$/)
    await checkAxe(winner, 'the won booking')
    const counter = winner.getByRole('radio', { name: /窓口払い/ })
    if ((await counter.count()) > 0) {
      await counter.check()
      await winner.getByRole('button', { name: 'この方法で支払う' }).click()
    } else {
      await winner.getByRole('button', { name: '予約を確定する' }).click()
    }
    await winner.waitForURL(/\/demo\/reservations\/my\/[0-9a-f-]{36}/)
    await checkAxe(winner, 'the booking after confirming')
    expect((await (await myEntryRow(winner, slot)).textContent()) ?? '').toContain('当選・予約済み')

    // anyone can check the draw
    await openDemoLottery(loser)
    await loser.getByRole('link', { name: '抽選結果の検証(公正さの確認)' }).click()
    await loser.waitForURL(/\/verify$/)
    expect(await h1(loser).textContent()).toBe('抽選結果の検証')
    expect(await loser.getByText('検証結果:一致しました').count()).toBe(1)
    await checkAxe(loser, 'verification')

    await finishJourney(winner)
    await finishJourney(loser)
  })
})
