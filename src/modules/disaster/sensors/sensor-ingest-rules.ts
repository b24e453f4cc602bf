/**
 * Pure rules of sensor ingestion shared by HTTP and MQTT: the per-sensor key format, reading the
 * envelope of a message (one reading, or a bounded batch, with the key when it travels inside
 * the payload), walking a sensor's level through a series of readings, and the hourly
 * downsampling maths. Nothing here stores anything.
 */
import { hashToken, randomToken } from '../../../platform/crypto.js'
import { MAX_READING_BYTES, isAlertingChange, nextSensorLevel, type ReadingProblem, type SensorLevel, type SensorThresholds } from './sensor-rules.js'

/** Readings in one HTTP call or MQTT message. */
export const MAX_BATCH_READINGS = 500
/** A body holding a full batch (each reading is small; 256 KiB leaves room for whitespace). */
export const MAX_BATCH_BYTES = 256 * 1024
/**
 * Late readings (a device that buffered through an outage) are accepted for this long. Kept
 * below the shortest retention (8 days), so a re-sent reading can never land in an hour that
 * was already downsampled and be counted twice.
 */
export const MAX_READING_AGE_MS = 7 * 24 * 60 * 60 * 1000

/** Why a message or one of its readings was refused (counted per sensor under these names). */
export type RejectionReason = ReadingProblem | 'tooOld' | 'tooMany' | 'noReadings' | 'wrongKey'
export const REJECTION_REASONS: readonly RejectionReason[] = ['malformed', 'noValue', 'notANumber', 'absurd', 'badTime', 'future', 'tooLarge', 'tooOld', 'tooMany', 'noReadings', 'wrongKey']

const KEY_PATTERN = /^yks_[A-Za-z0-9_-]{43}$/
/** Characters of the random part kept in clear so staff can tell keys apart. */
const KEY_PREFIX_LENGTH = 6

/** A fresh sensor key (256 random bits): the text to show once, and what is stored. */
export function generateSensorKey(): { key: string; keyHash: string; keyPrefix: string } {
  const random = randomToken(32)
  const key = `yks_${random}`
  return { key, keyHash: hashToken(key), keyPrefix: random.slice(0, KEY_PREFIX_LENGTH) }
}

/** The hash to look a presented key up by, or undefined when the text is not a sensor key at all. */
export function sensorKeyHash(text: unknown): string | undefined {
  return typeof text === 'string' && KEY_PATTERN.test(text) ? hashToken(text) : undefined
}

export const maskedSensorKey = (keyPrefix: string) => `yks_${keyPrefix}…`

/** `Authorization: Bearer <key>`; anything else counts as no key. */
export function bearerToken(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header
  return value ? /^Bearer[ ]+(\S+)\s*$/i.exec(value)?.[1] : undefined
}

export interface ReadingEnvelope {
  /** the key carried in the payload (MQTT), if any */
  key?: string
  /** each reading re-serialised, for parseReading */
  items: string[]
}

/**
 * Reads a message: `{"value": …, "at": …}` (one reading) or `{"readings": [{…}, …]}` (a batch),
 * either with an optional `"key"`. Never throws.
 */
export function readEnvelope(payload: Uint8Array | string): { ok: true; envelope: ReadingEnvelope } | { ok: false; problem: RejectionReason } {
  const text = typeof payload === 'string' ? payload : Buffer.from(payload).toString('utf8')
  if (Buffer.byteLength(text) > MAX_BATCH_BYTES) return { ok: false, problem: 'tooLarge' }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return { ok: false, problem: 'malformed' }
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return { ok: false, problem: 'malformed' }
  const { key, readings, ...reading } = json as { key?: unknown; readings?: unknown }
  const presentedKey = typeof key === 'string' ? key : undefined
  if (readings === undefined) {
    const single = JSON.stringify(reading)
    if (Buffer.byteLength(single) > MAX_READING_BYTES) return { ok: false, problem: 'tooLarge' }
    return { ok: true, envelope: { key: presentedKey, items: [single] } }
  }
  if (!Array.isArray(readings)) return { ok: false, problem: 'malformed' }
  if (readings.length === 0) return { ok: false, problem: 'noReadings' }
  if (readings.length > MAX_BATCH_READINGS) return { ok: false, problem: 'tooMany' }
  return { ok: true, envelope: { key: presentedKey, items: readings.map(item => JSON.stringify(item) ?? 'undefined') } }
}

export interface LevelChange {
  from: SensorLevel
  to: SensorLevel
  value: number
  at: Date
  isAlerting: boolean
}

export interface SensorState {
  level: SensorLevel
  lastReadingAt: Date | null
  lastValue: number | null
}

/**
 * Walks a sensor's level through new readings in time order. A reading older than the latest
 * one already seen is stored but moves nothing: the level follows the newest reading only.
 */
export function applyReadings(state: SensorState, readings: readonly { value: number; at: Date }[], thresholds: SensorThresholds): SensorState & { changes: LevelChange[] } {
  const ordered = [...readings].sort((a, b) => a.at.getTime() - b.at.getTime())
  let { level, lastReadingAt, lastValue } = state
  const changes: LevelChange[] = []
  for (const reading of ordered) {
    if (lastReadingAt && reading.at.getTime() <= lastReadingAt.getTime()) continue
    const next = nextSensorLevel(level, reading.value, thresholds)
    if (next !== level) changes.push({ from: level, to: next, value: reading.value, at: reading.at, isAlerting: isAlertingChange(level, next) })
    level = next
    lastReadingAt = reading.at
    lastValue = reading.value
  }
  return { level, lastReadingAt, lastValue, changes }
}

export interface HourAggregate {
  hourStart: Date
  minValue: number
  maxValue: number
  sumValue: number
  readingCount: number
}

/** Readings grouped by UTC hour (Tokyo has no DST, so its hours are the same), with min, max, sum and count. */
export function hourlyAggregates(readings: readonly { observedAt: Date; value: number }[]): HourAggregate[] {
  const hours = new Map<number, HourAggregate>()
  for (const reading of readings) {
    const start = Math.floor(reading.observedAt.getTime() / 3_600_000) * 3_600_000
    const hour = hours.get(start)
    if (!hour) hours.set(start, { hourStart: new Date(start), minValue: reading.value, maxValue: reading.value, sumValue: reading.value, readingCount: 1 })
    else {
      hour.minValue = Math.min(hour.minValue, reading.value)
      hour.maxValue = Math.max(hour.maxValue, reading.value)
      hour.sumValue += reading.value
      hour.readingCount += 1
    }
  }
  return [...hours.values()].sort((a, b) => a.hourStart.getTime() - b.hourStart.getTime())
}

/** Raw readings observed before this moment are rolled up: whole hours only. */
export function downsampleCutoff(now: Date, retentionDays: number): Date {
  const cutoff = now.getTime() - retentionDays * 24 * 3_600_000
  return new Date(Math.floor(cutoff / 3_600_000) * 3_600_000)
}
