import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, csrfFrom, TEST_DB, type TestApp } from '../../../../test/app.js'
import { createTestStaff, createTestTenant, loginStaff } from '../../../../test/factories.js'
import type { StaffRole } from '../../../platform/db/schema.js'
import { withTenant } from '../../../platform/db/tenant-context.js'
import type { TenantContext } from '../../../platform/tenancy/tenant-service.js'
import type { ProcedureDocument } from '../form/form-definition.js'
import { proceduresDb } from '../procedure-tables.js'

type Form = Record<string, string | string[]>

function urlencoded(form: Form): string {
  const params = new URLSearchParams()
  for (const [name, value] of Object.entries(form)) for (const v of [value].flat()) params.append(name, v)
  return params.toString()
}

function multipart(boundary: string, fields: Form, file?: { field: string; name: string; content: string }): string {
  const parts = Object.entries(fields).flatMap(([name, value]) => [value].flat().map(v => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${v}\r\n`))
  if (file) parts.push(`--${boundary}\r\nContent-Disposition: form-data; name="${file.field}"; filename="${file.name}"\r\nContent-Type: application/json\r\n\r\n${file.content}\r\n`)
  return `${parts.join('')}--${boundary}--\r\n`
}

describe(`form builder (${TEST_DB})`, () => {
  let t: TestApp
  let app: FastifyInstance
  beforeAll(async () => {
    t = await createTestApp()
    app = t.app
  })
  afterAll(async () => {
    await t?.close()
  })

  /** A logged-in staff member of the tenant, browsing the builder. */
  async function asStaff(tenant: TenantContext, role: StaffRole = 'clerk') {
    const staff = await createTestStaff(t.platform, tenant, role)
    const jar = await loginStaff(t, tenant, staff)
    const home = await app.inject({ method: 'GET', url: `/${tenant.slug}/staff`, headers: { cookie: jar.header() } })
    const csrf = csrfFrom(home.body)
    const base = `/${tenant.slug}/staff/procedures`
    const get = (path: string) => app.inject({ method: 'GET', url: `${base}${path}`, headers: { cookie: jar.header() } })
    const post = (path: string, form: Form = {}) =>
      app.inject({ method: 'POST', url: `${base}${path}`, headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' }, payload: urlencoded({ _csrf: csrf, ...form }) })
    const upload = (path: string, fields: Form, file?: { field: string; name: string; content: string }) =>
      app.inject({ method: 'POST', url: `${base}${path}`, headers: { cookie: jar.header(), 'content-type': 'multipart/form-data; boundary=yakubaBoundary' }, payload: multipart('yakubaBoundary', { _csrf: csrf, ...fields }, file) })
    return { staff, get, post, upload, base }
  }

  const db = <T,>(tenant: TenantContext, fn: Parameters<typeof withTenant<T>>[2]) => withTenant(t.platform.database.db, tenant.id, fn)
  const draftOf = (tenant: TenantContext, id: string) => db(tenant, trx => proceduresDb(trx).selectFrom('procedures').selectAll().where('id', '=', id).executeTakeFirstOrThrow())
  const versionsOf = (tenant: TenantContext, id: string) => db(tenant, trx => proceduresDb(trx).selectFrom('procedureVersions').selectAll().where('procedureId', '=', id).orderBy('version').execute())
  const countProcedures = (tenant: TenantContext) => db(tenant, async trx => (await proceduresDb(trx).selectFrom('procedures').select('id').execute()).length)
  const idFrom = (res: LightMyRequestResponse) => /procedures\/([0-9a-f-]{36})/.exec(String(res.headers.location))?.[1] ?? ''

  function expectRedirect(res: LightMyRequestResponse, pattern: RegExp) {
    expect(res.statusCode, res.statusCode === 422 ? res.body.match(/error-summary__list">(.*?)<\/ul>/s)?.[1] : res.body.slice(0, 300)).toBe(303)
    expect(String(res.headers.location)).toMatch(pattern)
  }

  /** Creates a blank procedure and builds: page 2 with a single choice `reason` and a text `reasonOther` shown when reason = other. */
  async function buildConditionalForm(staff: Awaited<ReturnType<typeof asStaff>>, slug = 'absence-notice') {
    const created = await staff.post('', { source: 'blank', titleJa: '欠席の連絡', slug })
    expectRedirect(created, /\?done=created$/)
    const id = idFrom(created)
    expectRedirect(await staff.post(`/${id}/pages`, { titleJa: '連絡の内容' }), /\?done=page-added#page-page2$/)
    expectRedirect(await staff.post(`/${id}/pages/page2/elements`, { type: 'singleChoice' }), /\/elements\/singleChoice1\?done=element-added$/)
    const editor = await staff.get(`/${id}/elements/singleChoice1?done=element-added`)
    expect(editor.statusCode).toBe(200)
    expect(editor.body).toContain('項目を追加しました。')
    expectRedirect(
      await staff.post(`/${id}/elements/singleChoice1`, {
        id: 'reason', labelJa: '理由', labelEasy: 'りゆう', labelEn: 'Reason', hintJa: '', required: 'yes', prefill: '', reuseKey: '',
        options: 'illness|体調不良|からだの ちょうしが わるい|Unwell\nother|その他|そのほか|Other', conditionMode: 'always', conditionRows: '2',
      }),
      /\?done=element-saved#element-reason$/,
    )
    expectRedirect(await staff.post(`/${id}/pages/page2/elements`, { type: 'text' }), /\/elements\/text1\?/)
    expectRedirect(
      await staff.post(`/${id}/elements/text1`, {
        id: 'reasonOther', labelJa: 'その他の理由', required: 'yes', minLength: '', maxLength: '100', patternRegex: '', prefill: '', reuseKey: '',
        conditionMode: 'all', conditionRows: '2', condition1Field: 'reason', condition1Operator: 'equals', condition1Value: 'other', condition2Field: '',
      }),
      /#element-reasonOther$/,
    )
    return id
  }

  it('builds a form through the real pages: a page, a choice and a text shown only for one answer, then publishes version 1', async () => {
    const tenant = await createTestTenant(t.platform)
    const staff = await asStaff(tenant)
    const list = await staff.get('')
    expect(list.statusCode).toBe(200)
    expect(list.body).toContain('新しい手続きを作る')
    const id = await buildConditionalForm(staff)

    const draft = (await draftOf(tenant, id)).draftDocument
    expect(draft.form.pages.map(p => p.id)).toEqual(['page1', 'page2'])
    expect(draft.form.pages[1].elements).toEqual([
      { id: 'reason', type: 'singleChoice', label: { ja: '理由', 'ja-easy': 'りゆう', en: 'Reason' }, required: true, options: [{ value: 'illness', label: { ja: '体調不良', 'ja-easy': 'からだの ちょうしが わるい', en: 'Unwell' } }, { value: 'other', label: { ja: 'その他', 'ja-easy': 'そのほか', en: 'Other' } }] },
      { id: 'reasonOther', type: 'text', label: { ja: 'その他の理由' }, required: true, maxLength: 100, showIf: { field: 'reason', equals: 'other' } },
    ])
    const overview = await staff.get(`/${id}`)
    expect(overview.body).toContain('表示する条件: 「理由」が「その他」のとき')
    expect(overview.body).toContain('下書き')

    const published = await staff.post(`/${id}/publish`)
    expectRedirect(published, /\?done=published&version=1$/)
    const [version] = await versionsOf(tenant, id)
    expect(version).toMatchObject({ version: 1, publishedBy: staff.staff.id })
    expect(version.document).toEqual(draft)
    expect(version.jsonSchema).toMatchObject({ type: 'object', properties: { reason: { enum: ['illness', 'other'] } }, allOf: [{ if: { required: ['reason'] }, then: { required: ['reasonOther'] } }] })
    expect((await draftOf(tenant, id)).status).toBe('published')
    const audit = await db(tenant, trx => trx.selectFrom('auditLog').select(['actorId', 'subjectId', 'details']).where('action', '=', 'procedure.publish').execute())
    expect(audit).toEqual([{ actorId: staff.staff.id, subjectId: id, details: { slug: 'absence-notice', version: 1, reopened: false } }])
    const after = await staff.get(`/${id}?done=published&version=1`)
    expect(after.body).toContain('第1版として公開しました。')
    expect(after.body).toContain('公開中(第1版)')
  })

  it('edits only the draft after publishing: version 1 stays as it was, and the list shows unpublished changes', async () => {
    const tenant = await createTestTenant(t.platform)
    const staff = await asStaff(tenant)
    const id = await buildConditionalForm(staff)
    expectRedirect(await staff.post(`/${id}/publish`), /version=1/)
    const [before] = await versionsOf(tenant, id)

    const settings = await staff.get(`/${id}/settings`)
    expect(settings.statusCode).toBe(200)
    const form: Form = {}
    for (const [tag] of settings.body.matchAll(/<input[^>]*>/g)) {
      const name = /name="([^"]+)"/.exec(tag)?.[1]
      const value = /value="([^"]*)"/.exec(tag)?.[1]
      if (!name || value === undefined || (/type="(checkbox|radio)"/.test(tag) && !/ checked/.test(tag))) continue
      form[name] = [form[name] ?? []].flat().concat(value.replace(/&amp;/g, '&'))
    }
    for (const match of settings.body.matchAll(/<textarea[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/textarea>/g)) form[match[1]] = match[2]
    for (const match of settings.body.matchAll(/<select[^>]*name="([^"]+)"[\s\S]*?<\/select>/g)) form[match[1]] = /<option value="([^"]*)" selected/.exec(match[0])?.[1] ?? ''
    delete form._csrf
    expectRedirect(await staff.post(`/${id}/settings`, { ...form, titleJa: '欠席・遅刻の連絡', processingDays: '1' }), /done=settings-saved/)

    const [frozen] = await versionsOf(tenant, id)
    expect(frozen.document).toEqual(before.document)
    expect(frozen.document.title.ja).toBe('欠席の連絡')
    expect((await draftOf(tenant, id)).draftDocument).toMatchObject({ title: { ja: '欠席・遅刻の連絡' }, processingDays: 1 })
    const list = await staff.get('')
    expect(list.body).toContain('未公開の変更あり')

    expectRedirect(await staff.post(`/${id}/publish`), /version=2$/)
    expect((await versionsOf(tenant, id)).map(v => [v.version, v.document.title.ja])).toEqual([[1, '欠席の連絡'], [2, '欠席・遅刻の連絡']])
    const again = await staff.post(`/${id}/publish`)
    expect(again.statusCode).toBe(422)
    expect(again.body).toContain('公開中の版から変更がないため、新しい版は作りませんでした。')
    expect(await versionsOf(tenant, id)).toHaveLength(2)
    const upToDate = await staff.get(`/${id}`)
    expect(upToDate.body).toContain('第2版を公開中です。下書きは公開中の版と同じです。')
    expect(upToDate.body).not.toContain('>公開する</button>')

    expectRedirect(await staff.post(`/${id}/archive`), /done=archived/)
    expect((await draftOf(tenant, id)).status).toBe('archived')
    expect((await staff.get('')).body).toContain('公開終了')
  })

  it('refuses edits that would break the form with 422 and an error summary, storing nothing', async () => {
    const tenant = await createTestTenant(t.platform)
    const staff = await asStaff(tenant)
    const id = await buildConditionalForm(staff)
    const before = (await draftOf(tenant, id)).draftDocument

    const moved = await staff.post(`/${id}/elements/reasonOther/move`, { direction: 'up' })
    expect(moved.statusCode).toBe(422)
    expect(moved.body).toContain('条件が「reason」を使っていますが、それより前にある、回答できる項目ではありません。')
    // the summary links to the field whose condition would break
    expect(moved.body).toContain('href="#element-reasonOther"')

    const deleted = await staff.post(`/${id}/elements/reason/delete`)
    expect(deleted.statusCode).toBe(422)
    expect(deleted.body).toContain('この項目は、次の条件や手数料で使われているため削除できません: 「その他の理由」')
    expect(deleted.body).toContain('href="#element-reason"')

    const invalid = await staff.post(`/${id}/elements/reasonOther`, { id: 'reason', labelJa: '', maxLength: '0', conditionMode: 'all', conditionRows: '2', condition1Field: 'reason', condition1Operator: 'greaterThan', condition1Value: 'x' })
    expect(invalid.statusCode).toBe(422)
    expect(invalid.body).toContain('href="#labelJa"')
    expect(invalid.body).toContain('href="#maxLength"')
    expect(invalid.body).toContain('href="#condition1Value"')
    expect(invalid.body).toContain('aria-invalid="true"')

    const duplicate = await staff.post(`/${id}/elements/reasonOther`, { id: 'reason', labelJa: 'その他の理由', maxLength: '100', conditionMode: 'always', conditionRows: '2' })
    expect(duplicate.statusCode).toBe(422)
    expect(duplicate.body).toContain('ID「reason」はほかのページや項目で使われています。')

    expect((await draftOf(tenant, id)).draftDocument).toEqual(before)
  })

  it('moves elements with the up / down buttons and by drag-and-drop targets, across pages', async () => {
    const tenant = await createTestTenant(t.platform)
    const staff = await asStaff(tenant)
    const id = await buildConditionalForm(staff)
    expectRedirect(await staff.post(`/${id}/elements/reason/move`, { direction: 'up' }), /done=element-moved#element-reason$/)
    let doc = (await draftOf(tenant, id)).draftDocument
    expect(doc.form.pages.map(p => p.elements.map(e => e.id))).toEqual([['applicantName', 'reason'], ['reasonOther']])
    expectRedirect(await staff.post(`/${id}/elements/applicantName/move`, { toPage: 'page2', toIndex: '1' }), /element-moved/)
    doc = (await draftOf(tenant, id)).draftDocument
    expect(doc.form.pages.map(p => p.elements.map(e => e.id))).toEqual([['reason'], ['reasonOther', 'applicantName']])
    // page 2's field depends on page 1's answer: page 2 cannot go first
    const refused = await staff.post(`/${id}/pages/page2/move`, { direction: 'up' })
    expect(refused.statusCode).toBe(422)
    expect(refused.body).toContain('href="#element-reasonOther"')
    expectRedirect(await staff.post(`/${id}/pages`, { titleJa: '確認' }), /#page-page3$/)
    expectRedirect(await staff.post(`/${id}/pages/page3/move`, { direction: 'up' }), /done=page-moved#page-page3$/)
    expect((await draftOf(tenant, id)).draftDocument.form.pages.map(p => p.id)).toEqual(['page1', 'page3', 'page2'])
    expect((await staff.post(`/${id}/pages/page1/move`, { direction: 'up' })).statusCode).toBe(422)
  })

  it('exports the draft as one JSON file and imports it back, equal, offering a free slug on a clash', async () => {
    const tenant = await createTestTenant(t.platform)
    const staff = await asStaff(tenant)
    const id = await buildConditionalForm(staff, 'round-trip')
    const exported = await staff.get(`/${id}/export`)
    expect(exported.statusCode).toBe(200)
    expect(exported.headers['content-type']).toBe('application/json; charset=utf-8')
    expect(exported.headers['content-disposition']).toBe('attachment; filename="round-trip.json"')
    const document = JSON.parse(exported.body) as ProcedureDocument
    expect(document).toEqual((await draftOf(tenant, id)).draftDocument)

    const clash = await staff.upload('/import', { json: '', slug: '' }, { field: 'file', name: 'round-trip.json', content: exported.body })
    expect(clash.statusCode).toBe(422)
    expect(clash.body).toContain('URL名「round-trip」はほかの手続きで使われています。例えば「round-trip-2」にしてください。')
    expect(clash.body).toContain('value="round-trip-2"')
    expect(await countProcedures(tenant)).toBe(1)

    const imported = await staff.upload('/import', { json: '', slug: 'round-trip-2' }, { field: 'file', name: 'round-trip.json', content: exported.body })
    expectRedirect(imported, /\?done=imported$/)
    const copy = (await draftOf(tenant, idFrom(imported))).draftDocument
    expect(copy).toEqual({ ...document, slug: 'round-trip-2' })

    // the textarea works too (no upload), and a version can be exported
    const pasted = await staff.post('/import', { json: JSON.stringify({ ...document, slug: 'round-trip-3' }), slug: '' })
    expectRedirect(pasted, /done=imported/)
    expectRedirect(await staff.post(`/${id}/publish`), /version=1/)
    const version = await staff.get(`/${id}/export?version=1`)
    expect(JSON.parse(version.body)).toEqual(document)
    expect((await staff.get(`/${id}/export?version=9`)).statusCode).toBe(404)
    expect(await countProcedures(tenant)).toBe(3)
  })

  it('refuses a tampered file with a translated list of problems (path and message), storing nothing', async () => {
    const tenant = await createTestTenant(t.platform)
    const staff = await asStaff(tenant)
    const id = await buildConditionalForm(staff, 'original')
    const document = (await draftOf(tenant, id)).draftDocument
    const tamper = (change: (doc: ProcedureDocument & Record<string, unknown>) => void) => {
      const copy = structuredClone({ ...document, slug: 'tampered' }) as ProcedureDocument & Record<string, unknown>
      change(copy)
      return JSON.stringify(copy)
    }
    const cases: [string, string, string[]][] = [
      ['unknown field type', tamper(doc => ((doc.form.pages[1].elements[1] as { type: string }).type = 'colourPicker')), ['項目の種類が正しくありません。', '2ページ目(page2) › 2番目の項目(reasonOther) › type', 'form.pages.1.elements.1.type']],
      ['condition on a later field', tamper(doc => doc.form.pages[1].elements.reverse()), ['条件が「reason」を使っていますが', 'form.pages.1.elements.0.showIf']],
      ['My Number without permission', tamper(doc => doc.form.pages[0].elements.push({ id: 'myNumber', type: 'myNumber', label: { ja: '個人番号' }, required: true })), ['マイナンバーの項目は、基本情報で「マイナンバーを取り扱う」を選び', 'form.pages.0.elements.1.type']],
      ['not JSON at all', '{"format": "yakuba.procedure/v1",', ['JSONとして読めません']],
    ]
    for (const [name, content, expected] of cases) {
      const res = await staff.upload('/import', { json: '', slug: '' }, { field: 'file', name: 'tampered.json', content })
      expect(res.statusCode, name).toBe(422)
      for (const text of expected) expect(res.body, name).toContain(text.replace(/"/g, '&quot;'))
      expect(res.body).toContain('何も登録していません。')
    }
    expect(await countProcedures(tenant)).toBe(1)
  })

  it('adds a My Number field only with myNumberAllowed and a legal basis, and says why otherwise', async () => {
    const tenant = await createTestTenant(t.platform)
    const staff = await asStaff(tenant)
    const created = await staff.post('', { source: 'blank', titleJa: 'テスト', slug: 'my-number-test' })
    const id = idFrom(created)
    const overview = await staff.get(`/${id}`)
    expect(overview.body).toContain('マイナンバー(個人番号)の項目は、番号法で利用が認められた手続きだけで使えます。')
    expect(overview.body).not.toContain('value="myNumber"')
    const refused = await staff.post(`/${id}/pages/page1/elements`, { type: 'myNumber' })
    expect(refused.statusCode).toBe(422)
    expect(refused.body).toContain('href="#type-page1"')
    expect((await draftOf(tenant, id)).draftDocument.form.pages[0].elements).toHaveLength(1)

    const fromTemplate = await staff.post('', { source: 'jidou-teate', titleJa: '', slug: '' })
    expectRedirect(fromTemplate, /done=created/)
    const jidou = await staff.get(`/${idFrom(fromTemplate)}`)
    expect(jidou.body).toContain('value="myNumber"')
  })

  it('creates from each template, and offers a free slug when the template was already used', async () => {
    const tenant = await createTestTenant(t.platform)
    const staff = await asStaff(tenant)
    for (const slug of ['juminhyo-copy', 'jidou-teate', 'dog-registration', 'sodai-gomi', 'school-absence']) expectRedirect(await staff.post('', { source: slug, titleJa: '', slug: '' }), /done=created/)
    const again = await staff.post('', { source: 'dog-registration', titleJa: '', slug: '' })
    expect(again.statusCode).toBe(422)
    expect(again.body).toContain('例えば「dog-registration-2」にしてください。')
    expect(await countProcedures(tenant)).toBe(5)
    const list = await staff.get('')
    expect(list.body).toContain('犬の登録申請')
    expect(list.body).toContain('学校の欠席連絡')
  })

  it('previews the draft as a resident sees it, marked as a sample, with no way to submit', async () => {
    const tenant = await createTestTenant(t.platform)
    const staff = await asStaff(tenant)
    const id = await buildConditionalForm(staff)
    const preview = await staff.get(`/${id}/preview?page=2&language=ja`)
    expect(preview.statusCode).toBe(200)
    expect(preview.body).toContain('見本')
    expect(preview.body).toContain('name="reason"')
    expect(preview.body).toContain('name="reasonOther"')
    expect(preview.body).toContain('表示する条件: 「理由」が「その他」のとき')
    expect(preview.body).not.toMatch(/<form[^>]*method="post"[^>]*action="[^"]*\/submit/)
    const english = await staff.get(`/${id}/preview?page=2&language=en`)
    expect(english.body).toContain('lang="en"')
    expect(english.body).toContain('Unwell')
    const last = await staff.get(`/${id}/preview?page=3`)
    expect(last.body).toContain('記載した内容に誤りはありません。')
  })

  it('edits the fee: an item priced per a number field, an exemption, and removing the fee', async () => {
    const tenant = await createTestTenant(t.platform)
    const staff = await asStaff(tenant)
    const created = await staff.post('', { source: 'blank', titleJa: '証明書', slug: 'certificate' })
    const id = idFrom(created)
    expectRedirect(await staff.post(`/${id}/pages/page1/elements`, { type: 'number' }), /number1/)
    expectRedirect(await staff.post(`/${id}/elements/number1`, { id: 'copies', labelJa: '通数', required: 'yes', integer: 'yes', min: '1', max: '10', conditionMode: 'always' }), /element-saved/)
    expectRedirect(await staff.post(`/${id}/fee/enable`), /\/fee\/items\/fee1\?done=fee-enabled$/)
    expectRedirect(await staff.post(`/${id}/fee/items/fee1`, { id: 'copyFee', labelJa: '交付手数料', unitYen: '300', quantityField: 'copies', conditionMode: 'always' }), /done=item-saved/)
    const badExemption = await staff.post(`/${id}/fee/exemptions`, { labelJa: '公用', conditionMode: 'always' })
    expect(badExemption.statusCode).toBe(422)
    expectRedirect(await staff.post(`/${id}/fee/exemptions`, { labelJa: '公用のため免除', conditionMode: 'all', conditionRows: '2', condition1Field: 'copies', condition1Operator: 'greaterThan', condition1Value: '5' }), /done=exemption-saved/)
    expectRedirect(await staff.post(`/${id}/fee`, { timing: 'after-approval', methods: ['online', 'counter'] }), /done=fee-saved/)
    const fee = (await draftOf(tenant, id)).draftDocument.fee
    expect(fee).toEqual({
      timing: 'after-approval',
      items: [{ id: 'copyFee', label: { ja: '交付手数料' }, unitYen: 300, quantityField: 'copies' }],
      exemptions: [{ label: { ja: '公用のため免除' }, when: { field: 'copies', greaterThan: 5 } }],
      methods: ['online', 'counter'],
    })
    const inUse = await staff.post(`/${id}/elements/copies/delete`)
    expect(inUse.statusCode).toBe(422)
    expectRedirect(await staff.post(`/${id}/fee/remove`), /done=fee-removed/)
    expect((await draftOf(tenant, id)).draftDocument.fee).toBeUndefined()
  })

  it('lets only staff with procedures.manage in (a partner organisation member gets 403)', async () => {
    const tenant = await createTestTenant(t.platform)
    const owner = await asStaff(tenant)
    const id = idFrom(await owner.post('', { source: 'blank', titleJa: 'テスト', slug: 'forbidden-test' }))
    const partner = await asStaff(tenant, 'partner_member')
    expect((await partner.get('')).statusCode).toBe(403)
    expect((await partner.get(`/${id}`)).statusCode).toBe(403)
    expect((await partner.post('', { source: 'blank', titleJa: 'x', slug: 'x-test' })).statusCode).toBe(403)
    expect((await partner.post(`/${id}/publish`)).statusCode).toBe(403)
    expect((await partner.get(`/${id}/export`)).statusCode).toBe(403)
    expect(await countProcedures(tenant)).toBe(1)

    // another municipality's staff cannot reach this procedure either
    const stranger = await asStaff(await createTestTenant(t.platform))
    expect((await stranger.get(`/${id}`)).statusCode).toBe(404)
  })
})
