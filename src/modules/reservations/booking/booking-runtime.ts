/**
 * The platform and payment service the booking area's jobs and settlement handler use. Jobs get
 * only a JobContext (no job queue, no notifier) and settlement handlers only a transaction, so the
 * process installs its deps once: registerBooking does it for every process that builds the app;
 * a worker-only process calls installBookingRuntime from its startup (see booking/README.md).
 */
import type { Platform } from '../../../platform/platform.js'
import { createPaymentService } from '../../payments/index.js'
import type { ReservationDeps } from '../reservation-deps.js'

let installed: ReservationDeps | undefined

export function installBookingRuntime(deps: ReservationDeps): void {
  installed = deps
}

/** For a worker-only process: the same deps the app would build. */
export function installBookingRuntimeFor(platform: Platform): void {
  if (installed?.platform === platform) return
  installed = { platform, payments: createPaymentService(platform) }
}

/** The installed deps, or undefined in a process that installed none (the caller decides what to skip). */
export function bookingRuntime(): ReservationDeps | undefined {
  return installed
}

export function requireBookingRuntime(): ReservationDeps {
  if (!installed) throw new Error('reservations booking runtime not installed in this process (installBookingRuntimeFor(platform))')
  return installed
}
