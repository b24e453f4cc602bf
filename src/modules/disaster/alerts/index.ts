/**
 * Disaster — alerts area: disaster mode (and training mode), evacuation information (levels 3–5) with revisions and the two-person rule, critical sends through the notifications hub, CAP 1.2 documents, the Atom feed, the Lアラート relay, GET /api/v1/{tenant}/alerts. Public surface for the module's index.ts.
 */
import type { FastifyInstance } from 'fastify'
import type { Transaction } from 'kysely'
import type { Platform } from '../../../platform/platform.js'
import type { Database } from '../../../platform/db/schema.js'
import type { JobDefinition } from '../../../platform/jobs/define-job.js'
import type { DisasterSurfaces } from '../disaster-deps.js'
import { alertsCatalog } from './alerts-catalog.js'

export { alertsCatalog }

/** Jobs of this area (listed by the module's index.ts). */
export const alertJobs: JobDefinition[] = []

/** Long-running loops of this area (started beside the job workers). */
export const alertLoops: ((platform: Platform) => { stop(): Promise<void> })[] = []

export function registerAlerts(app: FastifyInstance, platform: Platform, on: DisasterSurfaces): void {
  void app
  void platform
  void on
}

/** Demo data of this area for デモ市. */
export async function seedAlertsDemo(trx: Transaction<Database>, tenantId: string): Promise<void> {
  void trx
  void tenantId
}
