/**
 * Pure rules of the staff desk: reading what staff type (check-in codes, references, phone
 * numbers, dates), when a booking may be checked in or marked as a no-show, and the time bands
 * of the utilisation report. No I/O here; desk-rules.test.ts covers every rule.
 */
import { addCalendarDays, findIsoDateParts, toDayOfWeek } from '../../../jp/calendar-date.js'
import { REFERENCE_ALPHABET, normaliseTypedCode } from '../reservation-reference.js'
import type { ReservationStatus } from '../reservation-tables.js'
import { tokyoDate } from '../reservation-time.js'

const CODE_CHAR = `[${REFERENCE_ALPHABET}]`
const CHECK_IN_CODE = new RegExp(`^${CODE_CHAR}{10}$`)
const REFERENCE_BODY = new RegExp(`^R?(${CODE_CHAR}{9})$`)

/**
 * The check-in code in what staff typed or a scanner typed: the code itself in any case, with
 * spaces or hyphens, in full-width characters, or the permit's whole QR address
 * (`…/staff/reservations/check-in?code=…`, which a USB QR scanner types like a keyboard).
 * Undefined when it cannot be a code (wrong length or a character the codes never use).
 */
export function parseCheckInCode(typed: string): string | undefined {
  const folded = typed.normalize('NFKC').trim()
  const fromUrl = /[?&]code=([^&#\s]+)/i.exec(folded)
  let raw = folded
  if (fromUrl?.[1]) {
    try {
      raw = decodeURIComponent(fromUrl[1])
    } catch {
      return undefined
    }
  }
  const code = normaliseTypedCode(raw)
  return CHECK_IN_CODE.test(code) ? code : undefined
}

/** A 予約番号 as stored (`R-4KQ-7XW-3MC`) from what staff typed (`r4kq 7xw 3mc`, full-width…), or undefined. */
export function parseReference(typed: string): string | undefined {
  const match = REFERENCE_BODY.exec(normaliseTypedCode(typed))
  const body = match?.[1]
  return body ? `R-${body.slice(0, 3)}-${body.slice(3, 6)}-${body.slice(6, 9)}` : undefined
}

/**
 * A telephone number as staff type it over the phone: full-width digits folded, spaces removed,
 * hyphens and brackets kept for reading back. 10 to 15 digits (Japanese landlines have 10,
 * mobiles 11; an international number with + up to 15). Undefined when it is not one.
 */
export function normalisePhone(typed: string): string | undefined {
  const folded = typed
    .normalize('NFKC')
    .replace(/[\s　]/g, '')
    .replace(/[ー‐―−]/g, '-')
  if (!/^\+?[0-9()-]+$/.test(folded)) return undefined
  const digits = folded.replace(/\D/g, '').length
  return digits >= 10 && digits <= 15 ? folded : undefined
}

/** A plausible e-mail address (the booking only records it; nothing is sent to it from here). */
export function isPlausibleEmail(text: string): boolean {
  return text.length <= 254 && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text)
}

/** 'YYYY-MM-DD' when the text is a real date, else undefined. */
export function parseIsoDate(text: string | undefined): string | undefined {
  if (!text) return undefined
  const trimmed = text.normalize('NFKC').trim()
  return findIsoDateParts(trimmed) ? trimmed : undefined
}

/** The Monday of the week a date falls in (the calendar's weeks run Monday to Sunday, as staff rotas do). */
export function weekStart(date: string): string {
  const weekday = toDayOfWeek(date)
  return addCalendarDays(date, weekday === 0 ? -6 : 1 - weekday)
}

/** The seven dates of the week starting on `monday`. */
export function weekDates(monday: string): string[] {
  return Array.from({ length: 7 }, (_, i) => addCalendarDays(monday, i))
}

// ---------------------------------------------------------------------------------------------
// check-in and no-show

/** Why a booking cannot be checked in now (undefined: it can). */
export type CheckInRefusal = 'already-checked-in' | 'cancelled' | 'expired' | 'not-paid' | 'not-confirmed' | 'no-show'

export function checkInRefusal(status: ReservationStatus): CheckInRefusal | undefined {
  switch (status) {
    case 'confirmed':
      return undefined
    case 'checked_in':
      return 'already-checked-in'
    case 'cancelled':
      return 'cancelled'
    case 'expired':
      return 'expired'
    case 'awaiting_payment':
      return 'not-paid'
    case 'held':
    case 'won':
      return 'not-confirmed'
    case 'no_show':
      return 'no-show'
  }
}

/**
 * A check-in on another day than the slot's (Tokyo) is almost always a mistake — the wrong
 * permit, or a resident a day early — so staff confirm it explicitly.
 */
export function isSlotToday(slotStartsAt: Date, now: Date): boolean {
  return tokyoDate(slotStartsAt) === tokyoDate(now)
}

/** A no-show can be recorded once the slot has begun, and only for a confirmed booking. */
export function canMarkNoShow(status: ReservationStatus, slotStartsAt: Date, now: Date): boolean {
  return status === 'confirmed' && slotStartsAt.getTime() <= now.getTime()
}

/** Statuses from which staff may cancel on the resident's behalf (checked_in only by staff, e.g. a booking entered twice). */
export const CANCELLABLE_BY_STAFF: readonly ReservationStatus[] = ['held', 'won', 'awaiting_payment', 'confirmed', 'checked_in']

// ---------------------------------------------------------------------------------------------
// the utilisation report

/**
 * Time bands of the report, by the slot's starting time on the Tokyo clock: 午前 before 12:00,
 * 午後 from 12:00, 夜間 from 18:00 — the bands Japanese public halls price by (9–12, 13–17, 18–21).
 */
export const TIME_BANDS = ['morning', 'afternoon', 'evening'] as const
export type TimeBand = (typeof TIME_BANDS)[number]
export const AFTERNOON_FROM_MINUTE = 12 * 60
export const EVENING_FROM_MINUTE = 18 * 60

export function timeBandOf(minuteOfDay: number): TimeBand {
  if (minuteOfDay < AFTERNOON_FROM_MINUTE) return 'morning'
  if (minuteOfDay < EVENING_FROM_MINUTE) return 'afternoon'
  return 'evening'
}

/** Statuses whose seats count as booked in the report: the booking stood (a no-show still kept the room from others). */
export const BOOKED_STATUSES: readonly ReservationStatus[] = ['awaiting_payment', 'confirmed', 'checked_in', 'no_show']

/** The longest period one report covers (a fiscal year and a day). */
export const MAX_REPORT_DAYS = 366
