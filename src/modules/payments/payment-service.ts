import type { Transaction } from 'kysely'
import type { Logger } from 'pino'
import { recordAudit, type AuditActor } from '../../platform/audit/audit-log.js'
import type { Permission } from '../../platform/auth/permissions.js'
import type { Config } from '../../platform/config.js'
import type { Database } from '../../platform/db/schema.js'
import { withTenant, type Db, type Executor } from '../../platform/db/tenant-context.js'
import { forbidden } from '../../platform/errors.js'
import type { StaffPrincipal } from '../../platform/http/types.js'
import { isSafeReturnPath } from '../../platform/http/params.js'
import { translator } from '../../platform/i18n/i18n.js'
import type { JobQueue } from '../../platform/jobs/job-queue.js'
import type { TenantContext } from '../../platform/tenancy/tenant-service.js'
import {
  idempotencyKeyReused,
  invalidPayment,
  notPayableAtCounter,
  notRefundable,
  onlinePaymentUnavailable,
  payEasyUnavailable,
  paymentNotFound,
  providerUnavailable,
  refundFailed,
  unknownCheckout,
  unknownProvider,
  webhookPayloadInvalid,
  webhookSignatureInvalid,
} from './payment-errors.js'
import { WebhookPayloadError, WebhookSignatureError, type WebhookHeaders } from './payment-provider.js'
import { createPaymentProviders, type PaymentProviders } from './payment-providers.js'
import * as repository from './payment-repository.js'
import { addDays, decideTransition, issuePayEasyReference, paymentIdFor, providerLabel, statusForEvent, tokyoDate, tokyoDayStart } from './payment-rules.js'
import { CreatePaymentSchema, type CreatePaymentInput, type PaymentListFilter, type ReconciliationQuery } from './payment-schemas.js'
import type { Payment, PaymentEvent, PaymentStatus } from './payment-tables.js'
import { applyTransition } from './payment-transitions.js'
import { expireCheckouts } from './jobs/expire-checkouts.js'
import { encodeCsv, RECONCILIATION_HEADER, reconciliationLines, toCsv } from './reconciliation-csv.js'

/** Who acts in the staff console, where, under which request id (for permissions and audit). */
export interface PaymentStaffRequest {
  tenant: TenantContext
  actor: StaffPrincipal
  requestId: string
}

export interface PaymentServiceDeps {
  database: { db: Db }
  config: Config
  jobs: JobQueue
  logger: Logger
}

export interface PaymentServiceOptions {
  /** Replaces the providers built from configuration (tests). */
  providers?: PaymentProviders
  /** Days a Pay-easy reference stays payable (支払期限). */
  payEasyDueDays?: number
}

/** Outcome of one webhook delivery, for the provider's logs (the HTTP answer is 200 either way). */
export interface WebhookOutcome {
  duplicate: boolean
  applied: boolean
  status: PaymentStatus
}

export const STAFF_PAGE_SIZE = 50

const EXPIRY_GRID_MS = 15 * 60_000

/**
 * Receiving money at the counter (or recording a Pay-easy receipt) moves money like a refund
 * does, so it takes the same financial permission rather than the read-only one.
 */
const COLLECT_PERMISSION: Permission = 'payments.refund'

function requirePermission(actor: StaffPrincipal, permission: Permission): void {
  if (!actor.permissions.has(permission)) throw forbidden('AUTH.PERMISSION_DENIED')
}

const staffActor = (staff: PaymentStaffRequest): AuditActor => ({ type: 'staff', id: staff.actor.id })

/**
 * Payments (公金収納) for every module: create a payment for something owed, learn its outcome
 * from the provider's webhooks, record counter receipts and refunds, list and export them. The
 * owning module hears about outcomes through onPaymentStatusChanged (payment-settlement.ts).
 */
export function createPaymentService(deps: PaymentServiceDeps, options: PaymentServiceOptions = {}) {
  const { config, jobs, logger } = deps
  const db = deps.database.db
  const providers = options.providers ?? createPaymentProviders(config, db)
  const payEasyDueDays = options.payEasyDueDays ?? 14
  const ja = translator('ja')

  return {
    providers,

    /**
     * Creates the payment for something owed, inside the caller's tenant-bound transaction.
     * Idempotent: the same idempotencyKey returns the payment made the first time. 'online'
     * opens a checkout at the provider (redirectUrl is where to send the resident), 'pay-easy'
     * issues a reference to pay at an ATM or online bank, 'counter' waits for staff.
     */
    async createPayment(trx: Transaction<Database>, tenantId: string, input: CreatePaymentInput, context: { actor?: AuditActor; requestId?: string } = {}): Promise<Payment> {
      const parsed = CreatePaymentSchema.safeParse(input)
      if (!parsed.success) throw invalidPayment()
      const data = parsed.data
      const existing = await repository.findPaymentByIdempotencyKey(trx, tenantId, data.idempotencyKey)
      if (existing) {
        const same = existing.purpose === data.purpose && existing.subjectId === data.subjectId && existing.amountYen === data.amountYen && existing.method === data.method
        if (!same) throw idempotencyKeyReused()
        return existing
      }
      const tenant = await repository.findTenantNames(trx, tenantId)
      if (!tenant || !isSafeReturnPath(tenant.slug, data.returnUrl)) throw invalidPayment()
      const id = paymentIdFor(config.sessionSecret, tenantId, data.idempotencyKey)
      const now = new Date()
      let provider: string = data.method
      let providerPaymentId: string | null = null
      let redirectUrl: string | null = null
      let payEasy: ReturnType<typeof issuePayEasyReference> | null = null
      let expiresAt: Date | null = null

      switch (data.method) {
        case 'online': {
          const online = providers.online
          if (!online) throw onlinePaymentUnavailable()
          // On a 15-minute grid: the provider compares the whole body of an idempotent retry, so a
          // retry after a rollback must send the same expiry as the first attempt did.
          expiresAt = new Date(Math.ceil((now.getTime() + config.PAYMENT_CHECKOUT_EXPIRY_MINUTES * 60_000) / EXPIRY_GRID_MS) * EXPIRY_GRID_MS)
          try {
            const checkout = await online.createCheckout({
              paymentId: id,
              amountYen: data.amountYen,
              description: data.description,
              returnUrl: `${config.publicUrl}/${tenant.slug}/payments/${id}/return`,
              webhookUrl: `${config.publicUrl}/api/v1/payments/webhooks/${tenant.slug}/${online.id}`,
              // Derived from our id: a retry after a rollback asks the provider for the same checkout.
              idempotencyKey: `payment-${id}`,
              merchantName: tenant.name,
              metadata: { tenant: tenant.slug, reference: data.subjectReference },
              expiresAt,
            })
            provider = online.id
            providerPaymentId = checkout.providerPaymentId
            redirectUrl = checkout.redirectUrl
          } catch (error) {
            logger.error({ err: { message: (error as Error).message }, paymentId: id }, 'payment provider refused a checkout')
            throw providerUnavailable()
          }
          break
        }
        case 'pay-easy': {
          if (!config.payEasyCollectorCode) throw payEasyUnavailable()
          payEasy = issuePayEasyReference({ collectorCode: config.payEasyCollectorCode, tenantId, paymentId: id, dueDate: addDays(tokyoDate(now), payEasyDueDays) })
          break
        }
        case 'counter':
          break
        default: {
          const exhaustive: never = data.method
          throw new Error(`unknown payment method ${String(exhaustive)}`)
        }
      }

      const inserted = await repository.insertPayment(trx, {
        tenantId,
        id,
        purpose: data.purpose,
        subjectId: data.subjectId,
        subjectReference: data.subjectReference,
        residentId: data.residentId,
        amountYen: data.amountYen,
        description: data.description,
        method: data.method,
        provider,
        providerPaymentId,
        redirectUrl,
        payEasy: payEasy ? JSON.stringify(payEasy) : null,
        idempotencyKey: data.idempotencyKey,
        returnUrl: data.returnUrl,
        expiresAt,
      })
      if (!inserted) {
        // A concurrent twin with the same key committed first: that one is the payment.
        const twin = await repository.findPaymentByIdempotencyKey(trx, tenantId, data.idempotencyKey)
        if (!twin) throw invalidPayment()
        return twin
      }
      await recordAudit(trx, tenantId, {
        actor: context.actor ?? (data.residentId ? { type: 'resident', id: data.residentId } : { type: 'system' }),
        action: 'payments.create',
        subjectType: 'payment',
        subjectId: id,
        details: { purpose: data.purpose, subjectReference: data.subjectReference, amountYen: data.amountYen, method: data.method, provider },
        requestId: context.requestId,
      })
      if (expiresAt) await jobs.enqueue(trx, expireCheckouts, { tenantId }, { startAfter: expiresAt })
      return inserted
    },

    /** A payment by id, or undefined (inside the caller's tenant-bound executor). */
    async findPayment(executor: Executor, tenantId: string, paymentId: string): Promise<Payment | undefined> {
      return repository.findPayment(executor, tenantId, paymentId)
    },

    /**
     * A provider's notification: signature (5-minute tolerance), then — in one transaction —
     * the event recorded once (a redelivery changes nothing), and the status moved only forwards.
     */
    async handleWebhook(tenant: { id: string }, providerId: string, rawBody: Buffer, headers: WebhookHeaders): Promise<WebhookOutcome> {
      const provider = providers.get(providerId)
      if (!provider) throw unknownProvider()
      let event
      try {
        event = provider.parseWebhook(rawBody, headers)
      } catch (error) {
        if (error instanceof WebhookSignatureError) {
          logger.warn({ provider: providerId, reason: error.reason }, 'payment webhook signature rejected')
          throw webhookSignatureInvalid()
        }
        if (error instanceof WebhookPayloadError) throw webhookPayloadInvalid()
        throw error
      }
      return withTenant(db, tenant.id, async trx => {
        const payment = await repository.findPaymentByProviderId(trx, tenant.id, providerId, event.providerPaymentId)
        if (!payment) throw unknownCheckout()
        const target = statusForEvent(event.type)
        let ignoredReason: string | null = null
        if (!target || target === 'created') ignoredReason = 'unknown-type'
        else if (event.amountYen !== payment.amountYen) ignoredReason = 'amount-mismatch'
        else {
          const decision = decideTransition(payment.status, target)
          if (!decision.apply) ignoredReason = decision.reason
        }
        const recorded = await repository.insertPaymentEvent(trx, {
          tenantId: tenant.id,
          paymentId: payment.id,
          provider: providerId,
          providerEventId: event.id,
          type: event.type,
          occurredAt: event.occurredAt,
          applied: ignoredReason === null,
          ignoredReason,
          payload: JSON.stringify(event.payload),
        })
        if (!recorded) return { duplicate: true, applied: false, status: payment.status }
        if (ignoredReason === 'amount-mismatch') logger.error({ paymentId: payment.id, eventId: event.id }, 'payment webhook amount differs from the payment: not applied')
        if (ignoredReason !== null || !target || target === 'created') return { duplicate: false, applied: false, status: payment.status }
        const updated = await applyTransition(trx, payment, target, { actor: { type: 'system', id: `provider:${providerId}` }, details: { providerEventId: event.id } })
        return { duplicate: false, applied: true, status: updated.status }
      })
    },

    /** The resident's own payment (anyone else's is a 404, exactly like a missing one). */
    async getResidentPayment(tenantId: string, residentId: string, paymentId: string): Promise<Payment> {
      const payment = await withTenant(db, tenantId, trx => repository.findResidentPayment(trx, tenantId, residentId, paymentId))
      if (!payment) throw paymentNotFound()
      return payment
    },

    /** Staff record cash received at the counter, or a Pay-easy receipt notified by the bank. */
    async markPaidAtCounter(staff: PaymentStaffRequest, paymentId: string): Promise<Payment> {
      requirePermission(staff.actor, COLLECT_PERMISSION)
      return withTenant(db, staff.tenant.id, async trx => {
        const payment = await repository.findPayment(trx, staff.tenant.id, paymentId, { forUpdate: true })
        if (!payment) throw paymentNotFound()
        if (payment.method === 'online') throw notPayableAtCounter()
        // A double-clicked button: the first click did it.
        if (payment.status === 'captured') return payment
        if (payment.status !== 'created' && payment.status !== 'pending') throw notPayableAtCounter()
        return applyTransition(trx, payment, 'captured', { actor: staffActor(staff), requestId: staff.requestId, details: { receivedBy: payment.method } })
      })
    },

    /**
     * Refunds a captured payment in full: online ones through the provider (its idempotency key
     * makes a retried refund safe), counter and Pay-easy ones are paid back outside Yakuba and
     * only recorded here. The request and its reason are audited before the provider is called.
     */
    async refundPayment(staff: PaymentStaffRequest, paymentId: string, reason: string): Promise<Payment> {
      requirePermission(staff.actor, 'payments.refund')
      const tenantId = staff.tenant.id
      const payment = await withTenant(db, tenantId, async trx => {
        const found = await repository.findPayment(trx, tenantId, paymentId)
        if (!found) throw paymentNotFound()
        if (found.status !== 'captured') throw notRefundable()
        await recordAudit(trx, tenantId, { actor: staffActor(staff), action: 'payments.request-refund', subjectType: 'payment', subjectId: paymentId, details: { reason, amountYen: found.amountYen }, requestId: staff.requestId })
        return found
      })
      let providerRefundId: string | undefined
      if (payment.method === 'online') {
        const provider = providers.get(payment.provider)
        if (!provider || !payment.providerPaymentId) throw refundFailed()
        try {
          ;({ providerRefundId } = await provider.refund({ providerPaymentId: payment.providerPaymentId, amountYen: payment.amountYen, idempotencyKey: `refund-${payment.id}` }))
        } catch (error) {
          logger.error({ err: { message: (error as Error).message }, paymentId }, 'payment provider refused a refund')
          throw refundFailed()
        }
      }
      return withTenant(db, tenantId, async trx => {
        const locked = await repository.findPayment(trx, tenantId, paymentId, { forUpdate: true })
        if (!locked) throw paymentNotFound()
        // The provider's refund notification may have arrived first: it moved the status already.
        if (locked.status === 'refunded') return locked
        if (locked.status !== 'captured') throw notRefundable()
        return applyTransition(trx, locked, 'refunded', { actor: staffActor(staff), requestId: staff.requestId, details: { reason, providerRefundId } })
      })
    },

    /** `list*`: newest first, 50 a page, filtered by status and creation date (Japan time, inclusive). */
    async listPayments(staff: PaymentStaffRequest, query: { filter: PaymentListFilter; page: number }) {
      requirePermission(staff.actor, 'payments.read')
      const filter = {
        status: query.filter.status || undefined,
        from: query.filter.from ? tokyoDayStart(query.filter.from) : undefined,
        before: query.filter.to ? tokyoDayStart(addDays(query.filter.to, 1)) : undefined,
      }
      return withTenant(db, staff.tenant.id, async trx => {
        const total = await repository.countPayments(trx, staff.tenant.id, filter)
        const pageCount = Math.max(1, Math.ceil(total / STAFF_PAGE_SIZE))
        const page = Math.min(query.page, pageCount)
        const rows = await repository.listPayments(trx, staff.tenant.id, filter, { offset: (page - 1) * STAFF_PAGE_SIZE, limit: STAFF_PAGE_SIZE })
        return { rows, total, page, pageCount }
      })
    },

    /** One payment with every provider notification received about it. */
    async getPaymentDetail(staff: PaymentStaffRequest, paymentId: string): Promise<{ payment: Payment; events: PaymentEvent[] }> {
      requirePermission(staff.actor, 'payments.read')
      return withTenant(db, staff.tenant.id, async trx => {
        const payment = await repository.findPayment(trx, staff.tenant.id, paymentId)
        if (!payment) throw paymentNotFound()
        return { payment, events: await repository.listPaymentEvents(trx, staff.tenant.id, paymentId) }
      })
    },

    /** The reconciliation CSV (消込データ) for [from, to] in Japan time; the export is audited. */
    async exportReconciliation(staff: PaymentStaffRequest, query: ReconciliationQuery) {
      requirePermission(staff.actor, 'payments.read')
      const from = tokyoDayStart(query.from)
      const before = tokyoDayStart(addDays(query.to, 1))
      const lines = await withTenant(db, staff.tenant.id, async trx => {
        const payments = await repository.listSettledBetween(trx, staff.tenant.id, from, before)
        const result = reconciliationLines(payments, from, before, {
          status: p => ja(`payments.status.${p.status}`),
          method: p => ja(`payments.method.${p.method}`),
          provider: p => providerLabel(ja, p.provider),
        })
        await recordAudit(trx, staff.tenant.id, {
          actor: staffActor(staff),
          action: 'payments.export-reconciliation',
          details: { from: query.from, to: query.to, encoding: query.encoding, lines: result.length },
          requestId: staff.requestId,
        })
        return result
      })
      const { bytes, replaced } = encodeCsv(toCsv([[...RECONCILIATION_HEADER], ...lines]), query.encoding)
      return {
        bytes,
        replaced,
        contentType: `text/csv; charset=${query.encoding === 'sjis' ? 'Shift_JIS' : 'utf-8'}`,
        filename: `reconciliation-${staff.tenant.slug}-${query.from}-${query.to}.csv`,
      }
    },
  }
}
export type PaymentService = ReturnType<typeof createPaymentService>
