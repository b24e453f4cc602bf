/** The waiting room: `GET /:tenant/reservations/queue/:resourceId` (public, no login needed to wait). */
import type { FastifyInstance } from 'fastify'
import { randomInt } from 'node:crypto'
import { notFound } from '../../../platform/errors.js'
import { tenantOf, isSecureCookie } from '../../../platform/http/pipeline.js'
import { isSafeReturnPath } from '../../../platform/http/params.js'
import { pageContext } from '../../../platform/views/page-context.js'
import type { ReservationDeps } from '../reservation-deps.js'
import { PUBLIC_BASE, uuidParam } from '../reservation-request.js'
import { bookingRequestsInFlight, queueLoadThreshold } from './queue-load.js'
import { visitWaitingRoom } from './queue-service.js'
import { queueTicketKey, signTicket, ticketCookieName, verifyTicket } from './queue-ticket.js'
import { WaitingRoomPage } from './queue-pages.js'

/** Up to this many seconds of random delay on the 受付開始前 page's refresh at the opening. */
const OPENING_JITTER_SECONDS = 3

export function registerQueueRoutes(app: FastifyInstance, deps: ReservationDeps): void {
  const { platform } = deps
  const key = () => queueTicketKey(platform.config.sessionSecret)

  app.get(`${PUBLIC_BASE}/queue/:resourceId`, { config: { auth: 'public' } }, async (req, reply) => {
    const tenant = tenantOf(req)
    const resourceId = uuidParam(req, 'resourceId')
    if (!resourceId) throw notFound('RESERVATIONS.NOT_FOUND')
    const query = req.query as { return?: unknown; refresh?: unknown }
    const onwards = isSafeReturnPath(tenant.slug, query.return) ? query.return : `/${tenant.slug}/reservations/resources/${resourceId}`
    const isRefreshOn = query.refresh !== 'off'
    const now = new Date()
    const cookieName = ticketCookieName(resourceId)
    const presented = verifyTicket(key(), req.cookies[cookieName])
    const visit = await visitWaitingRoom(
      platform.database.db,
      tenant.id,
      resourceId,
      presented,
      now,
      { inFlight: bookingRequestsInFlight(), threshold: queueLoadThreshold() },
      randomInt(0, OPENING_JITTER_SECONDS * 1000 + 1) / 1000,
    )
    if (!visit) throw notFound('RESERVATIONS.NOT_FOUND')
    if (visit.issued) {
      reply.setCookie(cookieName, signTicket(key(), visit.issued.ticket), {
        path: `/${tenant.slug}/reservations`,
        httpOnly: true,
        sameSite: 'lax',
        secure: isSecureCookie(platform),
        maxAge: visit.issued.maxAgeSeconds,
      })
    }
    const self = (refresh: boolean) => {
      const params = new URLSearchParams()
      if (onwards !== `/${tenant.slug}/reservations/resources/${resourceId}`) params.set('return', onwards)
      if (!refresh) params.set('refresh', 'off')
      const search = params.toString()
      return `/${tenant.slug}/reservations/queue/${resourceId}${search ? `?${search}` : ''}`
    }
    const refresh = visit.view.state === 'admitted' ? undefined : visit.view.refreshSeconds
    // The Refresh header is the HTTP form of <meta http-equiv="refresh">: the page updates itself without JavaScript.
    if (isRefreshOn && refresh !== undefined) reply.header('refresh', `${refresh}; url=${self(true)}`)
    reply.header('cache-control', 'no-store')
    return reply.html(
      <WaitingRoomPage
        ctx={pageContext(req)}
        view={visit.view}
        isRefreshOn={isRefreshOn}
        links={{ refreshNow: self(isRefreshOn), toggleRefresh: self(!isRefreshOn), onwards, search: `/${tenant.slug}/reservations` }}
      />,
    )
  })
}
