/**
 * Fields that choose among options: Radios, Checkboxes (each a fieldset with a legend) and Select.
 *
 * In a fieldset the first input's id is the field's id (default: `name`), so the ErrorSummary link
 * `#${name}` lands on the first option; the others get `${id}-2`, `${id}-3`, …. The group hint
 * and error are linked from the fieldset with `aria-describedby`; an option's own hint is linked
 * from that option.
 */
import type { Child } from 'hono/jsx'
import { describedBy, FieldErrorMessage, FieldHint, fieldDescriptionIds, hasContent, hintId, type FieldError } from './field-parts.js'
import type { FieldBaseProps } from './text-fields.js'

export interface ChoiceOption {
  value: string
  label: Child
  hint?: Child
}

interface ChoiceGroupProps {
  name: string
  legend: Child
  hint?: Child
  options: ChoiceOption[]
  error?: FieldError
  id?: string
  errorPrefix?: string
}

export interface RadiosProps extends ChoiceGroupProps {
  value?: string
  /** Options side by side (only for two or three short options such as はい / いいえ). */
  inline?: boolean
  /** Render the legend as the page's h1 (a question page with one question). */
  legendAsHeading?: boolean
}

export interface CheckboxesProps extends ChoiceGroupProps {
  values?: string[]
}

const optionId = (id: string, index: number) => (index === 0 ? id : `${id}-${index + 1}`)

function ChoiceGroup(props: ChoiceGroupProps & { kind: 'radio' | 'checkbox'; isChecked: (value: string) => boolean; inline?: boolean; legendAsHeading?: boolean }) {
  const { name, legend, hint, options, error, kind } = props
  const id = props.id ?? name
  const base = kind === 'radio' ? 'radios' : 'checkboxes'
  return (
    <div class={error ? 'field field--error' : 'field'}>
      <fieldset class="fieldset" aria-describedby={describedBy(...fieldDescriptionIds(id, hint, error))}>
        <legend class={props.legendAsHeading ? 'fieldset__legend fieldset__legend--heading' : 'fieldset__legend'}>
          {props.legendAsHeading ? <h1 class="fieldset__heading">{legend}</h1> : legend}
        </legend>
        <FieldHint id={id}>{hint}</FieldHint>
        <FieldErrorMessage id={id} error={error} prefix={props.errorPrefix} />
        <div class={props.inline ? `${base} ${base}--inline` : base}>
          {options.map((option, index) => {
            const inputId = optionId(id, index)
            const hasHint = hasContent(option.hint)
            return (
              <div class={`${base}__item`}>
                <input
                  class={`${base}__input`}
                  id={inputId}
                  name={name}
                  type={kind}
                  value={option.value}
                  checked={props.isChecked(option.value) || undefined}
                  aria-describedby={hasHint ? hintId(inputId) : undefined}
                  aria-invalid={error ? 'true' : undefined}
                />
                <label class={`${base}__label`} for={inputId}>
                  {option.label}
                </label>
                {hasHint ? (
                  <div id={hintId(inputId)} class={`field__hint ${base}__hint`}>
                    {option.hint}
                  </div>
                ) : null}
              </div>
            )
          })}
        </div>
      </fieldset>
    </div>
  )
}

/** One choice among a few options. */
export function Radios(props: RadiosProps) {
  return <ChoiceGroup {...props} kind="radio" isChecked={v => v === props.value} />
}

/** Any number of choices; the server receives `name` once per ticked option. */
export function Checkboxes(props: CheckboxesProps) {
  const values = new Set(props.values ?? [])
  return <ChoiceGroup {...props} kind="checkbox" isChecked={v => values.has(v)} />
}

export interface SelectProps extends FieldBaseProps {
  options: { value: string; label: string }[]
  value?: string
  required?: boolean
}

/** A drop-down; prefer Radios for fewer than about eight options. */
export function Select(props: SelectProps) {
  const { name, label, hint, options, value, error, required } = props
  const id = props.id ?? name
  return (
    <div class={error ? 'field field--error' : 'field'}>
      <label for={id} class="field__label">
        {label}
        {required && props.requiredLabel ? <span class="field__required">{props.requiredLabel}</span> : null}
      </label>
      <FieldHint id={id}>{hint}</FieldHint>
      <FieldErrorMessage id={id} error={error} prefix={props.errorPrefix} />
      <select
        class={error ? 'select select--error' : 'select'}
        id={id}
        name={name}
        required={required || undefined}
        aria-describedby={describedBy(...fieldDescriptionIds(id, hint, error))}
        aria-invalid={error ? 'true' : undefined}
      >
        {options.map(option => (
          <option value={option.value} selected={option.value === value || undefined}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  )
}
