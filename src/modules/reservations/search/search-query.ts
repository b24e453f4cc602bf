/**
 * The search form's query string, read and checked (pure). Every problem becomes a field error
 * with a message key; the page answers 400 with an error summary instead of guessing.
 *
 * Residents type on phones: full-width digits and 'YYYY/MM/DD' are accepted as well.
 */
import { addCalendarDays, findIsoDateParts } from '../../../jp/calendar-date.js'
import { RESOURCE_CATEGORIES, RESOURCE_KINDS, type ResourceCategory, type ResourceKind } from '../reservation-tables.js'
import type { AvailabilityQuery } from './availability.js'
import { MAX_SEARCH_DAYS } from './availability-rules.js'

/** How far ahead anyone may look (the longest booking window the schema allows). */
export const MAX_DAYS_AHEAD = 400
/** The JSON calendar may start up to a month back (a month grid begins on the 1st). */
export const MAX_DAYS_BACK_FOR_CALENDAR = 31
export const DEFAULT_SEARCH_DAYS = 7
export const SEARCH_DAY_CHOICES = [1, 7, 14, 28] as const
const MAX_CAPACITY = 10000
const MAX_EQUIPMENT = 20
const CODE_PATTERN = /^[a-z0-9][a-z0-9-]{0,39}$/

export type SearchField = 'date' | 'days' | 'kind' | 'category' | 'capacity' | 'equipment'

export interface SearchFieldError {
  field: SearchField
  /** message key in the search catalog */
  messageKey: string
  params?: Record<string, string | number>
}

/** What the form shows back (as typed, so a wrong value can be corrected). */
export interface SearchFormValues {
  date: string
  days: string
  kind: string
  category: string
  capacity: string
  equipment: string[]
}

export type ParsedSearch = { isValid: true; query: AvailabilityQuery; form: SearchFormValues } | { isValid: false; errors: SearchFieldError[]; form: SearchFormValues }

type RawQuery = Record<string, unknown> | undefined

const toHalfWidth = (value: string) => value.normalize('NFKC').trim()

/** A single text value; an array (the name given twice) counts as invalid. */
function single(raw: RawQuery, name: string): { value: string; isMalformed: boolean } {
  const value = raw?.[name]
  if (value === undefined) return { value: '', isMalformed: false }
  if (typeof value !== 'string') return { value: '', isMalformed: true }
  return { value: value.slice(0, 100), isMalformed: false }
}

function list(raw: RawQuery, name: string): string[] {
  const value = raw?.[name]
  if (value === undefined) return []
  const values = Array.isArray(value) ? value : [value]
  return values.filter((item): item is string => typeof item === 'string').map(item => item.slice(0, 100))
}

/** 'YYYY-MM-DD' (or 'YYYY/MM/DD', full-width) as an ISO date, or undefined when it is not a real date. */
export function parseDate(text: string): string | undefined {
  const normalised = toHalfWidth(text).replace(/[/.]/g, '-')
  const match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(normalised)
  if (!match) return undefined
  const iso = `${match[1]}-${match[2]?.padStart(2, '0')}-${match[3]?.padStart(2, '0')}`
  return findIsoDateParts(iso) ? iso : undefined
}

/** A whole number between min and max (full-width digits accepted), or undefined. */
export function parseWholeNumber(text: string, min: number, max: number): number | undefined {
  const normalised = toHalfWidth(text)
  if (!/^\d{1,6}$/.test(normalised)) return undefined
  const value = Number(normalised)
  return value >= min && value <= max ? value : undefined
}

/** The last date one may search from, given today. */
export function lastSearchableDate(today: string): string {
  return addCalendarDays(today, MAX_DAYS_AHEAD)
}

/**
 * Reads `date`, `days`, `kind`, `category`, `capacity` and `equipment` (repeated) from the
 * search form. Empty fields mean "any"; an empty date means today.
 */
export function parseSearchQuery(raw: RawQuery, today: string): ParsedSearch {
  const errors: SearchFieldError[] = []
  const date = single(raw, 'date')
  const days = single(raw, 'days')
  const kind = single(raw, 'kind')
  const category = single(raw, 'category')
  const capacity = single(raw, 'capacity')
  const equipment = list(raw, 'equipment')
  const form: SearchFormValues = { date: date.value, days: days.value, kind: kind.value, category: category.value, capacity: capacity.value, equipment }

  let from = today
  if (date.isMalformed) errors.push({ field: 'date', messageKey: 'reservations.search.error.date' })
  else if (date.value.trim() !== '') {
    const parsed = parseDate(date.value)
    if (!parsed) errors.push({ field: 'date', messageKey: 'reservations.search.error.date' })
    else if (parsed < today) errors.push({ field: 'date', messageKey: 'reservations.search.error.datePast' })
    else if (parsed > lastSearchableDate(today)) errors.push({ field: 'date', messageKey: 'reservations.search.error.dateTooFar', params: { days: MAX_DAYS_AHEAD } })
    else from = parsed
  }

  let dayCount = DEFAULT_SEARCH_DAYS
  if (days.isMalformed) errors.push({ field: 'days', messageKey: 'reservations.search.error.days', params: { max: MAX_SEARCH_DAYS } })
  else if (days.value.trim() !== '') {
    const parsed = parseWholeNumber(days.value, 1, MAX_SEARCH_DAYS)
    if (parsed === undefined) errors.push({ field: 'days', messageKey: 'reservations.search.error.days', params: { max: MAX_SEARCH_DAYS } })
    else dayCount = parsed
  }

  let resourceKind: ResourceKind | undefined
  if (kind.isMalformed || (kind.value !== '' && !(RESOURCE_KINDS as readonly string[]).includes(kind.value))) errors.push({ field: 'kind', messageKey: 'reservations.search.error.kind' })
  else if (kind.value !== '') resourceKind = kind.value as ResourceKind

  let resourceCategory: ResourceCategory | undefined
  if (category.isMalformed || (category.value !== '' && !(RESOURCE_CATEGORIES as readonly string[]).includes(category.value))) errors.push({ field: 'category', messageKey: 'reservations.search.error.category' })
  else if (category.value !== '') resourceCategory = category.value as ResourceCategory

  let people: number | undefined
  if (capacity.isMalformed) errors.push({ field: 'capacity', messageKey: 'reservations.search.error.capacity', params: { max: MAX_CAPACITY } })
  else if (capacity.value.trim() !== '') {
    people = parseWholeNumber(capacity.value, 1, MAX_CAPACITY)
    if (people === undefined) errors.push({ field: 'capacity', messageKey: 'reservations.search.error.capacity', params: { max: MAX_CAPACITY } })
  }

  if (equipment.length > MAX_EQUIPMENT || equipment.some(code => !CODE_PATTERN.test(code))) errors.push({ field: 'equipment', messageKey: 'reservations.search.error.equipment' })

  if (errors.length > 0) return { isValid: false, errors, form }
  return {
    isValid: true,
    form,
    query: {
      from,
      days: dayCount,
      ...(resourceKind ? { kind: resourceKind } : {}),
      ...(resourceCategory ? { category: resourceCategory } : {}),
      ...(people !== undefined ? { capacity: people } : {}),
      ...(equipment.length > 0 ? { equipment: [...new Set(equipment)] } : {}),
    },
  }
}

export type ParsedRange = { isValid: true; from: string; days: number } | { isValid: false; field: 'from' | 'days' | 'week'; messageKey: string; params?: Record<string, string | number> }

/**
 * `from` and `days` of availability.json: the calendar asks for whole months, which may begin
 * before today (slots already started are never listed anyway).
 */
export function parseCalendarRange(raw: RawQuery, today: string): ParsedRange {
  const from = single(raw, 'from')
  const days = single(raw, 'days')
  let start = today
  if (from.isMalformed) return { isValid: false, field: 'from', messageKey: 'reservations.search.error.date' }
  if (from.value !== '') {
    const parsed = parseDate(from.value)
    if (!parsed || parsed < addCalendarDays(today, -MAX_DAYS_BACK_FOR_CALENDAR) || parsed > lastSearchableDate(today)) return { isValid: false, field: 'from', messageKey: 'reservations.search.error.calendarFrom', params: { days: MAX_DAYS_AHEAD } }
    start = parsed
  }
  let count = DEFAULT_SEARCH_DAYS
  if (days.isMalformed) return { isValid: false, field: 'days', messageKey: 'reservations.search.error.days', params: { max: MAX_SEARCH_DAYS } }
  if (days.value !== '') {
    const parsed = parseWholeNumber(days.value, 1, MAX_SEARCH_DAYS)
    if (parsed === undefined) return { isValid: false, field: 'days', messageKey: 'reservations.search.error.days', params: { max: MAX_SEARCH_DAYS } }
    count = parsed
  }
  return { isValid: true, from: start, days: count }
}

/**
 * `week` of the resource page: the first day of the 7 shown. Before today shows from today (an
 * old bookmark is not an error); malformed or beyond the last searchable date is.
 */
export function parseWeekStart(raw: RawQuery, today: string): ParsedRange {
  const week = single(raw, 'week')
  if (week.isMalformed) return { isValid: false, field: 'week', messageKey: 'reservations.search.error.date' }
  if (week.value === '') return { isValid: true, from: today, days: 7 }
  const parsed = parseDate(week.value)
  if (!parsed) return { isValid: false, field: 'week', messageKey: 'reservations.search.error.date' }
  if (parsed > lastSearchableDate(today)) return { isValid: false, field: 'week', messageKey: 'reservations.search.error.dateTooFar', params: { days: MAX_DAYS_AHEAD } }
  return { isValid: true, from: parsed < today ? today : parsed, days: 7 }
}

/** The query string that repeats a search (for the previous / next period links). */
export function searchQueryString(query: AvailabilityQuery): string {
  const params = new URLSearchParams()
  params.set('date', query.from)
  params.set('days', String(query.days))
  if (query.kind) params.set('kind', query.kind)
  if (query.category) params.set('category', query.category)
  if (query.capacity !== undefined) params.set('capacity', String(query.capacity))
  for (const code of query.equipment ?? []) params.append('equipment', code)
  return params.toString()
}
