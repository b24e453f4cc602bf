import { z } from 'zod'
import { withTenant } from '../../../platform/db/tenant-context.js'
import { defineJob } from '../../../platform/jobs/define-job.js'
import { listOverdueCheckouts } from '../payment-repository.js'
import { applyTransition } from '../payment-transitions.js'

const BATCH = 100

/**
 * Moves a tenant's unpaid online checkouts past their expiry to 'expired' (each one audited and
 * settled with its owning module). Enqueued with startAfter = the checkout's expiry when it is
 * created; it sweeps every overdue checkout of the tenant, so a run that was missed or failed is
 * made up by the next one, and running twice changes nothing.
 */
export const expireCheckouts = defineJob({
  name: 'payments.expire-checkouts',
  payload: z.object({ tenantId: z.guid() }),
  async run({ tenantId }, { db, logger }) {
    for (;;) {
      const expired = await withTenant(db, tenantId, async trx => {
        const overdue = await listOverdueCheckouts(trx, tenantId, new Date(), BATCH)
        for (const payment of overdue) await applyTransition(trx, payment, 'expired', { actor: { type: 'system' } })
        return overdue.length
      })
      if (expired > 0) logger.info({ tenantId, expired }, 'expired unpaid checkouts')
      if (expired < BATCH) return
    }
  },
})
