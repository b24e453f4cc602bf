/**
 * The port every payment provider adapter implements. Amounts are integer yen everywhere; the
 * provider never sees personal data beyond what a checkout page shows (merchant, description,
 * amount).
 */

export interface CreateCheckoutInput {
  /** Our payment id (sent as metadata, so a provider dashboard can be matched to us). */
  paymentId: string
  amountYen: number
  /** Shown on the provider's page, e.g. '住民票の写しの交付手数料' */
  description: string
  /** Absolute URL the provider sends the browser back to after any outcome. */
  returnUrl: string
  /** Absolute URL the provider posts signed notifications to. */
  webhookUrl: string
  /** Same key + same request = the same checkout (safe to retry after a timeout or rollback). */
  idempotencyKey: string
  /** Shown on the provider's page as the payee, e.g. the municipality's name. */
  merchantName?: string
  /** Echoed back in every notification about the checkout. */
  metadata?: Record<string, string>
  /** When the provider should stop accepting payment on this checkout. */
  expiresAt?: Date
}

export interface Checkout {
  providerPaymentId: string
  /** The hosted payment page to send the resident to. */
  redirectUrl: string
}

export interface RefundInput {
  providerPaymentId: string
  amountYen: number
  idempotencyKey: string
}

export interface Refund {
  providerRefundId: string
}

/** A verified notification from a provider, in our terms. */
export interface ProviderEvent {
  /** The provider's event id: a redelivery carries the same one. */
  id: string
  /** e.g. 'payment.captured' (see PROVIDER_EVENT_STATUS); unknown types are recorded, not applied. */
  type: string
  providerPaymentId: string
  amountYen: number
  /** The provider's time of the event. */
  occurredAt: Date
  metadata: Record<string, string>
  /** The parsed body, kept as evidence. */
  payload: unknown
}

export type WebhookHeaders = Record<string, string | string[] | undefined>

export interface PaymentProvider {
  /** Stored in payments.provider and used in the webhook path, e.g. 'fake'. */
  readonly id: string
  createCheckout(input: CreateCheckoutInput): Promise<Checkout>
  /** Verifies the signature and parses the body. Throws WebhookSignatureError or WebhookPayloadError. */
  parseWebhook(rawBody: Buffer, headers: WebhookHeaders): ProviderEvent
  refund(input: RefundInput): Promise<Refund>
}

/** The signature is missing, malformed, wrong, or too old (a replay). */
export class WebhookSignatureError extends Error {
  constructor(readonly reason: 'missing' | 'malformed' | 'mismatch' | 'stale') {
    super(`webhook signature ${reason}`)
    this.name = 'WebhookSignatureError'
  }
}

/** The signature was right but the body is not an event we can read. */
export class WebhookPayloadError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'WebhookPayloadError'
  }
}

/** The provider refused a request or could not be reached. */
export class PaymentProviderError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    readonly code?: string,
  ) {
    super(message)
    this.name = 'PaymentProviderError'
  }
}
