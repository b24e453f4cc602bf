/**
 * Disaster — shelters area: 指定緊急避難場所・指定避難所: tables, CSV import with its report, live status, check-in and check-out, the public map and list, open data (CSV, GeoJSON, Lアラート-style 避難所情報) and GET /api/v1/{tenant}/shelters. Public surface for the module's index.ts.
 */
import type { FastifyInstance } from 'fastify'
import type { Transaction } from 'kysely'
import type { Platform } from '../../../platform/platform.js'
import type { Database } from '../../../platform/db/schema.js'
import type { JobDefinition } from '../../../platform/jobs/define-job.js'
import type { DisasterSurfaces } from '../disaster-deps.js'
import { sheltersCatalog } from './shelters-catalog.js'

export { sheltersCatalog }

/** Jobs of this area (listed by the module's index.ts). */
export const shelterJobs: JobDefinition[] = []

/** Long-running loops of this area (started beside the job workers). */
export const shelterLoops: ((platform: Platform) => { stop(): Promise<void> })[] = []

export function registerShelters(app: FastifyInstance, platform: Platform, on: DisasterSurfaces): void {
  void app
  void platform
  void on
}

/** Demo data of this area for デモ市. */
export async function seedSheltersDemo(trx: Transaction<Database>, tenantId: string): Promise<void> {
  void trx
  void tenantId
}
