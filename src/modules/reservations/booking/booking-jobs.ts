/**
 * Jobs of the booking area. `reservations.expire-bookings` sweeps every due hold, unconfirmed win
 * and unpaid booking of a tenant (enqueued with startAfter at each new deadline; running it twice
 * or late changes nothing more). `reservations.send-reminder` reminds the resident of a confirmed
 * booking N days before (skipped when the booking is no longer confirmed).
 */
import { z } from 'zod'
import { withTenant } from '../../../platform/db/tenant-context.js'
import { defineJob } from '../../../platform/jobs/define-job.js'
import type { JobDefinition } from '../../../platform/jobs/define-job.js'
import { tenantContextOf } from './booking-tenant.js'
import { requireBookingRuntime } from './booking-runtime.js'

export const expireBookingsJob = defineJob({
  name: 'reservations.expire-bookings',
  payload: z.object({ tenantId: z.guid() }),
  retryLimit: 5,
  async run({ tenantId }, { db, logger }) {
    const deps = requireBookingRuntime()
    const { expireDueBookings } = await import('./booking-core.js')
    for (;;) {
      const expired = await withTenant(db, tenantId, async trx => {
        const tenant = await tenantContextOf(trx, tenantId)
        if (!tenant) return 0
        return expireDueBookings(trx, deps, tenant)
      })
      if (expired > 0) logger.info({ tenantId, expired }, 'expired due bookings')
      if (expired < EXPIRY_BATCH) return
    }
  },
})

/** Bookings expired per transaction by one sweep (short transactions: PGlite has one connection). */
export const EXPIRY_BATCH = 100

export const sendReminderJob = defineJob({
  name: 'reservations.send-reminder',
  payload: z.object({ tenantId: z.guid(), reservationId: z.guid() }),
  retryLimit: 5,
  async run({ tenantId, reservationId }, { db }) {
    const deps = requireBookingRuntime()
    const { sendBookingReminder } = await import('./booking-core.js')
    await withTenant(db, tenantId, async trx => {
      const tenant = await tenantContextOf(trx, tenantId)
      if (tenant) await sendBookingReminder(trx, deps, tenant, reservationId)
    })
  },
})

export const bookingJobList: JobDefinition[] = [expireBookingsJob, sendReminderJob] as unknown as JobDefinition[]
