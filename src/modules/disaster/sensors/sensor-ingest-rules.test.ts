import { describe, expect, it } from 'vitest'
import { hashToken } from '../../../platform/crypto.js'
import { loadConfig } from '../../../platform/config.js'
import { lineChartScale } from '../../../platform/views/components/index.js'
import { sensorsCatalog } from './sensors-catalog.js'
import { applyReadings, bearerToken, downsampleCutoff, generateSensorKey, hourlyAggregates, MAX_BATCH_READINGS, readEnvelope, REJECTION_REASONS, sensorKeyHash } from './sensor-ingest-rules.js'
import { EMPTY_SENSOR_FORM, parseDecimal, readSensorForm } from './sensor-form.js'

const river = { caution: 2, warning: 3, danger: 4, hysteresis: 0.2 }
const at = (minutes: number) => new Date(Date.UTC(2026, 10, 23, 0, minutes))

describe('sensor keys', () => {
  it('issues 256-bit keys that are stored only as their hash and recognised by format', () => {
    const a = generateSensorKey()
    const b = generateSensorKey()
    expect(a.key).toMatch(/^yks_[A-Za-z0-9_-]{43}$/)
    expect(a.key).not.toBe(b.key)
    expect(a.keyHash).toBe(hashToken(a.key))
    expect(a.key.slice(4, 10)).toBe(a.keyPrefix)
    expect(sensorKeyHash(a.key)).toBe(a.keyHash)
    for (const wrong of [undefined, '', 'ykb_demo_xxx', `${a.key}x`, a.key.slice(0, -1), 42]) expect(sensorKeyHash(wrong)).toBeUndefined()
  })

  it('reads only a Bearer authorization header', () => {
    expect(bearerToken('Bearer yks_abc')).toBe('yks_abc')
    expect(bearerToken('bearer   yks_abc ')).toBe('yks_abc')
    expect(bearerToken('Basic dXNlcjpwdw==')).toBeUndefined()
    expect(bearerToken(undefined)).toBeUndefined()
  })
})

describe('message envelopes', () => {
  it('reads one reading, a batch, and a key carried in the payload', () => {
    expect(readEnvelope('{"value":3.4,"at":"2026-11-23T18:00:00+09:00"}')).toEqual({ ok: true, envelope: { key: undefined, items: ['{"value":3.4,"at":"2026-11-23T18:00:00+09:00"}'] } })
    expect(readEnvelope(Buffer.from('{"value":1,"key":"yks_x"}'))).toEqual({ ok: true, envelope: { key: 'yks_x', items: ['{"value":1}'] } })
    expect(readEnvelope('{"readings":[{"value":1},{"value":"2"},null]}')).toEqual({ ok: true, envelope: { key: undefined, items: ['{"value":1}', '{"value":"2"}', 'null'] } })
  })

  it('refuses malformed, empty and oversized messages with a reason, never throwing', () => {
    expect(readEnvelope('{"value":')).toEqual({ ok: false, problem: 'malformed' })
    expect(readEnvelope('[1]')).toEqual({ ok: false, problem: 'malformed' })
    expect(readEnvelope('')).toEqual({ ok: false, problem: 'malformed' })
    expect(readEnvelope('{"readings":{}}')).toEqual({ ok: false, problem: 'malformed' })
    expect(readEnvelope('{"readings":[]}')).toEqual({ ok: false, problem: 'noReadings' })
    expect(readEnvelope(JSON.stringify({ readings: Array.from({ length: MAX_BATCH_READINGS + 1 }, () => ({ value: 1 })) }))).toEqual({ ok: false, problem: 'tooMany' })
    expect(readEnvelope(`{"value":1,"pad":"${'x'.repeat(5000)}"}`)).toEqual({ ok: false, problem: 'tooLarge' })
    expect(readEnvelope(`{"readings":[],"pad":"${'x'.repeat(300 * 1024)}"}`)).toEqual({ ok: false, problem: 'tooLarge' })
  })

  it('names every refusal in three languages', () => {
    for (const reason of [...REJECTION_REASONS, 'badTopic', 'unknownTenant', 'unknownSensor', 'overloaded', 'failed']) {
      for (const locale of ['ja', 'ja-easy', 'en'] as const) expect(sensorsCatalog[locale][`sensors.rejection.${reason}`], `${locale} ${reason}`).toBeTruthy()
    }
  })
})

describe('a sensor through a series of readings', () => {
  it('records each level change once, with hysteresis, and marks only rises as alerting', () => {
    const values = [1.0, 2.1, 2.95, 3.1, 2.9, 3.05, 2.85, 2.79, 4.2, 1.0]
    const result = applyReadings({ level: 'normal', lastReadingAt: null, lastValue: null }, values.map((value, i) => ({ value, at: at(i * 10) })), river)
    expect(result.changes.map(c => [c.from, c.to, c.value, c.isAlerting])).toEqual([
      ['normal', 'caution', 2.1, true],
      ['caution', 'warning', 3.1, true],
      ['warning', 'caution', 2.79, false],
      ['caution', 'danger', 4.2, true],
      ['danger', 'normal', 1.0, false],
    ])
    expect(result).toMatchObject({ level: 'normal', lastValue: 1.0, lastReadingAt: at(90) })
  })

  it('orders a batch by time and ignores readings older than the last one seen', () => {
    const state = { level: 'caution' as const, lastReadingAt: at(60), lastValue: 2.5 }
    const result = applyReadings(state, [{ value: 3.5, at: at(80) }, { value: 9, at: at(30) }, { value: 2.5, at: at(70) }], river)
    expect(result.changes.map(c => [c.from, c.to])).toEqual([['caution', 'warning']])
    expect(result).toMatchObject({ level: 'warning', lastReadingAt: at(80), lastValue: 3.5 })
    expect(applyReadings(state, [{ value: 9, at: at(10) }], river)).toMatchObject({ level: 'caution', lastReadingAt: at(60), changes: [] })
  })
})

describe('downsampling', () => {
  it('aggregates readings per hour with min, max, sum and count', () => {
    const readings = [
      { observedAt: new Date('2026-11-01T00:00:00Z'), value: 1 },
      { observedAt: new Date('2026-11-01T00:59:59.999Z'), value: 3 },
      { observedAt: new Date('2026-11-01T00:30:00Z'), value: -1 },
      { observedAt: new Date('2026-11-01T02:10:00Z'), value: 5 },
    ]
    expect(hourlyAggregates(readings)).toEqual([
      { hourStart: new Date('2026-11-01T00:00:00Z'), minValue: -1, maxValue: 3, sumValue: 3, readingCount: 3 },
      { hourStart: new Date('2026-11-01T02:00:00Z'), minValue: 5, maxValue: 5, sumValue: 5, readingCount: 1 },
    ])
    expect(hourlyAggregates([])).toEqual([])
  })

  it('rolls up whole hours only, older than the retention', () => {
    expect(downsampleCutoff(new Date('2026-12-01T10:35:00Z'), 30)).toEqual(new Date('2026-11-01T10:00:00Z'))
  })
})

describe('the registry form', () => {
  const districtId = '0b5f6a1e-3c2d-4e5f-8a9b-0c1d2e3f4a5b'
  const good = { ...EMPTY_SENSOR_FORM, code: 'Kanda-River', nameJa: '神田川 水位計', latitude: '35.69', longitude: '１３９．７６', caution: '2', warning: '3', danger: '4', hysteresis: '0.2', rangeMin: '-1', rangeMax: '10', intervalMinutes: '10', districtIds: [districtId] }

  it('reads full-width numbers and lower-cases the code', () => {
    expect(parseDecimal('－１．５')).toBe(-1.5)
    expect(parseDecimal('1e3')).toBeUndefined()
    const form = readSensorForm(good, [districtId])
    expect(form.problems).toEqual([])
    expect(form.input).toMatchObject({ code: 'kanda-river', longitude: 139.76, cautionThreshold: 2, expectedIntervalSeconds: 600, districtIds: [districtId], names: { ja: '神田川 水位計' } })
  })

  it('refuses thresholds that do not rise, a wide hysteresis, a range that misses the thresholds, and unknown districts', () => {
    const problems = (values: Partial<typeof good>) => readSensorForm({ ...good, ...values }, [districtId]).problems.map(p => `${p.field}:${p.key}`)
    expect(problems({ warning: '1.5' })).toContain('warning:disaster.sensors.thresholdsNotRising')
    expect(problems({ hysteresis: '1' })).toContain('hysteresis:disaster.sensors.hysteresisTooWide')
    expect(problems({ rangeMax: '3.5' })).toEqual(['rangeMax:sensors.form.errors.thresholdsOutsideRange'])
    expect(problems({ districtIds: ['0b5f6a1e-3c2d-4e5f-8a9b-0c1d2e3f4a5c'] })).toEqual(['districtIds:sensors.form.errors.districts'])
    expect(problems({ code: 'bad code', nameJa: '', caution: 'abc', latitude: '10' })).toEqual(['code:sensors.form.errors.codeFormat', 'nameJa:sensors.form.errors.name.required', 'latitude:sensors.form.errors.latitude', 'caution:sensors.form.errors.notANumber'])
    for (const p of readSensorForm({ ...good, code: '', unit: '', kind: 'x', hazard: 'x', intervalMinutes: '0.5' }, []).problems) expect(sensorsCatalog.ja[p.key] ?? p.key.startsWith('disaster.'), p.key).toBeTruthy()
  })
})

describe('the line chart scale', () => {
  it('covers the values with round steps', () => {
    expect(lineChartScale(1.2, 4)).toEqual({ min: 1, max: 4, step: 1 })
    expect(lineChartScale(0.3, 3.35)).toEqual({ min: 0, max: 4, step: 1 })
    expect(lineChartScale(-0.04, 0.17)).toEqual({ min: -0.05, max: 0.2, step: 0.05 })
    expect(lineChartScale(0, 0)).toEqual({ min: -1, max: 1, step: 0.5 })
  })
})

describe('the MQTT setting', () => {
  it('defaults to the local Mosquitto and is turned off by an empty value or off', () => {
    expect(loadConfig({}).mqttUrl).toBe('mqtt://127.0.0.1:1883')
    expect(loadConfig({ MQTT_URL: 'mqtts://broker.example.jp:8883' }).mqttUrl).toBe('mqtts://broker.example.jp:8883')
    expect(loadConfig({ MQTT_URL: '' }).mqttUrl).toBeUndefined()
    expect(loadConfig({ MQTT_URL: 'off' }).mqttUrl).toBeUndefined()
    expect(() => loadConfig({ MQTT_URL: 'http://broker' })).toThrow(/MQTT_URL/)
    expect(() => loadConfig({ SENSOR_RETENTION_DAYS: '7' })).toThrow(/SENSOR_RETENTION_DAYS/)
  })
})
