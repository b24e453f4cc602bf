/**
 * The closure, slot template, slot exception and "generate slots" forms: posted values → row
 * values, or problems per input. Pure.
 */
import { addCalendarDays } from '../../../jp/calendar-date.js'
import type { LocalizedText, SlotExceptionKind } from '../reservation-tables.js'
import { minutesOfDay } from '../reservation-time.js'
import { readWeekdays } from './facility-form.js'
import { calendarDate, choice, integer, localizedText, text, timeOfDay, type FormProblem, type FormResult, type FormValues } from './setup-form-values.js'
import { MAX_GENERATION_DAYS } from './slot-generation.js'

const K = 'reservations.setup.form.'
/** Most template rows one form may add (a day of 5-minute slots). */
export const MAX_TEMPLATES_AT_ONCE = 288
/** Longest closure one row may cover. */
export const MAX_CLOSURE_DAYS = 366

export type ClosureScope = { kind: 'tenant' } | { kind: 'facility'; facilityId: string } | { kind: 'resource'; resourceId: string }

export interface ClosureValues {
  scope: ClosureScope
  startsOn: string
  endsOn: string
  reasons: Partial<LocalizedText>
}

/** Scope options are 'tenant', 'facility:<id>' and 'resource:<id>' among the tenant's own. */
export function readClosureForm(form: FormValues, known: { facilityIds: readonly string[]; resourceIds: readonly string[] }): FormResult<ClosureValues> {
  const problems: FormProblem[] = []
  const rawScope = text(form, 'scope')
  const [kind, id = ''] = rawScope.split(':')
  let scope: ClosureScope | undefined
  if (rawScope === 'tenant') scope = { kind: 'tenant' }
  else if (kind === 'facility' && known.facilityIds.includes(id)) scope = { kind: 'facility', facilityId: id }
  else if (kind === 'resource' && known.resourceIds.includes(id)) scope = { kind: 'resource', resourceId: id }
  else problems.push({ field: 'scope', key: rawScope === '' ? `${K}required` : `${K}choice` })
  const startsOn = calendarDate(form, 'startsOn', problems)
  const endsOn = calendarDate(form, 'endsOn', problems, { required: false }) || startsOn
  if (startsOn && endsOn) {
    if (endsOn < startsOn) problems.push({ field: 'endsOn', key: `${K}endDateAfterStart` })
    else if (addCalendarDays(startsOn, MAX_CLOSURE_DAYS) <= endsOn) problems.push({ field: 'endsOn', key: `${K}rangeTooLong`, params: { max: MAX_CLOSURE_DAYS } })
  }
  const reasons = localizedText(form, 'reason', problems, { max: 200, required: true, singleLine: true })
  if (problems.length > 0 || !scope) return { ok: false, problems }
  return { ok: true, values: { scope, startsOn, endsOn, reasons } }
}

export interface TemplateValues {
  weekdays: number[]
  /** one row per slot: the form may split start–end into slots of `slotMinutes` */
  slots: { startTime: string; endTime: string }[]
  capacity: number
  validFrom: string
  validUntil: string | null
}

export type TemplateTimes = { weekdays: number[]; startTime: string; endTime: string; validFrom: string; validUntil: string | null }

const toTime = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`
const validityMeets = (a: Pick<TemplateTimes, 'validFrom' | 'validUntil'>, b: Pick<TemplateTimes, 'validFrom' | 'validUntil'>) =>
  (a.validUntil === null || b.validFrom <= a.validUntil) && (b.validUntil === null || a.validFrom <= b.validUntil)

/** True when two templates could make slots at overlapping times on the same day. */
export function templatesOverlap(a: TemplateTimes, b: TemplateTimes): boolean {
  return (
    a.weekdays.some(day => b.weekdays.includes(day)) &&
    validityMeets(a, b) &&
    minutesOfDay(a.startTime) < minutesOfDay(b.endTime) &&
    minutesOfDay(b.startTime) < minutesOfDay(a.endTime)
  )
}

/**
 * Reads the template form. Times must fall within the facility's opening hours, and the new
 * slots may not overlap the resource's other templates on a shared weekday and validity (a room
 * would otherwise be offered twice for the same hour).
 */
export function readTemplateForm(form: FormValues, context: { openingTime: string; closingTime: string; existing: readonly TemplateTimes[] }): FormResult<TemplateValues> {
  const problems: FormProblem[] = []
  const weekdays = readWeekdays(form, 'weekdays', problems, { required: true })
  const startTime = timeOfDay(form, 'startTime', problems)
  const endTime = timeOfDay(form, 'endTime', problems)
  const rawStep = text(form, 'slotMinutes')
  const slotMinutes = rawStep === '' ? 0 : integer(form, 'slotMinutes', problems, { min: 5, max: 720 })
  const capacity = integer(form, 'capacity', problems, { min: 1, max: 10000 })
  const validFrom = calendarDate(form, 'validFrom', problems)
  const validUntil = calendarDate(form, 'validUntil', problems, { required: false }) || null
  if (validFrom && validUntil && validUntil < validFrom) problems.push({ field: 'validUntil', key: `${K}endDateAfterStart` })
  const slots: { startTime: string; endTime: string }[] = []
  if (startTime && endTime) {
    const start = minutesOfDay(startTime)
    const end = minutesOfDay(endTime)
    if (end <= start) problems.push({ field: 'endTime', key: `${K}endAfterStart` })
    else if (start < minutesOfDay(context.openingTime) || end > minutesOfDay(context.closingTime)) problems.push({ field: 'startTime', key: `${K}outsideOpeningHours`, params: { opening: context.openingTime.slice(0, 5), closing: context.closingTime.slice(0, 5) } })
    else if (slotMinutes > 0) {
      if ((end - start) % slotMinutes !== 0) problems.push({ field: 'slotMinutes', key: `${K}slotMinutesDivide` })
      else if ((end - start) / slotMinutes > MAX_TEMPLATES_AT_ONCE) problems.push({ field: 'slotMinutes', key: `${K}tooManySlots`, params: { max: MAX_TEMPLATES_AT_ONCE } })
      else for (let at = start; at < end; at += slotMinutes) slots.push({ startTime: toTime(at), endTime: toTime(at + slotMinutes) })
    } else slots.push({ startTime, endTime })
  }
  if (problems.length === 0 && validFrom) {
    const clash = context.existing.find(other => slots.some(slot => templatesOverlap({ weekdays, ...slot, validFrom, validUntil }, other)))
    if (clash) problems.push({ field: 'startTime', key: `${K}templateOverlap`, params: { start: clash.startTime.slice(0, 5), end: clash.endTime.slice(0, 5) } })
  }
  if (problems.length > 0) return { ok: false, problems }
  return { ok: true, values: { weekdays, slots, capacity, validFrom, validUntil } }
}

export interface ExceptionValues {
  onDate: string
  kind: SlotExceptionKind
  startTime: string | null
  endTime: string | null
  capacity: number | null
}

const EXCEPTION_KINDS = ['cancel', 'capacity', 'extra'] as const

/** cancel: optional start time (none = the whole day); capacity: capacity, optional start; extra: start, end, capacity. */
export function readExceptionForm(form: FormValues): FormResult<ExceptionValues> {
  const problems: FormProblem[] = []
  const onDate = calendarDate(form, 'onDate', problems)
  const kind = choice(form, 'kind', EXCEPTION_KINDS, problems)
  const isExtra = kind === 'extra'
  const startTime = timeOfDay(form, 'exceptionStart', problems, { required: isExtra }) || null
  const endTime = isExtra ? timeOfDay(form, 'exceptionEnd', problems) || null : null
  const capacity = kind === 'cancel' ? null : integer(form, 'exceptionCapacity', problems, { min: kind === 'capacity' ? 0 : 1, max: 10000 })
  if (isExtra && startTime && endTime && minutesOfDay(endTime) <= minutesOfDay(startTime)) problems.push({ field: 'exceptionEnd', key: `${K}endAfterStart` })
  if (problems.length > 0) return { ok: false, problems }
  return { ok: true, values: { onDate, kind, startTime, endTime, capacity } }
}

/** The date range of "generate slots" (both included, at most MAX_GENERATION_DAYS). */
export function readGenerationForm(form: FormValues): FormResult<{ from: string; until: string }> {
  const problems: FormProblem[] = []
  const from = calendarDate(form, 'from', problems)
  const until = calendarDate(form, 'until', problems)
  if (from && until) {
    if (until < from) problems.push({ field: 'until', key: `${K}endDateAfterStart` })
    else if (addCalendarDays(from, MAX_GENERATION_DAYS) <= until) problems.push({ field: 'until', key: `${K}rangeTooLong`, params: { max: MAX_GENERATION_DAYS } })
  }
  if (problems.length > 0) return { ok: false, problems }
  return { ok: true, values: { from, until } }
}
