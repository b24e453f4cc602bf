import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { FormDefinitionSchema, parseProcedureDocument, type FormDefinition } from './form-definition.js'
import { pruneHiddenAnswers } from './form-conditions.js'
import { validateAnswers, type Answers } from './form-answers.js'
import { checkAnswersAgainstSchema, conditionToSchema, toJsonSchema, toUiSchema } from './form-json-schema.js'

const text = (ja: string) => ({ ja })
const options = (...values: string[]) => values.map(value => ({ value, label: text(value) }))
const ctx = { today: '2026-04-01' }

function juminhyoForm(): FormDefinition {
  const parsed = parseProcedureDocument(JSON.parse(readFileSync(new URL('../templates/juminhyo-copy.json', import.meta.url), 'utf8')))
  if (!parsed.ok) throw new Error('the juminhyo-copy template must parse')
  return parsed.document.form
}

/** A complete, valid answer set for the 住民票の写し template. */
function validJuminhyoAnswers(): Answers {
  return {
    applicantName: { familyName: '山田', givenName: '太郎', familyNameKana: 'ヤマダ', givenNameKana: 'タロウ' },
    applicantAddress: { postalCode: '1000001', prefecture: '東京都', city: '千代田区', town: '千代田', street: '1-1' },
    phone: '09012345678',
    scope: 'household',
    details: ['relationship'],
    copies: 2,
    purpose: 'employment',
    welfare: 'no',
    deliveryMethod: 'post',
  }
}

/** One field of every type, on one page. */
function everyTypeForm(): FormDefinition {
  return FormDefinitionSchema.parse({
    declaration: text('宣誓'),
    pages: [
      {
        id: 'all',
        title: text('全部'),
        elements: [
          { id: 'heading', type: 'heading', text: text('見出し') },
          { id: 'shortText', type: 'text', label: text('短文'), required: true, maxLength: 20, pattern: { regex: '^[0-9]+$', message: text('数字') } },
          { id: 'longText', type: 'longText', label: text('長文'), minLength: 5 },
          { id: 'count', type: 'number', label: text('数'), min: 1, max: 10 },
          { id: 'ratio', type: 'number', label: text('割合'), integer: false },
          { id: 'email', type: 'email', label: text('メール') },
          { id: 'phone', type: 'phone', label: text('電話') },
          { id: 'birthday', type: 'date', label: text('生年月日') },
          { id: 'name', type: 'personName', label: text('氏名'), required: true },
          { id: 'latinName', type: 'personName', label: text('英字氏名'), kana: false },
          { id: 'address', type: 'address', label: text('住所') },
          { id: 'scope', type: 'singleChoice', label: text('範囲'), options: options('self', 'household') },
          { id: 'ward', type: 'select', label: text('区'), options: options('north', 'south') },
          { id: 'details', type: 'multipleChoice', label: text('詳細'), options: options('a', 'b', 'c'), maxSelected: 2 },
          { id: 'proof', type: 'file', label: text('証明書'), accept: ['application/pdf'], maxBytes: 2048 },
          { id: 'consent', type: 'agreement', label: text('同意'), statement: text('同意します'), required: true },
          { id: 'myNumber', type: 'myNumber', label: text('個人番号') },
          { id: 'children', type: 'repeatingGroup', label: text('子'), itemLabel: text('子'), required: true, minItems: 1, maxItems: 3, fields: [{ id: 'childName', type: 'text', label: text('名前'), required: true }, { id: 'age', type: 'number', label: text('年齢') }] },
          { id: 'pets', type: 'repeatingGroup', label: text('ペット'), itemLabel: text('ペット'), required: true, minItems: 0, fields: [{ id: 'petName', type: 'text', label: text('名前') }] },
        ],
      },
    ],
  })
}

function propertiesOf(schema: Record<string, unknown>): Record<string, Record<string, unknown>> {
  return schema.properties as Record<string, Record<string, unknown>>
}

/** Top-level fields Ajv reports as missing ("must have required property 'x'"). */
function schemaMissing(schema: Record<string, unknown>, answers: Answers): string[] {
  return checkAnswersAgainstSchema(schema, answers)
    .filter(v => v.keyword === 'required' && v.path === '')
    .map(v => /'([^']+)'/.exec(v.message)?.[1] ?? v.message)
    .sort()
}

const REQUIRED_KEYS = new Set(['procedures.validation.required', 'procedures.validation.agreement', 'procedures.validation.fileRequired', 'procedures.validation.tooFewItems'])

/**
 * Top-level fields the field rules report as missing. Only absent answers count: a present but
 * empty list is "too few items" for both, Ajv files it under minItems rather than required.
 */
function rulesMissing(form: FormDefinition, answers: Answers): string[] {
  const pruned = pruneHiddenAnswers(form, answers)
  const ids = validateAnswers(form, answers, ctx)
    .filter(e => REQUIRED_KEYS.has(e.messageKey))
    .map(e => e.path.split(/[.[]/)[0])
    .filter(id => !(id in pruned))
  return [...new Set(ids)].sort()
}

/** mulberry32: a tiny seeded PRNG so a failing case can be replayed. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Random answer sets: each field missing about a third of the time, else one of its candidate values. */
function randomAnswerSets(candidates: Record<string, unknown[]>, count: number, seed: number): Answers[] {
  const random = seededRandom(seed)
  return Array.from({ length: count }, () => {
    const answers: Record<string, unknown> = {}
    for (const [id, values] of Object.entries(candidates)) {
      if (random() < 0.3) continue
      answers[id] = structuredClone(values[Math.floor(random() * values.length)])
    }
    return answers as Answers
  })
}

describe('toJsonSchema', () => {
  it('describes each field type with its type, limits and closed objects', () => {
    const schema = toJsonSchema(everyTypeForm(), { title: text('全種類'), version: 3 })
    expect(schema).toMatchObject({ $schema: 'https://json-schema.org/draft/2020-12/schema', title: '全種類', $comment: 'version 3', type: 'object', additionalProperties: false })
    const p = propertiesOf(schema)
    expect(Object.keys(p)).not.toContain('heading')
    expect(p.shortText).toEqual({ title: '短文', type: 'string', maxLength: 20, minLength: 1, pattern: '^[0-9]+$' })
    expect(p.longText).toEqual({ title: '長文', type: 'string', maxLength: 2000, minLength: 5 })
    expect(p.count).toEqual({ title: '数', type: 'integer', minimum: 1, maximum: 10 })
    expect(p.ratio).toEqual({ title: '割合', type: 'number' })
    expect(p.email).toMatchObject({ type: 'string', format: 'email', maxLength: 254 })
    expect(p.phone).toMatchObject({ type: 'string', pattern: '^0\\d{9,10}$' })
    expect(p.birthday).toMatchObject({ type: 'string', format: 'date' })
    expect(p.name).toMatchObject({ type: 'object', additionalProperties: false, required: ['familyName', 'givenName', 'familyNameKana', 'givenNameKana'] })
    expect(p.latinName).toMatchObject({ required: ['familyName', 'givenName'] })
    expect(p.address).toMatchObject({ type: 'object', additionalProperties: false, required: ['postalCode', 'prefecture', 'city', 'street'] })
    expect(p.scope).toEqual({ title: '範囲', type: 'string', enum: ['self', 'household'] })
    expect(p.ward).toEqual({ title: '区', type: 'string', enum: ['north', 'south'] })
    expect(p.details).toEqual({ title: '詳細', type: 'array', uniqueItems: true, items: { type: 'string', enum: ['a', 'b', 'c'] }, minItems: 1, maxItems: 2 })
    expect(p.proof).toMatchObject({ type: 'object', additionalProperties: false, properties: { mediaType: { enum: ['application/pdf'] }, sizeBytes: { maximum: 2048 } } })
    expect(p.consent).toEqual({ title: '同意', const: true })
    expect(p.myNumber).toMatchObject({ type: 'string', pattern: '^(\\d{12}|\\*{8}\\d{4})$' })
    expect(p.children).toMatchObject({ type: 'array', minItems: 1, maxItems: 3, items: { type: 'object', additionalProperties: false, required: ['childName'] } })
    expect(p.pets).toMatchObject({ type: 'array', minItems: 0 })
  })

  it('requires the required fields without conditions, and a group only when it needs items', () => {
    expect(toJsonSchema(everyTypeForm()).required).toEqual(['shortText', 'name', 'consent', 'children'])
  })

  it('requires the template’s other purpose only when the purpose is other', () => {
    const form = juminhyoForm()
    const schema = toJsonSchema(form)
    expect(schema.required).not.toContain('purposeOther')
    expect(schema.allOf).toEqual([{ if: conditionToSchema({ field: 'purpose', equals: 'other' }), then: { required: ['purposeOther'] } }])
    expect(checkAnswersAgainstSchema(schema, { ...validJuminhyoAnswers(), purpose: 'other' })).toEqual([expect.objectContaining({ keyword: 'required', path: '', message: expect.stringContaining('purposeOther') as unknown })])
    expect(checkAnswersAgainstSchema(schema, { ...validJuminhyoAnswers(), purpose: 'other', purposeOther: 'ビザの申請' })).toEqual([])
  })

  it('requires a field on a conditional page only when the page is shown', () => {
    const form = FormDefinitionSchema.parse({
      declaration: text('宣誓'),
      pages: [
        { id: 'one', title: text('1'), elements: [{ id: 'proxy', type: 'singleChoice', label: text('代理'), options: options('yes', 'no') }] },
        { id: 'two', title: text('2'), showIf: { field: 'proxy', equals: 'yes' }, elements: [{ id: 'proxyName', type: 'text', label: text('代理人'), required: true, showIf: { field: 'proxy', answered: true } }] },
      ],
    })
    const schema = toJsonSchema(form)
    expect(checkAnswersAgainstSchema(schema, { proxy: 'no' })).toEqual([])
    expect(checkAnswersAgainstSchema(schema, { proxy: 'yes' }).map(v => v.keyword)).toEqual(['required'])
  })
})

describe('checkAnswersAgainstSchema', () => {
  it('accepts a complete, valid answer set', () => {
    expect(checkAnswersAgainstSchema(toJsonSchema(juminhyoForm()), validJuminhyoAnswers())).toEqual([])
  })

  it('refuses a key that belongs to no field (a tampered post)', () => {
    expect(checkAnswersAgainstSchema(toJsonSchema(juminhyoForm()), { ...validJuminhyoAnswers(), feeYen: 0 })).toEqual([expect.objectContaining({ keyword: 'additionalProperties', path: '' })])
  })

  it('refuses an extra key inside a name or address object', () => {
    const answers = validJuminhyoAnswers()
    const violations = checkAnswersAgainstSchema(toJsonSchema(juminhyoForm()), { ...answers, applicantAddress: { ...(answers.applicantAddress as object), country: 'JP' } })
    expect(violations).toEqual([expect.objectContaining({ keyword: 'additionalProperties', path: '/applicantAddress' })])
  })

  it.each([
    ['a number as a string', { copies: '2' }, '/copies', 'type'],
    ['a fraction for a whole number', { copies: 1.5 }, '/copies', 'type'],
    ['a value outside the options', { scope: 'neighbours' }, '/scope', 'enum'],
    ['an unknown option in a multiple choice', { details: ['relationship', 'income'] }, '/details/1', 'enum'],
    ['the same option twice', { details: ['relationship', 'relationship'] }, '/details', 'uniqueItems'],
    ['a number above the maximum', { copies: 11 }, '/copies', 'maximum'],
    ['a number below the minimum', { copies: 0 }, '/copies', 'minimum'],
    ['a phone number with hyphens', { phone: '090-1234-5678' }, '/phone', 'pattern'],
    ['an empty family name', { applicantName: { familyName: '', givenName: '太郎', familyNameKana: 'ヤマダ', givenNameKana: 'タロウ' } }, '/applicantName/familyName', 'minLength'],
  ])('refuses %s', (_name, change, path, keyword) => {
    const violations = checkAnswersAgainstSchema(toJsonSchema(juminhyoForm()), { ...validJuminhyoAnswers(), ...change })
    expect(violations).toContainEqual(expect.objectContaining({ path, keyword }))
  })

  it('checks dates and e-mail addresses with its own formats', () => {
    const schema = toJsonSchema(everyTypeForm())
    const base = { shortText: '1', name: { familyName: '山田', givenName: '太郎', familyNameKana: 'ヤマダ', givenNameKana: 'タロウ' }, consent: true, children: [{ childName: '花子' }] }
    expect(checkAnswersAgainstSchema(schema, { ...base, birthday: '2024-02-29', email: 'a@example.jp' })).toEqual([])
    expect(checkAnswersAgainstSchema(schema, { ...base, birthday: '2026-02-30' })).toContainEqual(expect.objectContaining({ path: '/birthday', keyword: 'format' }))
    expect(checkAnswersAgainstSchema(schema, { ...base, email: 'a@example' })).toContainEqual(expect.objectContaining({ path: '/email', keyword: 'format' }))
  })

  it('refuses an unticked agreement and a missing member inside a group item', () => {
    const schema = toJsonSchema(everyTypeForm())
    const violations = checkAnswersAgainstSchema(schema, { shortText: '1', name: { familyName: '山田', givenName: '太郎', familyNameKana: 'ヤマダ', givenNameKana: 'タロウ' }, consent: false, children: [{ age: 3 }] })
    expect(violations).toContainEqual(expect.objectContaining({ path: '/consent', keyword: 'const' }))
    expect(violations).toContainEqual(expect.objectContaining({ path: '/children/0', keyword: 'required' }))
  })
})

describe('conditionToSchema', () => {
  it('lets equals match a number and its numeric string, and a one-item list', () => {
    const schema = toJsonSchema(FormDefinitionSchema.parse({
      declaration: text('宣誓'),
      pages: [{ id: 'p', title: text('p'), elements: [
        { id: 'code', type: 'text', label: text('番号') },
        { id: 'note', type: 'text', label: text('備考'), required: true, showIf: { field: 'code', equals: 2 } },
      ] }],
    }))
    expect(checkAnswersAgainstSchema(schema, { code: '2' }).map(v => v.keyword)).toEqual(['required'])
    expect(checkAnswersAgainstSchema(schema, { code: '3' })).toEqual([])
  })
})

describe('conditionToSchema on lists', () => {
  it('treats a one-item list as its item for equals and notEquals, as evaluateCondition does', () => {
    const form = FormDefinitionSchema.parse({
      declaration: text('宣誓'),
      pages: [{ id: 'p', title: text('p'), elements: [
        { id: 'tags', type: 'multipleChoice', label: text('タグ'), options: options('x', 'y') },
        { id: 'onlyX', type: 'text', label: text('xだけ'), required: true, showIf: { field: 'tags', equals: 'x' } },
        { id: 'notOnlyX', type: 'text', label: text('x以外'), required: true, showIf: { field: 'tags', notEquals: 'x' } },
      ] }],
    })
    const schema = toJsonSchema(form)
    expect(schemaMissing(schema, { tags: ['x'] })).toEqual(['onlyX'])
    expect(schemaMissing(schema, { tags: ['x', 'y'] })).toEqual(['notOnlyX'])
  })
})

describe('toUiSchema', () => {
  it('lists pages and elements in order with widgets, texts, options and conditions', () => {
    const ui = toUiSchema(juminhyoForm()) as { pages: { id: string; elements: Record<string, unknown>[] }[]; declaration: unknown }
    expect(ui.pages.map(p => p.id)).toEqual(['applicant', 'request', 'delivery'])
    expect(ui.pages[1].elements.map(e => [e.id, e.widget])).toEqual([['scope', 'singleChoice'], ['details', 'multipleChoice'], ['copies', 'number'], ['purpose', 'select'], ['purposeOther', 'text'], ['welfare', 'singleChoice']])
    expect(ui.pages[1].elements[4]).toMatchObject({ label: { ja: 'その他の使いみち', en: 'Other purpose' }, showIf: { field: 'purpose', equals: 'other' } })
    expect(ui.pages[1].elements[0].options).toHaveLength(2)
    expect(ui.declaration).toMatchObject({ ja: expect.stringContaining('住民基本台帳法') as unknown })
  })
})

describe('schema and field rules agree on what is required', () => {
  it('agrees for 200 random answer sets over the 住民票の写し template, hidden fields included', () => {
    const form = juminhyoForm()
    const name = { familyName: '山田', givenName: '太郎', familyNameKana: 'ヤマダ', givenNameKana: 'タロウ' }
    const candidates: Record<string, unknown[]> = {
      applicantName: [name, { familyName: '山田' }, { ...name, givenNameKana: 'たろう' }],
      applicantAddress: [{ postalCode: '1000001', prefecture: '東京都', city: '千代田区', street: '1-1' }, { postalCode: '123', prefecture: '東京都', city: '千代田区', street: '1-1' }],
      phone: ['09012345678', '12345'],
      scope: ['household', 'self', 'nobody'],
      details: [['relationship'], ['domicile', 'relationship'], ['income']],
      copies: [1, 2, 0, 11, '2'],
      purpose: ['employment', 'official', 'other', 'bogus', ['other']],
      // Shown only for purpose 'other': often present while hidden.
      purposeOther: ['ビザの申請'],
      welfare: ['no', 'yes'],
      deliveryMethod: ['post', 'counter'],
    }
    const schema = toJsonSchema(form)
    const sets = randomAnswerSets(candidates, 200, 20260401)
    const disagreements = sets
      .map(answers => ({ answers, schema: schemaMissing(schema, pruneHiddenAnswers(form, answers)), rules: rulesMissing(form, answers) }))
      .filter(r => JSON.stringify(r.schema) !== JSON.stringify(r.rules))
    expect(disagreements).toEqual([])
    // The loop must exercise both sides of the purposeOther condition.
    const otherShown = sets.filter(a => a.purpose === 'other' && !('purposeOther' in a))
    expect(otherShown.length).toBeGreaterThan(5)
    expect(otherShown.every(a => schemaMissing(schema, pruneHiddenAnswers(form, a)).includes('purposeOther'))).toBe(true)
  })

  it('agrees for 200 random answer sets over a form using every condition operator', () => {
    const form = FormDefinitionSchema.parse({
      declaration: text('宣誓'),
      pages: [
        {
          id: 'first',
          title: text('1'),
          elements: [
            { id: 'kind', type: 'singleChoice', label: text('種類'), required: true, options: options('self', 'proxy') },
            { id: 'code', type: 'text', label: text('番号') },
            { id: 'codeIsTwo', type: 'text', label: text('2'), required: true, showIf: { field: 'code', equals: 2 } },
            { id: 'codeIsNotTwo', type: 'text', label: text('2以外'), required: true, showIf: { field: 'code', notEquals: '2' } },
            { id: 'tags', type: 'multipleChoice', label: text('タグ'), options: options('x', 'y') },
            { id: 'tagsNotX', type: 'text', label: text('x以外'), required: true, showIf: { field: 'tags', notEquals: 'x' } },
            { id: 'tagsWithY', type: 'text', label: text('yあり'), required: true, showIf: { field: 'tags', includes: 'y' } },
            { id: 'age', type: 'number', label: text('年齢') },
            { id: 'adult', type: 'text', label: text('成人'), required: true, showIf: { all: [{ field: 'age', greaterThan: 17 }, { not: { field: 'kind', equals: 'proxy' } }] } },
            { id: 'young', type: 'text', label: text('未成年'), required: true, showIf: { any: [{ field: 'age', lessThan: 18 }, { field: 'code', answered: false }] } },
            { id: 'consent', type: 'agreement', label: text('同意'), statement: text('同意します') },
            { id: 'consented', type: 'text', label: text('同意後'), required: true, showIf: { field: 'consent', equals: true } },
          ],
        },
        {
          id: 'second',
          title: text('2'),
          showIf: { field: 'kind', equals: 'proxy' },
          elements: [
            { id: 'proxyName', type: 'personName', label: text('代理人'), required: true },
            { id: 'pets', type: 'repeatingGroup', label: text('ペット'), itemLabel: text('ペット'), required: true, minItems: 0, fields: [{ id: 'petName', type: 'text', label: text('名前'), required: true }] },
            { id: 'children', type: 'repeatingGroup', label: text('子'), itemLabel: text('子'), required: true, minItems: 1, fields: [{ id: 'childName', type: 'text', label: text('名前'), required: true }] },
          ],
        },
      ],
    })
    const filled = ['ok']
    const candidates: Record<string, unknown[]> = {
      kind: ['self', 'proxy', 'proxy', 'nobody'],
      code: ['2', '02', '2.0', '0x2', '3', 'abc'],
      codeIsTwo: filled,
      codeIsNotTwo: filled,
      tags: [['x'], ['y'], ['x', 'y'], ['z']],
      tagsNotX: filled,
      tagsWithY: filled,
      age: [10, 17, 18, 30, '20'],
      adult: filled,
      young: filled,
      consent: [true],
      consented: filled,
      proxyName: [{ familyName: '山田', givenName: '花子', familyNameKana: 'ヤマダ', givenNameKana: 'ハナコ' }, { familyName: '山田' }],
      pets: [[], [{ petName: 'ポチ' }], [{}]],
      children: [[], [{ childName: '太郎' }]],
    }
    const schema = toJsonSchema(form)
    const disagreements = randomAnswerSets(candidates, 200, 7)
      .map(answers => ({ answers, schema: schemaMissing(schema, pruneHiddenAnswers(form, answers)), rules: rulesMissing(form, answers) }))
      .filter(r => JSON.stringify(r.schema) !== JSON.stringify(r.rules))
    expect(disagreements).toEqual([])
  })

  it('rejects blank required answers on both sides, though only the field rules call them missing', () => {
    // Intended difference: '' / [] / false are "not answered" for the field rules (required), but
    // present for JSON Schema, which refuses them under pattern / enum / minItems / const instead.
    // Stored answers never hold them: readPageForm and normalizeJsonAnswer drop blanks.
    const form = juminhyoForm()
    const answers = { ...validJuminhyoAnswers(), phone: '', scope: '' }
    expect(validateAnswers(form, answers, ctx).map(e => [e.path, e.messageKey])).toEqual([['phone', 'procedures.validation.required'], ['scope', 'procedures.validation.required']])
    expect(checkAnswersAgainstSchema(toJsonSchema(form), answers).map(v => [v.path, v.keyword])).toEqual([['/phone', 'pattern'], ['/scope', 'enum']])
  })
})
