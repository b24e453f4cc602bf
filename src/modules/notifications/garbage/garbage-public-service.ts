/**
 * What the residents' garbage pages and the iCalendar feed show, read in one short transaction
 * per request and shaped by the pure calendar functions.
 */
import { createHash } from 'node:crypto'
import { sql } from 'kysely'
import { addCalendarDays, formatIsoDate } from '../../../jp/calendar-date.js'
import { holidayName, listHolidays } from '../../../jp/holidays.js'
import { withTenant, type Db } from '../../../platform/db/tenant-context.js'
import type { Locale, Translate } from '../../../platform/i18n/i18n.js'
import type { TenantContext } from '../../../platform/tenancy/tenant-service.js'
import { collectionDays, isGarbageClosureDay, type GarbageCollection } from './garbage-rules.js'
import { buildGarbageIcal } from './garbage-ical.js'
import { searchSortingDictionary, toSearchKey, type SortingEntry, type SortingMatch } from './garbage-dictionary.js'
import {
  buildMonthWeeks,
  calendarTypes,
  categoryDescription,
  categoryName,
  closureRange,
  holidayPolicies,
  labelDistricts,
  lastDayOfMonth,
  type CategoryLabel,
  type DistrictLabel,
} from './garbage-calendar-view.js'
import { findCurrentCalendar, listCategories, listDistricts, listSortingEntries, type StoredCalendar } from './garbage-repository.js'
import type { DistrictCalendarProps, UpcomingDay } from './garbage-public-pages.js'

export interface PublicCalendar {
  stored?: StoredCalendar
  categories: Map<string, CategoryLabel>
  /** newest change to a category (names, colours) */
  categoriesUpdatedAt?: Date
  districts: DistrictLabel[]
}

/** The tenant's calendar, categories and the districts it covers, named in `locale`. */
export async function loadPublicCalendar(db: Db, tenantId: string, locale: Locale): Promise<PublicCalendar> {
  return withTenant(db, tenantId, async trx => {
    const [stored, categories, districts] = await Promise.all([findCurrentCalendar(trx, tenantId), listCategories(trx, tenantId), listDistricts(trx, tenantId)])
    const categoriesUpdatedAt = categories.reduce<Date | undefined>((max, row) => (!max || row.updatedAt > max ? row.updatedAt : max), undefined)
    return {
      stored,
      categories: new Map(categories.map(row => [row.name, row])),
      categoriesUpdatedAt,
      districts: stored ? labelDistricts(stored.calendar, districts, locale) : [],
    }
  })
}

/** The district code of a logged-in resident's profile, to preselect it. */
export async function findResidentDistrictCode(db: Db, tenantId: string, residentId: string): Promise<string | undefined> {
  return withTenant(db, tenantId, async trx => {
    const result = await sql<{ code: string }>`
      SELECT d.code FROM resident_notification_profiles p
      JOIN districts d ON d.tenant_id = p.tenant_id AND d.id = p.district_id
      WHERE p.tenant_id = ${tenantId} AND p.resident_id = ${residentId}`.execute(trx)
    return result.rows[0]?.code
  })
}

const UPCOMING_DAYS = 14

function groupByDate(collections: readonly GarbageCollection[]): Map<string, GarbageCollection[]> {
  const byDate = new Map<string, GarbageCollection[]>()
  for (const collection of collections) byDate.set(collection.date, [...(byDate.get(collection.date) ?? []), collection])
  return byDate
}

/** The district page's data: the next 14 days and one month (Sunday-first weeks). */
export function buildDistrictCalendar(
  data: PublicCalendar & { stored: StoredCalendar },
  district: DistrictLabel,
  input: { today: string; year: number; month: number },
): Omit<DistrictCalendarProps, 'ctx' | 'feedUrl' | 'webcalUrl'> {
  const { calendar } = data.stored
  const lastUpcoming = addCalendarDays(input.today, UPCOMING_DAYS - 1)
  const upcomingByDate = groupByDate(collectionDays(calendar, district.code, input.today, lastUpcoming))
  const upcoming: UpcomingDay[] = []
  for (let day = input.today; day <= lastUpcoming; day = addCalendarDays(day, 1)) {
    upcoming.push({ date: day, collections: upcomingByDate.get(day) ?? [], holiday: holidayName(day), isClosure: isGarbageClosureDay(day, calendar.yearEndClosure) })
  }
  const first = formatIsoDate({ year: input.year, month: input.month, day: 1 })
  const last = lastDayOfMonth(input.year, input.month)
  const closureDays = new Set<string>()
  for (let day = first; day <= last; day = addCalendarDays(day, 1)) if (isGarbageClosureDay(day, calendar.yearEndClosure)) closureDays.add(day)
  const types = calendarTypes(calendar, district.code)
  const order = [...data.categories.keys()]
  types.sort((a, b) => {
    const ia = order.indexOf(a)
    const ib = order.indexOf(b)
    return (ia === -1 ? Number.MAX_SAFE_INTEGER : ia) - (ib === -1 ? Number.MAX_SAFE_INTEGER : ib)
  })
  return {
    district,
    today: input.today,
    upcoming,
    month: {
      year: input.year,
      month: input.month,
      weeks: buildMonthWeeks(input.year, input.month),
      collections: groupByDate(collectionDays(calendar, district.code, first, last)),
      holidays: new Map(listHolidays(first, last).map(holiday => [holiday.date, holiday.name])),
      closureDays,
    },
    categories: data.categories,
    types,
    policies: holidayPolicies(calendar, district.code),
    yearEndClosure: calendar.yearEndClosure,
    closure: closureRange(input.today, calendar.yearEndClosure),
  }
}

/** How far ahead the feed reaches: a year, so that a subscribed phone always knows the next months. */
export const FEED_DAYS = 366

export interface GarbageFeed {
  body: string
  etag: string
  lastModified: Date
}

/** The start of a Tokyo calendar day as an instant. */
function tokyoMidnight(iso: string): Date {
  return new Date(`${iso}T00:00:00+09:00`)
}

/**
 * A district's iCalendar feed from `today` for a year, in `locale` (SUMMARY is the type's name
 * there). DTSTAMP and Last-Modified are the newest of the calendar version, the categories and
 * today's start, so the same inputs give the same bytes and the ETag (a hash of them) holds.
 */
export function buildDistrictFeed(data: PublicCalendar & { stored: StoredCalendar }, tenant: TenantContext, district: DistrictLabel, input: { today: string; locale: Locale; t: Translate }): GarbageFeed {
  const collections = collectionDays(data.stored.calendar, district.code, input.today, addCalendarDays(input.today, FEED_DAYS - 1))
  const candidates = [data.stored.createdAt, data.categoriesUpdatedAt, tokyoMidnight(input.today)].filter((value): value is Date => value !== undefined)
  const newest = candidates.reduce((max, value) => (value > max ? value : max))
  // HTTP dates have whole seconds: keep the body's DTSTAMP and the header equal.
  const lastModified = new Date(Math.floor(newest.getTime() / 1000) * 1000)
  const localized = collections.map(collection => ({ ...collection, type: categoryName(data.categories, collection.type, input.locale) }))
  const descriptions: Record<string, string> = {}
  for (const collection of collections) {
    const description = categoryDescription(data.categories, collection.type, input.locale)
    if (description) descriptions[categoryName(data.categories, collection.type, input.locale)] = description
  }
  const body = buildGarbageIcal({
    tenant: tenant.slug,
    district: district.code,
    calendarName: input.t('notifications.garbage.ical.name', { tenant: input.locale === 'en' ? tenant.nameEn : tenant.name, district: district.name }),
    collections: localized,
    generatedAt: lastModified,
    descriptions,
  })
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`
  return { body, etag, lastModified }
}

const MAX_SUGGESTIONS = 5
const MIN_SUGGESTION_KEY = 2

/**
 * When nothing matches: entries found by a shorter part of the query (スプレーかん → スプレー),
 * trying longer parts first, from the start and then from the end.
 */
export function suggestSortingEntries(entries: readonly SortingEntry[], query: string): SortingMatch[] {
  const key = [...toSearchKey(query)]
  for (let length = key.length - 1; length >= MIN_SUGGESTION_KEY; length--) {
    for (const part of [key.slice(0, length).join(''), key.slice(key.length - length).join('')]) {
      const found = searchSortingDictionary(entries, part, MAX_SUGGESTIONS).filter(match => match.match !== 'fuzzy')
      if (found.length > 0) return found
    }
  }
  return []
}

/** The dictionary search: matches, or suggestions when there are none. */
export async function searchDictionary(db: Db, tenantId: string, query: string): Promise<{ matches: SortingMatch[]; suggestions: SortingMatch[]; categories: Map<string, CategoryLabel> }> {
  const { entries, categories } = await withTenant(db, tenantId, async trx => ({ entries: await listSortingEntries(trx, tenantId), categories: await listCategories(trx, tenantId) }))
  const matches = query === '' ? [] : searchSortingDictionary(entries, query, 30)
  const suggestions = query !== '' && matches.length === 0 ? suggestSortingEntries(entries, query) : []
  return { matches, suggestions, categories: new Map(categories.map(row => [row.name, row])) }
}
