import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, csrfFrom, TEST_DB, type TestApp } from '../../../../test/app.js'
import { createTestStaff, createTestTenant, loginStaff } from '../../../../test/factories.js'
import { createTestDistrict } from '../../../../test/notification-factories.js'
import { withTenant } from '../../../platform/db/tenant-context.js'
import type { TenantContext } from '../../../platform/tenancy/tenant-service.js'
import { downsampleReadings, markSilentSensorsOffline } from './sensor-watch.js'
import { sensorsDb } from './sensor-tables.js'
import { findSensor, registerSensorThroughForm, sensorEvents, sensorReadings } from './testdata/sensor-fixtures.js'

describe(`sensors on ${TEST_DB}`, () => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp({ SENSOR_INGEST_RATE_PER_MINUTE: '1000' })
  })
  afterAll(async () => t?.close())

  async function setUp() {
    const tenant = await createTestTenant(t.platform, { features: ['notifications', 'disaster'] })
    const admin = await createTestStaff(t.platform, tenant, 'administrator')
    const jar = await loginStaff(t, tenant, admin)
    const districts = [await createTestDistrict(t.platform, tenant, 'kita-1'), await createTestDistrict(t.platform, tenant, 'minami-1')]
    const registered = await registerSensorThroughForm(t, tenant, jar, { districtIds: [districts[0]!.id] })
    return { tenant, admin, jar, districts, ...registered }
  }

  const send = (tenant: TenantContext, code: string, key: string | undefined, body: unknown, contentType = 'application/json') =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1/${tenant.slug}/sensors/${code}/readings`,
      headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), 'content-type': contentType },
      payload: typeof body === 'string' ? body : JSON.stringify(body),
    })
  const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString()

  it('registers a sensor through the form, shows its key once, and refuses thresholds that do not rise', async () => {
    const { tenant, jar, sensor, key } = await setUp()
    expect(sensor).toMatchObject({ kind: 'water_level', cautionThreshold: 2, warningThreshold: 3, dangerThreshold: 4, hysteresis: 0.2, expectedIntervalSeconds: 600, level: 'normal' })
    const stored = await withTenant(t.platform.database.db, tenant.id, trx => sensorsDb(trx).selectFrom('sensorKeys').select(['keyHash', 'keyPrefix']).execute())
    expect(stored).toHaveLength(1)
    expect(JSON.stringify(stored)).not.toContain(key.slice(4))
    const page = await t.app.inject({ method: 'GET', url: `/${tenant.slug}/staff/disaster/sensors/${sensor.id}`, headers: { cookie: jar.header() } })
    expect(page.statusCode).toBe(200)
    expect(page.body).not.toContain(key)
    expect(page.body).toContain(`yks_${key.slice(4, 10)}…`)

    const form = await t.app.inject({ method: 'GET', url: `/${tenant.slug}/staff/disaster/sensors/new`, headers: { cookie: jar.header() } })
    const refused = await t.app.inject({
      method: 'POST',
      url: `/${tenant.slug}/staff/disaster/sensors/new`,
      headers: { cookie: jar.header() },
      payload: { _csrf: csrfFrom(form.body), code: 'second', nameJa: '二つ目', kind: 'rainfall', unit: 'mm/h', latitude: '35.68', longitude: '139.76', caution: '50', warning: '20', danger: '80', hysteresis: '1', rangeMin: '0', rangeMax: '300', intervalMinutes: '10', hazard: 'flood' },
    })
    expect(refused.statusCode).toBe(422)
    expect(refused.body).toContain('しきい値は 注意 &lt; 警戒 &lt; 危険 の順に大きくしてください。')
    const taken = await t.app.inject({ method: 'POST', url: `/${tenant.slug}/staff/disaster/sensors/new`, headers: { cookie: jar.header() }, payload: { _csrf: csrfFrom(form.body), code: sensor.code, nameJa: '同じ', kind: 'water_level', unit: 'm', latitude: '35.68', longitude: '139.76', caution: '2', warning: '3', danger: '4', hysteresis: '0', rangeMin: '0', rangeMax: '10', intervalMinutes: '10', hazard: 'flood' } })
    expect(taken.statusCode).toBe(409)
    const audit = await withTenant(t.platform.database.db, tenant.id, trx => trx.selectFrom('auditLog').select('action').where('subjectId', '=', sensor.id).execute())
    expect(audit.map(a => a.action)).toEqual(['disaster.register-sensor'])

    // rotation: the old key stops working at once, the new one works
    const rotated = await t.app.inject({ method: 'POST', url: `/${tenant.slug}/staff/disaster/sensors/${sensor.id}/key`, headers: { cookie: jar.header() }, payload: { _csrf: csrfFrom(page.body) } })
    expect(rotated.statusCode).toBe(200)
    const newKey = /yks_[A-Za-z0-9_-]{43}/.exec(rotated.body)?.[0] ?? ''
    expect(newKey).not.toBe(key)
    expect((await send(tenant, sensor.code, key, { value: 1 })).statusCode).toBe(401)
    expect((await send(tenant, sensor.code, newKey, { value: 1 })).statusCode).toBe(201)
  })

  it('stores one reading and a batch, and treats a re-send as a no-op', async () => {
    const { tenant, sensor, key } = await setUp()
    const one = await send(tenant, sensor.code, key, { value: 1.5, at: minutesAgo(40) })
    expect(one.statusCode).toBe(201)
    expect(one.json()).toEqual({ accepted: 1, duplicates: 0, level: 'normal' })
    const batch = { readings: [{ value: 1.6, at: minutesAgo(30) }, { value: 1.7, at: minutesAgo(20) }, { value: 2.2, at: minutesAgo(10) }] }
    const stored = await send(tenant, sensor.code.toUpperCase(), key, batch)
    expect(stored.statusCode).toBe(201)
    expect(stored.json()).toEqual({ accepted: 3, duplicates: 0, level: 'caution' })
    const again = await send(tenant, sensor.code, key, batch)
    expect(again.statusCode).toBe(200)
    expect(again.json()).toEqual({ accepted: 0, duplicates: 3, level: 'caution' })
    const readings = await sensorReadings(t, tenant, sensor.id)
    expect(readings.map(r => [r.value, r.receivedVia])).toEqual([[1.5, 'http'], [1.6, 'http'], [1.7, 'http'], [2.2, 'http']])
    expect((await sensorEvents(t, tenant, sensor.id)).map(e => [e.kind, e.fromLevel, e.toLevel])).toEqual([['level', 'normal', 'caution']])
    expect(await findSensor(t, tenant, sensor.id)).toMatchObject({ level: 'caution', lastValue: 2.2 })
  })

  it('answers wrong keys, unknown sensors, absurd values and malformed JSON with 4xx, stores nothing, and counts the refusals', async () => {
    const { tenant, sensor, key, jar } = await setUp()
    const other = await registerSensorThroughForm(t, tenant, jar, { code: 'other-gauge' })
    const wrongKey = `yks_${'A'.repeat(43)}`
    const answers = [
      await send(tenant, sensor.code, undefined, { value: 1 }),
      await send(tenant, sensor.code, wrongKey, { value: 1 }),
      await send(tenant, 'no-such-sensor', wrongKey, { value: 1 }),
    ]
    expect(answers.map(a => a.statusCode)).toEqual([401, 401, 401])
    // a caller without a valid key cannot tell an existing sensor from a missing one
    expect(answers[1]!.json().code).toBe(answers[2]!.json().code)
    expect(answers[1]!.headers['www-authenticate']).toBe('Bearer')
    // a valid key of another sensor: 404, for an existing or a missing code alike
    expect((await send(tenant, 'no-such-sensor', key, { value: 1 })).statusCode).toBe(404)
    expect((await send(tenant, other.sensor.code, key, { value: 1 })).statusCode).toBe(404)

    const absurd = await send(tenant, sensor.code, key, { readings: [{ value: 1, at: minutesAgo(5) }, { value: 9999 }, { value: 'high' }] })
    expect(absurd.statusCode).toBe(422)
    expect(absurd.json()).toMatchObject({ code: 'DISASTER.SENSOR_READINGS_REFUSED', errors: [{ path: 'readings.1', code: 'absurd' }, { path: 'readings.2', code: 'notANumber' }] })
    const malformed = await send(tenant, sensor.code, key, '{"value": 1.2,')
    expect(malformed.statusCode).toBe(422)
    expect(malformed.json().errors).toEqual([{ path: '(body)', code: 'malformed', message: 'JSON として読めない' }])
    const cases = [
      await send(tenant, sensor.code, key, ''),
      await send(tenant, sensor.code, key, { readings: [] }),
      await send(tenant, sensor.code, key, { value: 1, at: new Date(Date.now() + 3_600_000).toISOString() }),
      await send(tenant, sensor.code, key, { value: 1, at: new Date(Date.now() - 8 * 86_400_000).toISOString() }),
      await send(tenant, sensor.code, key, '<value>1</value>', 'application/xml'),
      await send(tenant, sensor.code, key, `{"value":1,"pad":"${'x'.repeat(300 * 1024)}"}`),
    ]
    expect(cases.map(c => c.statusCode)).toEqual([422, 422, 422, 422, 415, 413])
    expect(await sensorReadings(t, tenant, sensor.id)).toEqual([])
    const counts = (await findSensor(t, tenant, sensor.id)).rejectedCounts
    expect(counts).toEqual({ wrongKey: 2, absurd: 1, notANumber: 1, malformed: 2, noReadings: 1, future: 1, tooOld: 1 })
    expect((await findSensor(t, tenant, other.sensor.id)).rejectedCounts).toEqual({ wrongKey: 1 })
  })

  it('moves through the thresholds with hysteresis, creating exactly the expected events, one alert draft and staff mails', async () => {
    const { tenant, sensor, key, admin, districts } = await setUp()
    const operator = await createTestStaff(t.platform, tenant, 'outsourced_operator')
    const values = [1.0, 2.1, 2.95, 3.1, 2.9, 3.05, 2.85, 2.79, 3.2, 4.2, 1.0]
    for (const [i, value] of values.entries()) {
      const answer = await send(tenant, sensor.code, key, { value, at: minutesAgo(60 - i * 5) })
      expect(answer.statusCode, `reading ${i}`).toBe(201)
    }
    const events = await sensorEvents(t, tenant, sensor.id)
    expect(events.map(e => [e.fromLevel, e.toLevel, e.value, e.needsAcknowledgement, e.alertId !== null])).toEqual([
      ['normal', 'caution', 2.1, true, false],
      ['caution', 'warning', 3.1, true, true],
      ['warning', 'caution', 2.79, false, false],
      ['caution', 'warning', 3.2, true, true],
      ['warning', 'danger', 4.2, true, true],
      ['danger', 'normal', 1.0, false, false],
    ])
    // one open draft per sensor, raised to the highest level; never issued by itself
    const { rows: drafts } = await withTenant(t.platform.database.db, tenant.id, trx => sql<{ id: string; state: string; level: number; districtIds: string[]; source: string }>`SELECT id, state, level, district_ids AS "districtIds", source FROM evacuation_alerts WHERE sensor_id = ${sensor.id}`.execute(trx))
    expect(drafts).toEqual([{ id: events[1]!.alertId, state: 'draft', level: 4, districtIds: [districts[0]!.id], source: 'sensor' }])
    expect(new Set(events.filter(e => e.alertId).map(e => e.alertId)).size).toBe(1)

    await t.platform.jobs.startWorkers()
    await t.platform.jobs.drain()
    const mails = await withTenant(t.platform.database.db, tenant.id, trx => trx.selectFrom('mailLog').select(['toAddress', 'subject', 'textBody']).where('template', '=', 'disaster.sensor-rise').orderBy('createdAt').execute())
    // four rises × two staff holding disaster.operate (administrator and 委託 operator)
    expect(mails).toHaveLength(8)
    expect(new Set(mails.map(m => m.toAddress))).toEqual(new Set([admin.email, operator.email]))
    expect(mails.map(m => m.subject)).toContain('【危険】テスト川 水位計 がしきい値を超えました')
    expect(mails.find(m => m.subject.startsWith('【警戒】'))?.textBody).toContain('警報の下書きを作成しました')
  })

  it('marks a silent sensor offline once, warns staff, and brings it back with the next reading', async () => {
    const { tenant, sensor, key, jar } = await setUp()
    expect((await send(tenant, sensor.code, key, { value: 1 })).statusCode).toBe(201)
    expect(await markSilentSensorsOffline(t.platform, tenant, new Date(Date.now() + 19 * 60_000))).toEqual([])
    const later = new Date(Date.now() + 21 * 60_000)
    expect(await markSilentSensorsOffline(t.platform, tenant, later)).toEqual([sensor.id])
    expect(await markSilentSensorsOffline(t.platform, tenant, new Date(later.getTime() + 3_600_000))).toEqual([])
    expect(await findSensor(t, tenant, sensor.id)).toMatchObject({ isOffline: true, offlineSince: later })
    const dashboard = await t.app.inject({ method: 'GET', url: `/${tenant.slug}/staff/disaster/sensors`, headers: { cookie: jar.header() } })
    expect(dashboard.body).toContain('通信途絶(送信間隔の2倍を超えて受信なし)')

    // a late, buffered reading is history: it does not bring the sensor back
    expect((await send(tenant, sensor.code, key, { value: 1.1, at: minutesAgo(30) })).statusCode).toBe(201)
    expect((await findSensor(t, tenant, sensor.id)).isOffline).toBe(true)
    expect((await send(tenant, sensor.code, key, { value: 1.2 })).statusCode).toBe(201)
    expect(await findSensor(t, tenant, sensor.id)).toMatchObject({ isOffline: false, offlineSince: null })
    expect((await sensorEvents(t, tenant, sensor.id)).map(e => [e.kind, e.needsAcknowledgement])).toEqual([['offline', true], ['online', false]])
    const queued = await withTenant(t.platform.database.db, tenant.id, trx => sql<{ n: number }>`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'notify.deliver-message' AND data->>'template' = 'disaster.sensor-offline' AND data->>'tenantId' = ${tenant.id}`.execute(trx))
    expect(queued.rows[0]?.n).toBe(1)
  })

  it('rolls raw readings past the retention into hourly aggregates, exactly once however often it runs', async () => {
    const { tenant, sensor } = await setUp()
    const now = new Date('2026-12-01T10:35:00Z')
    const insert = (readings: [string, number][]) =>
      withTenant(t.platform.database.db, tenant.id, trx =>
        sensorsDb(trx)
          .insertInto('sensorReadings')
          .values(readings.map(([at, value]) => ({ tenantId: tenant.id, sensorId: sensor.id, observedAt: new Date(at), value, receivedVia: 'http' as const })))
          .execute(),
      )
    await insert([['2026-10-31T09:10:00Z', 1], ['2026-10-31T09:50:00Z', 3], ['2026-11-01T09:59:00Z', 2], ['2026-11-01T10:00:00Z', 5], ['2026-11-20T00:00:00Z', 7]])
    expect(await downsampleReadings(t.platform, tenant.id, now, 30)).toEqual({ readings: 3, hours: 2 })
    expect(await downsampleReadings(t.platform, tenant.id, now, 30)).toEqual({ readings: 0, hours: 0 })
    // more readings of an hour already rolled up are merged into it
    await insert([['2026-10-31T09:30:00Z', -1]])
    expect(await downsampleReadings(t.platform, tenant.id, now, 30)).toEqual({ readings: 1, hours: 1 })
    const hours = await withTenant(t.platform.database.db, tenant.id, trx => sensorsDb(trx).selectFrom('sensorReadingHours').select(['hourStart', 'minValue', 'maxValue', 'sumValue', 'readingCount']).orderBy('hourStart').execute())
    expect(hours).toEqual([
      { hourStart: new Date('2026-10-31T09:00:00Z'), minValue: -1, maxValue: 3, sumValue: 3, readingCount: 3 },
      { hourStart: new Date('2026-11-01T09:00:00Z'), minValue: 2, maxValue: 2, sumValue: 2, readingCount: 1 },
    ])
    expect((await sensorReadings(t, tenant, sensor.id)).map(r => r.value)).toEqual([5, 7])
  })

  it('keeps municipalities apart: keys, pages and rows of one are invisible to another', async () => {
    const a = await setUp()
    const b = await setUp()
    expect((await send(b.tenant, a.sensor.code, a.key, { value: 1 })).statusCode).toBe(401)
    expect((await send(b.tenant, b.sensor.code, a.key, { value: 1 })).statusCode).toBe(401)
    const page = await t.app.inject({ method: 'GET', url: `/${b.tenant.slug}/staff/disaster/sensors/${a.sensor.id}`, headers: { cookie: b.jar.header() } })
    expect(page.statusCode).toBe(404)
    const seenByB = await withTenant(t.platform.database.db, b.tenant.id, trx => sensorsDb(trx).selectFrom('sensors').select('id').execute())
    expect(seenByB.map(s => s.id)).toEqual([b.sensor.id])
    const withoutTenant = await sensorsDb(t.platform.database.db).selectFrom('sensors').select('id').execute()
    expect(withoutTenant).toEqual([])
    await expect(
      withTenant(t.platform.database.db, b.tenant.id, trx => sensorsDb(trx).insertInto('sensorReadings').values({ tenantId: a.tenant.id, sensorId: a.sensor.id, observedAt: new Date(), value: 1, receivedVia: 'http' }).execute()),
    ).rejects.toThrow()
  })

  it('shows the dashboard, the map and chart data, and lets staff acknowledge a warning; an operator cannot manage', async () => {
    const { tenant, sensor, key, jar } = await setUp()
    expect((await send(tenant, sensor.code, key, { readings: [{ value: 1, at: minutesAgo(30) }, { value: 3.4, at: minutesAgo(1) }] })).statusCode).toBe(201)
    const dashboard = await t.app.inject({ method: 'GET', url: `/${tenant.slug}/staff/disaster/sensors`, headers: { cookie: jar.header() } })
    expect(dashboard.statusCode).toBe(200)
    expect(dashboard.body).toContain('テスト川 水位計')
    expect(dashboard.body).toContain('平常 → 警戒(3.4 m)')
    const map = await t.app.inject({ method: 'GET', url: `/${tenant.slug}/staff/disaster/sensors/map.json`, headers: { cookie: jar.header() } })
    expect(map.json().features[0]).toMatchObject({ id: sensor.id, geometry: { coordinates: [139.774, 35.685] }, properties: { state: 'warning', value: 3.4 } })
    const chart = await t.app.inject({ method: 'GET', url: `/${tenant.slug}/staff/disaster/sensors/${sensor.id}/readings.json`, headers: { cookie: jar.header() } })
    expect(chart.json()).toMatchObject({ level: 'warning', thresholds: { caution: 2, warning: 3, danger: 4 }, readings: [{ value: 1 }, { value: 3.4 }] })
    const page = await t.app.inject({ method: 'GET', url: `/${tenant.slug}/staff/disaster/sensors/${sensor.id}`, headers: { cookie: jar.header() } })
    expect(page.body).toContain('<polyline data-line=""')

    const [event] = await sensorEvents(t, tenant, sensor.id)
    const ack = await t.app.inject({ method: 'POST', url: `/${tenant.slug}/staff/disaster/sensors/events/${event!.id}/acknowledge`, headers: { cookie: jar.header() }, payload: { _csrf: csrfFrom(dashboard.body), returnTo: 'sensor' } })
    expect(ack.statusCode).toBe(303)
    expect(ack.headers.location).toBe(`/${tenant.slug}/staff/disaster/sensors/${sensor.id}?done=acknowledged`)
    expect((await sensorEvents(t, tenant, sensor.id))[0]).toMatchObject({ acknowledgedAt: expect.any(Date) })
    const again = await t.app.inject({ method: 'POST', url: `/${tenant.slug}/staff/disaster/sensors/events/${event!.id}/acknowledge`, headers: { cookie: jar.header() }, payload: { _csrf: csrfFrom(dashboard.body) } })
    expect(again.statusCode).toBe(303)

    const operator = await createTestStaff(t.platform, tenant, 'outsourced_operator')
    const operatorJar = await loginStaff(t, tenant, operator)
    expect((await t.app.inject({ method: 'GET', url: `/${tenant.slug}/staff/disaster/sensors`, headers: { cookie: operatorJar.header() } })).statusCode).toBe(200)
    expect((await t.app.inject({ method: 'GET', url: `/${tenant.slug}/staff/disaster/sensors/new`, headers: { cookie: operatorJar.header() } })).statusCode).toBe(403)
    const partner = await createTestStaff(t.platform, tenant, 'partner_member')
    const partnerJar = await loginStaff(t, tenant, partner)
    expect((await t.app.inject({ method: 'GET', url: `/${tenant.slug}/staff/disaster/sensors`, headers: { cookie: partnerJar.header() } })).statusCode).toBe(403)
  })

  it('describes the ingestion endpoint in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json()
    const operation = doc.paths['/api/v1/{tenant}/sensors/{sensorCode}/readings'].post
    expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['201', '200', '401', '404', '422', '429']))
  })
})
