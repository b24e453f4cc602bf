/**
 * The sensor watch, a loop beside the job workers: every minute it marks silent sensors offline
 * (one event and one staff mail per silence, not one per check), and every hour it rolls raw
 * readings older than SENSOR_RETENTION_DAYS into hourly aggregates and deletes them. Both are
 * safe to run in several workers at once and to rerun.
 */
import { startBackgroundLoop } from '../../../platform/jobs/background-loop.js'
import { recordAudit } from '../../../platform/audit/audit-log.js'
import { withTenant } from '../../../platform/db/tenant-context.js'
import { registerCatalog } from '../../../platform/i18n/i18n.js'
import type { Platform } from '../../../platform/platform.js'
import { downsampleCutoff, hourlyAggregates } from './sensor-ingest-rules.js'
import { notifyOnDutyStaff } from './sensor-notices.js'
import * as repository from './sensor-repository.js'
import { isSensorOffline } from './sensor-rules.js'
import { sensorsCatalog } from './sensors-catalog.js'

export const OFFLINE_CHECK_INTERVAL_MS = 60_000
export const DOWNSAMPLE_INTERVAL_MS = 60 * 60_000

/**
 * Marks the tenant's silent sensors offline. A sensor never heard from counts from its
 * registration, so a newly installed one gets two intervals to report.
 */
export async function markSilentSensorsOffline(platform: Platform, tenant: { id: string; slug: string }, now: Date = new Date()): Promise<string[]> {
  return withTenant(platform.database.db, tenant.id, async trx => {
    const marked: string[] = []
    for (const sensor of await repository.listSensors(trx, tenant.id)) {
      if (sensor.isOffline || !isSensorOffline(sensor.lastReadingAt ?? sensor.createdAt, sensor.expectedIntervalSeconds, now)) continue
      if (!(await repository.markOffline(trx, tenant.id, sensor.id, now))) continue
      const event = await repository.insertEvent(trx, tenant.id, { sensorId: sensor.id, kind: 'offline', value: sensor.lastValue, occurredAt: now, needsAcknowledgement: true })
      await notifyOnDutyStaff(platform, trx, tenant, sensor, event)
      marked.push(sensor.id)
    }
    return marked
  })
}

/** Rolls the tenant's raw readings older than the retention into hourly aggregates. */
export async function downsampleReadings(platform: Platform, tenantId: string, now: Date = new Date(), retentionDays: number = platform.config.SENSOR_RETENTION_DAYS): Promise<{ readings: number; hours: number }> {
  const cutoff = downsampleCutoff(now, retentionDays)
  return withTenant(platform.database.db, tenantId, async trx => {
    const claimed = await repository.deleteReadingsBefore(trx, tenantId, cutoff)
    const bySensor = new Map<string, { observedAt: Date; value: number }[]>()
    for (const row of claimed) bySensor.set(row.sensorId, [...(bySensor.get(row.sensorId) ?? []), row])
    let hours = 0
    for (const [sensorId, readings] of bySensor) {
      const aggregates = hourlyAggregates(readings)
      await repository.mergeHourAggregates(trx, tenantId, sensorId, aggregates, now)
      hours += aggregates.length
    }
    if (claimed.length > 0) await recordAudit(trx, tenantId, { actor: { type: 'system' }, action: 'disaster.downsample-sensor-readings', details: { cutoff: cutoff.toISOString(), readings: claimed.length, hours } })
    return { readings: claimed.length, hours }
  })
}

/** The loop: offline checks every minute, downsampling every hour; a failing tenant is logged and the others go on. */
export function startSensorWatch(platform: Platform): { stop(): Promise<void> } {
  registerCatalog(sensorsCatalog) // `yakuba worker` builds no HTTP app: the staff mails need the texts
  let lastDownsample = 0
  return startBackgroundLoop(platform, 'sensor watch', OFFLINE_CHECK_INTERVAL_MS, async () => {
    const now = new Date()
    const isDownsampleDue = now.getTime() - lastDownsample >= DOWNSAMPLE_INTERVAL_MS
    for (const tenant of await platform.tenants.listTenants()) {
      try {
        const marked = await markSilentSensorsOffline(platform, tenant, now)
        if (marked.length > 0) platform.logger.warn({ tenantId: tenant.id, sensors: marked.length }, 'sensors offline')
        if (isDownsampleDue) await downsampleReadings(platform, tenant.id, now)
      } catch (error) {
        platform.logger.error({ err: error, tenantId: tenant.id }, 'sensor watch failed for a tenant')
      }
    }
    if (isDownsampleDue) lastDownsample = now.getTime()
  })
}
