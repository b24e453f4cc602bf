/**
 * Seats on a slot — THE guard against overbooking. Every module path that takes or gives back
 * seats goes through these functions, inside the caller's tenant-bound transaction.
 *
 * Taking is one guarded `UPDATE … SET remaining = remaining - n WHERE remaining >= n`: two
 * transactions racing for the last seat serialise on the row lock and the second sees 0 rows.
 * The table's CHECK (remaining BETWEEN 0 AND capacity) refuses any other path that would
 * overbook or over-return.
 */
import { sql, type Transaction } from 'kysely'
import type { Database } from '../../../platform/db/schema.js'
import { reservationsDb, type Slot } from '../reservation-tables.js'

/**
 * Takes `seats` from an open slot. Returns the slot after the update, or undefined when it has
 * too few seats left, is closed, or does not exist: the caller answers RESERVATIONS.SLOT_TAKEN.
 */
export async function takeSeats(trx: Transaction<Database>, tenantId: string, slotId: string, seats: number): Promise<Slot | undefined> {
  return reservationsDb(trx)
    .updateTable('reservationSlots')
    .set({ remaining: sql<number>`remaining - ${seats}`, updatedAt: new Date() })
    .where('tenantId', '=', tenantId)
    .where('id', '=', slotId)
    .where('status', '=', 'open')
    .where('remaining', '>=', seats)
    .returningAll()
    .executeTakeFirst()
}

/** Gives seats back to the slot's counter (no waitlist involved; see releaseSeats). */
export async function returnSeats(trx: Transaction<Database>, tenantId: string, slotId: string, seats: number): Promise<void> {
  await reservationsDb(trx)
    .updateTable('reservationSlots')
    .set({ remaining: sql<number>`remaining + ${seats}`, updatedAt: new Date() })
    .where('tenantId', '=', tenantId)
    .where('id', '=', slotId)
    .execute()
}

export interface FreedSeats {
  tenantId: string
  slotId: string
  seats: number
  /** why they were freed, for the waitlist notice */
  reason: 'cancelled' | 'expired' | 'released' | 'capacity'
  now: Date
}

/**
 * Decides what happens to freed seats before they return to the slot. Returns how many of them it
 * kept (a sequential waitlist holds them for the resident it offers them to); the rest go back.
 */
export type SeatsFreedHandler = (trx: Transaction<Database>, freed: FreedSeats) => Promise<number>

let seatsFreedHandler: SeatsFreedHandler | undefined

/** Installed once by the waitlist at module load (process-wide, like payment settlement handlers). */
export function onSeatsFreed(handler: SeatsFreedHandler | undefined): void {
  seatsFreedHandler = handler
}

/**
 * Frees seats of a booking that ended (cancelled, expired, released win): the waitlist may keep
 * them for an offer; the rest return to the slot. Same transaction as the status change.
 */
export async function releaseSeats(trx: Transaction<Database>, freed: FreedSeats): Promise<void> {
  const kept = seatsFreedHandler ? Math.max(0, Math.min(freed.seats, await seatsFreedHandler(trx, freed))) : 0
  if (freed.seats - kept > 0) await returnSeats(trx, freed.tenantId, freed.slotId, freed.seats - kept)
}
