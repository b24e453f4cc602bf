import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { sql } from 'kysely'
import { createTestApp, csrfFrom, TEST_DB, type CookieJar, type TestApp } from '../../../../test/app.js'
import { createTestStaff, createTestTenant, loginStaff } from '../../../../test/factories.js'
import { encodeShiftJis } from '../../../jp/shift-jis.js'
import { withTenant } from '../../../platform/db/tenant-context.js'
import type { TenantContext } from '../../../platform/tenancy/tenant-service.js'
import { findCurrentCalendar } from './garbage-repository.js'
import { seedGarbageDemo } from './garbage-demo.js'
import { countCalendarVersions, insertDistricts, monthCell, multipartUpload, parseVevents, RULES_2027, textOf, upcomingRows } from './garbage-test-support.js'

describe(`garbage calendars through the pages and the iCalendar feed (${TEST_DB})`, () => {
  let t: TestApp
  let tenant: TenantContext
  let other: TenantContext
  let jar: CookieJar
  let staffBase: string

  async function staffGet(path = '') {
    const res = await t.app.inject({ method: 'GET', url: `${staffBase}${path}`, headers: { cookie: jar.header() } })
    jar.store(res.headers['set-cookie'])
    return res
  }

  async function upload(path: 'rules' | 'dictionary', content: Buffer | string, filename = 'file.csv') {
    const page = await staffGet()
    const { payload, contentType } = await multipartUpload(csrfFrom(page.body), { content, filename })
    return t.app.inject({ method: 'POST', url: `${staffBase}/${path}`, headers: { cookie: jar.header(), 'content-type': contentType }, payload })
  }

  async function staffPost(path: string, form: Record<string, string>) {
    const page = await staffGet()
    return t.app.inject({ method: 'POST', url: `${staffBase}${path}`, headers: { cookie: jar.header() }, payload: { _csrf: csrfFrom(page.body), ...form } })
  }

  const publicGet = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers })

  /** Runs `fn` with the clock at `iso` (Date only: the public pages and the feed read "today"). */
  async function at<T>(iso: string, fn: () => Promise<T>): Promise<T> {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date(iso) })
    try {
      return await fn()
    } finally {
      vi.useRealTimers()
    }
  }

  beforeAll(async () => {
    t = await createTestApp()
    tenant = await createTestTenant(t.platform)
    other = await createTestTenant(t.platform)
    await insertDistricts(t.platform, tenant, [{ code: 'chuo-1', ja: '中央一丁目', en: 'Chuo 1' }, { code: 'chuo-2', ja: '中央二丁目', en: 'Chuo 2' }])
    const staff = await createTestStaff(t.platform, tenant, 'clerk')
    jar = await loginStaff(t, tenant, staff)
    staffBase = `/${tenant.slug}/staff/notifications/garbage`
    const imported = await upload('rules', RULES_2027, 'rules.csv')
    expect(imported.statusCode).toBe(303)
    const settings = await staffPost('/settings', { yearEndClosure: 'dec-29', 'policy.燃えるごみ': 'next-business-day' })
    expect(settings.statusCode).toBe(303)
  })
  afterAll(async () => t?.close())
  afterEach(() => vi.useRealTimers())

  it('stores the imported calendar by district code, with names resolved and the closure setting', async () => {
    const stored = await withTenant(t.platform.database.db, tenant.id, trx => findCurrentCalendar(trx, tenant.id))
    expect(stored?.version).toBe(2)
    expect(stored?.calendar.yearEndClosure).toBe('dec-29')
    expect(new Set(stored?.calendar.rules.map(rule => rule.district))).toEqual(new Set(['chuo-1', 'chuo-2']))
    const overview = await staffGet('?done=settings-saved')
    expect(overview.statusCode).toBe(200)
    expect(overview.body).toContain('祝日・年末年始の設定を保存しました。')
    expect(overview.body).toContain('中央一丁目')
  })

  it('moves 燃えるごみ off 成人の日 (Mon 2027-01-11) to Tuesday and shows the holiday in the month table', async () => {
    const res = await publicGet(`/${tenant.slug}/garbage/chuo-1?month=2027-01`)
    expect(res.statusCode).toBe(200)
    const holiday = monthCell(res.body, '1月11日(月)') ?? ''
    expect(textOf(holiday)).toContain('祝日(成人の日)')
    expect(holiday).not.toContain('燃えるごみ')
    const tuesday = textOf(monthCell(res.body, '1月12日(火)') ?? '')
    expect(tuesday).toContain('燃えるごみ')
    expect(tuesday).toContain('(1月11日(月)の分)')
    // 資源ごみ on the 2nd Wednesday, 1/13
    expect(textOf(monthCell(res.body, '1月13日(水)') ?? '')).toContain('資源ごみ')
  })

  it('collects nothing from 12/29 to 1/3 and starts again on Monday 1/4', async () => {
    const december = await publicGet(`/${tenant.slug}/garbage/chuo-1?month=2026-12`)
    expect(textOf(monthCell(december.body, '12月28日(月)') ?? '')).toContain('燃えるごみ')
    for (const label of ['12月29日(火)', '12月31日(木)']) {
      const cell = textOf(monthCell(december.body, label) ?? '')
      expect(cell).toContain('年末年始休み')
      expect(cell).not.toContain('燃えるごみ')
    }
    const january = await publicGet(`/${tenant.slug}/garbage/chuo-1?month=2027-01`)
    expect(textOf(monthCell(january.body, '1月1日(金)') ?? '')).not.toContain('ペットボトル')
    expect(textOf(monthCell(january.body, '1月4日(月)') ?? '')).toContain('燃えるごみ')
    expect(january.body).toContain('2026年12月29日(火)から2027年1月3日(日)までは、年末年始のため収集しません')
  })

  it('handles Golden Week 2027: the Monday moves to Thursday 5/6 once, 休み types are skipped', async () => {
    const one = await publicGet(`/${tenant.slug}/garbage/chuo-1?month=2027-05`)
    expect(textOf(monthCell(one.body, '5月3日(月)') ?? '')).toContain('祝日(憲法記念日)')
    expect(monthCell(one.body, '5月3日(月)')).not.toContain('燃えるごみ')
    const thursday = textOf(monthCell(one.body, '5月6日(木)') ?? '')
    expect(thursday.match(/燃えるごみ/g)).toHaveLength(1)
    expect(thursday).toContain('(5月3日(月)の分)')
    const two = await publicGet(`/${tenant.slug}/garbage/chuo-2?month=2027-05`)
    expect(textOf(monthCell(two.body, '5月5日(水)') ?? '')).toContain('祝日(こどもの日)')
    expect(monthCell(two.body, '5月5日(水)')).not.toContain('資源ごみ')
    expect(textOf(monthCell(two.body, '5月19日(水)') ?? '')).toContain('資源ごみ')
  })

  it('lists the next 14 days from today, marking today and tomorrow in words, not only by colour', async () => {
    const res = await at('2027-01-08T09:00:00+09:00', () => publicGet(`/${tenant.slug}/garbage/chuo-1`))
    const rows = upcomingRows(res.body)
    expect(rows).toHaveLength(14)
    expect(textOf(rows[0]?.[0] ?? '')).toBe('1月8日(金) 今日')
    expect(textOf(rows[0]?.[1] ?? '')).toContain('ペットボトル')
    expect(textOf(rows[1]?.[0] ?? '')).toBe('1月9日(土) 明日')
    expect(textOf(rows[3]?.[1] ?? '')).toContain('収集なし')
    expect(textOf(rows[3]?.[1] ?? '')).toContain('祝日(成人の日)')
    expect(textOf(rows[4]?.[1] ?? '')).toContain('燃えるごみ')
    expect(res.body).toContain('aria-current="date"')
    expect(res.body).toMatch(/<caption id="upcoming-caption"[^>]*>中央一丁目のこれから2週間の収集日<\/caption>/)
    expect(res.body).toContain('<th scope="col" class="table__header"><span aria-hidden="true">日</span><span class="visually-hidden">日曜日</span></th>')
    expect(res.body).toContain(`href="http://yakuba.test/${tenant.slug}/garbage/chuo-1.ics"`)
    expect(res.body).toContain(`href="/${tenant.slug}/notifications/settings#garbageReminder"`)
  })

  it('serves a year of all-day events as text/calendar with ETag and Last-Modified, matching the rules', async () => {
    const res = await at('2026-12-20T10:00:00+09:00', () => publicGet(`/${tenant.slug}/garbage/chuo-1.ics`))
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8')
    expect(res.headers['cache-control']).toBe('public, max-age=3600')
    expect(res.headers.etag).toMatch(/^"[\w-]{20,}"$/)
    expect(Date.parse(String(res.headers['last-modified']))).toBeGreaterThan(0)
    const events = parseVevents(res.body)
    const on = (date: string) => events.filter(event => event.date === date).map(event => event.summary).sort()
    expect(new Set(events.map(event => event.uid)).size).toBe(events.length)
    expect(events[0]?.date).toBe('20261221')
    expect(events.every(event => event.date >= '20261220' && event.date <= '20271220')).toBe(true)
    for (const date of ['20261229', '20261230', '20261231', '20270101', '20270102', '20270103']) expect(on(date)).toEqual([])
    expect(on('20270111')).toEqual([])
    expect(on('20270112')).toEqual(['燃えるごみ'])
    expect(on('20270503')).toEqual([])
    expect(on('20270506')).toEqual(['燃えるごみ'])
    expect(on('20270507')).toEqual(['ペットボトル'])
    expect(events.find(event => event.date === '20270104')?.end).toBe('20270105')
    expect(events.find(event => event.date === '20270104')?.description).toContain('朝8時30分まで')
    expect(res.body).toContain('X-WR-CALNAME:テスト市 ごみ収集カレンダー(中央一丁目)')

    const again = await at('2026-12-20T11:00:00+09:00', () => publicGet(`/${tenant.slug}/garbage/chuo-1.ics`, { 'if-none-match': String(res.headers.etag) }))
    expect(again.statusCode).toBe(304)
    expect(again.body).toBe('')
    const since = await at('2026-12-20T11:00:00+09:00', () => publicGet(`/${tenant.slug}/garbage/chuo-1.ics`, { 'if-modified-since': String(res.headers['last-modified']) }))
    expect(since.statusCode).toBe(304)
    // the next day the window moves: a new body, a new validator
    const tomorrow = await at('2026-12-21T10:00:00+09:00', () => publicGet(`/${tenant.slug}/garbage/chuo-1.ics`, { 'if-none-match': String(res.headers.etag) }))
    expect(tomorrow.statusCode).toBe(200)
  })

  it('names types in English in the English feed once staff give them English names', async () => {
    const overview = await staffGet()
    const id = new RegExp(`${staffBase}/categories/([0-9a-f-]{36})">燃えるごみを編集`).exec(overview.body)?.[1]
    expect(id).toBeDefined()
    const saved = await staffPost(`/categories/${id}`, { nameEasy: 'もえるごみ', nameEn: 'Burnable waste', descriptionJa: '指定袋で出してください。', descriptionEasy: '', descriptionEn: 'Use the city bag.', colour: '#C62828', linkUrl: '' })
    expect(saved.statusCode).toBe(303)
    const res = await at('2026-12-20T10:00:00+09:00', () => publicGet(`/${tenant.slug}/garbage/chuo-1.ics?lang=en`))
    const events = parseVevents(res.body)
    expect(events.find(event => event.date === '20270112')?.summary).toBe('Burnable waste')
    expect(events.find(event => event.date === '20270112')?.description).toContain('Use the city bag.')
    expect(res.body).toContain('X-WR-CALNAME:Test City garbage collection (Chuo 1)')
    const css = await publicGet(`/${tenant.slug}/garbage/garbage.css`)
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8')
    expect(css.body).toContain(`.gc-${id} { border-inline-start-color: #c62828; }`)
    const bad = await staffPost(`/categories/${id}`, { nameEasy: '', nameEn: '', descriptionJa: '', descriptionEasy: '', descriptionEn: '', colour: 'red', linkUrl: 'javascript:alert(1)' })
    expect(bad.statusCode).toBe(422)
    expect(bad.body).toContain('色は #2e7d32 のように')
    expect(bad.body).toContain('リンクは / で始まる')
  })

  it('shows the district page in やさしい日本語 and English', async () => {
    const easy = await publicGet(`/${tenant.slug}/garbage/chuo-1?month=2027-01&lang=ja-easy`)
    expect(easy.body).toContain('中央一丁目 の ごみ の カレンダー')
    const english = await publicGet(`/${tenant.slug}/garbage/chuo-1?month=2027-01&lang=en`)
    expect(english.body).toContain('Garbage collection calendar: Chuo 1')
    expect(english.body).toContain('Public holiday (成人の日)')
    expect(english.body).toContain('January 2027')
  })

  it('lets residents choose a district without JavaScript', async () => {
    const landing = await publicGet(`/${tenant.slug}/garbage`)
    expect(landing.statusCode).toBe(200)
    expect(landing.body).toContain('<select class="select" id="district" name="district"')
    expect(landing.body).toContain('<option value="chuo-2">中央二丁目</option>')
    const chosen = await publicGet(`/${tenant.slug}/garbage?district=chuo-2`)
    expect(chosen.statusCode).toBe(303)
    expect(chosen.headers.location).toBe(`/${tenant.slug}/garbage/chuo-2`)
    expect((await publicGet(`/${tenant.slug}/garbage/nishi-9`)).statusCode).toBe(404)
    expect((await publicGet(`/${tenant.slug}/garbage/nishi-9.ics`)).statusCode).toBe(404)
  })

  it('reports every bad row with its line, column and a translated message, and stores nothing', async () => {
    const before = await countCalendarVersions(t.platform, tenant)
    const bad = [
      '地区,分別区分,種類,曜日,第何週,日付,祝日の扱い,備考',
      'chuo-1,燃えるごみ,毎週,月・木,,,収集,',
      'chuo-1,燃えるごみ,毎週,月・祝,,,収集,',
      'nishi-9,資源ごみ,第N曜日,水,2・6,,たぶん,',
    ].join('\r\n')
    const res = await upload('rules', bad)
    expect(res.statusCode).toBe(422)
    expect(res.body).toContain('収集ルールのファイルに 4件の問題があります。何も保存していません。')
    const report = textOf(res.body.split('id="rules-errors"')[1]?.split('</table>')[0] ?? '')
    expect(report).toContain('3 曜日 曜日「月・祝」が読めません。')
    expect(report).toContain('4 第何週 第何週「2・6」が読めません。')
    expect(report).toContain('4 祝日の扱い 祝日の扱い「たぶん」は使えません。')
    expect(report).toContain('4 地区 地区「nishi-9」は地区の一覧にありません。')
    expect(await countCalendarVersions(t.platform, tenant)).toBe(before)

    const form = await multipartUpload(csrfFrom((await staffGet()).body), { content: bad, filename: 'x.csv' })
    const english = await t.app.inject({ method: 'POST', url: `${staffBase}/rules?lang=en`, headers: { cookie: jar.header(), 'content-type': form.contentType }, payload: form.payload })
    expect(english.statusCode).toBe(422)
    expect(textOf(english.body)).toContain('3 曜日 Cannot read the weekday “月・祝”.')

    // a forged cross-site upload (no CSRF token) is refused before the file is read
    const forged = await multipartUpload('not-a-token', { content: RULES_2027, filename: 'rules.csv' })
    const refused = await t.app.inject({ method: 'POST', url: `${staffBase}/rules`, headers: { cookie: jar.header(), 'content-type': forged.contentType }, payload: forged.payload })
    expect(refused.statusCode).toBe(403)

    const workbook = await upload('rules', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]), 'rules.xlsx')
    expect(workbook.statusCode).toBe(422)
    expect(workbook.body).toContain('Excelのブック(.xlsx)はそのまま読めません。')
    const empty = await upload('rules', '地区,分別区分,種類\r\n')
    expect(empty.statusCode).toBe(422)
    expect(empty.body).toContain('見出しのほかに行がありません。')
    expect(await countCalendarVersions(t.platform, tenant)).toBe(before)
  })

  it('reads a Shift_JIS file from Excel, resolving district names to codes, and downloads it back', async () => {
    const sjis = encodeShiftJis(RULES_2027.replace('chuo-1,ペットボトル', '中央一丁目,ペットボトル'))
    expect(sjis.replaced).toBe(0)
    const res = await upload('rules', sjis.bytes, 'rules-sjis.csv')
    expect(res.statusCode).toBe(303)
    const stored = await withTenant(t.platform.database.db, tenant.id, trx => findCurrentCalendar(trx, tenant.id))
    expect(stored?.calendar.rules.find(rule => rule.type === 'ペットボトル')?.district).toBe('chuo-1')
    // the closure set earlier survives an import
    expect(stored?.calendar.yearEndClosure).toBe('dec-29')
    const download = await staffGet('/rules.csv')
    expect(download.headers['content-type']).toBe('text/csv; charset=utf-8')
    expect(download.body).toContain('chuo-1,ペットボトル,毎週,金,,,収集,')
    expect(download.body).toContain('chuo-2,燃えるごみ,毎週,火・金,,,収集,')
  })

  it('imports the sorting dictionary and finds items written in hiragana, katakana, kanji and half-width kana', async () => {
    const dictionary = [
      '品目,よみがな,分別区分,出し方',
      'スプレー缶,すぷれーかん,有害ごみ,中身を使い切り、穴は開けずに出してください。',
      '乾電池,かんでんち,有害ごみ,端子にテープを貼ってください。',
      'ペットボトル,ぺっとぼとる,ペットボトル,キャップとラベルを外してください。',
      '傘,かさ,不燃ごみ,',
      '布団,ふとん,粗大ごみ,申し込みが必要です。',
    ].join('\r\n')
    expect((await upload('dictionary', encodeShiftJis(dictionary).bytes)).statusCode).toBe(303)
    const search = async (q: string) => publicGet(`/${tenant.slug}/garbage/search?q=${encodeURIComponent(q)}`)
    for (const q of ['すぷれー', 'スプレー', 'ｽﾌﾟﾚｰ', 'スプレーかん']) {
      const res = await search(q)
      expect(res.statusCode).toBe(200)
      const text = textOf(res.body)
      expect(text).toContain('スプレー缶')
      expect(text).toContain('有害ごみ')
      expect(text).toContain('中身を使い切り、穴は開けずに出してください。')
    }
    for (const q of ['乾電池', 'かんでんち', 'カンデンチ']) expect(textOf((await search(q)).body)).toContain('端子にテープを貼ってください。')
    expect(textOf((await search('かさ')).body)).toContain('傘')
    const none = await search('ぴあの')
    expect(none.statusCode).toBe(200)
    expect(textOf(none.body)).toContain('「ぴあの」は見つかりませんでした')
    expect(textOf(none.body)).toContain('わからないときは')
    const suggestion = await search('スプレー缶のふた')
    expect(textOf(suggestion.body)).toContain('もしかして')
    expect(textOf(suggestion.body)).toContain('スプレー缶')
    const english = await search('ｽﾌﾟﾚｰ&lang=en')
    expect(english.statusCode).toBe(200)
  })

  it('refuses a dictionary with a row missing its 分別区分, keeping the old dictionary', async () => {
    const res = await upload('dictionary', '品目,よみがな,分別区分,出し方\r\n鍋,なべ,不燃ごみ,\r\nやかん,やかん,,\r\n')
    expect(res.statusCode).toBe(422)
    expect(textOf(res.body)).toContain('3 分別区分 「分別区分」が空です。')
    const count = await withTenant(t.platform.database.db, tenant.id, async trx => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM garbage_sorting_entries`.execute(trx)).rows[0]?.n)
    expect(count).toBe(5)
    expect(textOf((await staffGet('/dictionary.csv')).body)).toContain('スプレー缶,すぷれーかん,有害ごみ')
  })

  it('keeps tenants apart: another town sees no calendar, no dictionary, and no rows of this one', async () => {
    expect((await publicGet(`/${other.slug}/garbage/chuo-1`)).statusCode).toBe(404)
    expect(textOf((await publicGet(`/${other.slug}/garbage`)).body)).toContain('ごみ収集カレンダーはまだ公開されていません。')
    expect(textOf((await publicGet(`/${other.slug}/garbage/search?q=スプレー`)).body)).toContain('見つかりませんでした')
    const rows = await withTenant(t.platform.database.db, other.id, async trx => (await sql<{ n: number }>`SELECT (SELECT count(*) FROM garbage_calendar_versions) + (SELECT count(*) FROM garbage_sorting_entries) + (SELECT count(*) FROM garbage_categories) AS n`.execute(trx)).rows[0]?.n)
    expect(Number(rows)).toBe(0)
    // this tenant's staff session does not open the other tenant's console
    const cross = await t.app.inject({ method: 'GET', url: `/${other.slug}/staff/notifications/garbage`, headers: { cookie: jar.header() } })
    expect(cross.statusCode).not.toBe(200)
  })

  it('requires notifications.manage for the staff pages', async () => {
    const operator = await createTestStaff(t.platform, tenant, 'outsourced_operator')
    const operatorJar = await loginStaff(t, tenant, operator, { stepsAhead: 1 })
    const res = await t.app.inject({ method: 'GET', url: staffBase, headers: { cookie: operatorJar.header() } })
    expect(res.statusCode).toBe(403)
    const anonymous = await t.app.inject({ method: 'GET', url: `${staffBase}/rules.csv` })
    expect([302, 303, 401]).toContain(anonymous.statusCode)
  })

  it('seeds デモ市 with a realistic calendar and dictionary, once', async () => {
    const demo = await createTestTenant(t.platform)
    await withTenant(t.platform.database.db, demo.id, trx => seedGarbageDemo(trx, demo.id))
    await withTenant(t.platform.database.db, demo.id, trx => seedGarbageDemo(trx, demo.id))
    expect(await countCalendarVersions(t.platform, demo)).toBe(1)
    const stored = await withTenant(t.platform.database.db, demo.id, trx => findCurrentCalendar(trx, demo.id))
    expect(new Set(stored?.calendar.rules.map(rule => rule.district))).toEqual(new Set(['chuo-1', 'chuo-2']))
    expect(stored?.calendar.yearEndClosure).toBe('dec-29')
    const page = await publicGet(`/${demo.slug}/garbage/chuo-1?month=2027-01&lang=en`)
    expect(textOf(monthCell(page.body, 'Mon 11 Jan') ?? '')).toContain('Burnable waste')
    expect(textOf(monthCell(page.body, 'Tue 5 Jan') ?? '')).toContain('Non-burnable waste')
    expect(textOf(monthCell(page.body, 'Wed 13 Jan') ?? '')).toContain('Recyclables')
    expect(textOf(monthCell(page.body, 'Fri 1 Jan') ?? '')).not.toContain('PET bottles')
    const futon = await publicGet(`/${demo.slug}/garbage/search?q=${encodeURIComponent('ふとん')}`)
    expect(textOf(futon.body)).toContain('粗大ごみ')
    expect(futon.body).toContain(`href="/${demo.slug}/procedures/sodai-gomi"`)
    const entries = await withTenant(t.platform.database.db, demo.id, async trx => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM garbage_sorting_entries`.execute(trx)).rows[0]?.n)
    expect(entries).toBeGreaterThanOrEqual(60)
  })
})
