/**
 * The waiting-room page's decisions: which state a visitor sees and, for a newcomer while a queue
 * applies, the next first-come ticket (one counter UPDATE, nothing else stored).
 */
import { withTenant, type Db } from '../../../platform/db/tenant-context.js'
import type { LocalizedText, Resource } from '../reservation-tables.js'
import { findFacilityNames, findQueueResource, issueTicketNumber } from './queue-repository.js'
import {
  LOAD_TICKET_MAX_AGE_MS,
  beforeOpeningRefreshSeconds,
  estimatedWaitSeconds,
  isTicketAdmitted,
  isTicketCurrent,
  peopleAhead,
  queueMode,
  refreshSeconds,
} from './queue-rules.js'
import type { QueueTicket } from './queue-ticket.js'

interface Place {
  resource: Resource
  facilityNames: LocalizedText | undefined
}

export type WaitingRoomView =
  | (Place & { state: 'before-opening'; opensAt: Date; refreshSeconds: number | undefined })
  | (Place & { state: 'waiting'; ticket: QueueTicket; peopleAhead: number; waitSeconds: number; refreshSeconds: number })
  /** the visitor's turn has come, or nobody waits at the moment */
  | (Place & { state: 'admitted'; ticket: QueueTicket | undefined })

export interface WaitingRoomVisit {
  view: WaitingRoomView
  /** a ticket issued on this visit (the route sets it as the cookie), with its lifetime */
  issued?: { ticket: QueueTicket; maxAgeSeconds: number }
}

export interface Load {
  inFlight: number
  threshold: number
}

/** Undefined when the resource does not exist in this tenant or is not taking bookings. */
export async function visitWaitingRoom(db: Db, tenantId: string, resourceId: string, presented: QueueTicket | undefined, now: Date, load: Load, jitterSeconds: number): Promise<WaitingRoomVisit | undefined> {
  return withTenant(db, tenantId, async trx => {
    const resource = await findQueueResource(trx, tenantId, resourceId)
    if (!resource || resource.status !== 'active') return undefined
    const place: Place = { resource, facilityNames: (await findFacilityNames(trx, tenantId, resource.facilityId))?.names }
    const mode = queueMode(resource, now, load.inFlight, load.threshold)
    switch (mode.kind) {
      case 'none':
        return { view: { ...place, state: 'admitted', ticket: presented?.resourceId === resource.id ? presented : undefined } }
      case 'before-opening':
        return { view: { ...place, state: 'before-opening', opensAt: mode.opensAt, refreshSeconds: beforeOpeningRefreshSeconds(mode.opensAt, now, jitterSeconds) } }
      case 'rush':
      case 'load': {
        let ticket = presented && isTicketCurrent(presented, resource, mode, now) ? presented : undefined
        let issued: WaitingRoomVisit['issued']
        if (!ticket) {
          const epoch = mode.kind === 'rush' ? { kind: 'rush' as const, opensAt: new Date(mode.opensAtMs) } : { kind: 'load' as const, rushOpensAt: resource.opensAt }
          const next = await issueTicketNumber(trx, tenantId, resource.id, epoch, now)
          ticket = { resourceId: resource.id, opensAtMs: next.opensAt.getTime(), number: next.number, issuedAtMs: now.getTime() }
          issued = { ticket, maxAgeSeconds: ticketLifetimeSeconds(resource, mode.kind, now) }
        }
        const rate = resource.queueRatePerSecond
        if (isTicketAdmitted(ticket.number, ticket.opensAtMs, rate, now.getTime())) return { view: { ...place, state: 'admitted', ticket }, issued }
        const waitSeconds = estimatedWaitSeconds(ticket.number, ticket.opensAtMs, rate, now.getTime())
        return {
          view: { ...place, state: 'waiting', ticket, peopleAhead: peopleAhead(ticket.number, ticket.opensAtMs, rate, now.getTime()), waitSeconds, refreshSeconds: refreshSeconds(waitSeconds) },
          issued,
        }
      }
      default: {
        const unreachable: never = mode
        return unreachable
      }
    }
  })
}

/** A rush ticket lives until the rush is over (and a little after); a load ticket as long as it is honoured. */
function ticketLifetimeSeconds(resource: Resource, kind: 'rush' | 'load', now: Date): number {
  if (kind === 'rush' && resource.opensAt) {
    const end = resource.opensAt.getTime() + resource.queueMinutes * 60_000
    return Math.max(60, Math.ceil((end - now.getTime()) / 1000) + 600)
  }
  return LOAD_TICKET_MAX_AGE_MS / 1000
}
