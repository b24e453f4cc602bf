/**
 * デモ市's sensors around 東京駅: a river gauge on 日本橋川 that rose to 警戒 in the last hour, a rain
 * gauge at 京橋 and an underpass flood sensor at 有楽町, each with 24 hours of readings every 10
 * minutes. Levels and events come from the same rules as live readings (no drafts and no mails:
 * the first live rise makes those). Keys are issued but not shown: staff rotate one to use it.
 */
import { sql, type Transaction } from 'kysely'
import type { Database } from '../../../platform/db/schema.js'
import type { Hazard } from '../cap/cap-evacuation.js'
import { applyStoredReadings } from './sensor-ingest.js'
import { generateSensorKey } from './sensor-ingest-rules.js'
import * as repository from './sensor-repository.js'
import type { SensorKind, SensorNames } from './sensor-tables.js'

interface DemoSensor {
  code: string
  names: SensorNames
  kind: SensorKind
  unit: string
  latitude: number
  longitude: number
  thresholds: [number, number, number, number]
  range: [number, number]
  hazard: Hazard
  districtCodes: string[]
  /** the value `hoursAgo` before now */
  valueAt(hoursAgo: number): number
}

const round = (value: number, digits = 2) => Number(value.toFixed(digits))

const DEMO_SENSORS: DemoSensor[] = [
  {
    code: 'nihonbashi-river',
    names: { ja: '日本橋川 一石橋 水位計', 'ja-easy': 'にほんばしがわ の みずの たかさ', en: 'Nihonbashi River water level (Ichikoku Bridge)' },
    kind: 'water_level',
    unit: 'm',
    latitude: 35.6852,
    longitude: 139.7738,
    thresholds: [2.0, 3.0, 4.0, 0.2],
    range: [-1, 10],
    hazard: 'flood',
    districtCodes: ['chuo-1', 'kita-1'],
    // calm at about 1.2 m, then rising over the last six hours to about 3.3 m (警戒)
    valueAt: hoursAgo => round(hoursAgo > 6 ? 1.2 + 0.05 * Math.sin(hoursAgo) : 3.35 - (hoursAgo / 6) * 2.1),
  },
  {
    code: 'kyobashi-rain',
    names: { ja: '京橋 雨量計', 'ja-easy': 'きょうばし の あめ の りょう', en: 'Kyobashi rain gauge' },
    kind: 'rainfall',
    unit: 'mm/h',
    latitude: 35.6768,
    longitude: 139.7702,
    thresholds: [20, 50, 80, 5],
    range: [0, 300],
    hazard: 'flood',
    districtCodes: ['minami-1', 'minami-2'],
    valueAt: hoursAgo => round(hoursAgo > 8 ? 0 : 14 - hoursAgo * 1.5, 1),
  },
  {
    code: 'yurakucho-underpass',
    names: { ja: '有楽町 アンダーパス 冠水センサー', 'ja-easy': 'ゆうらくちょう の みち の みず', en: 'Yurakucho underpass flood sensor' },
    kind: 'other',
    unit: 'cm',
    latitude: 35.6748,
    longitude: 139.7619,
    thresholds: [5, 15, 30, 2],
    range: [0, 200],
    hazard: 'flood',
    districtCodes: ['chuo-2'],
    valueAt: hoursAgo => round(hoursAgo > 3 ? 0 : 3 - hoursAgo, 1),
  },
]

export async function seedSensorsDemoData(trx: Transaction<Database>, tenantId: string, now: Date = new Date()): Promise<void> {
  const tenant = await sql<{ slug: string }>`SELECT slug FROM tenants WHERE id = ${tenantId}`.execute(trx)
  const slug = tenant.rows[0]?.slug ?? 'demo'
  const districts = await repository.listDistrictChoices(trx, tenantId)
  const end = Math.floor(now.getTime() / 600_000) * 600_000
  for (const demo of DEMO_SENSORS) {
    if (await repository.findSensorByCode(trx, tenantId, demo.code)) continue
    const [caution, warning, danger, hysteresis] = demo.thresholds
    const sensor = await repository.insertSensor(trx, {
      tenantId,
      code: demo.code,
      names: JSON.stringify(demo.names),
      kind: demo.kind,
      unit: demo.unit,
      latitude: demo.latitude,
      longitude: demo.longitude,
      cautionThreshold: caution,
      warningThreshold: warning,
      dangerThreshold: danger,
      hysteresis,
      rangeMin: demo.range[0],
      rangeMax: demo.range[1],
      expectedIntervalSeconds: 600,
      hazard: demo.hazard,
      districtIds: districts.filter(d => demo.districtCodes.includes(d.code)).map(d => d.id),
    })
    await repository.replaceKey(trx, tenantId, sensor.id, generateSensorKey(), null, now)
    const readings = Array.from({ length: 145 }, (_, i) => {
      const at = new Date(end - (144 - i) * 600_000)
      return { at, value: demo.valueAt((now.getTime() - at.getTime()) / 3_600_000) }
    })
    const stored = await repository.insertReadings(trx, tenantId, sensor.id, readings, 'seed', now)
    await applyStoredReadings(undefined, trx, { id: tenantId, slug }, sensor, stored, now)
  }
}
