/**
 * Disaster — sensors area: IoT sensors: registry with thresholds, readings over MQTT and the HTTP ingestion API with per-sensor keys, the time series with retention and downsampling, alert drafts on threshold crossings, offline warnings, the staff dashboard. Public surface for the module's index.ts.
 */
import type { FastifyInstance } from 'fastify'
import type { Transaction } from 'kysely'
import type { Platform } from '../../../platform/platform.js'
import type { Database } from '../../../platform/db/schema.js'
import type { JobDefinition } from '../../../platform/jobs/define-job.js'
import type { DisasterSurfaces } from '../disaster-deps.js'
import { sensorsCatalog } from './sensors-catalog.js'

export { sensorsCatalog }

/** Jobs of this area (listed by the module's index.ts). */
export const sensorJobs: JobDefinition[] = []

/** Long-running loops of this area (started beside the job workers). */
export const sensorLoops: ((platform: Platform) => { stop(): Promise<void> })[] = []

export function registerSensors(app: FastifyInstance, platform: Platform, on: DisasterSurfaces): void {
  void app
  void platform
  void on
}

/** Demo data of this area for デモ市. */
export async function seedSensorsDemo(trx: Transaction<Database>, tenantId: string): Promise<void> {
  void trx
  void tenantId
}
