/** Reading the shelters forms: each problem is a catalog key on the input's name. Pure. */
import { boundedText, formValuesOf, list, text, type FormProblem, type FormValues } from '../../../platform/http/form-values.js'
import type { CheckInInput, StatusInput } from './shelter-service.js'
import { SHELTER_NEEDS, SHELTER_STATUSES, type ShelterNeed, type ShelterStatus } from './shelter-tables.js'

const P = 'disaster.shelters.form.'

function count(form: FormValues, name: string, problems: FormProblem[], options: { max: number; field?: string }): number {
  const raw = text(form, name).normalize('NFKC')
  const field = options.field ?? name
  if (raw === '') {
    problems.push({ field, key: `${P}countRequired` })
    return 0
  }
  if (!/^\d{1,7}$/.test(raw) || Number(raw) > options.max) {
    problems.push({ field, key: `${P}countInvalid`, params: { max: options.max } })
    return 0
  }
  return Number(raw)
}

export function parseStatusForm(body: unknown): { form: FormValues; input?: StatusInput; problems: FormProblem[] } {
  const form = formValuesOf(body)
  const problems: FormProblem[] = []
  const status = text(form, 'status')
  if (!(SHELTER_STATUSES as readonly string[]).includes(status)) problems.push({ field: 'status', key: `${P}statusRequired` })
  const manualEvacuees = count(form, 'manualEvacuees', problems, { max: 100_000 })
  const manualHouseholds = count(form, 'manualHouseholds', problems, { max: 100_000 })
  if (problems.length === 0 && manualHouseholds > manualEvacuees) problems.push({ field: 'manualHouseholds', key: `${P}householdsAboveEvacuees` })
  const needs = list(form, 'needs').filter((n): n is ShelterNeed => (SHELTER_NEEDS as readonly string[]).includes(n))
  const needsNote = boundedText(form, 'needsNote', problems, { max: 500, keyPrefix: P })
  if (problems.length > 0) return { form, problems }
  return { form, problems, input: { status: status as ShelterStatus, manualEvacuees, manualHouseholds, needs, needsNote } }
}

const TOKEN = /^[A-Za-z0-9-]{8,100}$/
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * The check-in form (kind = pass, resident or unregistered). The household-size field's id is
 * prefixed by the form it belongs to, so the error summary links to the right input.
 */
export function parseCheckInForm(body: unknown): { form: FormValues; input?: CheckInInput; problems: FormProblem[]; badRequest?: boolean } {
  const form = formValuesOf(body)
  const problems: FormProblem[] = []
  const kind = text(form, 'kind')
  const clientToken = text(form, 'clientToken')
  if (!TOKEN.test(clientToken) || !['pass', 'resident', 'unregistered'].includes(kind)) return { form, problems, badRequest: true }
  const sizeField = kind === 'pass' ? 'pass-householdSize' : kind === 'unregistered' ? 'walk-in-householdSize' : 'householdSize'
  const householdSize = count(form, 'householdSize', problems, { max: 50, field: sizeField })
  if (householdSize === 0 && !problems.some(p => p.field === sizeField)) problems.push({ field: sizeField, key: `${P}countInvalid`, params: { max: 50 } })
  if (kind === 'pass') {
    const pass = text(form, 'pass')
    if (!pass) problems.push({ field: 'pass', key: `${P}passRequired` })
    if (problems.length > 0) return { form, problems }
    return { form, problems, input: { evacuee: { kind: 'pass', pass }, householdSize, notes: '', clientToken } }
  }
  if (kind === 'resident') {
    const residentId = text(form, 'residentId')
    if (!UUID.test(residentId)) return { form, problems, badRequest: true }
    if (problems.length > 0) return { form, problems }
    return { form, problems, input: { evacuee: { kind: 'resident', residentId: residentId.toLowerCase() }, householdSize, notes: '', clientToken } }
  }
  const name = boundedText(form, 'name', problems, { max: 100, required: true, singleLine: true, keyPrefix: `${P}name.` })
  const nameKana = boundedText(form, 'nameKana', problems, { max: 100, singleLine: true, keyPrefix: `${P}kana.` })
  const notes = boundedText(form, 'notes', problems, { max: 500, keyPrefix: P })
  if (problems.length > 0) return { form, problems }
  return { form, problems, input: { evacuee: { kind: 'unregistered', name, nameKana }, householdSize, notes, clientToken } }
}
