/**
 * Fees of applications through the shared payments module: start a payment for what is due,
 * and hear back (settlement hook) when it is captured or refunded.
 */
import type { Transaction } from 'kysely'
import type { Database } from '../../platform/db/schema.js'
import type { Platform } from '../../platform/platform.js'
import { withTenant } from '../../platform/db/tenant-context.js'
import { createPaymentService, onPaymentStatusChanged, type Payment } from '../payments/index.js'
import { proceduresDb } from './procedure-tables.js'
import { findApplicationForUpdate, recordApplicationEvent } from './application-repository.js'
import { findVersion } from './procedure-repository.js'
import { applicationNotFound, nothingToPay, paymentMethodNotOffered } from './procedure-errors.js'

export const APPLICATION_PAYMENT_PURPOSE = 'procedure-application'

type Trx = Transaction<Database>

/** Registered once per process (the expiry job in `yakuba worker` needs it too). */
onPaymentStatusChanged(APPLICATION_PAYMENT_PURPOSE, async (trx: Trx, payment: Payment, change) => {
  const application = await findApplicationForUpdate(trx, payment.tenantId, payment.subjectId)
  if (!application) return
  const next = change.to === 'captured' ? 'paid' : change.to === 'refunded' ? 'refunded' : undefined
  if (!next || application.paymentState === next) return
  // Only the payment the application points at settles it (an abandoned earlier checkout that
  // is captured late still counts: money was received for this application).
  await proceduresDb(trx)
    .updateTable('applications')
    .set({ paymentState: next, paymentId: payment.id, updatedAt: new Date() })
    .where('tenantId', '=', payment.tenantId)
    .where('id', '=', application.id)
    .execute()
  await recordApplicationEvent(trx, payment.tenantId, {
    applicationId: application.id,
    fromStatus: application.status,
    toStatus: application.status,
    action: next === 'paid' ? 'payment-captured' : 'payment-refunded',
    actor: { actorType: 'system', actorId: null },
    message: null,
  })
})

export function createApplicationPayments(platform: Platform) {
  const payments = createPaymentService({ database: platform.database, config: platform.config, jobs: platform.jobs, logger: platform.logger })
  const { db } = platform.database

  return {
    payments,

    /**
     * Starts (or resumes) paying an application's fee. A checkout still open for the same method
     * is reused; after a failed, cancelled or expired one a new attempt gets a new key.
     */
    async startApplicationPayment(tenant: { id: string; slug: string }, residentId: string, applicationId: string, method: 'online' | 'pay-easy' | 'counter'): Promise<Payment> {
      return withTenant(db, tenant.id, async trx => {
        const application = await findApplicationForUpdate(trx, tenant.id, applicationId)
        if (!application || application.residentId !== residentId) throw applicationNotFound()
        if (application.paymentState !== 'due' || application.feeYen <= 0 || !application.receiptNumber) throw nothingToPay()
        const version = await findVersion(trx, tenant.id, application.versionId)
        const offered = version?.document.fee?.methods ?? ['online']
        if (!offered.includes(method)) throw paymentMethodNotOffered()
        let attempt = 'first'
        if (application.paymentId) {
          const previous = await payments.findPayment(trx, tenant.id, application.paymentId)
          if (previous && ['created', 'pending'].includes(previous.status) && previous.method === method) return previous
          attempt = application.paymentId
        }
        const payment = await payments.createPayment(trx, tenant.id, {
          purpose: APPLICATION_PAYMENT_PURPOSE,
          subjectId: application.id,
          subjectReference: application.receiptNumber,
          residentId,
          amountYen: application.feeYen,
          description: version?.document.title.ja ?? '申請手数料',
          method,
          returnUrl: `/${tenant.slug}/applications/${application.id}`,
          idempotencyKey: `application:${application.id}:${method}:${attempt}`,
        }, { actor: { type: 'resident', id: residentId } })
        await proceduresDb(trx).updateTable('applications').set({ paymentId: payment.id, updatedAt: new Date() }).where('tenantId', '=', tenant.id).where('id', '=', application.id).execute()
        return payment
      })
    },

    async findApplicationPayment(tenantId: string, paymentId: string | null): Promise<Payment | undefined> {
      if (!paymentId) return undefined
      return withTenant(db, tenantId, trx => payments.findPayment(trx, tenantId, paymentId))
    },
  }
}

export type ApplicationPayments = ReturnType<typeof createApplicationPayments>
