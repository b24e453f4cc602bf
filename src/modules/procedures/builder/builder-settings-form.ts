/**
 * The procedure settings form (everything outside the pages and the fee, plus the declaration)
 * and the page form, as form values and back.
 */
import { CATEGORIES, FIELD_ID_PATTERN, IDENTITY_LEVELS, LIFE_EVENTS, type Condition, type FormPage, type LocalizedText, type ProcedureDocument } from '../form/form-definition.js'
import type { ProcedureSettings } from './builder-edits.js'
import { conditionCandidates, conditionToForm, integer, isChecked, list, localized, localizedToForm, readConditionForm, text, type FormProblem, type FormValues } from './builder-form-values.js'

export const SLUG_PATTERN = /^[a-z0-9][a-z0-9-]{1,59}$/
export const CHANNELS = ['online', 'post', 'counter'] as const

/** The Tokyo calendar date of an ISO date-time ('' when absent). */
export function tokyoDate(iso: string | undefined): string {
  if (!iso) return ''
  const time = Date.parse(iso)
  return Number.isNaN(time) ? '' : new Date(time + 9 * 3600_000).toISOString().slice(0, 10)
}

export function settingsToForm(doc: ProcedureDocument): FormValues {
  const n = (value: number | undefined) => (value === undefined ? '' : String(value))
  return {
    slug: doc.slug,
    ...localizedToForm('title', doc.title),
    ...localizedToForm('summary', doc.summary),
    category: doc.category,
    lifeEvents: [...doc.lifeEvents],
    keywords: doc.keywords.join('、'),
    ...localizedToForm('eligibility', doc.eligibility),
    ...localizedToForm('requirements', doc.requirements),
    processingDays: String(doc.processingDays),
    identityLevel: doc.identityLevel,
    channels: CHANNELS.filter(c => doc.channels[c]),
    departmentCode: doc.departmentCode ?? '',
    myNumberAllowed: doc.myNumberAllowed ? 'yes' : '',
    legalBasis: doc.legalBasis ?? '',
    approvalSteps: String(doc.approvalSteps),
    maxApplications: n(doc.quota.maxApplications),
    maxPerResident: n(doc.quota.maxPerResident),
    opensOn: tokyoDate(doc.publication.opensAt),
    closesOn: tokyoDate(doc.publication.closesAt),
    ...localizedToForm('declaration', doc.form.declaration),
  }
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/

/** A date input as the publication bound: kept exactly when the shown date was not changed. */
function publicationBound(form: FormValues, name: string, current: string | undefined, time: string, problems: FormProblem[]): string | undefined {
  const value = text(form, name).normalize('NFKC')
  if (value === '') return undefined
  if (!ISO_DATE.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
    problems.push({ field: name, key: 'builder.form.date' })
    return undefined
  }
  if (current && tokyoDate(current) === value) return current
  return `${value}T${time}+09:00`
}

function oneOf<T extends string>(form: FormValues, name: string, allowed: readonly T[], problems: FormProblem[]): T | undefined {
  const value = text(form, name)
  if ((allowed as readonly string[]).includes(value)) return value as T
  problems.push({ field: name, key: 'builder.form.chooseFromList' })
  return undefined
}

export function readSettingsForm(form: FormValues, current: ProcedureDocument): { settings?: ProcedureSettings; problems: FormProblem[] } {
  const problems: FormProblem[] = []
  const slug = text(form, 'slug').toLowerCase()
  if (!SLUG_PATTERN.test(slug)) problems.push({ field: 'slug', key: 'builder.settings.slugFormat' })
  const title = localized(form, 'title', problems, { required: true, max: 200 })
  const summary = localized(form, 'summary', problems, { required: true })
  const category = oneOf(form, 'category', CATEGORIES, problems)
  const lifeEvents = list(form, 'lifeEvents').filter((e): e is (typeof LIFE_EVENTS)[number] => (LIFE_EVENTS as readonly string[]).includes(e))
  const keywords = text(form, 'keywords').split(/[,、，\n]/).map(k => k.trim()).filter(Boolean)
  if (keywords.length > 30) problems.push({ field: 'keywords', key: 'builder.settings.tooManyKeywords', params: { max: 30 } })
  if (keywords.some(k => k.length > 40)) problems.push({ field: 'keywords', key: 'builder.settings.keywordTooLong', params: { max: 40 } })
  const eligibility = localized(form, 'eligibility', problems, { required: true })
  const requirements = localized(form, 'requirements', problems, { required: true })
  const processingDays = integer(form, 'processingDays', problems, { min: 0, max: 365, required: true })
  const identityLevel = oneOf(form, 'identityLevel', IDENTITY_LEVELS, problems)
  const channels = list(form, 'channels')
  if (!CHANNELS.some(c => channels.includes(c))) problems.push({ field: 'channels', key: 'builder.settings.channelRequired' })
  const departmentCode = text(form, 'departmentCode')
  if (departmentCode !== '' && !/^[a-z0-9-]{1,40}$/.test(departmentCode)) problems.push({ field: 'departmentCode', key: 'builder.form.chooseFromList' })
  const myNumberAllowed = isChecked(form, 'myNumberAllowed')
  const legalBasis = text(form, 'legalBasis')
  if (legalBasis.length > 200) problems.push({ field: 'legalBasis', key: 'builder.form.tooLong', params: { max: 200 } })
  if (myNumberAllowed && legalBasis === '') problems.push({ field: 'legalBasis', key: 'builder.problems.legalBasisRequired' })
  const approvalSteps = integer(form, 'approvalSteps', problems, { min: 0, max: 5, required: true })
  const maxApplications = integer(form, 'maxApplications', problems, { min: 1, max: 10_000_000 })
  const maxPerResident = integer(form, 'maxPerResident', problems, { min: 1, max: 1000 })
  const opensAt = publicationBound(form, 'opensOn', current.publication.opensAt, '00:00:00', problems)
  const closesAt = publicationBound(form, 'closesOn', current.publication.closesAt, '23:59:59', problems)
  if (opensAt && closesAt && Date.parse(opensAt) > Date.parse(closesAt)) problems.push({ field: 'closesOn', key: 'builder.settings.closesBeforeOpens' })
  const declaration = localized(form, 'declaration', problems, { required: true })
  if (problems.length > 0) return { problems }
  const settings: ProcedureSettings = {
    slug,
    title: title as LocalizedText,
    summary: summary as LocalizedText,
    category: category as (typeof CATEGORIES)[number],
    lifeEvents,
    keywords,
    eligibility: eligibility as LocalizedText,
    requirements: requirements as LocalizedText,
    processingDays: processingDays as number,
    identityLevel: identityLevel as (typeof IDENTITY_LEVELS)[number],
    channels: { online: channels.includes('online'), post: channels.includes('post'), counter: channels.includes('counter') },
    ...(departmentCode ? { departmentCode } : {}),
    myNumberAllowed,
    ...(legalBasis ? { legalBasis } : {}),
    approvalSteps: approvalSteps as number,
    quota: { ...(maxApplications !== undefined ? { maxApplications } : {}), ...(maxPerResident !== undefined ? { maxPerResident } : {}) },
    publication: { ...(opensAt ? { opensAt } : {}), ...(closesAt ? { closesAt } : {}) },
    declaration: declaration as LocalizedText,
  }
  return { settings, problems }
}

export function pageToForm(page: FormPage): FormValues {
  return { id: page.id, ...localizedToForm('title', page.title), ...conditionToForm(page.showIf) }
}

export function readPageForm(form: FormValues, doc: ProcedureDocument, pageIndex: number): { page?: { id: string; title: LocalizedText; showIf: Condition | undefined }; problems: FormProblem[] } {
  const problems: FormProblem[] = []
  const id = text(form, 'id')
  if (!FIELD_ID_PATTERN.test(id)) problems.push({ field: 'id', key: 'builder.element.idFormat' })
  const title = localized(form, 'title', problems, { required: true, max: 200 })
  const showIf = readConditionForm(form, conditionCandidates(doc.form, pageIndex), doc.form.pages[pageIndex]?.showIf, problems)
  if (problems.length > 0 || !title) return { problems }
  return { page: { id, title, showIf }, problems }
}
