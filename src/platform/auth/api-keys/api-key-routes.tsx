import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { z } from 'zod'
import { unauthenticated } from '../../errors.js'
import { tenantOf } from '../../http/pipeline.js'
import type { Translate } from '../../i18n/i18n.js'
import { pageContext } from '../../views/page-context.js'
import { ApiKeyCreatedPage, ApiKeysPage, type ApiKeyFieldErrors, type ApiKeyForm } from './api-key-pages.js'
import { API_KEY_FIELDS, createApiKeySchema, tokyoDate } from './api-key-schemas.js'
import type { ApiKeyService, StaffRequest } from './api-key-service.js'

const config = { auth: 'staff', permission: 'admin.api-keys' } as const
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

function staffRequest(req: FastifyRequest): StaffRequest {
  const tenant = tenantOf(req)
  if (!req.staff) throw unauthenticated('AUTH.STAFF_LOGIN_REQUIRED')
  return { tenant, actor: req.staff, requestId: req.id }
}

/** The posted form as strings (scopes as a list); anything missing or repeated oddly becomes ''. */
function readForm(body: unknown): Required<ApiKeyForm> {
  const source = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {}
  const text = (name: (typeof API_KEY_FIELDS)[number]) => (typeof source[name] === 'string' ? (source[name] as string) : '')
  const scopes = source.scopes
  return {
    name: text('name'),
    scopes: (Array.isArray(scopes) ? scopes : [scopes]).filter((s): s is string => typeof s === 'string').slice(0, 10),
    expiresOn: text('expiresOn'),
    rateLimitPerMinute: text('rateLimitPerMinute'),
  }
}

function fieldErrors(error: z.ZodError, t: Translate): ApiKeyFieldErrors {
  const out: ApiKeyFieldErrors = {}
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? 'name') as keyof ApiKeyFieldErrors
    out[field] ??= issue.message.startsWith('apiKeys.') ? t(issue.message) : t('apiKeys.errors.scopesRequired')
  }
  return out
}

/** APIキー: list, create (the key shown once), revoke. */
export function registerApiKeyRoutes(app: FastifyInstance, apiKeys: ApiKeyService) {
  app.get('/:tenant/staff/api-keys', { config }, async (req, reply) => {
    const list = await apiKeys.listApiKeys(staffRequest(req))
    const done = (req.query as { done?: unknown } | undefined)?.done
    return reply.html(<ApiKeysPage ctx={pageContext(req)} apiKeys={list} notice={done === 'revoked' ? req.t('apiKeys.done.revoked') : undefined} />)
  })

  app.post('/:tenant/staff/api-keys', { config }, async (req, reply) => {
    const staff = staffRequest(req)
    const form = readForm(req.body)
    const parsed = createApiKeySchema(tokyoDate()).safeParse(form)
    if (!parsed.success) {
      const list = await apiKeys.listApiKeys(staff)
      return reply.html(<ApiKeysPage ctx={pageContext(req)} apiKeys={list} form={form} errors={fieldErrors(parsed.error, req.t)} />, 422)
    }
    const created = await apiKeys.createApiKey(staff, parsed.data)
    // The only response that carries the key: no cache may keep it.
    reply.header('cache-control', 'no-store')
    return reply.html(<ApiKeyCreatedPage ctx={pageContext(req)} created={created} />, 201)
  })

  app.post('/:tenant/staff/api-keys/:id/revoke', { config }, async (req, reply) => {
    const { id } = req.params as { id: string }
    if (!UUID.test(id)) return reply.callNotFound()
    const staff = staffRequest(req)
    await apiKeys.revokeApiKey(staff, id)
    return reply.redirect(`/${staff.tenant.slug}/staff/api-keys?done=revoked`, 303)
  })
}
