/**
 * Reading posted HTML forms (urlencoded bodies): each name once (a string) or several times
 * (checkboxes); strings NFC-normalised and trimmed; problems kept as catalog keys on the input's
 * name, so the error summary can link to it. Pure. Modules add their own readers (numbers, dates,
 * codes) on top and pass their catalog's key prefix.
 */

/** A posted form: each name once (string) or several times (checkboxes). */
export type FormValues = Record<string, string | string[]>

/** A problem with one input: the input's name (the error summary links to it) and a catalog key. */
export interface FormProblem {
  field: string
  key: string
  params?: Record<string, string | number>
}

/** The posted body as FormValues (values a form cannot send are dropped). */
export function formValuesOf(body: unknown): FormValues {
  const out: FormValues = {}
  if (typeof body !== 'object' || body === null) return out
  for (const [name, value] of Object.entries(body as Record<string, unknown>)) {
    if (typeof value === 'string') out[name] = value
    else if (Array.isArray(value)) out[name] = value.filter((v): v is string => typeof v === 'string')
  }
  return out
}

/** One value, NFC-normalised and trimmed ('' when missing; the first when sent twice). */
export function text(form: FormValues, name: string): string {
  const value = form[name]
  const first = Array.isArray(value) ? value[0] : value
  return (first ?? '').normalize('NFC').replace(/\r\n?/g, '\n').trim()
}

/** Every non-empty value of a repeated name (checkboxes), without duplicates. */
export function list(form: FormValues, name: string): string[] {
  const value = form[name]
  const values = (Array.isArray(value) ? value : value === undefined ? [] : [value]).map(v => v.trim()).filter(Boolean)
  return [...new Set(values)]
}

/** C0/C1 controls other than tab and newline, and the bidi overrides used to disguise text. */
export const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/

/**
 * A free text of at most `max` characters ('' when empty and optional). Problems use the keys
 * `${keyPrefix}required`, `${keyPrefix}tooLong` (param max) and `${keyPrefix}badCharacters`.
 */
export function boundedText(form: FormValues, name: string, problems: FormProblem[], options: { max: number; required?: boolean; singleLine?: boolean; keyPrefix: string }): string {
  const value = text(form, name)
  if (value === '') {
    if (options.required) problems.push({ field: name, key: `${options.keyPrefix}required` })
    return ''
  }
  if ([...value].length > options.max) problems.push({ field: name, key: `${options.keyPrefix}tooLong`, params: { max: options.max } })
  else if (CONTROL_CHARACTERS.test(value) || (options.singleLine && value.includes('\n'))) problems.push({ field: name, key: `${options.keyPrefix}badCharacters` })
  return value
}

/** Form values as one string for re-showing a form (first of a repeated name, untrimmed). */
export function valueOf(values: FormValues, name: string): string {
  const value = values[name]
  return (Array.isArray(value) ? value[0] : value) ?? ''
}

/** Every value of a repeated name, as posted (for re-checking checkboxes). */
export function valuesOf(values: FormValues, name: string): string[] {
  const value = values[name]
  return Array.isArray(value) ? value : value ? [value] : []
}

/** A message per input name, for the inputs' error texts. */
export type FieldErrors = Record<string, string>

/** One line of the error summary: the input it links to and the message. */
export interface SummaryItem {
  field: string
  message: string
}

/** Problems as field errors (the first per input) and the error summary's items, translated with `t`. */
export function collectFormErrors(t: (key: string, params?: Record<string, string | number>) => string, problems: readonly FormProblem[]): { fields: FieldErrors; summary: SummaryItem[] } {
  const fields: FieldErrors = {}
  const summary: SummaryItem[] = []
  for (const problem of problems) {
    const message = t(problem.key, problem.params)
    if (!(problem.field in fields)) fields[problem.field] = message
    summary.push({ field: problem.field, message })
  }
  return { fields, summary }
}
