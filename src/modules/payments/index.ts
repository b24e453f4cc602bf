import type { FastifyInstance } from 'fastify'
import { registerCatalog } from '../../platform/i18n/i18n.js'
import type { JobDefinition } from '../../platform/jobs/define-job.js'
import type { Platform } from '../../platform/platform.js'
import type { FakePaymentProvider } from './fake-provider/fake-provider.js'
import { expireCheckouts } from './jobs/expire-checkouts.js'
import { registerPaymentRoutes } from './payment-routes.js'
import { createPaymentService, type PaymentService } from './payment-service.js'
import { paymentsCatalog } from './payments-catalog.js'
import { registerWebhookRoutes } from './webhook-routes.js'

export { createPaymentService, type PaymentService, type PaymentServiceDeps, type PaymentServiceOptions, type PaymentStaffRequest, type WebhookOutcome } from './payment-service.js'
export { onPaymentStatusChanged, type PaymentStatusChange, type PaymentStatusHandler } from './payment-settlement.js'
export { PAYMENT_METHODS, PAYMENT_STATUSES, type PayEasyReference, type Payment, type PaymentEvent, type PaymentMethod, type PaymentStatus } from './payment-tables.js'
export { SETTLEMENT_STATUSES, type SettlementStatus } from './payment-rules.js'
export type { CreatePaymentInput } from './payment-schemas.js'
export {
  PaymentProviderError,
  WebhookPayloadError,
  WebhookSignatureError,
  type Checkout,
  type CreateCheckoutInput,
  type PaymentProvider,
  type ProviderEvent,
  type Refund,
  type RefundInput,
  type WebhookHeaders,
} from './payment-provider.js'
export type { PaymentProviders } from './payment-providers.js'
export { signWebhook, verifyWebhookSignature, SIGNATURE_HEADER } from './webhook-signature.js'
export { fakePaymentProviderOf } from './fake-provider/registry.js'
export type { FakePaymentProvider, FakeKnobs, Deliver, CheckoutAction } from './fake-provider/fake-provider.js'
export { paymentsCatalog }

/** Jobs of the payments module (listed in src/jobs.ts). */
export const paymentJobs: JobDefinition[] = [expireCheckouts] as unknown as JobDefinition[]

let isCatalogRegistered = false

/** Which surfaces a listener serves (三層分離: the staff console may have a listener of its own). */
export interface PaymentSurfaces {
  /** the provider webhook and the resident's return page (default true) */
  public?: boolean
  /** the staff pages and the reconciliation CSV (default true) */
  staff?: boolean
}

/**
 * Payments (公金収納): the provider webhook (`POST /api/v1/payments/webhooks/:tenant/:provider`),
 * the resident's return page (`/:tenant/payments/:paymentId/return`) and the staff pages
 * (`/:tenant/staff/payments…`, with the reconciliation CSV). Returns the service, which other
 * modules may also build themselves with createPaymentService(platform).
 */
export function registerPayments(app: FastifyInstance, platform: Platform, surfaces: PaymentSurfaces = {}): PaymentService {
  if (!isCatalogRegistered) {
    registerCatalog(paymentsCatalog)
    isCatalogRegistered = true
  }
  const payments = createPaymentService(platform)
  if (surfaces.public !== false) registerWebhookRoutes(app, payments)
  registerPaymentRoutes(app, payments, { resident: surfaces.public !== false, staff: surfaces.staff !== false })
  return payments
}

/**
 * Serves the local fake provider at /dev-pay on this app (PAYMENT_PROVIDER=fake only; config
 * refuses it in production). Loaded on demand, so production never loads its code.
 */
export async function mountFakePaymentProvider(app: FastifyInstance, platform: Platform): Promise<FakePaymentProvider> {
  const { mountFakePaymentProvider: mount } = await import('./fake-provider/mount.js')
  return mount(app, platform)
}
