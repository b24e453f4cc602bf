/**
 * Renders one page of a procedure's form with the platform's accessible fields. Used by the
 * resident apply flow, counter-assisted entry and the builder's preview. Works without
 * JavaScript: "add another" / "remove" and the postal-code lookup are submit buttons.
 */
import type { Child } from 'hono/jsx'
import type { Locale, Translate } from '../../../platform/i18n/i18n.js'
import { TextField, TextArea, DateField, PostalCodeField } from '../../../platform/views/components/text-fields.js'
import { Radios, Checkboxes, Select } from '../../../platform/views/components/choice-fields.js'
import { Button } from '../../../platform/views/components/buttons.js'
import { formatWareki } from '../../../jp/wareki.js'
import { formatPhoneNumber } from '../../../jp/phone.js'
import type { Condition, FormElement, FormPage, SimpleField, RepeatingGroupField } from './form-definition.js'
import type { AnswerError, AnswerValue, Answers, AddressValue, FileValue, GroupItem, PersonNameValue } from './form-answers.js'
import { readDate } from './form-answers.js'
import { visibleElements } from './form-conditions.js'
import { localize } from './localize.js'

export interface FieldRenderContext {
  locale: Locale
  t: Translate
  /** Typed answers (saved draft or this post's readable values). */
  values: Answers
  /** What was typed, by HTML name, when re-rendering after an error. */
  raw?: Record<string, string | string[]>
  /** Messages by HTML path (already translated). */
  errors: Record<string, string>
  /** Address lookup status messages by field id (no-JS post-back). */
  postalStatus?: Record<string, string>
}

/** Translates a field error into the reader's language, with the field's label in it. */
export function translateAnswerError(error: AnswerError, locale: Locale, t: Translate): string {
  if (error.custom) return localize(error.custom, locale)
  const label = localize(error.label, locale)
  const params = { ...error.params }
  // Limits such as "on or before 2026-11-23" read as dates people use: 令和8年11月23日.
  if (typeof params.date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(params.date)) params.date = locale === 'en' ? params.date : formatWareki(params.date)
  const message = t(error.messageKey, { label, ...params })
  return error.group && error.params?.item ? `${localize(error.group, locale)} ${error.params.item}: ${message}` : message
}

const rawOf = (ctx: FieldRenderContext, name: string): string | undefined => {
  const v = ctx.raw?.[name]
  return Array.isArray(v) ? v[0] : v
}

function textValue(ctx: FieldRenderContext, name: string, typed: AnswerValue | undefined): string {
  const raw = rawOf(ctx, name)
  if (raw !== undefined) return raw
  if (typeof typed === 'string' || typeof typed === 'number') return String(typed)
  return ''
}

/** Elements of the page the resident sees, given answers so far (earlier pages + this page). */
export function FormPageFields({ page, earlier, ctx }: { page: FormPage; earlier: Answers; ctx: FieldRenderContext }) {
  const shown = new Set(visibleElements(page, earlier, ctx.values).map(e => e.id))
  const onPage = new Set(page.elements.map(e => e.id))
  return (
    <>
      {page.elements.map(element => {
        if (!element.showIf) return <FormElementView element={element} ctx={ctx} />
        // A condition on answers of this page is shown or hidden as the resident answers
        // (form-conditions.js); without JavaScript the page is sent and comes back with it.
        if (conditionFields(element.showIf).every(id => onPage.has(id))) {
          return (
            <div class="conditional" data-show-if={JSON.stringify(element.showIf)} hidden={!shown.has(element.id) || undefined}>
              <FormElementView element={element} ctx={ctx} />
            </div>
          )
        }
        return shown.has(element.id) ? <FormElementView element={element} ctx={ctx} /> : null
      })}
      {page.elements.some(e => e.showIf) ? <script src="/static/form-conditions.js" type="module"></script> : null}
    </>
  )
}

function conditionFields(condition: Condition): string[] {
  if ('all' in condition) return condition.all.flatMap(conditionFields)
  if ('any' in condition) return condition.any.flatMap(conditionFields)
  if ('not' in condition) return conditionFields(condition.not)
  return [condition.field]
}

function FormElementView({ element, ctx }: { element: FormElement; ctx: FieldRenderContext }): Child {
  switch (element.type) {
    case 'heading':
      return <h2 class="form-section-heading">{localize(element.text, ctx.locale)}</h2>
    case 'paragraph':
      return <p class="form-help-text">{localize(element.text, ctx.locale)}</p>
    case 'repeatingGroup':
      return <GroupView group={element} ctx={ctx} />
    default:
      return <SimpleFieldView field={element} name={element.id} value={ctx.values[element.id]} ctx={ctx} />
  }
}

function requiredMark(field: { required: boolean }, t: Translate) {
  return field.required ? t('procedures.form.required') : undefined
}

function SimpleFieldView({ field, name, value, ctx }: { field: SimpleField; name: string; value: AnswerValue | undefined; ctx: FieldRenderContext }): Child {
  const { t, locale } = ctx
  const label = localize(field.label, locale)
  const hint = field.hint ? localize(field.hint, locale) : undefined
  const error = ctx.errors[name]
  const common = { name, label, hint, error, required: field.required, requiredLabel: requiredMark(field, t), errorPrefix: t('procedures.form.errorPrefix') }
  switch (field.type) {
    case 'text':
      return <TextField {...common} value={textValue(ctx, name, value)} autocomplete="off" />
    case 'longText':
      return <TextArea {...common} value={textValue(ctx, name, value)} />
    case 'number': {
      const unit = field.unit ? localize(field.unit, locale) : undefined
      return <TextField {...common} hint={[hint, unit ? t('procedures.form.unit', { unit }) : undefined].filter(Boolean).join(' ') || undefined} value={textValue(ctx, name, value)} inputmode={field.integer ? 'numeric' : 'decimal'} width="5" />
    }
    case 'email':
      return <TextField {...common} type="email" value={textValue(ctx, name, value)} autocomplete="email" spellcheck={false} />
    case 'phone':
      // A stored number is shown the way people write it (090-1234-5678), not as bare digits.
      return <TextField {...common} type="tel" value={rawOf(ctx, name) ?? (typeof value === 'string' ? (formatPhoneNumber(value) ?? value) : '')} autocomplete="tel" width="20" />
    case 'myNumber':
      return <TextField {...common} hint={hint ?? t('procedures.form.myNumberHint')} value={rawOf(ctx, name) ?? ''} inputmode="numeric" autocomplete="off" width="20" spellcheck={false} />
    case 'date': {
      const text = textValue(ctx, name, value)
      const iso = readDate(text)
      return <DateField {...common} hint={hint ?? t('procedures.form.dateHint')} value={iso ?? text} wareki={iso ? formatWareki(iso) : undefined} />
    }
    case 'personName':
      return <PersonNameView field={field} name={name} value={value as PersonNameValue | undefined} ctx={ctx} />
    case 'address':
      return <AddressView field={field} name={name} value={value as AddressValue | undefined} ctx={ctx} />
    case 'singleChoice':
      return <Radios name={name} legend={<>{label}{field.required ? <span class="field__required">{t('procedures.form.required')}</span> : null}</>} hint={hint} error={error} errorPrefix={common.errorPrefix} value={rawOf(ctx, name) ?? (typeof value === 'string' ? value : undefined)} options={field.options.map(o => ({ value: o.value, label: localize(o.label, locale), hint: o.hint ? localize(o.hint, locale) : undefined }))} />
    case 'multipleChoice': {
      const raw = ctx.raw?.[name]
      const values = Array.isArray(raw) ? raw : raw ? [raw] : Array.isArray(value) ? (value as string[]) : []
      return <Checkboxes name={name} legend={<>{label}{field.required ? <span class="field__required">{t('procedures.form.required')}</span> : null}</>} hint={hint} error={error} errorPrefix={common.errorPrefix} values={values} options={field.options.map(o => ({ value: o.value, label: localize(o.label, locale), hint: o.hint ? localize(o.hint, locale) : undefined }))} />
    }
    case 'select':
      return <Select {...common} value={rawOf(ctx, name) ?? (typeof value === 'string' ? value : '')} options={[{ value: '', label: t('procedures.form.selectPrompt') }, ...field.options.map(o => ({ value: o.value, label: localize(o.label, locale) }))]} />
    case 'agreement':
      return <Checkboxes name={name} legend={<>{label}{field.required ? <span class="field__required">{t('procedures.form.required')}</span> : null}</>} hint={hint} error={error} errorPrefix={common.errorPrefix} values={value === true || rawOf(ctx, name) === 'yes' ? ['yes'] : []} options={[{ value: 'yes', label: localize(field.statement, locale) }]} />
    case 'file':
      return <FileView field={field} name={name} value={value as FileValue | undefined} ctx={ctx} />
    default: {
      const unreachable: never = field
      return unreachable
    }
  }
}

/** The legend (label + 必須) and hint of a field made of several inputs (氏名, 住所). */
function FieldsetHeading({ field, ctx }: { field: SimpleField; ctx: FieldRenderContext }) {
  return (
    <>
      <legend class="fieldset__legend">
        {localize(field.label, ctx.locale)}
        {field.required ? <span class="field__required">{ctx.t('procedures.form.required')}</span> : null}
      </legend>
      {field.hint ? <p class="field__hint">{localize(field.hint, ctx.locale)}</p> : null}
    </>
  )
}

function PersonNameView({ field, name, value, ctx }: { field: Extract<SimpleField, { type: 'personName' }>; name: string; value: PersonNameValue | undefined; ctx: FieldRenderContext }) {
  const { t } = ctx
  const part = (key: keyof PersonNameValue, autocomplete: string) => (
    <TextField
      name={`${name}.${key}`}
      label={t(`procedures.form.name.${key}`)}
      value={rawOf(ctx, `${name}.${key}`) ?? value?.[key] ?? ''}
      error={ctx.errors[`${name}.${key}`]}
      errorPrefix={t('procedures.form.errorPrefix')}
      autocomplete={autocomplete}
      width="10"
      required={field.required}
    />
  )
  return (
    <div class="field">
      <fieldset class="fieldset">
        <FieldsetHeading field={field} ctx={ctx} />
        <div class="name-field">
          {part('familyName', 'family-name')}
          {part('givenName', 'given-name')}
        </div>
        {field.kana ? (
          <div class="name-field">
            {part('familyNameKana', 'off')}
            {part('givenNameKana', 'off')}
          </div>
        ) : null}
      </fieldset>
    </div>
  )
}

function AddressView({ field, name, value, ctx }: { field: Extract<SimpleField, { type: 'address' }>; name: string; value: AddressValue | undefined; ctx: FieldRenderContext }) {
  const { t } = ctx
  const v = (key: keyof AddressValue) => rawOf(ctx, `${name}.${key}`) ?? value?.[key] ?? ''
  const part = (key: keyof AddressValue, autocomplete: string, required: boolean) => (
    <TextField name={`${name}.${key}`} label={t(`procedures.form.address.${key}`)} value={v(key)} error={ctx.errors[`${name}.${key}`]} errorPrefix={t('procedures.form.errorPrefix')} autocomplete={autocomplete} required={field.required && required} />
  )
  return (
    <div class="field">
      <fieldset class="fieldset">
        <FieldsetHeading field={field} ctx={ctx} />
        <PostalCodeField
          name={`${name}.postalCode`}
          label={t('procedures.form.address.postalCode')}
          hint={t('procedures.form.address.postalHint')}
          value={v('postalCode')}
          error={ctx.errors[`${name}.postalCode`]}
          errorPrefix={t('procedures.form.errorPrefix')}
          required={field.required}
          lookupUrl="/api/v1/postal-codes/"
          prefectureId={`${name}.prefecture`}
          cityId={`${name}.city`}
          townId={`${name}.town`}
          statusId={`${name}-postal-status`}
          lookupButtonLabel={t('procedures.form.address.lookup')}
          statusMessage={ctx.postalStatus?.[name]}
          lookupLabels={{ found: t('procedures.form.address.found'), notFound: t('procedures.form.address.notFound'), failed: t('procedures.form.address.failed') }}
        />
        {part('prefecture', 'address-level1', true)}
        {part('city', 'address-level2', true)}
        {part('town', 'address-level3', false)}
        {part('street', 'address-line1', true)}
        {part('building', 'address-line2', false)}
      </fieldset>
    </div>
  )
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)}MB` : `${Math.ceil(bytes / 1024)}KB`
}

const TYPE_LABELS: Record<string, string> = { 'image/jpeg': 'JPEG', 'image/png': 'PNG', 'image/webp': 'WebP', 'application/pdf': 'PDF' }

function FileView({ field, name, value, ctx }: { field: Extract<SimpleField, { type: 'file' }>; name: string; value: FileValue | undefined; ctx: FieldRenderContext }) {
  const { t, locale } = ctx
  const error = ctx.errors[name]
  const hintText = [field.hint ? localize(field.hint, locale) : '', t('procedures.form.fileHint', { types: field.accept.map(a => TYPE_LABELS[a] ?? a).join('・'), size: formatBytes(field.maxBytes) })].filter(Boolean).join(' ')
  return (
    <div class={error ? 'field field--error' : 'field'}>
      <label class="field__label" for={name}>
        {localize(field.label, locale)}
        {field.required ? <span class="field__required">{t('procedures.form.required')}</span> : null}
      </label>
      <p id={`${name}-hint`} class="field__hint">{hintText}</p>
      {error ? <p id={`${name}-error`} class="field__error"><span class="visually-hidden">{t('procedures.form.errorPrefix')}</span>{error}</p> : null}
      {value ? (
        <p class="file-field__current" id={`${name}-current`}>
          {t('procedures.form.fileCurrent', { name: value.name, size: formatBytes(value.sizeBytes) })}
        </p>
      ) : null}
      <input class="file-upload" type="file" id={name} name={name} accept={field.accept.join(',')} aria-describedby={[`${name}-hint`, error ? `${name}-error` : '', value ? `${name}-current` : ''].filter(Boolean).join(' ')} aria-invalid={error ? 'true' : undefined} />
      {value ? (
        <div class="checkboxes__item">
          <input class="checkboxes__input" type="checkbox" id={`${name}.remove`} name={`${name}.remove`} value="yes" />
          <label class="checkboxes__label" for={`${name}.remove`}>{t('procedures.form.fileRemove')}</label>
        </div>
      ) : null}
    </div>
  )
}

function GroupView({ group, ctx }: { group: RepeatingGroupField; ctx: FieldRenderContext }) {
  const { t, locale } = ctx
  const items = (Array.isArray(ctx.values[group.id]) ? ctx.values[group.id] : []) as GroupItem[]
  const shown = items.length > 0 ? items : Array.from({ length: Math.max(1, group.minItems) }, () => ({}))
  const itemLabel = localize(group.itemLabel, locale)
  const error = ctx.errors[group.id]
  return (
    <div class={error ? 'field field--error repeating-group' : 'field repeating-group'} id={group.id} tabindex={-1}>
      <h2 class="repeating-group__title">{localize(group.label, locale)}</h2>
      {group.hint ? <p class="field__hint">{localize(group.hint, locale)}</p> : null}
      {error ? <p class="field__error"><span class="visually-hidden">{t('procedures.form.errorPrefix')}</span>{error}</p> : null}
      {shown.map((item, index) => (
        <fieldset class="fieldset repeating-group__item">
          <legend class="fieldset__legend">{t('procedures.form.groupItem', { label: itemLabel, n: index + 1 })}</legend>
          {group.fields.map(member => (
            <SimpleFieldView field={member} name={`${group.id}[${index}].${member.id}`} value={(item as GroupItem)[member.id]} ctx={ctx} />
          ))}
          {shown.length > group.minItems ? (
            <Button variant="secondary" name="_removeItem" value={`${group.id}:${index}`} formnovalidate>
              {t('procedures.form.removeItem', { label: itemLabel, n: index + 1 })}
            </Button>
          ) : null}
        </fieldset>
      ))}
      {shown.length < group.maxItems ? (
        <Button variant="secondary" name="_addItem" value={group.id} formnovalidate>
          {t('procedures.form.addItem', { label: itemLabel })}
        </Button>
      ) : (
        <p class="field__hint">{t('procedures.form.maxItems', { max: group.maxItems })}</p>
      )}
    </div>
  )
}
