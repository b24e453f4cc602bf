/**
 * Reservations — desk area (staff operations, reservations.operate): the overview, the bookings
 * list and one booking with its actions (cancel on the resident's behalf, confirm a counter
 * payment, check in, record a no-show), the week calendar per facility, bookings on behalf of a
 * resident by phone or at the counter, the check-in page (typed code or the permit's QR code),
 * and the utilisation report with its CSV. Public surface for the module's index.ts. See README.md.
 */
import type { FastifyInstance } from 'fastify'
import type { JobDefinition } from '../../../platform/jobs/define-job.js'
import type { ReservationDeps, ReservationSurfaces } from '../reservation-deps.js'
import { deskCatalog } from './desk-catalog.js'
import { registerDeskBookingRoutes } from './desk-booking-routes.js'
import { registerDeskRoutes } from './desk-routes.js'

export { deskCatalog }
export { parseCheckInCode, parseReference, timeBandOf, TIME_BANDS, type TimeBand } from './desk-rules.js'
export { buildUtilisationReport, type UtilisationReport, type UtilisationFigures } from './report-figures.js'

/** Jobs of this area (listed by the module's index.ts): none — everything happens when staff act. */
export const deskJobs: JobDefinition[] = []

export function registerDesk(app: FastifyInstance, deps: ReservationDeps, on: ReservationSurfaces): void {
  if (!on.staff) return
  registerDeskRoutes(app, deps)
  registerDeskBookingRoutes(app, deps)
}
