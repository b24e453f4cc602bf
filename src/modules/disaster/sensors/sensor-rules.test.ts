import { describe, expect, it } from 'vitest'
import { disasterCatalog } from '../disaster-catalog.js'
import { isAlertingChange, isSensorOffline, MAX_READING_BYTES, nextSensorLevel, parseReading, sensorTopic, thresholdProblems, type SensorLevel, type SensorThresholds } from './sensor-rules.js'

// A river gauge: 注意 at 2.0 m, 警戒 at 3.0 m, 危険 at 4.0 m, 0.2 m of hysteresis.
const river: SensorThresholds = { caution: 2, warning: 3, danger: 4, hysteresis: 0.2 }
const walk = (values: number[], start: SensorLevel = 'normal') => {
  const levels: SensorLevel[] = []
  let level = start
  for (const value of values) levels.push((level = nextSensorLevel(level, value, river)))
  return levels
}

describe('sensor levels', () => {
  it('rises straight to the highest threshold reached', () => {
    expect(walk([1.0, 2.0, 3.5, 4.2])).toEqual(['normal', 'caution', 'warning', 'danger'])
    expect(walk([4.0])).toEqual(['danger'])
  })

  it('does not flap around a threshold: it falls only below the threshold minus the hysteresis', () => {
    expect(walk([3.05, 2.95, 3.02, 2.85, 2.81, 2.79])).toEqual(['warning', 'warning', 'warning', 'warning', 'warning', 'caution'])
  })

  it('falls several levels at once when the water drops fast', () => {
    expect(walk([4.5, 1.0])).toEqual(['danger', 'normal'])
    expect(walk([4.5, 2.5])).toEqual(['danger', 'caution'])
  })

  it('drafts an alert only for rises', () => {
    expect(isAlertingChange('normal', 'caution')).toBe(true)
    expect(isAlertingChange('caution', 'danger')).toBe(true)
    expect(isAlertingChange('danger', 'warning')).toBe(false)
    expect(isAlertingChange('warning', 'warning')).toBe(false)
  })

  it('refuses thresholds that do not rise or a hysteresis wider than a band', () => {
    expect(thresholdProblems(river)).toEqual([])
    expect(thresholdProblems({ ...river, warning: 1.5 })).toContain('disaster.sensors.thresholdsNotRising')
    expect(thresholdProblems({ ...river, hysteresis: -0.1 })).toContain('disaster.sensors.hysteresisNegative')
    expect(thresholdProblems({ ...river, hysteresis: 1 })).toContain('disaster.sensors.hysteresisTooWide')
    expect(thresholdProblems({ ...river, danger: Number.NaN })).toEqual(['disaster.sensors.thresholdNotANumber'])
    for (const key of Object.keys(disasterCatalog.ja).filter(k => k.startsWith('disaster.sensors.'))) {
      for (const locale of ['ja', 'ja-easy', 'en'] as const) expect(disasterCatalog[locale][key], `${locale} ${key}`).toBeTruthy()
    }
  })
})

describe('offline sensors', () => {
  const now = new Date('2026-11-23T09:00:00Z')
  it('counts a sensor silent for more than two intervals, or never heard from, as offline', () => {
    expect(isSensorOffline(new Date(now.getTime() - 10 * 60_000), 600, now)).toBe(false)
    expect(isSensorOffline(new Date(now.getTime() - 20 * 60_000), 600, now)).toBe(false)
    expect(isSensorOffline(new Date(now.getTime() - 20 * 60_000 - 1), 600, now)).toBe(true)
    expect(isSensorOffline(null, 600, now)).toBe(true)
  })
})

describe('sensor payloads', () => {
  const range = { min: -1, max: 20 }
  const receivedAt = new Date('2026-11-23T09:00:00Z')
  it('reads a value with or without its own time', () => {
    expect(parseReading('{"value":3.42,"at":"2026-11-23T17:59:00+09:00"}', range, receivedAt)).toEqual({ ok: true, value: 3.42, at: new Date('2026-11-23T08:59:00Z') })
    expect(parseReading(Buffer.from('{"value":0}'), range, receivedAt)).toEqual({ ok: true, value: 0, at: receivedAt })
  })

  it('refuses every kind of bad payload with its reason, never throwing', () => {
    const cases: [string, string][] = [
      ['not json', 'malformed'],
      ['[1,2]', 'malformed'],
      ['"3.4"', 'malformed'],
      ['{}', 'noValue'],
      ['{"value":null}', 'noValue'],
      ['{"value":"3.4"}', 'notANumber'],
      ['{"value":1e999}', 'notANumber'],
      ['{"value":-40}', 'absurd'],
      ['{"value":9999}', 'absurd'],
      ['{"value":1,"at":"yesterday"}', 'badTime'],
      ['{"value":1,"at":"2026-13-45T99:00:00Z"}', 'badTime'],
      ['{"value":1,"at":"2026-11-23T10:00:00Z"}', 'future'],
      [`{"value":1,"pad":"${'x'.repeat(MAX_READING_BYTES)}"}`, 'tooLarge'],
    ]
    for (const [payload, problem] of cases) expect(parseReading(payload, range, receivedAt), payload.slice(0, 40)).toEqual({ ok: false, problem })
  })

  it('knows its own MQTT topics only', () => {
    expect(sensorTopic('yakuba/demo/sensors/0b5f6a1e-3c2d-4e5f-8a9b-0c1d2e3f4a5b')).toEqual({ tenantSlug: 'demo', sensorId: '0b5f6a1e-3c2d-4e5f-8a9b-0c1d2e3f4a5b' })
    for (const topic of ['yakuba/demo/sensors/not-a-uuid', 'yakuba/demo/sensors/0b5f6a1e-3c2d-4e5f-8a9b-0c1d2e3f4a5b/extra', 'other/demo/sensors/0b5f6a1e-3c2d-4e5f-8a9b-0c1d2e3f4a5b', 'yakuba/../sensors/0b5f6a1e-3c2d-4e5f-8a9b-0c1d2e3f4a5b']) {
      expect(sensorTopic(topic), topic).toBeUndefined()
    }
  })
})
