import Fastify from 'fastify'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, csrfFrom, TEST_DB, type TestApp } from '../../../../test/app.js'
import { createTestStaff, createTestTenant, loginStaff } from '../../../../test/factories.js'
import { createTestDistrict, createTestResident } from '../../../../test/notification-factories.js'
import { capXpath, removeCapFiles, validateCap } from '../../../../test/cap-schema.js'
import type { StaffRole } from '../../../platform/db/schema.js'
import { withTenant } from '../../../platform/db/tenant-context.js'
import type { TenantContext } from '../../../platform/tenancy/tenant-service.js'
import { configureDeliveryTransports, drainDeliveries, insertNotice, queueNoticeDeliveries, runDeliveryPumpOnce } from '../../notifications/delivery/index.js'
import { createFakeLine } from '../../notifications/channels/line/fake-line.js'
import { DEV_LINE_ACCESS_TOKEN } from '../../notifications/channels/line/line-credentials.js'
import { alertsDb } from './alert-tables.js'
import { createSensorAlertDraft } from './alert-service.js'
import { relayToLalert } from './lalert-relay.js'
import { createFakeLalert, fakeLalertPlugin } from './fake-lalert.js'

describe(`disaster mode and evacuation information (${TEST_DB})`, () => {
  let t: TestApp
  const fakeLine = createFakeLine({ channelAccessTokens: [DEV_LINE_ACCESS_TOKEN] })

  beforeAll(async () => {
    t = await createTestApp()
    configureDeliveryTransports(t.platform, { lineFetch: fakeLine.fetch, lineTimeoutMs: 500, email: { send: mail => Promise.resolve({ status: 'accepted', messageId: mail.messageId }), close() {} } })
  })
  afterAll(async () => {
    removeCapFiles()
    await t?.close()
  })

  const db = () => t.platform.database.db
  const inTenant = <T,>(tenant: TenantContext, fn: Parameters<typeof withTenant<T>>[2]) => withTenant(db(), tenant.id, fn)

  async function asStaff(tenant: TenantContext, role: StaffRole) {
    const staff = await createTestStaff(t.platform, tenant, role)
    const jar = await loginStaff(t, tenant, staff)
    const home = await t.app.inject({ method: 'GET', url: `/${tenant.slug}/staff`, headers: { cookie: jar.header() } })
    const csrf = csrfFrom(home.body)
    const base = `/${tenant.slug}/staff/disaster`
    const get = (path: string) => t.app.inject({ method: 'GET', url: `${base}${path}`, headers: { cookie: jar.header() } })
    const post = (path: string, payload: Record<string, string | string[]> = {}) => t.app.inject({ method: 'POST', url: `${base}${path}`, headers: { cookie: jar.header() }, payload: { _csrf: csrf, ...payload } })
    return { staff, get, post }
  }

  /** A town with three districts and a resident in each: LINE + email in north, email in south, LINE in east. */
  async function municipality() {
    const tenant = await createTestTenant(t.platform, { features: ['notifications', 'disaster'] })
    const north = await createTestDistrict(t.platform, tenant, 'north')
    const south = await createTestDistrict(t.platform, tenant, 'south')
    const east = await createTestDistrict(t.platform, tenant, 'east')
    const inNorth = await createTestResident(t.platform, tenant, { channels: { line: true, email: true }, profile: { districtId: north.id } })
    const inSouth = await createTestResident(t.platform, tenant, { channels: { email: true }, profile: { districtId: south.id } })
    const inEast = await createTestResident(t.platform, tenant, { channels: { line: true }, profile: { districtId: east.id } })
    return { tenant, north, south, east, residents: { inNorth, inSouth, inEast } }
  }

  async function draft(as: Awaited<ReturnType<typeof asStaff>>, form: Record<string, string | string[]>): Promise<string> {
    const res = await as.post('/alerts/new', form)
    expect(res.statusCode, res.body.slice(0, 1500)).toBe(303)
    const match = /\/alerts\/([0-9a-f-]{36})\?done=created$/.exec(String(res.headers.location))
    if (!match?.[1]) throw new Error(`unexpected redirect ${res.headers.location}`)
    return match[1]
  }

  const deliveriesOf = (tenant: TenantContext, noticeId: string) =>
    inTenant(tenant, trx => trx.selectFrom('deliveries' as never).select(['residentId', 'channel', 'status'] as never).where('noticeId' as never, '=', noticeId as never).execute()) as Promise<{ residentId: string; channel: string; status: string }[]>

  const revisionsOf = (tenant: TenantContext, alertId: string) => inTenant(tenant, trx => alertsDb(trx).selectFrom('evacuationAlertRevisions').selectAll().where('alertId', '=', alertId).orderBy('revision').execute())

  it('switches disaster mode with a reason, pauses non-urgent sends, and switching back restores everything', async () => {
    const town = await municipality()
    const { tenant } = town
    await t.platform.database.withOwner(owner => owner.updateTable('tenants').set({ settings: JSON.stringify({ ...tenant.settings, features: ['notifications', 'disaster'], contact: { ...tenant.settings.contact, phone: '03-1234-5678' } }) }).where('id', '=', tenant.id).execute())
    t.platform.tenants.forget(tenant.slug)
    const clerk = await asStaff(tenant, 'clerk')

    // Bad input: no reason, or the state it already is → 422 with the reasons, nothing changed.
    const missing = await clerk.post('/mode', { state: 'active', reason: '' })
    expect(missing.statusCode).toBe(422)
    expect(missing.body).toContain('理由を入力してください。')
    const same = await clerk.post('/mode', { state: 'off', reason: 'x' })
    expect(same.statusCode).toBe(422)
    expect(same.body).toContain('すでにその状態です。')

    const on = await clerk.post('/mode', { state: 'active', reason: '台風第10号の接近', scope: '市内全域', banner: '台風第10号に厳重に警戒してください' })
    expect(on.statusCode).toBe(303)
    // With the fake LINE (development credentials) the account's menu switches to the disaster menu.
    expect(String(on.headers.location)).toContain('done=mode&line=applied')
    const overview = await clerk.get('')
    expect(overview.body).toContain('台風第10号の接近')

    // The portal home is the emergency page, and every page carries the banner.
    const home = await t.app.inject({ method: 'GET', url: `/${tenant.slug}` })
    expect(home.statusCode).toBe(302)
    expect(home.headers.location).toBe(`/${tenant.slug}/disaster`)
    const page = await t.app.inject({ method: 'GET', url: `/${tenant.slug}/disaster` })
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('台風第10号に厳重に警戒してください')
    expect(page.body).toContain('災害モードで運用しています')
    expect(page.body).toContain('tel:0312345678')
    const login = await t.app.inject({ method: 'GET', url: `/${tenant.slug}/login` })
    expect(login.body).toContain('emergency-banner')

    // A normal broadcast waits on external channels; a critical one goes.
    const content = { ja: { subject: 'イベントのお知らせ', body: '本文' } }
    const normal = await inTenant(tenant, async trx => {
      const { notice } = await insertNotice(trx, tenant.id, { kind: 'broadcast', priority: 'normal', content, audience: { kind: 'everyone' }, source: 'staff' }, 'sending')
      await queueNoticeDeliveries(trx, tenant.id, notice.id)
      return notice.id
    })
    await runDeliveryPumpOnce(t.platform)
    const paused = await deliveriesOf(tenant, normal)
    expect(paused.filter(d => d.channel === 'line').map(d => d.status)).toEqual(['created', 'created'])
    expect(paused.filter(d => d.channel === 'inbox').every(d => d.status === 'delivered')).toBe(true)

    const off = await clerk.post('/mode', { state: 'off', reason: '台風通過' })
    expect(off.statusCode).toBe(303)
    const back = await t.app.inject({ method: 'GET', url: `/${tenant.slug}` })
    expect(back.statusCode).toBe(200)
    expect(back.body).not.toContain('emergency-banner')
    await runDeliveryPumpOnce(t.platform)
    const resumed = await deliveriesOf(tenant, normal)
    expect(resumed.filter(d => d.channel === 'line').every(d => d.status === 'delivered')).toBe(true)

    const audit = await inTenant(tenant, trx => trx.selectFrom('auditLog').select(['action', 'details']).where('action', '=', 'disaster.mode-switch').orderBy('seq').execute())
    expect(audit.map(a => (a.details as { to: string }).to)).toEqual(['active', 'off'])
  })

  it('issues a level-4 order for two districts, updates it, cancels it — revisions, notices, CAP, API and Atom', async () => {
    const town = await municipality()
    const { tenant } = town
    const supervisor = await asStaff(tenant, 'supervisor')

    const invalid = await supervisor.post('/alerts/new', { level: '7', districts: [] })
    expect(invalid.statusCode).toBe(422)
    expect(invalid.body).toContain('警戒レベルを選んでください。')
    expect(invalid.body).toContain('災害の種類を1つ以上選んでください。')
    expect(invalid.body).toContain('対象地区を1つ以上選んでください。')

    const alertId = await draft(supervisor, { level: '4', hazards: ['flood'], districts: [town.north.id, town.south.id] })
    const review = await supervisor.get(`/alerts/${alertId}`)
    expect(review.statusCode).toBe(200)
    expect(review.body).toContain('【警戒レベル4】避難指示(洪水・内水氾濫)')
    // Nothing is public before it is issued.
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/${tenant.slug}/alerts/${alertId}` })).statusCode).toBe(404)

    // Staff edit the texts (bad input first).
    const texts = (headline: string) => ({
      'ja.headline': headline,
      'ja.description': '北地区と南地区に避難指示を発令しました。',
      'ja.instruction': '直ちに避難してください。',
      'ja-easy.headline': 'すぐ ひなん して ください',
      'ja-easy.description': 'きた と みなみ の ちく です。',
      'ja-easy.instruction': '',
      'en.headline': 'Evacuation order',
      'en.description': 'For the north and south districts.',
      'en.instruction': 'Evacuate now.',
    })
    const empty = await supervisor.post(`/alerts/${alertId}/texts`, texts(''))
    expect(empty.statusCode).toBe(422)
    expect(empty.body).toContain('jaの見出しを入力してください。')
    expect((await supervisor.post(`/alerts/${alertId}/texts`, texts('【警戒レベル4】避難指示(洪水)北・南地区'))).statusCode).toBe(303)

    const issued = await supervisor.post(`/alerts/${alertId}/issue`)
    expect(issued.statusCode).toBe(303)
    expect(String(issued.headers.location)).toContain('done=issued&count=2')
    // A repeat changes nothing (no second revision, no second notice).
    await supervisor.post(`/alerts/${alertId}/issue`)
    let revisions = await revisionsOf(tenant, alertId)
    expect(revisions.map(r => [r.revision, r.msgType, r.recipients])).toEqual([[1, 'Alert', 2]])
    const first = revisions[0]
    if (!first?.noticeId) throw new Error('no notice')
    const deliveries = await deliveriesOf(tenant, first.noticeId)
    expect(new Set(deliveries.map(d => d.residentId))).toEqual(new Set([town.residents.inNorth.id, town.residents.inSouth.id]))
    expect(deliveries.map(d => d.channel).sort()).toEqual(['email', 'email', 'inbox', 'inbox', 'line'])
    const notice = await inTenant(tenant, trx => trx.selectFrom('notices' as never).select(['priority', 'isTraining'] as never).where('id' as never, '=', first.noticeId as never).executeTakeFirstOrThrow()) as { priority: string; isTraining: boolean }
    expect(notice).toEqual({ priority: 'critical', isTraining: false })
    const check = validateCap(first.capXml)
    expect(check.ok, check.output).toBe(true)
    expect(capXpath(first.capXml, 'string(//*[local-name()="msgType"])')).toBe('Alert')
    expect(capXpath(first.capXml, 'count(//*[local-name()="area"])')).toBe('6')

    // The LINE message reaches the resident in the north (the east resident gets nothing).
    await drainDeliveries(t.platform, { maxCycles: 20 })
    const northLine = town.residents.inNorth.addresses.line
    const eastLine = town.residents.inEast.addresses.line
    const pushed = fakeLine.received.flatMap(r => r.to)
    expect(pushed).toContain(northLine)
    expect(pushed).not.toContain(eastLine)

    // Update: level 5, north only → revision 2 references revision 1; the south resident hears too.
    const updateForm = await supervisor.get(`/alerts/${alertId}/update`)
    expect(updateForm.statusCode).toBe(200)
    expect((await supervisor.post(`/alerts/${alertId}/update`, { level: '5', hazards: ['flood'], districts: [town.north.id] })).statusCode).toBe(303)
    expect((await supervisor.post(`/alerts/${alertId}/issue`)).statusCode).toBe(303)
    revisions = await revisionsOf(tenant, alertId)
    const second = revisions[1]
    expect(second?.msgType).toBe('Update')
    expect(second?.level).toBe(5)
    expect(second?.recipients).toBe(2)
    expect(validateCap(second?.capXml ?? '').ok).toBe(true)
    expect(capXpath(second?.capXml ?? '', 'string(//*[local-name()="references"])')).toContain(first.capIdentifier)

    // Public: the API, the CAP document, the Atom feed, the emergency page.
    const current = await t.app.inject({ method: 'GET', url: `/api/v1/${tenant.slug}/alerts` })
    expect(current.statusCode).toBe(200)
    const body = current.json() as { alerts: { id: string; level: number; revision: number; districts: { code: string }[] }[] }
    expect(body.alerts.map(a => [a.id, a.level, a.revision, a.districts.map(d => d.code)])).toEqual([[alertId, 5, 2, ['north']]])
    const cap = await t.app.inject({ method: 'GET', url: `/${tenant.slug}/alerts/${alertId}/cap/2.xml` })
    expect(cap.headers['content-type']).toContain('application/cap+xml')
    expect(cap.body).toBe(second?.capXml)
    expect((await t.app.inject({ method: 'GET', url: `/${tenant.slug}/alerts/${alertId}/cap/9.xml` })).statusCode).toBe(404)
    const atom = await t.app.inject({ method: 'GET', url: `/${tenant.slug}/alerts.atom` })
    expect(atom.headers['content-type']).toContain('application/atom+xml')
    expect(atom.body).toContain(`/alerts/${alertId}/cap/2.xml`)
    const emergency = await t.app.inject({ method: 'GET', url: `/${tenant.slug}/disaster?district=north` })
    expect(emergency.body).toContain('data-level="5"')
    const elsewhere = await t.app.inject({ method: 'GET', url: `/${tenant.slug}/disaster?district=east` })
    expect(elsewhere.body).toContain('data-testid="no-district-alert"')
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/${tenant.slug}/alerts?status=soon` })).statusCode).toBe(400)

    // Cancel (解除) → revision 3, the alert is no longer current.
    expect((await supervisor.get(`/alerts/${alertId}/cancel`)).statusCode).toBe(200)
    expect((await supervisor.post(`/alerts/${alertId}/cancel`)).statusCode).toBe(303)
    expect((await supervisor.post(`/alerts/${alertId}/issue`)).statusCode).toBe(303)
    revisions = await revisionsOf(tenant, alertId)
    expect(revisions.map(r => r.msgType)).toEqual(['Alert', 'Update', 'Cancel'])
    expect(capXpath(revisions[2]?.capXml ?? '', 'string((//*[local-name()="responseType"])[1])')).toBe('AllClear')
    expect(((await t.app.inject({ method: 'GET', url: `/api/v1/${tenant.slug}/alerts` })).json() as { alerts: unknown[] }).alerts).toEqual([])
    const past = (await t.app.inject({ method: 'GET', url: `/api/v1/${tenant.slug}/alerts?status=past` })).json() as { alerts: { id: string; state: string }[] }
    expect(past.alerts.map(a => [a.id, a.state])).toEqual([[alertId, 'cancelled']])
    const detail = (await t.app.inject({ method: 'GET', url: `/api/v1/${tenant.slug}/alerts/${alertId}` })).json() as { revisions: { msgType: string }[] }
    expect(detail.revisions.map(r => r.msgType)).toEqual(['Alert', 'Update', 'Cancel'])
    // Once cancelled nothing more can be proposed.
    expect((await supervisor.post(`/alerts/${alertId}/update`, { level: '4', hazards: ['flood'], districts: [town.north.id] })).statusCode).toBe(409)

    // Another municipality sees none of it (RLS).
    const other = await createTestTenant(t.platform, { features: ['notifications', 'disaster'] })
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/${other.slug}/alerts/${alertId}` })).statusCode).toBe(404)
    expect((await t.app.inject({ method: 'GET', url: `/${other.slug}/alerts/${alertId}/cap/1.xml` })).statusCode).toBe(404)
    // A municipality without the disaster module has none of these pages or feeds.
    const without = await createTestTenant(t.platform)
    for (const url of [`/${without.slug}/disaster`, `/${without.slug}/alerts.atom`, `/api/v1/${without.slug}/alerts`]) expect((await t.app.inject({ method: 'GET', url })).statusCode, url).toBe(404)
  })

  it('under the two-person rule an order is issued only when a second person approves', async () => {
    const town = await municipality()
    const { tenant } = town
    const supervisor = await asStaff(tenant, 'supervisor')
    const otherSupervisor = await asStaff(tenant, 'supervisor')
    // Emergency contacts come with the settings: a bad phone number is refused with its row.
    const bad = await supervisor.post('/settings', { twoPersonRule: 'on', 'contact1.ja': '災害対策本部', 'contact1.phone': 'call us' })
    expect(bad.statusCode).toBe(422)
    expect(bad.body).toContain('連絡先1の電話番号は数字とハイフンで入力してください')
    expect((await supervisor.post('/settings', { twoPersonRule: 'on', 'contact1.ja': '災害対策本部', 'contact1.en': 'Disaster HQ', 'contact1.phone': '03-9999-1190' })).statusCode).toBe(303)
    const emergency = await t.app.inject({ method: 'GET', url: `/${tenant.slug}/disaster`, headers: { 'accept-language': 'en' } })
    expect(emergency.body).toContain('Disaster HQ')
    expect(emergency.body).toContain('tel:0399991190')

    const alertId = await draft(supervisor, { level: '3', hazards: ['landslide'], districts: [town.east.id] })
    const requested = await supervisor.post(`/alerts/${alertId}/issue`)
    expect(String(requested.headers.location)).toContain('done=requested')
    expect(await revisionsOf(tenant, alertId)).toEqual([])
    // The requester cannot approve their own request; nothing is issued.
    const own = await supervisor.post(`/alerts/${alertId}/approve`)
    expect(own.statusCode).toBe(403)
    expect(await revisionsOf(tenant, alertId)).toEqual([])
    // While it waits, the texts cannot be changed.
    const locked = await supervisor.post(`/alerts/${alertId}/texts`, { 'ja.headline': 'x', 'ja.description': 'x', 'ja-easy.headline': 'x', 'ja-easy.description': 'x', 'en.headline': 'x', 'en.description': 'x' })
    expect(locked.statusCode).toBe(409)

    const approved = await otherSupervisor.post(`/alerts/${alertId}/approve`)
    expect(approved.statusCode).toBe(303)
    const revisions = await revisionsOf(tenant, alertId)
    expect(revisions.map(r => [r.revision, r.requestedByStaffId, r.approvedByStaffId, r.recipients])).toEqual([[1, supervisor.staff.id, otherSupervisor.staff.id, 1]])
    // A clerk (no disaster.approve) may not approve at all.
    const clerk = await asStaff(tenant, 'clerk')
    expect((await clerk.post(`/alerts/${alertId}/approve`)).statusCode).toBe(403)
  })

  it('training mode runs the same flow marked 訓練: inbox only, CAP Exercise, no relay, closed when the drill ends', async () => {
    const town = await municipality()
    const { tenant } = town
    const supervisor = await asStaff(tenant, 'supervisor')
    expect((await supervisor.post('/mode', { state: 'training', reason: '総合防災訓練' })).statusCode).toBe(303)
    const form = await supervisor.get('/alerts/new')
    expect(form.body).toContain('訓練として作成します')
    const alertId = await draft(supervisor, { level: '4', hazards: ['flood'], districts: [town.north.id, town.east.id] })
    expect((await supervisor.post(`/alerts/${alertId}/issue`)).statusCode).toBe(303)
    const [revision] = await revisionsOf(tenant, alertId)
    expect(revision?.isTraining).toBe(true)
    expect(capXpath(revision?.capXml ?? '', 'string(//*[local-name()="status"])')).toBe('Exercise')
    const deliveries = await deliveriesOf(tenant, revision?.noticeId ?? '')
    expect(deliveries.map(d => d.channel)).toEqual(['inbox', 'inbox'])
    await drainDeliveries(t.platform, { maxCycles: 20 })
    const reachedPhones = fakeLine.received.flatMap(r => r.to)
    expect(reachedPhones).not.toContain(town.residents.inNorth.addresses.line)
    expect(reachedPhones).not.toContain(town.residents.inEast.addresses.line)
    const inbox = await inTenant(tenant, trx => trx.selectFrom('messages').select(['subject']).where('residentId', '=', town.residents.inNorth.id).execute())
    expect(inbox.map(m => m.subject), JSON.stringify(inbox)).toEqual([expect.stringContaining('【訓練】')])
    const relay = await inTenant(tenant, trx => alertsDb(trx).selectFrom('lalertRelays').select(['status', 'lastError']).where('alertId', '=', alertId).executeTakeFirstOrThrow())
    expect(relay).toEqual({ status: 'skipped', lastError: 'training' })
    const page = await t.app.inject({ method: 'GET', url: `/${tenant.slug}/disaster` })
    expect(page.body).toContain('【訓練】これは訓練です')

    expect((await supervisor.post('/mode', { state: 'off', reason: '訓練終了' })).statusCode).toBe(303)
    const after = await inTenant(tenant, trx => alertsDb(trx).selectFrom('evacuationAlerts').select('state').where('id', '=', alertId).executeTakeFirstOrThrow())
    expect(after.state).toBe('cancelled')
  })

  it('a rising sensor keeps one draft and raises its level; nothing is sent', async () => {
    const town = await municipality()
    const { tenant } = town
    const sensorId = '3f1d2c4b-0000-4000-8000-000000000001'
    const reading = { sensorId, sensorName: '中央橋 水位計', hazard: 'flood' as const, districtIds: [town.north.id], unit: 'm', observedAt: new Date() }
    const first = await inTenant(tenant, trx => createSensorAlertDraft(trx, tenant.id, { ...reading, level: 'warning', value: 3.2 }))
    const second = await inTenant(tenant, trx => createSensorAlertDraft(trx, tenant.id, { ...reading, level: 'danger', value: 4.1 }))
    expect(first.isNew).toBe(true)
    expect(second).toEqual({ alertId: first.alertId, isNew: false })
    const row = await inTenant(tenant, trx => alertsDb(trx).selectFrom('evacuationAlerts').selectAll().where('id', '=', first.alertId).executeTakeFirstOrThrow())
    expect([row.state, row.level, row.source, row.revision]).toEqual(['draft', 4, 'sensor', 0])
    expect(await revisionsOf(tenant, first.alertId)).toEqual([])
    const supervisor = await asStaff(tenant, 'supervisor')
    const review = await supervisor.get(`/alerts/${first.alertId}`)
    expect(review.body).toContain('中央橋 水位計')
  })

  it('relays each issued report to Lアラート: retried when unavailable, accepted once', async () => {
    const town = await municipality()
    const { tenant } = town
    const supervisor = await asStaff(tenant, 'supervisor')
    const alertId = await draft(supervisor, { level: '3', hazards: ['flood'], districts: [town.south.id] })
    await supervisor.post(`/alerts/${alertId}/issue`)
    const relay = () => inTenant(tenant, trx => alertsDb(trx).selectFrom('lalertRelays').select(['status', 'attempts', 'receipt', 'lastError']).where('alertId', '=', alertId).executeTakeFirstOrThrow())
    expect((await relay()).status).toBe('pending')

    const fake = createFakeLalert({ token: 'relay-token-for-tests-123' })
    const server = Fastify()
    await server.register(fakeLalertPlugin, { prefix: '/dev-lalert', fake })
    await server.listen({ port: 0, host: '127.0.0.1' })
    try {
      const url = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}/dev-lalert/v1/cap`
      const ctx = { db: db(), logger: t.platform.logger, mailer: t.platform.mailer, config: { ...t.config, lalertRelayUrl: url, lalertRelayToken: 'relay-token-for-tests-123' } }
      fake.failNext = 1
      await expect(relayToLalert.run({ tenantId: tenant.id, alertId, revision: 1 }, ctx)).rejects.toThrow('HTTP 503')
      expect(await relay()).toMatchObject({ status: 'pending', attempts: 1, lastError: 'HTTP 503' })
      await relayToLalert.run({ tenantId: tenant.id, alertId, revision: 1 }, ctx)
      expect(await relay()).toMatchObject({ status: 'accepted', attempts: 2, receipt: 'LA-000001' })
      expect(fake.received.map(d => [d.status, d.msgType])).toEqual([['Actual', 'Alert']])
      // A wrong token is a permanent refusal, recorded (not retried forever).
      const wrong = { ...ctx, config: { ...ctx.config, lalertRelayToken: 'another-token-000000000' } }
      await inTenant(tenant, trx => alertsDb(trx).updateTable('lalertRelays').set({ status: 'pending' }).where('alertId', '=', alertId).execute())
      await relayToLalert.run({ tenantId: tenant.id, alertId, revision: 1 }, wrong)
      expect(await relay()).toMatchObject({ status: 'failed', lastError: 'HTTP 401' })
    } finally {
      await server.close()
    }
  })
})
