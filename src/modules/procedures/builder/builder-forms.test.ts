import { describe, expect, it } from 'vitest'
import type { FormElement, ProcedureDocument } from '../form/form-definition.js'
import { listProcedureTemplates } from '../templates/procedure-templates.js'
import { elementToForm, optionsToText, readElementForm, readOptionsText } from './builder-element-form.js'
import { exemptionToForm, feeItemToForm, feeSettingsToForm, readExemptionForm, readFeeItemForm, readFeeSettingsForm } from './builder-fee-form.js'
import { conditionCandidates, conditionToRows, inputForPath, readConditionForm, type FormProblem, type FormValues } from './builder-form-values.js'
import { pageToForm, readPageForm, readSettingsForm, settingsToForm } from './builder-settings-form.js'

const templates = listProcedureTemplates()

function everyElement(doc: ProcedureDocument) {
  return doc.form.pages.flatMap((page, p) =>
    page.elements.flatMap((element, e) => [
      { element, candidates: conditionCandidates(doc.form, p, e), isMember: false },
      ...(element.type === 'repeatingGroup' ? element.fields.map(member => ({ element: member as FormElement, candidates: [], isMember: true })) : []),
    ]),
  )
}

describe('builder forms', () => {
  describe.each(templates.map(t => [t.slug, t.document] as const))('round trips of %s', (_slug, doc) => {
    it('reads every element back from its own form unchanged', () => {
      for (const { element, candidates, isMember } of everyElement(doc)) {
        const read = readElementForm(elementToForm(element), element, { candidates, isMember })
        expect(read.problems, element.id).toEqual([])
        expect(read.element, element.id).toEqual(element)
      }
    })

    it('reads the settings, pages and fee rules back unchanged', () => {
      const { settings, problems } = readSettingsForm(settingsToForm(doc), doc)
      expect(problems).toEqual([])
      const { declaration, ...rest } = settings ?? ({} as NonNullable<typeof settings>)
      expect({ ...doc, ...rest, form: { ...doc.form, declaration } }).toEqual(doc)
      doc.form.pages.forEach((page, p) => {
        const read = readPageForm(pageToForm(page), doc, p)
        expect(read.problems).toEqual([])
        expect(read.page).toEqual({ id: page.id, title: page.title, showIf: page.showIf })
      })
      if (!doc.fee) return
      expect(readFeeSettingsForm(feeSettingsToForm(doc.fee)).settings).toEqual({ timing: doc.fee.timing, methods: doc.fee.methods })
      for (const item of doc.fee.items) expect(readFeeItemForm(feeItemToForm(item), doc, item).item).toEqual(item)
      for (const exemption of doc.fee.exemptions) expect(readExemptionForm(exemptionToForm(exemption), doc, exemption).exemption).toEqual(exemption)
    })
  })

  it('reads options one per line, giving values to label-only lines and keeping hints', () => {
    const problems: FormProblem[] = []
    const current = [{ value: 'yes', label: { ja: 'はい' }, hint: { ja: '説明' } }]
    const options = readOptionsText('はい\nno|いいえ|いいえ|No\nどちらでもない', current, problems)
    expect(problems).toEqual([])
    expect(options).toEqual([
      { value: 'yes', label: { ja: 'はい' }, hint: { ja: '説明' } },
      { value: 'no', label: { ja: 'いいえ', 'ja-easy': 'いいえ', en: 'No' } },
      { value: 'option3', label: { ja: 'どちらでもない' } },
    ])
    expect(optionsToText(options)).toBe('yes|はい\nno|いいえ|いいえ|No\noption3|どちらでもない')
    readOptionsText('a b|ラベル\nx|\nx|二つ目\nx|三つ目', [], problems)
    expect(problems.map(p => [p.key, p.params])).toEqual([
      ['builder.element.optionValue', { line: 1 }],
      ['builder.element.optionLabel', { line: 2 }],
      ['builder.element.optionDuplicate', { value: 'x' }],
    ])
  })

  it('reads condition rows: one row is a simple condition, several are all / any, and values get the field type', () => {
    const doc = templates.find(t => t.slug === 'juminhyo-copy')?.document as ProcedureDocument
    const candidates = conditionCandidates(doc.form, 2)
    const form = (values: FormValues): FormValues => ({ conditionRows: '3', ...values })
    const read = (values: FormValues, problems: FormProblem[] = []) => readConditionForm(form(values), candidates, undefined, problems)
    expect(read({ conditionMode: 'always', condition1Field: 'purpose' })).toBeUndefined()
    expect(read({ conditionMode: 'all', condition1Field: 'purpose', condition1Operator: 'equals', condition1Value: 'other' })).toEqual({ field: 'purpose', equals: 'other' })
    expect(
      read({ conditionMode: 'any', condition1Field: 'copies', condition1Operator: 'greaterThan', condition1Value: '３', condition2Field: 'details', condition2Operator: 'includes', condition2Value: 'domicile', condition3Field: 'phone', condition3Operator: 'notAnswered' }),
    ).toEqual({ any: [{ field: 'copies', greaterThan: 3 }, { field: 'details', includes: 'domicile' }, { field: 'phone', answered: false }] })
    expect(read({ conditionMode: 'all', condition1Field: 'copies', condition1Operator: 'equals', condition1Value: '2' })).toEqual({ field: 'copies', equals: 2 })

    const problems: FormProblem[] = []
    read({ conditionMode: 'all', condition1Field: 'purpose', condition1Operator: 'equals', condition1Value: 'unknown', condition2Field: 'copies', condition2Operator: 'lessThan', condition2Value: 'many', condition3Field: 'deliveryMethod', condition3Operator: 'equals', condition3Value: 'post' }, problems)
    expect(problems.map(p => [p.field, p.key])).toEqual([
      ['condition1Value', 'builder.condition.unknownOption'],
      ['condition2Value', 'builder.condition.numberRequired'],
      ['condition3Field', 'builder.condition.unknownField'],
    ])
    const empty: FormProblem[] = []
    read({ conditionMode: 'all' }, empty)
    expect(empty).toEqual([{ field: 'condition1Field', key: 'builder.condition.rowRequired' }])
  })

  it('keeps a nested condition it cannot show as rows unless staff replace it', () => {
    const nested = { not: { any: [{ field: 'a', equals: 'x' }, { all: [{ field: 'b', answered: true }] }] } }
    expect(conditionToRows(nested)).toEqual({ mode: 'keep', rows: [] })
    expect(readConditionForm({ conditionMode: 'keep' }, [], nested, [])).toEqual(nested)
  })

  it('names the input a document problem belongs to', () => {
    const base = ['form', 'pages', 1, 'elements', 2]
    expect(inputForPath([...base, 'label', 'ja'], base)).toBe('labelJa')
    expect(inputForPath([...base, 'showIf', 'all', 0], base)).toBe('conditionMode')
    expect(inputForPath([...base, 'minLength'], base)).toBe('minLength')
    expect(inputForPath([...base, 'pattern', 'regex'], base, { pattern: 'patternRegex' })).toBe('patternRegex')
    expect(inputForPath(['form', 'pages', 0, 'title', 'ja'], base)).toBe('')
  })
})
