import { describe, expect, it } from 'vitest'
import { FormDefinitionSchema, type FormDefinition } from './form-definition.js'
import { evaluateCondition, isAnswered, pruneHiddenAnswers, visibleElements, visiblePages } from './form-conditions.js'
import type { Answers } from './form-answers.js'

const text = (ja: string) => ({ ja })
const options = (...values: string[]) => values.map(value => ({ value, label: text(value) }))

/** A small form: who applies, then a page shown only for other people's applications. */
function buildForm(): FormDefinition {
  return FormDefinitionSchema.parse({
    declaration: text('宣誓'),
    pages: [
      {
        id: 'first',
        title: text('最初'),
        elements: [
          { id: 'applicant', type: 'singleChoice', label: text('申請者'), required: true, options: options('self', 'proxy') },
          { id: 'relation', type: 'text', label: text('続柄'), required: true, showIf: { field: 'applicant', equals: 'proxy' } },
          { id: 'proxyNote', type: 'paragraph', text: text('委任状が必要です'), showIf: { field: 'applicant', equals: 'proxy' } },
        ],
      },
      {
        id: 'proxyPage',
        title: text('代理人'),
        showIf: { field: 'applicant', equals: 'proxy' },
        elements: [{ id: 'proxyName', type: 'text', label: text('代理人の氏名'), required: true }],
      },
      {
        id: 'last',
        title: text('最後'),
        elements: [
          { id: 'copies', type: 'number', label: text('通数'), required: true },
          { id: 'bulkReason', type: 'text', label: text('理由'), showIf: { field: 'copies', greaterThan: 5 } },
        ],
      },
    ],
  })
}

describe('evaluateCondition', () => {
  it('matches equals on the same string and not on another', () => {
    expect(evaluateCondition({ field: 'purpose', equals: 'other' }, { purpose: 'other' })).toBe(true)
    expect(evaluateCondition({ field: 'purpose', equals: 'other' }, { purpose: 'official' })).toBe(false)
  })

  it('treats a number and its numeric string as equal in either direction', () => {
    expect(evaluateCondition({ field: 'copies', equals: 2 }, { copies: '2' })).toBe(true)
    expect(evaluateCondition({ field: 'copies', equals: '2' }, { copies: 2 })).toBe(true)
    expect(evaluateCondition({ field: 'copies', equals: 2 }, { copies: 2 })).toBe(true)
    expect(evaluateCondition({ field: 'copies', equals: 2 }, { copies: 3 })).toBe(false)
    expect(evaluateCondition({ field: 'copies', equals: 2 }, { copies: 'two' })).toBe(false)
  })

  it('does not stretch number equality to other spellings, so it agrees with the JSON Schema', () => {
    for (const code of ['02', '2.0', '0x2', true]) expect(evaluateCondition({ field: 'code', equals: 2 }, { code })).toBe(false)
  })

  it('matches equals on a multiple choice only when exactly that one option is ticked', () => {
    expect(evaluateCondition({ field: 'details', equals: 'domicile' }, { details: ['domicile'] })).toBe(true)
    expect(evaluateCondition({ field: 'details', equals: 'domicile' }, { details: ['domicile', 'relationship'] })).toBe(false)
  })

  it('matches equals on a boolean answer', () => {
    expect(evaluateCondition({ field: 'agreed', equals: true }, { agreed: true })).toBe(true)
  })

  it('matches notEquals on a different answer but never on a missing one', () => {
    expect(evaluateCondition({ field: 'purpose', notEquals: 'other' }, { purpose: 'official' })).toBe(true)
    expect(evaluateCondition({ field: 'purpose', notEquals: 'other' }, { purpose: 'other' })).toBe(false)
    expect(evaluateCondition({ field: 'purpose', notEquals: 'other' }, {})).toBe(false)
  })

  it('treats a one-item list as its item for notEquals', () => {
    expect(evaluateCondition({ field: 'details', notEquals: 'domicile' }, { details: ['domicile'] })).toBe(false)
    expect(evaluateCondition({ field: 'details', notEquals: 'domicile' }, { details: ['domicile', 'relationship'] })).toBe(true)
  })

  it('matches includes when the option is among those ticked', () => {
    expect(evaluateCondition({ field: 'details', includes: 'domicile' }, { details: ['relationship', 'domicile'] })).toBe(true)
    expect(evaluateCondition({ field: 'details', includes: 'domicile' }, { details: ['relationship'] })).toBe(false)
    expect(evaluateCondition({ field: 'details', includes: 'domicile' }, {})).toBe(false)
  })

  it('matches includes on a single answer equal to the option', () => {
    expect(evaluateCondition({ field: 'scope', includes: 'self' }, { scope: 'self' })).toBe(true)
    expect(evaluateCondition({ field: 'scope', includes: 'self' }, { scope: 'household' })).toBe(false)
  })

  it.each([
    ['a missing answer', undefined, false],
    ['an empty string', '', false],
    ['an unticked box', false, false],
    ['an empty selection', [], false],
    ['text', 'x', true],
    ['zero', 0, true],
    ['a ticked box', true, true],
    ['a selection', ['a'], true],
  ])('says %s is answered: %s', (_name, value, answered) => {
    const answers: Answers = value === undefined ? {} : { field: value }
    expect(evaluateCondition({ field: 'field', answered: true }, answers)).toBe(answered)
    expect(evaluateCondition({ field: 'field', answered: false }, answers)).toBe(!answered)
  })

  it('compares numbers strictly with greaterThan and lessThan', () => {
    expect(evaluateCondition({ field: 'age', greaterThan: 17 }, { age: 18 })).toBe(true)
    expect(evaluateCondition({ field: 'age', greaterThan: 18 }, { age: 18 })).toBe(false)
    expect(evaluateCondition({ field: 'age', lessThan: 18 }, { age: 17 })).toBe(true)
    expect(evaluateCondition({ field: 'age', lessThan: 18 }, { age: 18 })).toBe(false)
  })

  it('does not compare text with greaterThan or lessThan', () => {
    expect(evaluateCondition({ field: 'age', greaterThan: 17 }, { age: '18' })).toBe(false)
    expect(evaluateCondition({ field: 'age', lessThan: 18 }, {})).toBe(false)
  })

  it('combines conditions with all, any and not, nested', () => {
    const adultProxy = { all: [{ field: 'applicant', equals: 'proxy' }, { any: [{ field: 'age', greaterThan: 17 }, { not: { field: 'guardian', answered: false } }] }] }
    expect(evaluateCondition(adultProxy, { applicant: 'proxy', age: 20 })).toBe(true)
    expect(evaluateCondition(adultProxy, { applicant: 'proxy', age: 10, guardian: '母' })).toBe(true)
    expect(evaluateCondition(adultProxy, { applicant: 'proxy', age: 10 })).toBe(false)
    expect(evaluateCondition(adultProxy, { applicant: 'self', age: 20 })).toBe(false)
    expect(evaluateCondition({ not: { not: { field: 'x', equals: 'y' } } }, { x: 'y' })).toBe(true)
  })

  it('agrees with isAnswered on what counts as blank', () => {
    expect([undefined, '', false, [], null].map(v => isAnswered(v as never))).toEqual([false, false, false, false, false])
    expect([0, 'a', true, ['a'], {}].map(v => isAnswered(v as never))).toEqual([true, true, true, true, true])
  })
})

describe('visiblePages', () => {
  it('skips a page whose condition an earlier answer does not meet', () => {
    const form = buildForm()
    expect(visiblePages(form, { applicant: 'self' }).map(p => p.id)).toEqual(['first', 'last'])
    expect(visiblePages(form, {}).map(p => p.id)).toEqual(['first', 'last'])
  })

  it('shows a page once an earlier answer matches its condition', () => {
    expect(visiblePages(buildForm(), { applicant: 'proxy' }).map(p => p.id)).toEqual(['first', 'proxyPage', 'last'])
  })

  it('ignores an answer to a hidden field when deciding a later page', () => {
    const form = buildForm()
    // The answer that shows the proxy page sits in a field that is itself hidden.
    form.pages[0].elements[0] = { ...form.pages[0].elements[0], showIf: { field: 'nothing', answered: true } }
    expect(visiblePages(form, { applicant: 'proxy' }).map(p => p.id)).toEqual(['first', 'last'])
  })
})

describe('visibleElements', () => {
  it('shows a field when an earlier field on the same page has the matching answer', () => {
    const page = buildForm().pages[0]
    expect(visibleElements(page, {}, { applicant: 'proxy' }).map(e => e.id)).toEqual(['applicant', 'relation', 'proxyNote'])
    expect(visibleElements(page, {}, { applicant: 'self' }).map(e => e.id)).toEqual(['applicant'])
  })

  it('uses answers from earlier pages for fields on a later page', () => {
    const page = buildForm().pages[2]
    expect(visibleElements(page, {}, { copies: 6 }).map(e => e.id)).toEqual(['copies', 'bulkReason'])
    expect(visibleElements(page, {}, { copies: 5 }).map(e => e.id)).toEqual(['copies'])
  })
})

describe('pruneHiddenAnswers', () => {
  it('drops answers of hidden fields and of fields on hidden pages', () => {
    const answers = { applicant: 'self', relation: '父', proxyName: '山田花子', copies: 2, bulkReason: '多い' }
    expect(pruneHiddenAnswers(buildForm(), answers)).toEqual({ applicant: 'self', copies: 2 })
  })

  it('keeps the answers of fields that are shown', () => {
    const answers = { applicant: 'proxy', relation: '父', proxyName: '山田花子', copies: 6, bulkReason: '多い' }
    expect(pruneHiddenAnswers(buildForm(), answers)).toEqual(answers)
  })

  it('drops keys that belong to no field', () => {
    expect(pruneHiddenAnswers(buildForm(), { applicant: 'self', injected: 'x' })).toEqual({ applicant: 'self' })
  })

  it('hides a field whose condition depended on an answer that was itself pruned', () => {
    const form = buildForm()
    form.pages[2].elements.push({ id: 'late', type: 'text', label: text('後'), required: false, showIf: { field: 'relation', answered: true }, maxLength: 200 })
    expect(pruneHiddenAnswers(form, { applicant: 'self', relation: '父', late: 'x' })).toEqual({ applicant: 'self' })
  })
})
