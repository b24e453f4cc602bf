import type { FastifyInstance, FastifyReply, FastifyRequest, FastifySchema } from 'fastify'
import { apiKeyRoute, type ApiKeyPrincipal } from '../../../platform/auth/api-keys/index.js'
import { tenantOf } from '../../../platform/http/pipeline.js'
import { isUuid } from '../../../platform/http/params.js'
import { notFound, unauthenticated } from '../../../platform/errors.js'
import { sendProblem } from '../../../platform/http/api-requests.js'
import { CreateNoticeSchema, hashRequestBody, IdempotencyKeySchema, requestIssues } from './notices-api-schemas.js'
import type { NoticesApiService, ProblemItem } from './notices-api-service.js'
import { createNoticeOperation, getNoticeOperation } from './notices-api-openapi.js'

function translateItems(req: FastifyRequest, items: ProblemItem[]) {
  return items.map(item => {
    const params = { ...item.params }
    if (typeof params.language === 'string') params.language = req.t(`notifications.templates.language.${params.language}`)
    return { path: item.path, code: item.code, message: req.t(item.messageKey, params) }
  })
}

/** The pipeline has authenticated `auth: 'api-key'` routes before any handler runs. */
function apiKeyOf(req: FastifyRequest): ApiKeyPrincipal {
  if (!req.apiKey) throw unauthenticated('AUTH.API_KEY_REQUIRED')
  return req.apiKey
}

/** Body problems with a message of their own; any other says which field is wrong. */
const FIELD_MESSAGES = new Set(['template_or_content', 'recipient_or_audience', 'link', 'too_many', 'too_big'])

const schema = (summary: string, operation: Record<string, unknown>) => ({ summary, tags: ['notifications'], operation }) as FastifySchema

/** `/api/v1/:tenant/notices`: send a notice, and read its delivery status. */
export function registerNoticesApiRoutes(app: FastifyInstance, service: NoticesApiService) {
  app.post('/api/v1/:tenant/notices', { ...apiKeyRoute(app, 'notices:write'), schema: schema('Send a notice (お知らせの配信)', createNoticeOperation) }, async (req, reply) => {
    const tenant = tenantOf(req)
    const apiKey = apiKeyOf(req)
    const idempotencyKey = IdempotencyKeySchema.safeParse(req.headers['idempotency-key'])
    if (!idempotencyKey.success) return sendProblem(req, reply, 400, 'NOTIFICATIONS.IDEMPOTENCY_KEY_REQUIRED', 'notifications.api.errors.idempotencyKeyRequired')
    const body = CreateNoticeSchema.safeParse(req.body)
    if (!body.success) {
      const issues = requestIssues(body.error).map(issue => ({ ...issue, message: req.t(FIELD_MESSAGES.has(issue.code) ? `notifications.api.errors.field.${issue.code}` : 'notifications.api.errors.field', { path: issue.path }) }))
      return sendProblem(req, reply, 400, 'NOTIFICATIONS.INVALID_REQUEST', 'notifications.api.errors.invalidRequest', issues)
    }
    const outcome = await service.createNotice(tenant, apiKey, body.data, { idempotencyKey: idempotencyKey.data, requestHash: hashRequestBody(req.body) })
    if (!outcome.ok) return sendProblem(req, reply, outcome.status, outcome.code, outcome.messageKey, translateItems(req, outcome.errors))
    if (outcome.replayed) reply.header('idempotent-replayed', 'true')
    return reply.status(outcome.status).header('location', outcome.body.links.status).send(outcome.body)
  })

  app.get('/api/v1/:tenant/notices/:noticeId', { ...apiKeyRoute(app, 'notices:read'), schema: schema('A notice’s delivery status', getNoticeOperation) }, async req => {
    const { noticeId } = req.params as { noticeId: string }
    if (!isUuid(noticeId)) throw notFound('NOTIFICATIONS.NOTICE_NOT_FOUND')
    const status = await service.findNoticeStatus(tenantOf(req).id, noticeId.toLowerCase())
    if (!status) throw notFound('NOTIFICATIONS.NOTICE_NOT_FOUND')
    return status
  })
}
