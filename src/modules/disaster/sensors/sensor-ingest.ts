/**
 * Ingestion shared by the HTTP API and the MQTT subscriber: authenticate the sensor's key, read
 * the readings, store them (idempotently), move the sensor's level with hysteresis, record
 * level-change events, draft an alert for a rise to 警戒 or 危険, tell on-duty staff, and bring an
 * offline sensor back. One transaction per message; a message with any bad reading stores none
 * of them (the device can fix and resend the whole batch) but its refusals are counted.
 */
import type { Transaction } from 'kysely'
import type { Database } from '../../../platform/db/schema.js'
import { withTenant } from '../../../platform/db/tenant-context.js'
import type { Platform } from '../../../platform/platform.js'
import { draftSensorAlert } from './sensor-alert-port.js'
import { applyReadings, MAX_READING_AGE_MS, readEnvelope, sensorKeyHash, type LevelChange, type RejectionReason } from './sensor-ingest-rules.js'
import { notifyOnDutyStaff } from './sensor-notices.js'
import * as repository from './sensor-repository.js'
import { parseReading, type SensorLevel } from './sensor-rules.js'
import type { ReceivedVia, Sensor } from './sensor-tables.js'

export interface IngestRequest {
  tenant: { id: string; slug: string }
  /** the sensor the path (HTTP: code) or topic (MQTT: id) names */
  sensor: { code: string } | { id: string }
  /** the key presented (HTTP: Authorization header; MQTT: the payload's "key") */
  key: string | undefined
  payload: Uint8Array | string
  via: ReceivedVia
  receivedAt: Date
}

export type IngestOutcome =
  /** no key, or not a live key of this municipality */
  | { kind: 'unauthorized' }
  /** a good key, but not the named sensor's (whether that sensor exists is not told) */
  | { kind: 'notFound'; isSensorKnown: boolean }
  /** index -1: the message itself; otherwise the reading's place in the batch */
  | { kind: 'rejected'; sensorId: string; problems: { index: number; problem: RejectionReason }[] }
  | { kind: 'stored'; sensorId: string; accepted: number; duplicates: number; level: SensorLevel; changes: LevelChange[] }

/** The whole ingestion of one HTTP call or MQTT message. Never throws for bad input; database failures do throw. */
export async function ingestReadings(platform: Platform, request: IngestRequest): Promise<IngestOutcome> {
  const { tenant } = request
  return withTenant(platform.database.db, tenant.id, async trx => {
    const named = 'code' in request.sensor ? await repository.findSensorByCode(trx, tenant.id, request.sensor.code) : await repository.findSensorById(trx, tenant.id, request.sensor.id)
    const keyHash = sensorKeyHash(request.key)
    const key = keyHash ? await repository.findLiveKey(trx, tenant.id, keyHash) : undefined
    const envelope = readEnvelope(request.payload)
    if (!key || !named || named.id !== key.sensorId) {
      // An unreadable message without a key is counted as unreadable, anything else as a wrong key.
      if (named) await repository.countRejection(trx, tenant.id, named.id, request.key === undefined && !envelope.ok ? envelope.problem : 'wrongKey')
      return key ? { kind: 'notFound', isSensorKnown: named !== undefined } : { kind: 'unauthorized' }
    }
    const sensor = await repository.lockSensor(trx, tenant.id, named.id)
    if (!envelope.ok) {
      await repository.countRejection(trx, tenant.id, sensor.id, envelope.problem)
      return { kind: 'rejected', sensorId: sensor.id, problems: [{ index: -1, problem: envelope.problem }] }
    }
    const readings: { value: number; at: Date }[] = []
    const problems: { index: number; problem: RejectionReason }[] = []
    envelope.envelope.items.forEach((item, index) => {
      const parsed = parseReading(item, { min: sensor.rangeMin, max: sensor.rangeMax }, request.receivedAt)
      if (!parsed.ok) problems.push({ index, problem: parsed.problem })
      else if (parsed.at.getTime() < request.receivedAt.getTime() - MAX_READING_AGE_MS) problems.push({ index, problem: 'tooOld' })
      else readings.push({ value: parsed.value, at: parsed.at })
    })
    if (problems.length > 0) {
      const counts = new Map<RejectionReason, number>()
      for (const { problem } of problems) counts.set(problem, (counts.get(problem) ?? 0) + 1)
      for (const [reason, n] of counts) await repository.countRejection(trx, tenant.id, sensor.id, reason, n)
      return { kind: 'rejected', sensorId: sensor.id, problems }
    }
    // The same time twice in one batch is one reading (the first value wins, as a re-send would).
    const unique = [...new Map(readings.map(r => [r.at.getTime(), r])).values()]
    const stored = await repository.insertReadings(trx, tenant.id, sensor.id, unique, request.via, request.receivedAt)
    const changes = await applyStoredReadings(platform, trx, tenant, sensor, stored, request.receivedAt)
    return { kind: 'stored', sensorId: sensor.id, accepted: stored.length, duplicates: readings.length - stored.length, level: changes.level, changes: changes.changes }
  })
}

/**
 * Moves a (locked) sensor through newly stored readings: events, alert drafts, staff mails, and
 * back online. Used by ingestion and (without a platform: no drafts, no mails) by the demo seed.
 */
export async function applyStoredReadings(platform: Platform | undefined, trx: Transaction<Database>, tenant: { id: string; slug: string }, sensor: Sensor, stored: { value: number; at: Date }[], now: Date): Promise<{ level: SensorLevel; changes: LevelChange[] }> {
  if (stored.length === 0) return { level: sensor.level, changes: [] }
  const thresholds = { caution: sensor.cautionThreshold, warning: sensor.warningThreshold, danger: sensor.dangerThreshold, hysteresis: sensor.hysteresis }
  const next = applyReadings({ level: sensor.level, lastReadingAt: sensor.lastReadingAt, lastValue: sensor.lastValue }, stored, thresholds)
  const isNewest = next.lastReadingAt !== sensor.lastReadingAt
  // Only a reading newer than the last one brings an offline sensor back (a late, buffered one is history).
  const isBackOnline = sensor.isOffline && isNewest
  await repository.updateSensorState(trx, tenant.id, sensor.id, {
    level: next.level,
    lastReadingAt: next.lastReadingAt,
    lastValue: next.lastValue,
    isOffline: isBackOnline ? false : sensor.isOffline,
    offlineSince: isBackOnline ? null : sensor.offlineSince,
  }, now)
  if (isBackOnline) await repository.insertEvent(trx, tenant.id, { sensorId: sensor.id, kind: 'online', value: next.lastValue, occurredAt: next.lastReadingAt ?? now, needsAcknowledgement: false })
  for (const change of next.changes) {
    let alertId: string | null = null
    // Without a platform (the demo seed) nothing is drafted or mailed: only the history is written.
    if (platform && change.isAlerting && (change.to === 'warning' || change.to === 'danger')) {
      const draft = await draftSensorAlert(trx, tenant.id, { sensorId: sensor.id, sensorName: sensor.names.ja, level: change.to, hazard: sensor.hazard, districtIds: sensor.districtIds, value: change.value, unit: sensor.unit, observedAt: change.at })
      if ('alertId' in draft) alertId = draft.alertId
      else platform.logger.error({ err: draft.error, tenantId: tenant.id, sensorId: sensor.id }, 'sensor alert draft refused: the warning is recorded without a draft')
    }
    const event = await repository.insertEvent(trx, tenant.id, { sensorId: sensor.id, kind: 'level', fromLevel: change.from, toLevel: change.to, value: change.value, occurredAt: change.at, needsAcknowledgement: change.isAlerting, alertId })
    if (change.isAlerting && platform) await notifyOnDutyStaff(platform, trx, tenant, sensor, event)
  }
  return { level: next.level, changes: next.changes }
}
