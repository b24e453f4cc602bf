/**
 * The lottery forms, parsed and checked without the database: staff's new-lottery form and a
 * resident's entry form. Problems come back as field → message key, for a 422 re-render.
 */
import { addCalendarDays, findIsoDateParts } from '../../../jp/calendar-date.js'
import { readApplicantName } from '../booking/index.js'
import { UUID_PATTERN } from '../reservation-request.js'
import { tokyoInstant } from '../reservation-time.js'

export type FieldProblems = Record<string, string>

export const LOTTERY_FORM_FIELDS = ['titleJa', 'titleEasy', 'titleEn', 'resourceId', 'slotsFrom', 'slotsUntil', 'opensOn', 'opensAt', 'closesOn', 'closesAt', 'maxEntries', 'confirmHours'] as const
export type LotteryFormValues = Record<(typeof LOTTERY_FORM_FIELDS)[number], string>

export interface NewLotteryInput {
  titles: { ja: string; 'ja-easy'?: string; en?: string }
  resourceId: string
  slotsFrom: string
  slotsUntil: string
  applicationsOpenAt: Date
  applicationsCloseAt: Date
  maxEntriesPerApplicant: number
  confirmHours: number
}

/** The longest stretch of slots one lottery may cover (a year's 抽選 is usually monthly). */
export const MAX_LOTTERY_DAYS = 366

const TIME_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)$/

/** Full-width digits and colons (typed with a Japanese IME) read as ASCII. */
export function normaliseInput(value: unknown): string {
  return typeof value === 'string' ? value.normalize('NFKC').trim() : ''
}

export function formValues<K extends string>(body: unknown, fields: readonly K[]): Record<K, string> {
  const source = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>
  return Object.fromEntries(fields.map(field => [field, normaliseInput(source[field])])) as Record<K, string>
}

export function parseWholeNumber(value: string, min: number, max: number): number | undefined {
  if (!/^\d{1,6}$/.test(value)) return undefined
  const n = Number(value)
  return n >= min && n <= max ? n : undefined
}

const K = 'reservations.lottery.invalid.'

/** Checks staff's new-lottery form; `now` decides what is already in the past. */
export function parseNewLottery(values: LotteryFormValues, now: Date): { ok: true; input: NewLotteryInput } | { ok: false; problems: FieldProblems } {
  const problems: FieldProblems = {}
  if (values.titleJa.length === 0) problems.titleJa = `${K}titleRequired`
  else if (values.titleJa.length > 100) problems.titleJa = `${K}tooLong100`
  if (values.titleEasy.length > 100) problems.titleEasy = `${K}tooLong100`
  if (values.titleEn.length > 100) problems.titleEn = `${K}tooLong100`
  if (!UUID_PATTERN.test(values.resourceId)) problems.resourceId = `${K}resource`

  const from = findIsoDateParts(values.slotsFrom) ? values.slotsFrom : undefined
  const until = findIsoDateParts(values.slotsUntil) ? values.slotsUntil : undefined
  if (!from) problems.slotsFrom = `${K}date`
  if (!until) problems.slotsUntil = `${K}date`
  if (from && until) {
    if (until < from) problems.slotsUntil = `${K}untilBeforeFrom`
    else if (addCalendarDays(from, MAX_LOTTERY_DAYS - 1) < until) problems.slotsUntil = `${K}rangeTooLong`
  }

  const instant = (date: string, time: string, dateField: string, timeField: string): Date | undefined => {
    const isDate = findIsoDateParts(date) !== undefined
    const isTime = TIME_PATTERN.test(time)
    if (!isDate) problems[dateField] = `${K}date`
    if (!isTime) problems[timeField] = `${K}time`
    return isDate && isTime ? tokyoInstant(date, time) : undefined
  }
  const opens = instant(values.opensOn, values.opensAt, 'opensOn', 'opensAt')
  const closes = instant(values.closesOn, values.closesAt, 'closesOn', 'closesAt')
  if (opens && closes) {
    if (closes.getTime() <= opens.getTime()) problems.closesOn = `${K}closeBeforeOpen`
    else if (closes.getTime() <= now.getTime()) problems.closesOn = `${K}closeInPast`
    else if (from && closes.getTime() > tokyoInstant(from, '00:00').getTime()) problems.closesOn = `${K}closeAfterSlots`
  }

  const maxEntries = parseWholeNumber(values.maxEntries, 1, 50)
  if (maxEntries === undefined) problems.maxEntries = `${K}maxEntries`
  const confirmHours = parseWholeNumber(values.confirmHours, 1, 720)
  if (confirmHours === undefined) problems.confirmHours = `${K}confirmHours`

  if (Object.keys(problems).length > 0 || !from || !until || !opens || !closes || maxEntries === undefined || confirmHours === undefined) return { ok: false, problems }
  return {
    ok: true,
    input: {
      titles: { ja: values.titleJa, ...(values.titleEasy ? { 'ja-easy': values.titleEasy } : {}), ...(values.titleEn ? { en: values.titleEn } : {}) },
      resourceId: values.resourceId.toLowerCase(),
      slotsFrom: from,
      slotsUntil: until,
      applicationsOpenAt: opens,
      applicationsCloseAt: closes,
      maxEntriesPerApplicant: maxEntries,
      confirmHours,
    },
  }
}

export const ENTRY_FORM_FIELDS = ['applicantName', 'partySize', 'purpose', 'groupId', 'idempotencyKey'] as const
export type EntryFormValues = Record<(typeof ENTRY_FORM_FIELDS)[number], string>

export interface EntryInput {
  /** typed by a resident whose account has no name (kept on the account) */
  applicantName?: string
  partySize: number
  purposeCode?: string
  groupId?: string
  idempotencyKey: string
}

/**
 * Checks a resident's entry form (the limits that need the database are checked by the service).
 * `accountName` is the resident's own name; without one the form must carry 氏名.
 */
export function parseEntry(values: EntryFormValues, maxParty: number, accountName: string): { ok: true; input: EntryInput } | { ok: false; problems: FieldProblems } {
  const problems: FieldProblems = {}
  const applicantName = readApplicantName(values.applicantName, accountName)
  if (applicantName.problem) problems.applicantName = applicantName.problem
  const partySize = parseWholeNumber(values.partySize, 1, maxParty)
  if (partySize === undefined) problems.partySize = `${K}partySize`
  if (values.purpose !== '' && !/^[a-z0-9][a-z0-9-]{0,39}$/.test(values.purpose)) problems.purpose = `${K}purpose`
  if (values.groupId !== '' && !UUID_PATTERN.test(values.groupId)) problems.groupId = `${K}group`
  // the hidden key comes from our own form; a missing or odd one is a tampered or stale page
  if (!UUID_PATTERN.test(values.idempotencyKey)) problems.partySize ??= `${K}staleForm`
  if (Object.keys(problems).length > 0 || partySize === undefined) return { ok: false, problems }
  return {
    ok: true,
    input: {
      ...(applicantName.name && !accountName ? { applicantName: applicantName.name } : {}),
      partySize,
      ...(values.purpose ? { purposeCode: values.purpose } : {}),
      ...(values.groupId ? { groupId: values.groupId.toLowerCase() } : {}),
      idempotencyKey: values.idempotencyKey.toLowerCase(),
    },
  }
}
