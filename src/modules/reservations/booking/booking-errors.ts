/**
 * Refusals of the booking core: stable codes `RESERVATIONS.<REASON>` with a message safe to show a
 * resident (keys in booking-catalog.ts). Every one is a 4xx; nothing is written when one is thrown.
 */
import { AppError } from '../../../platform/errors.js'

const e = (kind: ConstructorParameters<typeof AppError>[0], reason: string, key: string, params: Record<string, string | number> = {}) =>
  new AppError(kind, `RESERVATIONS.${reason}`, `reservations.booking.errors.${key}`, params)

/** The slot (or the booking) does not exist in this tenant, or is not the resident's. */
export const bookingNotFound = () => e('NOT_FOUND', 'NOT_FOUND', 'notFound')
/** No seats left (the guarded UPDATE found too few), or the slot was closed meanwhile. */
export const slotTaken = () => e('CONFLICT', 'SLOT_TAKEN', 'slotTaken')
export const outsideWindow = (days: number) => e('UNPROCESSABLE', 'OUTSIDE_WINDOW', 'outsideWindow', { days })
/** Non-residents may not book this resource at all (non_resident_window_days = 0). */
export const residentsOnly = () => e('UNPROCESSABLE', 'OUTSIDE_WINDOW', 'residentsOnly')
export const tooLate = (hours: number) => e('UNPROCESSABLE', 'TOO_LATE', 'tooLate', { hours })
export const notOpenYet = () => e('UNPROCESSABLE', 'NOT_OPEN_YET', 'notOpenYet')
export const slotInPast = () => e('UNPROCESSABLE', 'SLOT_IN_PAST', 'slotInPast')
export const closedDay = () => e('UNPROCESSABLE', 'CLOSED_DAY', 'closedDay')
export const limitReached = (limit: number) => e('UNPROCESSABLE', 'LIMIT_REACHED', 'limitReached', { limit })
export const groupLimitReached = (limit: number) => e('UNPROCESSABLE', 'LIMIT_REACHED', 'groupLimitReached', { limit })
export const alreadyBooked = () => e('CONFLICT', 'ALREADY_BOOKED', 'alreadyBooked')
export const partyTooLarge = (max: number) => e('UNPROCESSABLE', 'PARTY_TOO_LARGE', 'partyTooLarge', { max })
export const invalidPartySize = () => e('UNPROCESSABLE', 'PARTY_TOO_LARGE', 'invalidPartySize')
export const purposeNotAllowed = () => e('UNPROCESSABLE', 'PURPOSE_NOT_ALLOWED', 'purposeNotAllowed')
export const exemptionNotAllowed = () => e('UNPROCESSABLE', 'EXEMPTION_NOT_ALLOWED', 'exemptionNotAllowed')
export const groupNotAllowed = () => e('UNPROCESSABLE', 'GROUP_NOT_ALLOWED', 'groupNotAllowed')
export const lotterySlot = () => e('UNPROCESSABLE', 'LOTTERY_SLOT', 'lotterySlot')
export const holdExpired = () => e('CONFLICT', 'HOLD_EXPIRED', 'holdExpired')
export const cancelDeadlinePassed = (hours: number) => e('UNPROCESSABLE', 'CANCEL_DEADLINE_PASSED', 'cancelDeadlinePassed', { hours })
export const idempotencyKeyReused = () => e('UNPROCESSABLE', 'IDEMPOTENCY_KEY_REUSED', 'idempotencyKeyReused')
/** The booking is not in a state where this step applies (e.g. paying a cancelled booking). */
export const bookingStateChanged = () => e('CONFLICT', 'STATE_CHANGED', 'stateChanged')
export const paymentRequired = () => e('UNPROCESSABLE', 'PAYMENT_REQUIRED', 'paymentRequired')
export const counterPaymentNotAllowed = () => e('UNPROCESSABLE', 'COUNTER_NOT_ALLOWED', 'counterNotAllowed')
export const rescheduleNotAllowed = () => e('UNPROCESSABLE', 'RESCHEDULE_NOT_ALLOWED', 'rescheduleNotAllowed')
export const rescheduleFeeDiffers = () => e('UNPROCESSABLE', 'RESCHEDULE_FEE_DIFFERS', 'rescheduleFeeDiffers')
export const invalidBookingInput = () => e('UNPROCESSABLE', 'INVALID_INPUT', 'invalidInput')
/** A resident whose account has no name (an email login) left the form's 氏名 empty. */
export const applicantNameRequired = () => e('UNPROCESSABLE', 'APPLICANT_NAME_REQUIRED', 'applicantNameRequired')
