/**
 * Test support for the sensors area (imported only by *.int.test.ts and *.e2e.test.ts files):
 * registering a sensor through the staff form as a real staff member would, and reading back
 * what ingestion stored.
 */
import type { TestApp } from '../../../../../test/app.js'
import { csrfFrom, type CookieJar } from '../../../../../test/app.js'
import { withTenant } from '../../../../platform/db/tenant-context.js'
import type { TenantContext } from '../../../../platform/tenancy/tenant-service.js'
import { sensorsDb, type Sensor } from '../sensor-tables.js'

export interface RegisteredSensor {
  sensor: Sensor
  key: string
}

/** Posts the registry form; returns the stored sensor and the key the page showed once. */
export async function registerSensorThroughForm(t: TestApp, tenant: TenantContext, jar: CookieJar, fields: Record<string, string | string[]> = {}): Promise<RegisteredSensor> {
  const page = await t.app.inject({ method: 'GET', url: `/${tenant.slug}/staff/disaster/sensors/new`, headers: { cookie: jar.header() } })
  if (page.statusCode !== 200) throw new Error(`sensor form: ${page.statusCode}`)
  jar.store(page.headers['set-cookie'])
  const code = typeof fields.code === 'string' ? fields.code : `river-${Math.random().toString(36).slice(2, 8)}`
  const payload = new URLSearchParams()
  const values: Record<string, string | string[]> = { _csrf: csrfFrom(page.body), code, nameJa: 'テスト川 水位計', nameEasy: '', nameEn: 'Test river gauge', kind: 'water_level', unit: 'm', latitude: '35.685', longitude: '139.774', caution: '2', warning: '3', danger: '4', hysteresis: '0.2', rangeMin: '-1', rangeMax: '10', intervalMinutes: '10', hazard: 'flood', ...fields }
  for (const [name, value] of Object.entries(values)) for (const v of [value].flat()) payload.append(name, v)
  const created = await t.app.inject({ method: 'POST', url: `/${tenant.slug}/staff/disaster/sensors/new`, headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' }, payload: payload.toString() })
  if (created.statusCode !== 201) throw new Error(`sensor registration: ${created.statusCode}`)
  const key = /yks_[A-Za-z0-9_-]{43}/.exec(created.body)?.[0]
  if (!key) throw new Error('no key on the page')
  const sensor = await withTenant(t.platform.database.db, tenant.id, trx => sensorsDb(trx).selectFrom('sensors').selectAll().where('code', '=', code).executeTakeFirstOrThrow())
  return { sensor, key }
}

export function findSensor(t: TestApp, tenant: TenantContext, id: string): Promise<Sensor> {
  return withTenant(t.platform.database.db, tenant.id, trx => sensorsDb(trx).selectFrom('sensors').selectAll().where('id', '=', id).executeTakeFirstOrThrow())
}

export function sensorReadings(t: TestApp, tenant: TenantContext, id: string) {
  return withTenant(t.platform.database.db, tenant.id, trx => sensorsDb(trx).selectFrom('sensorReadings').select(['observedAt', 'value', 'receivedVia']).where('sensorId', '=', id).orderBy('observedAt').execute())
}

export function sensorEvents(t: TestApp, tenant: TenantContext, id: string) {
  return withTenant(t.platform.database.db, tenant.id, trx => sensorsDb(trx).selectFrom('sensorEvents').selectAll().where('sensorId', '=', id).orderBy('createdAt').orderBy('occurredAt').execute())
}
