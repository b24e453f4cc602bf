/**
 * Disaster — sensors area: IoT sensors: registry with thresholds, readings over MQTT and the HTTP ingestion API with per-sensor keys, the time series with retention and downsampling, alert drafts on threshold crossings, offline warnings, the staff dashboard. Public surface for the module's index.ts. See README.md.
 */
import type { FastifyInstance } from 'fastify'
import type { Transaction } from 'kysely'
import type { Platform } from '../../../platform/platform.js'
import type { Database } from '../../../platform/db/schema.js'
import type { JobDefinition } from '../../../platform/jobs/define-job.js'
import type { DisasterSurfaces } from '../disaster-deps.js'
import { registerSensorApi } from './sensor-api.js'
import { seedSensorsDemoData } from './sensor-demo.js'
import { startSensorSubscriber } from './sensor-mqtt.js'
import { registerSensorRoutes } from './sensor-routes.js'
import { startSensorWatch } from './sensor-watch.js'
import { sensorsCatalog } from './sensors-catalog.js'

export { sensorsCatalog }
export { ingestReadings, type IngestOutcome, type IngestRequest } from './sensor-ingest.js'
export { handleSensorMessage, startSensorSubscriber, unattributedRejections, SENSOR_TOPIC_FILTER } from './sensor-mqtt.js'
export { downsampleReadings, markSilentSensorsOffline } from './sensor-watch.js'
export { sensorsDb, type Sensor, type SensorEvent } from './sensor-tables.js'

/** Jobs of this area (listed by the module's index.ts): none — the loops below do the periodic work. */
export const sensorJobs: JobDefinition[] = []

/** Long-running loops of this area (started beside the job workers): the MQTT subscriber, and the offline watch with downsampling. */
export const sensorLoops: ((platform: Platform) => { stop(): Promise<void> })[] = [platform => startSensorSubscriber(platform), startSensorWatch]

export function registerSensors(app: FastifyInstance, platform: Platform, on: DisasterSurfaces): void {
  if (on.public) registerSensorApi(app, platform)
  if (on.staff) registerSensorRoutes(app, platform)
}

/** Demo data of this area for デモ市: three sensors around 東京駅, one at 警戒. */
export async function seedSensorsDemo(trx: Transaction<Database>, tenantId: string): Promise<void> {
  await seedSensorsDemoData(trx, tenantId)
}
