/**
 * The booking rules, pure: who gets the resident rate and window, how far ahead and how late one
 * may book, party sizes, seats, the fee (bands prorated by minutes × purpose × exemption), the
 * cancellation fee and the deadlines. The core (booking-core.ts) reads the rows and applies these.
 */
import { addCalendarDays, toDayOfWeek } from '../../../jp/calendar-date.js'
import { isNationalHoliday } from '../../../jp/holidays.js'
import type { DayKind, FeeBreakdown, ReservationStatus, ResourceKind } from '../reservation-tables.js'
import { minutesOfDay, tokyoDate, tokyoTime } from '../reservation-time.js'

const HOUR_MS = 60 * 60 * 1000
const MINUTE_MS = 60 * 1000
const DAY_MINUTES = 24 * 60

const compact = (text: string) => text.normalize('NFKC').replace(/\s/g, '')

/**
 * 市内在住: the resident's address is in the municipality — the address they registered
 * (prefecture and city written together, so 'デモ県デモ市' and a city of 'デモ市本町' both match
 * 'デモ市'), or the address read from their My Number Card at login (基本4情報), which is the
 * stronger proof.
 */
export function isAddressInTenant(address: { addressPrefecture: string | null; addressCity: string | null; verifiedAddress?: string | null } | undefined, tenantName: string): boolean {
  if (!address || !tenantName) return false
  const name = compact(tenantName)
  const written = compact(`${address.addressPrefecture ?? ''}${address.addressCity ?? ''}`)
  if (written.length > 0 && written.includes(name)) return true
  const verified = compact(address.verifiedAddress ?? '')
  return verified.length > 0 && verified.includes(name)
}

export interface WindowInput {
  slotStartsAt: Date
  now: Date
  isResidentRate: boolean
  residentWindowDays: number
  nonResidentWindowDays: number
  /** an approved group's priority days, added to its window */
  groupPriorityDays?: number
  minLeadHours: number
}

export type WindowCheck =
  | { isOpen: true }
  | { isOpen: false; reason: 'past' | 'residents-only' | 'too-early' | 'too-late'; days?: number; hours?: number }

/** How many days ahead the applicant may book: the resident or non-resident window, plus a group's priority days. */
export function windowDays(input: Pick<WindowInput, 'isResidentRate' | 'residentWindowDays' | 'nonResidentWindowDays' | 'groupPriorityDays'>): number {
  const base = input.isResidentRate ? input.residentWindowDays : input.nonResidentWindowDays
  if (base <= 0) return 0
  return base + Math.max(0, input.groupPriorityDays ?? 0)
}

/**
 * Whether a slot may be booked now. Windows count Tokyo calendar days: with a 30-day window, on
 * 4/1 the slots up to 5/1 (inclusive) are open, whatever their time. The lead time counts hours
 * to the start.
 */
export function checkWindow(input: WindowInput): WindowCheck {
  if (input.slotStartsAt.getTime() <= input.now.getTime()) return { isOpen: false, reason: 'past' }
  const days = windowDays(input)
  if (days <= 0) return { isOpen: false, reason: 'residents-only' }
  const lastDate = addCalendarDays(tokyoDate(input.now), days)
  if (tokyoDate(input.slotStartsAt) > lastDate) return { isOpen: false, reason: 'too-early', days }
  if (input.slotStartsAt.getTime() - input.now.getTime() < input.minLeadHours * HOUR_MS) return { isOpen: false, reason: 'too-late', hours: input.minLeadHours }
  return { isOpen: true }
}

/** The first Tokyo date a slot opens to this applicant (for "予約受付は◯月◯日から"). */
export function windowOpensOn(slotStartsAt: Date, days: number): string {
  return addCalendarDays(tokyoDate(slotStartsAt), -days)
}

/**
 * The most people one booking may bring: a space holds its capacity_people; an appointment
 * takes one seat per person, up to max_party_size (a family at a vaccination).
 */
export function maxPartySize(resource: { kind: ResourceKind; capacityPeople: number; maxPartySize: number }): number {
  return resource.kind === 'space' ? resource.capacityPeople : resource.maxPartySize
}

export function isValidPartySize(partySize: number): boolean {
  return Number.isInteger(partySize) && partySize >= 1 && partySize <= 10000
}

/**
 * Seats a booking takes from its slot: a space is booked whole (one booking takes every seat of
 * the slot, usually 1), an appointment takes one seat per person.
 */
export function seatsFor(kind: ResourceKind, partySize: number, slotCapacity: number): number {
  return kind === 'space' ? Math.max(1, slotCapacity) : partySize
}

/** Which fee rules apply on a Tokyo date: weekends and national holidays are 'weekend_holiday'. */
export function dayKindOf(date: string): Exclude<DayKind, 'all'> {
  const weekday = toDayOfWeek(date)
  return weekday === 0 || weekday === 6 || isNationalHoliday(date) ? 'weekend_holiday' : 'weekday'
}

export interface FeeRuleInput {
  dayKind: DayKind
  bandStart: string
  bandEnd: string
  residentFeeYen: number
  nonResidentFeeYen: number
}

export interface FeeInput {
  startsAt: Date
  endsAt: Date
  rules: readonly FeeRuleInput[]
  isResidentRate: boolean
  purposeCode?: string
  /** the purpose's fee_percent (100 when no purpose is given) */
  purposePercent?: number
  exemptionCode?: string
  exemptionPercentOff?: number
}

/** The slot's minutes on the Tokyo clock; a slot ending at midnight ends at minute 1440. */
function slotMinutes(startsAt: Date, endsAt: Date): { start: number; end: number } {
  const start = minutesOfDay(tokyoTime(startsAt))
  const sameDay = tokyoDate(endsAt) === tokyoDate(startsAt)
  const end = sameDay ? minutesOfDay(tokyoTime(endsAt)) : Math.min(DAY_MINUTES, start + Math.round((endsAt.getTime() - startsAt.getTime()) / MINUTE_MS))
  return { start, end }
}

/**
 * The fee of a booking (integer yen). Each fee band the slot overlaps costs its fee × the
 * overlapping minutes ÷ the band's minutes (floored per band, so the breakdown adds up); the sum
 * is multiplied by the purpose's percent and by (100 − the exemption's percent off), then floored.
 * Rules for the day's kind (weekday / weekend_holiday) replace the 'all' rules when there are any.
 */
export function computeFee(input: FeeInput): FeeBreakdown {
  const date = tokyoDate(input.startsAt)
  const kind = dayKindOf(date)
  const specific = input.rules.filter(rule => rule.dayKind === kind)
  const rules = specific.length > 0 ? specific : input.rules.filter(rule => rule.dayKind === 'all')
  const { start, end } = slotMinutes(input.startsAt, input.endsAt)
  const bands: FeeBreakdown['bands'] = []
  for (const rule of [...rules].sort((a, b) => minutesOfDay(a.bandStart) - minutesOfDay(b.bandStart))) {
    const bandStart = minutesOfDay(rule.bandStart)
    const bandEnd = minutesOfDay(rule.bandEnd)
    const overlap = Math.min(end, bandEnd) - Math.max(start, bandStart)
    if (overlap <= 0 || bandEnd <= bandStart) continue
    const fee = input.isResidentRate ? rule.residentFeeYen : rule.nonResidentFeeYen
    bands.push({ bandStart: rule.bandStart.slice(0, 5), bandEnd: rule.bandEnd.slice(0, 5), minutes: overlap, yen: Math.floor((fee * overlap) / (bandEnd - bandStart)) })
  }
  const baseYen = bands.reduce((sum, band) => sum + band.yen, 0)
  const purposePercent = input.purposePercent ?? 100
  const exemptionPercentOff = input.exemptionCode ? Math.min(100, Math.max(0, input.exemptionPercentOff ?? 0)) : 0
  const totalYen = Math.floor((baseYen * purposePercent * (100 - exemptionPercentOff)) / 10000)
  return {
    bands,
    baseYen,
    isResidentRate: input.isResidentRate,
    ...(input.purposeCode ? { purposeCode: input.purposeCode } : {}),
    purposePercent,
    ...(input.exemptionCode ? { exemptionCode: input.exemptionCode } : {}),
    exemptionPercentOff,
    totalYen,
  }
}

/** When an unpaid booking is released: payment_deadline_hours after now, but at latest one hour before the start. */
export function paymentDeadline(now: Date, slotStartsAt: Date, paymentDeadlineHours: number): Date {
  const byHours = now.getTime() + paymentDeadlineHours * HOUR_MS
  const beforeStart = slotStartsAt.getTime() - HOUR_MS
  return new Date(Math.max(now.getTime(), Math.min(byHours, beforeStart)))
}

/** When a provisional hold ends: hold_minutes after now, never after the slot starts. */
export function holdDeadline(now: Date, slotStartsAt: Date, holdMinutes: number): Date {
  return new Date(Math.min(now.getTime() + holdMinutes * MINUTE_MS, slotStartsAt.getTime()))
}

export interface CancellationInput {
  status: ReservationStatus
  feeYen: number
  slotStartsAt: Date
  now: Date
  cancellationFeeHours: number
  cancellationFeePercent: number
}

/**
 * キャンセル料: only a confirmed booking with a fee, cancelled within cancellation_fee_hours of
 * its start, costs cancellation_fee_percent of the fee (floored). Holds and unpaid bookings cost
 * nothing: nothing was paid, and nothing is charged for letting them go.
 */
export function cancellationFee(input: CancellationInput): number {
  if (input.status !== 'confirmed' || input.feeYen <= 0 || input.cancellationFeePercent <= 0 || input.cancellationFeeHours <= 0) return 0
  const hoursLeft = (input.slotStartsAt.getTime() - input.now.getTime()) / HOUR_MS
  if (hoursLeft >= input.cancellationFeeHours) return 0
  return Math.floor((input.feeYen * input.cancellationFeePercent) / 100)
}

/**
 * Residents may cancel or reschedule online until cancel_deadline_hours before the start. A
 * provisional hold or a lottery win not yet confirmed may always be let go.
 */
export function isBeforeCancelDeadline(input: { status: ReservationStatus; slotStartsAt: Date; now: Date; cancelDeadlineHours: number }): boolean {
  if (input.status === 'held' || input.status === 'won') return true
  return input.slotStartsAt.getTime() - input.now.getTime() >= input.cancelDeadlineHours * HOUR_MS
}

/** When the reminder goes out: reminder_days_before days before the slot's Tokyo date, at reminder_time; undefined when off. */
export function reminderAt(slotStartsAt: Date, reminderDaysBefore: number, reminderTime: string, tokyoInstantOf: (date: string, time: string) => Date): Date | undefined {
  if (reminderDaysBefore <= 0) return undefined
  return tokyoInstantOf(addCalendarDays(tokyoDate(slotStartsAt), -reminderDaysBefore), reminderTime)
}

export const LIVE_STATUSES: readonly ReservationStatus[] = ['held', 'won', 'awaiting_payment', 'confirmed', 'checked_in']

export function isLive(status: ReservationStatus): boolean {
  return LIVE_STATUSES.includes(status)
}

/** The money to give back for a booking that ended after it was paid (paid fee − cancellation fee). */
export function refundDueYen(reservation: { status: ReservationStatus; paidAt: Date | null; feeYen: number; cancellationFeeYen: number }): number {
  if (!reservation.paidAt || (reservation.status !== 'cancelled' && reservation.status !== 'expired')) return 0
  return Math.max(0, reservation.feeYen - reservation.cancellationFeeYen)
}
