/**
 * Disaster — shelters area: 指定緊急避難場所・指定避難所: tables, CSV import with its report, live status, check-in and check-out, the public map and list, open data (CSV, GeoJSON, Lアラート-style 避難所情報) and GET /api/v1/{tenant}/shelters. Public surface for the module's index.ts. See README.md.
 */
import type { FastifyInstance } from 'fastify'
import type { Transaction } from 'kysely'
import type { Platform } from '../../../platform/platform.js'
import type { Database } from '../../../platform/db/schema.js'
import type { JobDefinition } from '../../../platform/jobs/define-job.js'
import type { DisasterSurfaces } from '../disaster-deps.js'
import { HAZARD_MAPS_STAFF_PATH } from '../maps/index.js'
import { sheltersCatalog } from './shelters-catalog.js'
import { seedShelters } from './shelter-demo.js'
import { registerShelterPublicRoutes } from './shelter-public-routes.js'
import { registerShelterStaffRoutes } from './shelter-staff-routes.js'

export { sheltersCatalog }
export { findNearestOpenShelters, type NearShelter } from './shelter-nearest.js'
export { SHELTER_STATUSES, SHELTER_NEEDS, type ShelterStatus, type ShelterNeed, type ShelterNames } from './shelter-tables.js'
export { signShelterPass, verifyShelterPass, shelterPassKey } from './shelter-pass.js'

/** Jobs of this area (listed by the module's index.ts): none — staff act, pages read live. */
export const shelterJobs: JobDefinition[] = []

/** Long-running loops of this area (started beside the job workers). */
export const shelterLoops: ((platform: Platform) => { stop(): Promise<void> })[] = []

export function registerShelters(app: FastifyInstance, platform: Platform, on: DisasterSurfaces): void {
  if (on.public) registerShelterPublicRoutes(app, platform)
  if (on.staff) registerShelterStaffRoutes(app, platform, { hazardMapsPath: HAZARD_MAPS_STAFF_PATH })
}

/** Demo data of this area for デモ市. */
export async function seedSheltersDemo(trx: Transaction<Database>, tenantId: string): Promise<void> {
  await seedShelters(trx, tenantId)
}
