/** SQL of the waiting room: the per-resource ticket counter (reservation_queue_counters). */
import { sql } from 'kysely'
import type { Transaction } from 'kysely'
import type { Database } from '../../../platform/db/schema.js'
import { reservationsDb, type Resource } from '../reservation-tables.js'
import { LOAD_EPISODE_IDLE_SECONDS } from './queue-rules.js'

export interface IssuedNumber {
  number: number
  opensAt: Date
}

/**
 * The next ticket number, in one statement (the row lock orders concurrent visitors first-come).
 * For a rush the numbering belongs to `opensAt`: a new opening starts again at 1. For a load
 * episode (`opensAt` undefined) the current episode goes on while tickets keep coming; after
 * LOAD_EPISODE_IDLE_SECONDS without one, or when the counter still holds the rush's opening, a new
 * episode starts now.
 */
export type TicketEpoch =
  /** the rush that opened at opensAt */
  | { kind: 'rush'; opensAt: Date }
  /** overload outside a rush; the resource's own opening (if any) is never a load episode */
  | { kind: 'load'; rushOpensAt: Date | null }

export async function issueTicketNumber(trx: Transaction<Database>, tenantId: string, resourceId: string, epoch: TicketEpoch, now: Date): Promise<IssuedNumber> {
  const isLoad = epoch.kind === 'load'
  const startsAt = epoch.kind === 'load' ? now : epoch.opensAt
  const rushOpensAt = epoch.kind === 'load' ? epoch.rushOpensAt : epoch.opensAt
  const keep = isLoad
    ? sql<boolean>`reservation_queue_counters.updated_at > ${new Date(now.getTime() - LOAD_EPISODE_IDLE_SECONDS * 1000)}::timestamptz
        AND reservation_queue_counters.opens_at IS DISTINCT FROM ${rushOpensAt}::timestamptz
        AND reservation_queue_counters.opens_at <= ${now}::timestamptz`
    : sql<boolean>`reservation_queue_counters.opens_at = excluded.opens_at`
  const row = await reservationsDb(trx)
    .insertInto('reservationQueueCounters')
    .values({ tenantId, resourceId, opensAt: startsAt, issued: 1, updatedAt: now })
    .onConflict(oc =>
      oc.columns(['tenantId', 'resourceId']).doUpdateSet({
        issued: sql<number>`CASE WHEN ${keep} THEN reservation_queue_counters.issued + 1 ELSE 1 END`,
        opensAt: sql<Date>`CASE WHEN ${keep} THEN reservation_queue_counters.opens_at ELSE excluded.opens_at END`,
        updatedAt: now,
      }),
    )
    .returning(['issued', 'opensAt'])
    .executeTakeFirstOrThrow()
  return { number: Number(row.issued), opensAt: row.opensAt }
}

/** The resource as the waiting room shows it (any status: a suspended one says so). */
export async function findQueueResource(trx: Transaction<Database>, tenantId: string, resourceId: string): Promise<Resource | undefined> {
  return reservationsDb(trx)
    .selectFrom('reservationResources')
    .selectAll()
    .where('tenantId', '=', tenantId)
    .where('id', '=', resourceId)
    .executeTakeFirst()
}

export async function findFacilityNames(trx: Transaction<Database>, tenantId: string, facilityId: string) {
  return reservationsDb(trx)
    .selectFrom('reservationFacilities')
    .select(['names'])
    .where('tenantId', '=', tenantId)
    .where('id', '=', facilityId)
    .executeTakeFirst()
}
