/**
 * The element editor's form: an element (or a repeating group's member) as form values, and the
 * posted form back as an element. The type never changes here (delete and add instead).
 */
import {
  FIELD_ID_PATTERN,
  PREFILL_SOURCES,
  UPLOAD_MEDIA_TYPES,
  type ChoiceOption,
  type Condition,
  type Field,
  type FormElement,
  type LocalizedText,
  type PrefillSource,
} from '../form/form-definition.js'
import {
  conditionToForm,
  decimal,
  integer,
  isChecked,
  list,
  localized,
  localizedToForm,
  readConditionForm,
  text,
  type FormProblem,
  type FormValues,
} from './builder-form-values.js'

const MEGABYTE = 1024 * 1024

/** Options as text, one per line: `value|日本語|やさしい日本語|English` (empty trailing parts left out). */
export function optionsToText(options: readonly ChoiceOption[]): string {
  return options
    .map(o => [o.value, o.label.ja, o.label['ja-easy'] ?? '', o.label.en ?? ''].join('|').replace(/\|+$/, ''))
    .join('\n')
}

const OPTION_VALUE = /^[a-zA-Z0-9_-]{1,40}$/

/**
 * Reads the options text. A line without `|` is a label only: it keeps the value of the existing
 * option with that label, or gets `option1`, `option2`, …. Hints of kept values are kept.
 */
export function readOptionsText(source: string, current: readonly ChoiceOption[], problems: FormProblem[]): ChoiceOption[] {
  const lines = source.split('\n').map(l => l.trim()).filter(Boolean)
  if (lines.length === 0) {
    problems.push({ field: 'options', key: 'builder.element.optionsRequired' })
    return []
  }
  const options: ChoiceOption[] = []
  const taken = new Set<string>()
  lines.forEach((line, index) => {
    const parts = line.split('|').map(p => p.trim())
    let value: string
    let ja: string
    let rest: string[]
    if (parts.length === 1) {
      ja = parts[0]
      rest = []
      value = current.find(o => o.label.ja === ja && !taken.has(o.value))?.value ?? ''
      for (let n = index + 1; value === ''; n++) if (!taken.has(`option${n}`) && !lines.some(l => l.startsWith(`option${n}|`))) value = `option${n}`
    } else {
      ;[value, ja, ...rest] = parts
    }
    if (!OPTION_VALUE.test(value)) {
      problems.push({ field: 'options', key: 'builder.element.optionValue', params: { line: index + 1 } })
      return
    }
    if (!ja) {
      problems.push({ field: 'options', key: 'builder.element.optionLabel', params: { line: index + 1 } })
      return
    }
    if (taken.has(value)) {
      problems.push({ field: 'options', key: 'builder.element.optionDuplicate', params: { value } })
      return
    }
    taken.add(value)
    const [easy, en] = rest
    const label: LocalizedText = { ja, ...(easy ? { 'ja-easy': easy } : {}), ...(en ? { en } : {}) }
    const hint = current.find(o => o.value === value)?.hint
    options.push({ value, label, ...(hint ? { hint } : {}) })
  })
  return options
}

function megabytes(bytes: number): string {
  return String(Math.round((bytes / MEGABYTE) * 100) / 100)
}

/** The editor's initial values for an element. */
export function elementToForm(element: FormElement): FormValues {
  const values: FormValues = { id: element.id, ...conditionToForm(element.showIf) }
  if (element.type === 'heading' || element.type === 'paragraph') return { ...values, ...localizedToForm('text', element.text) }
  Object.assign(values, localizedToForm('label', element.label), localizedToForm('hint', element.hint), {
    required: element.required ? 'yes' : '',
    prefill: element.prefill ?? '',
    reuseKey: element.reuseKey ?? '',
  })
  const n = (value: number | undefined) => (value === undefined ? '' : String(value))
  switch (element.type) {
    case 'text':
      return { ...values, minLength: n(element.minLength), maxLength: n(element.maxLength), patternRegex: element.pattern?.regex ?? '', ...localizedToForm('patternMessage', element.pattern?.message) }
    case 'longText':
      return { ...values, minLength: n(element.minLength), maxLength: n(element.maxLength) }
    case 'number':
      return { ...values, min: n(element.min), max: n(element.max), integer: element.integer ? 'yes' : '', ...localizedToForm('unit', element.unit) }
    case 'date':
      return { ...values, minDate: element.minDate ?? '', maxDate: element.maxDate ?? '' }
    case 'personName':
      return { ...values, kana: element.kana ? 'yes' : '' }
    case 'singleChoice':
    case 'select':
      return { ...values, options: optionsToText(element.options) }
    case 'multipleChoice':
      return { ...values, options: optionsToText(element.options), minSelected: n(element.minSelected), maxSelected: n(element.maxSelected) }
    case 'file':
      return { ...values, accept: [...element.accept], maxMegabytes: megabytes(element.maxBytes) }
    case 'agreement':
      return { ...values, ...localizedToForm('statement', element.statement) }
    case 'repeatingGroup':
      return { ...values, ...localizedToForm('itemLabel', element.itemLabel), minItems: n(element.minItems), maxItems: n(element.maxItems) }
    case 'email':
    case 'phone':
    case 'address':
    case 'myNumber':
      return values
    default: {
      const unreachable: never = element
      return unreachable
    }
  }
}

const DATE_LIMIT = /^(today|\d{4}-\d{2}-\d{2})$/

function dateLimit(form: FormValues, name: string, problems: FormProblem[]): 'today' | string | undefined {
  const value = text(form, name).normalize('NFKC')
  if (value === '') return undefined
  if (!DATE_LIMIT.test(value) || (value !== 'today' && Number.isNaN(Date.parse(`${value}T00:00:00Z`)))) {
    problems.push({ field: name, key: 'builder.element.dateLimit' })
    return undefined
  }
  return value
}

export interface ElementFormContext {
  /** fields the element's condition may refer to (none for group members: they have no condition) */
  candidates: readonly Field[]
  isMember: boolean
}

/** Reads the posted editor into an element of the same type as `current`. */
export function readElementForm(form: FormValues, current: FormElement, context: ElementFormContext): { element?: FormElement; problems: FormProblem[] } {
  const problems: FormProblem[] = []
  const id = text(form, 'id')
  if (!FIELD_ID_PATTERN.test(id)) problems.push({ field: 'id', key: 'builder.element.idFormat' })
  const showIf: Condition | undefined = context.isMember ? undefined : readConditionForm(form, context.candidates, current.showIf, problems)
  const withCondition = <T extends object>(element: T): T => (showIf ? { ...element, showIf } : element)

  if (current.type === 'heading' || current.type === 'paragraph') {
    const textValue = localized(form, 'text', problems, { required: true })
    if (problems.length > 0 || !textValue) return { problems }
    return { element: withCondition({ id, type: current.type, text: textValue }), problems }
  }

  const label = localized(form, 'label', problems, { required: true, max: 2000 })
  const hint = localized(form, 'hint', problems, { required: false })
  const prefill = text(form, 'prefill')
  if (prefill !== '' && !(PREFILL_SOURCES as readonly string[]).includes(prefill)) problems.push({ field: 'prefill', key: 'builder.form.chooseFromList' })
  const reuseKey = text(form, 'reuseKey')
  if (reuseKey !== '' && !/^[a-z][a-zA-Z0-9.-]{0,59}$/.test(reuseKey)) problems.push({ field: 'reuseKey', key: 'builder.element.reuseKeyFormat' })
  const common = {
    id,
    label: label ?? { ja: '' },
    ...(hint ? { hint } : {}),
    required: isChecked(form, 'required'),
    ...(prefill ? { prefill: prefill as PrefillSource } : {}),
    ...(reuseKey ? { reuseKey } : {}),
  }
  const element = readTypeSettings(form, current, problems, common)
  if (problems.length > 0 || !element) return { problems }
  return { element: withCondition(element), problems }
}

type Common = { id: string; label: LocalizedText; hint?: LocalizedText; required: boolean; prefill?: PrefillSource; reuseKey?: string }

function readTypeSettings(form: FormValues, current: Exclude<FormElement, { type: 'heading' | 'paragraph' }>, problems: FormProblem[], common: Common): FormElement | undefined {
  switch (current.type) {
    case 'text': {
      const minLength = integer(form, 'minLength', problems, { min: 0, max: 1000 })
      const maxLength = integer(form, 'maxLength', problems, { min: 1, max: 1000, required: true }) ?? 200
      const regex = text(form, 'patternRegex')
      const message = localized(form, 'patternMessage', problems, { required: regex !== '' })
      if (regex === '' && message) problems.push({ field: 'patternRegex', key: 'builder.element.patternWithoutRegex' })
      const pattern = regex && message ? { regex, message } : undefined
      return { ...common, type: 'text', maxLength, ...(minLength !== undefined ? { minLength } : {}), ...(pattern ? { pattern } : {}) }
    }
    case 'longText': {
      const minLength = integer(form, 'minLength', problems, { min: 0, max: 10000 })
      const maxLength = integer(form, 'maxLength', problems, { min: 1, max: 10000, required: true }) ?? 2000
      return { ...common, type: 'longText', maxLength, ...(minLength !== undefined ? { minLength } : {}) }
    }
    case 'number': {
      const min = decimal(form, 'min', problems)
      const max = decimal(form, 'max', problems)
      const unit = localized(form, 'unit', problems, { required: false, max: 20 })
      return { ...common, type: 'number', integer: isChecked(form, 'integer'), ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}), ...(unit ? { unit } : {}) }
    }
    case 'date': {
      const minDate = dateLimit(form, 'minDate', problems)
      const maxDate = dateLimit(form, 'maxDate', problems)
      return { ...common, type: 'date', ...(minDate ? { minDate } : {}), ...(maxDate ? { maxDate } : {}) }
    }
    case 'personName':
      return { ...common, type: 'personName', kana: isChecked(form, 'kana') }
    case 'singleChoice':
    case 'select':
      return { ...common, type: current.type, options: readOptionsText(text(form, 'options'), current.options, problems) }
    case 'multipleChoice': {
      const options = readOptionsText(text(form, 'options'), current.options, problems)
      const minSelected = integer(form, 'minSelected', problems, { min: 0, max: 100 })
      const maxSelected = integer(form, 'maxSelected', problems, { min: 1, max: 100 })
      if (minSelected !== undefined && maxSelected !== undefined && minSelected > maxSelected) problems.push({ field: 'minSelected', key: 'builder.element.minAboveMax' })
      return { ...common, type: 'multipleChoice', options, ...(minSelected !== undefined ? { minSelected } : {}), ...(maxSelected !== undefined ? { maxSelected } : {}) }
    }
    case 'file': {
      const accept = list(form, 'accept').filter((t): t is (typeof UPLOAD_MEDIA_TYPES)[number] => (UPLOAD_MEDIA_TYPES as readonly string[]).includes(t))
      if (accept.length === 0) problems.push({ field: 'accept', key: 'builder.element.acceptRequired' })
      const mb = decimal(form, 'maxMegabytes', problems)
      let maxBytes = current.maxBytes
      if (mb === undefined || mb < 0.01 || mb > 20) problems.push({ field: 'maxMegabytes', key: 'builder.element.maxMegabytes' })
      // keep the exact byte count unless the rounded figure shown was changed
      else if (megabytes(current.maxBytes) !== String(mb)) maxBytes = Math.max(1024, Math.round(mb * MEGABYTE))
      return { ...common, type: 'file', accept, maxBytes }
    }
    case 'agreement': {
      const statement = localized(form, 'statement', problems, { required: true })
      return { ...common, type: 'agreement', statement: statement ?? { ja: '' } }
    }
    case 'repeatingGroup': {
      const itemLabel = localized(form, 'itemLabel', problems, { required: true, max: 100 })
      const minItems = integer(form, 'minItems', problems, { min: 0, max: 50, required: true }) ?? 1
      const maxItems = integer(form, 'maxItems', problems, { min: 1, max: 50, required: true }) ?? 10
      if (minItems > maxItems) problems.push({ field: 'minItems', key: 'builder.element.minAboveMax' })
      return { ...common, type: 'repeatingGroup', itemLabel: itemLabel ?? { ja: '' }, minItems, maxItems, fields: current.fields }
    }
    case 'email':
    case 'phone':
    case 'address':
    case 'myNumber':
      return { ...common, type: current.type }
    default: {
      const unreachable: never = current
      return unreachable
    }
  }
}
