/**
 * Disaster — alerts area: disaster mode (and training mode), evacuation information (levels 3–5)
 * with revisions and the two-person rule, critical sends through the notifications hub, CAP 1.2
 * documents, the Atom feed, the Lアラート relay (with its fake), the public emergency page and
 * GET /api/v1/{tenant}/alerts. Public surface for the module's index.ts.
 */
import type { FastifyInstance } from 'fastify'
import type { Transaction } from 'kysely'
import type { Platform } from '../../../platform/platform.js'
import type { Database } from '../../../platform/db/schema.js'
import type { JobDefinition } from '../../../platform/jobs/define-job.js'
import type { DisasterSurfaces } from '../disaster-deps.js'
import { alertsCatalog } from './alerts-catalog.js'
import { relayToLalert } from './lalert-relay.js'
import { createAlertService } from './alert-service.js'
import { registerAlertStaffRoutes } from './alert-staff-routes.js'
import { registerAlertPublicRoutes } from './alert-public-routes.js'
import { registerAlertsApi } from './alerts-api.js'
import { createFakeLalert, fakeLalertPlugin, type FakeLalert } from './fake-lalert.js'
import { seedAlerts } from './alert-demo.js'

export { alertsCatalog }
export { createSensorAlertDraft, type SensorAlertDraftInput } from './alert-service.js'
export type { DisasterModeState } from './alert-tables.js'

/** Jobs of this area (listed by the module's index.ts): the Lアラート relay. */
export const alertJobs: JobDefinition[] = [relayToLalert] as unknown as JobDefinition[]

/** Long-running loops of this area: none. */
export const alertLoops: ((platform: Platform) => { stop(): Promise<void> })[] = []

const mountedFakes = new WeakMap<FastifyInstance, FakeLalert>()

/** The fake Lアラート mounted on this app (tests read what it received). */
export function mountedFakeLalert(app: FastifyInstance): FakeLalert | undefined {
  return mountedFakes.get(app)
}

export function registerAlerts(app: FastifyInstance, platform: Platform, on: DisasterSurfaces): void {
  const service = createAlertService(platform)
  if (on.staff) registerAlertStaffRoutes(app, platform, service)
  if (on.public) {
    registerAlertPublicRoutes(app, platform)
    registerAlertsApi(app, platform)
    if (platform.config.notifyChannels === 'fake' && !platform.config.isProduction && platform.config.lalertRelayToken) {
      const fake = createFakeLalert({ token: platform.config.lalertRelayToken })
      mountedFakes.set(app, fake)
      void app.register(fakeLalertPlugin, { prefix: '/dev-lalert', fake })
    }
  }
}

/** Demo data of this area for デモ市: a level-3 alert in force for two districts. */
export async function seedAlertsDemo(trx: Transaction<Database>, tenantId: string): Promise<void> {
  await seedAlerts(trx, tenantId)
}
