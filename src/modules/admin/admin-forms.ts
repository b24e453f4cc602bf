import { z } from 'zod'
import type { Translate } from '../../platform/i18n/i18n.js'
import { normalizeText } from '../../jp/kana.js'

/**
 * Form plumbing shared by the admin pages. Schema messages are catalog keys, optionally with a
 * number after a colon (`admin.form.tooLong:100` → key with `{ max: 100 }`), translated here.
 */

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** A path or form id the database can compare without a cast error (anything else is a 404). */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID_PATTERN.test(value)
}

/**
 * The named fields of an urlencoded body as strings. A missing field, or one sent twice (an
 * array), becomes '' so the schema reports it as an ordinary validation error, never a crash.
 */
export function formFields<const Name extends string>(body: unknown, names: readonly Name[]): Record<Name, string> {
  const source = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {}
  const out = {} as Record<Name, string>
  for (const name of names) {
    const value = source[name]
    out[name] = typeof value === 'string' ? value : ''
  }
  return out
}

/** Control characters and angle brackets have no place in a name shown across the console. */
const UNSAFE_CHARACTERS = /[\u0000-\u001f\u007f-\u009f<>]/

/** A required one-line name: NFKC-normalised, trimmed, 1..max characters, no markup or control characters. */
export function nameField(max: number, requiredKey: string) {
  return z
    .string()
    .transform(normalizeText)
    .pipe(
      z
        .string()
        .min(1, { message: requiredKey })
        .max(max, { message: `admin.form.tooLong:${max}` })
        .refine(v => !UNSAFE_CHARACTERS.test(v), { message: 'admin.form.invalidCharacters' }),
    )
}

/** Like nameField but may be empty. */
export function optionalNameField(max: number) {
  return z
    .string()
    .transform(normalizeText)
    .pipe(
      z
        .string()
        .max(max, { message: `admin.form.tooLong:${max}` })
        .refine(v => !UNSAFE_CHARACTERS.test(v), { message: 'admin.form.invalidCharacters' }),
    )
}

export function hasUnsafeCharacters(value: string): boolean {
  return UNSAFE_CHARACTERS.test(value)
}

/** Field name → translated message (the first problem of each field). */
export type FieldErrors = Record<string, string>

export function translateMessage(message: string, t: Translate): string {
  const [key, max] = message.split(':')
  if (!key.startsWith('admin.')) return t('admin.form.invalid')
  return max === undefined ? t(key) : t(key, { max: Number(max) })
}

export function fieldErrors(error: z.ZodError, t: Translate): FieldErrors {
  const out: FieldErrors = {}
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? 'form')
    if (out[field] === undefined) out[field] = translateMessage(issue.message, t)
  }
  return out
}

/** The ErrorSummary's items in the order the fields appear on the page. */
export function errorSummaryItems(errors: FieldErrors, order: readonly string[]): { field: string; message: string }[] {
  const known = order.filter(field => errors[field] !== undefined).map(field => ({ field, message: errors[field] }))
  const rest = Object.keys(errors)
    .filter(field => !order.includes(field))
    .map(field => ({ field, message: errors[field] }))
  return [...known, ...rest]
}

/** `?page=`: absent means 1; anything but a whole number from 1 to 100000 is rejected. */
export const PageQuerySchema = z
  .union([z.undefined(), z.string()])
  .transform(v => (v === undefined || v === '' ? '1' : v))
  .pipe(z.string().regex(/^[1-9][0-9]{0,5}$/, { message: 'admin.form.invalidPage' }).transform(Number))
  .pipe(z.number().max(100_000, { message: 'admin.form.invalidPage' }))

/** A query parameter as one string (a repeated parameter counts as absent). */
export function queryValue(query: unknown, name: string): string | undefined {
  const value = typeof query === 'object' && query !== null ? (query as Record<string, unknown>)[name] : undefined
  return typeof value === 'string' ? value : undefined
}
