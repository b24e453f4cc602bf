/** Reservations — waitlist area: public surface for the module's index.ts and the other areas. */
import type { FastifyInstance } from 'fastify'
import type { JobDefinition } from '../../../platform/jobs/define-job.js'
import type { ReservationDeps, ReservationSurfaces } from '../reservation-deps.js'
import { waitlistCatalog } from './waitlist-catalog.js'
// Importing the offers installs the seats-freed handler (seats/slot-seats.ts) at module load.
import { waitlistJobList } from './waitlist-offers.js'
import { installWaitlistRuntime } from './waitlist-runtime.js'
import { registerWaitlistRoutes } from './waitlist-routes.js'

export { waitlistCatalog }
export { expireDueOffers, distributeFreedSeats } from './waitlist-offers.js'
export { installWaitlistRuntime, installWaitlistRuntimeFor } from './waitlist-runtime.js'

/** The join page of a full slot (the slot page links here when waitlist_mode ≠ 'none'). */
export function waitlistJoinPath(tenantSlug: string, slotId: string): string {
  return `/${tenantSlug}/reservations/slots/${slotId}/waitlist`
}

/** Jobs of this area (listed by the module's index.ts). */
export const waitlistJobs: JobDefinition[] = waitlistJobList

export function registerWaitlist(app: FastifyInstance, deps: ReservationDeps, on: ReservationSurfaces): void {
  // Every process that builds the app can offer freed seats and expire offers, whichever surface it serves.
  installWaitlistRuntime(deps)
  if (on.public) registerWaitlistRoutes(app, deps)
}
