/** Reservations — booking area: public surface for the module's index.ts and the other areas. */
import type { FastifyInstance } from 'fastify'
import type { JobDefinition } from '../../../platform/jobs/define-job.js'
import type { ReservationDeps, ReservationSurfaces } from '../reservation-deps.js'
import { bookingCatalog } from './booking-catalog.js'
import { bookingJobList } from './booking-jobs.js'
import { installBookingRuntime } from './booking-runtime.js'
import { registerBookingRoutes } from './booking-routes.js'
// Registers the settlement handler of purpose 'reservation' at module load (worker processes too).
import './booking-settlement.js'

export { bookingCatalog }
export * from './booking-core.js'
export * from './booking-errors.js'
export { APPLICANT_NAME_KEYS, readApplicantName, rememberApplicantName } from './applicant-name.js'
export {
  cancellationFee,
  checkWindow,
  computeFee,
  dayKindOf,
  holdDeadline,
  isAddressInTenant,
  isBeforeCancelDeadline,
  maxPartySize,
  paymentDeadline,
  refundDueYen,
  reminderAt,
  seatsFor,
  windowDays,
  type FeeInput,
  type FeeRuleInput,
  type WindowCheck,
  type WindowInput,
} from './booking-rules.js'
export { expireBookingsJob, sendReminderJob } from './booking-jobs.js'
export { installBookingRuntimeFor } from './booking-runtime.js'
export { settleReservationPayment } from './booking-settlement.js'
export { createBookingService, type BookingService, type SlotState } from './booking-service.js'
export { formatSlotRange, formatSlotDate, formatMoment, formatYen, localized } from './booking-format.js'
export { BookingStatusTag, STATUS_TONES, bookingRows } from './my-booking-pages.js'
export { FeeRulesTable } from './slot-page.js'
export { permitDocument, renderPermit, checkInUrl } from './booking-permit.js'
export { bookingDetailOf, findSlotView, type BookingDetail, type SlotView } from './booking-queries.js'

/** Jobs of this area (listed by the module's index.ts). */
export const bookingJobs: JobDefinition[] = bookingJobList

/**
 * Installs the deps the jobs and the settlement handler use, and registers the resident routes
 * (slot page and hold, マイ予約) on listeners that serve the public surface. No staff routes here:
 * the desk area owns them.
 */
export function registerBooking(app: FastifyInstance, deps: ReservationDeps, on: ReservationSurfaces): void {
  installBookingRuntime(deps)
  if (on.public) registerBookingRoutes(app, deps)
}
