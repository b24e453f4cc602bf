/**
 * Plumbing shared by the builder's HTML forms: reading posted strings, texts in three languages
 * (`labelJa` / `labelEasy` / `labelEn`) and the condition editor's rows. Everything here is pure:
 * a form body in, typed values and problems (catalog keys per form field) out.
 */
import type { Condition, Field, FormDefinition, LocalizedText, ProcedureDocument } from '../form/form-definition.js'
import { listFields } from '../form/form-definition.js'
import { text, type FormProblem, type FormValues } from '../../../platform/http/form-values.js'

export { formValuesOf, text, type FormProblem, type FormValues } from '../../../platform/http/form-values.js'

export const LANGUAGE_SUFFIXES = { ja: 'Ja', 'ja-easy': 'Easy', en: 'En' } as const

/** Every value of a repeated name (checkboxes). */
export function list(form: FormValues, name: string): string[] {
  const value = form[name]
  return (Array.isArray(value) ? value : value === undefined ? [] : [value]).map(v => v.trim()).filter(Boolean)
}

export function isChecked(form: FormValues, name: string): boolean {
  return list(form, name).includes('yes')
}

/**
 * A whole number from an input: undefined when left empty (and optional), else within
 * [min, max]. Full-width digits are accepted (staff type with a Japanese IME).
 */
export function integer(form: FormValues, name: string, problems: FormProblem[], bounds: { min: number; max: number; required?: boolean }): number | undefined {
  const raw = text(form, name).normalize('NFKC').replace(/[,，]/g, '')
  if (raw === '') {
    if (bounds.required) problems.push({ field: name, key: 'builder.form.required' })
    return undefined
  }
  if (!/^-?\d+$/.test(raw)) {
    problems.push({ field: name, key: 'builder.form.wholeNumber' })
    return undefined
  }
  const value = Number(raw)
  if (value < bounds.min || value > bounds.max) {
    problems.push({ field: name, key: 'builder.form.between', params: { min: bounds.min, max: bounds.max } })
    return undefined
  }
  return value
}

/** A number (decimals allowed) or undefined when empty. */
export function decimal(form: FormValues, name: string, problems: FormProblem[]): number | undefined {
  const raw = text(form, name).normalize('NFKC').replace(/[,，]/g, '')
  if (raw === '') return undefined
  const value = Number(raw)
  if (!/^-?\d+(\.\d+)?$/.test(raw) || !Number.isFinite(value)) {
    problems.push({ field: name, key: 'builder.form.number' })
    return undefined
  }
  return value
}

/** Form values of a text in three languages. */
export function localizedToForm(prefix: string, value: LocalizedText | undefined): FormValues {
  return { [`${prefix}Ja`]: value?.ja ?? '', [`${prefix}Easy`]: value?.['ja-easy'] ?? '', [`${prefix}En`]: value?.en ?? '' }
}

/**
 * A text in three languages. Japanese is required when `required`; an optional text left empty
 * in every language is undefined; translations without Japanese are a problem (Japanese is
 * what every other language falls back to).
 */
export function localized(form: FormValues, prefix: string, problems: FormProblem[], options: { required: boolean; max?: number }): LocalizedText | undefined {
  const max = options.max ?? 2000
  const ja = text(form, `${prefix}Ja`)
  const easy = text(form, `${prefix}Easy`)
  const en = text(form, `${prefix}En`)
  for (const [suffix, value] of [['Ja', ja], ['Easy', easy], ['En', en]] as const) {
    if (value.length > max) problems.push({ field: `${prefix}${suffix}`, key: 'builder.form.tooLong', params: { max } })
  }
  if (ja === '') {
    if (options.required || easy || en) problems.push({ field: `${prefix}Ja`, key: options.required ? 'builder.form.required' : 'builder.form.japaneseFirst' })
    return undefined
  }
  return { ja, ...(easy ? { 'ja-easy': easy } : {}), ...(en ? { en } : {}) }
}

// ---------------------------------------------------------------------------------------------
// conditions

export const CONDITION_OPERATORS = ['equals', 'notEquals', 'includes', 'answered', 'notAnswered', 'greaterThan', 'lessThan'] as const
export type ConditionOperator = (typeof CONDITION_OPERATORS)[number]
export type ConditionMode = 'always' | 'all' | 'any' | 'keep'

export interface ConditionRow {
  field: string
  operator: ConditionOperator
  value: string
}

/** Most rows the editor offers; a longer condition is kept as it is ('keep'). */
export const MAX_CONDITION_ROWS = 10

/** Fields a condition may refer to (an answer with a single comparable value). */
export function isConditionTarget(field: Field): boolean {
  return field.type !== 'repeatingGroup' && field.type !== 'file' && field.type !== 'myNumber'
}

/** Answerable fields before a position: pages before `pageIndex`, then the first `elementIndex` elements of that page. */
export function conditionCandidates(form: FormDefinition, pageIndex: number, elementIndex?: number): Field[] {
  const before = {
    pages: form.pages.slice(0, pageIndex).concat(elementIndex === undefined ? [] : [{ ...form.pages[pageIndex], elements: form.pages[pageIndex].elements.slice(0, elementIndex) }]),
    declaration: form.declaration,
  }
  return listFields(before).filter(isConditionTarget)
}

/** Every field a fee rule may refer to (fees are calculated after the whole form). */
export function feeConditionCandidates(doc: ProcedureDocument): Field[] {
  return listFields(doc.form).filter(isConditionTarget)
}

function simpleToRow(condition: Condition): ConditionRow | undefined {
  if (!('field' in condition)) return undefined
  if ('equals' in condition) return { field: condition.field, operator: 'equals', value: String(condition.equals) }
  if ('notEquals' in condition) return { field: condition.field, operator: 'notEquals', value: String(condition.notEquals) }
  if ('includes' in condition) return { field: condition.field, operator: 'includes', value: condition.includes }
  if ('answered' in condition) return { field: condition.field, operator: condition.answered ? 'answered' : 'notAnswered', value: '' }
  if ('greaterThan' in condition) return { field: condition.field, operator: 'greaterThan', value: String(condition.greaterThan) }
  return { field: condition.field, operator: 'lessThan', value: String(condition.lessThan) }
}

/**
 * A condition as editor rows: one simple condition, or all / any of simple ones. Anything deeper
 * (not, nesting) is shown read-only and kept unless staff replace it.
 */
export function conditionToRows(condition: Condition | undefined): { mode: ConditionMode; rows: ConditionRow[] } {
  if (!condition) return { mode: 'always', rows: [] }
  const single = simpleToRow(condition)
  if (single) return { mode: 'all', rows: [single] }
  const group = 'all' in condition ? { mode: 'all' as const, items: condition.all } : 'any' in condition ? { mode: 'any' as const, items: condition.any } : undefined
  if (!group || group.items.length > MAX_CONDITION_ROWS) return { mode: 'keep', rows: [] }
  const rows = group.items.map(simpleToRow)
  if (rows.some(r => r === undefined)) return { mode: 'keep', rows: [] }
  return { mode: group.mode, rows: rows as ConditionRow[] }
}

/** How many rows the editor shows: the condition's rows and one empty row (at least two). */
export function conditionRowCount(rows: readonly ConditionRow[]): number {
  return Math.min(MAX_CONDITION_ROWS, Math.max(2, rows.length + 1))
}

export function conditionToForm(condition: Condition | undefined): FormValues {
  const { mode, rows } = conditionToRows(condition)
  const values: FormValues = { conditionMode: mode, conditionRows: String(conditionRowCount(rows)) }
  rows.forEach((row, i) => {
    values[`condition${i + 1}Field`] = row.field
    values[`condition${i + 1}Operator`] = row.operator
    values[`condition${i + 1}Value`] = row.value
  })
  return values
}

function rowCondition(row: ConditionRow, target: Field, n: number, problems: FormProblem[]): Condition | undefined {
  const valueField = `condition${n}Value`
  const { field, operator, value } = row
  if (operator === 'answered' || operator === 'notAnswered') return { field, answered: operator === 'answered' }
  if (value === '') {
    problems.push({ field: valueField, key: 'builder.condition.valueRequired' })
    return undefined
  }
  const numeric = Number(value.normalize('NFKC'))
  const isNumeric = /^-?\d+(\.\d+)?$/.test(value.normalize('NFKC'))
  if (operator === 'greaterThan' || operator === 'lessThan') {
    if (!isNumeric) {
      problems.push({ field: valueField, key: 'builder.condition.numberRequired' })
      return undefined
    }
    return operator === 'greaterThan' ? { field, greaterThan: numeric } : { field, lessThan: numeric }
  }
  if (operator === 'includes') return { field, includes: value }
  let typed: string | number | boolean = value
  if (target.type === 'number') {
    if (!isNumeric) {
      problems.push({ field: valueField, key: 'builder.condition.numberRequired' })
      return undefined
    }
    typed = numeric
  } else if (target.type === 'agreement') {
    typed = value === 'true' || value === 'yes'
  } else if ('options' in target && !target.options.some(o => o.value === value)) {
    problems.push({ field: valueField, key: 'builder.condition.unknownOption', params: { values: target.options.map(o => o.value).join(' / ') } })
    return undefined
  }
  return operator === 'equals' ? { field, equals: typed } : { field, notEquals: typed }
}

/**
 * Reads the condition editor. `candidates` are the fields the condition may refer to; `current`
 * is kept when the mode is 'keep'. `required` (an exemption's `when`) refuses 'always'.
 */
export function readConditionForm(form: FormValues, candidates: readonly Field[], current: Condition | undefined, problems: FormProblem[], options: { required?: boolean } = {}): Condition | undefined {
  const mode = text(form, 'conditionMode') as ConditionMode
  if (mode === 'keep' && current) return current
  if (mode !== 'all' && mode !== 'any') {
    if (options.required) problems.push({ field: 'conditionMode', key: 'builder.condition.required' })
    return undefined
  }
  const conditions: Condition[] = []
  const count = Math.min(MAX_CONDITION_ROWS, Number(text(form, 'conditionRows')) || MAX_CONDITION_ROWS)
  for (let n = 1; n <= count; n++) {
    const field = text(form, `condition${n}Field`)
    if (field === '') continue
    const target = candidates.find(c => c.id === field)
    if (!target) {
      problems.push({ field: `condition${n}Field`, key: 'builder.condition.unknownField' })
      continue
    }
    const operator = text(form, `condition${n}Operator`) as ConditionOperator
    if (!CONDITION_OPERATORS.includes(operator)) {
      problems.push({ field: `condition${n}Operator`, key: 'builder.condition.operatorRequired' })
      continue
    }
    const condition = rowCondition({ field, operator, value: text(form, `condition${n}Value`) }, target, n, problems)
    if (condition) conditions.push(condition)
  }
  if (conditions.length === 0) {
    if (!problems.some(p => p.field.startsWith('condition'))) problems.push({ field: 'condition1Field', key: 'builder.condition.rowRequired' })
    return undefined
  }
  if (conditions.length === 1) return conditions[0]
  return mode === 'all' ? { all: conditions } : { any: conditions }
}

/**
 * Which input of a builder form a document problem belongs to, given the path of the thing the
 * form edits (`base`): `label.ja` → `labelJa`, `showIf` → `conditionMode`, `minLength` →
 * `minLength`. '' when it belongs to no single input.
 */
export function inputForPath(path: readonly (string | number)[], base: readonly (string | number)[], aliases: Record<string, string> = {}): string {
  if (base.some((segment, i) => path[i] !== segment)) return ''
  const rest = path.slice(base.length).map(String)
  if (rest.length === 0) return ''
  const joined = rest.join('.')
  for (const [from, to] of Object.entries(aliases)) if (joined === from || joined.startsWith(`${from}.`)) return to
  const [head, second] = rest
  if (head === 'showIf' || head === 'when') return 'conditionMode'
  if (second === 'ja' || second === 'ja-easy' || second === 'en') return `${head}${LANGUAGE_SUFFIXES[second]}`
  return head
}
