/**
 * Calendar dates as municipalities see them: a day on the Tokyo calendar, written 'YYYY-MM-DD'.
 *
 * Town-hall rules (deadlines, holidays, eras) are about calendar days, not instants, so every
 * module in `src/jp` reduces its input to an ISO date string first and does arithmetic on UTC
 * midnights, where no daylight-saving or host time zone can shift a day.
 */

/** A date given either as a `Date` (an instant) or as an ISO calendar date 'YYYY-MM-DD'. */
export type CalendarDateInput = Date | string

const ISO_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/

// Intl, not a fixed +9h offset, because Japan observed daylight-saving time in 1948–1951.
const tokyoDateFormat = new Intl.DateTimeFormat('en-US', {
  timeZone: 'Asia/Tokyo',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
})

/** Parts of a calendar date; month and day are 1-based. */
export interface CalendarDateParts {
  year: number
  month: number
  day: number
}

/** Tells whether the numbers form a real Gregorian date (rejects Feb 30, month 13…). */
export function isRealDate(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return false
  if (month < 1 || month > 12 || day < 1) return false
  const probe = new Date(Date.UTC(year, month - 1, day))
  // Date.UTC maps years 0–99 to 1900–1999; setUTCFullYear undoes that for old years.
  probe.setUTCFullYear(year)
  return probe.getUTCMonth() === month - 1 && probe.getUTCDate() === day
}

/** Writes parts as 'YYYY-MM-DD'. */
export function formatIsoDate({ year, month, day }: CalendarDateParts): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

/** Splits a valid 'YYYY-MM-DD' into numbers, or returns undefined for malformed or impossible dates. */
export function findIsoDateParts(text: string): CalendarDateParts | undefined {
  const match = ISO_DATE_PATTERN.exec(text)
  if (!match) return undefined
  const parts = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) }
  return isRealDate(parts.year, parts.month, parts.day) ? parts : undefined
}

/**
 * Reduces a date to its Tokyo calendar day 'YYYY-MM-DD'. A `Date` is read in Asia/Tokyo; a string
 * must already be 'YYYY-MM-DD' and is returned as is. Throws RangeError on invalid input.
 */
export function toIsoDate(date: CalendarDateInput): string {
  if (typeof date === 'string') {
    if (!findIsoDateParts(date)) throw new RangeError(`Not a valid 'YYYY-MM-DD' date: ${date}`)
    return date
  }
  if (Number.isNaN(date.getTime())) throw new RangeError('Invalid Date')
  const parts = tokyoDateFormat.formatToParts(date)
  const pick = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find(part => part.type === type)?.value)
  return formatIsoDate({ year: pick('year'), month: pick('month'), day: pick('day') })
}

/** Reduces a date to its Tokyo calendar parts (see toIsoDate). */
export function toCalendarDateParts(date: CalendarDateInput): CalendarDateParts {
  const iso = toIsoDate(date)
  // toIsoDate only returns strings that findIsoDateParts accepts.
  return findIsoDateParts(iso) as CalendarDateParts
}

function toUtcMidnight(iso: string): Date {
  const { year, month, day } = toCalendarDateParts(iso)
  const midnight = new Date(Date.UTC(year, month - 1, day))
  midnight.setUTCFullYear(year)
  return midnight
}

/** Shifts a calendar date by whole days (negative goes back) and returns 'YYYY-MM-DD'. */
export function addCalendarDays(date: CalendarDateInput, days: number): string {
  const midnight = toUtcMidnight(toIsoDate(date))
  midnight.setUTCDate(midnight.getUTCDate() + days)
  return formatIsoDate({
    year: midnight.getUTCFullYear(),
    month: midnight.getUTCMonth() + 1,
    day: midnight.getUTCDate(),
  })
}

/** Day of the week of a calendar date, 0 = Sunday … 6 = Saturday. */
export function toDayOfWeek(date: CalendarDateInput): number {
  return toUtcMidnight(toIsoDate(date)).getUTCDay()
}
