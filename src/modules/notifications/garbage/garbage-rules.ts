/**
 * ごみ収集カレンダー: which garbage type is collected on which day in a district, computed from
 * rules (weekly, nth weekday, monthly dates, explicit dates), each rule's holiday policy, the
 * tenant's 年末年始 closure and the explicit exceptions (extra days, cancellations).
 *
 * Pure functions over 'YYYY-MM-DD' Tokyo calendar days; nothing here reads a clock or a table.
 */
import { z } from 'zod'
import { addCalendarDays, findIsoDateParts, toCalendarDateParts, toDayOfWeek, toIsoDate, type CalendarDateInput } from '../../../jp/calendar-date.js'
import { isNationalHoliday } from '../../../jp/holidays.js'

const IsoDateSchema = z.string().refine(value => findIsoDateParts(value) !== undefined, { message: 'notifications.garbage.invalidDate' })
const DayOfWeekSchema = z.number().int().min(0).max(6)

/** What happens when a rule's day is a national holiday. */
export const HolidayPolicySchema = z.enum(['collect', 'skip', 'next-business-day'])
export type HolidayPolicy = z.infer<typeof HolidayPolicySchema>

/** When a rule collects; days of the week are 0 = Sunday … 6 = Saturday. */
export const GarbageScheduleSchema = z.discriminatedUnion('kind', [
  /** e.g. 燃えるごみ every Monday and Thursday. */
  z.object({ kind: z.literal('weekly'), daysOfWeek: z.array(DayOfWeekSchema).min(1) }),
  /** e.g. 資源ごみ on the 2nd and 4th Wednesday: week n holds days 7n−6 … 7n of the month. */
  z.object({ kind: z.literal('nthWeekday'), dayOfWeek: DayOfWeekSchema, weeks: z.array(z.number().int().min(1).max(5)).min(1) }),
  /** e.g. the 1st and 15th of each month; months without the day (31st in April) are skipped. */
  z.object({ kind: z.literal('monthlyDates'), days: z.array(z.number().int().min(1).max(31)).min(1) }),
  /** A fixed list of days, e.g. 粗大ごみ on announced dates. */
  z.object({ kind: z.literal('explicitDates'), dates: z.array(IsoDateSchema).min(1) }),
])
export type GarbageSchedule = z.infer<typeof GarbageScheduleSchema>

/** One garbage type's schedule in one district. */
export const GarbageRuleSchema = z.object({
  district: z.string().min(1),
  /** 分別区分 as residents read it, e.g. 燃えるごみ. */
  type: z.string().min(1),
  schedule: GarbageScheduleSchema,
  holidayPolicy: HolidayPolicySchema.default('collect'),
  note: z.string().optional(),
})
export type GarbageRule = z.infer<typeof GarbageRuleSchema>

/**
 * An explicit change on one day: `add` collects even inside the 年末年始 closure or on a holiday;
 * `cancel` removes a collection (of `type`, or of every type when `type` is absent).
 */
export const GarbageExceptionSchema = z.object({
  district: z.string().min(1),
  date: IsoDateSchema,
  action: z.enum(['add', 'cancel']),
  type: z.string().min(1).optional(),
  note: z.string().optional(),
}).refine(exception => exception.action === 'cancel' || exception.type !== undefined, {
  message: 'notifications.garbage.exceptionTypeRequired',
  path: ['type'],
})
export type GarbageException = z.infer<typeof GarbageExceptionSchema>

/**
 * A tenant's whole calendar. `yearEndClosure` is the first day without collection: 'dec-29'
 * (12/29–1/3, like the counters) or 'dec-31' (12/31–1/3, the usual for collection; default).
 */
export const GarbageCalendarSchema = z.object({
  rules: z.array(GarbageRuleSchema),
  exceptions: z.array(GarbageExceptionSchema).default([]),
  yearEndClosure: z.enum(['dec-29', 'dec-31']).default('dec-31'),
})
export type GarbageCalendar = z.infer<typeof GarbageCalendarSchema>
export type YearEndClosure = GarbageCalendar['yearEndClosure']

/** One collection on one day. */
export interface GarbageCollection {
  /** 'YYYY-MM-DD'. */
  date: string
  type: string
  note?: string
  /** Set when a holiday moved the collection here ('next-business-day'). */
  movedFrom?: string
}

// A holiday run is at most a week (Golden Week, 年末年始), so a moved collection comes from at most
// this many days earlier; looking back this far catches collections moved into the range.
const MOVE_LOOKBACK_DAYS = 14
const SATURDAY = 6
const SUNDAY = 0

/** Tells whether a day falls in the tenant's 年末年始 closure for collection. */
export function isGarbageClosureDay(date: CalendarDateInput, closure: YearEndClosure = 'dec-31'): boolean {
  const { month, day } = toCalendarDateParts(date)
  const firstDay = closure === 'dec-29' ? 29 : 31
  return (month === 12 && day >= firstDay) || (month === 1 && day <= 3)
}

function isScheduledOn(schedule: GarbageSchedule, iso: string): boolean {
  switch (schedule.kind) {
    case 'weekly':
      return schedule.daysOfWeek.includes(toDayOfWeek(iso))
    case 'nthWeekday': {
      const { day } = toCalendarDateParts(iso)
      return toDayOfWeek(iso) === schedule.dayOfWeek && schedule.weeks.includes(Math.ceil(day / 7))
    }
    case 'monthlyDates':
      return schedule.days.includes(toCalendarDateParts(iso).day)
    case 'explicitDates':
      return schedule.dates.includes(iso)
  }
}

/**
 * A weekday (Mon–Fri) that is neither a national holiday nor in the closure: crews and the
 * 清掃センター work the same days as the counters, so a moved collection lands on such a day.
 */
function isCollectionBusinessDay(iso: string, closure: YearEndClosure): boolean {
  const dayOfWeek = toDayOfWeek(iso)
  if (dayOfWeek === SATURDAY || dayOfWeek === SUNDAY) return false
  return !isNationalHoliday(iso) && !isGarbageClosureDay(iso, closure)
}

function nextCollectionBusinessDay(iso: string, closure: YearEndClosure): string {
  let current = addCalendarDays(iso, 1)
  while (!isCollectionBusinessDay(current, closure)) current = addCalendarDays(current, 1)
  return current
}

/** Where a rule's scheduled day ends up: the day itself, another day, or nowhere. */
function placeCollection(rule: GarbageRule, iso: string, closure: YearEndClosure): string | undefined {
  // The closure wins over every policy: nothing is collected then unless an exception adds it.
  if (isGarbageClosureDay(iso, closure)) return undefined
  if (!isNationalHoliday(iso)) return iso
  switch (rule.holidayPolicy) {
    case 'collect':
      return iso
    case 'skip':
      return undefined
    case 'next-business-day':
      return nextCollectionBusinessDay(iso, closure)
  }
}

function compareCollections(a: GarbageCollection, b: GarbageCollection): number {
  if (a.date !== b.date) return a.date < b.date ? -1 : 1
  return a.type < b.type ? -1 : a.type > b.type ? 1 : 0
}

/**
 * Lists a district's collections from `from` to `to`, both included, sorted by date then type.
 * A type collected twice on one day (a moved day meeting a regular one) appears once.
 * Throws RangeError on an invalid date (see toIsoDate).
 */
export function collectionDays(calendar: GarbageCalendar, district: string, from: CalendarDateInput, to: CalendarDateInput): GarbageCollection[] {
  const first = toIsoDate(from)
  const last = toIsoDate(to)
  if (first > last) return []
  const rules = calendar.rules.filter(rule => rule.district === district)
  const byKey = new Map<string, GarbageCollection>()
  const keep = (collection: GarbageCollection) => {
    const key = `${collection.date}\u0000${collection.type}`
    if (!byKey.has(key)) byKey.set(key, collection)
  }
  for (let day = addCalendarDays(first, -MOVE_LOOKBACK_DAYS); day <= last; day = addCalendarDays(day, 1)) {
    for (const rule of rules) {
      if (!isScheduledOn(rule.schedule, day)) continue
      const placed = placeCollection(rule, day, calendar.yearEndClosure)
      if (placed === undefined || placed < first || placed > last) continue
      keep({
        date: placed,
        type: rule.type,
        ...(rule.note ? { note: rule.note } : {}),
        ...(placed !== day ? { movedFrom: day } : {}),
      })
    }
  }
  const exceptions = calendar.exceptions.filter(exception => exception.district === district && exception.date >= first && exception.date <= last)
  for (const exception of exceptions) {
    if (exception.action !== 'cancel') continue
    for (const [key, collection] of byKey) {
      if (collection.date === exception.date && (exception.type === undefined || collection.type === exception.type)) byKey.delete(key)
    }
  }
  for (const exception of exceptions) {
    if (exception.action !== 'add' || exception.type === undefined) continue
    // An added day replaces any regular one of the same type so that its note is the one shown.
    byKey.set(`${exception.date}\u0000${exception.type}`, {
      date: exception.date,
      type: exception.type,
      ...(exception.note ? { note: exception.note } : {}),
    })
  }
  return [...byKey.values()].sort(compareCollections)
}

// Looking further ahead than this finds nothing a resident would wait for.
const NEXT_COLLECTIONS_HORIZON_DAYS = 2 * 366
const NEXT_COLLECTIONS_WINDOW_DAYS = 62

/**
 * The next `count` collections in a district from `today` (included), in date order; fewer when
 * the rules hold fewer within two years.
 */
export function nextCollections(calendar: GarbageCalendar, district: string, today: CalendarDateInput, count: number): GarbageCollection[] {
  if (!Number.isInteger(count) || count <= 0) return []
  const start = toIsoDate(today)
  const horizon = addCalendarDays(start, NEXT_COLLECTIONS_HORIZON_DAYS)
  const found: GarbageCollection[] = []
  for (let windowStart = start; windowStart <= horizon && found.length < count; windowStart = addCalendarDays(windowStart, NEXT_COLLECTIONS_WINDOW_DAYS)) {
    const windowEnd = addCalendarDays(windowStart, NEXT_COLLECTIONS_WINDOW_DAYS - 1)
    found.push(...collectionDays(calendar, district, windowStart, windowEnd < horizon ? windowEnd : horizon))
  }
  return found.slice(0, count)
}

/** When reminders go out: the evening before, or the morning of the collection. */
export type ReminderChoice = 'evening-before' | 'same-morning'

/** Tokyo wall-clock times 'HH:MM' for each reminder choice. */
export const ReminderSettingsSchema = z.object({
  eveningBeforeAt: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/).default('19:00'),
  sameMorningAt: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/).default('06:30'),
})
export type ReminderSettings = z.infer<typeof ReminderSettingsSchema>

const DEFAULT_REMINDER_SETTINGS: ReminderSettings = { eveningBeforeAt: '19:00', sameMorningAt: '06:30' }
// Japan has kept UTC+9 all year since 1952; reminders are never scheduled for earlier years.
const TOKYO_OFFSET_HOURS = 9

function tokyoInstant(iso: string, time: string): Date {
  const { year, month, day } = toCalendarDateParts(iso)
  const [hours, minutes] = time.split(':').map(Number)
  return new Date(Date.UTC(year, month - 1, day, (hours ?? 0) - TOKYO_OFFSET_HOURS, minutes ?? 0))
}

/**
 * The instants to send reminders for a collection on `date`, one per choice, in time order:
 * 'evening-before' at `eveningBeforeAt` on the previous day, 'same-morning' at `sameMorningAt`.
 */
export function reminderTimes(
  date: CalendarDateInput,
  choice: ReminderChoice | readonly ReminderChoice[],
  settings: ReminderSettings = DEFAULT_REMINDER_SETTINGS,
): Date[] {
  const iso = toIsoDate(date)
  const choices = new Set(typeof choice === 'string' ? [choice] : choice)
  const instants = [...choices].map(one => {
    switch (one) {
      case 'evening-before':
        return tokyoInstant(addCalendarDays(iso, -1), settings.eveningBeforeAt)
      case 'same-morning':
        return tokyoInstant(iso, settings.sameMorningAt)
    }
  })
  return instants.sort((a, b) => a.getTime() - b.getTime())
}
