/**
 * Reservations (施設予約・予約枠) — the module's only public surface. Facilities and appointment
 * services with fees, closures and slot templates; vacancy search without login; first-come
 * booking with provisional holds, online or counter payment and a 利用許可証 PDF; lotteries;
 * waitlists; the virtual waiting room; the staff desk (bookings, check-in, reports); and the
 * `/api/v1/{tenant}/availability` and `/api/v1/{tenant}/bookings` APIs. See README.md.
 */
import type { FastifyInstance } from 'fastify'
import type { Platform } from '../../platform/platform.js'
import { registerCatalog } from '../../platform/i18n/i18n.js'
import type { JobDefinition } from '../../platform/jobs/define-job.js'
import type { PaymentService } from '../payments/index.js'
import type { ReservationSurfaces } from './reservation-deps.js'
import { registerSetup, setupCatalog, setupJobs } from './setup/index.js'
import { registerBooking, bookingCatalog, bookingJobs } from './booking/index.js'
import { registerSearch, searchCatalog, searchJobs } from './search/index.js'
import { registerLottery, lotteryCatalog, lotteryJobs } from './lottery/index.js'
import { registerWaitlist, waitlistCatalog, waitlistJobs } from './waitlist/index.js'
import { registerQueue, queueCatalog, queueJobs } from './queue/index.js'
import { registerDesk, deskCatalog, deskJobs } from './desk/index.js'
import { registerApi, apiCatalog, apiJobs } from './api/index.js'
import { reservationsCatalog } from './reservations-catalog.js'

let isCatalogRegistered = false

/** Registers every reservations route this listener serves. */
export function registerReservations(app: FastifyInstance, platform: Platform, payments: PaymentService, surfaces: Partial<ReservationSurfaces> = {}): void {
  if (!isCatalogRegistered) {
    for (const catalog of [reservationsCatalog, setupCatalog, bookingCatalog, searchCatalog, lotteryCatalog, waitlistCatalog, queueCatalog, deskCatalog, apiCatalog]) registerCatalog(catalog)
    isCatalogRegistered = true
  }
  const on = { public: surfaces.public !== false, staff: surfaces.staff !== false }
  const deps = { platform, payments }
  registerSetup(app, deps, on)
  registerSearch(app, deps, on)
  registerQueue(app, deps, on)
  registerBooking(app, deps, on)
  registerLottery(app, deps, on)
  registerWaitlist(app, deps, on)
  registerDesk(app, deps, on)
  registerApi(app, deps, on)
}

/** Jobs of the reservations module (listed in src/jobs.ts). */
export const reservationJobs: JobDefinition[] = [...setupJobs, ...bookingJobs, ...searchJobs, ...lotteryJobs, ...waitlistJobs, ...queueJobs, ...deskJobs, ...apiJobs]

export type { ReservationSurfaces } from './reservation-deps.js'
export { seedReservationsDemo } from './demo-seed.js'
export { startSlotExtension } from './setup/index.js'
