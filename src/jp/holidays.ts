/**
 * 祝日 (national holidays) and the days a town hall's counters are open, for deadlines, slots and
 * "reply within N business days" promises.
 *
 * Holiday data comes from @holiday-jp/holiday_jp, which covers 1970–2050 and is updated when the
 * law changes (e.g. the 2020/2021 Olympic moves). Outside those years no day is a holiday.
 * Dates are Tokyo calendar days: 'YYYY-MM-DD' strings, or `Date`s read in Asia/Tokyo.
 */
import holidayJp from '@holiday-jp/holiday_jp'
import { addCalendarDays, toDayOfWeek, toCalendarDateParts, toIsoDate, type CalendarDateInput } from './calendar-date.js'

/** A national holiday on one day. */
export interface NationalHoliday {
  /** 'YYYY-MM-DD'. */
  date: string
  /** Japanese name as shown to residents, e.g. 元日, 振替休日, 国民の休日. */
  name: string
}

interface LibraryHoliday {
  date: string
  name: string
}

// The package types its table as a literal per date; a plain record is what lookups need.
const HOLIDAYS_BY_DATE: Readonly<Record<string, LibraryHoliday>> = holidayJp.holidays

// One-off holidays of 2019 that the package only calls 休日（祝日扱い）.
const SPECIAL_DAY_NAMES: Readonly<Record<string, string>> = {
  '2019-05-01': '天皇の即位の日',
  '2019-10-22': '即位礼正殿の儀',
}

const SATURDAY = 6
const SUNDAY = 0

// The package writes "元日 振替休日" and plain "休日"; calendars and notices use the legal terms.
function nameHoliday(holiday: LibraryHoliday): string {
  const special = SPECIAL_DAY_NAMES[holiday.date]
  if (special) return special
  if (holiday.name.endsWith('振替休日')) return '振替休日'
  if (holiday.name === '休日') return '国民の休日'
  return holiday.name
}

/** Tells whether a day is a national holiday (祝日, 振替休日 or 国民の休日). */
export function isNationalHoliday(date: CalendarDateInput): boolean {
  return Object.hasOwn(HOLIDAYS_BY_DATE, toIsoDate(date))
}

/** Names the national holiday on a day (元日, 振替休日, 国民の休日…), or undefined on other days. */
export function holidayName(date: CalendarDateInput): string | undefined {
  const iso = toIsoDate(date)
  return Object.hasOwn(HOLIDAYS_BY_DATE, iso) ? nameHoliday(HOLIDAYS_BY_DATE[iso]) : undefined
}

/** Lists national holidays from `from` to `to`, both included, in date order. */
export function listHolidays(from: CalendarDateInput, to: CalendarDateInput): NationalHoliday[] {
  const first = toIsoDate(from)
  const last = toIsoDate(to)
  return Object.values(HOLIDAYS_BY_DATE)
    .filter(holiday => holiday.date >= first && holiday.date <= last)
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
    .map(holiday => ({ date: holiday.date, name: nameHoliday(holiday) }))
}

/**
 * Tells whether a day falls in the 年末年始 closure, Dec 29 – Jan 3, which most municipalities set
 * in their 休日条例. Tenants with other closures should layer their own calendar on top.
 */
export function isYearEndClosure(date: CalendarDateInput): boolean {
  const { month, day } = toCalendarDateParts(date)
  return (month === 12 && day >= 29) || (month === 1 && day <= 3)
}

/** Tells whether counters are open: not Saturday, Sunday, a national holiday or 年末年始. */
export function isOpenBusinessDay(date: CalendarDateInput): boolean {
  const dayOfWeek = toDayOfWeek(date)
  if (dayOfWeek === SATURDAY || dayOfWeek === SUNDAY) return false
  return !isNationalHoliday(date) && !isYearEndClosure(date)
}

/**
 * Moves `count` open business days from a date ('YYYY-MM-DD'): Friday + 1 is the next Monday
 * unless that is closed; negative counts go back; 0 returns the date itself even when closed.
 * Throws RangeError when count is not an integer.
 */
export function addBusinessDays(date: CalendarDateInput, count: number): string {
  if (!Number.isInteger(count)) throw new RangeError(`Business days must be an integer: ${count}`)
  const step = count < 0 ? -1 : 1
  let current = toIsoDate(date)
  for (let remaining = Math.abs(count); remaining > 0; ) {
    current = addCalendarDays(current, step)
    if (isOpenBusinessDay(current)) remaining--
  }
  return current
}
