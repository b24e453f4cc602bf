/**
 * Reservations — search area: the public vacancy search (no login) and `findAvailability`,
 * which the API area serves as `GET /api/v1/{tenant}/availability`. See README.md.
 */
import type { FastifyInstance } from 'fastify'
import type { JobDefinition } from '../../../platform/jobs/define-job.js'
import type { ReservationDeps, ReservationSurfaces } from '../reservation-deps.js'
import { searchCatalog } from './search-catalog.js'
import { registerSearchRoutes } from './search-routes.js'

export { searchCatalog }
export * from './availability.js'

/** Jobs of this area (listed by the module's index.ts): none, the search only reads. */
export const searchJobs: JobDefinition[] = []

/** The search pages are resident-facing: served where the public surface is. */
export function registerSearch(app: FastifyInstance, deps: ReservationDeps, on: ReservationSurfaces): void {
  if (on.public) registerSearchRoutes(app, deps)
}
