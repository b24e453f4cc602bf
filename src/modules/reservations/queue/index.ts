/** Reservations — queue area (virtual waiting room): public surface for the module's index.ts and the other areas. */
import type { FastifyInstance } from 'fastify'
import type { JobDefinition } from '../../../platform/jobs/define-job.js'
import type { ReservationDeps, ReservationSurfaces } from '../reservation-deps.js'
import { queueCatalog } from './queue-catalog.js'
import { trackBookingLoad } from './queue-load.js'
import { registerQueueRoutes } from './queue-routes.js'

export { queueCatalog }
export { checkAdmission, waitingRoomUrl, type Admission } from './admission.js'
export { configureQueueLoad, bookingRequestsInFlight, queueLoadThreshold } from './queue-load.js'
export { queuePhase, hasRushQueue, type QueuePhase } from './queue-rules.js'

/** Jobs of this area (listed by the module's index.ts). */
export const queueJobs: JobDefinition[] = []

/**
 * The waiting room is public (no login to wait); the load counter watches the booking routes, so
 * it must be installed before the booking area registers them (the module's index.ts does).
 */
export function registerQueue(app: FastifyInstance, deps: ReservationDeps, on: ReservationSurfaces): void {
  if (!on.public) return
  trackBookingLoad(app)
  registerQueueRoutes(app, deps)
}
