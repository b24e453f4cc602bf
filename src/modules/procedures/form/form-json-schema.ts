/**
 * A procedure's form as JSON Schema (draft 2020-12) for the answers, plus a UI schema (pages,
 * order, widgets, labels). Conditions become `if`/`then` so the schema alone says which answers
 * are required when; Ajv validates every submission against the schema stored with the version,
 * after the field rules (form-answers.ts) have produced friendly messages. The schema is also
 * what integrators read from the API to build their own front ends.
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js'
import type { Condition, Field, FormDefinition, LocalizedText, SimpleField } from './form-definition.js'
import { listFields } from './form-definition.js'
import { equivalentValues } from './form-conditions.js'

type JsonSchema = Record<string, unknown>

const NAME = { type: 'string', minLength: 1, maxLength: 50 }

function simpleSchema(field: SimpleField): JsonSchema {
  const title = field.label.ja
  switch (field.type) {
    case 'text': return { title, type: 'string', maxLength: field.maxLength, ...(field.minLength ? { minLength: field.minLength } : { minLength: 1 }), ...(field.pattern ? { pattern: field.pattern.regex } : {}) }
    case 'longText': return { title, type: 'string', maxLength: field.maxLength, minLength: field.minLength ?? 1 }
    case 'number': return { title, type: field.integer ? 'integer' : 'number', ...(field.min !== undefined ? { minimum: field.min } : {}), ...(field.max !== undefined ? { maximum: field.max } : {}) }
    case 'email': return { title, type: 'string', format: 'email', maxLength: 254 }
    case 'phone': return { title, type: 'string', pattern: '^0\\d{9,10}$' }
    case 'date': return { title, type: 'string', format: 'date' }
    case 'personName': {
      const required = field.kana ? ['familyName', 'givenName', 'familyNameKana', 'givenNameKana'] : ['familyName', 'givenName']
      return { title, type: 'object', additionalProperties: false, required, properties: { familyName: NAME, givenName: NAME, familyNameKana: NAME, givenNameKana: NAME } }
    }
    case 'address': {
      const part = { type: 'string', minLength: 1, maxLength: 100 }
      return {
        title, type: 'object', additionalProperties: false, required: ['postalCode', 'prefecture', 'city', 'street'],
        properties: { postalCode: { type: 'string', pattern: '^\\d{7}$' }, prefecture: part, city: part, town: { type: 'string', maxLength: 100 }, street: part, building: { type: 'string', maxLength: 100 } },
      }
    }
    case 'singleChoice':
    case 'select': return { title, type: 'string', enum: field.options.map(o => o.value) }
    case 'multipleChoice': return {
      title, type: 'array', uniqueItems: true, items: { type: 'string', enum: field.options.map(o => o.value) },
      minItems: Math.max(1, field.minSelected ?? 1), ...(field.maxSelected !== undefined ? { maxItems: field.maxSelected } : {}),
    }
    case 'file': return {
      title, type: 'object', additionalProperties: false, required: ['fileId', 'name', 'mediaType', 'sizeBytes'],
      properties: { fileId: { type: 'string', format: 'uuid' }, name: { type: 'string', maxLength: 200 }, mediaType: { type: 'string', enum: field.accept }, sizeBytes: { type: 'integer', minimum: 1, maximum: field.maxBytes } },
    }
    case 'agreement': return { title, const: true }
    // The digits are kept encrypted apart from the answers; answers hold the masked form.
    case 'myNumber': return { title, type: 'string', pattern: '^(\\d{12}|\\*{8}\\d{4})$' }
    default: {
      const unreachable: never = field
      return unreachable
    }
  }
}

function fieldSchema(field: Field): JsonSchema {
  if (field.type !== 'repeatingGroup') return simpleSchema(field)
  const required = field.fields.filter(f => f.required).map(f => f.id)
  return {
    title: field.label.ja,
    type: 'array',
    minItems: field.required ? field.minItems : 0,
    maxItems: field.maxItems,
    items: { type: 'object', additionalProperties: false, required, properties: Object.fromEntries(field.fields.map(f => [f.id, simpleSchema(f)])) },
  }
}

/** A condition as a JSON Schema over the answers object. */
export function conditionToSchema(condition: Condition): JsonSchema {
  if ('all' in condition) return { allOf: condition.all.map(conditionToSchema) }
  if ('any' in condition) return { anyOf: condition.any.map(conditionToSchema) }
  if ('not' in condition) return { not: conditionToSchema(condition.not) }
  const { field } = condition
  const present = (schema: JsonSchema) => ({ required: [field], properties: { [field]: schema } })
  if ('answered' in condition) return condition.answered ? present({ not: { enum: ['', false, null] }, minItems: 1 }) : { not: present({ not: { enum: ['', false, null] }, minItems: 1 }) }
  // A one-item list equals its item (a multiple choice with one box ticked), as in evaluateCondition.
  const equals = (value: string | number | boolean) => ({ anyOf: [{ enum: equivalentValues(value) }, { type: 'array', minItems: 1, maxItems: 1, items: { enum: equivalentValues(value) } }] })
  if ('equals' in condition) return present(equals(condition.equals))
  if ('notEquals' in condition) return present({ not: equals(condition.notEquals) })
  if ('includes' in condition) return present({ anyOf: [{ const: condition.includes }, { type: 'array', contains: { const: condition.includes } }] })
  if ('greaterThan' in condition) return present({ type: 'number', exclusiveMinimum: condition.greaterThan })
  return present({ type: 'number', exclusiveMaximum: condition.lessThan })
}

/** The answers' JSON Schema: types and rules per field; required-ness under each field's conditions. */
export function toJsonSchema(form: FormDefinition, meta: { title: LocalizedText; version?: number } = { title: { ja: '' } }): JsonSchema {
  const properties: Record<string, JsonSchema> = {}
  const alwaysRequired: string[] = []
  const conditional: JsonSchema[] = []
  for (const page of form.pages) {
    for (const element of page.elements) {
      if (element.type === 'heading' || element.type === 'paragraph') continue
      properties[element.id] = fieldSchema(element)
      const conditions = [page.showIf, element.showIf].filter((c): c is Condition => c !== undefined)
      const requires = element.required && !(element.type === 'repeatingGroup' && element.minItems === 0)
      if (!requires) continue
      if (conditions.length === 0) alwaysRequired.push(element.id)
      else conditional.push({ if: conditions.length === 1 ? conditionToSchema(conditions[0] as Condition) : { allOf: conditions.map(conditionToSchema) }, then: { required: [element.id] } })
    }
  }
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: meta.title.ja,
    ...(meta.version !== undefined ? { $comment: `version ${meta.version}` } : {}),
    type: 'object',
    additionalProperties: false,
    required: alwaysRequired,
    properties,
    ...(conditional.length > 0 ? { allOf: conditional } : {}),
  }
}

/** The UI schema: pages with their elements in order, widgets and texts in every language. */
export function toUiSchema(form: FormDefinition): JsonSchema {
  return {
    pages: form.pages.map(page => ({
      id: page.id,
      title: page.title,
      ...(page.showIf ? { showIf: page.showIf } : {}),
      elements: page.elements.map(element => {
        if (element.type === 'heading' || element.type === 'paragraph') return { id: element.id, widget: element.type, text: element.text }
        const { id, type, label, hint, showIf } = element
        return { id, widget: type, label, ...(hint ? { hint } : {}), ...(showIf ? { showIf } : {}), ...('options' in element ? { options: element.options } : {}) }
      }),
    })),
    declaration: form.declaration,
  }
}

const ajv = new Ajv2020({ allErrors: true, strict: false })
// Formats implemented here rather than with ajv-formats: only the ones our schemas use.
ajv.addFormat('date', { type: 'string', validate: (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s) })
ajv.addFormat('email', { type: 'string', validate: (s: string) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s) })
ajv.addFormat('uuid', { type: 'string', validate: (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s) })

/**
 * Compiled validators by schema text. Schemas arrive as fresh objects from each database read,
 * so an identity-keyed cache would never hit (and Ajv keeps every compiled schema): the text is
 * the key, and the least recently used validator is evicted (and removed from Ajv) past the cap.
 */
const compiled = new Map<string, { schema: JsonSchema; validate: ValidateFunction }>()
const byObject = new WeakMap<object, ValidateFunction>()
const MAX_COMPILED = 500

function validatorFor(schema: JsonSchema): ValidateFunction {
  const known = byObject.get(schema)
  if (known) return known
  const text = JSON.stringify(schema)
  let entry = compiled.get(text)
  if (entry) compiled.delete(text) // re-inserted below as the most recently used
  else {
    entry = { schema, validate: ajv.compile(schema) }
    if (compiled.size >= MAX_COMPILED) {
      const [oldestText, oldest] = compiled.entries().next().value as [string, { schema: JsonSchema }]
      compiled.delete(oldestText)
      ajv.removeSchema(oldest.schema)
    }
  }
  compiled.set(text, entry)
  byObject.set(schema, entry.validate)
  return entry.validate
}

/** Number of compiled validators held (for tests of the cache bound). */
export function compiledValidatorCount(): number {
  return compiled.size
}

export interface SchemaViolation { path: string; keyword: string; message: string }

/** Validates answers against a stored JSON Schema (compiled once per distinct schema). */
export function checkAnswersAgainstSchema(schema: JsonSchema, answers: unknown): SchemaViolation[] {
  const validate = validatorFor(schema)
  if (validate(answers)) return []
  return (validate.errors ?? []).filter(e => e.keyword !== 'if').map(e => ({ path: e.instancePath, keyword: e.keyword, message: e.message ?? '' }))
}

/** Field ids in answers (for tampering checks: unknown keys are rejected by additionalProperties). */
export function answerableFieldIds(form: FormDefinition): string[] {
  return listFields(form).map(f => f.id)
}
