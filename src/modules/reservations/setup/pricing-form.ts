/** The fee rule, purpose and exemption forms: posted values → row values, or problems per input. Pure. */
import { DAY_KINDS, type DayKind, type FeeExemption, type FeeRule, type LocalizedText, type Purpose } from '../reservation-tables.js'
import { minutesOfDay } from '../reservation-time.js'
import { choice, code, integer, isTicked, localizedText, localizedValues, timeOfDay, type FormProblem, type FormResult, type FormValues } from './setup-form-values.js'

const K = 'reservations.setup.form.'
export const MAX_FEE_YEN = 10_000_000

export interface FeeRuleValues {
  dayKind: DayKind
  bandStart: string
  bandEnd: string
  residentFeeYen: number
  nonResidentFeeYen: number
}

const dayKindsMeet = (a: DayKind, b: DayKind) => a === 'all' || b === 'all' || a === b

/**
 * Reads a fee band. A band may not overlap another of the same days (平日 and 土日祝 bands may
 * share hours; 'all' meets both): the fee of a slot would otherwise be counted twice.
 */
export function readFeeRuleForm(form: FormValues, existing: readonly Pick<FeeRule, 'dayKind' | 'bandStart' | 'bandEnd'>[]): FormResult<FeeRuleValues> {
  const problems: FormProblem[] = []
  const dayKind = choice(form, 'dayKind', DAY_KINDS, problems, 'all')
  const bandStart = timeOfDay(form, 'bandStart', problems)
  const bandEnd = timeOfDay(form, 'bandEnd', problems)
  const residentFeeYen = integer(form, 'residentFeeYen', problems, { min: 0, max: MAX_FEE_YEN })
  const nonResidentFeeYen = integer(form, 'nonResidentFeeYen', problems, { min: 0, max: MAX_FEE_YEN })
  if (bandStart && bandEnd) {
    const start = minutesOfDay(bandStart)
    const end = minutesOfDay(bandEnd)
    if (end <= start) problems.push({ field: 'bandEnd', key: `${K}endAfterStart` })
    else if (existing.some(rule => dayKindsMeet(rule.dayKind, dayKind) && minutesOfDay(rule.bandStart) < end && start < minutesOfDay(rule.bandEnd))) problems.push({ field: 'bandStart', key: `${K}bandOverlap` })
  }
  if (problems.length > 0) return { ok: false, problems }
  return { ok: true, values: { dayKind, bandStart, bandEnd, residentFeeYen, nonResidentFeeYen } }
}

export interface PurposeValues {
  code: string
  names: LocalizedText
  feePercent: number
  sortOrder: number
}

export function readPurposeForm(form: FormValues, isNew: boolean): FormResult<PurposeValues> {
  const problems: FormProblem[] = []
  const purposeCode = isNew ? code(form, 'code', problems) : ''
  const names = localizedText(form, 'name', problems, { max: 60, required: true, singleLine: true }) as LocalizedText
  const feePercent = integer(form, 'feePercent', problems, { min: 0, max: 1000 })
  const sortOrder = integer(form, 'sortOrder', problems, { min: 0, max: 9999, fallback: 0 })
  if (problems.length > 0) return { ok: false, problems }
  return { ok: true, values: { code: purposeCode, names, feePercent, sortOrder } }
}

export function purposeFormValues(purpose?: Purpose): FormValues {
  if (!purpose) return { feePercent: '100', sortOrder: '0' }
  return { code: purpose.code, ...localizedValues('name', purpose.names), feePercent: String(purpose.feePercent), sortOrder: String(purpose.sortOrder) }
}

export interface ExemptionValues {
  code: string
  names: LocalizedText
  proofNotes: Partial<LocalizedText>
  percentOff: number
  isGroupOnly: boolean
  sortOrder: number
}

export function readExemptionForm(form: FormValues, isNew: boolean): FormResult<ExemptionValues> {
  const problems: FormProblem[] = []
  const exemptionCode = isNew ? code(form, 'code', problems) : ''
  const names = localizedText(form, 'name', problems, { max: 60, required: true, singleLine: true }) as LocalizedText
  const proofNotes = localizedText(form, 'proof', problems, { max: 500 })
  const percentOff = integer(form, 'percentOff', problems, { min: 1, max: 100 })
  const sortOrder = integer(form, 'sortOrder', problems, { min: 0, max: 9999, fallback: 0 })
  if (problems.length > 0) return { ok: false, problems }
  return { ok: true, values: { code: exemptionCode, names, proofNotes, percentOff, isGroupOnly: isTicked(form, 'isGroupOnly'), sortOrder } }
}

export function exemptionFormValues(exemption?: FeeExemption): FormValues {
  if (!exemption) return { sortOrder: '0' }
  return {
    code: exemption.code,
    ...localizedValues('name', exemption.names),
    ...localizedValues('proof', exemption.proofNotes),
    percentOff: String(exemption.percentOff),
    isGroupOnly: exemption.isGroupOnly ? 'yes' : '',
    sortOrder: String(exemption.sortOrder),
  }
}
