import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { AppError, forbidden, notFound, unauthenticated } from '../errors.js'
import { negotiateLocale, translator, LOCALES } from '../i18n/i18n.js'
import { withTenant } from '../db/tenant-context.js'
import { findLiveSession } from '../auth/sessions.js'
import { loadStaffPrincipal } from '../auth/staff/staff-auth-service.js'
import { enforceApiKey, resolveApiKey } from '../auth/api-keys/api-key-auth.js'
import type { Platform } from '../platform.js'
import { issueCsrfToken, verifyCsrf } from './csrf.js'

export const LOCALE_COOKIE = 'yakuba_locale'
export const RESIDENT_COOKIE = 'yakuba_resident'
export const STAFF_COOKIE = 'yakuba_staff'

export function residentCookiePath(slug: string) {
  return `/${slug}`
}
export function staffCookiePath(slug: string) {
  return `/${slug}/staff`
}

export function isSecureCookie(platform: Platform) {
  return platform.config.publicUrl.startsWith('https://')
}

function setSessionCookie(reply: FastifyReply, platform: Platform, name: string, path: string, token: string) {
  reply.setCookie(name, token, { path, httpOnly: true, sameSite: 'lax', secure: isSecureCookie(platform) })
}

export function setResidentSessionCookie(reply: FastifyReply, platform: Platform, slug: string, token: string) {
  setSessionCookie(reply, platform, RESIDENT_COOKIE, residentCookiePath(slug), token)
}
export function setStaffSessionCookie(reply: FastifyReply, platform: Platform, slug: string, token: string) {
  setSessionCookie(reply, platform, STAFF_COOKIE, staffCookiePath(slug), token)
}

export interface RouteDeclaration {
  method: string
  url: string
  auth: string
  permission?: string
}
const routeTables = new WeakMap<FastifyInstance, RouteDeclaration[]>()

/** Every route registered after the pipeline, with its declared auth (for the architecture test). */
export function routeTable(app: FastifyInstance): RouteDeclaration[] {
  return routeTables.get(app) ?? []
}

/**
 * The request pipeline every route goes through: tenant from the path, locale, sessions, the
 * route's declared auth, CSRF on state-changing requests.
 */
export function registerPipeline(app: FastifyInstance, platform: Platform) {
  const { config } = platform

  // A route without a declared auth is a programming error: refuse to start.
  const table: RouteDeclaration[] = []
  routeTables.set(app, table)
  app.addHook('onRoute', route => {
    if (!route.config?.auth) throw new Error(`route ${route.method} ${route.url} declares no auth (config.auth)`)
    if (route.config.auth === 'api-key' && !route.config.scope) throw new Error(`route ${route.method} ${route.url} declares auth 'api-key' without a scope`)
    table.push({ method: [route.method].flat().join(','), url: route.url, auth: route.config.auth, permission: route.config.permission })
  })

  // The CSRF token is issued on first use (a page that renders a form), not on every request:
  // pages without forms, assets and APIs then set no cookie and spend no HMAC.
  const replies = new WeakMap<FastifyRequest, FastifyReply>()
  const tokens = new WeakMap<FastifyRequest, string>()
  const secureCookie = isSecureCookie(platform)
  app.decorateRequest('csrfToken', {
    getter(this: FastifyRequest) {
      const cached = tokens.get(this)
      if (cached !== undefined) return cached
      const reply = replies.get(this)
      if (!reply) return ''
      const token = issueCsrfToken(this, reply, config.sessionSecret, secureCookie)
      tokens.set(this, token)
      return token
    },
  })

  app.addHook('onRequest', async (req, reply) => {
    replies.set(req, reply)
    const slug = (req.params as { tenant?: string } | undefined)?.tenant
    if (slug !== undefined) {
      const tenant = await platform.tenants.findTenantBySlug(slug)
      if (!tenant) {
        req.locale = negotiateLocale({ cookie: req.cookies[LOCALE_COOKIE], acceptLanguage: req.headers['accept-language'], enabled: LOCALES })
        req.t = translator(req.locale)
        throw notFound('TENANCY.UNKNOWN_TENANT')
      }
      req.tenant = tenant
    }
    req.locale = negotiateLocale({
      choice: (req.query as { lang?: string } | undefined)?.lang,
      cookie: req.cookies[LOCALE_COOKIE],
      acceptLanguage: req.headers['accept-language'],
      enabled: req.tenant?.settings.languages ?? LOCALES,
    })
    req.t = translator(req.locale)

    const tenant = req.tenant
    if (!tenant) return
    // API-key routes authenticate by header only (no cookies); resolved here, before the per-key rate limiter.
    if (req.routeOptions.config.auth === 'api-key') return resolveApiKey(req, platform.database.db, tenant)
    const residentToken = req.cookies[RESIDENT_COOKIE]
    const staffToken = req.url.startsWith(`/${tenant.slug}/staff`) ? req.cookies[STAFF_COOKIE] : undefined
    if (!residentToken && !staffToken) return
    await withTenant(platform.database.db, tenant.id, async trx => {
      if (residentToken) {
        const session = await findLiveSession(trx, config, 'resident', residentToken)
        if (session?.residentId) {
          const resident = await trx.selectFrom('residents').select(['id', 'displayName']).where('tenantId', '=', tenant.id).where('id', '=', session.residentId).executeTakeFirst()
          if (resident) {
            req.residentSession = session
            req.resident = { id: resident.id, displayName: resident.displayName, assurance: session.assurance }
          }
        }
      }
      if (staffToken) {
        const session = await findLiveSession(trx, config, 'staff', staffToken)
        if (session?.staffUserId) {
          const staff = await loadStaffPrincipal(trx, tenant.id, session.staffUserId)
          if (staff) {
            req.staffSession = session
            if (session.stage === 'complete') req.staff = staff
          }
        }
      }
    })
  })

  // NUL characters are never legitimate text, and PostgreSQL refuses them in text columns.
  app.addHook('preValidation', async req => {
    if (containsNul(req.body) || containsNul(req.query)) throw new AppError('BAD_REQUEST', 'PLATFORM.INVALID_CHARACTERS', 'errors.invalidCharacters')
  })

  app.addHook('preHandler', async (req: FastifyRequest, reply: FastifyReply) => {
    const { auth, permission, csrf, scope } = req.routeOptions.config
    switch (auth) {
      case 'public':
      case undefined:
        break
      case 'resident':
        if (!req.resident) throw new AppError('UNAUTHENTICATED', 'AUTH.RESIDENT_LOGIN_REQUIRED', 'errors.loginRequired')
        break
      case 'staff-login':
        if (!req.staffSession || req.staffSession.stage === 'complete') throw unauthenticated('AUTH.STAFF_LOGIN_REQUIRED')
        break
      case 'staff':
        if (!req.staff) throw unauthenticated('AUTH.STAFF_LOGIN_REQUIRED')
        if (permission && !req.staff.permissions.has(permission)) throw forbidden('AUTH.PERMISSION_DENIED')
        break
      case 'api-key':
        enforceApiKey(req, reply, scope)
        break
      default: {
        const exhaustive: never = auth
        throw new Error(`unknown auth ${String(exhaustive)}`)
      }
    }
    const method = req.method
    // API keys come in a header a cross-site form cannot set: CSRF tokens protect cookie sessions only.
    if (csrf !== false && auth !== 'api-key' && method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS') verifyCsrf(req, config.sessionSecret)
  })
}

function containsNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000')
  if (depth > 5 || !value || typeof value !== 'object') return false
  return Object.values(value as Record<string, unknown>).some(v => containsNul(v, depth + 1))
}

/** The tenant of a `/:tenant/…` route (resolved by the pipeline before any handler runs). */
export function tenantOf(req: FastifyRequest) {
  if (!req.tenant) throw notFound('TENANCY.UNKNOWN_TENANT')
  return req.tenant
}
