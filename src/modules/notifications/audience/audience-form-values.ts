/**
 * Reading posted forms on the audience pages: strings (NFC, trimmed), repeated names
 * (checkboxes), and problems as catalog keys per input. Pure.
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

// C0/C1 controls other than tab/newline, and the bidi overrides used to disguise text.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/

/** A free text of at most `max` characters; '' when empty and optional. */
export function boundedText(form: FormValues, name: string, problems: FormProblem[], options: { max: number; required?: boolean; singleLine?: boolean }): string {
  const value = text(form, name)
  if (value === '') {
    if (options.required) problems.push({ field: name, key: 'audience.form.required' })
    return ''
  }
  if ([...value].length > options.max) problems.push({ field: name, key: 'audience.form.tooLong', params: { max: options.max } })
  else if (CONTROL.test(value) || (options.singleLine && value.includes('\n'))) problems.push({ field: name, key: 'audience.form.badCharacters' })
  return value
}
