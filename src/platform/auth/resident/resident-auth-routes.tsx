import type { FastifyInstance, FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { Platform } from '../../platform.js'
import { pageContext } from '../../views/page-context.js'
import { sendAnonymousPage } from '../../views/page-cache.js'
import { AppError, isAppError } from '../../errors.js'
import { RESIDENT_COOKIE, residentCookiePath, setResidentSessionCookie, isSecureCookie } from '../../http/pipeline.js'
import { LinkSentPage, LoginPage, VerifyLinkPage } from './resident-auth-pages.js'
import { safeReturnTo } from './resident-auth-service.js'

const OIDC_BINDING_COOKIE = 'yakuba_oidc'
const CALLBACK_PATH = '/auth/digital-auth/callback'

const EmailSchema = z.object({ email: z.string().trim().max(254).pipe(z.email()), return: z.string().max(500).optional() })

function meta(req: FastifyRequest) {
  return { userAgent: req.headers['user-agent'] ?? '', ip: req.ip, requestId: req.id, locale: req.locale }
}

/** Resident login: マイナンバーカード (OIDC) and email magic link; logout. */
export function registerResidentAuthRoutes(app: FastifyInstance, platform: Platform) {
  const { residentAuth } = platform
  const loginLimit = { rateLimit: { max: platform.config.LOGIN_RATE_LIMIT_PER_MINUTE, timeWindow: 60_000 } }

  app.get('/:tenant/login', { config: { auth: 'public' } }, async (req, reply) => {
    const tenant = req.tenant!
    const returnTo = safeReturnTo(tenant, (req.query as { return?: string }).return)
    const notice = (req.query as { loggedOut?: string }).loggedOut ? req.t('auth.logout.done') : undefined
    return sendAnonymousPage(req, reply, ctx => <LoginPage ctx={ctx} returnTo={returnTo} notice={notice} />)
  })

  app.post('/:tenant/login/card', { config: { auth: 'public', ...loginLimit } }, async (req, reply) => {
    const tenant = req.tenant!
    let started
    try {
      started = await residentAuth.beginCardLogin(tenant, (req.body as { return?: string } | undefined)?.return)
    } catch (error) {
      if (isAppError(error)) throw error
      req.log.warn({ err: { message: (error as Error).message } }, 'identity provider unavailable')
      throw new AppError('UNAVAILABLE', 'AUTH.PROVIDER_UNAVAILABLE', 'auth.errors.providerUnavailable')
    }
    // The browser carries which tenant and which attempt it started; the callback checks both.
    reply.setCookie(OIDC_BINDING_COOKIE, `${tenant.slug}.${started.binding}`, { path: CALLBACK_PATH, httpOnly: true, sameSite: 'lax', secure: isSecureCookie(platform), maxAge: 600 })
    return reply.redirect(started.url, 303)
  })

  app.get(CALLBACK_PATH, { config: { auth: 'public', ...loginLimit } }, async (req, reply) => {
    const cookie = req.cookies[OIDC_BINDING_COOKIE] ?? ''
    const dot = cookie.indexOf('.')
    const slug = dot > 0 ? cookie.slice(0, dot) : ''
    const tenant = slug ? await platform.tenants.findTenantBySlug(slug) : undefined
    if (!tenant) throw new AppError('UNAUTHENTICATED', 'AUTH.OIDC_BROWSER_MISMATCH', 'auth.errors.oidcFailed')
    req.tenant = tenant
    reply.clearCookie(OIDC_BINDING_COOKIE, { path: CALLBACK_PATH })
    const callbackUrl = new URL(req.url, platform.config.publicUrl)
    const { token, returnTo } = await residentAuth.completeCardLogin(tenant, callbackUrl, cookie.slice(dot + 1), meta(req))
    setResidentSessionCookie(reply, platform, tenant.slug, token)
    return reply.redirect(returnTo, 303)
  })

  app.post('/:tenant/login/email', { config: { auth: 'public', ...loginLimit } }, async (req, reply) => {
    const tenant = req.tenant!
    const parsed = EmailSchema.safeParse(req.body ?? {})
    if (!parsed.success) {
      const body = (req.body ?? {}) as { email?: unknown; return?: unknown }
      return reply.html(
        <LoginPage ctx={pageContext(req)} returnTo={safeReturnTo(tenant, body.return)} email={typeof body.email === 'string' ? body.email.slice(0, 254) : ''} emailError={req.t('auth.login.emailInvalid')} />,
        422,
      )
    }
    await residentAuth.requestMagicLink(tenant, parsed.data.email, parsed.data.return, meta(req))
    return reply.redirect(`/${tenant.slug}/login/email/sent`, 303)
  })

  app.get('/:tenant/login/email/sent', { config: { auth: 'public' } }, async (req, reply) => reply.html(<LinkSentPage ctx={pageContext(req)} />))

  app.get('/:tenant/login/email/verify', { config: { auth: 'public' } }, async (req, reply) => {
    const token = String((req.query as { token?: unknown }).token ?? '').slice(0, 100)
    return reply.html(<VerifyLinkPage ctx={pageContext(req)} token={token} />)
  })

  app.post('/:tenant/login/email/verify', { config: { auth: 'public', ...loginLimit } }, async (req, reply) => {
    const tenant = req.tenant!
    const token = String((req.body as { token?: unknown } | undefined)?.token ?? '').slice(0, 100)
    const { token: sessionToken, returnTo } = await residentAuth.consumeMagicLink(tenant, token, meta(req))
    setResidentSessionCookie(reply, platform, tenant.slug, sessionToken)
    return reply.redirect(returnTo, 303)
  })

  app.post('/:tenant/logout', { config: { auth: 'public' } }, async (req, reply) => {
    const tenant = req.tenant!
    if (req.residentSession && req.resident) await residentAuth.logout(tenant, req.residentSession.id, req.resident.id, req.id)
    reply.clearCookie(RESIDENT_COOKIE, { path: residentCookiePath(tenant.slug) })
    return reply.redirect(`/${tenant.slug}/login?loggedOut=1`, 303)
  })
}
