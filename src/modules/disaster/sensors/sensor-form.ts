/**
 * Reading the sensor registry form: names in three languages, kind, unit, location, thresholds
 * (checked by thresholdProblems), the plausible range, the reporting interval (minutes), the
 * hazard and the watched districts. Pure; problems are catalog keys on the input's name.
 */
import { boundedText, list, text, type FormProblem, type FormValues } from '../../../platform/http/form-values.js'
import { HAZARDS, type Hazard } from '../cap/cap-evacuation.js'
import { thresholdProblems } from './sensor-rules.js'
import { SENSOR_KINDS, type SensorKind } from './sensor-tables.js'

export const SENSOR_FORM_FIELDS = ['code', 'nameJa', 'nameEasy', 'nameEn', 'kind', 'unit', 'latitude', 'longitude', 'caution', 'warning', 'danger', 'hysteresis', 'rangeMin', 'rangeMax', 'intervalMinutes', 'hazard', 'districtIds'] as const
export type SensorFormField = (typeof SENSOR_FORM_FIELDS)[number]

/** What the form shows (as typed, so a refused form keeps the staff member's input). */
export type SensorFormValues = Record<Exclude<SensorFormField, 'districtIds'>, string> & { districtIds: string[] }

export interface SensorInput {
  code: string
  names: { ja: string; 'ja-easy'?: string; en?: string }
  kind: SensorKind
  unit: string
  latitude: number
  longitude: number
  cautionThreshold: number
  warningThreshold: number
  dangerThreshold: number
  hysteresis: number
  rangeMin: number
  rangeMax: number
  expectedIntervalSeconds: number
  hazard: Hazard
  districtIds: string[]
}

export const EMPTY_SENSOR_FORM: SensorFormValues = {
  code: '', nameJa: '', nameEasy: '', nameEn: '', kind: 'water_level', unit: 'm', latitude: '', longitude: '',
  caution: '', warning: '', danger: '', hysteresis: '0', rangeMin: '', rangeMax: '', intervalMinutes: '10', hazard: 'flood', districtIds: [],
}

const KEY = 'sensors.form.errors.'
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/** A decimal as staff type it: full-width digits, a full-width minus or a comma decimal are read too. */
export function parseDecimal(value: string): number | undefined {
  const normalised = value.normalize('NFKC').replace(/[−ー]/g, '-').replace(',', '.').trim()
  if (!/^-?\d+(\.\d+)?$/.test(normalised)) return undefined
  const number = Number(normalised)
  return Number.isFinite(number) ? number : undefined
}

export function readSensorForm(form: FormValues, allowedDistrictIds: readonly string[]): { values: SensorFormValues; input?: SensorInput; problems: FormProblem[] } {
  const problems: FormProblem[] = []
  const values: SensorFormValues = { ...EMPTY_SENSOR_FORM }
  for (const field of SENSOR_FORM_FIELDS) if (field !== 'districtIds') values[field] = text(form, field)
  values.districtIds = list(form, 'districtIds')

  const code = values.code.normalize('NFKC').toLowerCase()
  if (code === '') problems.push({ field: 'code', key: `${KEY}codeRequired` })
  else if (!/^[a-z0-9][a-z0-9-]{0,39}$/.test(code)) problems.push({ field: 'code', key: `${KEY}codeFormat` })
  const nameJa = boundedText(form, 'nameJa', problems, { max: 100, required: true, singleLine: true, keyPrefix: `${KEY}name.` })
  const nameEasy = boundedText(form, 'nameEasy', problems, { max: 100, singleLine: true, keyPrefix: `${KEY}name.` })
  const nameEn = boundedText(form, 'nameEn', problems, { max: 100, singleLine: true, keyPrefix: `${KEY}name.` })
  const kind = values.kind as SensorKind
  if (!SENSOR_KINDS.includes(kind)) problems.push({ field: 'kind', key: `${KEY}kind` })
  const unit = boundedText(form, 'unit', problems, { max: 20, required: true, singleLine: true, keyPrefix: `${KEY}unit.` })

  const number = (field: SensorFormField, check: (n: number) => boolean, key: string) => {
    const parsed = parseDecimal(values[field] as string)
    if (parsed === undefined) problems.push({ field, key: `${KEY}notANumber` })
    else if (!check(parsed)) problems.push({ field, key: `${KEY}${key}` })
    return parsed
  }
  const latitude = number('latitude', n => n >= 20 && n <= 46, 'latitude')
  const longitude = number('longitude', n => n >= 122 && n <= 154, 'longitude')
  const caution = number('caution', () => true, 'notANumber')
  const warning = number('warning', () => true, 'notANumber')
  const danger = number('danger', () => true, 'notANumber')
  const hysteresis = number('hysteresis', () => true, 'notANumber')
  if (caution !== undefined && warning !== undefined && danger !== undefined && hysteresis !== undefined) {
    for (const key of thresholdProblems({ caution, warning, danger, hysteresis })) {
      problems.push({ field: key.endsWith('NotRising') ? 'warning' : 'hysteresis', key })
    }
  }
  const rangeMin = number('rangeMin', () => true, 'notANumber')
  const rangeMax = number('rangeMax', () => true, 'notANumber')
  if (rangeMin !== undefined && rangeMax !== undefined && caution !== undefined && danger !== undefined) {
    if (!(rangeMin < rangeMax)) problems.push({ field: 'rangeMax', key: `${KEY}rangeNotRising` })
    else if (caution < rangeMin || danger > rangeMax) problems.push({ field: 'rangeMax', key: `${KEY}thresholdsOutsideRange` })
  }
  const interval = number('intervalMinutes', n => Number.isInteger(n) && n >= 1 && n <= 1440, 'interval')
  const hazard = values.hazard as Hazard
  if (!HAZARDS.includes(hazard)) problems.push({ field: 'hazard', key: `${KEY}hazard` })
  const districtIds = values.districtIds.map(id => id.toLowerCase())
  if (districtIds.some(id => !UUID.test(id) || !allowedDistrictIds.includes(id))) problems.push({ field: 'districtIds', key: `${KEY}districts` })

  if (problems.length > 0) return { values, problems }
  // Every number was read: a problem would have been reported above.
  const numbers = [latitude, longitude, caution, warning, danger, hysteresis, rangeMin, rangeMax, interval] as number[]
  const [lat, lng, c, w, d, h, min, max, minutes] = numbers as [number, number, number, number, number, number, number, number, number]
  return {
    values,
    problems,
    input: {
      code,
      names: { ja: nameJa, ...(nameEasy ? { 'ja-easy': nameEasy } : {}), ...(nameEn ? { en: nameEn } : {}) },
      kind,
      unit,
      latitude: lat,
      longitude: lng,
      cautionThreshold: c,
      warningThreshold: w,
      dangerThreshold: d,
      hysteresis: h,
      rangeMin: min,
      rangeMax: max,
      expectedIntervalSeconds: minutes * 60,
      hazard,
      districtIds,
    },
  }
}
