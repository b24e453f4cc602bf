import { describe, expect, it } from 'vitest'
import { listFields, type FormElement, type ProcedureDocument } from '../form/form-definition.js'
import { listProcedureTemplates } from '../templates/procedure-templates.js'
import { applyBuilderEdit, blankProcedureDocument, describeReferences, newElement, newMember, type BuilderEdit, type NewElementTexts } from './builder-edits.js'

const texts: NewElementTexts = { label: '新しい項目', option: n => `選択肢${n}`, agreement: '同意します。', itemLabel: '項目', memberLabel: '名前' }

function blank(): ProcedureDocument {
  return blankProcedureDocument({
    slug: 'test-procedure',
    title: 'テストの手続き',
    texts: { pageTitle: '申請者', nameLabel: '氏名', summary: '概要', eligibility: '対象', requirements: '必要なもの', declaration: '誤りはありません。' },
  })
}

function template(slug: string): ProcedureDocument {
  const found = listProcedureTemplates().find(t => t.slug === slug)
  if (!found) throw new Error(slug)
  return found.document
}

/** Applies edits in order, failing the test on the first refused one. */
function applyAll(doc: ProcedureDocument, ...edits: BuilderEdit[]): ProcedureDocument {
  return edits.reduce((current, edit) => {
    const result = applyBuilderEdit(current, edit)
    if (!result.ok) throw new Error(`${edit.kind} refused: ${JSON.stringify(result.problems)}`)
    return result.document
  }, doc)
}

function problemKeys(doc: ProcedureDocument, edit: BuilderEdit): string[] {
  const result = applyBuilderEdit(doc, edit)
  return result.ok ? [] : result.problems.map(p => p.key)
}

const ids = (doc: ProcedureDocument, page = 0) => doc.form.pages[page].elements.map(e => e.id)

describe('builder edits', () => {
  it('adds a page and fields with fresh ids and their defaults, and a valid document comes out', () => {
    let doc = blank()
    doc = applyAll(doc, { kind: 'add-page', page: { id: 'page2', title: { ja: '内容' }, elements: [] } })
    const choice = newElement(doc, 'singleChoice', texts)
    doc = applyAll(doc, { kind: 'add-element', pageId: 'page2', element: choice })
    const other = newElement(doc, 'text', texts)
    doc = applyAll(doc, { kind: 'add-element', pageId: 'page2', element: other })
    expect(ids(doc, 1)).toEqual(['singleChoice1', 'text1'])
    expect(doc.form.pages[1].elements[0]).toMatchObject({ type: 'singleChoice', required: false, options: [{ value: 'option1', label: { ja: '選択肢1' } }, { value: 'option2' }] })
    expect(doc.form.pages[1].elements[1]).toMatchObject({ type: 'text', maxLength: 200 })
  })

  it('never changes the document it was given', () => {
    const doc = blank()
    const before = structuredClone(doc)
    applyAll(doc, { kind: 'add-page', page: { id: 'page2', title: { ja: '内容' }, elements: [] } })
    expect(doc).toEqual(before)
  })

  it('shows a field on a condition about an earlier field, and refuses one about a later field', () => {
    let doc = applyAll(blank(), { kind: 'add-element', pageId: 'page1', element: newElement(blank(), 'singleChoice', texts) })
    doc = applyAll(doc, { kind: 'add-element', pageId: 'page1', element: newElement(doc, 'text', texts) })
    const text = doc.form.pages[0].elements[2]
    doc = applyAll(doc, { kind: 'update-element', ref: { elementId: 'text1' }, element: { ...text, showIf: { field: 'singleChoice1', equals: 'option2' } } as FormElement })
    expect(doc.form.pages[0].elements[2].showIf).toEqual({ field: 'singleChoice1', equals: 'option2' })

    // moving the condition's field below the field that depends on it breaks the rule, either way round
    expect(problemKeys(doc, { kind: 'move-element', ref: { elementId: 'singleChoice1' }, to: 'down' })).toEqual(['builder.problems.conditionRef'])
    const later = applyBuilderEdit(doc, { kind: 'move-element', ref: { elementId: 'text1' }, to: 'up' })
    expect(later.ok).toBe(false)
    if (!later.ok) expect(later.problems[0]).toMatchObject({ key: 'builder.problems.conditionRef', params: { field: 'singleChoice1' }, path: ['form', 'pages', 0, 'elements', 1, 'showIf'] })
  })

  it('moves an element across pages one step at a time from the top or bottom of a page', () => {
    let doc = applyAll(blank(), { kind: 'add-page', page: { id: 'page2', title: { ja: '内容' }, elements: [] } })
    doc = applyAll(doc, { kind: 'add-element', pageId: 'page2', element: newElement(doc, 'email', texts) })
    doc = applyAll(doc, { kind: 'move-element', ref: { elementId: 'email1' }, to: 'up' })
    expect(ids(doc, 0)).toEqual(['applicantName', 'email1'])
    expect(ids(doc, 1)).toEqual([])
    doc = applyAll(doc, { kind: 'move-element', ref: { elementId: 'applicantName' }, to: 'down' }, { kind: 'move-element', ref: { elementId: 'applicantName' }, to: 'down' })
    expect(ids(doc, 0)).toEqual(['email1'])
    expect(ids(doc, 1)).toEqual(['applicantName'])
    expect(problemKeys(doc, { kind: 'move-element', ref: { elementId: 'applicantName' }, to: 'down' })).toEqual(['builder.problems.cannotMove'])
    // drag and drop names the target page and position
    doc = applyAll(doc, { kind: 'move-element', ref: { elementId: 'applicantName' }, to: { pageId: 'page1', index: 0 } })
    expect(ids(doc, 0)).toEqual(['applicantName', 'email1'])
  })

  it('reorders pages and refuses to delete the last one or one whose fields others depend on', () => {
    const doc = template('school-absence')
    expect(problemKeys(doc, { kind: 'delete-page', pageId: 'absence' })).toEqual(['builder.problems.lastPage'])
    const juminhyo = template('juminhyo-copy')
    const reordered = applyAll(juminhyo, { kind: 'move-page', pageId: 'delivery', to: 'up' })
    expect(reordered.form.pages.map(p => p.id)).toEqual(['applicant', 'delivery', 'request'])
    expect(problemKeys(juminhyo, { kind: 'delete-page', pageId: 'request' })).toEqual(['builder.problems.pageInUse'])
    expect(applyAll(juminhyo, { kind: 'delete-page', pageId: 'delivery' }).form.pages).toHaveLength(2)
  })

  it('refuses to delete a field a condition or a fee uses, naming where', () => {
    const doc = template('juminhyo-copy')
    const result = applyBuilderEdit(doc, { kind: 'delete-element', ref: { elementId: 'copies' } })
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.problems[0]).toMatchObject({ key: 'builder.problems.fieldInUse', params: { uses: '「住民票の写し 手数料」' } })
    expect(describeReferences(doc, 'purpose')).toEqual(['「その他の使いみち」', '「公用請求のため免除」'])
    expect(applyAll(doc, { kind: 'delete-element', ref: { elementId: 'phone' } }).form.pages[0].elements.map(e => e.id)).toEqual(['applicantName', 'applicantAddress'])
  })

  it('renames a field everywhere it is referred to', () => {
    const doc = template('juminhyo-copy')
    const purpose = listFields(doc.form).find(f => f.id === 'purpose') as FormElement
    const renamed = applyAll(doc, { kind: 'update-element', ref: { elementId: 'purpose' }, element: { ...purpose, id: 'usage' } })
    expect(listFields(renamed.form).find(f => f.id === 'purposeOther')?.showIf).toEqual({ field: 'usage', equals: 'other' })
    expect(renamed.fee?.exemptions[0].when).toEqual({ field: 'usage', equals: 'official' })
    const copies = listFields(doc.form).find(f => f.id === 'copies') as FormElement
    expect(applyAll(doc, { kind: 'update-element', ref: { elementId: 'copies' }, element: { ...copies, id: 'count' } }).fee?.items[0].quantityField).toBe('count')
  })

  it('refuses an id already used, and a type change', () => {
    const doc = template('juminhyo-copy')
    const phone = listFields(doc.form).find(f => f.id === 'phone') as FormElement
    expect(problemKeys(doc, { kind: 'update-element', ref: { elementId: 'phone' }, element: { ...phone, id: 'copies' } })).toContain('builder.problems.duplicateId')
    expect(problemKeys(doc, { kind: 'update-element', ref: { elementId: 'phone' }, element: { ...phone, type: 'email' } as FormElement })).toEqual(['builder.problems.typeChanged'])
  })

  it('adds a My Number field only when the procedure allows it with a legal basis', () => {
    const doc = blank()
    const myNumber = newElement(doc, 'myNumber', texts)
    expect(problemKeys(doc, { kind: 'add-element', pageId: 'page1', element: myNumber })).toEqual(['builder.problems.myNumberNotAllowed'])
    const { format: _format, form, fee: _fee, ...rest } = doc
    void _format
    void _fee
    expect(problemKeys(doc, { kind: 'update-settings', settings: { ...rest, declaration: form.declaration, myNumberAllowed: true } })).toEqual(['builder.problems.legalBasisRequired'])
    const allowed = applyAll(doc, { kind: 'update-settings', settings: { ...rest, declaration: form.declaration, myNumberAllowed: true, legalBasis: '番号法 第9条第1項・別表' } })
    const withField = applyAll(allowed, { kind: 'add-element', pageId: 'page1', element: myNumber })
    expect(ids(withField)).toEqual(['applicantName', 'myNumber1'])
    // switching the permission off again while the field is there is refused by the integrity check
    expect(problemKeys(withField, { kind: 'update-settings', settings: { ...rest, declaration: form.declaration, myNumberAllowed: false } })).toEqual(['builder.problems.myNumberNotAllowed'])
  })

  it('edits repeating group members, keeping at least one', () => {
    let doc = applyAll(blank(), { kind: 'add-element', pageId: 'page1', element: newElement(blank(), 'repeatingGroup', texts) })
    const group = doc.form.pages[0].elements[1]
    if (group.type !== 'repeatingGroup') throw new Error('not a group')
    doc = applyAll(doc, { kind: 'add-member', groupId: group.id, member: newMember(group, 'date', texts) })
    const withDate = doc.form.pages[0].elements[1]
    expect(withDate.type === 'repeatingGroup' && withDate.fields.map(f => f.id)).toEqual(['name', 'date1'])
    doc = applyAll(doc, { kind: 'move-element', ref: { elementId: group.id, memberId: 'date1' }, to: 'up' })
    const moved = doc.form.pages[0].elements[1]
    expect(moved.type === 'repeatingGroup' && moved.fields.map(f => f.id)).toEqual(['date1', 'name'])
    doc = applyAll(doc, { kind: 'delete-element', ref: { elementId: group.id, memberId: 'name' } })
    expect(problemKeys(doc, { kind: 'delete-element', ref: { elementId: group.id, memberId: 'date1' } })).toEqual(['builder.problems.lastMember'])
    expect(problemKeys(doc, { kind: 'add-member', groupId: group.id, member: newMember(group, 'file', texts) })).toEqual(['builder.problems.groupMemberType'])
  })

  it('edits fee rules: items with a quantity field, exemptions, and removing the fee', () => {
    let doc = applyAll(blank(), { kind: 'add-element', pageId: 'page1', element: { id: 'count', type: 'number', label: { ja: '通数' }, required: true, integer: true, min: 1, max: 10 } })
    doc = applyAll(doc, { kind: 'set-fee', fee: { timing: 'on-submission', items: [{ id: 'fee1', label: { ja: '手数料' }, unitYen: 300, quantityField: 'count' }], exemptions: [], methods: ['online'] } })
    expect(problemKeys(doc, { kind: 'add-fee-item', item: { id: 'fee2', label: { ja: '送料' }, unitYen: 140, quantityField: 'applicantName' } })).toEqual(['builder.problems.quantityField'])
    doc = applyAll(
      doc,
      { kind: 'add-fee-item', item: { id: 'fee2', label: { ja: '送料' }, unitYen: 140 } },
      { kind: 'add-exemption', exemption: { label: { ja: '公用' }, when: { field: 'count', greaterThan: 5 }, items: ['fee2'] } },
      { kind: 'update-fee-settings', timing: 'after-approval', methods: ['online', 'counter'] },
    )
    expect(problemKeys(doc, { kind: 'delete-fee-item', itemId: 'fee2' })).toEqual(['builder.problems.feeItemInUse'])
    doc = applyAll(doc, { kind: 'update-fee-item', itemId: 'fee2', item: { id: 'postage', label: { ja: '送料' }, unitYen: 140 } })
    expect(doc.fee?.exemptions[0].items).toEqual(['postage'])
    doc = applyAll(doc, { kind: 'delete-exemption', index: 0 }, { kind: 'delete-fee-item', itemId: 'postage' })
    expect(problemKeys(doc, { kind: 'delete-fee-item', itemId: 'fee1' })).toEqual(['builder.problems.lastFeeItem'])
    expect(doc.fee).toMatchObject({ timing: 'after-approval', methods: ['online', 'counter'] })
    expect(applyAll(doc, { kind: 'set-fee', fee: undefined }).fee).toBeUndefined()
  })

  it('reports structural problems (an empty Japanese title) with their path', () => {
    const doc = blank()
    const result = applyBuilderEdit(doc, { kind: 'update-page', pageId: 'page1', id: 'page1', title: { ja: '' }, showIf: undefined })
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.problems).toEqual([{ key: 'builder.problems.empty', path: ['form', 'pages', 0, 'title', 'ja'] }])
  })
})
