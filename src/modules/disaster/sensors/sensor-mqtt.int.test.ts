/**
 * Through the real Mosquitto on 127.0.0.1:1883: a reading published
 * on the sensor's topic is stored; a malformed payload and a wrong key are counted on the sensor
 * without stopping the subscriber; a topic of an unknown municipality is counted apart. Also the
 * per-sensor rate limit of the HTTP ingestion (this file runs the app with a limit of 3 a minute).
 */
import { randomBytes } from 'node:crypto'
import mqtt from 'mqtt'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, TEST_DB, type TestApp } from '../../../../test/app.js'
import { createTestStaff, createTestTenant, loginStaff } from '../../../../test/factories.js'
import { createTestDistrict } from '../../../../test/notification-factories.js'
import { startSensorSubscriber, unattributedRejections, type SensorSubscriber } from './sensor-mqtt.js'
import { findSensor, registerSensorThroughForm, sensorReadings } from './testdata/sensor-fixtures.js'

// Read through the app config, never the environment directly (only src/platform/config.ts reads it).
const MQTT_URL = 'mqtt://127.0.0.1:1883'

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await probe()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise(resolve => setTimeout(resolve, 100))
  }
}

describe(`sensor readings through the real Mosquitto (${TEST_DB})`, () => {
  let t: TestApp
  let subscriber: SensorSubscriber
  let publisher: mqtt.MqttClient
  beforeAll(async () => {
    t = await createTestApp({ MQTT_URL, SENSOR_INGEST_RATE_PER_MINUTE: '3' })
    // A group of our own: no other subscriber on this broker (a dev server, another test run) takes our messages.
    subscriber = startSensorSubscriber(t.platform, { group: `test-${randomBytes(4).toString('hex')}` })
    await subscriber.ready
    publisher = await mqtt.connectAsync(MQTT_URL, { clientId: `yakuba-test-${randomBytes(4).toString('hex')}` })
  })
  afterAll(async () => {
    await publisher?.endAsync()
    await subscriber?.stop()
    await t?.close()
  })

  it('stores a published reading, and counts malformed payloads and wrong keys without stopping', async () => {
    const tenant = await createTestTenant(t.platform, { features: ['notifications', 'disaster'] })
    const admin = await createTestStaff(t.platform, tenant, 'administrator')
    const jar = await loginStaff(t, tenant, admin)
    const district = await createTestDistrict(t.platform, tenant, 'kita-1')
    const { sensor, key } = await registerSensorThroughForm(t, tenant, jar, { districtIds: [district.id] })
    const topic = `yakuba/${tenant.slug}/sensors/${sensor.id}`

    const at = new Date(Date.now() - 60_000).toISOString()
    await publisher.publishAsync(topic, JSON.stringify({ value: 3.25, at, key }), { qos: 1 })
    const stored = await until('the first reading', async () => {
      const rows = await sensorReadings(t, tenant, sensor.id)
      return rows.length === 1 ? rows : undefined
    })
    expect(stored.map(r => [r.value, r.receivedVia, r.observedAt.toISOString()])).toEqual([[3.25, 'mqtt', at]])
    expect(await findSensor(t, tenant, sensor.id)).toMatchObject({ level: 'warning', lastValue: 3.25 })

    // bad messages of every kind; none may stop the subscriber
    await publisher.publishAsync(topic, Buffer.from([0xff, 0xfe, 0x00, 0x7b]), { qos: 1 })
    await publisher.publishAsync(topic, '{"value": 3.3, "key": ', { qos: 1 })
    await publisher.publishAsync(topic, JSON.stringify({ value: 3.3, key: `yks_${'B'.repeat(43)}` }), { qos: 1 })
    await publisher.publishAsync(topic, JSON.stringify({ value: 1e9, key }), { qos: 1 })
    await publisher.publishAsync(`yakuba/${tenant.slug}/sensors/not-a-uuid`, JSON.stringify({ value: 1, key }), { qos: 1 })
    await publisher.publishAsync(`yakuba/t-nosuchtown/sensors/${sensor.id}`, JSON.stringify({ value: 1, key }), { qos: 1 })
    // …and the next good reading is still stored
    await publisher.publishAsync(topic, JSON.stringify({ value: 1.0, key }), { qos: 1 })
    await until('the reading after the bad ones', async () => ((await sensorReadings(t, tenant, sensor.id)).length === 2 ? true : undefined))
    await subscriber.idle()

    const counts = (await findSensor(t, tenant, sensor.id)).rejectedCounts
    expect(counts).toEqual({ malformed: 2, wrongKey: 1, absurd: 1 })
    expect(unattributedRejections()).toMatchObject({ badTopic: expect.any(Number), unknownTenant: expect.any(Number), malformed: expect.any(Number), wrongKey: expect.any(Number) })
    expect(await findSensor(t, tenant, sensor.id)).toMatchObject({ level: 'normal', lastValue: 1.0 })
  })

  it('rate-limits HTTP ingestion per sensor with a 429 (the limit is SENSOR_INGEST_RATE_PER_MINUTE)', async () => {
    const tenant = await createTestTenant(t.platform, { features: ['notifications', 'disaster'] })
    const call = (code: string) => t.app.inject({ method: 'POST', url: `/api/v1/${tenant.slug}/sensors/${code}/readings`, headers: { 'content-type': 'application/json' }, payload: '{"value":1}' })
    const answers = [await call('gauge-a'), await call('gauge-a'), await call('gauge-a'), await call('gauge-a'), await call('gauge-b')]
    expect(answers.map(a => a.statusCode)).toEqual([401, 401, 401, 429, 401])
    expect(answers[3]!.headers['retry-after']).toBeDefined()
  })
})
