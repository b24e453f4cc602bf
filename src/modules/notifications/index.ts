/**
 * Notifications hub (お知らせ・配信) — the module's only public surface. Residents' channels and
 * preferences, topics, districts and segments, templates, staff compose with approval and a
 * progress view, the set-based delivery engine with its channel adapters (inbox, email, LINE,
 * SMS, web push) and local fakes, LINE webhook / Login / rich menus, garbage calendars, and the
 * `/api/v1/{tenant}/notices` API. See README.md.
 */
import type { FastifyInstance } from 'fastify'
import type { Platform } from '../../platform/platform.js'
import { registerCatalog } from '../../platform/i18n/i18n.js'
import type { JobDefinition } from '../../platform/jobs/define-job.js'
import { registerDelivery, deliveryJobs, registerPeriodicTask } from './delivery/index.js'
import { garbageReminderTask } from './garbage/garbage-reminders.js'
import { registerAudience } from './audience/index.js'
import { registerTemplates } from './templates/index.js'
import { registerCompose } from './compose/index.js'
import { registerResidentPreferences } from './residents/index.js'
import { registerNoticesApi } from './api/index.js'
import { registerLine } from './channels/line/line-routes.js'
import { registerGarbage, garbageJobs } from './garbage/garbage-routes.js'
import { deliveryCatalog } from './delivery/delivery-catalog.js'
import { audienceCatalog } from './audience/audience-catalog.js'
import { templatesCatalog } from './templates/templates-catalog.js'
import { composeCatalog } from './compose/compose-catalog.js'
import { residentsCatalog } from './residents/residents-catalog.js'
import { apiCatalog } from './api/api-catalog.js'
import { garbageCatalog } from './garbage/garbage-catalog.js'
import { lineCatalog } from './channels/line/line-catalog.js'

// Garbage reminders are planned by the delivery pump (the hub's clock). Registered at module load,
// not in registerNotifications: `yakuba worker` runs the pump without building the HTTP app.
registerPeriodicTask(garbageReminderTask)

let isCatalogRegistered = false

export interface NotificationSurfaces {
  /** resident pages, public calendars, webhooks, the API, the dev fakes (default true) */
  public?: boolean
  /** staff compose, progress, setup pages (default true) */
  staff?: boolean
}

export async function registerNotifications(app: FastifyInstance, platform: Platform, surfaces: NotificationSurfaces = {}): Promise<void> {
  if (!isCatalogRegistered) {
    for (const catalog of [deliveryCatalog, audienceCatalog, templatesCatalog, composeCatalog, residentsCatalog, apiCatalog, garbageCatalog, lineCatalog]) registerCatalog(catalog)
    isCatalogRegistered = true
  }
  const on = { public: surfaces.public !== false, staff: surfaces.staff !== false }
  registerDelivery(app, platform, on)
  registerAudience(app, platform, on)
  registerTemplates(app, platform, on)
  registerCompose(app, platform, on)
  registerResidentPreferences(app, platform, on)
  registerNoticesApi(app, platform, on)
  await registerLine(app, platform, on)
  registerGarbage(app, platform, on)
}

/** Jobs of the notifications module (listed in src/jobs.ts). */
export const notificationJobs: JobDefinition[] = [...deliveryJobs, ...garbageJobs]

export { startDeliveryPump } from './delivery/index.js'

export * from './channels/line/line-signature.js'
export * from './channels/line/line-webhook.js'
export * from './channels/line/line-client.js'
export * from './channels/line/fake-line.js'
export * from './garbage/index.js'
export { seedNotificationsDemo } from './demo-seed.js'
export { switchLineMenuMode } from './channels/line/line-rich-menu-service.js'
export { createEmergencyNotice, queueEmergencyDeliveries, countEmergencyTargets, type EmergencyNoticeInput, type DeliveryTargetCount } from './delivery/index.js'
export type { NoticeContent, NoticeTexts, LocalizedNames } from './notification-tables.js'
export { listDistricts, listDistrictLabels, findResidentPlace, validateGeometry, type DistrictView, type DistrictLabel, type AreaGeometry, type GeometryProblem } from './audience/index.js'
export { createTenantLineClient, lineTransportFor, mountedFakeLine } from './channels/line/line-transport.js'
export { settleLineReplies } from './channels/line/line-webhook-service.js'
export { findLineCredentials } from './channels/line/line-credentials.js'
