/**
 * The applicant as staff see them: the name and address answered on the form (the field
 * prefilled from 基本4情報 first, else the first name / address field), falling back to the
 * resident's verified 基本4情報, then the name they gave.
 */
import { listFields, type ProcedureDocument } from '../form/form-definition.js'
import type { AddressValue, Answers, PersonNameValue } from '../form/form-answers.js'

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function pickField(doc: ProcedureDocument, type: 'personName' | 'address', prefill: 'name' | 'address') {
  const fields = listFields(doc.form).filter(f => f.type === type)
  return fields.find(f => f.prefill === prefill) ?? fields[0]
}

export function formatPersonName(value: Partial<PersonNameValue>): string {
  return [value.familyName, value.givenName].filter(Boolean).join(' ')
}

export function formatPersonNameKana(value: Partial<PersonNameValue>): string {
  return [value.familyNameKana, value.givenNameKana].filter(Boolean).join(' ')
}

export function formatAddress(value: Partial<AddressValue>): string {
  const postal = value.postalCode && /^\d{7}$/.test(value.postalCode) ? `〒${value.postalCode.slice(0, 3)}-${value.postalCode.slice(3)}` : (value.postalCode ?? '')
  const line = [value.prefecture, value.city, value.town, value.street].filter(Boolean).join('')
  return [postal, line, value.building].filter(Boolean).join(' ')
}

export function applicantNameFromAnswers(doc: ProcedureDocument, answers: Answers): string | undefined {
  const field = pickField(doc, 'personName', 'name')
  const value = field ? answers[field.id] : undefined
  if (!isRecord(value)) return undefined
  return formatPersonName(value as Partial<PersonNameValue>) || undefined
}

export function applicantAddressFromAnswers(doc: ProcedureDocument, answers: Answers): string | undefined {
  const field = pickField(doc, 'address', 'address')
  const value = field ? answers[field.id] : undefined
  if (!isRecord(value)) return undefined
  return formatAddress(value as Partial<AddressValue>) || undefined
}

export interface ApplicantSources {
  answers: Answers
  basicInfoName: string | null
  basicInfoAddress?: string | null
  displayName: string | null
}

/** The name to show and print: answers → 基本4情報 → the resident's own display name. */
export function applicantName(doc: ProcedureDocument | undefined, sources: ApplicantSources): string {
  return (doc && applicantNameFromAnswers(doc, sources.answers)) || sources.basicInfoName || sources.displayName || ''
}

export function applicantAddress(doc: ProcedureDocument | undefined, sources: ApplicantSources): string {
  return (doc && applicantAddressFromAnswers(doc, sources.answers)) || sources.basicInfoAddress || ''
}
