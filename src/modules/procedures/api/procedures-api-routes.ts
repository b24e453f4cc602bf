import type { FastifyInstance, FastifyReply, FastifyRequest, FastifySchema } from 'fastify'
import { apiKeyRoute, type ApiKeyPrincipal } from '../../../platform/auth/api-keys/index.js'
import { apiKeyRequired } from '../../../platform/auth/api-keys/api-key-errors.js'
import { tenantOf } from '../../../platform/http/pipeline.js'
import { AnswersInvalidError } from '../procedure-errors.js'
import { translateAnswerError } from '../form/form-fields.js'
import { sendProblem, type ProblemItem } from '../../../platform/http/api-requests.js'
import { CatalogueQuerySchema, IdempotencyKeySchema, requestIssues, SubmitApplicationSchema, type RequestIssue } from './procedures-api-schemas.js'
import type { ProceduresApiService } from './procedures-api-service.js'
import { getApplicationOperation, getProcedureOperation, listProceduresOperation, submitApplicationOperation } from './procedures-api-openapi.js'

function issueErrors(req: FastifyRequest, issues: RequestIssue[]): ProblemItem[] {
  return issues.map(issue => ({ ...issue, message: req.t('proceduresApi.errors.field', { path: issue.path }) }))
}

/** The pipeline has authenticated `auth: 'api-key'` routes before any handler runs. */
function apiKeyOf(req: FastifyRequest): ApiKeyPrincipal {
  if (!req.apiKey) throw apiKeyRequired('missing')
  return req.apiKey
}

const schema = (summary: string, operation: Record<string, unknown>) => ({ summary, tags: ['procedures'], operation }) as FastifySchema

/** `/api/v1/:tenant/…`: the catalogue, a procedure's form, submitting, and reading back a submission. */
export function registerProceduresApiRoutes(app: FastifyInstance, service: ProceduresApiService) {
  app.get('/api/v1/:tenant/procedures', { ...apiKeyRoute(app, 'procedures:read'), schema: schema('Published procedures (手続き一覧)', listProceduresOperation) }, async (req, reply) => {
    const tenant = tenantOf(req)
    const parsed = CatalogueQuerySchema.safeParse(req.query ?? {})
    if (!parsed.success) return sendProblem(req, reply, 400, 'PROCEDURES.INVALID_QUERY', 'proceduresApi.errors.invalidQuery', issueErrors(req, requestIssues(parsed.error)))
    return { procedures: await service.listCatalogue(tenant.id, parsed.data) }
  })

  app.get(
    '/api/v1/:tenant/procedures/:slug',
    { ...apiKeyRoute(app, 'procedures:read'), schema: schema('A procedure with its form (JSON Schema + UI schema)', getProcedureOperation) },
    async req => {
      const { slug } = req.params as { slug: string }
      return service.getProcedureForm(tenantOf(req).id, slug)
    },
  )

  app.post('/api/v1/:tenant/applications', { ...apiKeyRoute(app, 'applications:write'), schema: schema('Submit an application (申請)', submitApplicationOperation) }, async (req, reply) => {
    const tenant = tenantOf(req)
    const apiKey = apiKeyOf(req)
    const idempotencyKey = IdempotencyKeySchema.safeParse(req.headers['idempotency-key'])
    if (!idempotencyKey.success) return sendProblem(req, reply, 400, 'PROCEDURES.IDEMPOTENCY_KEY_REQUIRED', 'proceduresApi.errors.idempotencyKeyRequired', [])
    const body = SubmitApplicationSchema.safeParse(req.body)
    if (!body.success) return sendProblem(req, reply, 400, 'PROCEDURES.INVALID_REQUEST', 'proceduresApi.errors.invalidRequest', issueErrors(req, requestIssues(body.error)))
    try {
      const submission = await service.submitApplication(tenant, apiKey, body.data, req.body, idempotencyKey.data)
      if (submission.replayed) reply.header('idempotent-replayed', 'true')
      return reply.status(201).header('location', submission.body.links.status).send(submission.body)
    } catch (error) {
      if (!(error instanceof AnswersInvalidError)) throw error
      const errors = error.errors.map(e => ({ path: e.path, code: e.messageKey.replace(/^procedures\.validation\./, ''), message: translateAnswerError(e, req.locale, req.t) }))
      return sendProblem(req, reply, 422, error.code, error.messageKey, errors)
    }
  })

  app.get(
    '/api/v1/:tenant/applications/:receiptNumber',
    { ...apiKeyRoute(app, 'applications:read'), schema: schema('An application sent with this key: status, history, fee', getApplicationOperation) },
    async req => {
      const { receiptNumber } = req.params as { receiptNumber: string }
      return service.getApplicationStatus(tenantOf(req).id, apiKeyOf(req), receiptNumber)
    },
  )
}
