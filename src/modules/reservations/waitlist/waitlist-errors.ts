/**
 * Refusals of the waitlist: stable codes `RESERVATIONS.<REASON>` with a message safe to show a
 * resident (keys in waitlist-catalog.ts). Every one is a 4xx; nothing is written when one is thrown.
 */
import { AppError } from '../../../platform/errors.js'

const e = (kind: ConstructorParameters<typeof AppError>[0], reason: string, key: string, params: Record<string, string | number> = {}) =>
  new AppError(kind, `RESERVATIONS.${reason}`, `reservations.waitlist.errors.${key}`, params)

export const waitlistSlotNotFound = () => e('NOT_FOUND', 'NOT_FOUND', 'slotNotFound')
export const waitlistEntryNotFound = () => e('NOT_FOUND', 'NOT_FOUND', 'entryNotFound')
/** The resource takes no waitlist (waitlist_mode 'none'), or the slot is a lottery slot before its second round. */
export const waitlistNotOffered = () => e('UNPROCESSABLE', 'WAITLIST_NOT_OFFERED', 'notOffered')
/** The slot has started or is closed. */
export const waitlistSlotClosed = () => e('UNPROCESSABLE', 'SLOT_IN_PAST', 'slotClosed')
/** There are enough open seats: book the slot instead. */
export const seatsStillOpen = () => e('CONFLICT', 'SEATS_AVAILABLE', 'seatsOpen')
export const alreadyWaiting = () => e('CONFLICT', 'ALREADY_WAITING', 'alreadyWaiting')
export const alreadyBookedSlot = () => e('CONFLICT', 'ALREADY_BOOKED', 'alreadyBooked')
/** The entry is no longer waiting or offered (withdrawn twice, already claimed). */
export const entryNotActive = () => e('CONFLICT', 'STATE_CHANGED', 'notActive')
