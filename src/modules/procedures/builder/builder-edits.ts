/**
 * The form builder's edits as pure functions: a procedure document and one edit in, a new
 * document or a list of problems out. Every edit ends by parsing the whole document with
 * ProcedureDocumentSchema (which runs checkFormIntegrity), so the builder can never store a
 * document an import would refuse — and a refused edit changes nothing.
 */
import {
  ProcedureDocumentSchema,
  type Condition,
  type FeeRules,
  type FormElement,
  type FormPage,
  type LocalizedText,
  type ProcedureDocument,
  type SimpleField,
} from '../form/form-definition.js'
import { problemsFromIssues, type DocumentProblem } from './builder-problems.js'

/** A refused edit carries the document it would have produced (`candidate`), which the problems' paths refer to. */
export type EditResult = { ok: true; document: ProcedureDocument } | { ok: false; problems: DocumentProblem[]; candidate?: unknown }

/** A top-level element, or a member of a repeating group. */
export interface ElementRef {
  elementId: string
  memberId?: string
}

export type FeeItem = FeeRules['items'][number]
export type FeeExemption = FeeRules['exemptions'][number]

/** Everything of the document outside `form.pages` and `fee` (the declaration lives in `form`). */
export type ProcedureSettings = Omit<ProcedureDocument, 'format' | 'form' | 'fee'> & { declaration: LocalizedText }

export type MoveDirection = 'up' | 'down'

export type BuilderEdit =
  | { kind: 'update-settings'; settings: ProcedureSettings }
  | { kind: 'add-page'; page: FormPage }
  | { kind: 'update-page'; pageId: string; id: string; title: LocalizedText; showIf: Condition | undefined }
  | { kind: 'move-page'; pageId: string; to: MoveDirection | { index: number } }
  | { kind: 'delete-page'; pageId: string }
  | { kind: 'add-element'; pageId: string; element: FormElement }
  | { kind: 'add-member'; groupId: string; member: SimpleField }
  | { kind: 'update-element'; ref: ElementRef; element: FormElement }
  | { kind: 'move-element'; ref: ElementRef; to: MoveDirection | { pageId: string; index: number } }
  | { kind: 'delete-element'; ref: ElementRef }
  | { kind: 'set-fee'; fee: FeeRules | undefined }
  | { kind: 'update-fee-settings'; timing: FeeRules['timing']; methods: FeeRules['methods'] }
  | { kind: 'add-fee-item'; item: FeeItem }
  | { kind: 'update-fee-item'; itemId: string; item: FeeItem }
  | { kind: 'delete-fee-item'; itemId: string }
  | { kind: 'add-exemption'; exemption: FeeExemption }
  | { kind: 'update-exemption'; index: number; exemption: FeeExemption }
  | { kind: 'delete-exemption'; index: number }

const problem = (key: string, path: (string | number)[] = [], params: Record<string, string | number> = {}): DocumentProblem => ({ key, path, params })
const refused = (...problems: DocumentProblem[]): EditResult => ({ ok: false, problems })

/** Validates a candidate document exactly as an import would. */
export function validateDocument(candidate: unknown): EditResult {
  const parsed = ProcedureDocumentSchema.safeParse(candidate)
  if (parsed.success) return { ok: true, document: parsed.data }
  return { ok: false, problems: problemsFromIssues(parsed.error.issues) }
}

const FEE_EDITS = new Set<BuilderEdit['kind']>(['set-fee', 'update-fee-settings', 'add-fee-item', 'update-fee-item', 'delete-fee-item', 'add-exemption', 'update-exemption', 'delete-exemption'])

/** Applies one edit; the input document is never modified. */
export function applyBuilderEdit(document: ProcedureDocument, edit: BuilderEdit): EditResult {
  const doc = structuredClone(document)
  const result = FEE_EDITS.has(edit.kind) ? editFee(doc, edit) : editForm(doc, edit)
  if (!result.ok) return result
  const checked = validateDocument(result.document)
  return checked.ok ? checked : { ...checked, candidate: result.document }
}

function editForm(doc: ProcedureDocument, edit: BuilderEdit): EditResult {
  const pages = doc.form.pages
  switch (edit.kind) {
    case 'update-settings': {
      const { declaration, ...settings } = edit.settings
      if (settings.myNumberAllowed && !settings.legalBasis?.trim()) return refused(problem('builder.problems.legalBasisRequired', ['legalBasis']))
      const next: ProcedureDocument = { ...doc, ...settings, form: { ...doc.form, declaration } }
      if (!settings.legalBasis) delete next.legalBasis
      if (!settings.departmentCode) delete next.departmentCode
      return { ok: true, document: next }
    }
    case 'add-page':
      pages.push(edit.page)
      return { ok: true, document: doc }
    case 'update-page': {
      const page = pages.find(p => p.id === edit.pageId)
      if (!page) return refused(problem('builder.problems.notFound'))
      page.id = edit.id
      page.title = edit.title
      if (edit.showIf) page.showIf = edit.showIf
      else delete page.showIf
      return { ok: true, document: doc }
    }
    case 'move-page': {
      const from = pages.findIndex(p => p.id === edit.pageId)
      if (from < 0) return refused(problem('builder.problems.notFound'))
      const to = edit.to === 'up' ? from - 1 : edit.to === 'down' ? from + 1 : edit.to.index
      if (to < 0 || to >= pages.length) return refused(problem('builder.problems.cannotMove', ['form', 'pages', from]))
      const [page] = pages.splice(from, 1)
      pages.splice(to, 0, page)
      return { ok: true, document: doc }
    }
    case 'delete-page': {
      const index = pages.findIndex(p => p.id === edit.pageId)
      if (index < 0) return refused(problem('builder.problems.notFound'))
      if (pages.length === 1) return refused(problem('builder.problems.lastPage', ['form', 'pages', index]))
      const uses = pages[index].elements.flatMap(e => describeReferences(doc, e.id, pages[index].id))
      if (uses.length > 0) return refused(problem('builder.problems.pageInUse', ['form', 'pages', index], { uses: uses.join('、') }))
      pages.splice(index, 1)
      return { ok: true, document: doc }
    }
    case 'add-element': {
      const page = pages.find(p => p.id === edit.pageId)
      if (!page) return refused(problem('builder.problems.notFound'))
      if (edit.element.type === 'myNumber' && !(doc.myNumberAllowed && doc.legalBasis)) return refused(problem('builder.problems.myNumberNotAllowed', ['form', 'pages', pages.indexOf(page), 'elements']))
      page.elements.push(edit.element)
      return { ok: true, document: doc }
    }
    case 'add-member': {
      const group = findElement(doc, { elementId: edit.groupId })
      if (!group || group.element.type !== 'repeatingGroup') return refused(problem('builder.problems.notFound'))
      group.element.fields.push(edit.member)
      return { ok: true, document: doc }
    }
    case 'update-element':
      return updateElement(doc, edit.ref, edit.element)
    case 'move-element':
      return moveElement(doc, edit.ref, edit.to)
    case 'delete-element': {
      const found = findElement(doc, edit.ref)
      if (!found) return refused(problem('builder.problems.notFound'))
      if (found.group) {
        if (found.group.fields.length === 1) return refused(problem('builder.problems.lastMember', found.path))
        found.group.fields.splice(found.index, 1)
        return { ok: true, document: doc }
      }
      const uses = describeReferences(doc, found.element.id)
      if (uses.length > 0) return refused(problem('builder.problems.fieldInUse', found.path, { uses: uses.join('、') }))
      found.list.splice(found.index, 1)
      return { ok: true, document: doc }
    }
    default:
      return refused(problem('builder.problems.notFound'))
  }
}

function editFee(doc: ProcedureDocument, edit: BuilderEdit): EditResult {
  if (edit.kind === 'set-fee') {
    if (edit.fee) doc.fee = edit.fee
    else delete doc.fee
    return { ok: true, document: doc }
  }
  const fee = doc.fee
  if (!fee) return refused(problem('builder.problems.noFee', ['fee']))
  switch (edit.kind) {
    case 'update-fee-settings':
      fee.timing = edit.timing
      fee.methods = edit.methods
      return { ok: true, document: doc }
    case 'add-fee-item':
      fee.items.push(edit.item)
      return { ok: true, document: doc }
    case 'update-fee-item': {
      const index = fee.items.findIndex(i => i.id === edit.itemId)
      if (index < 0) return refused(problem('builder.problems.notFound'))
      fee.items[index] = edit.item
      // exemptions name items by id: keep them pointing at the renamed item
      if (edit.item.id !== edit.itemId) for (const exemption of fee.exemptions) exemption.items = exemption.items?.map(id => (id === edit.itemId ? edit.item.id : id))
      return { ok: true, document: doc }
    }
    case 'delete-fee-item': {
      const index = fee.items.findIndex(i => i.id === edit.itemId)
      if (index < 0) return refused(problem('builder.problems.notFound'))
      if (fee.items.length === 1) return refused(problem('builder.problems.lastFeeItem', ['fee', 'items', index]))
      if (fee.exemptions.some(e => e.items?.includes(edit.itemId))) return refused(problem('builder.problems.feeItemInUse', ['fee', 'items', index]))
      fee.items.splice(index, 1)
      return { ok: true, document: doc }
    }
    case 'add-exemption':
      fee.exemptions.push(edit.exemption)
      return { ok: true, document: doc }
    case 'update-exemption':
      if (!fee.exemptions[edit.index]) return refused(problem('builder.problems.notFound'))
      fee.exemptions[edit.index] = edit.exemption
      return { ok: true, document: doc }
    case 'delete-exemption':
      if (!fee.exemptions[edit.index]) return refused(problem('builder.problems.notFound'))
      fee.exemptions.splice(edit.index, 1)
      return { ok: true, document: doc }
    default:
      return refused(problem('builder.problems.notFound'))
  }
}

interface FoundElement {
  element: FormElement
  /** the array holding it (a page's elements or a group's fields) */
  list: FormElement[]
  index: number
  pageIndex: number
  group?: Extract<FormElement, { type: 'repeatingGroup' }>
  path: (string | number)[]
}

/** Finds an element (or group member) by id; undefined when there is none. */
export function findElement(doc: ProcedureDocument, ref: ElementRef): FoundElement | undefined {
  for (const [pageIndex, page] of doc.form.pages.entries()) {
    const index = page.elements.findIndex(e => e.id === ref.elementId)
    if (index < 0) continue
    const element = page.elements[index]
    const path = ['form', 'pages', pageIndex, 'elements', index]
    if (ref.memberId === undefined) return { element, list: page.elements, index, pageIndex, path }
    if (element.type !== 'repeatingGroup') return undefined
    const memberIndex = element.fields.findIndex(f => f.id === ref.memberId)
    if (memberIndex < 0) return undefined
    return { element: element.fields[memberIndex], list: element.fields, index: memberIndex, pageIndex, group: element, path: [...path, 'fields', memberIndex] }
  }
  return undefined
}

function updateElement(doc: ProcedureDocument, ref: ElementRef, element: FormElement): EditResult {
  const found = findElement(doc, ref)
  if (!found) return refused(problem('builder.problems.notFound'))
  if (found.element.type !== element.type) return refused(problem('builder.problems.typeChanged', [...found.path, 'type']))
  if (found.group) {
    if (element.type === 'repeatingGroup' || element.type === 'heading' || element.type === 'paragraph') return refused(problem('builder.problems.notFound'))
    found.group.fields[found.index] = element
    return { ok: true, document: doc }
  }
  if (element.type === 'myNumber' && !(doc.myNumberAllowed && doc.legalBasis)) return refused(problem('builder.problems.myNumberNotAllowed', [...found.path, 'type']))
  found.list[found.index] = element
  if (element.id !== found.element.id) renameFieldReferences(doc, found.element.id, element.id)
  return { ok: true, document: doc }
}

function moveElement(doc: ProcedureDocument, ref: ElementRef, to: MoveDirection | { pageId: string; index: number }): EditResult {
  const found = findElement(doc, ref)
  if (!found) return refused(problem('builder.problems.notFound'))
  const pages = doc.form.pages
  const cannotMove = refused(problem('builder.problems.cannotMove', found.path))
  if (found.group) {
    if (typeof to !== 'string') return cannotMove
    const target = to === 'up' ? found.index - 1 : found.index + 1
    if (target < 0 || target >= found.list.length) return cannotMove
    found.list.splice(target, 0, ...found.list.splice(found.index, 1))
    return { ok: true, document: doc }
  }
  const [element] = found.list.splice(found.index, 1)
  if (typeof to === 'object') {
    const page = pages.find(p => p.id === to.pageId)
    if (!page || to.index < 0 || to.index > page.elements.length) return cannotMove
    page.elements.splice(to.index, 0, element)
    return { ok: true, document: doc }
  }
  // Up from the top of a page goes to the end of the previous page, down from the bottom to the
  // start of the next: the keyboard path can move an element anywhere, one step at a time.
  if (to === 'up') {
    if (found.index > 0) found.list.splice(found.index - 1, 0, element)
    else if (found.pageIndex > 0) pages[found.pageIndex - 1].elements.push(element)
    else return cannotMove
  } else if (found.index < found.list.length) {
    found.list.splice(found.index + 1, 0, element)
  } else if (found.pageIndex < pages.length - 1) {
    pages[found.pageIndex + 1].elements.unshift(element)
  } else {
    return cannotMove
  }
  return { ok: true, document: doc }
}

// ---------------------------------------------------------------------------------------------
// references between fields

/** The field ids a condition refers to. */
export function conditionFields(condition: Condition): string[] {
  if ('all' in condition) return condition.all.flatMap(conditionFields)
  if ('any' in condition) return condition.any.flatMap(conditionFields)
  if ('not' in condition) return conditionFields(condition.not)
  return [condition.field]
}

function renameInCondition(condition: Condition, from: string, to: string): Condition {
  if ('all' in condition) return { all: condition.all.map(c => renameInCondition(c, from, to)) }
  if ('any' in condition) return { any: condition.any.map(c => renameInCondition(c, from, to)) }
  if ('not' in condition) return { not: renameInCondition(condition.not, from, to) }
  return condition.field === from ? { ...condition, field: to } : condition
}

/** A renamed field keeps every condition and fee quantity that referred to it. */
export function renameFieldReferences(doc: ProcedureDocument, from: string, to: string): void {
  for (const page of doc.form.pages) {
    if (page.showIf) page.showIf = renameInCondition(page.showIf, from, to)
    for (const element of page.elements) if (element.showIf) element.showIf = renameInCondition(element.showIf, from, to)
  }
  for (const item of doc.fee?.items ?? []) {
    if (item.quantityField === from) item.quantityField = to
    if (item.showIf) item.showIf = renameInCondition(item.showIf, from, to)
  }
  for (const exemption of doc.fee?.exemptions ?? []) exemption.when = renameInCondition(exemption.when, from, to)
}

/**
 * Where a field is used (other elements' and pages' conditions, fee items, exemptions), as
 * short descriptions: `「理由」の表示条件`. Uses inside `exceptPageId` (a page being deleted whole) are left out.
 */
export function describeReferences(doc: ProcedureDocument, fieldId: string, exceptPageId?: string): string[] {
  const uses: string[] = []
  for (const page of doc.form.pages) {
    if (page.id === exceptPageId) continue
    if (page.showIf && conditionFields(page.showIf).includes(fieldId)) uses.push(`「${page.title.ja}」`)
    for (const element of page.elements) {
      if (element.id !== fieldId && element.showIf && conditionFields(element.showIf).includes(fieldId)) uses.push(`「${'label' in element ? element.label.ja : element.text.ja}」`)
    }
  }
  for (const item of doc.fee?.items ?? []) {
    if (item.quantityField === fieldId || (item.showIf && conditionFields(item.showIf).includes(fieldId))) uses.push(`「${item.label.ja}」`)
  }
  for (const exemption of doc.fee?.exemptions ?? []) if (conditionFields(exemption.when).includes(fieldId)) uses.push(`「${exemption.label.ja}」`)
  return uses
}

// ---------------------------------------------------------------------------------------------
// new pages, elements and fee items

/** Every id used in the document (pages, elements, group members, fee items). */
function usedIds(doc: ProcedureDocument): Set<string> {
  const ids = new Set<string>()
  for (const page of doc.form.pages) {
    ids.add(page.id)
    for (const element of page.elements) {
      ids.add(element.id)
      if (element.type === 'repeatingGroup') for (const member of element.fields) ids.add(member.id)
    }
  }
  for (const item of doc.fee?.items ?? []) ids.add(item.id)
  return ids
}

/** `text1`, `text2`, …: the first id with this prefix not used anywhere in the document. */
export function nextId(doc: ProcedureDocument, prefix: string): string {
  const ids = usedIds(doc)
  for (let n = 1; ; n++) if (!ids.has(`${prefix}${n}`)) return `${prefix}${n}`
}

export type NewElementType = FormElement['type']

/** Default Japanese texts for new elements (the caller supplies them from the catalog). */
export interface NewElementTexts {
  label: string
  option: (n: number) => string
  agreement: string
  itemLabel: string
  memberLabel: string
}

/** A new element of a type with its defaults and an id unused in the document, ready to be edited. */
export function newElement(doc: ProcedureDocument, type: NewElementType, texts: NewElementTexts): FormElement {
  return defaultElement(nextId(doc, type), type, texts)
}

function defaultElement(id: string, type: NewElementType, texts: NewElementTexts): FormElement {
  const label = { ja: texts.label }
  const base = { id, label, required: false }
  const options = [1, 2].map(n => ({ value: `option${n}`, label: { ja: texts.option(n) } }))
  switch (type) {
    case 'heading':
    case 'paragraph':
      return { id, type, text: label }
    case 'text':
      return { ...base, type, maxLength: 200 }
    case 'longText':
      return { ...base, type, maxLength: 2000 }
    case 'number':
      return { ...base, type, integer: true }
    case 'personName':
      return { ...base, type, kana: true }
    case 'singleChoice':
    case 'select':
    case 'multipleChoice':
      return { ...base, type, options }
    case 'file':
      return { ...base, type, accept: ['application/pdf', 'image/jpeg', 'image/png'], maxBytes: 5 * 1024 * 1024 }
    case 'agreement':
      return { ...base, type, required: true, statement: { ja: texts.agreement } }
    case 'repeatingGroup':
      return { ...base, type, itemLabel: { ja: texts.itemLabel }, minItems: 1, maxItems: 10, fields: [{ id: 'name', type: 'text', label: { ja: texts.memberLabel }, required: true, maxLength: 200 }] }
    case 'email':
    case 'phone':
    case 'date':
    case 'address':
    case 'myNumber':
      return { ...base, type }
    default: {
      const unreachable: never = type
      return unreachable
    }
  }
}

/** A new member of a repeating group (simple fields only, no file or My Number). */
export function newMember(group: Extract<FormElement, { type: 'repeatingGroup' }>, type: SimpleField['type'], texts: NewElementTexts): SimpleField {
  const taken = new Set(group.fields.map(f => f.id))
  let n = 1
  while (taken.has(`${type}${n}`)) n++
  // a simple field type always gives a simple field
  return defaultElement(`${type}${n}`, type, texts) as SimpleField
}

/** A blank procedure: one page with one name field, ready for the builder. */
export function blankProcedureDocument(input: { slug: string; title: string; texts: { pageTitle: string; nameLabel: string; summary: string; eligibility: string; requirements: string; declaration: string } }): ProcedureDocument {
  return {
    format: 'yakuba.procedure/v1',
    slug: input.slug,
    title: { ja: input.title },
    summary: { ja: input.texts.summary },
    category: 'other',
    lifeEvents: [],
    keywords: [],
    eligibility: { ja: input.texts.eligibility },
    requirements: { ja: input.texts.requirements },
    processingDays: 7,
    identityLevel: 'email',
    channels: { online: true, post: false, counter: true },
    myNumberAllowed: false,
    approvalSteps: 0,
    quota: {},
    publication: {},
    form: {
      pages: [{ id: 'page1', title: { ja: input.texts.pageTitle }, elements: [{ id: 'applicantName', type: 'personName', label: { ja: input.texts.nameLabel }, required: true, kana: true, prefill: 'name' }] }],
      declaration: { ja: input.texts.declaration },
    },
  }
}
