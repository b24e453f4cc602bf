import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, csrfFrom, TEST_DB, type TestApp } from '../../../../test/app.js'
import { createTestStaff, createTestTenant, loginStaff } from '../../../../test/factories.js'
import { withTenant } from '../../../platform/db/tenant-context.js'
import type { StaffRole } from '../../../platform/db/schema.js'
import type { TenantContext } from '../../../platform/tenancy/tenant-service.js'
import { notificationsDb } from '../notification-tables.js'
import { getTemplateVersion, listTemplates } from './index.js'
import { seedTemplatesDemo } from './templates-demo.js'

const FORM = {
  key: 'bousai-kunren',
  name: '防災訓練のお知らせ',
  topicId: '',
  ja__subject: '((date))に防災訓練を行います',
  ja__body: '((place))で訓練を行います。\n\nサイレンが鳴ります。',
  ja__sms: '【市】((date)) ((place))で防災訓練',
  'ja-easy__subject': '((date)) に くんれん',
  'ja-easy__body': '((place)) で くんれん を します。',
  en__subject: 'Disaster drill on ((date))',
  en__body: 'A drill takes place at ((place)). <b>Sirens</b> & announcements are part of it.',
}

describe(`notification templates (${TEST_DB})`, () => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp()
  })
  afterAll(async () => t?.close())

  async function asStaff(tenant: TenantContext, role: StaffRole = 'administrator') {
    const staff = await createTestStaff(t.platform, tenant, role)
    const jar = await loginStaff(t, tenant, staff)
    const get = (path: string) => t.app.inject({ method: 'GET', url: `/${tenant.slug}/staff/notifications/templates${path}`, headers: { cookie: jar.header() } })
    const home = await t.app.inject({ method: 'GET', url: `/${tenant.slug}/staff/sessions`, headers: { cookie: jar.header() } })
    jar.store(home.headers['set-cookie'])
    const csrf = csrfFrom(home.body)
    const post = (path: string, payload: Record<string, string>) =>
      t.app.inject({ method: 'POST', url: `/${tenant.slug}/staff/notifications/templates${path}`, headers: { cookie: jar.header() }, payload: { _csrf: csrf, ...payload } })
    return { staff, jar, get, post }
  }

  const templateRows = (tenant: TenantContext) => withTenant(t.platform.database.db, tenant.id, trx => notificationsDb(trx).selectFrom('notificationTemplates').selectAll().execute())
  const versionRows = (tenant: TenantContext) =>
    withTenant(t.platform.database.db, tenant.id, trx => notificationsDb(trx).selectFrom('notificationTemplateVersions').selectAll().orderBy('version').execute())
  const auditRows = (tenant: TenantContext, action: string) =>
    withTenant(t.platform.database.db, tenant.id, trx => trx.selectFrom('auditLog').select(['actorId', 'subjectId', 'details']).where('action', '=', action).orderBy('seq').execute())
  const idFrom = (location: string | string[] | number | undefined) => /templates\/([0-9a-f-]{36})/.exec(String(location))?.[1] as string

  it('creates a template, saves changed texts as a new version, and keeps earlier versions readable', async () => {
    const tenant = await createTestTenant(t.platform)
    const staff = await asStaff(tenant)
    const empty = await staff.get('')
    expect(empty.statusCode).toBe(200)
    expect(empty.body).toContain('まだテンプレートはありません。')

    const created = await staff.post('', FORM)
    expect(created.statusCode).toBe(303)
    const id = idFrom(created.headers.location)
    expect(created.headers.location).toBe(`/${tenant.slug}/staff/notifications/templates/${id}?done=created`)
    expect((await templateRows(tenant))[0]).toMatchObject({ key: 'bousai-kunren', name: '防災訓練のお知らせ', currentVersion: 1 })
    const [first] = await versionRows(tenant)
    expect(first).toMatchObject({ version: 1, placeholders: ['date', 'place'], createdByStaffId: staff.staff.id })
    expect(first?.content.ja).toEqual({ subject: '((date))に防災訓練を行います', body: '((place))で訓練を行います。\n\nサイレンが鳴ります。', sms: '【市】((date)) ((place))で防災訓練' })

    const saved = await staff.post(`/${id}`, { ...FORM, baseVersion: '1', ja__body: '((place))で総合防災訓練を行います。' })
    expect(saved.headers.location).toBe(`/${tenant.slug}/staff/notifications/templates/${id}?done=saved`)
    const renamed = await staff.post(`/${id}`, { ...FORM, baseVersion: '2', name: '防災訓練(毎年)', ja__body: '((place))で総合防災訓練を行います。' })
    expect(renamed.headers.location).toContain('done=unchanged')
    expect((await templateRows(tenant))[0]).toMatchObject({ name: '防災訓練(毎年)', currentVersion: 2 })
    expect((await versionRows(tenant)).map(v => v.version)).toEqual([1, 2])

    // Saving over a version someone else replaced is refused, and nothing changes.
    const stale = await staff.post(`/${id}`, { ...FORM, baseVersion: '1', ja__body: '古い画面からの変更' })
    expect(stale.statusCode).toBe(422)
    expect(stale.body).toContain('別の職員が第2版を保存しました')
    expect((await versionRows(tenant)).length).toBe(2)

    const current = await staff.get(`/${id}`)
    expect(current.body).toContain('総合防災訓練')
    expect(current.body).toContain('第2版')
    const old = await staff.get(`/${id}?version=1`)
    expect(old.statusCode).toBe(200)
    expect(old.body).toContain('第1版を表示しています(今は第2版)')
    expect(old.body).toContain('((place))で訓練を行います。')
    expect((await staff.get(`/${id}?version=9`)).statusCode).toBe(404)

    await withTenant(t.platform.database.db, tenant.id, async trx => {
      expect(await getTemplateVersion(trx, tenant.id, id)).toMatchObject({ version: 2, placeholders: ['date', 'place'], template: { key: 'bousai-kunren' } })
      expect((await getTemplateVersion(trx, tenant.id, id, 1)).content.ja?.body).toBe('((place))で訓練を行います。\n\nサイレンが鳴ります。')
      expect((await listTemplates(trx, tenant.id)).map(row => row.key)).toEqual(['bousai-kunren'])
    })
    expect((await auditRows(tenant, 'notifications.template-save')).map(row => row.details)).toEqual([{ key: 'bousai-kunren', version: 2, placeholders: ['date', 'place'] }])
  })

  it('refuses languages that use different placeholders, naming the language and the placeholder, and stores nothing', async () => {
    const tenant = await createTestTenant(t.platform)
    const staff = await asStaff(tenant)
    const res = await staff.post('', { ...FORM, en__body: 'A drill at ((venue)).' })
    expect(res.statusCode).toBe(422)
    expect(res.body).toContain('英語(English): 日本語にある差し込み項目 ((place)) がありません。')
    expect(res.body).toContain('英語(English): 差し込み項目 ((venue)) は日本語にはありません。')
    expect(res.body).toContain('href="#en__body"')
    expect(res.body).toContain('A drill at ((venue)).')
    const forged = await t.app.inject({ method: 'POST', url: `/${tenant.slug}/staff/notifications/templates`, headers: { cookie: staff.jar.header() }, payload: FORM })
    expect(forged.statusCode).toBe(403) // no CSRF token
    expect(await templateRows(tenant)).toEqual([])

    await staff.post('', FORM)
    const again = await staff.post('', { ...FORM, name: '別の名前' })
    expect(again.statusCode).toBe(422)
    expect(again.body).toContain('このキーは別のテンプレートで使われています。')
    expect((await templateRows(tenant)).length).toBe(1)
  })

  it('previews a version per language and channel with sample values, marked 見本, with the email in a sandboxed document', async () => {
    const tenant = await createTestTenant(t.platform)
    const staff = await asStaff(tenant)
    const flex = JSON.stringify({ type: 'bubble', body: { type: 'box', layout: 'vertical', contents: [{ type: 'text', text: '((place))' }] }, footer: { type: 'box', layout: 'vertical', contents: [{ type: 'button', action: { type: 'uri', label: '避難所を見る', uri: 'https://example.jp/' } }] } })
    const id = idFrom((await staff.post('', { ...FORM, ja__lineFlex: flex })).headers.location)

    const ja = await staff.get(`/${id}/preview?sample.place=${encodeURIComponent('中央公民館')}`)
    expect(ja.statusCode).toBe(200)
    expect(ja.body).toContain('builder-preview__mark">見本</span>')
    expect(ja.body).toContain('【市】2026年4月12日(日) 中央公民館で防災訓練')
    expect(ja.body).toContain('[ボタン: 避難所を見る]')
    expect(ja.body).toMatch(/\d+文字、1通分/)
    expect(ja.body).toContain('sandbox=""')
    expect(ja.body).toContain(`value="${staff.staff.email}"`)

    const en = await staff.get(`/${id}/preview?lang=en&sample.date=April+12`)
    expect(en.body).toContain('Disaster drill on April 12')
    expect(en.body).toContain('&lt;b&gt;Sirens&lt;/b&gt;')
    const vietnamese = await staff.get(`/${id}/preview?lang=vi`)
    expect(vietnamese.body).toContain('ベトナム語(Tiếng Việt)の文はありません。ベトナム語(Tiếng Việt)を選んだ住民にはやさしい日本語で送られます。')

    const email = await staff.get(`/${id}/preview/email?lang=en&sample.date=April+12`)
    expect(email.statusCode).toBe(200)
    expect(email.headers['content-security-policy']).toContain('sandbox')
    expect(email.headers['content-security-policy']).toContain("frame-ancestors 'self'")
    expect(email.headers['content-security-policy']).toContain("default-src 'none'")
    expect(email.headers['x-frame-options']).toBe('SAMEORIGIN')
    expect(email.body).toContain('<html lang="en">')
    expect(email.body).toContain('A drill takes place at 市民体育館. &lt;b&gt;Sirens&lt;/b&gt; &amp; announcements')
    expect(email.body).not.toContain('<b>Sirens')
  })

  it('test-sends the rendered email to the staff member’s own address, audited and limited to 10 an hour', async () => {
    const tenant = await createTestTenant(t.platform)
    const staff = await asStaff(tenant)
    const id = idFrom((await staff.post('', FORM)).headers.location)

    const bad = await staff.post(`/${id}/test-send`, { email: 'not-an-address', lang: 'ja', version: '1' })
    expect(bad.statusCode).toBe(422)
    expect(bad.body).toContain('メールアドレスを正しく入力してください')

    const elsewhere = await staff.post(`/${id}/test-send`, { email: 'someone-else@example.jp', lang: 'en', version: '1', 'sample.date': 'April 12' })
    expect(elsewhere.statusCode).toBe(422)
    expect(elsewhere.body).toContain('試し送信は、ご自身の職員アカウントのメールアドレスにだけ送れます')
    const sent = await staff.post(`/${id}/test-send`, { email: staff.staff.email, lang: 'en', version: '1', 'sample.date': 'April 12' })
    expect(sent.statusCode).toBe(303)
    expect(sent.headers.location).toContain('sent=1')
    const mails = await withTenant(t.platform.database.db, tenant.id, trx => trx.selectFrom('mailLog').selectAll().where('template', '=', 'notifications.template-test').execute())
    expect(mails).toHaveLength(1)
    expect(mails[0]).toMatchObject({ toAddress: staff.staff.email, subject: '[Sample] Disaster drill on April 12', status: 'sent' })
    expect(mails[0]?.htmlBody).toContain('This is a sample of a template.')
    expect(await auditRows(tenant, 'notifications.template-test-send')).toEqual([{ actorId: staff.staff.id, subjectId: id, details: { version: 1, language: 'en', to: staff.staff.email } }])

    for (let i = 1; i < 10; i++) expect((await staff.post(`/${id}/test-send`, { email: staff.staff.email, lang: 'ja', version: '1' })).statusCode).toBe(303)
    const limited = await staff.post(`/${id}/test-send`, { email: staff.staff.email, lang: 'ja', version: '1' })
    expect(limited.statusCode).toBe(429)
    expect(limited.body).toContain('テスト送信は1時間に10回までです')
  })

  it('keeps templates to staff with notification permissions and to their own municipality', async () => {
    const tenant = await createTestTenant(t.platform)
    const admin = await asStaff(tenant)
    const id = idFrom((await admin.post('', FORM)).headers.location)
    const operator = await asStaff(tenant, 'outsourced_operator')
    expect((await operator.get('')).statusCode).toBe(403)
    expect((await operator.get(`/${id}/preview`)).statusCode).toBe(403)
    expect((await operator.post('', { ...FORM, key: 'other' })).statusCode).toBe(403)

    const other = await createTestTenant(t.platform)
    const outsider = await asStaff(other)
    expect((await outsider.get(`/${id}`)).statusCode).toBe(404)
    expect((await outsider.get(`/${id}/preview/email`)).statusCode).toBe(404)
    expect((await outsider.post(`/${id}`, { ...FORM, baseVersion: '1' })).statusCode).toBe(404)
    expect((await templateRows(tenant))[0]?.currentVersion).toBe(1)
  })

  it('seeds デモ市’s templates in three languages once', async () => {
    const tenant = await createTestTenant(t.platform)
    await withTenant(t.platform.database.db, tenant.id, trx => seedTemplatesDemo(trx, tenant.id))
    await withTenant(t.platform.database.db, tenant.id, trx => seedTemplatesDemo(trx, tenant.id))
    const rows = await templateRows(tenant)
    expect(rows.map(row => row.name).sort()).toEqual(['健診のご案内', '子育て広場イベント', '燃えるごみ収集日の変更', '防災訓練のお知らせ'].sort())
    const drill = rows.find(row => row.key === 'bousai-kunren')
    expect(drill?.currentVersion).toBe(2)
    const versions = await versionRows(tenant)
    for (const version of versions) expect(Object.keys(version.content).sort()).toEqual(['en', 'ja', 'ja-easy'])
  })
})
