import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Platform } from '../../platform.js'
import { pageContext } from '../../views/page-context.js'
import { sendAnonymousPage } from '../../views/page-cache.js'
import { isAppError } from '../../errors.js'
import { STAFF_COOKIE, setStaffSessionCookie, staffCookiePath, tenantOf } from '../../http/pipeline.js'
import { EnrolPage, MfaPage, RecoveryCodesPage, SessionsPage, StaffLoginPage } from './staff-auth-pages.js'
import { unauthenticated } from '../../errors.js'
import { isUuid } from '../../http/params.js'

function meta(req: FastifyRequest) {
  return { userAgent: req.headers['user-agent'] ?? '', ip: req.ip, requestId: req.id }
}

function field(body: unknown, name: string, max = 300): string {
  const value = (body as Record<string, unknown> | undefined)?.[name]
  return typeof value === 'string' ? value.slice(0, max) : ''
}

function pendingSession(req: FastifyRequest) {
  if (!req.staffSession || req.staffSession.stage === 'complete') throw unauthenticated('AUTH.STAFF_LOGIN_REQUIRED')
  return req.staffSession
}

/** Staff login (password → TOTP enrolment or code), own sessions, logout. */
export function registerStaffAuthRoutes(app: FastifyInstance, platform: Platform) {
  const { staffAuth } = platform
  const loginLimit = { rateLimit: { max: platform.config.LOGIN_RATE_LIMIT_PER_MINUTE, timeWindow: 60_000 } }

  app.get('/:tenant/staff/login', { config: { auth: 'public' } }, async (req, reply) => {
    if (req.staff) return reply.redirect(`/${tenantOf(req).slug}/staff`, 303)
    return sendAnonymousPage(req, reply, ctx => <StaffLoginPage ctx={ctx} />)
  })

  app.post('/:tenant/staff/login', { config: { auth: 'public', ...loginLimit } }, async (req, reply) => {
    const tenant = tenantOf(req)
    const email = field(req.body, 'email', 254)
    const password = field(req.body, 'password', 256)
    if (!email || !password) return reply.html(<StaffLoginPage ctx={pageContext(req)} email={email} error={req.t('staffAuth.login.required')} />, 422)
    try {
      const { token, stage } = await staffAuth.loginWithPassword(tenant, email, password, meta(req))
      setStaffSessionCookie(reply, platform, tenant.slug, token)
      return reply.redirect(`/${tenant.slug}/staff/mfa${stage === 'mfa_enrol' ? '/enrol' : ''}`, 303)
    } catch (error) {
      if (!isAppError(error)) throw error
      return reply.html(<StaffLoginPage ctx={pageContext(req)} email={email} error={req.t(error.messageKey)} />, error.status)
    }
  })

  app.get('/:tenant/staff/mfa/enrol', { config: { auth: 'staff-login' } }, async (req, reply) => {
    const enrolment = await staffAuth.beginEnrolment(tenantOf(req), pendingSession(req))
    return reply.html(<EnrolPage ctx={pageContext(req)} qrSvg={enrolment.qrSvg} secret={enrolment.secret} />)
  })

  app.post('/:tenant/staff/mfa/enrol', { config: { auth: 'staff-login', ...loginLimit } }, async (req, reply) => {
    const tenant = tenantOf(req)
    const session = pendingSession(req)
    try {
      const { token, recoveryCodes } = await staffAuth.confirmEnrolment(tenant, session, field(req.body, 'code', 20), meta(req))
      setStaffSessionCookie(reply, platform, tenant.slug, token)
      reply.header('cache-control', 'no-store')
      return reply.html(<RecoveryCodesPage ctx={pageContext(req)} codes={recoveryCodes} />)
    } catch (error) {
      if (!isAppError(error) || error.code !== 'AUTH.INVALID_CODE') throw error
      const enrolment = await staffAuth.beginEnrolment(tenant, session)
      return reply.html(<EnrolPage ctx={pageContext(req)} qrSvg={enrolment.qrSvg} secret={enrolment.secret} error={req.t(error.messageKey)} />, 422)
    }
  })

  app.get('/:tenant/staff/mfa', { config: { auth: 'staff-login' } }, async (req, reply) => reply.html(<MfaPage ctx={pageContext(req)} />))

  app.post('/:tenant/staff/mfa', { config: { auth: 'staff-login', ...loginLimit } }, async (req, reply) => {
    const tenant = tenantOf(req)
    try {
      const { token } = await staffAuth.verifyMfa(tenant, pendingSession(req), field(req.body, 'code', 40), meta(req))
      setStaffSessionCookie(reply, platform, tenant.slug, token)
      return reply.redirect(`/${tenant.slug}/staff`, 303)
    } catch (error) {
      if (!isAppError(error)) throw error
      return reply.html(<MfaPage ctx={pageContext(req)} error={req.t(error.messageKey)} />, error.status)
    }
  })

  app.get('/:tenant/staff/sessions', { config: { auth: 'staff' } }, async (req, reply) => {
    const tenant = tenantOf(req)
    const staff = req.staff!  // auth: 'staff' guarantees it (pipeline preHandler)
    const sessions = await staffAuth.listOwnSessions(tenant, staff.id)
    const notice = (req.query as { revoked?: string }).revoked ? req.t('staffAuth.sessions.revoked') : undefined
    return reply.html(<SessionsPage ctx={pageContext(req)} sessions={sessions} currentId={req.staffSession?.id} notice={notice} />)
  })

  app.post('/:tenant/staff/sessions/:sessionId/revoke', { config: { auth: 'staff' } }, async (req, reply) => {
    const tenant = tenantOf(req)
    const { sessionId } = req.params as { sessionId: string }
    if (!isUuid(sessionId)) return reply.callNotFound()
    await staffAuth.revokeOwnSession(tenant, req.staff!.id /* auth: 'staff' */, sessionId, req.id)
    return reply.redirect(`/${tenant.slug}/staff/sessions?revoked=1`, 303)
  })

  app.post('/:tenant/staff/logout', { config: { auth: 'public' } }, async (req, reply) => {
    const tenant = tenantOf(req)
    if (req.staffSession) await staffAuth.logout(tenant, req.staffSession, req.id)
    reply.clearCookie(STAFF_COOKIE, { path: staffCookiePath(tenant.slug) })
    return reply.redirect(`/${tenant.slug}/staff/login`, 303)
  })
}
