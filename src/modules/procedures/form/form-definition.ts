/**
 * The procedure document: what staff build in the form builder, what a published version
 * freezes, and what municipalities export and import as one JSON file
 * (`format: 'yakuba.procedure/v1'`). Zod checks every document that enters the system (builder
 * saves, imports, seed templates); the JSON Schema + UI schema derived from it (form-json-schema.ts)
 * are what Ajv validates answers against.
 */
import { z } from 'zod'

export const PROCEDURE_FORMAT = 'yakuba.procedure/v1'

/** Resident-facing text: Japanese is required; やさしい日本語 and English fall back to Japanese. */
export const LocalizedTextSchema = z.strictObject({
  ja: z.string().trim().min(1).max(2000),
  'ja-easy': z.string().trim().max(2000).optional(),
  en: z.string().trim().max(2000).optional(),
})
export type LocalizedText = z.infer<typeof LocalizedTextSchema>

// Answers are plain objects: an id naming an Object.prototype member ('toString') would read as answered.
export const FIELD_ID_PATTERN = /^(?!(?:constructor|hasOwnProperty|isPrototypeOf|propertyIsEnumerable|toLocaleString|toString|valueOf)$)[a-z][a-zA-Z0-9]{0,39}$/
const FieldIdSchema = z.string().regex(FIELD_ID_PATTERN)
const IsoDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/)

/** Show a field or page when an earlier answer matches. Conditions nest with all / any / not. */
export type Condition =
  | { field: string; equals: string | number | boolean }
  | { field: string; notEquals: string | number | boolean }
  | { field: string; includes: string }
  | { field: string; answered: boolean }
  | { field: string; greaterThan: number }
  | { field: string; lessThan: number }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }

export const ConditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.strictObject({ field: FieldIdSchema, equals: z.union([z.string().max(200), z.number(), z.boolean()]) }),
    z.strictObject({ field: FieldIdSchema, notEquals: z.union([z.string().max(200), z.number(), z.boolean()]) }),
    z.strictObject({ field: FieldIdSchema, includes: z.string().max(200) }),
    z.strictObject({ field: FieldIdSchema, answered: z.boolean() }),
    z.strictObject({ field: FieldIdSchema, greaterThan: z.number() }),
    z.strictObject({ field: FieldIdSchema, lessThan: z.number() }),
    z.strictObject({ all: z.array(ConditionSchema).min(1).max(20) }),
    z.strictObject({ any: z.array(ConditionSchema).min(1).max(20) }),
    z.strictObject({ not: ConditionSchema }),
  ]),
)

/** Where a field's first value comes from (once-only: the resident may still correct it). */
export const PREFILL_SOURCES = ['name', 'nameKana', 'address', 'birthdate', 'email', 'phone'] as const
export type PrefillSource = (typeof PREFILL_SOURCES)[number]

const OptionSchema = z.strictObject({
  value: z.string().regex(/^[a-zA-Z0-9_-]{1,40}$/),
  label: LocalizedTextSchema,
  hint: LocalizedTextSchema.optional(),
})
export type ChoiceOption = z.infer<typeof OptionSchema>

const common = {
  id: FieldIdSchema,
  label: LocalizedTextSchema,
  hint: LocalizedTextSchema.optional(),
  required: z.boolean().default(false),
  showIf: ConditionSchema.optional(),
  /** Prefill from the resident's 基本4情報 / contact details. */
  prefill: z.enum(PREFILL_SOURCES).optional(),
  /** Prefill from the resident's latest answer with the same key in any earlier application. */
  reuseKey: z.string().regex(/^[a-z][a-zA-Z0-9.-]{0,59}$/).optional(),
}

const TextFieldSchema = z.strictObject({
  ...common,
  type: z.literal('text'),
  minLength: z.number().int().min(0).max(1000).optional(),
  maxLength: z.number().int().min(1).max(1000).default(200),
  pattern: z.strictObject({ regex: z.string().min(1).max(200), message: LocalizedTextSchema }).optional(),
})
const LongTextFieldSchema = z.strictObject({
  ...common,
  type: z.literal('longText'),
  minLength: z.number().int().min(0).max(10000).optional(),
  maxLength: z.number().int().min(1).max(10000).default(2000),
})
const NumberFieldSchema = z.strictObject({
  ...common,
  type: z.literal('number'),
  min: z.number().optional(),
  max: z.number().optional(),
  integer: z.boolean().default(true),
  unit: LocalizedTextSchema.optional(),
})
const EmailFieldSchema = z.strictObject({ ...common, type: z.literal('email') })
const PhoneFieldSchema = z.strictObject({ ...common, type: z.literal('phone') })
const DateFieldSchema = z.strictObject({
  ...common,
  type: z.literal('date'),
  minDate: z.union([z.literal('today'), IsoDateSchema]).optional(),
  maxDate: z.union([z.literal('today'), IsoDateSchema]).optional(),
})
const PersonNameFieldSchema = z.strictObject({ ...common, type: z.literal('personName'), kana: z.boolean().default(true) })
const AddressFieldSchema = z.strictObject({ ...common, type: z.literal('address') })
const SingleChoiceFieldSchema = z.strictObject({ ...common, type: z.literal('singleChoice'), options: z.array(OptionSchema).min(1).max(100) })
const SelectFieldSchema = z.strictObject({ ...common, type: z.literal('select'), options: z.array(OptionSchema).min(1).max(300) })
const MultipleChoiceFieldSchema = z.strictObject({
  ...common,
  type: z.literal('multipleChoice'),
  options: z.array(OptionSchema).min(1).max(100),
  minSelected: z.number().int().min(0).optional(),
  maxSelected: z.number().int().min(1).optional(),
})
export const UPLOAD_MEDIA_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'] as const
const FileFieldSchema = z.strictObject({
  ...common,
  type: z.literal('file'),
  accept: z.array(z.enum(UPLOAD_MEDIA_TYPES)).min(1),
  maxBytes: z.number().int().min(1024).max(20 * 1024 * 1024).default(5 * 1024 * 1024),
})
const AgreementFieldSchema = z.strictObject({ ...common, type: z.literal('agreement'), statement: LocalizedTextSchema })
/** Allowed only when the procedure is flagged `myNumberAllowed` (番号法 legal basis). */
const MyNumberFieldSchema = z.strictObject({ ...common, type: z.literal('myNumber') })

const SimpleFieldSchema = z.discriminatedUnion('type', [
  TextFieldSchema,
  LongTextFieldSchema,
  NumberFieldSchema,
  EmailFieldSchema,
  PhoneFieldSchema,
  DateFieldSchema,
  PersonNameFieldSchema,
  AddressFieldSchema,
  SingleChoiceFieldSchema,
  SelectFieldSchema,
  MultipleChoiceFieldSchema,
  FileFieldSchema,
  AgreementFieldSchema,
  MyNumberFieldSchema,
])
export type SimpleField = z.infer<typeof SimpleFieldSchema>

/** "Add another": e.g. each child. Members are simple fields (no nested groups, files or My Number). */
const RepeatingGroupSchema = z.strictObject({
  ...common,
  type: z.literal('repeatingGroup'),
  itemLabel: LocalizedTextSchema,
  minItems: z.number().int().min(0).max(50).default(1),
  maxItems: z.number().int().min(1).max(50).default(10),
  fields: z.array(SimpleFieldSchema).min(1).max(30),
})
export type RepeatingGroupField = z.infer<typeof RepeatingGroupSchema>

/** Display-only content: a section heading or help text. */
const HeadingSchema = z.strictObject({ id: FieldIdSchema, type: z.literal('heading'), text: LocalizedTextSchema, showIf: ConditionSchema.optional() })
const ParagraphSchema = z.strictObject({ id: FieldIdSchema, type: z.literal('paragraph'), text: LocalizedTextSchema, showIf: ConditionSchema.optional() })

export const ElementSchema = z.discriminatedUnion('type', [
  ...SimpleFieldSchema.options,
  RepeatingGroupSchema,
  HeadingSchema,
  ParagraphSchema,
])
export type FormElement = z.infer<typeof ElementSchema>
export type Field = SimpleField | RepeatingGroupField
export type FieldType = Field['type']
export type ContentElement = Extract<FormElement, { type: 'heading' | 'paragraph' }>

export const FIELD_TYPES = [
  'text', 'longText', 'number', 'email', 'phone', 'date', 'personName', 'address',
  'singleChoice', 'multipleChoice', 'select', 'file', 'agreement', 'myNumber', 'repeatingGroup',
] as const satisfies readonly FieldType[]

export const PageSchema = z.strictObject({
  id: FieldIdSchema,
  title: LocalizedTextSchema,
  showIf: ConditionSchema.optional(),
  elements: z.array(ElementSchema).max(60),
})
export type FormPage = z.infer<typeof PageSchema>

/** A fee line: unit price × the answer to a number field (or × 1), unless an exemption applies. */
const FeeItemSchema = z.strictObject({
  id: FieldIdSchema,
  label: LocalizedTextSchema,
  unitYen: z.number().int().min(0).max(10_000_000),
  quantityField: FieldIdSchema.optional(),
  showIf: ConditionSchema.optional(),
})
const FeeExemptionSchema = z.strictObject({
  label: LocalizedTextSchema,
  when: ConditionSchema,
  /** Fee items the exemption zeroes; all of them when omitted. */
  items: z.array(FieldIdSchema).optional(),
})
export const FeeRulesSchema = z.strictObject({
  /** 'on-submission' (pay before processing) or 'after-approval' (事後決済). */
  timing: z.enum(['on-submission', 'after-approval']).default('on-submission'),
  items: z.array(FeeItemSchema).min(1).max(20),
  exemptions: z.array(FeeExemptionSchema).max(20).default([]),
  /** Payment methods offered; 'pay-easy' shows a reference for paying elsewhere. */
  methods: z.array(z.enum(['online', 'pay-easy', 'counter'])).min(1).default(['online']),
})
export type FeeRules = z.infer<typeof FeeRulesSchema>

export const FormDefinitionSchema = z.strictObject({
  pages: z.array(PageSchema).min(1).max(40),
  declaration: LocalizedTextSchema,
})
export type FormDefinition = z.infer<typeof FormDefinitionSchema>

export const CATEGORIES = ['registration', 'childcare', 'welfare', 'tax', 'environment', 'pets', 'education', 'health', 'housing', 'other'] as const
export const LIFE_EVENTS = ['birth', 'moving', 'marriage', 'childcare', 'school', 'elderly-care', 'death', 'pets', 'none'] as const
export const IDENTITY_LEVELS = ['none', 'email', 'my-number-card'] as const
export type IdentityLevel = (typeof IDENTITY_LEVELS)[number]

export const ProcedureDocumentSchema = z
  .strictObject({
    format: z.literal(PROCEDURE_FORMAT),
    slug: z.string().regex(/^[a-z0-9][a-z0-9-]{1,59}$/),
    title: LocalizedTextSchema,
    summary: LocalizedTextSchema,
    category: z.enum(CATEGORIES),
    lifeEvents: z.array(z.enum(LIFE_EVENTS)).max(9).default([]),
    keywords: z.array(z.string().trim().min(1).max(40)).max(30).default([]),
    /** Who can apply, what you need, how long it takes — shown on the procedure page. */
    eligibility: LocalizedTextSchema,
    requirements: LocalizedTextSchema,
    processingDays: z.number().int().min(0).max(365),
    identityLevel: z.enum(IDENTITY_LEVELS),
    channels: z.strictObject({ online: z.boolean(), post: z.boolean(), counter: z.boolean() }),
    /** Department code the applications are routed to (a school for 欠席連絡, a partner organisation). */
    departmentCode: z.string().regex(/^[a-z0-9-]{1,40}$/).optional(),
    myNumberAllowed: z.boolean().default(false),
    legalBasis: z.string().max(200).optional(),
    /** Supervisors who must approve (電子決裁) before a decision takes effect; 0 = none. */
    approvalSteps: z.number().int().min(0).max(5).default(0),
    quota: z.strictObject({ maxApplications: z.number().int().min(1).optional(), maxPerResident: z.number().int().min(1).optional() }).default({}),
    publication: z.strictObject({ opensAt: z.iso.datetime({ offset: true }).optional(), closesAt: z.iso.datetime({ offset: true }).optional() }).default({}),
    form: FormDefinitionSchema,
    fee: FeeRulesSchema.optional(),
  })
  .superRefine((doc, ctx) => {
    for (const issue of checkFormIntegrity(doc)) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path })
  })
export type ProcedureDocument = z.infer<typeof ProcedureDocumentSchema>
export type ProcedureDocumentInput = z.input<typeof ProcedureDocumentSchema>

/** All fields of a form in page order (group members are reached through their group). */
export function listFields(form: FormDefinition): Field[] {
  return form.pages.flatMap(page => page.elements.filter((e): e is Field => e.type !== 'heading' && e.type !== 'paragraph'))
}

export function findField(form: FormDefinition, id: string): Field | undefined {
  return listFields(form).find(f => f.id === id)
}

/** Cross-field rules zod cannot express: unique ids, conditions refer to earlier fields, etc. */
export function checkFormIntegrity(doc: Pick<ProcedureDocument, 'form' | 'fee' | 'myNumberAllowed'>): { message: string; path: (string | number)[] }[] {
  const issues: { message: string; path: (string | number)[] }[] = []
  const seen = new Map<string, FormElement>()
  const pageIds = new Set<string>()
  doc.form.pages.forEach((page, p) => {
    if (pageIds.has(page.id) || seen.has(page.id)) issues.push({ message: `duplicate page id ${page.id}`, path: ['form', 'pages', p, 'id'] })
    pageIds.add(page.id)
    if (page.showIf) checkConditionRefs(page.showIf, seen, ['form', 'pages', p, 'showIf'], issues)
    page.elements.forEach((element, e) => {
      const path = ['form', 'pages', p, 'elements', e]
      if (seen.has(element.id) || pageIds.has(element.id)) issues.push({ message: `duplicate id ${element.id}`, path: [...path, 'id'] })
      if (element.showIf) checkConditionRefs(element.showIf, seen, [...path, 'showIf'], issues)
      if (element.type === 'myNumber' && !doc.myNumberAllowed) {
        issues.push({ message: 'a My Number field needs the procedure to be flagged as legally allowed', path: [...path, 'type'] })
      }
      if (element.type === 'repeatingGroup') {
        if (element.minItems > element.maxItems) issues.push({ message: 'minItems is larger than maxItems', path: [...path, 'minItems'] })
        const memberIds = new Set<string>()
        element.fields.forEach((member, m) => {
          if (member.type === 'file' || member.type === 'myNumber') issues.push({ message: `a repeating group cannot hold a ${member.type} field`, path: [...path, 'fields', m, 'type'] })
          if (memberIds.has(member.id)) issues.push({ message: `duplicate id ${member.id} in group`, path: [...path, 'fields', m, 'id'] })
          if (member.showIf) issues.push({ message: 'conditions inside a repeating group are not supported', path: [...path, 'fields', m, 'showIf'] })
          memberIds.add(member.id)
        })
      }
      if (element.type === 'number' && element.min !== undefined && element.max !== undefined && element.min > element.max) {
        issues.push({ message: 'min is larger than max', path: [...path, 'min'] })
      }
      if ((element.type === 'text' || element.type === 'longText') && element.minLength !== undefined && element.minLength > element.maxLength) {
        issues.push({ message: 'minLength is larger than maxLength', path: [...path, 'minLength'] })
      }
      if (element.type === 'text' && element.pattern && !isSafeRegex(element.pattern.regex)) {
        issues.push({ message: 'the pattern is not a valid, safe regular expression', path: [...path, 'pattern', 'regex'] })
      }
      if ((element.type === 'singleChoice' || element.type === 'select' || element.type === 'multipleChoice') && new Set(element.options.map(o => o.value)).size !== element.options.length) {
        issues.push({ message: 'option values must be unique', path: [...path, 'options'] })
      }
      seen.set(element.id, element)
    })
  })
  doc.fee?.items.forEach((item, i) => {
    if (item.quantityField) {
      const target = seen.get(item.quantityField)
      if (!target || target.type !== 'number') issues.push({ message: `fee quantity field ${item.quantityField} must be a number field`, path: ['fee', 'items', i, 'quantityField'] })
      // An unbounded quantity could make the fee overflow; every quantity needs a maximum.
      else if (target.max === undefined || target.max > 100_000) issues.push({ message: `fee quantity field ${item.quantityField} needs a maximum of at most 100000`, path: ['fee', 'items', i, 'quantityField'] })
    }
    if (item.showIf) checkConditionRefs(item.showIf, seen, ['fee', 'items', i, 'showIf'], issues)
  })
  doc.fee?.exemptions.forEach((exemption, i) => {
    checkConditionRefs(exemption.when, seen, ['fee', 'exemptions', i, 'when'], issues)
    for (const id of exemption.items ?? []) {
      if (!doc.fee?.items.some(item => item.id === id)) issues.push({ message: `unknown fee item ${id}`, path: ['fee', 'exemptions', i, 'items'] })
    }
  })
  return issues
}

function checkConditionRefs(condition: Condition, earlier: Map<string, FormElement>, path: (string | number)[], issues: { message: string; path: (string | number)[] }[]) {
  if ('all' in condition) return condition.all.forEach((c, i) => checkConditionRefs(c, earlier, [...path, 'all', i], issues))
  if ('any' in condition) return condition.any.forEach((c, i) => checkConditionRefs(c, earlier, [...path, 'any', i], issues))
  if ('not' in condition) return checkConditionRefs(condition.not, earlier, [...path, 'not'], issues)
  const target = earlier.get(condition.field)
  if (!target || target.type === 'heading' || target.type === 'paragraph' || target.type === 'repeatingGroup' || target.type === 'file' || target.type === 'myNumber') {
    issues.push({ message: `condition refers to ${condition.field}, which is not an earlier answerable field`, path })
  }
}

/**
 * Staff type patterns: reject invalid ones and the nested quantifiers that backtrack forever —
 * a repeated group holding a repeat, however deep: `(a+)+`, `((a+))*`, `(a{2,})+`, `(a{1,3}){2,}`.
 */
export function isSafeRegex(source: string): boolean {
  try {
    new RegExp(source, 'u')
  } catch {
    return false
  }
  // Inside a group, a repeat is + * {n,} or {n,m} with m ≠ n (? and {n} cannot make it ambiguous).
  const repeatsAt = (i: number) => {
    const match = /^(?:[+*]|\{\d+,\}|\{(\d+),(\d+)\})/.exec(source.slice(i, i + 30))
    return match !== null && (match[1] === undefined || match[1] !== match[2])
  }
  // For each open group: whether it holds a repeat, directly or in a group inside it.
  const open: boolean[] = []
  for (let i = 0; i < source.length; i++) {
    const char = source[i]
    if (char === '\\') i++
    else if (char === '[') {
      for (i++; i < source.length && source[i] !== ']'; i++) if (source[i] === '\\') i++
    } else if (char === '(') open.push(false)
    else if (char === ')') {
      const holdsRepeat = open.pop() === true
      if (holdsRepeat && /^[+*{]/.test(source.slice(i + 1, i + 2))) return false
      if (holdsRepeat && open.length > 0) open[open.length - 1] = true
    } else if (open.length > 0 && repeatsAt(i)) open[open.length - 1] = true
  }
  return true
}

/** Parses and checks a procedure document (import, builder save, templates). */
export function parseProcedureDocument(input: unknown): { ok: true; document: ProcedureDocument } | { ok: false; issues: { message: string; path: string }[] } {
  const parsed = ProcedureDocumentSchema.safeParse(input)
  if (parsed.success) return { ok: true, document: parsed.data }
  return { ok: false, issues: parsed.error.issues.slice(0, 50).map(i => ({ message: i.message, path: i.path.join('.') })) }
}
