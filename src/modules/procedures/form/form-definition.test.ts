import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { findField, isSafeRegex, listFields, parseProcedureDocument, PROCEDURE_FORMAT } from './form-definition.js'

const text = (ja: string) => ({ ja })

type Json = Record<string, unknown>

/** A small valid procedure document; `elements` replaces the first page's elements. */
function buildDocument({ elements, pages, ...overrides }: { elements?: Json[]; pages?: Json[] } & Json = {}): Json {
  return {
    format: PROCEDURE_FORMAT,
    slug: 'test-procedure',
    title: text('テスト手続き'),
    summary: text('概要'),
    category: 'other',
    eligibility: text('誰でも'),
    requirements: text('なし'),
    processingDays: 5,
    identityLevel: 'email',
    channels: { online: true, post: false, counter: true },
    form: {
      declaration: text('宣誓'),
      pages: pages ?? [
        {
          id: 'main',
          title: text('内容'),
          elements: elements ?? [
            { id: 'count', type: 'number', label: text('数'), max: 10 },
            { id: 'purpose', type: 'select', label: text('目的'), options: [{ value: 'a', label: text('A') }, { value: 'b', label: text('B') }] },
          ],
        },
      ],
    },
    ...overrides,
  }
}

function issuesOf(input: Json): { message: string; path: string }[] {
  const parsed = parseProcedureDocument(input)
  return parsed.ok ? [] : parsed.issues
}

const numberField = (id: string, extra: Json = {}) => ({ id, type: 'number', label: text(id), ...extra })
const textField = (id: string, extra: Json = {}) => ({ id, type: 'text', label: text(id), ...extra })

describe('parseProcedureDocument', () => {
  it('accepts a valid document and fills in the defaults', () => {
    const parsed = parseProcedureDocument(buildDocument({ elements: [textField('name')] }))
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues))
    expect(parsed.document).toMatchObject({ myNumberAllowed: false, approvalSteps: 0, lifeEvents: [], quota: {}, publication: {} })
    expect(findField(parsed.document.form, 'name')).toMatchObject({ required: false, maxLength: 200 })
  })

  it('refuses a field id used twice, at the second one', () => {
    expect(issuesOf(buildDocument({ elements: [textField('name'), numberField('name')] }))).toEqual([{ message: 'duplicate id name', path: 'form.pages.0.elements.1.id' }])
  })

  it('refuses a page id used twice', () => {
    const pages = [{ id: 'main', title: text('1'), elements: [textField('a')] }, { id: 'main', title: text('2'), elements: [textField('b')] }]
    expect(issuesOf(buildDocument({ pages }))).toEqual([{ message: 'duplicate page id main', path: 'form.pages.1.id' }])
  })

  it('refuses a field id that repeats a page id, and a page id that repeats a field id', () => {
    const fieldAfterPage = [{ id: 'main', title: text('1'), elements: [textField('main')] }]
    expect(issuesOf(buildDocument({ pages: fieldAfterPage }))).toEqual([{ message: 'duplicate id main', path: 'form.pages.0.elements.0.id' }])
    const pageAfterField = [{ id: 'first', title: text('1'), elements: [textField('phone')] }, { id: 'phone', title: text('2'), elements: [textField('b')] }]
    expect(issuesOf(buildDocument({ pages: pageAfterField }))).toEqual([{ message: 'duplicate page id phone', path: 'form.pages.1.id' }])
  })

  it('refuses a condition that points to a later field', () => {
    const elements = [textField('first', { showIf: { field: 'second', equals: 'x' } }), textField('second')]
    expect(issuesOf(buildDocument({ elements }))).toEqual([{ message: 'condition refers to second, which is not an earlier answerable field', path: 'form.pages.0.elements.0.showIf' }])
  })

  it('refuses a condition that points to its own field or to a field that does not exist', () => {
    expect(issuesOf(buildDocument({ elements: [textField('self', { showIf: { field: 'self', answered: true } })] })).map(i => i.path)).toEqual(['form.pages.0.elements.0.showIf'])
    expect(issuesOf(buildDocument({ elements: [textField('a', { showIf: { field: 'ghost', answered: true } })] })).map(i => i.path)).toEqual(['form.pages.0.elements.0.showIf'])
  })

  it('gives the path inside a nested condition', () => {
    const showIf = { all: [{ field: 'a', answered: true }, { not: { any: [{ field: 'later', equals: 1 }] } }] }
    const elements = [textField('a'), textField('b', { showIf }), numberField('later')]
    expect(issuesOf(buildDocument({ elements })).map(i => i.path)).toEqual(['form.pages.0.elements.1.showIf.all.1.not.any.0'])
  })

  it('refuses a page condition on a field of the same page', () => {
    const pages = [{ id: 'main', title: text('1'), showIf: { field: 'a', answered: true }, elements: [textField('a')] }]
    expect(issuesOf(buildDocument({ pages })).map(i => i.path)).toEqual(['form.pages.0.showIf'])
  })

  it.each([
    ['a heading', { id: 'target', type: 'heading', text: text('見出し') }],
    ['a file', { id: 'target', type: 'file', label: text('ファイル'), accept: ['application/pdf'] }],
    ['a repeating group', { id: 'target', type: 'repeatingGroup', label: text('子'), itemLabel: text('子'), fields: [textField('m')] }],
  ])('refuses a condition on %s', (_name, target) => {
    const elements = [target, textField('b', { showIf: { field: 'target', answered: true } })]
    expect(issuesOf(buildDocument({ elements })).map(i => i.path)).toEqual(['form.pages.0.elements.1.showIf'])
  })

  it('refuses a My Number field unless the procedure is flagged as legally allowed', () => {
    const elements = [textField('name'), { id: 'myNumber', type: 'myNumber', label: text('個人番号') }]
    expect(issuesOf(buildDocument({ elements }))).toEqual([{ message: 'a My Number field needs the procedure to be flagged as legally allowed', path: 'form.pages.0.elements.1.type' }])
    expect(issuesOf(buildDocument({ elements, myNumberAllowed: true, legalBasis: '番号法別表' }))).toEqual([])
  })

  it('refuses a file, a My Number, a duplicate member and a condition inside a repeating group', () => {
    const group = {
      id: 'children', type: 'repeatingGroup', label: text('子'), itemLabel: text('子'),
      fields: [
        { id: 'proof', type: 'file', label: text('証明'), accept: ['image/png'] },
        { id: 'number', type: 'myNumber', label: text('番号') },
        textField('name'),
        textField('name'),
        textField('note', { showIf: { field: 'name', answered: true } }),
      ],
    }
    expect(issuesOf(buildDocument({ elements: [group], myNumberAllowed: true })).map(i => [i.path, i.message])).toEqual([
      ['form.pages.0.elements.0.fields.0.type', 'a repeating group cannot hold a file field'],
      ['form.pages.0.elements.0.fields.1.type', 'a repeating group cannot hold a myNumber field'],
      ['form.pages.0.elements.0.fields.3.id', 'duplicate id name in group'],
      ['form.pages.0.elements.0.fields.4.showIf', 'conditions inside a repeating group are not supported'],
    ])
  })

  it('refuses limits that contradict each other', () => {
    const elements = [
      numberField('n', { min: 10, max: 1 }),
      textField('t', { minLength: 50, maxLength: 10 }),
      { id: 'g', type: 'repeatingGroup', label: text('g'), itemLabel: text('g'), minItems: 5, maxItems: 2, fields: [textField('m')] },
    ]
    expect(issuesOf(buildDocument({ elements })).map(i => i.path)).toEqual(['form.pages.0.elements.0.min', 'form.pages.0.elements.1.minLength', 'form.pages.0.elements.2.minItems'])
  })

  it('refuses option values used twice', () => {
    const elements = [{ id: 'c', type: 'singleChoice', label: text('c'), options: [{ value: 'a', label: text('A') }, { value: 'a', label: text('A2') }] }]
    expect(issuesOf(buildDocument({ elements })).map(i => i.path)).toEqual(['form.pages.0.elements.0.options'])
  })

  it.each(['(a+)+', '((a+))+', '(a{2,})+', '('])('refuses the pattern %s as unsafe or invalid', regex => {
    const elements = [textField('code', { pattern: { regex, message: text('形式') } })]
    expect(issuesOf(buildDocument({ elements }))).toEqual([{ message: 'the pattern is not a valid, safe regular expression', path: 'form.pages.0.elements.0.pattern.regex' }])
  })

  it('refuses a fee quantity field that is not a number field, or not a field at all', () => {
    const fee = (quantityField: string) => ({ items: [{ id: 'copyFee', label: text('手数料'), unitYen: 300, quantityField }] })
    expect(issuesOf(buildDocument({ fee: fee('purpose') }))).toEqual([{ message: 'fee quantity field purpose must be a number field', path: 'fee.items.0.quantityField' }])
    expect(issuesOf(buildDocument({ fee: fee('ghost') })).map(i => i.path)).toEqual(['fee.items.0.quantityField'])
    expect(issuesOf(buildDocument({ fee: fee('count') }))).toEqual([])
  })

  it('refuses a fee quantity field without a maximum, so a fee can never overflow', () => {
    const doc = buildDocument({ fee: { items: [{ id: 'copyFee', label: text('手数料'), unitYen: 300, quantityField: 'count' }] } })
    const unbounded = JSON.parse(JSON.stringify(doc)) as { form: { pages: { elements: { id: string; max?: number }[] }[] } }
    for (const page of unbounded.form.pages) for (const element of page.elements) if (element.id === 'count') delete element.max
    expect(issuesOf(unbounded).map(i => i.path)).toEqual(['fee.items.0.quantityField'])
  })

  it('refuses fee conditions on unknown fields and exemptions of unknown fee items', () => {
    const fee = {
      items: [{ id: 'copyFee', label: text('手数料'), unitYen: 300, showIf: { field: 'ghost', answered: true } }],
      exemptions: [{ label: text('免除'), when: { field: 'purpose', equals: 'a' }, items: ['postage'] }],
    }
    expect(issuesOf(buildDocument({ fee }))).toEqual([
      { message: 'condition refers to ghost, which is not an earlier answerable field', path: 'fee.items.0.showIf' },
      { message: 'unknown fee item postage', path: 'fee.exemptions.0.items' },
    ])
  })

  it('refuses a fractional or negative price', () => {
    for (const unitYen of [300.5, -1]) {
      expect(issuesOf(buildDocument({ fee: { items: [{ id: 'f', label: text('f'), unitYen }] } })).map(i => i.path)).toEqual(['fee.items.0.unitYen'])
    }
  })

  it('refuses keys the format does not know, such as a script in an element', () => {
    expect(issuesOf(buildDocument({ elements: [textField('a', { onclick: 'alert(1)' })] })).length).toBeGreaterThan(0)
    expect(issuesOf({ ...buildDocument(), format: 'yakuba.procedure/v2' }).map(i => i.path)).toEqual(['format'])
  })

  it.each(['toString', 'constructor', 'valueOf'])('refuses %s as a field id, which every answers object already has', id => {
    expect(issuesOf(buildDocument({ elements: [textField(id)] })).map(i => i.path)).toEqual(['form.pages.0.elements.0.id'])
  })

  it('refuses field ids that are not camelCase ASCII', () => {
    for (const id of ['Name', '1st', 'first-name', '__proto__', '氏名', 'a'.repeat(41)]) {
      expect(issuesOf(buildDocument({ elements: [textField(id)] })).map(i => i.path)).toEqual(['form.pages.0.elements.0.id'])
    }
  })
})

describe('isSafeRegex', () => {
  it.each(['(a+)+', '(a*)*', '(?:a+)+', '((a+))+', '((a)+)*', '(a{2,})+', '(a{1,3})*', '(x+x+)+y', '([a-z]+)*', '(a+){2,}'])('refuses %s, which backtracks for ever on a near miss', regex => {
    expect(isSafeRegex(regex)).toBe(false)
  })

  it.each(['^\\d{3}-\\d{4}$', '^[0-9]{7}$', '^[ァ-ヶー 　]+$', '^([A-Z]{2}\\d{4})+$', '^(\\d{3}-)?\\d{4}$', '([+*])+', '\\(a+\\)+', '(a+)?'])('accepts %s', regex => {
    expect(isSafeRegex(regex)).toBe(true)
  })

  it('refuses a pattern that does not compile', () => {
    expect(isSafeRegex('[a-')).toBe(false)
    expect(isSafeRegex('\\p{Nope}')).toBe(false)
  })
})

describe('templates', () => {
  const templates = readdirSync(new URL('../templates/', import.meta.url)).filter(name => name.endsWith('.json'))

  it('ships five templates', () => {
    expect(templates).toHaveLength(5)
  })

  it.each(templates)('%s parses without issues', name => {
    const parsed = parseProcedureDocument(JSON.parse(readFileSync(new URL(`../templates/${name}`, import.meta.url), 'utf8')))
    expect(parsed.ok ? [] : parsed.issues).toEqual([])
    if (parsed.ok) expect(listFields(parsed.document.form).length).toBeGreaterThan(0)
  })
})
