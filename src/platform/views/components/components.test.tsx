import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { renderComponentGallery } from './component-gallery.js'
import {
  Button,
  ButtonLink,
  Checkboxes,
  CopyButton,
  CsrfField,
  DateField,
  Details,
  EmergencyBanner,
  ErrorSummary,
  NotificationBanner,
  Pagination,
  paginationItems,
  PostalCodeField,
  Radios,
  Select,
  SummaryList,
  Table,
  Tag,
  TextArea,
  TextField,
} from './index.js'

/** hono/jsx renders synchronously to an escaped String object unless a component is async. */
async function render(node: unknown): Promise<string> {
  const rendered = (node as { toString(): string | Promise<string> }).toString()
  return String(await rendered)
}

type Attributes = Record<string, string>

function attributesOf(tag: string): Attributes {
  const attributes: Attributes = {}
  for (const match of tag.matchAll(/\s([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:="([^"]*)")?/g)) attributes[match[1]] = match[2] ?? ''
  return attributes
}

/** The attributes of the element with this id (ids here contain no regex characters). */
function elementWithId(html: string, id: string): Attributes & { tagName: string } {
  const match = new RegExp(`<([a-z0-9]+)\\b[^>]*\\sid="${id}"[^>]*>`).exec(html)
  if (!match) throw new Error(`no element with id="${id}" in ${html}`)
  return { ...attributesOf(match[0]), tagName: match[1] }
}

function allTags(html: string, tagName: string): Attributes[] {
  return [...html.matchAll(new RegExp(`<${tagName}\\b[^>]*>`, 'g'))].map(m => attributesOf(m[0]))
}

const hostile = '<script>alert("x")</script>'
const escapedHostile = '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'

describe('TextField', () => {
  it('ties the label to the input whose id is the field name', async () => {
    const html = await render(<TextField name="fullName" label="氏名" />)
    expect(elementWithId(html, 'fullName')).toMatchObject({ tagName: 'input', name: 'fullName', type: 'text', value: '' })
    expect(allTags(html, 'label')[0].for).toBe('fullName')
    expect(html).not.toContain('aria-describedby')
    expect(html).not.toContain('aria-invalid')
  })

  it('links the hint and then the error with aria-describedby and marks the input invalid', async () => {
    const html = await render(<TextField name="email" label="メール" hint="受付のお知らせを送ります" error="正しく入力してください" />)
    const input = elementWithId(html, 'email')
    expect(input['aria-describedby']).toBe('email-hint email-error')
    expect(input['aria-invalid']).toBe('true')
    expect(elementWithId(html, 'email-hint').tagName).toBe('div')
    expect(elementWithId(html, 'email-error').tagName).toBe('p')
    expect(html).toContain('<span class="visually-hidden">エラー:</span>正しく入力してください')
    expect(html).toContain('class="field field--error"')
    expect(input.class).toContain('input--error')
  })

  it('takes the hidden error prefix from the caller, for other languages', async () => {
    const html = await render(<TextField name="email" label="Email" error="Enter an email address" errorPrefix="Error:" />)
    expect(html).toContain('<span class="visually-hidden">Error:</span>Enter an email address')
    expect(html).not.toContain('エラー:')
  })

  it('escapes markup in the label, hint, error and value', async () => {
    const html = await render(<TextField name="note" label={hostile} hint={hostile} error={hostile} value={hostile} />)
    expect(html).not.toContain('<script')
    expect(html.split(escapedHostile)).toHaveLength(5)
  })

  it('passes type, autocomplete, inputmode, spellcheck, width and required to the input', async () => {
    const html = await render(<TextField name="phone" label="電話番号" type="tel" autocomplete="tel" inputmode="tel" spellcheck={false} width="10" required requiredLabel="必須" />)
    expect(elementWithId(html, 'phone')).toMatchObject({ type: 'tel', autocomplete: 'tel', inputmode: 'tel', spellcheck: 'false', required: '', class: 'input input--width-10' })
    expect(html).toContain('<span class="field__required">必須</span>')
  })

  it('never echoes a password back into the page', async () => {
    const html = await render(<TextField name="password" label="パスワード" type="password" value="hunter2" />)
    expect(html).not.toContain('hunter2')
    expect(elementWithId(html, 'password')).not.toHaveProperty('value')
  })

  it('adds caller data-* attributes and refuses anything else', async () => {
    const html = await render(<TextField name="q" label="検索" attrs={{ 'data-autosubmit': 'true' }} />)
    expect(elementWithId(html, 'q')['data-autosubmit']).toBe('true')
    expect(() => TextField({ name: 'q', label: '検索', attrs: { onclick: 'alert(1)' } })).toThrow(/data-\*/)
    expect(() => TextField({ name: 'q', label: '検索', attrs: { style: 'color:red' } })).toThrow(TypeError)
  })

  it('uses an explicit id for the input, hint and error when one is given', async () => {
    const html = await render(<TextField name="address[city]" id="address-city" label="市区町村" hint="例: 千代田区" error="入力してください" />)
    expect(elementWithId(html, 'address-city')).toMatchObject({ name: 'address[city]', 'aria-describedby': 'address-city-hint address-city-error' })
    expect(allTags(html, 'label')[0].for).toBe('address-city')
  })
})

describe('TextArea', () => {
  it('wires label, hint and error and escapes the value inside the textarea', async () => {
    const html = await render(<TextArea name="note" label="連絡事項" hint="500文字以内" error="長すぎます" value={`</textarea>${hostile}`} rows={3} />)
    expect(elementWithId(html, 'note')).toMatchObject({ tagName: 'textarea', rows: '3', 'aria-describedby': 'note-hint note-error', 'aria-invalid': 'true' })
    expect(html).toContain(`&lt;/textarea&gt;${escapedHostile}</textarea>`)
    expect(allTags(html, 'label')[0].for).toBe('note')
  })

  it('keeps a leading newline that the HTML parser would otherwise drop', async () => {
    const html = await render(<TextArea name="note" label="連絡事項" value={'\n二行目'} />)
    expect(html).toContain('>\n\n二行目</textarea>')
  })
})

describe('DateField', () => {
  it('renders one native date input with the 和暦 linked as a description', async () => {
    const html = await render(<DateField name="movingDate" label="転入した日" hint="例: 2025年4月1日" value="2025-04-01" wareki="令和7年4月1日" />)
    expect(elementWithId(html, 'movingDate')).toMatchObject({ type: 'date', value: '2025-04-01', 'aria-describedby': 'movingDate-hint movingDate-wareki' })
    expect(html).toMatch(/id="movingDate-wareki"[^>]*>令和7年4月1日</)
    expect(allTags(html, 'input')).toHaveLength(1)
  })

  it('marks an empty date invalid with a linked error', async () => {
    const html = await render(<DateField name="birthdate" label="生年月日" error="生年月日を入力してください" />)
    expect(elementWithId(html, 'birthdate')).toMatchObject({ 'aria-describedby': 'birthdate-error', 'aria-invalid': 'true', value: '' })
  })
})

describe('PostalCodeField', () => {
  const field = (props: Partial<Parameters<typeof PostalCodeField>[0]> = {}) => (
    <PostalCodeField name="postalCode" label="郵便番号" hint="7桁" lookupUrl="/demo/api/v1/postal-codes/" prefectureId="prefecture" cityId="city" townId="town" statusId="postal-status" lookupButtonLabel="住所を検索" {...props} />
  )

  it('gives enhance.js the lookup URL and the ids of the address fields and status region', async () => {
    const input = elementWithId(await render(field({ value: '100-0001' })), 'postalCode')
    expect(input).toMatchObject({
      value: '100-0001',
      autocomplete: 'postal-code',
      inputmode: 'numeric',
      'data-postal-lookup': '/demo/api/v1/postal-codes/',
      'data-postal-prefecture': 'prefecture',
      'data-postal-city': 'city',
      'data-postal-town': 'town',
      'data-postal-status': 'postal-status',
      'aria-describedby': 'postalCode-hint',
    })
    expect(input['data-postal-found']).toContain('{address}')
  })

  it('posts the form back for the lookup without JavaScript, skipping validation', async () => {
    const [button] = allTags(await render(field()), 'button')
    expect(button).toMatchObject({ type: 'submit', name: 'postalLookup', value: '1', formnovalidate: '' })
  })

  it('renders a polite live region that shows the server-side lookup result', async () => {
    const html = await render(field({ statusMessage: '東京都千代田区千代田 を入力しました' }))
    expect(elementWithId(html, 'postal-status')).toMatchObject({ role: 'status', 'aria-live': 'polite' })
    expect(html).toContain('>東京都千代田区千代田 を入力しました</p>')
  })

  it('wires an error like any other field and lets the caller translate the lookup messages', async () => {
    const html = await render(field({ error: '7桁で入力してください', lookupLabels: { notFound: 'No address found' } }))
    const input = elementWithId(html, 'postalCode')
    expect(input).toMatchObject({ 'aria-describedby': 'postalCode-hint postalCode-error', 'aria-invalid': 'true', 'data-postal-not-found': 'No address found' })
  })
})

describe('Radios', () => {
  const options = [
    { value: 'single', label: '単身' },
    { value: 'family', label: '家族と一緒', hint: '配偶者などと住む場合' },
  ]

  it('groups the options in a fieldset whose legend names the question', async () => {
    const html = await render(<Radios name="household" legend="世帯の種類" options={options} value="family" />)
    expect(html).toMatch(/<fieldset[^>]*><legend class="fieldset__legend">世帯の種類<\/legend>/)
    const inputs = allTags(html, 'input')
    expect(inputs.map(i => [i.id, i.type, i.name, i.value])).toEqual([
      ['household', 'radio', 'household', 'single'],
      ['household-2', 'radio', 'household', 'family'],
    ])
    expect(inputs[1]).toHaveProperty('checked')
    expect(inputs[0]).not.toHaveProperty('checked')
    expect(allTags(html, 'label').map(l => l.for)).toEqual(['household', 'household-2'])
  })

  it('links the group hint and error from the fieldset and each option hint from its option', async () => {
    const html = await render(<Radios name="household" legend="世帯の種類" hint="1つ選んでください" error="選んでください" options={options} />)
    expect(allTags(html, 'fieldset')[0]['aria-describedby']).toBe('household-hint household-error')
    expect(elementWithId(html, 'household-2')['aria-describedby']).toBe('household-2-hint')
    expect(elementWithId(html, 'household-2-hint').tagName).toBe('div')
    expect(allTags(html, 'input').every(i => i['aria-invalid'] === 'true')).toBe(true)
    expect(html).toContain('<span class="visually-hidden">エラー:</span>選んでください')
  })

  it('can render the legend as the page heading and the options inline', async () => {
    const html = await render(<Radios name="hasCar" legend="自動車をお持ちですか" legendAsHeading inline options={[{ value: 'yes', label: 'はい' }, { value: 'no', label: 'いいえ' }]} />)
    expect(html).toContain('<legend class="fieldset__legend fieldset__legend--heading"><h1 class="fieldset__heading">自動車をお持ちですか</h1></legend>')
    expect(html).toContain('class="radios radios--inline"')
  })

  it('escapes option values and labels', async () => {
    const html = await render(<Radios name="r" legend={hostile} options={[{ value: hostile, label: hostile, hint: hostile }]} />)
    expect(html).not.toContain('<script')
    expect(html.split(escapedHostile)).toHaveLength(5)
  })
})

describe('Checkboxes', () => {
  it('ticks every option in values and submits each under the same name', async () => {
    const html = await render(
      <Checkboxes name="procedures" legend="一緒に行う手続き" values={['nhi', 'child']} options={[{ value: 'nhi', label: '国民健康保険' }, { value: 'pension', label: '国民年金' }, { value: 'child', label: '児童手当' }]} />,
    )
    const inputs = allTags(html, 'input')
    expect(inputs.map(i => [i.type, i.name, 'checked' in i])).toEqual([
      ['checkbox', 'procedures', true],
      ['checkbox', 'procedures', false],
      ['checkbox', 'procedures', true],
    ])
    expect(inputs[0].id).toBe('procedures')
  })
})

describe('Select', () => {
  it('ties the label, selects the current value and wires the error', async () => {
    const html = await render(<Select name="office" label="窓口" hint="近い窓口" error="選んでください" value="north" options={[{ value: '', label: '選択してください' }, { value: 'main', label: '本庁舎' }, { value: 'north', label: hostile }]} />)
    expect(elementWithId(html, 'office')).toMatchObject({ tagName: 'select', 'aria-describedby': 'office-hint office-error', 'aria-invalid': 'true' })
    expect(allTags(html, 'label')[0].for).toBe('office')
    expect(html).toContain(`<option value="north" selected="">${escapedHostile}</option>`)
    expect(html).not.toContain('<script')
  })
})

describe('ErrorSummary', () => {
  it('renders nothing when there are no errors', async () => {
    expect(await render(<ErrorSummary title="問題があります" errors={[]} />)).toBe('')
  })

  it('is a focusable alert labelled by its heading, linking each error to its field', async () => {
    const html = await render(<ErrorSummary title="入力内容に問題があります" errors={[{ field: 'email', message: 'メールアドレスを入力してください' }, { field: 'household', message: hostile }]} />)
    const summary = allTags(html, 'div')[0]
    expect(summary).toMatchObject({ role: 'alert', 'aria-labelledby': 'error-summary-title', tabindex: '-1', autofocus: '' })
    expect(elementWithId(html, 'error-summary-title').tagName).toBe('h2')
    expect(allTags(html, 'a').map(a => a.href)).toEqual(['#email', '#household'])
    expect(html).toContain(`<a href="#household">${escapedHostile}</a>`)
  })
})

describe('Button and ButtonLink', () => {
  it('submits by default as a primary button', async () => {
    expect(allTags(await render(<Button>申請する</Button>), 'button')[0]).toMatchObject({ type: 'submit', class: 'button button--primary' })
  })

  it('passes variant, type, name, value and formnovalidate', async () => {
    const button = allTags(await render(<Button variant="warning" type="button" name="action" value="withdraw" formnovalidate>取り下げる</Button>), 'button')[0]
    expect(button).toMatchObject({ type: 'button', class: 'button button--warning', name: 'action', value: 'withdraw', formnovalidate: '' })
  })

  it('renders a link styled as a button, without role=button', async () => {
    const html = await render(<ButtonLink href={'/demo/start?a=1&b="2"'} variant="secondary">始める</ButtonLink>)
    expect(html).toBe('<a href="/demo/start?a=1&amp;b=&quot;2&quot;" class="button button--secondary">始める</a>')
  })

  it('renders a copy button hidden until enhance.js shows it', async () => {
    const html = await render(<CopyButton text="A7K-29Q" copiedLabel="コピーしました">コピー</CopyButton>)
    expect(allTags(html, 'button')[0]).toMatchObject({ type: 'button', 'data-copy': 'A7K-29Q', 'data-copied-label': 'コピーしました', hidden: '' })
    expect(html).toContain('role="status"')
  })
})

describe('banners', () => {
  it('makes an info banner a region and a success banner an alert, each labelled by its title', async () => {
    const info = await render(<NotificationBanner title="お知らせ">本文</NotificationBanner>)
    const infoBox = allTags(info, 'div')[0]
    expect(infoBox.role).toBe('region')
    expect(elementWithId(info, infoBox['aria-labelledby'])).toMatchObject({ tagName: 'h2' })
    const success = await render(<NotificationBanner title="完了" variant="success" titleId="done">本文</NotificationBanner>)
    expect(allTags(success, 'div')[0]).toMatchObject({ role: 'alert', 'aria-labelledby': 'done', class: 'notification-banner notification-banner--success' })
  })

  it('renders the emergency banner as a labelled section', async () => {
    const html = await render(<EmergencyBanner title="避難指示">川沿いの地区に避難指示</EmergencyBanner>)
    expect(allTags(html, 'section')[0]).toMatchObject({ class: 'emergency-banner', 'aria-labelledby': 'emergency-banner-title' })
    expect(elementWithId(html, 'emergency-banner-title').tagName).toBe('h2')
  })
})

describe('Table', () => {
  it('wraps the table in a focusable region named by its caption', async () => {
    const html = await render(<Table caption="申請の一覧" head={['受付番号', '金額']} rows={[['A1', '300']]} numericColumns={[1]} />)
    const wrapper = allTags(html, 'div')[0]
    expect(wrapper).toMatchObject({ class: 'table-wrapper', role: 'region', tabindex: '0' })
    expect(elementWithId(html, wrapper['aria-labelledby']).tagName).toBe('caption')
    expect(allTags(html, 'th').map(th => th.scope)).toEqual(['col', 'col'])
    expect(allTags(html, 'td').map(td => td.class)).toEqual(['table__cell', 'table__cell table__cell--numeric'])
  })

  it('can make the first cell of each row a row header, and escapes cells', async () => {
    const html = await render(<Table caption="c" captionId="t1" head={['a', 'b']} rows={[[hostile, <Tag>済</Tag>]]} firstCellIsHeader />)
    expect(html).toContain(`<th scope="row" class="table__header table__cell">${escapedHostile}</th>`)
    expect(html).toContain('<strong class="tag tag--blue">済</strong>')
    expect(html).not.toContain('<script')
  })
})

describe('Pagination', () => {
  const labels = { previous: '前へ', next: '次へ', page: 'ページ', nav: 'ページ送り' }
  const hrefFor = (page: number) => `/list?page=${page}`

  it('renders nothing for a single page', async () => {
    expect(await render(<Pagination page={1} pageCount={1} hrefFor={hrefFor} labels={labels} />)).toBe('')
  })

  it('is a named nav marking the current page, with previous and next links', async () => {
    const html = await render(<Pagination page={5} pageCount={12} hrefFor={hrefFor} labels={labels} />)
    expect(allTags(html, 'nav')[0]['aria-label']).toBe('ページ送り')
    const links = allTags(html, 'a')
    expect(links.map(a => a.href)).toEqual(['/list?page=4', '/list?page=1', '/list?page=4', '/list?page=5', '/list?page=6', '/list?page=12', '/list?page=6'])
    expect(links.filter(a => a['aria-current'] === 'page').map(a => a.href)).toEqual(['/list?page=5'])
    expect(links[0].rel).toBe('prev')
    expect(links.at(-1)?.rel).toBe('next')
    expect(html).toContain('<span class="visually-hidden">ページ </span>5')
  })

  it('has no previous link on the first page and no next link on the last', async () => {
    const first = await render(<Pagination page={1} pageCount={3} hrefFor={hrefFor} labels={labels} />)
    expect(first).not.toContain('rel="prev"')
    const last = await render(<Pagination page={3} pageCount={3} hrefFor={hrefFor} labels={labels} />)
    expect(last).not.toContain('rel="next"')
  })

  it('shows first, last and neighbours, with gaps only where pages are skipped', () => {
    expect(paginationItems(1, 3)).toEqual([1, 2, 3])
    expect(paginationItems(5, 12)).toEqual([1, null, 4, 5, 6, null, 12])
    expect(paginationItems(3, 12)).toEqual([1, 2, 3, 4, null, 12])
    expect(paginationItems(4, 7)).toEqual([1, 2, 3, 4, 5, 6, 7])
  })
})

describe('SummaryList, Tag, Details, CsrfField', () => {
  it('lists keys and values with change links that name what they change', async () => {
    const html = await render(
      <SummaryList rows={[{ key: '氏名', value: hostile, action: { href: '/edit#fullName', label: '変更', visuallyHiddenContext: '氏名' } }, { key: '状態', value: '受付済み' }]} />,
    )
    expect(html).toContain('<dt class="summary-list__key">氏名</dt>')
    expect(html).toContain(`<dd class="summary-list__value">${escapedHostile}</dd>`)
    expect(html).toContain('<a href="/edit#fullName">変更<span class="visually-hidden"> 氏名</span></a>')
    expect(html).toContain('summary-list__row summary-list__row--no-actions')
  })

  it('renders a tag with its tone, a native details element and the CSRF field', async () => {
    expect(await render(<Tag tone="red">差し戻し</Tag>)).toBe('<strong class="tag tag--red">差し戻し</strong>')
    expect(await render(<Details summary="詳しく">本文</Details>)).toMatch(/^<details class="details"><summary class="details__summary">/)
    expect(await render(<CsrfField token={'a"b'} />)).toBe('<input type="hidden" name="_csrf" value="a&quot;b"/>')
  })
})

describe('the whole component gallery', () => {
  const pages = [renderComponentGallery('portal'), renderComponentGallery('staff')]

  it('has no inline styles or inline scripts (strict CSP)', () => {
    for (const page of pages) {
      expect(page).not.toMatch(/\sstyle=/i)
      expect(page).not.toMatch(/<style/i)
      expect(page).not.toMatch(/\son[a-z]+=/i)
      expect([...page.matchAll(/<script\b[^>]*>/gi)].map(m => m[0])).toEqual(['<script src="/static/enhance.js" type="module" defer="">'])
      expect(page).not.toContain('<script>')
    }
    expect(pages[0]).toContain('山田 太郎 &lt;script&gt;alert(1)&lt;/script&gt;')
  })

  it('has unique ids, and every label, description and name reference points at one', () => {
    for (const page of pages) {
      const ids = [...page.matchAll(/\sid="([^"]+)"/g)].map(m => m[1])
      expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([])
      const references = [...page.matchAll(/\s(?:for|aria-describedby|aria-labelledby)="([^"]+)"/g)].flatMap(m => m[1].split(' '))
      expect(references.length).toBeGreaterThan(2)
      expect(references.filter(id => !ids.includes(id))).toEqual([])
      const fragmentLinks = [...page.matchAll(/\shref="#([^"]+)"/g)].map(m => m[1])
      expect(fragmentLinks.filter(id => !ids.includes(id))).toEqual([])
    }
  })
})

describe('static assets', () => {
  const publicDir = join(import.meta.dirname, '../../../../public')

  it('keeps enhance.js under 4 KB and free of inline-style tricks', () => {
    expect(statSync(join(publicDir, 'enhance.js')).size).toBeLessThan(4096)
    expect(readFileSync(join(publicDir, 'enhance.js'), 'utf8')).not.toMatch(/\.style\b|innerHTML|eval\(/)
  })

  it('uses no data: URIs in the stylesheet (blocked by the CSP)', () => {
    expect(readFileSync(join(publicDir, 'yakuba.css'), 'utf8')).not.toMatch(/url\(\s*['"]?data:/)
  })

  it('copies the tokens, the four font files and Leaflet, and writes fonts.css, doing nothing the second time', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'yakuba-assets-'))
    try {
      const script = pathToFileURL(join(import.meta.dirname, '../../../../scripts/copy-assets.mjs')).href
      const { copyAssets } = (await import(script)) as { copyAssets: (options: { outDir: string }) => { changed: string[] } }
      // tokens, fonts.css, 4 fonts, the font licence; leaflet.js, leaflet.css, its licence and 5 images
      expect(copyAssets({ outDir }).changed).toHaveLength(15)
      expect(copyAssets({ outDir }).changed).toEqual([])
      expect(statSync(join(outDir, 'leaflet', 'leaflet.js')).size).toBeGreaterThan(100_000)
      expect(readFileSync(join(outDir, 'tokens.css'), 'utf8')).toContain('--color-primitive-blue-900')
      const fontsCss = readFileSync(join(outDir, 'fonts.css'), 'utf8')
      expect(fontsCss.match(/@font-face/g)).toHaveLength(4)
      expect(fontsCss.match(/font-display: swap/g)).toHaveLength(4)
      for (const file of [...fontsCss.matchAll(/url\('([^']+)'\)/g)].map(m => m[1])) expect(statSync(join(outDir, file)).size).toBeGreaterThan(10_000)
      // The japanese face has no unicode-range and must come before latin, which has one.
      expect(fontsCss.indexOf('japanese-400')).toBeLessThan(fontsCss.indexOf('latin-400'))
    } finally {
      rmSync(outDir, { recursive: true, force: true })
    }
  })
})
