/**
 * Pieces shared by the form field components: hint and error paragraphs, the
 * `aria-describedby` list, and the checks on caller-supplied data attributes.
 */
import type { Child } from 'hono/jsx'

/** A field's error message, or undefined when the field is valid. */
export type FieldError = string | undefined

/** The visually-hidden prefix read before every error message unless a field is given another. */
export const DEFAULT_ERROR_PREFIX = 'エラー:'

export const hintId = (id: string) => `${id}-hint`
export const errorId = (id: string) => `${id}-error`

/** Space-separated ids for `aria-describedby`, or undefined when there are none (no empty attribute). */
export function describedBy(...ids: (string | false | undefined)[]): string | undefined {
  return ids.filter((id): id is string => typeof id === 'string' && id !== '').join(' ') || undefined
}

/** The ids a field's hint and error paragraphs will have, in reading order. */
export function fieldDescriptionIds(id: string, hint: Child | undefined, error: FieldError): (string | undefined)[] {
  return [hasContent(hint) ? hintId(id) : undefined, error ? errorId(id) : undefined]
}

export function hasContent(child: Child | undefined): boolean {
  return child !== undefined && child !== null && child !== false && child !== ''
}

export function FieldHint({ id, children }: { id: string; children: Child | undefined }) {
  if (!hasContent(children)) return null
  return (
    <div id={hintId(id)} class="field__hint">
      {children}
    </div>
  )
}

/** The error message; the hidden prefix tells screen-reader users it is an error without relying on colour. */
export function FieldErrorMessage({ id, error, prefix }: { id: string; error: FieldError; prefix?: string }) {
  if (!error) return null
  return (
    <p id={errorId(id)} class="field__error">
      <span class="visually-hidden">{prefix ?? DEFAULT_ERROR_PREFIX}</span>
      {error}
    </p>
  )
}

const DATA_ATTRIBUTE = /^data-[a-z0-9]+(?:-[a-z0-9]+)*$/

/**
 * Returns the extra attributes after checking that each is a `data-*` attribute: anything else
 * (event handlers, `style`, ARIA the component manages itself) is a programming error.
 */
export function dataAttributes(attrs: Record<string, string> | undefined): Record<string, string> {
  if (!attrs) return {}
  for (const key of Object.keys(attrs)) {
    if (!DATA_ATTRIBUTE.test(key)) throw new TypeError(`Only data-* attributes may be passed in attrs, got "${key}"`)
  }
  return attrs
}

/** A short deterministic suffix for ids derived from text (captions, titles), stable across renders. */
export function idFromText(prefix: string, text: string): string {
  let hash = 5381
  for (let i = 0; i < text.length; i++) hash = ((hash * 33) ^ text.charCodeAt(i)) >>> 0
  return `${prefix}-${hash.toString(36)}`
}
