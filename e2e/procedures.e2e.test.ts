/**
 * Online procedures end to end in Debian Chromium against a real Yakuba with デモ市 seeded (the
 * five template procedures published):
 *
 * 1. a resident finds 住民票の写し by its reading (じゅうみんひょう), logs in with the My Number
 *    Card on the way, applies for two copies (the address filled from the postal code), submits
 *    (a second submit from a stale tab is harmless), pays 600円 on the fake provider's page and
 *    downloads the 受付票;
 * 2. a clerk claims it and proposes approval; the supervisor and the administrator sign the two
 *    approval steps, which issues the 交付決定通知書;
 * 3. the resident sees the decision, downloads the notice and sees that 市民課 viewed it;
 * 4. the application made with the keyboard alone;
 * 5. the application made with JavaScript disabled (postal lookup by post-back, save and come
 *    back later, paying on the provider's page);
 * 6. bad input: a 5-digit postal code and a birth date in the future.
 *
 * axe runs on every page a journey loads (finishJourney asserts it).
 */
import { readFile } from 'node:fs/promises'
import type { Locator, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { DEMO_PASSWORD } from '../src/platform/cli/seed-demo.js'
import { proceduresCatalog } from '../src/modules/procedures/procedures-catalog.js'
import {
  checkAxe,
  describeFocus,
  finishJourney,
  isFocused,
  problemsOn,
  runE2e,
  setUpJourneys,
  totpCodes,
  trackVisits,
  uncheckedPages,
  warnWhenSkipped,
} from '../test/e2e-server.js'

warnWhenSkipped('the online procedure journeys in Chromium (e2e/procedures.e2e.test.ts)')

const PROCEDURE = '住民票の写し等の交付請求'
const RECEIPT_PATTERN = /^[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{2}$/
const APPLICATION_URL = /\/demo\/applications\/[0-9a-f-]{36}$/

const h1 = (page: Page) => page.getByRole('heading', { level: 1 })
const mainNav = (page: Page) => page.getByRole('navigation', { name: 'メインメニュー' })
const errorSummary = (page: Page) => page.getByRole('alert').filter({ has: page.getByRole('heading', { name: '入力内容に問題があります' }) })

/** Clicks a download link and returns the file (no page is loaded). */
async function download(page: Page, link: Locator): Promise<{ name: string; content: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent('download'), link.click()])
  return { name: file.suggestedFilename(), content: await readFile(await file.path()) }
}

/** The 受付番号 shown on the page. */
async function shownReceiptNumber(page: Page): Promise<string> {
  return ((await page.getByRole('main').getByText(RECEIPT_PATTERN).first().textContent()) ?? '').trim()
}

/** A second tab of a journey's context: every page it loaded was checked, nothing failed. */
async function finishSecondTab(page: Page) {
  expect(uncheckedPages(page)).toEqual([])
  expect(problemsOn(page)).toEqual([])
  await page.close()
}

describe.skipIf(!runE2e)('online procedure journeys in Chromium', () => {
  const journeys = setUpJourneys()
  const nextCode = totpCodes()
  /** Journey 1's application, processed in journey 2 and read in journey 3. */
  let receiptNumber = ''
  let applicationPath = ''

  function demoStaff(email: string) {
    const staff = journeys.server.demo.staff.find(s => s.email === email)
    if (!staff?.totpSecret) throw new Error(`the demo seed has no enrolled ${email}`)
    return { email: staff.email, secret: staff.totpSecret }
  }

  // -------------------------------------------------------------------------------------------
  // resident helpers (mouse)

  /** Portal login page → dev IdP → the chosen card → wherever the login was asked for. */
  async function logInWithCard(page: Page, cardName: RegExp, backTo: RegExp) {
    expect(await h1(page).textContent()).toBe('ログイン')
    await checkAxe(page, 'login')
    await page.getByRole('button', { name: 'マイナンバーカードでログイン' }).click()
    await page.waitForURL(/\/dev-idp\/interaction\//)
    await checkAxe(page, 'dev IdP: choose a test card')
    await page.getByRole('radio', { name: cardName }).check()
    await page.getByRole('button', { name: 'このカードでログイン' }).click()
    await page.waitForURL(backTo)
  }

  /** デモ市 home → オンライン申請 → search by reading → the procedure's page. */
  async function findProcedure(page: Page, words: string, title: string) {
    await page.goto('/demo')
    expect(await h1(page).textContent()).toBe('デモ市のオンライン窓口')
    await checkAxe(page, 'portal home')
    await page.getByRole('main').getByRole('link', { name: /^オンライン申請/ }).click()
    await page.waitForURL(/\/demo\/procedures$/)
    expect(await h1(page).textContent()).toBe('オンライン申請')
    await checkAxe(page, 'procedure catalogue')
    await page.getByRole('search').getByLabel('手続きを探す').fill(words)
    await page.getByRole('search').getByRole('button', { name: '検索' }).click()
    await page.waitForURL(/\/demo\/procedures\?q=/)
    const results = page.getByRole('list', { name: /件の手続き$/ })
    expect(await results.getByRole('link', { name: title }).count(), `「${words}」 should find ${title}`).toBe(1)
    await checkAxe(page, `catalogue: ${words}`)
    await results.getByRole('link', { name: title }).click()
    await page.waitForURL(/\/demo\/procedures\/[a-z-]+$/)
    expect(await h1(page).textContent()).toBe(title)
    await checkAxe(page, 'procedure page')
  }

  /** On a form page: the step heading is right and axe is happy. */
  async function onFormPage(page: Page, title: string, label: string) {
    await page.waitForURL(/\/demo\/applications\/[0-9a-f-]{36}\/pages\/[a-zA-Z]+(\?.*)?$/)
    expect(await h1(page).textContent()).toBe(title)
    await checkAxe(page, label)
  }

  async function continueTo(page: Page) {
    await page.getByRole('button', { name: '次へ進む' }).click()
  }

  /** Page 2 (請求の内容) of 住民票の写し by mouse: 本人のみ, copies, 就職, 生活保護 いいえ. */
  async function fillRequestPage(page: Page, copies: string) {
    await page.getByRole('radio', { name: '本人のみ' }).check()
    await page.getByRole('checkbox', { name: '続柄' }).check()
    await page.getByLabel('通数').fill(copies)
    await page.getByRole('combobox', { name: /^使いみち/ }).selectOption({ label: '就職・勤務先への提出' })
    await page.getByRole('group', { name: /生活保護を受けていて/ }).getByRole('radio', { name: 'いいえ' }).check()
  }

  /** The 受付票 or a notice: a real PDF file. */
  async function expectPdf(page: Page, link: Locator, namePattern: RegExp) {
    const file = await download(page, link)
    expect(file.name).toMatch(namePattern)
    expect(file.content.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    expect(file.content.length).toBeGreaterThan(1000)
  }

  /** Submitted page → 手数料を支払う → オンライン決済 → the provider's page → 支払う → back on the application. */
  async function payOnline(page: Page, amount: string, scriptless: boolean) {
    await page.getByRole('link', { name: '手数料を支払う' }).click()
    await page.waitForURL(/\/demo\/applications\/[0-9a-f-]{36}\/pay$/)
    expect(await h1(page).textContent()).toBe('手数料の支払い')
    expect(await page.getByRole('main').textContent()).toContain(amount)
    await checkAxe(page, 'choose how to pay')
    await page.getByRole('radio', { name: 'オンライン決済(クレジットカード等)' }).check()
    await page.getByRole('button', { name: '次へ' }).click()

    await page.getByRole('heading', { level: 1, name: 'お支払い内容の確認' }).waitFor()
    expect(await page.getByRole('main').textContent()).toContain(amount)
    await checkAxe(page, 'provider checkout page')
    await page.getByRole('button', { name: '支払う' }).click()
    await page.waitForURL(/\/demo\/payments\/[0-9a-f-]{36}\/return/)
    const done = page.getByRole('heading', { level: 1, name: 'お支払いが完了しました' })
    if (scriptless) {
      // Without JavaScript the 確認中 page offers a link to look again.
      for (let i = 0; i < 20 && !(await done.isVisible()); i++) {
        await checkAxe(page, 'payment result (waiting, no JS)')
        await new Promise(resolve => setTimeout(resolve, 500))
        await page.getByRole('link', { name: '最新の状態を表示する' }).click()
        await page.waitForLoadState('load')
      }
    }
    await done.waitFor({ timeout: 15_000 })
    await checkAxe(page, 'payment result')
    await page.getByRole('link', { name: '手続きの画面に戻る' }).click()
    await page.waitForURL(APPLICATION_URL)
    expect(await h1(page).textContent()).toBe(PROCEDURE)
    await checkAxe(page, 'application page after paying')
  }

  // -------------------------------------------------------------------------------------------
  // staff helpers

  async function logInStaff(page: Page, email: string, secret: string, displayName: string) {
    await page.goto('/demo/staff/login')
    expect(await h1(page).textContent()).toBe('職員ログイン')
    await checkAxe(page, 'staff login')
    await page.getByLabel('メールアドレス', { exact: true }).fill(email)
    await page.getByLabel('パスワード', { exact: true }).fill(DEMO_PASSWORD)
    await page.getByRole('button', { name: 'ログイン', exact: true }).click()
    await page.waitForURL(/\/demo\/staff\/mfa$/)
    await checkAxe(page, 'staff MFA code')
    await page.getByLabel('確認コード').fill(await nextCode(secret))
    await page.getByRole('button', { name: '確認する' }).click()
    await page.waitForURL(/\/demo\/staff$/)
    expect(await h1(page).textContent()).toBe(`${displayName}さん、こんにちは`)
    await checkAxe(page, 'staff console home')
  }

  async function logOutStaff(page: Page) {
    await mainNav(page).getByRole('button', { name: 'ログアウト' }).click()
    await page.waitForURL(/\/demo\/staff\/login$/)
    await checkAxe(page, 'staff login after logout')
  }

  /** 申請の処理 → 受付一覧 → the application with this receipt number → its detail page. */
  async function openFromInbox(page: Page, receipt: string) {
    await mainNav(page).getByRole('link', { name: '申請の処理' }).click()
    await page.waitForURL(/\/demo\/staff\/applications$/)
    expect(await h1(page).textContent()).toBe('申請の受付一覧')
    await checkAxe(page, 'inbox')
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: receipt }) })
    expect(await row.count(), `the inbox should list ${receipt}`).toBe(1)
    expect(await row.textContent()).toContain(PROCEDURE)
    await row.getByRole('link', { name: receipt }).click()
    await page.waitForURL(/\/demo\/staff\/applications\/[0-9a-f-]{36}$/)
    expect(await h1(page).textContent()).toBe(PROCEDURE)
    await checkAxe(page, 'application detail (staff)')
  }

  /** The staff detail page's summary value for a key (受付番号, 状況, 担当者…). */
  function summaryValue(page: Page, key: string) {
    const term = page.getByRole('term').filter({ hasText: new RegExp(`^${key}$`) })
    return page.getByRole('main').locator('dl').first().locator('.summary-list__row').filter({ has: term }).getByRole('definition').first()
  }

  async function expectDone(page: Page, done: string, message: string) {
    await page.waitForURL(new RegExp(`/demo/staff/applications/[0-9a-f-]{36}\\?done=${done}$`))
    expect(await page.getByText(message).isVisible()).toBe(true)
    await checkAxe(page, `application detail after ${done}`)
  }

  // -------------------------------------------------------------------------------------------
  // 1. apply and pay

  it('lets a resident find 住民票の写し by its reading, apply for two copies, pay online and download the 受付票', async () => {
    const page = await journeys.openPage()
    await findProcedure(page, 'じゅうみんひょう', PROCEDURE)
    expect(await page.getByRole('main').textContent()).toContain('住民票の写し 手数料 1件300円')

    // Applying needs a login: the card login brings the resident back to the start page.
    await page.getByRole('link', { name: '申請を始める' }).click()
    await page.waitForURL(/\/demo\/login\?return=/)
    await logInWithCard(page, /山田 太郎/, /\/demo\/procedures\/juminhyo-copy\/apply$/)
    expect(await h1(page).textContent()).toBe(PROCEDURE)
    await checkAxe(page, 'start page')
    await page.getByRole('button', { name: '申請を始める' }).click()

    // Page 1: the name comes from the card; the address fills itself from the postal code.
    await onFormPage(page, '請求する人', 'page 1: applicant')
    expect(await page.getByText('4ステップ中1').count()).toBe(1)
    expect(await page.getByLabel('姓', { exact: true }).inputValue()).toBe('山田')
    expect(await page.getByLabel('名', { exact: true }).inputValue()).toBe('太郎')
    const familyKana = page.getByLabel('セイ(カタカナ)')
    if ((await familyKana.inputValue()) === '') await familyKana.fill('ヤマダ')
    const givenKana = page.getByLabel('メイ(カタカナ)')
    if ((await givenKana.inputValue()) === '') await givenKana.fill('タロウ')
    const postal = page.getByLabel('郵便番号')
    await postal.fill('')
    await postal.pressSequentially('1000001')
    await expect.poll(() => page.getByLabel('市区町村').inputValue(), { timeout: 10_000 }).toBe('千代田区')
    expect(await page.getByLabel('都道府県').inputValue()).toBe('東京都')
    expect(await page.getByLabel('町域').inputValue()).toBe('千代田')
    expect(page.url()).toMatch(/\/pages\/applicant$/)
    await page.getByLabel('番地', { exact: true }).fill('1-1')
    await page.getByLabel('日中に連絡がとれる電話番号').fill('03-1234-5678')
    await continueTo(page)

    await onFormPage(page, '請求の内容', 'page 2: request')
    await fillRequestPage(page, '2')
    await continueTo(page)

    await onFormPage(page, '受け取り方法', 'page 3: delivery')
    await page.getByRole('radio', { name: '郵送(住民登録の住所へ)' }).check()
    await continueTo(page)

    // Check your answers: the fee is 300円 × 2 = 600円.
    await page.waitForURL(/\/demo\/applications\/[0-9a-f-]{36}\/check$/)
    expect(await h1(page).textContent()).toBe('入力内容の確認')
    const main = page.getByRole('main')
    expect(await main.textContent()).toContain('300円 × 2 = 600円')
    expect(await main.textContent()).toContain('千代田区')
    expect(await main.textContent()).toContain('本人のみ')
    await checkAxe(page, 'check your answers')
    const checkUrl = page.url()

    // A second tab holds the same page (a back button, a retry): its submit must do no harm.
    const stale = trackVisits(await page.context().newPage())
    await stale.goto(checkUrl)
    await checkAxe(stale, 'check your answers (second tab)')

    await page.getByRole('checkbox', { name: /記載した内容に誤りはありません/ }).check()
    await page.getByRole('button', { name: '同意して申請する' }).click()
    await page.waitForURL(/\/demo\/applications\/[0-9a-f-]{36}\/submitted$/)
    expect(await h1(page).textContent()).toBe('申請を受け付けました')
    receiptNumber = await shownReceiptNumber(page)
    expect(receiptNumber).toMatch(RECEIPT_PATTERN)
    await checkAxe(page, 'submitted')
    const submittedUrl = page.url()

    await stale.getByRole('checkbox', { name: /記載した内容に誤りはありません/ }).check()
    await stale.getByRole('button', { name: '同意して申請する' }).click()
    await stale.waitForURL(/\/submitted$/)
    expect(stale.url()).toBe(submittedUrl)
    expect(await shownReceiptNumber(stale)).toBe(receiptNumber)
    await checkAxe(stale, 'submitted (second tab)')
    await finishSecondTab(stale)

    // Pay 600円 on the provider's page.
    await payOnline(page, '600円', false)
    applicationPath = new URL(page.url()).pathname
    const fee = page.getByRole('region', { name: '手数料' })
    expect(await fee.textContent()).toContain('支払い状況: 支払い済み')
    expect(await page.getByRole('main').textContent()).toContain(receiptNumber)
    await expectPdf(page, page.getByRole('link', { name: '受付票(PDF)をダウンロード' }), new RegExp(`^receipt-${receiptNumber}\\.pdf$`))

    // One application in 申請の一覧, with the one receipt number.
    await page.getByRole('link', { name: '申請の一覧' }).click()
    await page.waitForURL(/\/demo\/applications$/)
    expect(await h1(page).textContent()).toBe('申請の一覧')
    await checkAxe(page, 'my applications')
    const rows = page.getByRole('table', { name: 'あなたの申請' }).getByRole('row').filter({ hasText: PROCEDURE })
    expect(await rows.count()).toBe(1)
    expect(await rows.textContent()).toContain(receiptNumber)
    await finishJourney(page)
  })

  // -------------------------------------------------------------------------------------------
  // 2. two-step approval

  it('lets a clerk propose approval, and the supervisor and the administrator sign the two steps', async () => {
    expect(receiptNumber, 'journey 1 must have submitted an application').toMatch(RECEIPT_PATTERN)
    const clerk = demoStaff('clerk@demo.yakuba.localhost')
    const supervisor = demoStaff('supervisor@demo.yakuba.localhost')
    const admin = demoStaff('admin@demo.yakuba.localhost')
    const page = await journeys.openPage()

    await logInStaff(page, clerk.email, clerk.secret, '担当 次郎')
    await openFromInbox(page, receiptNumber)
    expect(await page.getByRole('main').textContent()).toContain('支払済み')
    await page.getByRole('button', { name: '自分が担当する' }).click()
    await expectDone(page, 'claimed', 'この申請の担当になりました。')
    expect(await summaryValue(page, '担当者').textContent()).toBe('担当 次郎')
    expect(await page.getByRole('button', { name: '自分が担当する' }).count()).toBe(0)

    const proposal = page.locator('form').filter({ has: page.getByRole('button', { name: '決裁に回す' }) })
    expect(await proposal.getByRole('heading').textContent()).toBe('決定案を作成して決裁に回す(2段階の決裁)')
    await proposal.getByRole('radio', { name: '承認(交付決定)' }).check()
    await proposal.getByLabel('理由・備考').fill('本人確認済み。')
    await proposal.getByRole('button', { name: '決裁に回す' }).click()
    await expectDone(page, 'proposed', '決定案を決裁に回しました。')
    expect(await summaryValue(page, '状況').textContent()).toBe('決裁待ち')
    // The clerk proposed and holds no approval authority: nothing to sign here.
    expect(await page.getByRole('button', { name: /段階を決裁する/ }).count()).toBe(0)
    expect(await page.getByText('あなたには決裁の権限がありません。').isVisible()).toBe(true)
    await logOutStaff(page)

    await logInStaff(page, supervisor.email, supervisor.secret, '監督 一郎')
    await openFromInbox(page, receiptNumber)
    await page.getByRole('button', { name: '第1段階を決裁する' }).click()
    await expectDone(page, 'signed', '決裁しました。')
    expect(await summaryValue(page, '状況').textContent()).toBe('決裁待ち')
    // One person signs one step of a round: the supervisor cannot sign step 2 as well.
    expect(await page.getByRole('button', { name: '第2段階を決裁する' }).count()).toBe(0)
    expect(await page.getByText('あなたはこの段階を決裁できません', { exact: false }).isVisible()).toBe(true)
    await logOutStaff(page)

    await logInStaff(page, admin.email, admin.secret, '管理 花子')
    await openFromInbox(page, receiptNumber)
    await page.getByRole('button', { name: '第2段階を決裁する' }).click()
    await expectDone(page, 'decided', '決定しました。通知書を発行し、申請者に通知しました。')
    expect(await summaryValue(page, '状況').textContent()).toBe('承認')
    expect(await summaryValue(page, '決定').textContent()).toBe('承認(交付決定)')
    const signed = page.getByRole('table', { name: '第1回の決裁' })
    expect(await signed.getByRole('row').filter({ hasText: '第1段階' }).textContent()).toContain('監督 一郎')
    expect(await signed.getByRole('row').filter({ hasText: '第2段階' }).textContent()).toContain('管理 花子')
    const documents = page.getByRole('region', { name: '発行した文書' })
    expect(await documents.getByRole('link', { name: '交付決定通知書' }).count()).toBe(1)
    await logOutStaff(page)
    await finishJourney(page)
  })

  // -------------------------------------------------------------------------------------------
  // 3. the resident reads the decision

  it('shows the resident the decision, the notice to download and that 市民課 viewed the application', async () => {
    expect(applicationPath, 'journey 1 must have submitted an application').toMatch(APPLICATION_URL)
    const page = await journeys.openPage()
    await page.goto(applicationPath)
    await page.waitForURL(/\/demo\/login\?return=/)
    await logInWithCard(page, /山田 太郎/, APPLICATION_URL)
    expect(await h1(page).textContent()).toBe(PROCEDURE)
    await checkAxe(page, 'application page with the decision')
    expect(await page.getByText('申請は承認されました').isVisible()).toBe(true)
    expect(await page.getByRole('main').textContent()).toContain(receiptNumber)

    const documents = page.getByRole('region', { name: '書類' })
    await expectPdf(page, documents.getByRole('link', { name: '交付決定通知書' }), new RegExp(`^notice-${receiptNumber}\\.pdf$`))
    const views = page.getByRole('table', { name: 'この申請を閲覧した部署' })
    expect(await views.getByRole('cell', { name: '市民課', exact: true }).count()).toBeGreaterThan(0)
    await finishJourney(page)
  })

  // -------------------------------------------------------------------------------------------
  // 4. keyboard only

  it('can be done with the keyboard alone, and moves the focus to the error summary when the declaration is missing', async () => {
    const page = await journeys.openPage()
    const keys = page.keyboard

    /** Presses Tab (or Shift+Tab) until the element has the focus, which it shows; fails after `max` presses. */
    async function tabTo(target: Locator, label: string, { max = 40, back = false } = {}) {
      for (let i = 0; i < max; i++) {
        await keys.press(back ? 'Shift+Tab' : 'Tab')
        if (await isFocused(target)) {
          const shown = await target.evaluate(element => {
            const style = getComputedStyle(element)
            return (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2) || style.boxShadow !== 'none'
          })
          expect(shown, `${label} should show that it has the focus`).toBe(true)
          return
        }
      }
      throw new Error(`Tab never reached ${label}; the focus is on ${await describeFocus(page)}`)
    }
    async function typeInto(target: Locator, label: string, text: string, { clear = false } = {}) {
      await tabTo(target, label)
      if (clear) {
        // Select what is there and type over it (the keyboard's own way of replacing a value).
        await keys.press('Control+A')
        await keys.press('Backspace')
      }
      await keys.type(text)
    }
    async function enterOn(target: Locator, label: string, url: RegExp) {
      await tabTo(target, label)
      await Promise.all([page.waitForURL(url), keys.press('Enter')])
    }

    await page.goto('/demo/procedures')
    await checkAxe(page, 'procedure catalogue')
    await typeInto(page.getByLabel('手続きを探す'), 'the search field', 'ジュウミンヒョウ')
    await keys.press('Enter')
    await page.waitForURL(/\/demo\/procedures\?q=/)
    await checkAxe(page, 'catalogue: ジュウミンヒョウ')
    await enterOn(page.getByRole('link', { name: PROCEDURE }), 'the procedure link', /\/demo\/procedures\/juminhyo-copy$/)
    await checkAxe(page, 'procedure page')
    await enterOn(page.getByRole('link', { name: '申請を始める' }), 'the start link', /\/demo\/login\?return=/)
    await checkAxe(page, 'login')
    await tabTo(page.getByRole('button', { name: 'マイナンバーカードでログイン' }), 'the card login button')
    await Promise.all([page.waitForURL(/\/dev-idp\/interaction\//), keys.press('Enter')])
    await checkAxe(page, 'dev IdP')
    await tabTo(page.getByRole('radio', { name: /山田 太郎/ }), 'the first card')
    const sato = page.getByRole('radio', { name: /佐藤 健一/ })
    for (let i = 0; i < 5 && !(await isFocused(sato)); i++) await keys.press('ArrowDown')
    expect(await sato.isChecked()).toBe(true)
    await enterOn(page.getByRole('button', { name: 'このカードでログイン' }), 'the card submit button', /\/demo\/procedures\/juminhyo-copy\/apply$/)
    await checkAxe(page, 'start page')
    await enterOn(page.getByRole('button', { name: '申請を始める' }), 'the start button', /\/pages\/applicant$/)
    await checkAxe(page, 'page 1: applicant')

    expect(await page.getByLabel('姓', { exact: true }).inputValue()).toBe('佐藤')
    const familyKana = page.getByLabel('セイ(カタカナ)')
    if ((await familyKana.inputValue()) === '') await typeInto(familyKana, 'セイ', 'サトウ')
    const givenKana = page.getByLabel('メイ(カタカナ)')
    if ((await givenKana.inputValue()) === '') await typeInto(givenKana, 'メイ', 'ケンイチ')
    await typeInto(page.getByLabel('郵便番号'), '郵便番号', '1000001', { clear: true })
    await expect.poll(() => page.getByLabel('都道府県').inputValue(), { timeout: 10_000 }).toBe('東京都')
    await typeInto(page.getByLabel('番地', { exact: true }), '番地', '2-2', { clear: true })
    const phone = page.getByLabel('日中に連絡がとれる電話番号')
    await typeInto(phone, 'the phone field', '090-1234-5678', { clear: true })
    // Shift+Tab walks back through the address in reading order.
    await tabTo(page.getByLabel('建物名・部屋番号'), 'the building field (Shift+Tab)', { max: 1, back: true })
    await tabTo(page.getByLabel('番地', { exact: true }), 'the street field (Shift+Tab)', { max: 1, back: true })
    await tabTo(phone, 'the phone field again', { max: 2 })
    await enterOn(page.getByRole('button', { name: '次へ進む' }), 'the continue button', /\/pages\/request$/)
    await checkAxe(page, 'page 2: request')

    // A radio group is one tab stop; the arrow keys choose, Space ticks a checkbox.
    await tabTo(page.getByRole('radio', { name: '世帯全員' }), 'the first scope radio')
    await keys.press('ArrowDown')
    expect(await page.getByRole('radio', { name: '本人のみ' }).isChecked()).toBe(true)
    await tabTo(page.getByRole('checkbox', { name: '続柄' }), 'the 続柄 checkbox')
    await keys.press('Space')
    expect(await page.getByRole('checkbox', { name: '続柄' }).isChecked()).toBe(true)
    await typeInto(page.getByLabel('通数'), '通数', '1')
    const purpose = page.getByRole('combobox', { name: /^使いみち/ })
    await tabTo(purpose, '使いみち')
    await keys.press('ArrowDown')
    expect(await purpose.inputValue()).toBe('employment')
    const welfare = page.getByRole('group', { name: /生活保護を受けていて/ })
    await tabTo(welfare.getByRole('radio', { name: 'いいえ' }), 'the first welfare radio')
    await keys.press('Space')
    expect(await welfare.getByRole('radio', { name: 'いいえ' }).isChecked()).toBe(true)
    await enterOn(page.getByRole('button', { name: '次へ進む' }), 'the continue button', /\/pages\/delivery$/)
    await checkAxe(page, 'page 3: delivery')

    const post = page.getByRole('radio', { name: '郵送(住民登録の住所へ)' })
    await tabTo(post, 'the first delivery radio')
    await keys.press('Space')
    expect(await post.isChecked()).toBe(true)
    await enterOn(page.getByRole('button', { name: '次へ進む' }), 'the continue button', /\/check$/)
    expect(await page.getByRole('main').textContent()).toContain('300円 × 1 = 300円')
    await checkAxe(page, 'check your answers')

    // Sending without the declaration: the error summary takes the focus, its link leads to the box.
    await enterOn(page.getByRole('button', { name: '同意して申請する' }), 'the submit button', /\/submit$/)
    expect(await h1(page).textContent()).toBe('入力内容の確認')
    expect(await page.title()).toMatch(/^エラー: /)
    const summary = errorSummary(page)
    await expect.poll(() => isFocused(summary), { timeout: 10_000 }).toBe(true)
    await checkAxe(page, 'check your answers with an error')
    const declaration = page.getByRole('checkbox', { name: /記載した内容に誤りはありません/ })
    await tabTo(summary.getByRole('link', { name: proceduresCatalog.ja['procedures.check.declarationRequired'] }), 'the error link')
    await keys.press('Enter')
    expect(await isFocused(declaration), `focus should be on the declaration, is on ${await describeFocus(page)}`).toBe(true)
    await keys.press('Space')
    expect(await declaration.isChecked()).toBe(true)
    await enterOn(page.getByRole('button', { name: '同意して申請する' }), 'the submit button', /\/submitted$/)
    expect(await h1(page).textContent()).toBe('申請を受け付けました')
    expect(await shownReceiptNumber(page)).toMatch(RECEIPT_PATTERN)
    await checkAxe(page, 'submitted')
    await finishJourney(page)
  })

  // -------------------------------------------------------------------------------------------
  // 5. without JavaScript

  it('works without JavaScript: postal lookup by post-back, save and come back later, submit and pay', async () => {
    const page = await journeys.openPage({ javaScriptEnabled: false })
    await findProcedure(page, 'じゅうみんひょう', PROCEDURE)
    await page.getByRole('link', { name: '申請を始める' }).click()
    await page.waitForURL(/\/demo\/login\?return=/)
    await logInWithCard(page, /𠮷田 花子/, /\/demo\/procedures\/juminhyo-copy\/apply$/)
    await checkAxe(page, 'start page (no JS)')
    await page.getByRole('button', { name: '申請を始める' }).click()
    await onFormPage(page, '請求する人', 'page 1 (no JS)')
    expect(await page.getByLabel('姓', { exact: true }).inputValue()).toBe('𠮷田')

    // The lookup button posts the form; the server fills the address and keeps what was typed.
    await page.getByLabel('日中に連絡がとれる電話番号').fill('080-2222-3333')
    await page.getByLabel('郵便番号').fill('100-0001')
    await page.getByRole('button', { name: '住所を検索' }).click()
    await page.waitForLoadState('load')
    expect(await page.getByLabel('都道府県').inputValue()).toBe('東京都')
    expect(await page.getByLabel('市区町村').inputValue()).toBe('千代田区')
    expect(await page.getByLabel('町域').inputValue()).toBe('千代田')
    // (the number comes back as its digits: the form keeps the normalised value)
    expect((await page.getByLabel('日中に連絡がとれる電話番号').inputValue()).replace(/-/g, '')).toBe('08022223333')
    expect(await page.getByText(proceduresCatalog.ja['procedures.form.address.foundServer']).isVisible()).toBe(true)
    await checkAxe(page, 'page 1 after the postal lookup (no JS)')
    const familyKana = page.getByLabel('セイ(カタカナ)')
    if ((await familyKana.inputValue()) === '') await familyKana.fill('ヨシダ')
    const givenKana = page.getByLabel('メイ(カタカナ)')
    if ((await givenKana.inputValue()) === '') await givenKana.fill('ハナコ')
    await page.getByLabel('番地', { exact: true }).fill('3-3')

    // Save and come back later: the draft is in 申請の一覧 and opens where it was left.
    await page.getByRole('button', { name: '保存してあとで続ける' }).click()
    await page.waitForURL(/\/demo\/applications\?saved=1$/)
    expect(await h1(page).textContent()).toBe('申請の一覧')
    await checkAxe(page, 'my applications with a draft (no JS)')
    const draft = page.getByRole('row').filter({ hasText: PROCEDURE })
    expect(await draft.textContent()).toContain('(未送信)')
    await draft.getByRole('link', { name: PROCEDURE }).click()
    await onFormPage(page, '請求する人', 'page 1 resumed (no JS)')
    expect(await page.getByLabel('市区町村').inputValue()).toBe('千代田区')
    expect(await page.getByLabel('番地', { exact: true }).inputValue()).toBe('3-3')
    expect((await page.getByLabel('日中に連絡がとれる電話番号').inputValue()).replace(/-/g, '')).toBe('08022223333')
    await continueTo(page)

    await onFormPage(page, '請求の内容', 'page 2 (no JS)')
    await fillRequestPage(page, '3')
    await continueTo(page)
    await onFormPage(page, '受け取り方法', 'page 3 (no JS)')
    await page.getByRole('radio', { name: '窓口で受け取る' }).check()
    await continueTo(page)
    await page.waitForURL(/\/check$/)
    expect(await page.getByRole('main').textContent()).toContain('300円 × 3 = 900円')
    await checkAxe(page, 'check your answers (no JS)')
    await page.getByRole('checkbox', { name: /記載した内容に誤りはありません/ }).check()
    await page.getByRole('button', { name: '同意して申請する' }).click()
    await page.waitForURL(/\/submitted$/)
    expect(await shownReceiptNumber(page)).toMatch(RECEIPT_PATTERN)
    await checkAxe(page, 'submitted (no JS)')

    await payOnline(page, '900円', true)
    expect(await page.getByRole('region', { name: '手数料' }).textContent()).toContain('支払い状況: 支払い済み')
    await finishJourney(page)
  })

  // -------------------------------------------------------------------------------------------
  // 6. bad input

  it('explains a 5-digit postal code and a birth date in the future in an error summary that links to the field', async () => {
    const page = await journeys.openPage()
    await page.goto('/demo/procedures/juminhyo-copy/apply')
    await page.waitForURL(/\/demo\/login\?return=/)
    await logInWithCard(page, /髙橋 ヨシ/, /\/demo\/procedures\/juminhyo-copy\/apply$/)
    await checkAxe(page, 'start page')
    await page.getByRole('button', { name: '申請を始める' }).click()
    await onFormPage(page, '請求する人', 'page 1')

    // The lookup fires only at seven digits: five are left as typed.
    await page.getByLabel('郵便番号').fill('10000')
    await page.getByLabel('日中に連絡がとれる電話番号').fill('03-9999-0000')
    await continueTo(page)
    await page.waitForURL(/\/pages\/applicant$/)
    expect(await page.title()).toMatch(/^エラー: 請求する人 - /)
    const summary = errorSummary(page)
    await expect.poll(() => isFocused(summary), { timeout: 10_000 }).toBe(true)
    const postalError = summary.getByRole('link', { name: proceduresCatalog.ja['procedures.validation.postalCode'] })
    expect(await postalError.count()).toBe(1)
    const postal = page.getByLabel('郵便番号')
    expect(await postal.inputValue()).toBe('10000')
    expect(await postal.getAttribute('aria-invalid')).toBe('true')
    await checkAxe(page, 'page 1 with an error')
    await postalError.click()
    expect(await isFocused(postal), `focus should be on 郵便番号, is on ${await describeFocus(page)}`).toBe(true)

    // A dog born in the future: Chromium's date input offers a picker (no 和暦 can be typed
    // there), so the bad date is one after the field's latest day (today).
    await page.goto('/demo/procedures/dog-registration/apply')
    await checkAxe(page, 'dog registration: start page')
    await page.getByRole('button', { name: '申請を始める' }).click()
    await onFormPage(page, '飼い主(所有者)', 'dog registration: owner')
    const ownerKana = page.getByLabel('セイ(カタカナ)')
    if ((await ownerKana.count()) > 0 && (await ownerKana.inputValue()) === '') await ownerKana.fill('タカハシ')
    const ownerGivenKana = page.getByLabel('メイ(カタカナ)')
    if ((await ownerGivenKana.count()) > 0 && (await ownerGivenKana.inputValue()) === '') await ownerGivenKana.fill('ヨシ')
    const ownerPostal = page.getByLabel('郵便番号')
    await ownerPostal.fill('')
    await ownerPostal.pressSequentially('1000001')
    await expect.poll(() => page.getByLabel('都道府県').inputValue(), { timeout: 10_000 }).toBe('東京都')
    await page.getByLabel('番地', { exact: true }).fill('5-8')
    await page.getByLabel('電話番号').fill('03-9999-0000')
    await page.getByLabel('メールアドレス').fill('yoshi@example.jp')
    await continueTo(page)
    await onFormPage(page, '登録する犬', 'dog registration: dog')
    await page.getByLabel('犬の名前').fill('ポチ')
    await page.getByLabel('犬種').fill('柴')
    await page.getByLabel('毛色').fill('赤')
    await page.getByRole('radio', { name: 'オス' }).check()
    await page.getByLabel('生年月日').fill('2099-04-01')
    await continueTo(page)
    await page.waitForURL(/\/pages\/dog$/)
    expect(await page.title()).toMatch(/^エラー: 登録する犬 - /)
    const dateSummary = errorSummary(page)
    await expect.poll(() => isFocused(dateSummary), { timeout: 10_000 }).toBe(true)
    // The limit reads as a 和暦 date, not ISO.
    const dateError = dateSummary.getByRole('link', { name: /^生年月日は令和\d+年\d+月\d+日以前の日付にしてください$/ })
    expect(await dateError.count(), `the error summary says: ${await dateSummary.textContent()}`).toBe(1)
    expect(await page.getByLabel('生年月日').inputValue()).toBe('2099-04-01')
    expect(await page.getByLabel('生年月日').getAttribute('aria-invalid')).toBe('true')
    expect(await page.getByLabel('犬の名前').inputValue()).toBe('ポチ')
    await checkAxe(page, 'dog page with an error')
    await dateError.click()
    expect(await isFocused(page.getByLabel('生年月日')), `focus should be on 生年月日, is on ${await describeFocus(page)}`).toBe(true)
    await finishJourney(page)
  })
})
