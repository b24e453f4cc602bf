/**
 * Rules for numeric sensors (water level, rainfall…): the state a reading puts a sensor in, with
 * hysteresis so a value hovering at a threshold does not flap; when a sensor counts as offline;
 * and reading the JSON payloads that arrive over MQTT (`yakuba/{tenant}/sensors/{sensorId}`) or
 * HTTP. Pure; nothing here stores or sends anything.
 */

/** 平常 / 注意 / 警戒 / 危険, in rising order. */
export const SENSOR_LEVELS = ['normal', 'caution', 'warning', 'danger'] as const
export type SensorLevel = (typeof SENSOR_LEVELS)[number]

export interface SensorThresholds {
  /** values at or above each threshold reach that level; they must rise: caution < warning < danger */
  caution: number
  warning: number
  danger: number
  /** a level is left only once the value is below its threshold by this much (≥ 0) */
  hysteresis: number
}

/** Problems with thresholds a staff member entered (catalog keys under disaster.sensors.). */
export function thresholdProblems(thresholds: SensorThresholds): string[] {
  const problems: string[] = []
  const values = [thresholds.caution, thresholds.warning, thresholds.danger, thresholds.hysteresis]
  if (!values.every(Number.isFinite)) return ['disaster.sensors.thresholdNotANumber']
  if (!(thresholds.caution < thresholds.warning && thresholds.warning < thresholds.danger)) problems.push('disaster.sensors.thresholdsNotRising')
  if (thresholds.hysteresis < 0) problems.push('disaster.sensors.hysteresisNegative')
  if (thresholds.hysteresis >= thresholds.warning - thresholds.caution || thresholds.hysteresis >= thresholds.danger - thresholds.warning) problems.push('disaster.sensors.hysteresisTooWide')
  return problems
}

const thresholdOf = (level: Exclude<SensorLevel, 'normal'>, thresholds: SensorThresholds) => thresholds[level]

/**
 * The level after a reading. Rising goes straight to the highest threshold reached; falling
 * steps down only past a threshold minus the hysteresis, possibly several levels at once.
 */
export function nextSensorLevel(current: SensorLevel, value: number, thresholds: SensorThresholds): SensorLevel {
  const reached = [...SENSOR_LEVELS].reverse().find(level => level === 'normal' || value >= thresholdOf(level, thresholds)) ?? 'normal'
  const rank = (level: SensorLevel) => SENSOR_LEVELS.indexOf(level)
  if (rank(reached) >= rank(current)) return reached
  // Falling: stay at each level until the value is below its threshold by the hysteresis.
  let level = current
  while (level !== 'normal' && value < thresholdOf(level, thresholds) - thresholds.hysteresis) level = SENSOR_LEVELS[rank(level) - 1] as SensorLevel
  return level
}

/** A crossing worth a staff alert draft: any rise to caution or above (falls are only recorded). */
export function isAlertingChange(from: SensorLevel, to: SensorLevel): boolean {
  return SENSOR_LEVELS.indexOf(to) > SENSOR_LEVELS.indexOf(from) && to !== 'normal'
}

/** Silent for longer than `graceIntervals` reporting intervals (2 by default), or never heard from. */
export function isSensorOffline(lastReadingAt: Date | null, intervalSeconds: number, now: Date, graceIntervals = 2): boolean {
  if (!lastReadingAt) return true
  return now.getTime() - lastReadingAt.getTime() > intervalSeconds * graceIntervals * 1000
}

export interface SensorRange {
  /** physically plausible bounds of the sensor (a river gauge cannot read −50 m) */
  min: number
  max: number
}

export type ReadingProblem = 'malformed' | 'noValue' | 'notANumber' | 'absurd' | 'badTime' | 'future' | 'tooLarge'

/** The largest payload accepted: a reading is a handful of fields. */
export const MAX_READING_BYTES = 4096
/** Clocks of field devices drift; a reading from further ahead than this is refused. */
export const MAX_CLOCK_AHEAD_MS = 5 * 60 * 1000

/**
 * Reads `{"value": 3.42, "at": "2026-11-23T18:00:00+09:00"}` (`at` optional: the arrival time).
 * Never throws: a bad payload comes back as a problem to count and log.
 */
export function parseReading(payload: Uint8Array | string, range: SensorRange, receivedAt: Date): { ok: true; value: number; at: Date } | { ok: false; problem: ReadingProblem } {
  const text = typeof payload === 'string' ? payload : Buffer.from(payload).toString('utf8')
  if (Buffer.byteLength(text) > MAX_READING_BYTES) return { ok: false, problem: 'tooLarge' }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return { ok: false, problem: 'malformed' }
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return { ok: false, problem: 'malformed' }
  const { value, at } = json as { value?: unknown; at?: unknown }
  if (value === undefined || value === null) return { ok: false, problem: 'noValue' }
  if (typeof value !== 'number' || !Number.isFinite(value)) return { ok: false, problem: 'notANumber' }
  if (value < range.min || value > range.max) return { ok: false, problem: 'absurd' }
  let when = receivedAt
  if (at !== undefined) {
    if (typeof at !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(at)) return { ok: false, problem: 'badTime' }
    when = new Date(at)
    if (Number.isNaN(when.getTime())) return { ok: false, problem: 'badTime' }
    if (when.getTime() > receivedAt.getTime() + MAX_CLOCK_AHEAD_MS) return { ok: false, problem: 'future' }
  }
  return { ok: true, value, at: when }
}

/** The sensor id of an MQTT topic `yakuba/{tenant}/sensors/{sensorId}`, or undefined for any other topic. */
export function sensorTopic(topic: string): { tenantSlug: string; sensorId: string } | undefined {
  const match = /^yakuba\/([a-z0-9][a-z0-9-]{0,62})\/sensors\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/.exec(topic)
  return match ? { tenantSlug: match[1] as string, sensorId: match[2] as string } : undefined
}
