/**
 * Kysely types of the sensors area's tables (migrations/0016_disaster_sensors.sql). Repositories
 * view a platform executor through `sensorsDb()` to reach them.
 */
import type { ColumnType, Generated, Kysely, Selectable, Transaction } from 'kysely'
import type { Database } from '../../../platform/db/schema.js'
import type { Hazard } from '../cap/cap-evacuation.js'
import type { SensorLevel } from './sensor-rules.js'

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>
type CreatedAt = ColumnType<Date, Date | string | undefined, never>
type Json<T> = ColumnType<T, string, string>
type JsonDefault<T> = ColumnType<T, string | undefined, string>

/** Names per UI language; `ja` is always present. */
export interface SensorNames {
  ja: string
  'ja-easy'?: string
  en?: string
}

export const SENSOR_KINDS = ['water_level', 'rainfall', 'other'] as const
export type SensorKind = (typeof SENSOR_KINDS)[number]
export type ReceivedVia = 'mqtt' | 'http' | 'seed'
export type SensorEventKind = 'level' | 'offline' | 'online'

export interface SensorsTable {
  tenantId: string
  id: Generated<string>
  code: string
  names: Json<SensorNames>
  kind: SensorKind
  unit: string
  latitude: number
  longitude: number
  cautionThreshold: number
  warningThreshold: number
  dangerThreshold: number
  hysteresis: number
  rangeMin: number
  rangeMax: number
  expectedIntervalSeconds: number
  hazard: Hazard
  districtIds: ColumnType<string[], string[] | undefined, string[]>
  level: ColumnType<SensorLevel, SensorLevel | undefined, SensorLevel>
  lastReadingAt: Date | null
  lastValue: number | null
  isOffline: Generated<boolean>
  offlineSince: Date | null
  rejectedCounts: JsonDefault<Record<string, number>>
  createdAt: CreatedAt
  updatedAt: Timestamp
}

export interface SensorKeysTable {
  tenantId: string
  id: Generated<string>
  sensorId: string
  keyHash: string
  keyPrefix: string
  createdBy: string | null
  revokedAt: Date | null
  createdAt: CreatedAt
  updatedAt: Timestamp
}

export interface SensorReadingsTable {
  tenantId: string
  sensorId: string
  observedAt: Date
  value: number
  receivedVia: ReceivedVia
  receivedAt: Timestamp
}

export interface SensorReadingHoursTable {
  tenantId: string
  sensorId: string
  hourStart: Date
  minValue: number
  maxValue: number
  sumValue: number
  readingCount: number
  createdAt: CreatedAt
  updatedAt: Timestamp
}

export interface SensorEventsTable {
  tenantId: string
  id: Generated<string>
  sensorId: string
  kind: SensorEventKind
  fromLevel: SensorLevel | null
  toLevel: SensorLevel | null
  value: number | null
  occurredAt: Date
  needsAcknowledgement: Generated<boolean>
  alertId: string | null
  acknowledgedBy: string | null
  acknowledgedAt: Date | null
  createdAt: CreatedAt
  updatedAt: Timestamp
}

export interface SensorTables {
  sensors: SensorsTable
  sensorKeys: SensorKeysTable
  sensorReadings: SensorReadingsTable
  sensorReadingHours: SensorReadingHoursTable
  sensorEvents: SensorEventsTable
}

export type SensorsDatabase = Database & SensorTables
export type SensorsExecutor = Kysely<SensorsDatabase> | Transaction<SensorsDatabase>

/** The same connection or transaction, typed to see this area's tables too. */
export function sensorsDb<T extends Kysely<Database> | Transaction<Database>>(executor: T): T extends Transaction<Database> ? Transaction<SensorsDatabase> : Kysely<SensorsDatabase> {
  return executor as never
}

export type Sensor = Selectable<SensorsTable>
export type SensorEvent = Selectable<SensorEventsTable>
export type SensorReading = Selectable<SensorReadingsTable>
export type SensorReadingHour = Selectable<SensorReadingHoursTable>
