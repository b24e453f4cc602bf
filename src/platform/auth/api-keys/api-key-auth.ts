/**
 * How `auth: 'api-key'` routes are guarded. The pipeline resolves the presented key while the
 * request starts (onRequest), so the per-key rate limiter that runs next can count the request
 * in the key's own bucket; the preHandler then refuses a missing or dead key (401) or a key
 * without the route's scope (403).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify'
import type { Db } from '../../db/tenant-context.js'
import type { TenantContext } from '../../tenancy/tenant-service.js'
import { presentedApiKey, type ApiKeyRejection, type ApiKeyScope } from './api-key-format.js'
import { apiKeyRequired, apiKeyScopeMissing } from './api-key-errors.js'
import { authenticateApiKey } from './api-key-service.js'
import { registerApiKeyCatalog } from './api-key-catalog.js'

const rejections = new WeakMap<FastifyRequest, ApiKeyRejection>()

/** Called by the pipeline for `auth: 'api-key'` routes once the tenant is known. */
export async function resolveApiKey(req: FastifyRequest, db: Db, tenant: TenantContext): Promise<void> {
  const result = await authenticateApiKey(db, tenant, presentedApiKey(req.headers))
  if (result.ok) req.apiKey = result.apiKey
  else rejections.set(req, result.reason)
}

/**
 * The preHandler check: 401 with `WWW-Authenticate: Bearer` (RFC 6750) when there is no live key
 * of this municipality, 403 when the key lacks the route's scope.
 */
export function enforceApiKey(req: FastifyRequest, reply: FastifyReply, scope: ApiKeyScope | undefined): void {
  const key = req.apiKey
  if (!key) {
    const reason = rejections.get(req) ?? 'missing'
    // The reason helps whoever operates the kiosk; the response does not say which keys exist.
    req.log.info({ reason }, 'api key rejected')
    reply.header('www-authenticate', reason === 'missing' ? 'Bearer realm="yakuba"' : 'Bearer realm="yakuba", error="invalid_token"')
    throw apiKeyRequired(reason)
  }
  if (!scope) throw new Error(`route ${req.routeOptions.url ?? req.url} declares auth 'api-key' without a scope`)
  if (!key.scopes.includes(scope)) {
    reply.header('www-authenticate', `Bearer realm="yakuba", error="insufficient_scope", scope="${scope}"`)
    throw apiKeyScopeMissing(scope)
  }
}

/** Requests per minute for requests without a valid key (per client address, on API-key routes). */
export const UNAUTHENTICATED_API_LIMIT_PER_MINUTE = 60

const limiters = new WeakMap<FastifyInstance, onRequestAsyncHookHandler>()

/**
 * One rate limiter for every API-key route of an app, so a key has one bucket across the whole
 * API (a route-level `config.rateLimit` would give each route its own store). Its size is the
 * key's `rate_limit_per_minute`; requests without a valid key share a bucket per address.
 */
function apiKeyLimiter(app: FastifyInstance): onRequestAsyncHookHandler {
  let limiter = limiters.get(app)
  if (!limiter) {
    limiter = app.rateLimit({
      timeWindow: 60_000,
      keyGenerator: req => (req.apiKey ? `api-key:${req.apiKey.id}` : `api-anonymous:${req.ip}`),
      max: req => req.apiKey?.rateLimitPerMinute ?? UNAUTHENTICATED_API_LIMIT_PER_MINUTE,
    }) as onRequestAsyncHookHandler
    limiters.set(app, limiter)
  }
  return limiter
}

/**
 * Route options of an API-key route: auth and scope, no CSRF (no cookies are involved), and the
 * per-key rate limit instead of the global per-address one.
 *
 *   app.get('/api/v1/:tenant/procedures', { ...apiKeyRoute(app, 'procedures:read'), schema }, handler)
 */
export function apiKeyRoute(app: FastifyInstance, scope: ApiKeyScope) {
  registerApiKeyCatalog()
  return {
    config: { auth: 'api-key', scope, csrf: false, rateLimit: false } as const,
    onRequest: apiKeyLimiter(app),
  }
}
