/**
 * The form builder in Debian Chromium against a real Yakuba with デモ市 seeded: a clerk creates
 * a procedure, adds a page with a single-choice field and a text field shown only for one
 * answer, previews it and publishes version 1; then the same kind of reorder done with the
 * keyboard path (上へ / 下へ buttons) and with drag and drop. axe runs on every page loaded.
 *
 * The journeys are built from the helpers below so that the resident half (completing the
 * published form) can be appended where marked.
 */
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import type { DemoCredentials } from '../src/platform/cli/seed-demo.js'
import { checkAxe, finishJourney, logInDemoStaff, runE2e, setUpJourneys, totpCodes, warnWhenSkipped } from '../test/e2e-server.js'

warnWhenSkipped('the form builder journeys in Chromium (e2e/form-builder.e2e.test.ts)')

// ---------------------------------------------------------------------------------------------
// helpers (exported for the journeys that continue as a resident)

const nextCode = totpCodes()
export const h1 = (page: Page) => page.getByRole('heading', { level: 1 })
export const staffNav = (page: Page) => page.getByRole('navigation', { name: 'メインメニュー' })

/** Waits for the page a click leads to and runs axe on it. */
export async function arrive(page: Page, url: RegExp, label: string): Promise<void> {
  await page.waitForURL(url)
  await checkAxe(page, label)
}

/** Password + TOTP as a seeded デモ市 staff member, ending on the console home. */
export const logInStaff = (page: Page, demo: DemoCredentials, email: string): Promise<void> => logInDemoStaff(page, demo, email, nextCode)

/** From anywhere in the console: 手続きの作成・管理 → create a blank procedure → its builder page. */
export async function createBlankProcedure(page: Page, title: string, slug: string): Promise<string> {
  await staffNav(page).getByRole('link', { name: '手続きの作成・管理' }).click()
  await arrive(page, /\/demo\/staff\/procedures$/, 'procedure list')
  await page.getByRole('radio', { name: '白紙から作る' }).check()
  await page.getByLabel('手続きの名前').fill(title)
  await page.getByLabel('URL名').fill(slug)
  await page.getByRole('button', { name: '作成する' }).click()
  await arrive(page, /\/demo\/staff\/procedures\/[0-9a-f-]{36}\?done=created$/, 'builder page of a new procedure')
  expect(await h1(page).textContent()).toBe(title)
  return new URL(page.url()).pathname
}

/** On the builder page: adds an element of a kind to a page and lands on its editor. */
export async function addElement(page: Page, pageTitle: string, kind: string): Promise<void> {
  await page.getByLabel(`「${pageTitle}」に追加する項目の種類`).selectOption({ label: kind })
  const form = page.locator('form.builder-add').filter({ has: page.getByLabel(`「${pageTitle}」に追加する項目の種類`) })
  await form.getByRole('button', { name: '追加する' }).click()
  await arrive(page, /\/elements\/[A-Za-z0-9]+\?done=element-added$/, `editor of a new ${kind}`)
}

/** In an element editor: the Japanese label and the id, then save (back on the builder page). */
export async function fillBasics(page: Page, label: string, id: string, options: { required?: boolean } = {}): Promise<void> {
  await page.getByRole('group', { name: '項目名(質問)' }).getByRole('textbox', { name: /^日本語/ }).fill(label)
  await page.getByLabel('ID(半角英数字)').fill(id)
  if (options.required) await page.getByLabel('回答を必須にする').check()
}

export async function saveElement(page: Page, id: string): Promise<void> {
  await page.getByRole('button', { name: '保存する' }).click()
  await arrive(page, new RegExp(`\\?done=element-saved#element-${id}$`), `builder page after saving ${id}`)
}

/** The element ids of one page of the builder, in order. */
export async function elementIds(page: Page, pageTitle: string): Promise<string[]> {
  const list = page.getByRole('list', { name: `「${pageTitle}」の項目` })
  return (await list.locator(':scope > li').evaluateAll(items => items.map(item => item.id.replace(/^element-/, ''))))
}

/**
 * The journey's first half: a procedure whose second page asks a single choice `course` and a
 * text `courseOther` shown only when course = other; previewed and published as version 1.
 */
export async function buildAndPublishConditionalProcedure(page: Page, title: string, slug: string): Promise<{ builderPath: string; slug: string }> {
  const builderPath = await createBlankProcedure(page, title, slug)

  await page.getByLabel('新しいページの見出し').fill('参加するクラス')
  await page.getByRole('button', { name: 'ページを追加する' }).click()
  await arrive(page, /\?done=page-added#page-page2$/, 'builder page with a second page')

  await addElement(page, '参加するクラス', '1つ選ぶ(ラジオボタン)')
  await fillBasics(page, '参加するクラス', 'course', { required: true })
  await page.getByLabel('選択肢(1行に1つ)').fill('puppy|子犬クラス|こいぬ クラス|Puppy class\nadult|成犬クラス|おとなの いぬ の クラス|Adult class\nother|その他|そのほか|Other')
  await saveElement(page, 'course')

  await addElement(page, '参加するクラス', '1行のテキスト')
  await fillBasics(page, '希望する内容', 'courseOther', { required: true })
  await page.getByRole('radio', { name: '次の条件にすべて当てはまるとき' }).check()
  const row = page.getByRole('group', { name: '条件1', exact: true })
  await row.getByLabel('項目', { exact: true }).selectOption('course')
  await row.getByLabel('比べ方').selectOption({ label: 'が次と同じ' })
  await row.getByLabel('値', { exact: true }).fill('other')
  await page.screenshot({ path: '/tmp/e2e-form-builder-element.png', fullPage: true })
  await saveElement(page, 'courseOther')
  expect(await elementIds(page, '参加するクラス')).toEqual(['course', 'courseOther'])
  expect(await page.locator('#element-courseOther').getByText('表示する条件: 「参加するクラス」が「その他」のとき').isVisible()).toBe(true)

  // プレビュー: the second page as a resident sees it, marked 見本, with nothing to submit.
  await page.getByRole('link', { name: '住民の画面でプレビュー' }).click()
  await arrive(page, /\/preview$/, 'preview, first page')
  await page.getByRole('navigation', { name: 'ページ' }).getByRole('link', { name: '参加するクラス' }).click()
  await arrive(page, /\/preview\?page=2&language=ja$/, 'preview, second page')
  expect(await page.getByRole('group', { name: /参加するクラス/ }).getByRole('radio', { name: 'その他' }).isVisible()).toBe(true)
  expect(await page.getByLabel(/希望する内容/).isVisible()).toBe(true)
  expect(await page.getByText('見本', { exact: true }).first().isVisible()).toBe(true)
  await page.screenshot({ path: '/tmp/e2e-form-builder-preview.png', fullPage: true })
  await page.getByRole('navigation', { name: 'プレビューの言語' }).getByRole('link', { name: 'English' }).click()
  await arrive(page, /\/preview\?page=2&language=en$/, 'preview in English')
  expect(await page.getByRole('radio', { name: 'Adult class' }).isVisible()).toBe(true)
  expect(await page.getByRole('button', { name: /送信|申請する|Submit/ }).count()).toBe(0)
  await page.getByRole('link', { name: '手続きの編集に戻る' }).click()
  await arrive(page, new RegExp(`${builderPath}$`), 'builder page after the preview')

  await page.getByRole('button', { name: '公開する' }).click()
  await arrive(page, /\?done=published&version=1$/, 'builder page after publishing')
  expect(await page.getByText('第1版として公開しました。').isVisible()).toBe(true)
  expect(await page.getByText('公開中(第1版)').isVisible()).toBe(true)
  await page.screenshot({ path: '/tmp/e2e-form-builder-published.png', fullPage: true })
  const versions = page.getByRole('table', { name: '公開した版' })
  expect(await versions.getByRole('rowheader').allTextContents()).toEqual(['第1版'])
  return { builderPath, slug }
}

// ---------------------------------------------------------------------------------------------

describe.skipIf(!runE2e)('form builder journeys in Chromium', () => {
  const journeys = setUpJourneys()
  const started = () => ({ server: journeys.server })
  const openPage = () => journeys.openPage()

  it('builds a procedure with a conditional field, previews it and publishes version 1', async () => {
    const page = await openPage()
    await logInStaff(page, started().server.demo, 'clerk@demo.yakuba.localhost')
    const published = await buildAndPublishConditionalProcedure(page, '犬のしつけ教室 参加申込', 'dog-class')
    expect(published.slug).toBe('dog-class')

    // The list shows it published.
    await staffNav(page).getByRole('link', { name: '手続きの作成・管理' }).click()
    await arrive(page, /\/demo\/staff\/procedures$/, 'procedure list after publishing')
    const row = page.getByRole('row').filter({ hasText: '犬のしつけ教室 参加申込' })
    expect(await row.getByText('公開中(第1版)').isVisible()).toBe(true)

    await finishJourney(page)

    // The resident half: find the new procedure in the catalogue and complete it, with the
    // conditional field shown only for その他.
    const resident = await openPage()
    await resident.goto('/demo/procedures')
    await checkAxe(resident, 'procedure catalogue')
    await resident.getByLabel('手続きを探す').fill('しつけ')
    await resident.getByRole('button', { name: '検索' }).click()
    await arrive(resident, /\/demo\/procedures\?q=/, 'catalogue search results')
    await resident.getByRole('link', { name: '犬のしつけ教室 参加申込' }).click()
    await arrive(resident, /\/demo\/procedures\/dog-class$/, 'procedure page of the new procedure')
    await resident.getByRole('link', { name: '申請を始める' }).click()
    await arrive(resident, /\/demo\/login\?return=/, 'login before applying')
    await resident.getByRole('button', { name: 'マイナンバーカードでログイン' }).click()
    await arrive(resident, /\/dev-idp\/interaction\//, 'dev IdP')
    await resident.getByRole('radio', { name: /山田/ }).check()
    await resident.getByRole('button', { name: 'このカードでログイン' }).click()
    await arrive(resident, /\/demo\/procedures\/dog-class\/apply$/, 'start page')
    await resident.getByRole('button', { name: '申請を始める' }).click()
    await arrive(resident, /\/pages\/page1$/, 'first page of the new form')
    expect(await resident.getByLabel('姓').inputValue()).toBe('山田')
    // The card gives no フリガナ: the resident types it.
    await resident.getByLabel('セイ(カタカナ)').fill('ヤマダ')
    await resident.getByLabel('メイ(カタカナ)').fill('タロウ')
    await resident.getByRole('button', { name: '次へ進む' }).click()
    await arrive(resident, /\/pages\/page2$/, 'the conditional page')
    expect(await resident.getByLabel(/希望する内容/).isVisible()).toBe(false)
    await resident.getByRole('radio', { name: 'その他' }).check()
    // With JavaScript the field appears as soon as その他 is chosen (without, after the page is sent).
    await expect.poll(() => resident.getByLabel(/希望する内容/).isVisible()).toBe(true)
    await resident.getByRole('radio', { name: '成犬クラス' }).check()
    await expect.poll(() => resident.getByLabel(/希望する内容/).isVisible()).toBe(false)
    await resident.getByRole('radio', { name: 'その他' }).check()
    await resident.getByRole('button', { name: '次へ進む' }).click()
    // Left empty, it is required: the page comes back with the message.
    await arrive(resident, /\/pages\/page2$/, 'the conditional field, required')
    expect(await resident.getByRole('alert').getByRole('link', { name: '希望する内容を入力してください' }).isVisible()).toBe(true)
    await resident.getByLabel(/希望する内容/).fill('シニア犬のクラス')
    await resident.getByRole('button', { name: '次へ進む' }).click()
    await arrive(resident, /\/check$/, 'check your answers of the new form')
    expect(await resident.getByText('シニア犬のクラス').isVisible()).toBe(true)
    await resident.getByRole('checkbox').check()
    await resident.getByRole('button', { name: '同意して申請する' }).click()
    await arrive(resident, /\/submitted$/, 'confirmation with the receipt number')
    expect(await resident.locator('.receipt-number').textContent()).toMatch(/^[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{2}$/)
    await finishJourney(resident)
  })

  it('edits the settings (My Number needs a legal basis), the fee and a page, and explains a bad import', async () => {
    const page = await openPage()
    await logInStaff(page, started().server.demo, 'clerk@demo.yakuba.localhost')
    const builderPath = await createBlankProcedure(page, '証明書の交付申請', 'certificate-request')

    await page.getByRole('link', { name: '基本情報を編集する' }).click()
    await arrive(page, /\/settings$/, 'settings editor')
    await page.getByLabel('分類').selectOption({ label: '戸籍・住民票' })
    await page.getByRole('checkbox', { name: 'この手続きでマイナンバーを取り扱う(法令上の根拠がある)' }).check()
    await page.getByRole('button', { name: '保存する' }).click()
    await arrive(page, /\/settings$/, 'settings editor with an error')
    expect(await page.getByRole('alert').getByRole('link', { name: 'マイナンバーを取り扱うときは、法令上の根拠を入力してください。' }).isVisible()).toBe(true)
    expect(await page.getByLabel('法令上の根拠', { exact: true }).getAttribute('aria-invalid')).toBe('true')
    await page.getByLabel('法令上の根拠', { exact: true }).fill('番号法 第9条第2項・デモ市個人番号利用条例')
    await page.getByRole('button', { name: '保存する' }).click()
    await arrive(page, /\?done=settings-saved$/, 'builder page after saving the settings')
    expect(await page.getByLabel('「申請者」に追加する項目の種類').locator('option', { hasText: 'マイナンバー(個人番号)' }).count()).toBe(1)

    await page.getByRole('link', { name: 'ページを編集 申請者' }).click()
    await arrive(page, /\/pages\/page1$/, 'page editor')
    await page.getByRole('group', { name: 'ページの見出し' }).getByRole('textbox', { name: /^English/ }).fill('Applicant')
    await page.getByRole('button', { name: '保存する' }).click()
    await arrive(page, /\?done=page-saved#page-page1$/, 'builder page after saving a page')

    await page.getByRole('link', { name: '手数料を編集する' }).click()
    await arrive(page, /\/fee$/, 'fee editor without a fee')
    await page.getByRole('button', { name: '手数料を設定する' }).click()
    await arrive(page, /\/fee\/items\/fee1\?done=fee-enabled$/, 'fee item editor')
    await page.getByRole('group', { name: '項目名' }).getByRole('textbox', { name: /^日本語/ }).fill('交付手数料')
    await page.getByLabel('単価(円)').fill('300')
    await page.getByRole('button', { name: '保存する' }).click()
    await arrive(page, /\/fee\?done=item-saved$/, 'fee editor with an item')
    expect(await page.getByRole('table', { name: '手数料の項目' }).getByRole('cell', { name: '300円' }).isVisible()).toBe(true)
    await page.getByRole('link', { name: '減免を追加する' }).click()
    await arrive(page, /\/fee\/exemptions\/new$/, 'new exemption')
    await page.getByRole('link', { name: '手数料の設定に戻る' }).click()
    await arrive(page, /\/fee$/, 'fee editor again')

    await page.goto(`${builderPath.replace(/\/[0-9a-f-]{36}$/, '')}/import`)
    await checkAxe(page, 'import page')
    await page.getByLabel('または、JSONを貼り付け').fill('{"format": "yakuba.procedure/v1", "slug": "Bad Slug"}')
    await page.getByRole('button', { name: '読み込む' }).click()
    await arrive(page, /\/import$/, 'import page with problems')
    expect(await page.getByRole('heading', { name: /ファイルに\d+件の問題があります/ }).isVisible()).toBe(true)
    expect(await page.getByText('何も登録していません。').isVisible()).toBe(true)
    await finishJourney(page)
  })

  it('reorders fields with the keyboard (上へ / 下へ buttons) and by dragging, the server keeping the order', async () => {
    const page = await openPage()
    await logInStaff(page, started().server.demo, 'clerk@demo.yakuba.localhost')
    const builderPath = await createBlankProcedure(page, '連絡先の登録', 'contact-details')
    await addElement(page, '申請者', 'メールアドレス')
    await fillBasics(page, 'メールアドレス', 'email')
    await saveElement(page, 'email')
    await addElement(page, '申請者', '電話番号')
    await fillBasics(page, '電話番号', 'phone')
    await saveElement(page, 'phone')
    expect(await elementIds(page, '申請者')).toEqual(['applicantName', 'email', 'phone'])

    // Keyboard only: focus 「上へ 電話番号」 and press Enter, twice.
    for (const expected of [['applicantName', 'phone', 'email'], ['phone', 'applicantName', 'email']]) {
      await page.getByRole('button', { name: '上へ 電話番号' }).focus()
      // the address after the move may be the same as now: wait for the new document itself
      await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')])
      await arrive(page, /\?done=element-moved#element-phone$/, 'builder page after moving with the keyboard')
      expect(await elementIds(page, '申請者')).toEqual(expected)
    }
    // At the very top there is no 上へ any more; 下へ is reachable with Tab from 編集.
    expect(await page.getByRole('button', { name: '上へ 電話番号' }).count()).toBe(0)
    await page.getByRole('link', { name: '編集 電話番号' }).focus()
    await page.keyboard.press('Tab')
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('下へ 電話番号')
    await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')])
    await arrive(page, /\?done=element-moved#element-phone$/, 'builder page after moving down with the keyboard')
    expect(await elementIds(page, '申請者')).toEqual(['applicantName', 'phone', 'email'])

    // Drag and drop (form-builder.js): email onto the top of the list.
    const handle = page.locator('#element-email .builder-drag-handle')
    expect(await handle.isVisible()).toBe(true)
    // both ends on screen (the address's #fragment scrolled the list; the browser would autoscroll a person's drag)
    await page.locator('#element-applicantName').scrollIntoViewIfNeeded()
    await Promise.all([page.waitForEvent('load'), handle.dragTo(page.locator('#element-applicantName'), { targetPosition: { x: 10, y: 2 } })])
    await arrive(page, /\?done=element-moved#element-email$/, 'builder page after dragging')
    expect(await elementIds(page, '申請者')).toEqual(['email', 'applicantName', 'phone'])
    expect(new URL(page.url()).pathname).toBe(builderPath)
    await finishJourney(page)
  })
})
