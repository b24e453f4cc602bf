import { randomUUID } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify'
import cookie from '@fastify/cookie'
import formbody from '@fastify/formbody'
import rateLimit from '@fastify/rate-limit'
import fastifyStatic from '@fastify/static'
import type { Child } from 'hono/jsx'
import { AppError, isAppError } from './platform/errors.js'
import { hmac } from './platform/crypto.js'
import { translator, negotiateLocale, LOCALES } from './platform/i18n/i18n.js'
import { registerPipeline } from './platform/http/pipeline.js'
import { ErrorPage } from './platform/http/error-pages.js'
import { pageContext } from './platform/views/page-context.js'
import type { Platform } from './platform/platform.js'
import { registerPlatformCatalogs } from './platform/i18n/catalogs/index.js'
import { registerOpsRoutes } from './platform/http/ops-routes.js'
import { registerResidentAuthRoutes } from './platform/auth/resident/resident-auth-routes.js'
import { registerStaffAuthRoutes } from './platform/auth/staff/staff-auth-routes.js'
import { registerDevMailRoutes } from './platform/notify/dev-mail-routes.js'
import { registerPortal } from './modules/portal/index.js'
import { registerAdmin } from './modules/admin/index.js'
import { mountFakePaymentProvider, registerPayments } from './modules/payments/index.js'
import { registerProcedures } from './modules/procedures/index.js'
import { registerNotifications } from './modules/notifications/index.js'
import { registerReservations } from './modules/reservations/index.js'
import { registerDisaster } from './modules/disaster/index.js'
import { registerApiRoutes } from './platform/http/api-routes.js'
import { collectApiRoutes } from './platform/http/openapi.js'
import { registerSecurityHeaders, securityHeaders } from './platform/http/security-headers.js'
import { registerMultipartForms } from './platform/files/multipart.js'
import { configureMapTiles, mapTileOrigin, mapTiles } from './platform/views/map-tiles.js'
import { registerApiKeyPages } from './platform/auth/api-keys/index.js'

const PUBLIC_DIR = fileURLToPath(new URL('../public/', import.meta.url))

export interface BuildAppOptions {
  /** Which surfaces this listener serves (三層分離: the staff console on its own listener). */
  surface?: 'all' | 'public' | 'staff'
}

/** Builds the HTTP app on a platform. Never listens: main.ts and tests decide that. */
export async function buildApp(platform: Platform, options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const { config } = platform
  registerPlatformCatalogs()
  const app = Fastify({
    loggerInstance: platform.logger.child({ component: 'http' }),
    bodyLimit: config.BODY_LIMIT_BYTES,
    trustProxy: config.TRUST_PROXY,
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    routerOptions: { maxParamLength: 200 },
  }) as unknown as FastifyInstance // the pino child logger type is narrower than FastifyBaseLogger

  app.decorateReply('html', async function (this: FastifyReply, node: Child, status = 200) {
    const rendered = await (node as { toString(): string | Promise<string> }).toString()
    return this.status(status).type('text/html; charset=utf-8').send(Buffer.from(`<!DOCTYPE html>${rendered}`))
  })

  configureMapTiles({ url: config.MAP_TILE_URL, attributionUrl: config.MAP_TILE_ATTRIBUTION_URL })
  registerSecurityHeaders(
    app,
    securityHeaders({
      https: config.publicUrl.startsWith('https://'),
      extraFormActions: config.DIGITAL_AUTH_ISSUER ? [new URL(config.DIGITAL_AUTH_ISSUER).origin] : [],
      tileOrigin: mapTileOrigin(mapTiles().url),
    }),
  )
  await app.register(cookie, { secret: config.sessionSecret })
  await app.register(formbody, { bodyLimit: config.BODY_LIMIT_BYTES })
  // multipart/form-data (forms with files): before registerPipeline, so `_csrf` is in req.body for its CSRF check
  await registerMultipartForms(app, config)
  await app.register(rateLimit, {
    max: config.RATE_LIMIT_PER_MINUTE,
    timeWindow: 60_000,
    // x-ratelimit-* on every page cost header writes for nobody; a 429 still says retry-after.
    addHeadersOnExceeding: { 'x-ratelimit-limit': false, 'x-ratelimit-remaining': false, 'x-ratelimit-reset': false },
    errorResponseBuilder: () => new AppError('TOO_MANY_REQUESTS', 'PLATFORM.RATE_LIMITED', 'errors.rateLimited'),
  })
  await app.register(fastifyStatic, { root: PUBLIC_DIR, prefix: '/static/', maxAge: config.isProduction ? '7d' : 0, decorateReply: false })

  collectApiRoutes(app)
  registerPipeline(app, platform)
  registerErrorHandling(app, platform)

  const surface = options.surface ?? 'all'
  registerOpsRoutes(app, platform)
  if (surface !== 'staff') {
    registerApiRoutes(app, platform)
    registerPortal(app, platform)
    registerResidentAuthRoutes(app, platform)
    if (platform.devIdp) {
      // Imported only when enabled: production never loads the development identity provider.
      const { createDevIdentityProvider } = await import('./platform/auth/dev-idp/dev-idp.js')
      const { mountDevIdentityProvider } = await import('./platform/auth/dev-idp/mount.js')
      const { testCards } = await import('./platform/auth/dev-idp/test-cards.js')
      const idp = createDevIdentityProvider({
        issuer: platform.devIdp.issuer,
        clients: [{ clientId: platform.devIdp.clientId, redirectUris: [platform.devIdp.redirectUri], jwks: { keys: [platform.devIdp.publicJwk] } }],
        cards: testCards,
        cookieKeys: [hmac(config.sessionSecret, 'dev-idp-cookies')],
      })
      await mountDevIdentityProvider(app, idp, '/dev-idp')
    }
  }
  if (surface !== 'public') {
    registerStaffAuthRoutes(app, platform)
    registerAdmin(app, platform)
    registerApiKeyPages(app, platform)
  }
  if (config.devMailbox) registerDevMailRoutes(app, platform)
  const payments = registerPayments(app, platform, { public: surface !== 'staff', staff: surface !== 'public' })
  registerProcedures(app, platform, { public: surface !== 'staff', staff: surface !== 'public' })
  await registerNotifications(app, platform, { public: surface !== 'staff', staff: surface !== 'public' })
  registerReservations(app, platform, payments, { public: surface !== 'staff', staff: surface !== 'public' })
  registerDisaster(app, platform, { public: surface !== 'staff', staff: surface !== 'public' })
  if (config.paymentProvider === 'fake' && surface !== 'staff') await mountFakePaymentProvider(app, platform)
  return app
}

function wantsJson(req: FastifyRequest) {
  return req.url.startsWith('/api/') || (req.headers.accept ?? '').includes('application/json') && !(req.headers.accept ?? '').includes('text/html')
}

function ensureRequestLocale(req: FastifyRequest) {
  if (!req.t) {
    req.locale = negotiateLocale({ acceptLanguage: req.headers['accept-language'], enabled: LOCALES })
    req.t = translator(req.locale)
  }
}

/** One place maps errors to problem+json or a translated page. Unknown errors never leak. */
function registerErrorHandling(app: FastifyInstance, platform: Platform) {
  app.setErrorHandler(async (error: FastifyError, req, reply) => {
    ensureRequestLocale(req)
    let status: number
    let code: string
    let messageKey: string
    let params: Record<string, string | number> = {}
    if (isAppError(error)) {
      status = error.status
      code = error.code
      messageKey = error.messageKey
      params = error.params
    } else if (error.statusCode === 413 || error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      status = 413
      code = 'PLATFORM.PAYLOAD_TOO_LARGE'
      messageKey = 'errors.payloadTooLarge'
    } else if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      status = error.statusCode === 429 ? 429 : error.statusCode === 415 ? 415 : 400
      code = status === 429 ? 'PLATFORM.RATE_LIMITED' : status === 415 ? 'PLATFORM.UNSUPPORTED_MEDIA_TYPE' : 'PLATFORM.BAD_REQUEST'
      messageKey = status === 429 ? 'errors.rateLimited' : 'errors.badRequest'
    } else {
      status = 500
      code = 'PLATFORM.INTERNAL'
      messageKey = 'errors.internal'
      req.log.error({ err: error, requestId: req.id }, 'unhandled error')
    }
    if ((code === 'AUTH.RESIDENT_LOGIN_REQUIRED' || code === 'AUTH.STAFF_LOGIN_REQUIRED') && !wantsJson(req) && req.method === 'GET' && req.tenant) {
      const loginPath = req.url.startsWith(`/${req.tenant.slug}/staff`) ? `/${req.tenant.slug}/staff/login` : `/${req.tenant.slug}/login?return=${encodeURIComponent(req.url)}`
      return reply.redirect(loginPath, 303)
    }
    if (status === 429) reply.header('retry-after', '60')
    if (wantsJson(req)) {
      return reply
        .status(status)
        .type('application/problem+json')
        .send({ type: `https://yakuba.example/problems/${code.toLowerCase().replace(/\./g, '/')}`, title: req.t(messageKey, params), status, code, instance: req.url.split('?')[0], requestId: req.id })
    }
    return reply.html(<ErrorPage ctx={pageContext(req)} status={status} messageKey={messageKey} params={params} requestId={req.id} />, status)
  })

  app.setNotFoundHandler(async (req, reply) => {
    ensureRequestLocale(req)
    if (wantsJson(req))
      return reply.status(404).type('application/problem+json').send({ type: 'https://yakuba.example/problems/platform/not_found', title: req.t('errors.notFound'), status: 404, code: 'PLATFORM.NOT_FOUND', requestId: req.id })
    return reply.html(<ErrorPage ctx={pageContext(req)} status={404} messageKey="errors.notFound" requestId={req.id} />, 404)
  })
  void platform
}
