/** `GET /api/v1/{tenant}/alerts` and `GET /api/v1/{tenant}/alerts/{id}`: public evacuation information as JSON. */
import type { FastifyInstance, FastifySchema } from 'fastify'
import { z } from 'zod'
import type { Platform } from '../../../platform/platform.js'
import { withTenant } from '../../../platform/db/tenant-context.js'
import { disasterTenant } from '../disaster-deps.js'
import { sendProblem } from '../../../platform/http/api-requests.js'
import { json, problem, type Schema } from '../../../platform/http/openapi-parts.js'
import { listDistrictLabels } from '../../notifications/index.js'
import { HAZARDS } from '../cap/cap-evacuation.js'
import { findPublishedAlert, listCurrentAlerts, listPastAlerts } from './alert-service.js'
import { alertJson } from './alert-feeds.js'

const schema = (summary: string, operation: Record<string, unknown>) => ({ summary, tags: ['disaster'], operation }) as FastifySchema
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
export const MAX_PAST_DAYS = 90

const QuerySchema = z.object({
  status: z.enum(['current', 'past']).default('current'),
  days: z.coerce.number().int().min(1).max(MAX_PAST_DAYS).default(30),
})

const TEXT: Schema = { type: 'object', properties: { headline: { type: 'string' }, description: { type: 'string' }, instruction: { type: 'string' } } }
const ALERT: Schema = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    state: { type: 'string', enum: ['active', 'cancelled'] },
    isTraining: { type: 'boolean', description: '訓練 (drill): not a real emergency; its CAP status is Exercise.' },
    level: { type: 'integer', enum: [3, 4, 5], description: '警戒レベル: 3 高齢者等避難, 4 避難指示, 5 緊急安全確保.' },
    hazards: { type: 'array', items: { type: 'string', enum: [...HAZARDS] } },
    districts: { type: 'array', items: { type: 'object', properties: { code: { type: 'string' }, names: { type: 'object' } } } },
    texts: { type: 'object', properties: { ja: TEXT, 'ja-easy': TEXT, en: TEXT } },
    revision: { type: 'integer', description: 'Latest report (第N報).' },
    issuedAt: { type: ['string', 'null'], format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
    cancelledAt: { type: ['string', 'null'], format: 'date-time' },
    links: { type: 'object', properties: { page: { type: 'string', format: 'uri' }, cap: { type: 'string', format: 'uri', description: 'The latest CAP 1.2 document.' } } },
    revisions: { type: 'array', items: { type: 'object', properties: { revision: { type: 'integer' }, msgType: { type: 'string', enum: ['Alert', 'Update', 'Cancel'] }, level: { type: 'integer' }, issuedAt: { type: 'string', format: 'date-time' }, cap: { type: 'string', format: 'uri' } } } },
  },
}

export const listAlertsOperation = {
  description:
    'Evacuation information (避難情報) of the municipality: `current` — in force now; `past` — cancelled in the last `days` days. Public (no key), rate-limited. The same alerts are published as CAP 1.2 documents (`links.cap`, `/{tenant}/alerts/{id}/cap/{revision}.xml`) and as an Atom feed at `/{tenant}/alerts.atom`.',
  parameters: [
    { name: 'status', in: 'query', required: false, schema: { type: 'string', enum: ['current', 'past'], default: 'current' } },
    { name: 'days', in: 'query', required: false, description: 'With `past`: how far back.', schema: { type: 'integer', minimum: 1, maximum: MAX_PAST_DAYS, default: 30 } },
  ],
  responses: {
    '200': { description: 'Alerts, most severe and newest first', content: json({ type: 'object', properties: { status: { type: 'string' }, alerts: { type: 'array', items: ALERT } } }) },
    '400': problem('An unknown status or days out of range.'),
    '429': problem('Too many calls from this address this minute; see Retry-After.'),
  },
}

export const getAlertOperation = {
  description: 'One issued alert with every report (revision) and its CAP document. Drafts do not exist here.',
  parameters: [{ name: 'alertId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
  responses: { '200': { description: 'The alert', content: json(ALERT) }, '404': problem('No issued alert with this id in this municipality.') },
}

export function registerAlertsApi(app: FastifyInstance, platform: Platform): void {
  const { db } = platform.database
  const { publicUrl } = platform.config

  app.get('/api/v1/:tenant/alerts', { config: { auth: 'public' }, schema: schema('Evacuation information (避難情報)', listAlertsOperation) }, async (req, reply) => {
    const tenant = disasterTenant(req)
    const query = QuerySchema.safeParse(req.query ?? {})
    if (!query.success) return sendProblem(req, reply, 400, 'DISASTER.INVALID_QUERY', 'disaster.errors.alertsInvalidQuery')
    const body = await withTenant(db, tenant.id, async trx => {
      const alerts = query.data.status === 'current' ? await listCurrentAlerts(trx, tenant.id) : await listPastAlerts(trx, tenant.id, new Date(Date.now() - query.data.days * 86_400_000))
      const districts = new Map((await listDistrictLabels(trx, tenant.id)).map(d => [d.id, { code: d.code, names: d.names }]))
      return { status: query.data.status, alerts: alerts.map(alert => alertJson(publicUrl, tenant.slug, alert, districts)) }
    })
    return reply.header('cache-control', 'no-cache').send(body)
  })

  app.get('/api/v1/:tenant/alerts/:alertId', { config: { auth: 'public' }, schema: schema('One evacuation alert with its reports', getAlertOperation) }, async (req, reply) => {
    const tenant = disasterTenant(req)
    const alertId = (req.params as { alertId: string }).alertId
    const body = UUID.test(alertId)
      ? await withTenant(db, tenant.id, async trx => {
          const found = await findPublishedAlert(trx, tenant.id, alertId.toLowerCase())
          if (!found) return undefined
          const districts = new Map((await listDistrictLabels(trx, tenant.id)).map(d => [d.id, { code: d.code, names: d.names }]))
          return alertJson(publicUrl, tenant.slug, found.alert, districts, found.revisions)
        })
      : undefined
    if (!body) return sendProblem(req, reply, 404, 'DISASTER.ALERT_NOT_FOUND', 'disaster.errors.alertNotFound')
    return reply.header('cache-control', 'no-cache').send(body)
  })
}
