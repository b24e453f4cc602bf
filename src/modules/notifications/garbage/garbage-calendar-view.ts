/**
 * Pure helpers the calendar pages, the feed and the reminders share: district codes of a
 * calendar, display names per language, month grids and dates written for residents.
 */
import { addCalendarDays, findIsoDateParts, formatIsoDate, toDayOfWeek } from '../../../jp/calendar-date.js'
import type { Locale } from '../../../platform/i18n/i18n.js'
import type { LocalizedNames } from '../notification-tables.js'
import type { GarbageCalendar, HolidayPolicy } from './garbage-rules.js'
import type { LocalizedTexts } from './garbage-tables.js'

/** What the pages need of a category row. */
export interface CategoryLabel {
  name: string
  names: LocalizedTexts
  descriptions: LocalizedTexts
  colour: string | null
  linkUrl: string | null
  id?: string
}

/** Every district code the calendar mentions (rules and exceptions), sorted. */
export function calendarDistrictCodes(calendar: GarbageCalendar): string[] {
  return [...new Set([...calendar.rules.map(rule => rule.district), ...calendar.exceptions.map(exception => exception.district)])].sort()
}

/** The calendar's garbage types in a district, in category order when known. */
export function calendarTypes(calendar: GarbageCalendar, district?: string): string[] {
  const types = calendar.rules.filter(rule => district === undefined || rule.district === district).map(rule => rule.type)
  return [...new Set(types)]
}

/** A name in the page's language: やさしい日本語 falls back to Japanese, English to Japanese. */
export function pickLocalized(texts: LocalizedTexts | LocalizedNames | undefined, locale: Locale, fallback: string): string {
  const value = texts?.[locale]
  if (value) return value
  return texts?.ja || fallback
}

export function categoryName(categories: ReadonlyMap<string, CategoryLabel>, type: string, locale: Locale): string {
  const category = categories.get(type)
  return category ? pickLocalized(category.names, locale, category.name) : type
}

export function categoryDescription(categories: ReadonlyMap<string, CategoryLabel>, type: string, locale: Locale): string | undefined {
  const descriptions = categories.get(type)?.descriptions
  return descriptions?.[locale] || descriptions?.ja || undefined
}

export interface DistrictLabel {
  code: string
  name: string
  id?: string
}

/**
 * The districts a calendar covers, named from the districts table when the code is known there,
 * in that table's order; codes only in the calendar follow, by code.
 */
export function labelDistricts(calendar: GarbageCalendar, districts: readonly { id: string; code: string; names: LocalizedNames }[], locale: Locale): DistrictLabel[] {
  const codes = new Set(calendarDistrictCodes(calendar))
  const known = districts.filter(district => codes.has(district.code)).map(district => ({ code: district.code, id: district.id, name: pickLocalized(district.names, locale, district.code) }))
  const knownCodes = new Set(known.map(district => district.code))
  const unknown = [...codes].filter(code => !knownCodes.has(code)).map(code => ({ code, name: code }))
  return [...known, ...unknown]
}

/** 'YYYY-MM' → { year, month }, or undefined when malformed or outside 2000–2099. */
export function parseMonth(text: string | undefined): { year: number; month: number } | undefined {
  const match = /^(\d{4})-(\d{2})$/.exec(text ?? '')
  if (!match) return undefined
  const year = Number(match[1])
  const month = Number(match[2])
  if (year < 2000 || year > 2099 || month < 1 || month > 12) return undefined
  return { year, month }
}

export function formatMonth(year: number, month: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`
}

export function shiftMonth(year: number, month: number, delta: number): { year: number; month: number } {
  const index = year * 12 + (month - 1) + delta
  return { year: Math.floor(index / 12), month: (index % 12) + 1 }
}

export function lastDayOfMonth(year: number, month: number): string {
  const next = shiftMonth(year, month, 1)
  return addCalendarDays(formatIsoDate({ year: next.year, month: next.month, day: 1 }), -1)
}

/** Weeks (Sunday first, as Japanese calendars print them) of a month; days outside it are undefined. */
export function buildMonthWeeks(year: number, month: number): (string | undefined)[][] {
  const first = formatIsoDate({ year, month, day: 1 })
  const last = lastDayOfMonth(year, month)
  const weeks: (string | undefined)[][] = []
  let week: (string | undefined)[] = Array.from({ length: toDayOfWeek(first) }, () => undefined)
  for (let day = first; day <= last; day = addCalendarDays(day, 1)) {
    week.push(day)
    if (week.length === 7) {
      weeks.push(week)
      week = []
    }
  }
  if (week.length > 0) weeks.push([...week, ...Array.from({ length: 7 - week.length }, () => undefined)])
  return weeks
}

const DAY_FORMATS = {
  ja: new Intl.DateTimeFormat('ja-JP', { timeZone: 'UTC', month: 'long', day: 'numeric', weekday: 'short' }),
  jaLong: new Intl.DateTimeFormat('ja-JP', { timeZone: 'UTC', year: 'numeric', month: 'long', day: 'numeric', weekday: 'short' }),
  en: new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short' }),
  enLong: new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }),
  monthJa: new Intl.DateTimeFormat('ja-JP', { timeZone: 'UTC', year: 'numeric', month: 'long' }),
  monthEn: new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', year: 'numeric', month: 'long' }),
}

function utcDate(iso: string): Date {
  const parts = findIsoDateParts(iso)
  if (!parts) throw new RangeError(`Not a valid 'YYYY-MM-DD' date: ${iso}`)
  return new Date(Date.UTC(parts.year, parts.month - 1, parts.day))
}

/** 1月11日(月) / Mon 11 Jan — with the year when `withYear`. */
export function formatDay(iso: string, locale: Locale, withYear = false): string {
  const date = utcDate(iso)
  if (locale === 'en') return (withYear ? DAY_FORMATS.enLong : DAY_FORMATS.en).format(date)
  return (withYear ? DAY_FORMATS.jaLong : DAY_FORMATS.ja).format(date)
}

/** 2027年1月 / January 2027. */
export function formatMonthTitle(year: number, month: number, locale: Locale): string {
  const date = new Date(Date.UTC(year, month - 1, 1))
  return (locale === 'en' ? DAY_FORMATS.monthEn : DAY_FORMATS.monthJa).format(date)
}

/** Each garbage type's holiday policy in a district (a type with several rules shows the first). */
export function holidayPolicies(calendar: GarbageCalendar, district?: string): Map<string, HolidayPolicy> {
  const policies = new Map<string, HolidayPolicy>()
  for (const rule of calendar.rules) {
    if (district !== undefined && rule.district !== district) continue
    if (!policies.has(rule.type)) policies.set(rule.type, rule.holidayPolicy)
  }
  return policies
}

/** The 年末年始 closure around a day: the closure that is current or next (Dec .. Jan 3). */
export function closureRange(today: string, closure: GarbageCalendar['yearEndClosure']): { from: string; to: string } {
  const parts = findIsoDateParts(today)
  const year = parts ? parts.year : 2000
  const isAfterClosure = parts !== undefined && !(parts.month === 1 && parts.day <= 3)
  const startYear = isAfterClosure ? year : year - 1
  return { from: formatIsoDate({ year: startYear, month: 12, day: closure === 'dec-29' ? 29 : 31 }), to: formatIsoDate({ year: startYear + 1, month: 1, day: 3 }) }
}
