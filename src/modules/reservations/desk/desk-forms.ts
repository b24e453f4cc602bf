/**
 * The desk's forms and query strings, parsed without the database: the booking list's filters,
 * the booking on behalf of a resident, the cancellation reason, the report period. Problems come
 * back as field → message key (translated by the page), for a 422 re-render.
 */
import { addCalendarDays } from '../../../jp/calendar-date.js'
import { isUuid } from '../../../platform/http/params.js'
import { RESERVATION_STATUSES, type ReservationStatus } from '../reservation-tables.js'
import { tokyoDate, tokyoInstant } from '../reservation-time.js'
import type { BookingFilter } from './desk-repository.js'
import { isPlausibleEmail, MAX_REPORT_DAYS, normalisePhone, parseIsoDate, parseReference } from './desk-rules.js'

export type FieldProblems = Record<string, string>

const K = 'reservations.desk.invalid.'

/** Text of a form or query field, NFKC-folded (full-width digits typed with an IME read as ASCII) and trimmed. */
export function fieldText(source: unknown, name: string): string {
  const value = source && typeof source === 'object' ? (source as Record<string, unknown>)[name] : undefined
  const first = Array.isArray(value) ? value[0] : value
  return typeof first === 'string' ? first.normalize('NFKC').trim() : ''
}

export { isUuid }

// ---------------------------------------------------------------------------------------------
// the booking list

export const FILTER_FIELDS = ['facility', 'resource', 'from', 'to', 'status', 'reference', 'name'] as const
export type FilterValues = Record<(typeof FILTER_FIELDS)[number], string>

/**
 * The list's filters. Without any date the list starts today (what the desk deals with); an
 * explicit empty `from` (the form's field cleared) lists from the beginning.
 */
export function parseBookingFilter(query: unknown, now: Date): { values: FilterValues; filter: BookingFilter; problems: FieldProblems } {
  const raw = Object.fromEntries(FILTER_FIELDS.map(field => [field, fieldText(query, field).slice(0, 100)])) as FilterValues
  const hasFrom = query !== null && typeof query === 'object' && 'from' in query
  const values: FilterValues = { ...raw, from: hasFrom ? raw.from : tokyoDate(now) }
  const problems: FieldProblems = {}
  const filter: BookingFilter = {}
  if (values.facility) {
    if (isUuid(values.facility)) filter.facilityId = values.facility.toLowerCase()
    else problems.facility = `${K}choice`
  }
  if (values.resource) {
    if (isUuid(values.resource)) filter.resourceId = values.resource.toLowerCase()
    else problems.resource = `${K}choice`
  }
  if (values.from) {
    const from = parseIsoDate(values.from)
    if (from) filter.startsFrom = tokyoInstant(from, '00:00')
    else problems.from = `${K}date`
  }
  if (values.to) {
    const to = parseIsoDate(values.to)
    if (to) filter.startsBefore = tokyoInstant(addCalendarDays(to, 1), '00:00')
    else problems.to = `${K}date`
  }
  if (filter.startsFrom && filter.startsBefore && filter.startsBefore <= filter.startsFrom) problems.to = `${K}toBeforeFrom`
  if (values.status) {
    if ((RESERVATION_STATUSES as readonly string[]).includes(values.status)) filter.status = values.status as ReservationStatus
    else problems.status = `${K}choice`
  }
  if (values.reference) {
    const reference = parseReference(values.reference)
    if (reference) filter.reference = reference
    else problems.reference = `${K}reference`
  }
  if (values.name) filter.name = values.name
  return { values, filter, problems }
}

// ---------------------------------------------------------------------------------------------
// a booking on behalf of a resident

export const BOOKING_FORM_FIELDS = ['residentId', 'applicantName', 'applicantPhone', 'applicantEmail', 'channel', 'partySize', 'purposeCode', 'exemptionCode', 'groupId', 'isResidentRateConfirmed', 'isStaffOverride', 'idempotencyKey'] as const
export type BookingFormValues = Record<(typeof BOOKING_FORM_FIELDS)[number], string>

export interface ManualBookingInput {
  residentId?: string
  applicantName?: string
  applicantPhone?: string
  applicantEmail?: string
  channel: 'phone' | 'counter'
  partySize: number
  purposeCode?: string
  exemptionCode?: string
  groupId?: string
  isResidentRateConfirmed: boolean
  isStaffOverride: boolean
  idempotencyKey: string
}

export function bookingFormValues(body: unknown): BookingFormValues {
  return Object.fromEntries(BOOKING_FORM_FIELDS.map(field => [field, fieldText(body, field).slice(0, 300)])) as BookingFormValues
}

const CODE_PATTERN = /^[a-z0-9][a-z0-9-]{0,39}$/

/**
 * Checks the form of a booking made by staff for someone: with a resident account the name and
 * contact come from it unless typed; without one the name and a telephone number are required.
 */
export function parseManualBooking(values: BookingFormValues): { ok: true; input: ManualBookingInput } | { ok: false; problems: FieldProblems } {
  const problems: FieldProblems = {}
  const residentId = values.residentId ? (isUuid(values.residentId) ? values.residentId.toLowerCase() : undefined) : undefined
  if (values.residentId && !residentId) problems.residentId = `${K}choice`
  const hasAccount = residentId !== undefined

  const name = values.applicantName
  if (!hasAccount && name.length === 0) problems.applicantName = `${K}nameRequired`
  else if ([...name].length > 100) problems.applicantName = `${K}nameTooLong`

  let phone: string | undefined
  if (values.applicantPhone) {
    phone = normalisePhone(values.applicantPhone)
    if (!phone) problems.applicantPhone = `${K}phone`
  } else if (!hasAccount) {
    problems.applicantPhone = `${K}phoneRequired`
  }
  if (values.applicantEmail && !isPlausibleEmail(values.applicantEmail)) problems.applicantEmail = `${K}email`

  if (values.channel !== 'phone' && values.channel !== 'counter') problems.channel = `${K}channel`
  const partySize = /^\d{1,5}$/.test(values.partySize) ? Number(values.partySize) : NaN
  if (!Number.isInteger(partySize) || partySize < 1 || partySize > 10000) problems.partySize = `${K}partySize`
  if (values.purposeCode && !CODE_PATTERN.test(values.purposeCode)) problems.purposeCode = `${K}choice`
  if (values.exemptionCode && !CODE_PATTERN.test(values.exemptionCode)) problems.exemptionCode = `${K}choice`
  if (values.groupId && !isUuid(values.groupId)) problems.groupId = `${K}choice`
  if (!isUuid(values.idempotencyKey)) problems.bookingForm = `${K}formExpired`

  if (Object.keys(problems).length > 0) return { ok: false, problems }
  return {
    ok: true,
    input: {
      residentId,
      applicantName: name || undefined,
      applicantPhone: phone,
      applicantEmail: values.applicantEmail || undefined,
      channel: values.channel as 'phone' | 'counter',
      partySize,
      purposeCode: values.purposeCode || undefined,
      exemptionCode: values.exemptionCode || undefined,
      groupId: values.groupId ? values.groupId.toLowerCase() : undefined,
      // Only meaningful without an account: with one, the account's address decides the rate.
      isResidentRateConfirmed: !hasAccount && values.isResidentRateConfirmed === '1',
      isStaffOverride: values.isStaffOverride === '1',
      idempotencyKey: values.idempotencyKey.toLowerCase(),
    },
  }
}

/** The cancellation form: a reason staff can be asked about later (required), and whether the facility waives the fee. */
export function parseCancellation(body: unknown): { ok: true; reason: string; isFeeWaived: boolean } | { ok: false; problems: FieldProblems; reason: string } {
  const reason = fieldText(body, 'reason')
  const isFeeWaived = fieldText(body, 'isFeeWaived') === '1'
  if (reason.length === 0) return { ok: false, problems: { reason: `${K}reasonRequired` }, reason }
  if ([...reason].length > 500) return { ok: false, problems: { reason: `${K}reasonTooLong` }, reason: reason.slice(0, 500) }
  return { ok: true, reason, isFeeWaived }
}

// ---------------------------------------------------------------------------------------------
// the report period

/** The report's period: by default the four weeks up to today. */
export function parseReportPeriod(query: unknown, now: Date): { values: { from: string; to: string }; period?: { from: string; to: string }; problems: FieldProblems } {
  const today = tokyoDate(now)
  const values = { from: fieldText(query, 'from').slice(0, 20) || addCalendarDays(today, -27), to: fieldText(query, 'to').slice(0, 20) || today }
  const problems: FieldProblems = {}
  const from = parseIsoDate(values.from)
  const to = parseIsoDate(values.to)
  if (!from) problems.from = `${K}date`
  if (!to) problems.to = `${K}date`
  if (from && to) {
    if (to < from) problems.to = `${K}toBeforeFrom`
    else if (addCalendarDays(from, MAX_REPORT_DAYS - 1) < to) problems.to = `${K}periodTooLong`
  }
  return { values, period: from && to && Object.keys(problems).length === 0 ? { from, to } : undefined, problems }
}
