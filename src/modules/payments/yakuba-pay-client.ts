import { z } from 'zod'
import {
  PaymentProviderError,
  WebhookPayloadError,
  type Checkout,
  type CreateCheckoutInput,
  type PaymentProvider,
  type ProviderEvent,
  type Refund,
  type RefundInput,
  type WebhookHeaders,
} from './payment-provider.js'
import { DEFAULT_TOLERANCE_SECONDS, SIGNATURE_HEADER, verifyWebhookSignature } from './webhook-signature.js'

/**
 * Adapter for the "Yakuba Pay" HTTP API — the protocol the local fake provider speaks
 * (fake-provider/). A real provider gets its own adapter implementing the same PaymentProvider
 * port; this one is also the model of what such an adapter does: bearer key, idempotency keys,
 * bounded retries on 429/5xx, signature check before parsing.
 */
export type FetchLike = (input: string, init: { method: string; headers: Record<string, string>; body?: string }) => Promise<Response>

export interface YakubaPayClientOptions {
  id: string
  /** e.g. http://localhost:3000/dev-pay */
  baseUrl: string
  secretKey: string
  webhookSecret: string
  fetch: FetchLike
  /** Attempts for one request on 429 / 5xx / network errors (same idempotency key each time). */
  maxAttempts?: number
  /** Longest wait between attempts; kept short because a caller's transaction may be open. */
  maxWaitMs?: number
  toleranceSeconds?: number
}

const CheckoutResponseSchema = z.object({ id: z.string().min(1).max(200), url: z.url() })
const RefundResponseSchema = z.object({ id: z.string().min(1).max(200) })
const ErrorResponseSchema = z.object({ error: z.object({ code: z.string().optional(), message: z.string().optional() }) })

export const WebhookBodySchema = z.object({
  id: z.string().min(1).max(200),
  type: z.string().min(1).max(100),
  created: z.number().int().positive(),
  data: z.object({
    checkoutId: z.string().min(1).max(200),
    amount: z.number().int(),
    metadata: z.record(z.string(), z.string()).default({}),
  }),
})
export type WebhookBody = z.infer<typeof WebhookBodySchema>

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms))

export function createYakubaPayClient(options: YakubaPayClientOptions): PaymentProvider {
  const maxAttempts = options.maxAttempts ?? 3
  const maxWaitMs = options.maxWaitMs ?? 1000

  async function post<T>(path: string, body: unknown, idempotencyKey: string, schema: z.ZodType<T>): Promise<T> {
    const payload = JSON.stringify(body)
    let lastError: PaymentProviderError | undefined
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      let response: Response
      try {
        response = await options.fetch(`${options.baseUrl}${path}`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${options.secretKey}`,
            'content-type': 'application/json',
            accept: 'application/json',
            'idempotency-key': idempotencyKey,
          },
          body: payload,
        })
      } catch (error) {
        lastError = new PaymentProviderError(`payment provider unreachable: ${(error as Error).message}`)
        if (attempt < maxAttempts) await sleep(Math.min(maxWaitMs, 100 * 2 ** attempt))
        continue
      }
      const text = await response.text()
      let json: unknown
      try {
        json = text ? JSON.parse(text) : undefined
      } catch {
        json = undefined
      }
      if (response.ok) {
        const parsed = schema.safeParse(json)
        if (!parsed.success) throw new PaymentProviderError('payment provider sent an unreadable response', response.status)
        return parsed.data
      }
      const problem = ErrorResponseSchema.safeParse(json)
      lastError = new PaymentProviderError(
        `payment provider refused ${path}: ${response.status} ${problem.success ? (problem.data.error.message ?? '') : ''}`.trim(),
        response.status,
        problem.success ? problem.data.error.code : undefined,
      )
      const retriable = response.status === 429 || response.status >= 500
      if (!retriable || attempt === maxAttempts) break
      const retryAfter = Number(response.headers.get('retry-after'))
      await sleep(Math.min(maxWaitMs, Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : 100 * 2 ** attempt))
    }
    throw lastError ?? new PaymentProviderError('payment provider request failed')
  }

  return {
    id: options.id,

    async createCheckout(input: CreateCheckoutInput): Promise<Checkout> {
      const checkout = await post(
        '/v1/checkouts',
        {
          amount: input.amountYen,
          currency: 'jpy',
          description: input.description,
          return_url: input.returnUrl,
          webhook_url: input.webhookUrl,
          merchant_name: input.merchantName,
          metadata: { ...input.metadata, paymentId: input.paymentId },
          expires_at: input.expiresAt ? Math.floor(input.expiresAt.getTime() / 1000) : undefined,
        },
        input.idempotencyKey,
        CheckoutResponseSchema,
      )
      return { providerPaymentId: checkout.id, redirectUrl: checkout.url }
    },

    parseWebhook(rawBody: Buffer, headers: WebhookHeaders): ProviderEvent {
      verifyWebhookSignature(options.webhookSecret, rawBody, headers[SIGNATURE_HEADER], { toleranceSeconds: options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS })
      let json: unknown
      try {
        json = JSON.parse(rawBody.toString('utf8'))
      } catch {
        throw new WebhookPayloadError('webhook body is not JSON')
      }
      const parsed = WebhookBodySchema.safeParse(json)
      if (!parsed.success) throw new WebhookPayloadError('webhook body is not a Yakuba Pay event')
      const body = parsed.data
      return {
        id: body.id,
        type: body.type,
        providerPaymentId: body.data.checkoutId,
        amountYen: body.data.amount,
        occurredAt: new Date(body.created * 1000),
        metadata: body.data.metadata,
        payload: json,
      }
    },

    async refund(input: RefundInput): Promise<Refund> {
      const refund = await post('/v1/refunds', { checkout: input.providerPaymentId, amount: input.amountYen }, input.idempotencyKey, RefundResponseSchema)
      return { providerRefundId: refund.id }
    },
  }
}
