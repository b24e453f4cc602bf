/**
 * The deps the waitlist needs where it is called without them: the seats-freed handler (called by
 * slot-seats with only a transaction) and the offer-expiry job (called with only a JobContext).
 * registerWaitlist installs them for every process that builds the app; a worker-only process
 * calls installWaitlistRuntimeFor(platform) at startup. Without them freed seats simply go back
 * to the slot (nobody is told), which never loses a seat.
 */
import type { Platform } from '../../../platform/platform.js'
import { createPaymentService } from '../../payments/index.js'
import type { ReservationDeps } from '../reservation-deps.js'

let installed: ReservationDeps | undefined

export function installWaitlistRuntime(deps: ReservationDeps): void {
  installed = deps
}

export function installWaitlistRuntimeFor(platform: Platform): void {
  if (installed?.platform === platform) return
  installed = { platform, payments: createPaymentService(platform) }
}

export function waitlistRuntime(): ReservationDeps | undefined {
  return installed
}
