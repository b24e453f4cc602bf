/**
 * Reading posted setup forms: strings (NFC, trimmed), repeated names (checkboxes), numbers,
 * times, dates and codes, each problem kept as a catalog key on the input's name. Pure.
 */
import { findIsoDateParts } from '../../../jp/calendar-date.js'
import type { LocalizedText } from '../reservation-tables.js'
import { boundedText as readBoundedText, list, text, type FormProblem, type FormValues } from '../../../platform/http/form-values.js'

export { formValuesOf, list, text, type FormProblem, type FormValues } from '../../../platform/http/form-values.js'

export type FormResult<T> = { ok: true; values: T } | { ok: false; problems: FormProblem[] }

const K = 'reservations.setup.form.'
export const CODE_PATTERN = /^[a-z0-9][a-z0-9-]{0,39}$/
export const UI_LANGUAGES = ['ja', 'ja-easy', 'en'] as const

/** A free text of at most `max` characters; '' when empty and optional. */
export function boundedText(form: FormValues, name: string, problems: FormProblem[], options: { max: number; required?: boolean; singleLine?: boolean }): string {
  return readBoundedText(form, name, problems, { ...options, keyPrefix: K })
}

/** A whole number between min and max (full-width digits and commas accepted). */
export function integer(form: FormValues, name: string, problems: FormProblem[], options: { min: number; max: number; required?: boolean; fallback?: number }): number {
  const raw = text(form, name).normalize('NFKC').replace(/,/g, '')
  if (raw === '') {
    if (options.required !== false && options.fallback === undefined) problems.push({ field: name, key: `${K}required` })
    return options.fallback ?? options.min
  }
  const value = /^-?\d+$/.test(raw) ? Number(raw) : Number.NaN
  if (!Number.isSafeInteger(value) || value < options.min || value > options.max) {
    problems.push({ field: name, key: `${K}integerRange`, params: { min: options.min, max: options.max } })
    return options.min
  }
  return value
}

/** 'HH:MM' (00:00–23:59; 9:00 and full-width digits accepted), '' when empty and optional. */
export function timeOfDay(form: FormValues, name: string, problems: FormProblem[], options: { required?: boolean } = {}): string {
  const raw = text(form, name).normalize('NFKC')
  if (raw === '') {
    if (options.required !== false) problems.push({ field: name, key: `${K}required` })
    return ''
  }
  const parsed = parseTime(raw)
  if (!parsed) problems.push({ field: name, key: `${K}time` })
  return parsed ?? ''
}

/** 'H:MM', 'HH:MM' or 'HH:MM:SS' → 'HH:MM', or undefined. */
export function parseTime(raw: string): string | undefined {
  const match = /^(\d{1,2}):(\d{2})(?::00)?$/.exec(raw)
  if (!match) return undefined
  const hours = Number(match[1])
  const minutes = Number(match[2])
  if (hours > 23 || minutes > 59) return undefined
  return `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`
}

/** 'YYYY-MM-DD' (also 2026/4/1), '' when empty and optional. */
export function calendarDate(form: FormValues, name: string, problems: FormProblem[], options: { required?: boolean } = {}): string {
  const raw = text(form, name).normalize('NFKC')
  if (raw === '') {
    if (options.required !== false) problems.push({ field: name, key: `${K}required` })
    return ''
  }
  const parsed = parseDate(raw)
  if (!parsed) problems.push({ field: name, key: `${K}date` })
  return parsed ?? ''
}

/** 2026-04-01, 2026/4/1 or 2026.4.1 → '2026-04-01', or undefined for impossible dates. */
export function parseDate(raw: string): string | undefined {
  const match = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(raw)
  if (!match) return undefined
  const iso = `${match[1]}-${String(match[2]).padStart(2, '0')}-${String(match[3]).padStart(2, '0')}`
  return findIsoDateParts(iso) ? iso : undefined
}

/** A code (lower-case letters, digits, hyphens; what URLs and CSV files use). */
export function code(form: FormValues, name: string, problems: FormProblem[]): string {
  const value = text(form, name).normalize('NFKC').toLowerCase()
  if (value === '') problems.push({ field: name, key: `${K}required` })
  else if (!CODE_PATTERN.test(value)) problems.push({ field: name, key: `${K}code` })
  return value
}

/** One of the allowed values. */
export function choice<T extends string>(form: FormValues, name: string, allowed: readonly T[], problems: FormProblem[], fallback?: T): T {
  const value = text(form, name)
  if ((allowed as readonly string[]).includes(value)) return value as T
  if (value === '' && fallback !== undefined) return fallback
  problems.push({ field: name, key: value === '' ? `${K}required` : `${K}choice` })
  return allowed[0] as T
}

/** A ticked checkbox named `name` with value 'yes'. */
export const isTicked = (form: FormValues, name: string): boolean => list(form, name).includes('yes')

/** Texts per UI language: `${prefix}-ja` (required when asked), `-ja-easy`, `-en`. */
export function localizedText(form: FormValues, prefix: string, problems: FormProblem[], options: { max: number; required?: boolean; singleLine?: boolean }): Partial<LocalizedText> {
  const out: Partial<LocalizedText> = {}
  for (const language of UI_LANGUAGES) {
    const value = boundedText(form, `${prefix}-${language}`, problems, { ...options, required: options.required === true && language === 'ja' })
    if (value) out[language] = value
  }
  return out
}

/** The form values showing stored texts per language. */
export function localizedValues(prefix: string, texts: Partial<LocalizedText>): FormValues {
  const out: FormValues = {}
  for (const language of UI_LANGUAGES) out[`${prefix}-${language}`] = texts[language] ?? ''
  return out
}
