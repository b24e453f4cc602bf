/**
 * Single-value form fields: TextField, TextArea, DateField and PostalCodeField.
 *
 * Every field follows the same wiring (STYLE.md "An accessible field"): the input's id is its
 * name unless `id` is given (the ErrorSummary links to `#${id}`), the label is tied with
 * `for`, the hint and the error are linked with `aria-describedby`, and an error adds
 * `aria-invalid="true"`, a red left border and a visually-hidden "エラー:" prefix.
 */
import type { Child } from 'hono/jsx'
import {
  describedBy,
  dataAttributes,
  FieldErrorMessage,
  FieldHint,
  fieldDescriptionIds,
  type FieldError,
} from './field-parts.js'

export type InputMode = 'none' | 'text' | 'tel' | 'url' | 'email' | 'numeric' | 'decimal' | 'search'
export type FieldWidth = 'full' | '20' | '10' | '5' | 'postal'

/** Props every field accepts. */
export interface FieldBaseProps {
  name: string
  label: Child
  hint?: Child
  error?: FieldError
  /** The input's id (default: `name`); the ErrorSummary must link to the same value. */
  id?: string
  /** Visually-hidden text read before the error message (default 'エラー:'). */
  errorPrefix?: string
  /** Visible marker shown after the label when `required` (e.g. '必須'); none by default. */
  requiredLabel?: string
}

export interface TextFieldProps extends FieldBaseProps {
  value?: string | number
  type?: 'text' | 'email' | 'tel' | 'password' | 'number' | 'url'
  autocomplete?: string
  inputmode?: InputMode
  required?: boolean
  width?: FieldWidth
  spellcheck?: boolean
  /** Extra `data-*` attributes for the input (anything else throws). */
  attrs?: Record<string, string>
}

const fieldClass = (error: FieldError, extra?: string) =>
  ['field', error ? 'field--error' : undefined, extra].filter(Boolean).join(' ')

const inputClass = (base: string, error: FieldError, width?: FieldWidth | 'date') =>
  [base, width && width !== 'full' ? `${base}--width-${width}` : undefined, error ? `${base}--error` : undefined]
    .filter(Boolean)
    .join(' ')

function FieldLabel({ id, label, required, requiredLabel }: { id: string; label: Child; required?: boolean; requiredLabel?: string }) {
  return (
    <label for={id} class="field__label">
      {label}
      {required && requiredLabel ? <span class="field__required">{requiredLabel}</span> : null}
    </label>
  )
}

/** A one-line text input. Passwords are never echoed back into `value`. */
export function TextField(props: TextFieldProps) {
  const { name, label, hint, value, error, type = 'text', autocomplete, inputmode, required, width, spellcheck, attrs } = props
  const id = props.id ?? name
  return (
    <div class={fieldClass(error)}>
      <FieldLabel id={id} label={label} required={required} requiredLabel={props.requiredLabel} />
      <FieldHint id={id}>{hint}</FieldHint>
      <FieldErrorMessage id={id} error={error} prefix={props.errorPrefix} />
      <input
        {...dataAttributes(attrs)}
        class={inputClass('input', error, width)}
        id={id}
        name={name}
        type={type}
        value={type === 'password' ? undefined : (value ?? '')}
        autocomplete={autocomplete}
        inputmode={inputmode}
        spellcheck={spellcheck}
        required={required || undefined}
        aria-describedby={describedBy(...fieldDescriptionIds(id, hint, error))}
        aria-invalid={error ? 'true' : undefined}
      />
    </div>
  )
}

export interface TextAreaProps extends FieldBaseProps {
  value?: string
  rows?: number
  required?: boolean
}

export function TextArea(props: TextAreaProps) {
  const { name, label, hint, value, error, rows = 5, required } = props
  const id = props.id ?? name
  return (
    <div class={fieldClass(error)}>
      <FieldLabel id={id} label={label} required={required} requiredLabel={props.requiredLabel} />
      <FieldHint id={id}>{hint}</FieldHint>
      <FieldErrorMessage id={id} error={error} prefix={props.errorPrefix} />
      <textarea
        class={inputClass('textarea', error)}
        id={id}
        name={name}
        rows={rows}
        required={required || undefined}
        aria-describedby={describedBy(...fieldDescriptionIds(id, hint, error))}
        aria-invalid={error ? 'true' : undefined}
      >
        {/* The HTML parser drops one leading newline inside <textarea>, so keep the resident's. */}
        {value?.startsWith('\n') ? `\n${value}` : (value ?? '')}
      </textarea>
    </div>
  )
}

export interface DateFieldProps extends FieldBaseProps {
  /** 'YYYY-MM-DD' */
  value?: string
  /** Pre-formatted 和暦 of the value, e.g. '令和7年4月1日', shown under the input and read as its description. */
  wareki?: string
  required?: boolean
  autocomplete?: string
  /** 'YYYY-MM-DD' */
  min?: string
  /** 'YYYY-MM-DD' */
  max?: string
}

/** One native date input (the browser supplies an accessible picker) with the 和暦 shown beside it. */
export function DateField(props: DateFieldProps) {
  const { name, label, hint, value, error, wareki, required, autocomplete, min, max } = props
  const id = props.id ?? name
  const warekiId = `${id}-wareki`
  return (
    <div class={fieldClass(error)}>
      <FieldLabel id={id} label={label} required={required} requiredLabel={props.requiredLabel} />
      <FieldHint id={id}>{hint}</FieldHint>
      <FieldErrorMessage id={id} error={error} prefix={props.errorPrefix} />
      <input
        class={inputClass('input', error, 'date')}
        id={id}
        name={name}
        type="date"
        value={value ?? ''}
        min={min}
        max={max}
        autocomplete={autocomplete}
        required={required || undefined}
        aria-describedby={describedBy(...fieldDescriptionIds(id, hint, error), wareki ? warekiId : undefined)}
        aria-invalid={error ? 'true' : undefined}
      />
      {wareki ? (
        <p id={warekiId} class="field__wareki">
          {wareki}
        </p>
      ) : null}
    </div>
  )
}

/** Messages enhance.js announces in the status region; `{address}` is replaced with the address found. */
export interface PostalLookupLabels {
  found: string
  notFound: string
  failed: string
}

export const DEFAULT_POSTAL_LOOKUP_LABELS: PostalLookupLabels = {
  found: '住所を入力しました: {address}',
  notFound: 'この郵便番号の住所が見つかりませんでした。住所を入力してください。',
  failed: '住所を検索できませんでした。住所を入力してください。',
}

export interface PostalCodeFieldProps extends FieldBaseProps {
  value?: string
  required?: boolean
  /** JSON lookup URL prefix, e.g. '/demo/api/v1/postal-codes/' (the 7 digits are appended). */
  lookupUrl: string
  prefectureId: string
  cityId: string
  townId: string
  /** Id of the polite live region this component renders for lookup results. */
  statusId: string
  /** e.g. '住所を検索' */
  lookupButtonLabel: string
  /** Server-side lookup result to show in the status region after a no-JS post-back. */
  statusMessage?: string
  /** Messages for the JavaScript lookup (Japanese defaults). */
  lookupLabels?: Partial<PostalLookupLabels>
}

/**
 * The postal-code input with a lookup button. Without JavaScript the button submits the form
 * (`name="postalLookup" value="1"`, `formnovalidate`) and the server fills the address; with
 * enhance.js the address is filled as soon as 7 digits are typed, and the result is announced in
 * the status region.
 */
export function PostalCodeField(props: PostalCodeFieldProps) {
  const { name, label, hint, value, error, required, lookupUrl, prefectureId, cityId, townId, statusId } = props
  const id = props.id ?? name
  const labels = { ...DEFAULT_POSTAL_LOOKUP_LABELS, ...props.lookupLabels }
  return (
    <div class={fieldClass(error, 'postal-field')}>
      <FieldLabel id={id} label={label} required={required} requiredLabel={props.requiredLabel} />
      <FieldHint id={id}>{hint}</FieldHint>
      <FieldErrorMessage id={id} error={error} prefix={props.errorPrefix} />
      <div class="postal-field__controls">
        <input
          class={inputClass('input', error, 'postal')}
          id={id}
          name={name}
          type="text"
          value={value ?? ''}
          autocomplete="postal-code"
          inputmode="numeric"
          spellcheck={false}
          required={required || undefined}
          aria-describedby={describedBy(...fieldDescriptionIds(id, hint, error))}
          aria-invalid={error ? 'true' : undefined}
          data-postal-lookup={lookupUrl}
          data-postal-prefecture={prefectureId}
          data-postal-city={cityId}
          data-postal-town={townId}
          data-postal-status={statusId}
          data-postal-found={labels.found}
          data-postal-not-found={labels.notFound}
          data-postal-failed={labels.failed}
        />
        <button type="submit" class="button button--secondary postal-field__button" name="postalLookup" value="1" formnovalidate>
          {props.lookupButtonLabel}
        </button>
      </div>
      <p id={statusId} class="postal-field__status" role="status" aria-live="polite">
        {props.statusMessage ?? ''}
      </p>
    </div>
  )
}
