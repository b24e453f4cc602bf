import type { FastifyInstance, FastifySchema } from 'fastify'
import { z } from 'zod'
import { AppError } from '../../../../platform/errors.js'
import { tenantOf } from '../../../../platform/http/pipeline.js'
import { withTenant } from '../../../../platform/db/tenant-context.js'
import type { Platform } from '../../../../platform/platform.js'
import { recordProviderReceipt } from '../../delivery/index.js'
import { SMS_SIGNATURE_HEADER, verifySmsReceiptSignature } from './sms-signature.js'

const RECEIPT_BODY_LIMIT = 16 * 1024

const ReceiptSchema = z.object({
  id: z.string().min(1).max(200),
  status: z.enum(['delivered', 'failed', 'expired']),
  error_code: z.string().max(100).optional(),
})

export const smsSignatureInvalid = () => new AppError('UNAUTHENTICATED', 'NOTIFICATIONS.SMS_SIGNATURE_INVALID', 'notifications.sms.errors.signatureInvalid')
export const smsSignatureStale = () => new AppError('UNAUTHENTICATED', 'NOTIFICATIONS.SMS_SIGNATURE_STALE', 'notifications.sms.errors.signatureStale')
export const smsReceiptInvalid = () => new AppError('BAD_REQUEST', 'NOTIFICATIONS.SMS_RECEIPT_INVALID', 'notifications.sms.errors.receiptInvalid')
export const smsReceiptsNotConfigured = () => new AppError('UNAVAILABLE', 'NOTIFICATIONS.SMS_NOT_CONFIGURED', 'notifications.sms.errors.notConfigured')

/**
 * `POST /api/v1/notifications/sms-receipts/:tenant`: the SMS provider's delivery receipt, signed
 * (`X-Sms-Signature: t=…,v1=…`, see sms-signature.ts). The body is kept raw because the signature
 * covers its exact bytes; no session and no CSRF token — the signature is the authentication.
 * A valid receipt updates the deliveries the provider accepted under that message id through the
 * delivery engine; a receipt for an unknown id is acknowledged (200, `matched: 0`) so the
 * provider stops retrying it.
 */
export function registerSmsReceiptRoutes(app: FastifyInstance, platform: Platform) {
  void app.register(async scope => {
    scope.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: RECEIPT_BODY_LIMIT }, (_req, body, done) => done(null, body))
    scope.post(
      '/api/v1/notifications/sms-receipts/:tenant',
      {
        config: { auth: 'public', csrf: false },
        schema: {
          summary: 'SMS provider delivery receipt (signed webhook: X-Sms-Signature t=…,v1=HMAC-SHA256)',
          tags: ['notifications'],
          params: { type: 'object', properties: { tenant: { type: 'string', maxLength: 40 } }, required: ['tenant'] },
        } as FastifySchema,
      },
      async (req, reply) => {
        const tenant = tenantOf(req)
        const secret = platform.config.smsWebhookSecret
        if (!secret) throw smsReceiptsNotConfigured()
        if (!Buffer.isBuffer(req.body)) throw smsReceiptInvalid()
        const check = verifySmsReceiptSignature(secret, req.body, req.headers[SMS_SIGNATURE_HEADER])
        if (check === 'invalid') throw smsSignatureInvalid()
        if (check === 'stale') throw smsSignatureStale()
        let json: unknown
        try {
          json = JSON.parse(req.body.toString('utf8'))
        } catch {
          throw smsReceiptInvalid()
        }
        const parsed = ReceiptSchema.safeParse(json)
        if (!parsed.success) throw smsReceiptInvalid()
        const receipt = parsed.data
        const matched = await withTenant(platform.database.db, tenant.id, trx =>
          recordProviderReceipt(
            trx,
            tenant.id,
            'sms',
            receipt.id,
            receipt.status === 'delivered' ? { status: 'delivered' } : { status: 'permanent_failure', error: `sms ${receipt.status}${receipt.error_code ? `: ${receipt.error_code}` : ''}` },
          ),
        )
        return reply.status(200).send({ received: true, matched })
      },
    )
  })
}
