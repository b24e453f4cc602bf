/**
 * What a posted form page means, for every way a form is filled (the resident online, a clerk at
 * the counter): uploads accepted, "add another" / "remove", the no-JS postal lookup, "save for
 * later", or continue — with the page's errors or the next page. Routes persist and render.
 */
import type { FastifyRequest } from 'fastify'
import type { Platform } from '../../platform/platform.js'
import { withTenant } from '../../platform/db/tenant-context.js'
import { createFileDeps, inspectUpload, storeUpload, type SubmittedForm } from '../../platform/files/index.js'
import { lookupAddress, normalizePostalCode } from '../../jp/postal.js'
import type { FormPage, ProcedureDocument } from './form/form-definition.js'
import { readPageForm, tokyoToday, type AddressValue, type AnswerError, type Answers, type FileValue, type GroupItem } from './form/form-answers.js'
import { pruneHiddenAnswers, visibleElements, visiblePages } from './form/form-conditions.js'

/** Answers of the visible pages before `pageId` (what conditions on that page may look at). */
export function answersBefore(doc: ProcedureDocument, answers: Answers, pageId: string): Answers {
  const earlier: Answers = {}
  for (const page of visiblePages(doc.form, answers)) {
    if (page.id === pageId) break
    for (const element of visibleElements(page, earlier, answers)) if (element.id in answers) earlier[element.id] = answers[element.id] as Answers[string]
  }
  return earlier
}

/** Applies "add another" / "remove" to a page's values (no validation: the page re-renders). */
export function applyGroupEdit(page: FormPage, values: Answers, add?: string, remove?: string): boolean {
  if (add) {
    const group = page.elements.find(e => e.id === add && e.type === 'repeatingGroup')
    if (!group || group.type !== 'repeatingGroup') return false
    const items = (Array.isArray(values[add]) ? values[add] : []) as GroupItem[]
    const shown = items.length > 0 ? items : Array.from({ length: Math.max(1, group.minItems) }, () => ({}))
    if (shown.length < group.maxItems) values[add] = [...shown, {}]
    return true
  }
  if (remove) {
    const [id, indexText] = remove.split(':')
    const group = page.elements.find(e => e.id === id && e.type === 'repeatingGroup')
    if (!group || !id) return false
    const items = (Array.isArray(values[id]) ? values[id] : []) as GroupItem[]
    values[id] = items.filter((_, i) => i !== Number(indexText))
    return true
  }
  return false
}

/** Fills prefecture / city / town from each address field's postal code (the no-JS lookup). */
export async function fillAddresses(page: FormPage, values: Answers, t: FastifyRequest['t']): Promise<Record<string, string>> {
  const status: Record<string, string> = {}
  for (const element of page.elements) {
    if (element.type !== 'address') continue
    const value = (values[element.id] ?? {}) as Partial<AddressValue>
    const postal = value.postalCode ? normalizePostalCode(value.postalCode) : undefined
    const [found] = postal ? await lookupAddress(postal) : []
    if (!postal || !found) {
      status[element.id] = t('procedures.form.address.notFound')
      continue
    }
    values[element.id] = { ...value, postalCode: postal, prefecture: found.prefecture, city: found.city, town: found.town } as AddressValue
    status[element.id] = t('procedures.form.address.foundServer')
  }
  return status
}

export type PageSubmission =
  /** Re-render this page (group edit, postal lookup: `save` the readable values first; errors: do not). */
  | { kind: 'stay'; values: Answers; raw?: Record<string, string | string[]>; errors: AnswerError[]; postalStatus?: Record<string, string>; save: boolean }
  /** "Save and come back later": store what could be read, whatever its errors. */
  | { kind: 'save-for-later'; values: Answers }
  /** The page is complete: store it and go to `next` (undefined: check your answers). */
  | { kind: 'continue'; values: Answers; next: FormPage | undefined }

export function createPageSubmission(platform: Platform) {
  const fileDeps = createFileDeps(platform.config, platform.logger)
  const { db } = platform.database

  /** Uploads of the page: a new file replaces the saved one, "remove" clears it, otherwise it stays. */
  async function acceptPageFiles(tenantId: string, applicationId: string, page: FormPage, form: SubmittedForm, saved: Answers) {
    const files: Answers = {}
    const errors: AnswerError[] = []
    for (const element of page.elements) {
      if (element.type !== 'file') continue
      const part = form.files.find(f => f.field === element.id && f.content.length > 0)
      if (part) {
        // Scan and re-encode outside any transaction; only the insert runs inside one.
        const inspected = await inspectUpload({ content: part.content, declaredName: part.filename, declaredType: part.mimetype, allowedTypes: element.accept, maxBytes: element.maxBytes, ownerType: 'procedures.application', ownerId: applicationId }, fileDeps)
        if (inspected.ok) {
          const file = await withTenant(db, tenantId, trx => storeUpload(trx, tenantId, inspected, fileDeps))
          files[element.id] = { fileId: file.id, name: file.originalName, mediaType: file.mediaType, sizeBytes: file.sizeBytes } satisfies FileValue
        } else errors.push({ path: element.id, messageKey: inspected.messageKey, label: element.label, params: inspected.params })
      } else if (form.fields[`${element.id}.remove`] !== 'yes' && saved[element.id] !== undefined) {
        files[element.id] = saved[element.id] as FileValue
      }
    }
    return { files, errors }
  }

  return {
    /** Reads one posted page of an application whose saved answers are `saved`. */
    async submitPage(input: { tenantId: string; applicationId: string; doc: ProcedureDocument; page: FormPage; saved: Answers; form: SubmittedForm; t: FastifyRequest['t'] }): Promise<PageSubmission> {
      const { doc, page, saved, form } = input
      const body = form.fields
      const uploads = await acceptPageFiles(input.tenantId, input.applicationId, page, form, saved)
      const parsed = readPageForm(page, body, answersBefore(doc, saved, page.id), { today: tokyoToday() }, uploads.files)
      const text = (name: string) => (typeof body[name] === 'string' ? (body[name] as string) : undefined)
      if (applyGroupEdit(page, parsed.values, text('_addItem'), text('_removeItem'))) return { kind: 'stay', values: parsed.values, errors: [], save: true }
      if (body.postalLookup) return { kind: 'stay', values: parsed.values, errors: [], postalStatus: await fillAddresses(page, parsed.values, input.t), save: true }
      if (text('_action') === 'save') return { kind: 'save-for-later', values: parsed.values }
      const errors = [...uploads.errors, ...parsed.errors.filter(e => !uploads.errors.some(f => f.path === e.path))]
      if (errors.length > 0) return { kind: 'stay', values: parsed.values, raw: parsed.raw, errors, save: false }
      const pages = visiblePages(doc.form, pruneHiddenAnswers(doc.form, { ...saved, ...parsed.values }))
      return { kind: 'continue', values: parsed.values, next: pages[pages.findIndex(p => p.id === page.id) + 1] }
    },
  }
}
