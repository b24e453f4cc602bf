/**
 * The facility and resource forms: every column of reservation_facilities and
 * reservation_resources, read from a posted form into row values, or problems per input. Pure.
 */
import { BOOKING_MODES, RESOURCE_CATEGORIES, RESOURCE_KINDS, WAITLIST_MODES, type Facility, type LocalizedText, type Resource } from '../reservation-tables.js'
import { minutesOfDay, tokyoDate, tokyoInstant, tokyoTime } from '../reservation-time.js'
import { boundedText, calendarDate, choice, code, integer, isTicked, list, localizedText, localizedValues, text, timeOfDay, type FormProblem, type FormResult, type FormValues } from './setup-form-values.js'

const K = 'reservations.setup.form.'

export interface FacilityValues {
  code: string
  names: LocalizedText
  descriptions: Partial<LocalizedText>
  address: string
  phone: string
  latitude: number | null
  longitude: number | null
  openingTime: string
  closingTime: string
  closedWeekdays: number[]
  isClosedOnHolidays: boolean
  isClosedYearEnd: boolean
  status: 'active' | 'suspended'
  sortOrder: number
}

const STATUSES = ['active', 'suspended'] as const

function coordinate(form: FormValues, name: string, limit: number, problems: FormProblem[]): number | null {
  const raw = text(form, name).normalize('NFKC')
  if (raw === '') return null
  const value = /^-?\d{1,3}(\.\d{1,8})?$/.test(raw) ? Number(raw) : Number.NaN
  if (!Number.isFinite(value) || Math.abs(value) > limit) {
    problems.push({ field: name, key: `${K}coordinate`, params: { max: limit } })
    return null
  }
  return value
}

function weekdays(form: FormValues, name: string, problems: FormProblem[], options: { required: boolean }): number[] {
  const values = list(form, name)
  const days = values.map(Number)
  if (days.some(day => !Number.isInteger(day) || day < 0 || day > 6)) {
    problems.push({ field: name, key: `${K}choice` })
    return []
  }
  if (options.required && days.length === 0) problems.push({ field: name, key: `${K}weekdaysRequired` })
  return [...new Set(days)].sort()
}

export function readWeekdays(form: FormValues, name: string, problems: FormProblem[], options: { required: boolean }): number[] {
  return weekdays(form, name, problems, options)
}

/** Reads the facility form; `isNew` asks for the code too (an existing facility keeps its code). */
export function readFacilityForm(form: FormValues, isNew: boolean): FormResult<FacilityValues> {
  const problems: FormProblem[] = []
  const facilityCode = isNew ? code(form, 'code', problems) : ''
  const names = localizedText(form, 'name', problems, { max: 60, required: true, singleLine: true }) as LocalizedText
  const descriptions = localizedText(form, 'description', problems, { max: 1000 })
  const address = boundedText(form, 'address', problems, { max: 200, singleLine: true })
  const phone = boundedText(form, 'phone', problems, { max: 30, singleLine: true })
  const latitude = coordinate(form, 'latitude', 90, problems)
  const longitude = coordinate(form, 'longitude', 180, problems)
  const openingTime = timeOfDay(form, 'openingTime', problems)
  const closingTime = timeOfDay(form, 'closingTime', problems)
  if (openingTime && closingTime && minutesOfDay(closingTime) <= minutesOfDay(openingTime)) problems.push({ field: 'closingTime', key: `${K}closingAfterOpening` })
  const closedWeekdays = weekdays(form, 'closedWeekdays', problems, { required: false })
  const status = choice(form, 'status', STATUSES, problems, 'active')
  const sortOrder = integer(form, 'sortOrder', problems, { min: 0, max: 9999, fallback: 0 })
  if (problems.length > 0) return { ok: false, problems }
  return {
    ok: true,
    values: { code: facilityCode, names, descriptions, address, phone, latitude, longitude, openingTime, closingTime, closedWeekdays, isClosedOnHolidays: isTicked(form, 'isClosedOnHolidays'), isClosedYearEnd: isTicked(form, 'isClosedYearEnd'), status, sortOrder },
  }
}

/** The form values showing a stored facility (or the defaults of a new one). */
export function facilityFormValues(facility?: Facility): FormValues {
  if (!facility) return { openingTime: '09:00', closingTime: '21:00', isClosedYearEnd: 'yes', status: 'active', sortOrder: '0' }
  return {
    code: facility.code,
    ...localizedValues('name', facility.names),
    ...localizedValues('description', facility.descriptions),
    address: facility.address,
    phone: facility.phone,
    latitude: facility.latitude === null ? '' : String(facility.latitude),
    longitude: facility.longitude === null ? '' : String(facility.longitude),
    openingTime: facility.openingTime.slice(0, 5),
    closingTime: facility.closingTime.slice(0, 5),
    closedWeekdays: facility.closedWeekdays.map(String),
    isClosedOnHolidays: facility.isClosedOnHolidays ? 'yes' : '',
    isClosedYearEnd: facility.isClosedYearEnd ? 'yes' : '',
    status: facility.status,
    sortOrder: String(facility.sortOrder),
  }
}

/** Equipment codes staff may tick on a resource (labels: reservations.setup.equipment.<code>). */
export const EQUIPMENT_CODES = ['projector', 'screen', 'whiteboard', 'microphone', 'audio', 'piano', 'kitchen', 'wifi', 'lighting', 'accessible-toilet'] as const
export type EquipmentCode = (typeof EQUIPMENT_CODES)[number]
export const equipmentLabelKey = (equipment: string): string => `reservations.setup.equipment.${equipment}`

export interface ResourceValues {
  facilityId: string
  code: string
  kind: Resource['kind']
  category: Resource['category']
  names: LocalizedText
  descriptions: Partial<LocalizedText>
  capacityPeople: number
  equipment: string[]
  purposes: string[]
  bookingMode: Resource['bookingMode']
  residentWindowDays: number
  nonResidentWindowDays: number
  minLeadHours: number
  holdMinutes: number
  paymentDeadlineHours: number
  allowsCounterPayment: boolean
  cancelDeadlineHours: number
  cancellationFeeHours: number
  cancellationFeePercent: number
  maxActivePerResident: number
  maxPartySize: number
  reminderDaysBefore: number
  reminderTime: string
  waitlistMode: Resource['waitlistMode']
  offerMinutes: number
  opensAt: Date | null
  queueMinutes: number
  queueRatePerSecond: number
  status: 'active' | 'suspended'
  sortOrder: number
}

/**
 * Reads the resource form. `facilityIds` and `purposeCodes` are what the tenant has (a posted
 * value outside them is a problem, not a foreign-key error); `isNew` asks for the code.
 */
export function readResourceForm(form: FormValues, isNew: boolean, known: { facilityIds: readonly string[]; purposeCodes: readonly string[] }): FormResult<ResourceValues> {
  const problems: FormProblem[] = []
  const facilityId = text(form, 'facilityId')
  if (!known.facilityIds.includes(facilityId)) problems.push({ field: 'facilityId', key: facilityId === '' ? `${K}required` : `${K}choice` })
  const resourceCode = isNew ? code(form, 'code', problems) : ''
  const kind = choice(form, 'kind', RESOURCE_KINDS, problems)
  const category = choice(form, 'category', RESOURCE_CATEGORIES, problems)
  const names = localizedText(form, 'name', problems, { max: 60, required: true, singleLine: true }) as LocalizedText
  const descriptions = localizedText(form, 'description', problems, { max: 1000 })
  const capacityPeople = integer(form, 'capacityPeople', problems, { min: 1, max: 100000 })
  const equipment = list(form, 'equipment')
  if (equipment.some(item => !(EQUIPMENT_CODES as readonly string[]).includes(item))) problems.push({ field: 'equipment', key: `${K}choice` })
  const purposes = list(form, 'purposes')
  if (purposes.some(item => !known.purposeCodes.includes(item))) problems.push({ field: 'purposes', key: `${K}choice` })
  const bookingMode = choice(form, 'bookingMode', BOOKING_MODES, problems, 'first_come')
  const residentWindowDays = integer(form, 'residentWindowDays', problems, { min: 1, max: 400 })
  const nonResidentWindowDays = integer(form, 'nonResidentWindowDays', problems, { min: 0, max: 400 })
  if (nonResidentWindowDays > residentWindowDays) problems.push({ field: 'nonResidentWindowDays', key: `${K}nonResidentWindow` })
  const minLeadHours = integer(form, 'minLeadHours', problems, { min: 0, max: 720 })
  const holdMinutes = integer(form, 'holdMinutes', problems, { min: 1, max: 120 })
  const paymentDeadlineHours = integer(form, 'paymentDeadlineHours', problems, { min: 1, max: 720 })
  const cancelDeadlineHours = integer(form, 'cancelDeadlineHours', problems, { min: 0, max: 720 })
  const cancellationFeeHours = integer(form, 'cancellationFeeHours', problems, { min: 0, max: 2160 })
  const cancellationFeePercent = integer(form, 'cancellationFeePercent', problems, { min: 0, max: 100 })
  const maxActivePerResident = integer(form, 'maxActivePerResident', problems, { min: 1, max: 100 })
  const maxPartySize = integer(form, 'maxPartySize', problems, { min: 1, max: 100 })
  const reminderDaysBefore = integer(form, 'reminderDaysBefore', problems, { min: 0, max: 30 })
  const reminderTime = timeOfDay(form, 'reminderTime', problems)
  const waitlistMode = choice(form, 'waitlistMode', WAITLIST_MODES, problems, 'sequential')
  const offerMinutes = integer(form, 'offerMinutes', problems, { min: 5, max: 1440 })
  const opensOn = calendarDate(form, 'opensOn', problems, { required: false })
  const opensTime = timeOfDay(form, 'opensTime', problems, { required: false })
  if ((opensOn === '') !== (opensTime === '') && !problems.some(p => p.field === 'opensOn' || p.field === 'opensTime')) problems.push({ field: opensOn === '' ? 'opensOn' : 'opensTime', key: `${K}opensAtBoth` })
  const queueMinutes = integer(form, 'queueMinutes', problems, { min: 0, max: 1440 })
  const queueRatePerSecond = integer(form, 'queueRatePerSecond', problems, { min: 1, max: 10000 })
  const status = choice(form, 'status', STATUSES, problems, 'active')
  const sortOrder = integer(form, 'sortOrder', problems, { min: 0, max: 9999, fallback: 0 })
  if (problems.length > 0) return { ok: false, problems }
  return {
    ok: true,
    values: {
      facilityId,
      code: resourceCode,
      kind,
      category,
      names,
      descriptions,
      capacityPeople,
      equipment,
      purposes,
      bookingMode,
      residentWindowDays,
      nonResidentWindowDays,
      minLeadHours,
      holdMinutes,
      paymentDeadlineHours,
      allowsCounterPayment: isTicked(form, 'allowsCounterPayment'),
      cancelDeadlineHours,
      cancellationFeeHours,
      cancellationFeePercent,
      maxActivePerResident,
      maxPartySize,
      reminderDaysBefore,
      reminderTime,
      waitlistMode,
      offerMinutes,
      opensAt: opensOn && opensTime ? tokyoInstant(opensOn, opensTime) : null,
      queueMinutes,
      queueRatePerSecond,
      status,
      sortOrder,
    },
  }
}

/** The form values showing a stored resource, or the column defaults for a new one in `facilityId`. */
export function resourceFormValues(resource: Resource | undefined, facilityId?: string): FormValues {
  if (!resource) {
    return {
      facilityId: facilityId ?? '',
      kind: 'space',
      category: 'meeting-room',
      capacityPeople: '',
      bookingMode: 'first_come',
      residentWindowDays: '90',
      nonResidentWindowDays: '30',
      minLeadHours: '0',
      holdMinutes: '10',
      paymentDeadlineHours: '72',
      allowsCounterPayment: 'yes',
      cancelDeadlineHours: '24',
      cancellationFeeHours: '0',
      cancellationFeePercent: '0',
      maxActivePerResident: '4',
      maxPartySize: '1',
      reminderDaysBefore: '1',
      reminderTime: '18:00',
      waitlistMode: 'sequential',
      offerMinutes: '30',
      queueMinutes: '0',
      queueRatePerSecond: '50',
      status: 'active',
      sortOrder: '0',
    }
  }
  return {
    facilityId: resource.facilityId,
    code: resource.code,
    kind: resource.kind,
    category: resource.category,
    ...localizedValues('name', resource.names),
    ...localizedValues('description', resource.descriptions),
    capacityPeople: String(resource.capacityPeople),
    equipment: resource.equipment,
    purposes: resource.purposes,
    bookingMode: resource.bookingMode,
    residentWindowDays: String(resource.residentWindowDays),
    nonResidentWindowDays: String(resource.nonResidentWindowDays),
    minLeadHours: String(resource.minLeadHours),
    holdMinutes: String(resource.holdMinutes),
    paymentDeadlineHours: String(resource.paymentDeadlineHours),
    allowsCounterPayment: resource.allowsCounterPayment ? 'yes' : '',
    cancelDeadlineHours: String(resource.cancelDeadlineHours),
    cancellationFeeHours: String(resource.cancellationFeeHours),
    cancellationFeePercent: String(resource.cancellationFeePercent),
    maxActivePerResident: String(resource.maxActivePerResident),
    maxPartySize: String(resource.maxPartySize),
    reminderDaysBefore: String(resource.reminderDaysBefore),
    reminderTime: resource.reminderTime.slice(0, 5),
    waitlistMode: resource.waitlistMode,
    offerMinutes: String(resource.offerMinutes),
    opensOn: resource.opensAt ? tokyoDate(resource.opensAt) : '',
    opensTime: resource.opensAt ? tokyoTime(resource.opensAt) : '',
    queueMinutes: String(resource.queueMinutes),
    queueRatePerSecond: String(resource.queueRatePerSecond),
    status: resource.status,
    sortOrder: String(resource.sortOrder),
  }
}
