import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, csrfFrom, TEST_DB, type TestApp } from '../../../../test/app.js'
import { createTestStaff, createTestTenant, loginStaff } from '../../../../test/factories.js'
import { createTestDistrict, createTestResident, createTestTopic } from '../../../../test/notification-factories.js'
import type { StaffRole } from '../../../platform/db/schema.js'
import { withTenant } from '../../../platform/db/tenant-context.js'
import type { TenantContext } from '../../../platform/tenancy/tenant-service.js'
import { configureDeliveryTransports, insertNotice, runDeliveryPumpOnce } from '../delivery/index.js'
import { createFakeLine } from '../channels/line/fake-line.js'
import { DEV_LINE_ACCESS_TOKEN } from '../channels/line/line-credentials.js'
import { insertTemplate, insertTemplateVersion, takeNextVersion } from '../templates/template-repository.js'
import { notificationsDb, type NoticeContent } from '../notification-tables.js'
import { formatJapanDateTimeInput } from './compose-rules.js'

/** Text of each table row: header and cells, tags stripped. */
function tableRows(html: string): string[][] {
  return [...html.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map(row => [...row[1].matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map(cell => cell[1].replace(/<[^>]+>/g, '').trim()))
}

function rowOf(html: string, header: string): string[] | undefined {
  return tableRows(html).find(row => row[0] === header)
}

describe(`staff compose (${TEST_DB})`, () => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp()
    // The pump runs in one test: LINE goes to the fake, email is accepted without SMTP.
    const fake = createFakeLine({ channelAccessTokens: [DEV_LINE_ACCESS_TOKEN] })
    configureDeliveryTransports(t.platform, { lineFetch: fake.fetch, lineTimeoutMs: 500, email: { send: mail => Promise.resolve({ status: 'accepted', messageId: mail.messageId }), close() {} } })
  })
  afterAll(async () => t?.close())

  const inTenant = <T>(tenant: TenantContext, fn: Parameters<typeof withTenant<T>>[2]) => withTenant(t.platform.database.db, tenant.id, fn)

  /** A logged-in staff member with helpers to browse as them. */
  async function asStaff(tenant: TenantContext, role: StaffRole) {
    const staff = await createTestStaff(t.platform, tenant, role)
    const jar = await loginStaff(t, tenant, staff)
    const home = await t.app.inject({ method: 'GET', url: `/${tenant.slug}/staff`, headers: { cookie: jar.header() } })
    const csrf = csrfFrom(home.body)
    const base = `/${tenant.slug}/staff/notifications`
    const get = (path: string) => t.app.inject({ method: 'GET', url: `${base}${path}`, headers: { cookie: jar.header() } })
    const post = (path: string, payload: Record<string, string | string[]> = {}) =>
      t.app.inject({ method: 'POST', url: `${base}${path}`, headers: { cookie: jar.header() }, payload: { _csrf: csrf, ...payload } })
    return { staff, get, post, cookie: jar.header() }
  }

  /** A town with a topic, two districts and three residents: LINE + email, email only, nothing but the inbox. */
  async function municipality() {
    const tenant = await createTestTenant(t.platform)
    const topic = await createTestTopic(t.platform, tenant, 'bosai', { ja: '防災', 'ja-easy': 'ぼうさい', en: 'Disaster prevention' })
    const north = await createTestDistrict(t.platform, tenant, 'north')
    const south = await createTestDistrict(t.platform, tenant, 'south')
    const lineUser = await createTestResident(t.platform, tenant, {
      channels: { line: true, email: true },
      profile: { districtId: north.id, homeLat: 35.5, homeLng: 139.5 },
      topics: [{ topicId: topic.id, channels: ['inbox', 'line', 'email'] }],
    })
    const emailUser = await createTestResident(t.platform, tenant, { channels: { email: true }, profile: { districtId: south.id, homeLat: 36.5, homeLng: 140.5 } })
    const inboxOnly = await createTestResident(t.platform, tenant, { profile: { districtId: north.id } })
    return { tenant, topic, north, south, residents: { lineUser, emailUser, inboxOnly } }
  }

  function composeForm(overrides: Record<string, string | string[]> = {}): Record<string, string | string[]> {
    return { composeToken: randomUUID(), subjectJa: '防災訓練のお知らせ', bodyJa: '11月29日に防災訓練を行います。', priority: 'normal', audienceKind: 'everyone', timing: 'now', ...overrides }
  }

  /** Posts the compose form and returns the draft's id (from the redirect to its confirm page). */
  async function draft(as: Awaited<ReturnType<typeof asStaff>>, overrides: Record<string, string | string[]> = {}): Promise<string> {
    const res = await as.post('/new', composeForm(overrides))
    expect(res.statusCode, res.body.slice(0, 2000)).toBe(303)
    const match = /\/notifications\/([0-9a-f-]{36})\/confirm$/.exec(String(res.headers.location))
    if (!match) throw new Error(`unexpected redirect ${res.headers.location}`)
    return match[1]
  }

  function noticeRow(tenant: TenantContext, id: string) {
    return inTenant(tenant, trx => notificationsDb(trx).selectFrom('notices').selectAll().where('tenantId', '=', tenant.id).where('id', '=', id).executeTakeFirstOrThrow())
  }

  function deliveries(tenant: TenantContext, noticeId: string) {
    return inTenant(tenant, trx => notificationsDb(trx).selectFrom('deliveries').select(['channel', 'status', 'residentId']).where('tenantId', '=', tenant.id).where('noticeId', '=', noticeId).execute())
  }

  function countNotices(tenant: TenantContext) {
    return inTenant(tenant, async trx => Number((await notificationsDb(trx).selectFrom('notices').select(eb => eb.fn.countAll<string>().as('n')).where('tenantId', '=', tenant.id).executeTakeFirstOrThrow()).n))
  }

  function auditActions(tenant: TenantContext, action: string) {
    return inTenant(tenant, trx => trx.selectFrom('auditLog').select(['actorId', 'subjectId', 'details']).where('tenantId', '=', tenant.id).where('action', '=', action).orderBy('seq').execute())
  }

  it('shows the recipients per channel before sending, and sending creates exactly those deliveries', async () => {
    const { tenant } = await municipality()
    const clerk = await asStaff(tenant, 'clerk')
    const id = await draft(clerk, { subjectEasy: 'ぼうさい くんれん', bodyEasy: 'くんれん を します。', subjectEn: 'Disaster drill', bodyEn: 'A drill on 29 November.', linkUrl: `/${tenant.slug}/bosai` })

    const confirm = await clerk.get(`/${id}/confirm`)
    expect(confirm.statusCode).toBe(200)
    expect(confirm.body).toContain('3人に届きます')
    expect(rowOf(confirm.body, '受信箱(マイページ)')).toEqual(['受信箱(マイページ)', '3'])
    expect(rowOf(confirm.body, 'メール')).toEqual(['メール', '2'])
    expect(rowOf(confirm.body, 'LINE')).toEqual(['LINE', '1'])
    expect(rowOf(confirm.body, 'SMS')).toEqual(['SMS', '0'])
    expect(rowOf(confirm.body, '合計(人数)')).toEqual(['合計(人数)', '3'])
    // rendered per language and channel, with the link made absolute
    expect(confirm.body).toContain('Disaster drill')
    expect(confirm.body).toContain('ぼうさい くんれん')
    expect(confirm.body).toContain(`http://yakuba.test/${tenant.slug}/bosai`)
    expect(await deliveries(tenant, id)).toHaveLength(0)

    const sent = await clerk.post(`/${id}/send`)
    expect(sent.statusCode).toBe(303)
    expect(sent.headers.location).toBe(`/${tenant.slug}/staff/notifications/${id}?done=sent`)
    const rows = await deliveries(tenant, id)
    const perChannel = Object.fromEntries(['inbox', 'email', 'line', 'sms', 'push'].map(c => [c, rows.filter(r => r.channel === c).length]))
    expect(perChannel).toEqual({ inbox: 3, email: 2, line: 1, sms: 0, push: 0 })
    expect(await noticeRow(tenant, id)).toMatchObject({ status: 'sending', recipientCount: 3, source: 'staff', createdByStaffId: clerk.staff.id })
    expect(await auditActions(tenant, 'notifications.notice-send')).toMatchObject([{ actorId: clerk.staff.id, subjectId: id, details: { outcome: 'send-now', recipients: 3 } }])

    const page = await clerk.get(`/${id}?done=sent`)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('お知らせを送信しました')
    expect(page.body).toContain('data-auto-reload="5000"')
    expect(rowOf(page.body, 'LINE')).toEqual(['LINE', '0', '0', '1', '0', '0', '0', '1'])
    expect(page.body).toContain('role="img"')
  })

  it('creates one notice and one set of deliveries when the forms are submitted twice', async () => {
    const { tenant } = await municipality()
    const clerk = await asStaff(tenant, 'clerk')
    const form = composeForm()
    const first = await clerk.post('/new', form)
    const second = await clerk.post('/new', form)
    expect(first.statusCode).toBe(303)
    expect(second.headers.location).toBe(first.headers.location)
    expect(await countNotices(tenant)).toBe(1)

    const id = /\/([0-9a-f-]{36})\/confirm$/.exec(String(first.headers.location))?.[1] ?? ''
    const [a, b] = await Promise.all([clerk.post(`/${id}/send`), clerk.post(`/${id}/send`)])
    expect([a.headers.location, b.headers.location].sort()).toEqual([`/${tenant.slug}/staff/notifications/${id}?done=alreadySent`, `/${tenant.slug}/staff/notifications/${id}?done=sent`])
    expect(await deliveries(tenant, id)).toHaveLength(6)
    expect(await auditActions(tenant, 'notifications.notice-send')).toHaveLength(1)
  })

  it('holds a send over the threshold for approval; the composer cannot approve it, another supervisor can', async () => {
    const { tenant } = await municipality()
    const composer = await asStaff(tenant, 'supervisor')
    const other = await asStaff(tenant, 'supervisor')
    const clerk = await asStaff(tenant, 'clerk')
    expect((await composer.post('/settings', { approvalThreshold: '2' })).statusCode).toBe(303)
    expect(await auditActions(tenant, 'notifications.settings-update')).toMatchObject([{ details: { approvalThreshold: { from: 1000, to: 2 } } }])

    const id = await draft(composer)
    const confirm = await composer.get(`/${id}/confirm`)
    expect(confirm.body).toContain('このお知らせは承認が必要です')
    expect(confirm.body).toContain('届く人数が 2人を超えています')
    expect((await composer.post(`/${id}/send`)).headers.location).toContain('?done=pendingApproval')
    expect(await noticeRow(tenant, id)).toMatchObject({ status: 'pending_approval', recipientCount: 3 })
    expect(await deliveries(tenant, id)).toHaveLength(0)

    const own = await composer.get(`/${id}`)
    expect(own.body).toContain('ご自身が作成したお知らせは承認できません')
    expect(own.body).not.toContain('承認して送信する')
    expect((await composer.post(`/${id}/approve`)).statusCode).toBe(403)
    expect((await clerk.post(`/${id}/approve`)).statusCode).toBe(403)
    expect((await noticeRow(tenant, id)).status).toBe('pending_approval')

    const overview = await other.get('')
    expect(overview.body).toContain('承認待ち: 1件')
    expect((await other.get(`/${id}`)).body).toContain('承認して送信する')
    const approved = await other.post(`/${id}/approve`)
    expect(approved.headers.location).toBe(`/${tenant.slug}/staff/notifications/${id}?done=approved`)
    expect(await noticeRow(tenant, id)).toMatchObject({ status: 'sending', approvedByStaffId: other.staff.id })
    expect(await deliveries(tenant, id)).toHaveLength(6)
    expect(await auditActions(tenant, 'notifications.notice-approve')).toMatchObject([{ actorId: other.staff.id, subjectId: id }])
    // deciding twice changes nothing
    expect((await other.post(`/${id}/approve`)).statusCode).toBe(403)
  })

  it('needs approval for a critical notice from a clerk but not from a supervisor', async () => {
    const { tenant } = await municipality()
    const clerk = await asStaff(tenant, 'clerk')
    const supervisor = await asStaff(tenant, 'supervisor')
    const fromClerk = await draft(clerk, { priority: 'critical', isDigestible: 'yes' })
    expect((await clerk.get(`/${fromClerk}/confirm`)).body).toContain('緊急のお知らせです')
    await clerk.post(`/${fromClerk}/send`)
    expect(await noticeRow(tenant, fromClerk)).toMatchObject({ status: 'pending_approval', priority: 'critical', isDigestible: false })

    const fromSupervisor = await draft(supervisor, { priority: 'critical' })
    await supervisor.post(`/${fromSupervisor}/send`)
    expect((await noticeRow(tenant, fromSupervisor)).status).toBe('sending')

    // approved before its scheduled time, it waits for that time
    const later = await draft(clerk, { priority: 'critical', timing: 'scheduled', scheduledAt: formatJapanDateTimeInput(new Date(Date.now() + 2 * 3_600_000)) })
    await clerk.post(`/${later}/send`)
    expect((await noticeRow(tenant, later)).status).toBe('pending_approval')
    await supervisor.post(`/${later}/approve`)
    expect(await noticeRow(tenant, later)).toMatchObject({ status: 'scheduled', approvedByStaffId: supervisor.staff.id })
    expect(await deliveries(tenant, later)).toHaveLength(0)
  })

  it('rejects a pending notice only with a reason, which the composer then sees', async () => {
    const { tenant } = await municipality()
    const clerk = await asStaff(tenant, 'clerk')
    const supervisor = await asStaff(tenant, 'supervisor')
    const id = await draft(clerk, { priority: 'critical' })
    await clerk.post(`/${id}/send`)

    const empty = await supervisor.post(`/${id}/reject`, { reason: '  ' })
    expect(empty.statusCode).toBe(422)
    expect(empty.body).toContain('差し戻す理由を入力してください')
    expect(empty.body).toContain('href="#reason"')
    expect((await noticeRow(tenant, id)).status).toBe('pending_approval')

    expect((await supervisor.post(`/${id}/reject`, { reason: '避難所の名前が違います' })).statusCode).toBe(303)
    expect(await noticeRow(tenant, id)).toMatchObject({ status: 'rejected', decisionNote: '避難所の名前が違います', approvedByStaffId: supervisor.staff.id })
    expect(await deliveries(tenant, id)).toHaveLength(0)
    const seen = await clerk.get(`/${id}`)
    expect(seen.body).toContain('このお知らせは差し戻されました')
    expect(seen.body).toContain('理由: 避難所の名前が違います')
    expect(await auditActions(tenant, 'notifications.notice-reject')).toHaveLength(1)
  })

  it('does not send a scheduled notice before its time; the pump releases it afterwards', async () => {
    const { tenant } = await municipality()
    const clerk = await asStaff(tenant, 'clerk')
    const at = new Date(Date.now() + 2 * 3_600_000)
    const none = await clerk.post('/new', composeForm({ timing: 'scheduled', scheduledAt: formatJapanDateTimeInput(at), audienceKind: 'districts' }))
    expect(none.statusCode).toBe(422)
    expect(none.body).toContain('地区を1つ以上選んでください')
    const { north } = await inTenant(tenant, async trx => ({ north: await notificationsDb(trx).selectFrom('districts').select('id').where('code', '=', 'north').executeTakeFirstOrThrow() }))
    const scheduled = await draft(clerk, { timing: 'scheduled', scheduledAt: formatJapanDateTimeInput(at), audienceKind: 'districts', districtIds: [north.id] })
    const confirm = await clerk.get(`/${scheduled}/confirm`)
    expect(confirm.body).toContain('2人に届きます')
    expect(confirm.body).toContain('予約する')
    expect((await clerk.post(`/${scheduled}/send`)).headers.location).toContain('?done=scheduled')
    expect(await noticeRow(tenant, scheduled)).toMatchObject({ status: 'scheduled', recipientCount: 2 })

    await runDeliveryPumpOnce(t.platform, new Date())
    expect(await deliveries(tenant, scheduled)).toHaveLength(0)
    await runDeliveryPumpOnce(t.platform, new Date(at.getTime() + 60_000))
    const rows = await deliveries(tenant, scheduled)
    expect(rows.filter(r => r.channel === 'inbox')).toHaveLength(2)
    expect((await noticeRow(tenant, scheduled)).status).not.toBe('scheduled')
  })

  it('cancels what has not gone yet and reports it in the progress JSON', async () => {
    const { tenant } = await municipality()
    const clerk = await asStaff(tenant, 'clerk')
    const id = await draft(clerk)
    await clerk.post(`/${id}/send`)

    const json = await clerk.get(`/${id}/progress.json`)
    expect(json.statusCode).toBe(200)
    expect(json.json()).toMatchObject({ id, status: 'sending', recipients: 3, total: 6, terminal: 0, byChannel: { inbox: { created: 3 }, email: { created: 2 }, line: { created: 1 } } })

    const ask = await clerk.get(`/${id}/cancel`)
    expect(ask.statusCode).toBe(200)
    expect(ask.body).toContain('まだ送っていない 6 件を取り消します')
    const done = await clerk.post(`/${id}/cancel`)
    expect(done.headers.location).toBe(`/${tenant.slug}/staff/notifications/${id}?done=cancelled`)
    expect((await deliveries(tenant, id)).map(r => r.status)).toEqual(Array(6).fill('cancelled'))
    expect(await noticeRow(tenant, id)).toMatchObject({ status: 'cancelled', cancelledByStaffId: clerk.staff.id })
    expect((await clerk.get(`/${id}/progress.json`)).json()).toMatchObject({ status: 'cancelled', total: 6, terminal: 6, byChannel: { line: { cancelled: 1 } } })
    const page = await clerk.get(`/${id}`)
    expect(page.body).not.toContain('data-auto-reload')
    expect(page.body).not.toContain('まだ送っていない分を取り消す</a>')
    expect(await auditActions(tenant, 'notifications.notice-cancel')).toMatchObject([{ details: { cancelledDeliveries: 6 } }])
    // cancelling again is refused without a 5xx
    expect((await clerk.post(`/${id}/cancel`)).statusCode).toBe(409)
  })

  it('shows delivery figures and the LINE coverage rate on the metrics page', async () => {
    const { tenant } = await municipality()
    await createTestResident(t.platform, tenant, { channels: { line: true } })
    const clerk = await asStaff(tenant, 'clerk')
    const page = await clerk.get('/metrics?days=30')
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('LINE登録率: 50.0%(2 / 4人)')
    expect(rowOf(page.body, 'メール')?.slice(0, 4)).toEqual(['メール', '2', '4', '50.0%'])
    expect(page.body).toContain('<svg')
    expect(page.body).toContain('id="reach-chart-title"')
    expect(page.body).toContain('value="30" checked')
  })

  it('lets only staff who may send use the pages; setting the threshold needs the manage permission', async () => {
    const { tenant, residents } = await municipality()
    const operator = await asStaff(tenant, 'outsourced_operator')
    expect((await operator.get('')).statusCode).toBe(403)
    expect((await operator.get('/new')).statusCode).toBe(403)
    expect((await operator.get('/metrics')).statusCode).toBe(403)
    expect((await operator.post('/new', composeForm())).statusCode).toBe(403)
    expect(await countNotices(tenant)).toBe(0)
    const partner = await asStaff(tenant, 'partner_member')
    expect((await partner.post('/settings', { approvalThreshold: '5' })).statusCode).toBe(403)

    const operatorHome = await t.app.inject({ method: 'GET', url: `/${tenant.slug}/staff`, headers: { cookie: operator.cookie } })
    expect(operatorHome.body).not.toContain(`href="/${tenant.slug}/staff/notifications"`)

    const clerk = await asStaff(tenant, 'clerk')
    const console = await t.app.inject({ method: 'GET', url: `/${tenant.slug}/staff`, headers: { cookie: clerk.cookie } })
    expect(console.body).toContain(`<a href="/${tenant.slug}/staff/notifications">お知らせ配信</a>`)
    expect(console.body).toContain('住民の方へ、LINE・メール・SMS・プッシュ通知・受信箱でお知らせを送ります')
    const home = await t.app.inject({ method: 'GET', url: `/${tenant.slug}/staff/notifications`, headers: {} })
    expect(home.statusCode).not.toBe(200)
    const overview = await clerk.get('')
    expect(overview.statusCode).toBe(200)
    expect(overview.body).toContain(`href="/${tenant.slug}/staff/notifications/topics"`)
    expect(overview.body).not.toContain('承認待ちのお知らせ')
    // someone else's draft does not exist for others
    const id = await draft(clerk)
    const supervisor = await asStaff(tenant, 'supervisor')
    expect((await supervisor.get(`/${id}`)).statusCode).toBe(404)
    expect((await supervisor.post(`/${id}/send`)).statusCode).toBe(404)
    expect((await supervisor.get(`/${id}/confirm`)).statusCode).toBe(404)
    expect((await supervisor.post(`/${id}/discard`)).statusCode).toBe(404)
    expect((await supervisor.get('/not-a-uuid')).statusCode).toBe(404)

    // a module's message to one resident is theirs: not listed, not shown
    const { notice: personal } = await inTenant(tenant, trx =>
      insertNotice(trx, tenant.id, { kind: 'transactional', priority: 'normal', content: { ja: { subject: '申請が承認されました', body: '住民票の写し' } }, audience: { kind: 'residents', residentIds: [residents.lineUser.id] }, source: 'module' }, 'sending'),
    )
    expect((await supervisor.get('')).body).not.toContain('申請が承認されました')
    expect((await supervisor.get(`/${personal.id}`)).statusCode).toBe(404)
    expect((await supervisor.get(`/${personal.id}/progress.json`)).statusCode).toBe(404)
  })

  it('refuses bad input with 422 and an error summary, storing nothing', async () => {
    const { tenant } = await municipality()
    const clerk = await asStaff(tenant, 'clerk')
    const cases: [Record<string, string | string[]>, string, string][] = [
      [{ subjectJa: '' }, 'subjectJa', '件名を入力してください'],
      [{ timing: 'scheduled', scheduledAt: formatJapanDateTimeInput(new Date(Date.now() - 3_600_000)) }, 'scheduledAt', '送信する日時は、今より後にしてください'],
      [{ timing: 'scheduled', scheduledAt: '2026-02-30T10:00' }, 'scheduledAt', '送信する日時を正しく入力してください'],
      [{ audienceKind: 'area', areaGeoJson: '{"type": "Polygon", ' }, 'areaGeoJson', '範囲はGeoJSONの形式で入力してください'],
      [{ audienceKind: 'area', areaGeoJson: JSON.stringify({ type: 'Polygon', coordinates: [[[139, 35], [140, 36], [140, 35], [139, 36], [139, 35]]] }) }, 'areaGeoJson', '範囲の線が交差しています'],
      [{ audienceKind: 'area', areaGeoJson: JSON.stringify({ type: 'Polygon', coordinates: [[[35, 139], [36, 139], [36, 140], [35, 139]]] }) }, 'areaGeoJson', '経度と緯度が逆になっているようです'],
      [{ linkUrl: 'javascript:alert(1)' }, 'linkUrl', 'リンクは / で始まるこのサイトのページか'],
      [{ audienceKind: 'topic' }, 'topicId', '分野を選んでください'],
      [{ bodyJa: '((date))に訓練' }, 'placeholder-date', '((date)) に入れる値を入力してください'],
    ]
    for (const [overrides, field, message] of cases) {
      const res = await clerk.post('/new', composeForm(overrides))
      expect(res.statusCode, field).toBe(422)
      expect(res.body, field).toContain('error-summary')
      expect(res.body, field).toContain(`href="#${field}"`)
      expect(res.body, field).toContain(message)
    }
    expect(await countNotices(tenant)).toBe(0)
    // only approvers move the threshold (it decides what needs four eyes)
    expect((await clerk.post('/settings', { approvalThreshold: '5' })).statusCode).toBe(403)
    const supervisor = await asStaff(tenant, 'supervisor')
    const threshold = await supervisor.post('/settings', { approvalThreshold: '千' })
    expect(threshold.statusCode).toBe(422)
    expect(threshold.body).toContain('承認が必要になる人数は、0から10000000までの整数で入力してください')
    // the form comes back with what was typed
    const again = await clerk.post('/new', composeForm({ subjectJa: '', bodyJa: '<b>本文</b>' }))
    expect(again.body).toContain('&lt;b&gt;本文&lt;/b&gt;')
  })

  it('sends to residents whose home is inside an area drawn on the map', async () => {
    const { tenant, residents } = await municipality()
    const clerk = await asStaff(tenant, 'clerk')
    const area = { type: 'Polygon', coordinates: [[[139, 35], [140, 35], [140, 36], [139, 36], [139, 35]]] }
    const id = await draft(clerk, { audienceKind: 'area', areaGeoJson: JSON.stringify({ type: 'Feature', properties: {}, geometry: area }) })
    const confirm = await clerk.get(`/${id}/confirm`)
    expect(confirm.body).toContain('1人に届きます')
    expect(confirm.body).toContain('地図で指定した範囲(多角形1個、頂点4個)')
    await clerk.post(`/${id}/send`)
    expect(new Set((await deliveries(tenant, id)).map(r => r.residentId))).toEqual(new Set([residents.lineUser.id]))

    const geojson = await clerk.get('/new/districts.geojson')
    expect(geojson.statusCode).toBe(200)
    expect(geojson.headers['content-type']).toContain('application/geo+json')
    const page = await clerk.get('/new')
    expect(page.body).toContain('data-notice-area-picker')
    expect(page.body).toContain('/static/notice-area-picker.js')
  })

  it('fills a template’s placeholders, previews the result, and lets the author change the draft', async () => {
    const { tenant, topic } = await municipality()
    const clerk = await asStaff(tenant, 'clerk')
    const content: NoticeContent = {
      ja: { subject: '((date))に防災訓練', body: '((date))に((place))で訓練を行います。' },
      en: { subject: 'Drill on ((date))', body: 'A drill at ((place)) on ((date)).' },
    }
    const template = await inTenant(tenant, async trx => {
      const row = await insertTemplate(trx, tenant.id, { key: 'drill', name: '防災訓練', topicId: topic.id })
      const version = (await takeNextVersion(trx, tenant.id, row.id, 0)) ?? 1
      await insertTemplateVersion(trx, tenant.id, { templateId: row.id, version, content, placeholders: ['date', 'place'], createdByStaffId: null })
      return row
    })
    const page = await clerk.get(`/new?template=${template.id}`)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('name="placeholder-date"')
    expect(page.body).toContain('name="placeholder-place"')
    expect(page.body).toContain(`<option value="${topic.id}" selected`)

    const missing = await clerk.post('/new', composeForm({ templateId: template.id, 'placeholder-date': '11月29日' }))
    expect(missing.statusCode).toBe(422)
    expect(missing.body).toContain('((place)) に入れる値を入力してください')

    const id = await draft(clerk, { templateId: template.id, 'placeholder-date': '11月29日', 'placeholder-place': '中央公園', topicId: topic.id, audienceKind: 'topic' })
    expect((await clerk.get('')).body).toContain('11月29日に防災訓練')
    const confirm = await clerk.get(`/${id}/confirm`)
    expect(confirm.body).toContain('11月29日に中央公園で訓練を行います。')
    expect(confirm.body).toContain('A drill at 中央公園 on 11月29日.')
    expect(confirm.body).toContain('分野「防災」を登録している方')
    expect(await noticeRow(tenant, id)).toMatchObject({ templateId: template.id, templateVersion: 1, personalisation: { date: '11月29日', place: '中央公園' } })

    const edit = await clerk.get(`/${id}/edit`)
    expect(edit.statusCode).toBe(200)
    expect(edit.body).toContain('value="中央公園"')
    expect((await clerk.post(`/${id}/edit`, composeForm({ templateId: template.id, 'placeholder-date': '12月6日', 'placeholder-place': '中央公園', audienceKind: 'everyone' }))).statusCode).toBe(303)
    expect((await clerk.get(`/${id}/confirm`)).body).toContain('12月6日に中央公園で訓練を行います。')
    expect(await countNotices(tenant)).toBe(1)

    expect((await clerk.post(`/${id}/discard`)).headers.location).toBe(`/${tenant.slug}/staff/notifications?done=discarded`)
    expect(await countNotices(tenant)).toBe(0)
  })

  it('shows every page in the three languages without untranslated message keys', async () => {
    const { tenant } = await municipality()
    const clerk = await asStaff(tenant, 'clerk')
    const supervisor = await asStaff(tenant, 'supervisor')
    const draftId = await draft(clerk)
    const pending = await draft(clerk, { priority: 'critical' })
    await clerk.post(`/${pending}/send`)
    const sent = await draft(supervisor)
    await supervisor.post(`/${sent}/send`)
    const pages: [typeof clerk, string][] = [
      [clerk, ''],
      [clerk, '/new'],
      [clerk, '/metrics'],
      [clerk, `/${draftId}/confirm`],
      [clerk, `/${draftId}/edit`],
      [clerk, `/${pending}`],
      [supervisor, ''],
      [supervisor, `/${pending}`],
      [supervisor, `/${sent}?done=sent`],
      [supervisor, `/${sent}/cancel`],
    ]
    for (const lang of ['ja', 'ja-easy', 'en']) {
      for (const [as, path] of pages) {
        const res = await as.get(`${path}${path.includes('?') ? '&' : '?'}lang=${lang}`)
        const leaked = res.body.match(/\b(?:compose|staffNav|notifications\.templates)\.[a-zA-Z][\w.-]*/g) ?? []
        expect({ lang, path, status: res.statusCode, leaked }).toEqual({ lang, path, status: 200, leaked: [] })
      }
    }
  })
})
