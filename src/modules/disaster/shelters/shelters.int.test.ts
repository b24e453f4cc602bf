import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, csrfFrom, TEST_DB, type CookieJar, type TestApp } from '../../../../test/app.js'
import { createTestStaff, createTestTenant, loginStaff } from '../../../../test/factories.js'
import { createTestResident } from '../../../../test/notification-factories.js'
import { loginWithEmail } from '../../../../test/resident-login.js'
import { withTenant } from '../../../platform/db/tenant-context.js'
import type { TenantContext } from '../../../platform/tenancy/tenant-service.js'
import { readShelterCsv } from './shelter-csv.js'
import { shelterPassKey, signShelterPass } from './shelter-pass.js'
import { sheltersDb, type Shelter } from './shelter-tables.js'

const FIXTURES = new URL('../../../../test/fixtures/shelters/', import.meta.url)
const fixture = (name: string) => readFileSync(new URL(name, FIXTURES))
const CHIYODA = '131016'

function multipart(boundary: string, fields: Record<string, string>, file?: { field: string; name: string; content: Buffer; type?: string }): Buffer {
  const parts: Buffer[] = Object.entries(fields).map(([name, value]) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`))
  if (file) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${file.field}"; filename="${file.name}"\r\nContent-Type: ${file.type ?? 'text/csv'}\r\n\r\n`), file.content, Buffer.from('\r\n'))
  parts.push(Buffer.from(`--${boundary}--\r\n`))
  return Buffer.concat(parts)
}

describe(`shelters (${TEST_DB})`, () => {
  let t: TestApp
  let tenant: TenantContext
  let other: TenantContext
  let staff: Awaited<ReturnType<typeof asStaff>>

  async function enableDisaster(target: TenantContext, lgCode?: string) {
    await t.platform.database.withOwner(db =>
      sql`UPDATE tenants SET settings = jsonb_set(settings, '{features}', '["disaster"]'::jsonb)${lgCode ? sql`, lg_code = ${lgCode}` : sql``} WHERE id = ${target.id}`.execute(db),
    )
    return { ...target, lgCode: lgCode ?? target.lgCode, settings: { ...target.settings, features: ['disaster' as const] } }
  }

  async function asStaff(target: TenantContext) {
    const account = await createTestStaff(t.platform, target, 'clerk')
    const jar: CookieJar = await loginStaff(t, target, account)
    const base = `/${target.slug}/staff/disaster/shelters`
    const get = (url: string) => t.app.inject({ method: 'GET', url, headers: { cookie: jar.header() } })
    const csrf = async () => {
      const page = await get(base)
      jar.store(page.headers['set-cookie'])
      return csrfFrom(page.body)
    }
    const post = async (url: string, payload: Record<string, string>) => {
      const body = new URLSearchParams({ _csrf: await csrf(), ...payload })
      return t.app.inject({ method: 'POST', url, headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' }, payload: body.toString() })
    }
    const upload = async (url: string, fields: Record<string, string>, file?: { field: string; name: string; content: Buffer; type?: string }) =>
      t.app.inject({ method: 'POST', url, headers: { cookie: jar.header(), 'content-type': 'multipart/form-data; boundary=shelterBoundary' }, payload: multipart('shelterBoundary', { _csrf: await csrf(), ...fields }, file) })
    return { id: account.id, base, get, post, upload }
  }

  const importFile = (name: string) => staff.upload(`${staff.base}/import`, {}, { field: 'file', name, content: fixture(name) })
  const shelters = (target: TenantContext) => withTenant(t.platform.database.db, target.id, trx => sheltersDb(trx).selectFrom('shelters').selectAll().where('tenantId', '=', target.id).execute())
  const byCode = async (code: string): Promise<Shelter> => {
    const found = (await shelters(tenant)).find(s => s.code === code)
    if (!found) throw new Error(`no shelter ${code}`)
    return found
  }
  const importRunCount = async () => (await withTenant(t.platform.database.db, tenant.id, trx => sheltersDb(trx).selectFrom('shelterImportRuns').select(eb => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow())).n

  beforeAll(async () => {
    t = await createTestApp()
    tenant = await enableDisaster(await createTestTenant(t.platform), CHIYODA)
    other = await enableDisaster(await createTestTenant(t.platform))
    staff = await asStaff(tenant)
  })
  afterAll(async () => t?.close())

  describe('import', () => {
    it('imports a UTF-8 CSV with BOM, fixing what it can and listing every fixed and rejected row', async () => {
      const res = await importFile('v2-utf8-bom.csv')
      expect(res.statusCode).toBe(303)
      const report = await staff.get(String(res.headers.location))
      expect(report.statusCode).toBe(200)
      expect(report.body).toContain('新規4件・更新0件')
      expect(report.body).toContain('緯度と経度が入れ替わっていたため直しました')
      expect(report.body).toContain('5桁のコード「13101」にチェックデジットを補い「131016」としました')
      expect(report.body).toContain('どの災害種別にも印がありません')
      expect(report.body).toContain('他の自治体(131024)の行のため取り込みませんでした')
      expect(report.body).toContain('名称が空のため取り込みませんでした')
      expect(report.body).toContain('地方公共団体コード「131017」が正しくない')
      const swapped = await byCode('2')
      expect([swapped.latitude, swapped.longitude]).toEqual([35.6838, 139.7405])
      expect(swapped.capacity).toBe(300)
      expect((await byCode('3')).lgCode).toBe(CHIYODA)
      expect((await byCode('3')).hazards).toEqual(['flood', 'earthquake'])
      expect((await byCode('4')).hazards).toEqual([])
    })

    it('imports UTF-8 without BOM, the 正式版 in Shift_JIS and both GSI CSVs', async () => {
      expect((await importFile('v2-utf8-no-bom.csv')).statusCode).toBe(303)
      expect((await importFile('official-shift-jis.csv')).statusCode).toBe(303)
      const gsi = await importFile('gsi-emergency-shift-jis.csv')
      expect(gsi.statusCode).toBe(303)
      expect((await staff.get(String(gsi.headers.location))).body).toContain('を読めないため、位置なしで取り込みました')
      expect((await importFile('gsi-shelter.csv')).statusCode).toBe(303)
      expect((await byCode('101')).names.ja).toBe('神田小学校')
      expect((await byCode('E1310100002201')).hazards).toEqual(['flood', 'stormSurge', 'earthquake', 'inlandFlood'])
      expect((await byCode('E1310100002202')).latitude).toBeNull()
      expect(await byCode('S1310100000001')).toMatchObject({ isShelter: true, isEmergencyPlace: false })
    })

    it('updates places by code and keeps their live status and translated names', async () => {
      const one = await byCode('1')
      await withTenant(t.platform.database.db, tenant.id, trx =>
        sheltersDb(trx)
          .updateTable('shelters')
          .set({ status: 'open', manualEvacuees: 7, names: JSON.stringify({ ...one.names, en: 'Bancho Elementary School' }) })
          .where('id', '=', one.id)
          .execute(),
      )
      const res = await importFile('v2-utf8-bom.csv')
      expect((await staff.get(String(res.headers.location))).body).toContain('新規0件・更新4件')
      const again = await byCode('1')
      expect(again).toMatchObject({ id: one.id, status: 'open', manualEvacuees: 7 })
      expect(again.names).toEqual({ ja: '番町小学校', en: 'Bancho Elementary School' })
    })

    it('refuses a wrong header and a wrong encoding with 422 and the reason, storing nothing', async () => {
      const before = await importRunCount()
      const header = await importFile('wrong-header.csv')
      expect(header.statusCode).toBe(422)
      expect(header.body).toContain('見出し行が指定緊急避難場所一覧の形式ではありません')
      const utf16 = await importFile('utf16.csv')
      expect(utf16.statusCode).toBe(422)
      expect(utf16.body).toContain('UTF-16のファイルは読めません')
      const none = await staff.upload(`${staff.base}/import`, {})
      expect(none.statusCode).toBe(422)
      expect(none.body).toContain('CSVファイルを選んでください')
      expect(await importRunCount()).toBe(before)
    })
  })

  describe('status, check-in and check-out', () => {
    const counts = async (id: string) => {
      const s = (await shelters(tenant)).find(x => x.id === id)
      return { evacuees: s?.registeredEvacuees, households: s?.registeredHouseholds }
    }
    const checkIn = (id: string, payload: Record<string, string>) => staff.post(`${staff.base}/${id}/check-in`, { clientToken: randomUUID(), householdSize: '1', ...payload })

    it('opens a shelter with a head count and needs, recording the history', async () => {
      const s = await byCode('101')
      const bad = await staff.post(`${staff.base}/${s.id}/status`, { status: 'open', manualEvacuees: '-3', manualHouseholds: '0' })
      expect(bad.statusCode).toBe(422)
      expect(bad.body).toContain('0から100000までの整数で入力してください')
      const res = await staff.post(`${staff.base}/${s.id}/status`, { status: 'open', manualEvacuees: '4', manualHouseholds: '2', needs: 'water', needsNote: '毛布が足りない' })
      expect(res.statusCode).toBe(303)
      const stored = await byCode('101')
      expect(stored).toMatchObject({ status: 'open', manualEvacuees: 4, manualHouseholds: 2, needs: ['water'], needsNote: '毛布が足りない' })
      expect(stored.openedAt).not.toBeNull()
      const history = await withTenant(t.platform.database.db, tenant.id, trx => sheltersDb(trx).selectFrom('shelterStatusHistory').selectAll().where('shelterId', '=', s.id).execute())
      expect(history).toHaveLength(1)
      expect(history[0]).toMatchObject({ status: 'open', evacuees: 4, households: 2, changedBy: staff.id })
    })

    it('checks a resident in by their pass once, however often the form is retried', async () => {
      const s = await byCode('101')
      const resident = await createTestResident(t.platform, tenant)
      const pass = signShelterPass(shelterPassKey(t.config.sessionSecret), tenant.id, resident.id)
      const clientToken = randomUUID()
      const first = await checkIn(s.id, { kind: 'pass', pass, clientToken, householdSize: '2' })
      expect(first.statusCode).toBe(303)
      const done = await staff.get(String(first.headers.location))
      expect(done.body).toContain('さん(2人)を受け付けました')
      const retry = await checkIn(s.id, { kind: 'pass', pass, clientToken, householdSize: '2' })
      expect(retry.statusCode).toBe(303)
      expect(String(retry.headers.location)).toContain('replay=1')
      // a new form (another token) for someone already here changes nothing either
      expect((await checkIn(s.id, { kind: 'pass', pass, householdSize: '2' })).statusCode).toBe(303)
      expect(await counts(s.id)).toEqual({ evacuees: 2, households: 1 })
      const forged = await checkIn(s.id, { kind: 'pass', pass: pass.replace(/.$/, c => (c === 'A' ? 'B' : 'A')) })
      expect(forged.statusCode).toBe(422)
      expect(forged.body).toContain('受付コードが正しくありません')
      const foreign = await checkIn(s.id, { kind: 'pass', pass: signShelterPass(shelterPassKey(t.config.sessionSecret), other.id, resident.id) })
      expect(foreign.statusCode).toBe(422)
    })

    it('keeps a resident at one shelter at a time, even when two desks check them in at once', async () => {
      const a = await byCode('102')
      const b = await byCode('1')
      for (const s of [a, b]) await staff.post(`${staff.base}/${s.id}/status`, { status: 'open', manualEvacuees: '0', manualHouseholds: '0' })
      const resident = await createTestResident(t.platform, tenant)
      const pass = signShelterPass(shelterPassKey(t.config.sessionSecret), tenant.id, resident.id)
      const results = await Promise.all([checkIn(a.id, { kind: 'pass', pass }), checkIn(b.id, { kind: 'pass', pass })])
      expect(results.map(r => r.statusCode).sort()).toEqual([303, 409])
      const refused = results.find(r => r.statusCode === 409)
      expect(refused?.body).toContain('で受付済みです。先にそちらで退所にしてください')
      const total = (await counts(a.id)).households! + (await counts(b.id)).households!
      expect(total).toBe(1)
    })

    it('counts concurrent check-ins of people without registration exactly, and check-out brings the counts back', async () => {
      const s = await byCode('E1310100002201')
      await staff.post(`${staff.base}/${s.id}/status`, { status: 'open', manualEvacuees: '0', manualHouseholds: '0' })
      const token = randomUUID()
      const responses = await Promise.all([
        ...Array.from({ length: 6 }, (_, i) => checkIn(s.id, { kind: 'unregistered', name: `避難 太郎${i}`, nameKana: 'ヒナン タロウ', householdSize: '3' })),
        checkIn(s.id, { kind: 'unregistered', name: '再送 花子', householdSize: '2', clientToken: token }),
        checkIn(s.id, { kind: 'unregistered', name: '再送 花子', householdSize: '2', clientToken: token }),
      ])
      expect(responses.every(r => r.statusCode === 303)).toBe(true)
      expect(await counts(s.id)).toEqual({ evacuees: 20, households: 7 })
      const present = await withTenant(t.platform.database.db, tenant.id, trx => sheltersDb(trx).selectFrom('shelterCheckIns').selectAll().where('shelterId', '=', s.id).execute())
      const hanako = present.find(p => p.name === '再送 花子')
      expect(hanako).toBeDefined()
      const out = () => staff.post(`${staff.base}/${s.id}/check-out`, { checkInId: hanako?.id ?? '' })
      const [o1, o2] = await Promise.all([out(), out()])
      expect([o1.statusCode, o2.statusCode]).toEqual([303, 303])
      expect(await counts(s.id)).toEqual({ evacuees: 18, households: 6 })
      expect((await out()).statusCode).toBe(303)
      expect(await counts(s.id)).toEqual({ evacuees: 18, households: 6 })
    })

    it('refuses check-ins at a closed shelter and bad forms with 4xx', async () => {
      const closed = await byCode('3')
      const res = await checkIn(closed.id, { kind: 'unregistered', name: '山田 一郎' })
      expect(res.statusCode).toBe(409)
      expect(res.body).toContain('この避難所は開設されていないため受付できません')
      const open = await byCode('101')
      expect((await checkIn(open.id, { kind: 'unregistered', name: '' })).statusCode).toBe(422)
      expect((await checkIn(open.id, { kind: 'unregistered', name: '山田', householdSize: '99' })).statusCode).toBe(422)
      expect((await checkIn(open.id, { kind: 'nonsense', name: '山田' })).statusCode).toBe(400)
      expect((await staff.post(`${staff.base}/${open.id}/check-out`, { checkInId: randomUUID() })).statusCode).toBe(404)
    })

    it('looks residents up by name, recording the access in the audit log', async () => {
      const s = await byCode('101')
      const page = await staff.get(`${staff.base}/${s.id}/check-in?q=${encodeURIComponent('テスト')}`)
      expect(page.statusCode).toBe(200)
      expect(page.body).toContain('検索結果')
      const audit = await withTenant(t.platform.database.db, tenant.id, trx => trx.selectFrom('auditLog').select(['action', 'details']).where('action', '=', 'disaster.shelters.resident-lookup').execute())
      expect(audit).toHaveLength(1)
      expect(JSON.stringify(audit[0]?.details)).not.toContain('テスト')
    })
  })

  describe('public pages, open data and the API', () => {
    it('shows live occupancy on the public page: a check-in changes it on the next load', async () => {
      const s = await byCode('101')
      const before = await t.app.inject({ method: 'GET', url: `/${tenant.slug}/shelters` })
      expect(before.statusCode).toBe(200)
      const occupancy = (html: string) => new RegExp(`data-shelter-occupancy="${s.id}">([^<]*)`).exec(html)?.[1]
      const was = occupancy(before.body)
      expect(was).toContain('人 / 定員400人')
      await staff.post(`${staff.base}/${s.id}/check-in`, { clientToken: randomUUID(), kind: 'unregistered', name: '来訪 三郎', householdSize: '5' })
      const after = await t.app.inject({ method: 'GET', url: `/${tenant.slug}/shelters` })
      expect(occupancy(after.body)).not.toBe(was)
      const status = await t.app.inject({ method: 'GET', url: `/${tenant.slug}/shelters/status.json` })
      const feature = status.json().features.find((f: { properties: { shelterId: string } }) => f.properties.shelterId === s.id)
      expect(feature.properties.status).toBe('open')
      expect(feature.properties.evacuees).toBe(s.registeredEvacuees + s.manualEvacuees + 5)
    })

    it('filters by hazard and finds open shelters near a postal code, without JavaScript', async () => {
      const tsunami = await t.app.inject({ method: 'GET', url: `/${tenant.slug}/shelters?hazard=tsunami` })
      expect(tsunami.body).toContain('該当する避難所・避難場所はありません')
      const flood = await t.app.inject({ method: 'GET', url: `/${tenant.slug}/shelters?hazard=flood` })
      expect(flood.body).toContain('番町小学校')
      expect(flood.body).not.toContain('千代田公園')
      const near = await t.app.inject({ method: 'GET', url: `/${tenant.slug}/shelters?postal=101-0048` })
      expect(near.statusCode).toBe(200)
      expect(near.body).toContain('神田司町の近くの開設中の避難所')
      expect((await t.app.inject({ method: 'GET', url: `/${tenant.slug}/shelters?postal=12` })).statusCode).toBe(422)
      const json = await t.app.inject({ method: 'GET', url: `/${tenant.slug}/shelters/nearest.json?lat=35.6929&lon=139.7669` })
      expect(json.json().shelters[0].code).toBe('101')
      expect((await t.app.inject({ method: 'GET', url: `/${tenant.slug}/shelters/nearest.json?lat=abc` })).statusCode).toBe(400)
    })

    it('publishes the standard CSV (which reads back), GeoJSON, the Lアラート-style export and the API', async () => {
      const csv = await t.app.inject({ method: 'GET', url: `/${tenant.slug}/shelters.csv` })
      expect(csv.headers['content-type']).toContain('text/csv')
      const back = readShelterCsv(csv.rawPayload, CHIYODA)
      expect(back.rejected).toEqual([])
      expect(back.rows.map(r => r.code).sort()).toEqual((await shelters(tenant)).map(s => s.code).sort())
      const geo = (await t.app.inject({ method: 'GET', url: `/${tenant.slug}/shelters.geojson` })).json()
      expect(geo.type).toBe('FeatureCollection')
      expect(geo.features[0].geometry.coordinates[0]).toBeGreaterThan(139)
      const lalert = (await t.app.inject({ method: 'GET', url: `/${tenant.slug}/shelters/lalert.json` })).json()
      const kanda = lalert.shelters.find((s: { code: string }) => s.code === '101')
      expect(kanda).toMatchObject({ openingStatus: '開設', name: '神田小学校' })
      expect(lalert.shelters.find((s: { code: string }) => s.code === '4').openingStatus).toBe('未開設')
      const xml = await t.app.inject({ method: 'GET', url: `/${tenant.slug}/shelters/lalert.xml` })
      expect(xml.body).toContain('<開設状況>開設</開設状況>')
      const api = await t.app.inject({ method: 'GET', url: `/api/v1/${tenant.slug}/shelters?status=open` })
      expect(api.statusCode).toBe(200)
      expect(api.json().shelters.every((s: { status: string }) => s.status === 'open')).toBe(true)
      expect(api.json().shelters.find((s: { code: string }) => s.code === '101').needs).toEqual(['water'])
      const bad = await t.app.inject({ method: 'GET', url: `/api/v1/${tenant.slug}/shelters?hazard=meteor` })
      expect(bad.statusCode).toBe(400)
      expect(bad.headers['content-type']).toContain('application/problem+json')
      const openapi = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json()
      expect(Object.keys(openapi.paths)).toContain('/api/v1/{tenant}/shelters')
    })

    it('shows a logged-in resident their pass as a QR code, and where they are checked in', async () => {
      const email = `r-${randomUUID().slice(0, 8)}@example.jp`
      const resident = await createTestResident(t.platform, tenant, { loginEmail: email })
      const anonymous = await t.app.inject({ method: 'GET', url: `/${tenant.slug}/shelters/pass` })
      expect(anonymous.statusCode).toBeGreaterThanOrEqual(300)
      expect(anonymous.statusCode).toBeLessThan(500)
      const { jar } = await loginWithEmail(t, tenant, email)
      const page = await t.app.inject({ method: 'GET', url: `/${tenant.slug}/shelters/pass`, headers: { cookie: jar.header() } })
      expect(page.statusCode).toBe(200)
      const pass = signShelterPass(shelterPassKey(t.config.sessionSecret), tenant.id, resident.id)
      expect(page.body).toContain(`data-shelter-pass="${pass}"`)
      expect(page.body).toContain('<svg')
      expect(page.body).not.toContain(email)
    })
  })

  describe('tenant isolation', () => {
    it('keeps one municipality’s shelters away from another’s pages, API and staff', async () => {
      expect(await shelters(other)).toEqual([])
      const api = await t.app.inject({ method: 'GET', url: `/api/v1/${other.slug}/shelters` })
      expect(api.json().shelters).toEqual([])
      const rows = await withTenant(t.platform.database.db, other.id, trx => sql<{ n: number }>`SELECT count(*)::int AS n FROM shelters`.execute(trx))
      expect(rows.rows[0]?.n).toBe(0)
      const otherStaff = await asStaff(other)
      const mine = await byCode('101')
      expect((await otherStaff.get(`${otherStaff.base}/${mine.id}`)).statusCode).toBe(404)
      expect((await otherStaff.post(`${otherStaff.base}/${mine.id}/check-in`, { clientToken: randomUUID(), kind: 'unregistered', name: '侵入', householdSize: '1' })).statusCode).toBe(404)
    })

    it('answers 404 for a municipality that does not use the disaster module', async () => {
      const plain = await createTestTenant(t.platform)
      expect((await t.app.inject({ method: 'GET', url: `/${plain.slug}/shelters` })).statusCode).toBe(404)
      expect((await t.app.inject({ method: 'GET', url: `/api/v1/${plain.slug}/shelters` })).statusCode).toBe(404)
    })
  })
})
