/**
 * Reservations — api area: `/api/v1/{tenant}/availability` (public) and `/api/v1/{tenant}/bookings`
 * (API keys with `bookings:write` / `bookings:read`) for kiosks, LINE mini-apps and integrators.
 */
import type { FastifyInstance } from 'fastify'
import type { JobDefinition } from '../../../platform/jobs/define-job.js'
import type { ReservationDeps, ReservationSurfaces } from '../reservation-deps.js'
import { apiCatalog } from './api-catalog.js'
import { registerApiRoutes } from './api-routes.js'
import { createReservationsApiService } from './api-service.js'

export { apiCatalog }

/** Jobs of this area (none: the API calls the booking core, whose jobs do the rest). */
export const apiJobs: JobDefinition[] = []

export function registerApi(app: FastifyInstance, deps: ReservationDeps, on: ReservationSurfaces): void {
  if (on.public) registerApiRoutes(app, createReservationsApiService(deps))
}
