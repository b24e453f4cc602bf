import type { FastifyInstance, FastifySchema } from 'fastify'
import { tenantOf } from '../../platform/http/pipeline.js'
import { webhookPayloadInvalid } from './payment-errors.js'
import type { PaymentService } from './payment-service.js'

const WEBHOOK_BODY_LIMIT = 256 * 1024

/**
 * `POST /api/v1/payments/webhooks/:tenant/:provider`: a provider's signed notification. The body
 * is kept raw (the signature covers its exact bytes), so the route lives in its own plugin scope
 * whose JSON parser hands over the Buffer. No session and no CSRF token: the signature is the
 * authentication. Answers 200 as soon as the event is recorded; 400 (problem+json) on a bad
 * signature, so the provider's dashboard shows the failure.
 */
export function registerWebhookRoutes(app: FastifyInstance, payments: PaymentService) {
  void app.register(async scope => {
    scope.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: WEBHOOK_BODY_LIMIT }, (_req, body, done) => {
      done(null, body)
    })
    scope.post(
      '/api/v1/payments/webhooks/:tenant/:provider',
      {
        config: { auth: 'public', csrf: false },
        schema: {
          summary: 'Payment provider notification (signed webhook: Yakuba-Pay-Signature t=…,v1=HMAC-SHA256)',
          tags: ['payments'],
          params: {
            type: 'object',
            properties: { tenant: { type: 'string', maxLength: 40 }, provider: { type: 'string', pattern: '^[a-z][a-z0-9-]{0,39}$' } },
            required: ['tenant', 'provider'],
          },
        } as FastifySchema,
      },
      async (req, reply) => {
        const tenant = tenantOf(req)
        const { provider } = req.params as { provider: string }
        if (!Buffer.isBuffer(req.body)) throw webhookPayloadInvalid()
        const outcome = await payments.handleWebhook(tenant, provider, req.body, req.headers)
        return reply.status(200).send({ received: true, duplicate: outcome.duplicate, applied: outcome.applied })
      },
    )
  })
}
