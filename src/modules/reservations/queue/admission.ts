/**
 * The virtual waiting room's gate, as the booking pages see it. On the hot path of a rush: it reads
 * the ticket cookie, checks its HMAC and does the admission arithmetic on the resource row the
 * caller already loaded — no database query (see queue-rules.ts for the rules).
 */
import type { FastifyRequest } from 'fastify'
import { tenantOf } from '../../../platform/http/pipeline.js'
import { isSafeReturnPath } from '../../../platform/http/params.js'
import type { ReservationDeps } from '../reservation-deps.js'
import type { Resource } from '../reservation-tables.js'
import { bookingRequestsInFlight, queueLoadThreshold } from './queue-load.js'
import { isAdmittedNow, queueMode } from './queue-rules.js'
import { queueTicketKey, ticketCookieName, verifyTicket } from './queue-ticket.js'

export type Admission =
  /** go on: no queue now for this resource, or the visitor's ticket has been admitted */
  | { isAdmitted: true }
  /** send the visitor to the waiting room (303 to `waitingRoomUrl`) */
  | { isAdmitted: false; waitingRoomUrl: string }

/**
 * Called by the slot page (GET) and the hold (POST) before any booking work: when the resource
 * is in its rush window or the booking path is over its load threshold, only visitors holding an
 * admitted, signed ticket for this resource pass. Before a queued opening (受付開始前) everyone is
 * sent to the waiting room, which shows the opening time.
 */
export async function checkAdmission(req: FastifyRequest, deps: ReservationDeps, resource: Resource, now: Date = new Date()): Promise<Admission> {
  const mode = queueMode(resource, now, bookingRequestsInFlight(), queueLoadThreshold())
  if (mode.kind === 'none') return { isAdmitted: true }
  const ticket = verifyTicket(queueTicketKey(deps.platform.config.sessionSecret), req.cookies[ticketCookieName(resource.id)])
  if (isAdmittedNow(resource, mode, ticket, now)) return { isAdmitted: true }
  return { isAdmitted: false, waitingRoomUrl: waitingRoomUrl(req, resource.id) }
}

/** The waiting room of a resource, with the page to come back to once admitted. */
export function waitingRoomUrl(req: FastifyRequest, resourceId: string): string {
  const tenant = tenantOf(req)
  const back = returnPathOf(req)
  const base = `/${tenant.slug}/reservations/queue/${resourceId}`
  return back && isSafeReturnPath(tenant.slug, back) ? `${base}?return=${encodeURIComponent(back)}` : base
}

/** A GET comes back to itself; a POST (the hold) to its slot's page, since the form must be shown again. */
function returnPathOf(req: FastifyRequest): string | undefined {
  if (req.method === 'GET') return req.url
  const slotId = (req.params as { slotId?: unknown } | undefined)?.slotId
  return typeof slotId === 'string' ? `/${tenantOf(req).slug}/reservations/slots/${encodeURIComponent(slotId)}` : undefined
}
