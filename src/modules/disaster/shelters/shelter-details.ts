/**
 * A shelter's details typed by staff (a place opened that is not in the imported list, e.g. a
 * 福祉避難所, or names in やさしい日本語 and English the standard CSV does not carry). Pure.
 */
import { boundedText, formValuesOf, list, text, type FormProblem, type FormValues } from '../../../platform/http/form-values.js'
import { SHELTER_HAZARDS, type ShelterHazard } from './shelter-csv.js'

const P = 'disaster.shelters.details.'

export interface ShelterDetails {
  code: string
  names: { ja: string; 'ja-easy'?: string; en?: string }
  address: string
  latitude: number | null
  longitude: number | null
  isEmergencyPlace: boolean
  isShelter: boolean
  hazards: ShelterHazard[]
  capacity: number | null
  phone: string
  isAccessible: boolean
}

const CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,59}$/
const PHONE = /^[0-9+][0-9+\-() ]{0,39}$/

function coordinate(form: FormValues, name: string, min: number, max: number, problems: FormProblem[]): number | null {
  const raw = text(form, name).normalize('NFKC')
  if (raw === '') return null
  const value = Number(raw)
  if (!/^-?\d{1,3}(\.\d{1,8})?$/.test(raw) || value < min || value > max) {
    problems.push({ field: name, key: `${P}${name}Invalid`, params: { min, max } })
    return null
  }
  return value
}

/** The details form (with `code` only for a new shelter), or the problems to show. */
export function parseShelterDetails(body: unknown, options: { isNew: boolean }): { form: FormValues; input?: ShelterDetails; problems: FormProblem[] } {
  const form = formValuesOf(body)
  const problems: FormProblem[] = []
  const code = options.isNew ? text(form, 'code').normalize('NFKC') : ''
  if (options.isNew && !CODE.test(code)) problems.push({ field: 'code', key: `${P}codeInvalid` })
  const ja = boundedText(form, 'nameJa', problems, { max: 200, required: true, singleLine: true, keyPrefix: `${P}name.` })
  const easy = boundedText(form, 'nameEasy', problems, { max: 200, singleLine: true, keyPrefix: `${P}name.` })
  const en = boundedText(form, 'nameEn', problems, { max: 200, singleLine: true, keyPrefix: `${P}name.` })
  const address = boundedText(form, 'address', problems, { max: 300, required: true, singleLine: true, keyPrefix: `${P}address.` })
  const latitude = coordinate(form, 'latitude', 20, 46, problems)
  const longitude = coordinate(form, 'longitude', 122, 154, problems)
  if ((latitude === null) !== (longitude === null) && !problems.some(p => p.field === 'latitude' || p.field === 'longitude')) problems.push({ field: latitude === null ? 'latitude' : 'longitude', key: `${P}coordinatesPair` })
  const kinds = list(form, 'kinds')
  if (!kinds.includes('emergencyPlace') && !kinds.includes('shelter')) problems.push({ field: 'kinds', key: `${P}kindRequired` })
  const hazards = SHELTER_HAZARDS.filter(h => list(form, 'hazards').includes(h))
  const rawCapacity = text(form, 'capacity').normalize('NFKC').replace(/,/g, '')
  let capacity: number | null = null
  if (rawCapacity !== '') {
    if (!/^\d{1,7}$/.test(rawCapacity) || Number(rawCapacity) > 1_000_000) problems.push({ field: 'capacity', key: `${P}capacityInvalid` })
    else capacity = Number(rawCapacity)
  }
  const phone = text(form, 'phone').normalize('NFKC')
  if (phone !== '' && !PHONE.test(phone)) problems.push({ field: 'phone', key: `${P}phoneInvalid` })
  if (problems.length > 0) return { form, problems }
  const names: ShelterDetails['names'] = { ja, ...(easy ? { 'ja-easy': easy } : {}), ...(en ? { en } : {}) }
  return {
    form,
    problems,
    input: { code, names, address, latitude, longitude, isEmergencyPlace: kinds.includes('emergencyPlace'), isShelter: kinds.includes('shelter'), hazards, capacity, phone, isAccessible: list(form, 'accessible').includes('on') },
  }
}
