/**
 * Materialises slots from weekly templates and their exceptions, skipping closed days
 * (slot-plan.ts says what should exist; this file reads the rows and writes the difference).
 *
 * Idempotent: running it twice over the same dates changes nothing the second time. Safe while
 * residents book: capacity changes are one guarded UPDATE computed from the row's own seats
 * (never below the seats taken at that instant), and a slot closes only by an UPDATE that
 * requires it to be empty — a slot someone booked in between is reported, not closed.
 */
import { sql, type Transaction } from 'kysely'
import type { Database } from '../../../platform/db/schema.js'
import { addCalendarDays } from '../../../jp/calendar-date.js'
import { reservationsDb } from '../reservation-tables.js'
import { tokyoInstant } from '../reservation-time.js'
import { diffSlots, planSlots, type ExistingSlot } from './slot-plan.js'

export interface SlotGenerationResult {
  created: number
  /** capacity changed (never below the seats already taken) */
  updated: number
  /** closed because the day became closed or the template went (never a slot with live bookings: those are reported) */
  closed: number
  /** slots that should close but hold live bookings: staff must move or cancel them */
  conflicts: { slotId: string; startsAt: Date }[]
}

/** Longest range one call may cover (a little over a year). */
export const MAX_GENERATION_DAYS = 400
const INSERT_BATCH = 500

/**
 * Makes the resource's slots from `from` to `until` (Tokyo dates, both included) match its
 * templates, exceptions and closed days. Conflicts also list slots whose capacity could not be
 * lowered to the template's (more seats taken) or whose end time could not move (seats taken).
 */
export async function generateSlots(trx: Transaction<Database>, tenantId: string, resourceId: string, from: string, until: string): Promise<SlotGenerationResult> {
  if (until < from) return { created: 0, updated: 0, closed: 0, conflicts: [] }
  if (addCalendarDays(from, MAX_GENERATION_DAYS) <= until) throw new RangeError(`generateSlots: at most ${MAX_GENERATION_DAYS} days at once`)
  const db = reservationsDb(trx)
  const resource = await db.selectFrom('reservationResources').select(['id', 'facilityId']).where('tenantId', '=', tenantId).where('id', '=', resourceId).executeTakeFirst()
  if (!resource) throw new RangeError(`generateSlots: no resource ${resourceId}`)
  const facility = await db.selectFrom('reservationFacilities').select(['id', 'closedWeekdays', 'isClosedOnHolidays', 'isClosedYearEnd']).where('tenantId', '=', tenantId).where('id', '=', resource.facilityId).executeTakeFirstOrThrow()
  const closures = await db
    .selectFrom('reservationClosures')
    .select(['id', 'facilityId', 'resourceId', 'startsOn', 'endsOn', 'reasons'])
    .where('tenantId', '=', tenantId)
    .where('startsOn', '<=', until)
    .where('endsOn', '>=', from)
    .where(eb => eb.or([eb.and([eb('facilityId', 'is', null), eb('resourceId', 'is', null)]), eb('facilityId', '=', facility.id), eb('resourceId', '=', resourceId)]))
    .execute()
  const templates = await db
    .selectFrom('reservationSlotTemplates')
    .select(['weekdays', 'startTime', 'endTime', 'capacity', 'validFrom', 'validUntil'])
    .where('tenantId', '=', tenantId)
    .where('resourceId', '=', resourceId)
    .where('validFrom', '<=', until)
    .where(eb => eb.or([eb('validUntil', 'is', null), eb('validUntil', '>=', from)]))
    .execute()
  const exceptions = await db
    .selectFrom('reservationSlotExceptions')
    .select(['onDate', 'kind', 'startTime', 'endTime', 'capacity'])
    .where('tenantId', '=', tenantId)
    .where('resourceId', '=', resourceId)
    .where('onDate', '>=', from)
    .where('onDate', '<=', until)
    .execute()
  // A slot belongs to the Tokyo date it starts on.
  const existing: ExistingSlot[] = await db
    .selectFrom('reservationSlots')
    .select(['id', 'startsAt', 'endsAt', 'capacity', 'remaining', 'status', 'source', 'lotteryId'])
    .where('tenantId', '=', tenantId)
    .where('resourceId', '=', resourceId)
    .where('startsAt', '>=', tokyoInstant(from, '00:00'))
    .where('startsAt', '<', tokyoInstant(addCalendarDays(until, 1), '00:00'))
    .execute()

  const planned = planSlots({ facility, closures, resourceId, templates, exceptions, from, until })
  const diff = diffSlots(planned, existing)
  const result: SlotGenerationResult = { created: 0, updated: 0, closed: 0, conflicts: [...diff.conflicts] }
  const now = new Date()

  for (let index = 0; index < diff.inserts.length; index += INSERT_BATCH) {
    const batch = diff.inserts.slice(index, index + INSERT_BATCH)
    const inserted = await db
      .insertInto('reservationSlots')
      .values(batch.map(slot => ({ tenantId, resourceId, startsAt: slot.startsAt, endsAt: slot.endsAt, capacity: slot.capacity, remaining: slot.capacity, source: slot.source })))
      .onConflict(oc => oc.columns(['tenantId', 'resourceId', 'startsAt']).doNothing())
      .returning('id')
      .execute()
    result.created += inserted.length
  }

  for (const update of diff.updates) {
    // taken = capacity − remaining, read from the row being written, so a booking made since the
    // read above is counted: the new capacity is never below it.
    const capacity = sql<number>`greatest(${update.capacity}::integer, capacity - remaining)`
    let query = db
      .updateTable('reservationSlots')
      .set({ capacity, remaining: sql<number>`greatest(${update.capacity}::integer, capacity - remaining) - (capacity - remaining)`, endsAt: update.endsAt, source: update.source, status: 'open', updatedAt: now })
      .where('tenantId', '=', tenantId)
      .where('id', '=', update.slotId)
    // the end moves only while nobody holds a seat (someone may have booked since the read)
    if (update.endsAt.getTime() !== existing.find(row => row.id === update.slotId)?.endsAt.getTime()) query = query.where(eb => eb.or([eb('endsAt', '=', update.endsAt), eb('remaining', '=', eb.ref('capacity'))]))
    const changed = await query.executeTakeFirst()
    if (Number(changed.numUpdatedRows) > 0) {
      result.updated++
    } else {
      const slot = existing.find(row => row.id === update.slotId)
      if (slot && !result.conflicts.some(conflict => conflict.slotId === slot.id)) result.conflicts.push({ slotId: slot.id, startsAt: slot.startsAt })
    }
  }

  for (const slotId of diff.closes) {
    const closed = await db
      .updateTable('reservationSlots')
      .set({ status: 'closed', updatedAt: now })
      .where('tenantId', '=', tenantId)
      .where('id', '=', slotId)
      .where('status', '=', 'open')
      .whereRef('remaining', '=', 'capacity')
      .where('lotteryId', 'is', null)
      .returning(['id'])
      .executeTakeFirst()
    if (closed) {
      result.closed++
    } else {
      const slot = existing.find(row => row.id === slotId)
      if (slot) result.conflicts.push({ slotId, startsAt: slot.startsAt })
    }
  }
  result.conflicts.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())
  return result
}
