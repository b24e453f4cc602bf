/**
 * Refusals of the staff desk: stable codes `RESERVATIONS.<REASON>` with a message staff can act on
 * (keys in desk-catalog.ts). All 4xx; nothing is written when one is thrown.
 */
import { AppError } from '../../../platform/errors.js'
import type { CheckInRefusal } from './desk-rules.js'

const e = (kind: ConstructorParameters<typeof AppError>[0], reason: string, key: string, params: Record<string, string | number> = {}) =>
  new AppError(kind, `RESERVATIONS.${reason}`, `reservations.desk.errors.${key}`, params)

/** What was typed cannot be a check-in code (wrong length, characters the codes never use). */
export const checkInCodeMalformed = () => e('UNPROCESSABLE', 'CHECK_IN_CODE_MALFORMED', 'codeMalformed')
/** No booking of this municipality has this code. */
export const checkInCodeUnknown = () => e('NOT_FOUND', 'CHECK_IN_CODE_UNKNOWN', 'codeUnknown')

const REFUSAL_CODES: Record<CheckInRefusal, string> = {
  'already-checked-in': 'ALREADY_CHECKED_IN',
  cancelled: 'BOOKING_CANCELLED',
  expired: 'BOOKING_EXPIRED',
  'not-paid': 'NOT_PAID',
  'not-confirmed': 'NOT_CONFIRMED',
  'no-show': 'MARKED_NO_SHOW',
}
const REFUSAL_KEYS: Record<CheckInRefusal, string> = {
  'already-checked-in': 'alreadyCheckedIn',
  cancelled: 'bookingCancelled',
  expired: 'bookingExpired',
  'not-paid': 'notPaid',
  'not-confirmed': 'notConfirmed',
  'no-show': 'markedNoShow',
}

/** The booking exists but is not one to check in: already used, cancelled, unpaid … (409). */
export const checkInRefused = (refusal: CheckInRefusal) => e('CONFLICT', REFUSAL_CODES[refusal], REFUSAL_KEYS[refusal])
/** Checking in on another day than the slot's needs the explicit confirmation box. */
export const otherDayNotConfirmed = () => e('UNPROCESSABLE', 'CHECK_IN_OTHER_DAY', 'otherDay')
/** A no-show is recorded only for a confirmed booking whose slot has begun. */
export const noShowTooEarly = () => e('CONFLICT', 'NO_SHOW_TOO_EARLY', 'noShowTooEarly')
export const noShowNotConfirmed = () => e('CONFLICT', 'STATE_CHANGED', 'noShowNotConfirmed')
/** Counter payment is confirmed only for a booking awaiting payment at the counter. */
export const notAwaitingCounterPayment = () => e('CONFLICT', 'NOT_AWAITING_COUNTER_PAYMENT', 'notAwaitingCounterPayment')
/** The chosen resident account is not there (deleted meanwhile, or a tampered form). */
export const residentNotFound = () => e('UNPROCESSABLE', 'RESIDENT_NOT_FOUND', 'residentNotFound')
/** The report file exists in UTF-8 and Shift_JIS only. */
export const unknownEncoding = () => e('UNPROCESSABLE', 'UNKNOWN_ENCODING', 'unknownEncoding')
