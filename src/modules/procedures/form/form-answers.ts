/**
 * Answers: typed values per field, read from a posted page (HTML form strings) or from the API
 * (JSON), normalised (全角 digits, NFC, trimmed) and validated with translatable messages.
 *
 * HTML names: a simple field posts `id`; 氏名 posts `id.familyName`, `id.givenName`,
 * `id.familyNameKana`, `id.givenNameKana`; an address posts `id.postalCode`, `id.prefecture`,
 * `id.city`, `id.town`, `id.street`, `id.building`; a repeating group posts `id[0].member`.
 */
import { isValidMyNumber } from '../../../jp/my-number.js'
import { isValidPhoneNumber, normalizePhoneNumber } from '../../../jp/phone.js'
import { normalizePostalCode } from '../../../jp/postal.js'
import { isKatakana, toKatakana } from '../../../jp/kana.js'
import { parseWareki } from '../../../jp/wareki.js'
import { isRealDate, toIsoDate } from '../../../jp/calendar-date.js'
import type { Field, FormPage, SimpleField, RepeatingGroupField, FormDefinition, LocalizedText } from './form-definition.js'
import { visibleElements, visiblePages, isAnswered } from './form-conditions.js'

export interface PersonNameValue { familyName: string; givenName: string; familyNameKana?: string; givenNameKana?: string }
export interface AddressValue { postalCode: string; prefecture: string; city: string; town: string; street: string; building?: string }
export interface FileValue { fileId: string; name: string; mediaType: string; sizeBytes: number }
export type SimpleAnswer = string | number | boolean | string[] | PersonNameValue | AddressValue | FileValue
export type GroupItem = Record<string, SimpleAnswer>
export type AnswerValue = SimpleAnswer | GroupItem[]
export type Answers = Record<string, AnswerValue>

/** A problem with one input; `path` is the HTML id the error summary links to. */
export interface AnswerError {
  path: string
  messageKey: string
  /** The field's label, put into the message in the reader's language. */
  label: LocalizedText
  params?: Record<string, string | number>
  /** A staff-written message (a pattern's), shown instead of messageKey's text. */
  custom?: LocalizedText
  /** For a field inside a repeating group: the item label ("お子さん") and params.item. */
  group?: LocalizedText
}

/** Masked form stored in answers; the digits live encrypted in application_secrets. */
export const MASKED_MY_NUMBER = /^\*{8}\d{4}$/
export const NAME_PARTS = ['familyName', 'givenName', 'familyNameKana', 'givenNameKana'] as const
export const ADDRESS_PARTS = ['postalCode', 'prefecture', 'city', 'town', 'street', 'building'] as const

// C0/C1 controls other than tab/newline, and the bidi overrides used to disguise text.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/
const EMAIL = /^[^\s@"<>()[\]\\,;:]+@[^\s@"<>()[\]\\,;:]+\.[^\s@"<>()[\]\\,;:]+$/
/** Bounds what one posted value can cost before any rule runs. */
const MAX_RAW = 20_000

export type FormBody = Record<string, unknown>

/** Clock input for 'today' limits (Asia/Tokyo calendar date). */
export interface AnswerContext { today: string }

function rawString(body: FormBody, name: string): string | undefined {
  const value = body[name]
  if (Array.isArray(value)) return typeof value[0] === 'string' ? value[0] : undefined
  return typeof value === 'string' ? value : undefined
}

function rawList(body: FormBody, name: string): string[] {
  const value = body[name]
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string')
  return typeof value === 'string' ? [value] : []
}

function cleanText(text: string, multiline: boolean): string {
  const nfc = text.normalize('NFC').replace(/\r\n?/g, '\n')
  return (multiline ? nfc : nfc.replace(/\n/g, ' ')).trim()
}

const digitsOf = (text: string) => text.normalize('NFKC').replace(/[\s\-‐－ー―]/g, '')
// '〒100-0001' is valid for validateField but must be stored as the 7 digits the JSON Schema wants.
const postalDigits = (text: string) => normalizePostalCode(text) ?? digitsOf(text)

export interface ParsedPage {
  /** Typed values for the visible fields of the page (absent when blank or unreadable). */
  values: Answers
  /** What the resident typed, by HTML name, to re-render the page after an error. */
  raw: Record<string, string | string[]>
  errors: AnswerError[]
}

/**
 * Reads a posted page. Only the page's visible fields are read (`earlier` are answers from
 * previous pages, for conditions); file fields are filled by the caller from accepted uploads.
 */
export function readPageForm(page: FormPage, body: FormBody, earlier: Answers, ctx: AnswerContext, files: Answers = {}): ParsedPage {
  const values: Answers = {}
  const raw: Record<string, string | string[]> = {}
  const errors: AnswerError[] = []
  // Read every field first so conditions on the same page see this post's answers.
  for (const element of page.elements) {
    if (element.type === 'heading' || element.type === 'paragraph') continue
    if (element.type === 'file') {
      if (files[element.id] !== undefined) values[element.id] = files[element.id] as AnswerValue
      continue
    }
    if (element.type === 'repeatingGroup') {
      const items: GroupItem[] = []
      const count = groupItemCount(element, body)
      for (let i = 0; i < count; i++) {
        const item: GroupItem = {}
        for (const member of element.fields) {
          const read = readSimple(member, body, `${element.id}[${i}].${member.id}`, raw, errors)
          if (read !== undefined) item[member.id] = read
        }
        items.push(item)
      }
      values[element.id] = items
      continue
    }
    const read = readSimple(element, body, element.id, raw, errors)
    if (read !== undefined) values[element.id] = read
  }
  const shown = new Set(visibleElements(page, earlier, values).map(e => e.id))
  for (const key of Object.keys(values)) if (!shown.has(key)) delete values[key]
  const readErrors = errors.filter(e => shown.has(e.path.split(/[.[]/)[0]))
  const checked = page.elements
    .filter(e => shown.has(e.id) && e.type !== 'heading' && e.type !== 'paragraph')
    .flatMap(e => validateField(e as Field, values[e.id], e.id, ctx))
  // An unreadable value already has its message; do not add "required" on top of it.
  const readPaths = new Set(readErrors.map(e => e.path))
  const coveredByRead = (path: string) => [...readPaths].some(p => path === p || path.startsWith(`${p}.`) || path.startsWith(`${p}[`))
  return { values, raw, errors: [...readErrors, ...checked.filter(e => !coveredByRead(e.path))] }
}

/** How many items a posted group has: the highest index posted + 1 (capped by maxItems). */
export function groupItemCount(group: RepeatingGroupField, body: FormBody): number {
  let highest = -1
  const prefix = `${group.id}[`
  for (const key of Object.keys(body)) {
    if (!key.startsWith(prefix)) continue
    const index = Number(key.slice(prefix.length, key.indexOf(']')))
    if (Number.isInteger(index) && index >= 0 && index < group.maxItems) highest = Math.max(highest, index)
  }
  return highest + 1
}

function readSimple(field: SimpleField, body: FormBody, name: string, raw: Record<string, string | string[]>, errors: AnswerError[]): SimpleAnswer | undefined {
  const tooLong = (text: string) => text.length > MAX_RAW
  const bad = (messageKey: string, params?: Record<string, string | number>) => {
    errors.push({ path: name, messageKey, label: field.label, params })
    return undefined
  }
  switch (field.type) {
    case 'personName': {
      const value: Partial<PersonNameValue> = {}
      for (const part of NAME_PARTS) {
        const text = rawString(body, `${name}.${part}`) ?? ''
        raw[`${name}.${part}`] = text.slice(0, 300)
        if (tooLong(text) || CONTROL.test(text)) return bad('procedures.validation.controlCharacters')
        const clean = cleanText(text, false)
        if (clean) value[part] = part.endsWith('Kana') ? toKatakana(clean.normalize('NFKC')) : clean
      }
      return value.familyName || value.givenName || value.familyNameKana || value.givenNameKana ? (value as PersonNameValue) : undefined
    }
    case 'address': {
      const value: Partial<AddressValue> = {}
      for (const part of ADDRESS_PARTS) {
        const text = rawString(body, `${name}.${part}`) ?? ''
        raw[`${name}.${part}`] = text.slice(0, 300)
        if (tooLong(text) || CONTROL.test(text)) return bad('procedures.validation.controlCharacters')
        const clean = cleanText(text, false)
        if (clean) value[part] = part === 'postalCode' ? postalDigits(clean) : clean
      }
      return Object.keys(value).length > 0 ? (value as AddressValue) : undefined
    }
    case 'multipleChoice': {
      const list = rawList(body, name).slice(0, 200)
      raw[name] = list
      return list.length > 0 ? list : undefined
    }
    case 'agreement': {
      const text = rawString(body, name)
      raw[name] = text ?? ''
      return text === 'yes' ? true : undefined
    }
    default: {
      const text = rawString(body, name) ?? ''
      raw[name] = text.slice(0, 2000)
      if (tooLong(text)) return bad('procedures.validation.tooLong', { max: 'maxLength' in field ? field.maxLength : 200 })
      if (CONTROL.test(text)) return bad('procedures.validation.controlCharacters')
      const clean = cleanText(text, field.type === 'longText')
      if (!clean) return undefined
      return readScalar(field, clean) ?? bad(unreadableKey(field))
    }
  }
}

function unreadableKey(field: SimpleField): string {
  switch (field.type) {
    case 'number': return 'procedures.validation.notNumber'
    case 'date': return 'procedures.validation.date'
    case 'email': return 'procedures.validation.email'
    case 'phone': return 'procedures.validation.phone'
    case 'myNumber': return 'procedures.validation.myNumber'
    default: return 'procedures.validation.choice'
  }
}

/** Typed value from a cleaned, non-empty string; undefined when it cannot be read at all. */
function readScalar(field: SimpleField, text: string): SimpleAnswer | undefined {
  switch (field.type) {
    case 'number': {
      const normal = text.normalize('NFKC').replace(/[,，\s]/g, '')
      if (!/^-?\d+(\.\d+)?$/.test(normal)) return undefined
      const n = Number(normal)
      return Number.isFinite(n) ? n : undefined
    }
    case 'date': return readDate(text)
    case 'phone': return normalizePhoneNumber(text)
    case 'email': {
      const normal = text.normalize('NFKC').toLowerCase()
      return normal
    }
    case 'myNumber': {
      const digits = digitsOf(text)
      return /^\d{12}$/.test(digits) ? digits : undefined
    }
    default: return text
  }
}

/** 'YYYY-MM-DD' from a date input, or 和暦 typed where the browser has no date picker. */
export function readDate(text: string): string | undefined {
  const normal = text.normalize('NFKC').trim()
  const iso = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(normal)
  if (iso) {
    const [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])]
    return isRealDate(y, m, d) ? toIsoDate(`${iso[1]}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`) : undefined
  }
  return parseWareki(normal)
}

/** Normalises a JSON answer from the API into the typed value readPageForm would produce. */
export function normalizeJsonAnswer(field: Field, value: unknown): AnswerValue | undefined {
  if (value === null || value === undefined) return undefined
  if (field.type === 'repeatingGroup') {
    if (!Array.isArray(value)) return value as AnswerValue // Ajv reports the type
    return value.slice(0, field.maxItems + 1).map(item => {
      const out: GroupItem = {}
      if (typeof item !== 'object' || item === null) return out
      for (const member of field.fields) {
        const v = normalizeJsonAnswer(member, (item as Record<string, unknown>)[member.id])
        if (v !== undefined) out[member.id] = v as SimpleAnswer
      }
      return out
    })
  }
  // Blank like an empty input: an optional question sent as [] or false must not fail the schema.
  if (value === false || (Array.isArray(value) && value.length === 0)) return undefined
  if (typeof value === 'string' && field.type !== 'multipleChoice') {
    if (value.length > MAX_RAW || CONTROL.test(value)) return value // rejected by validation below
    const clean = cleanText(value, field.type === 'longText')
    if (!clean) return undefined
    if (field.type === 'agreement') return value as AnswerValue
    return readScalar(field, clean) ?? clean
  }
  if (field.type === 'personName' && typeof value === 'object' && !Array.isArray(value)) {
    const v = value as Record<string, unknown>
    const out: Record<string, string> = {}
    for (const part of NAME_PARTS) if (typeof v[part] === 'string' && v[part]) out[part] = part.endsWith('Kana') ? toKatakana(cleanText(v[part] as string, false).normalize('NFKC')) : cleanText(v[part] as string, false)
    return out as unknown as PersonNameValue
  }
  if (field.type === 'address' && typeof value === 'object' && !Array.isArray(value)) {
    const v = value as Record<string, unknown>
    const out: Record<string, string> = {}
    for (const part of ADDRESS_PARTS) if (typeof v[part] === 'string' && v[part]) out[part] = part === 'postalCode' ? postalDigits(v[part] as string) : cleanText(v[part] as string, false)
    return out as unknown as AddressValue
  }
  return value as AnswerValue
}

/**
 * Checks one field's typed value against its rules. Hidden fields are not checked (callers
 * pass only visible fields). Returns errors with HTML paths under `path`.
 */
export function validateField(field: Field, value: AnswerValue | undefined, path: string, ctx: AnswerContext): AnswerError[] {
  const err = (messageKey: string, params: Record<string, string | number> = {}, at = path): AnswerError => ({ path: at, messageKey, label: field.label, params })
  if (!isAnswered(value)) {
    // A group that may have no items (minItems 0) is never missing, as in the JSON Schema.
    if (field.type === 'repeatingGroup') return field.minItems > 0 && field.required ? [err('procedures.validation.tooFewItems', { min: field.minItems })] : []
    if (!field.required) return []
    const at = field.type === 'personName' ? `${path}.familyName` : field.type === 'address' ? `${path}.postalCode` : path
    return [err(field.type === 'agreement' ? 'procedures.validation.agreement' : field.type === 'file' ? 'procedures.validation.fileRequired' : 'procedures.validation.required', {}, at)]
  }
  switch (field.type) {
    case 'text':
    case 'longText': {
      if (typeof value !== 'string') return [err('procedures.validation.wrongType')]
      if (CONTROL.test(value)) return [err('procedures.validation.controlCharacters')]
      const length = [...value].length
      if (length > field.maxLength) return [err('procedures.validation.tooLong', { max: field.maxLength })]
      if (field.minLength !== undefined && length < field.minLength) return [err('procedures.validation.tooShort', { min: field.minLength })]
      if (field.type === 'text' && field.pattern && !new RegExp(field.pattern.regex, 'u').test(value)) {
        return [{ ...err('procedures.validation.pattern'), custom: field.pattern.message }]
      }
      return []
    }
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return [err('procedures.validation.notNumber')]
      if (field.integer && !Number.isInteger(value)) return [err('procedures.validation.notInteger')]
      if (field.min !== undefined && value < field.min) return [err('procedures.validation.tooSmall', { min: field.min })]
      if (field.max !== undefined && value > field.max) return [err('procedures.validation.tooLarge', { max: field.max })]
      return []
    }
    case 'email':
      return typeof value === 'string' && value.length <= 254 && !CONTROL.test(value) && EMAIL.test(value) ? [] : [err('procedures.validation.email')]
    case 'phone':
      return typeof value === 'string' && isValidPhoneNumber(value) && normalizePhoneNumber(value) === value ? [] : [err('procedures.validation.phone')]
    case 'date': {
      if (typeof value !== 'string' || readDate(value) !== value) return [err('procedures.validation.date')]
      const min = field.minDate === 'today' ? ctx.today : field.minDate
      const max = field.maxDate === 'today' ? ctx.today : field.maxDate
      if (min && value < min) return [err('procedures.validation.dateTooEarly', { date: min })]
      if (max && value > max) return [err('procedures.validation.dateTooLate', { date: max })]
      return []
    }
    case 'personName': {
      if (typeof value !== 'object' || Array.isArray(value)) return [err('procedures.validation.wrongType')]
      const name = value as Partial<PersonNameValue>
      const errors: AnswerError[] = []
      const parts = field.kana ? NAME_PARTS : (['familyName', 'givenName'] as const)
      for (const part of parts) {
        const text = name[part]
        if (!text) errors.push(err(`procedures.validation.name.${part}`, {}, `${path}.${part}`))
        else if (typeof text !== 'string' || [...text].length > 50 || CONTROL.test(text)) errors.push(err('procedures.validation.tooLong', { max: 50 }, `${path}.${part}`))
        else if (part.endsWith('Kana') && !isKatakana(text.replace(/[\s・=＝]/g, ''))) errors.push(err('procedures.validation.kana', {}, `${path}.${part}`))
      }
      return errors
    }
    case 'address': {
      if (typeof value !== 'object' || Array.isArray(value)) return [err('procedures.validation.wrongType')]
      const address = value as Partial<AddressValue>
      const errors: AnswerError[] = []
      if (!address.postalCode || !normalizePostalCode(address.postalCode)) errors.push(err('procedures.validation.postalCode', {}, `${path}.postalCode`))
      for (const part of ['prefecture', 'city', 'street'] as const) {
        if (!address[part]) errors.push(err(`procedures.validation.address.${part}`, {}, `${path}.${part}`))
      }
      for (const part of ADDRESS_PARTS) {
        const text = address[part]
        if (text !== undefined && (typeof text !== 'string' || [...text].length > 100 || CONTROL.test(text))) errors.push(err('procedures.validation.tooLong', { max: 100 }, `${path}.${part}`))
      }
      return errors
    }
    case 'singleChoice':
    case 'select':
      return typeof value === 'string' && field.options.some(o => o.value === value) ? [] : [err('procedures.validation.choice')]
    case 'multipleChoice': {
      if (!Array.isArray(value) || value.some(v => typeof v !== 'string' || !field.options.some(o => o.value === v))) return [err('procedures.validation.choice')]
      if (new Set(value as string[]).size !== value.length) return [err('procedures.validation.choice')]
      if (field.minSelected !== undefined && value.length < field.minSelected) return [err('procedures.validation.tooFewSelected', { min: field.minSelected })]
      if (field.maxSelected !== undefined && value.length > field.maxSelected) return [err('procedures.validation.tooManySelected', { max: field.maxSelected })]
      return []
    }
    case 'agreement':
      return value === true ? [] : [err('procedures.validation.agreement')]
    case 'myNumber':
      if (typeof value === 'string' && MASKED_MY_NUMBER.test(value)) return []
      return typeof value === 'string' && isValidMyNumber(value) ? [] : [err('procedures.validation.myNumber')]
    case 'file': {
      const file = value as Partial<FileValue>
      return typeof file === 'object' && typeof file.fileId === 'string' ? [] : [err('procedures.validation.fileRequired')]
    }
    case 'repeatingGroup': {
      if (!Array.isArray(value)) return [err('procedures.validation.wrongType')]
      const items = value as GroupItem[]
      if (items.length > field.maxItems) return [err('procedures.validation.tooManyItems', { max: field.maxItems })]
      if (field.required && items.length < field.minItems) return [err('procedures.validation.tooFewItems', { min: field.minItems })]
      return items.flatMap((item, i) =>
        // `?.`: a null item (hand-written JSON) is an empty item, not a crash.
        field.fields.flatMap(member => validateField(member, item?.[member.id], `${path}[${i}].${member.id}`, ctx).map(e => ({ ...e, params: { ...e.params, item: i + 1 }, group: field.itemLabel }))),
      )
    }
    default: {
      const unreachable: never = field
      return unreachable
    }
  }
}

/** Validates a whole answer set (submission, API): every visible field on every visible page. */
export function validateAnswers(form: FormDefinition, answers: Answers, ctx: AnswerContext): AnswerError[] {
  const errors: AnswerError[] = []
  const earlier: Answers = {}
  for (const page of visiblePages(form, answers)) {
    for (const element of visibleElements(page, earlier, answers)) {
      if (element.type === 'heading' || element.type === 'paragraph') continue
      errors.push(...validateField(element, answers[element.id], element.id, ctx))
      if (element.id in answers) earlier[element.id] = answers[element.id] as AnswerValue
    }
  }
  return errors
}

/** Japanese calendar date today in Asia/Tokyo. */
const TOKYO_DATE = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Tokyo' })

export function tokyoToday(now: Date = new Date()): string {
  return TOKYO_DATE.format(now)
}
