/**
 * Disaster — maps area: hazard and information maps: GeoJSON layers uploaded by staff (hazard areas, evacuation routes, hydrants, snow-removal status) shown on the public map with legends and text alternatives. Public surface for the module's index.ts.
 */
import type { FastifyInstance } from 'fastify'
import type { Transaction } from 'kysely'
import type { Platform } from '../../../platform/platform.js'
import type { Database } from '../../../platform/db/schema.js'
import type { JobDefinition } from '../../../platform/jobs/define-job.js'
import type { DisasterSurfaces } from '../disaster-deps.js'
import { mapsCatalog } from './maps-catalog.js'

export { mapsCatalog }

/** Jobs of this area (listed by the module's index.ts). */
export const hazardMapJobs: JobDefinition[] = []

/** Long-running loops of this area (started beside the job workers). */
export const hazardMapLoops: ((platform: Platform) => { stop(): Promise<void> })[] = []

export function registerHazardMaps(app: FastifyInstance, platform: Platform, on: DisasterSurfaces): void {
  void app
  void platform
  void on
}

/** Demo data of this area for デモ市. */
export async function seedHazardMapsDemo(trx: Transaction<Database>, tenantId: string): Promise<void> {
  void trx
  void tenantId
}
