/**
 * Turns a checked compose form into what a notice stores, with the checks that need the
 * tenant's data: the topic, segment, districts and template exist; a drawn area is a valid
 * polygon (the audience area's validation, the same the delivery SQL applies); the texts meet
 * the channel rules (the templates area's checks); every ((placeholder)) has a value.
 */
import type { Transaction } from 'kysely'
import type { Database } from '../../../platform/db/schema.js'
import { validateGeometry, type GeometryProblem } from '../audience/district-geometry.js'
import { listDistricts } from '../audience/district-repository.js'
import { findSegment } from '../audience/segment-repository.js'
import { MAX_AREA_POSITIONS } from '../audience/segment-definition.js'
import { findTopic } from '../audience/topic-repository.js'
import { checkNoticeContent } from '../templates/template-content.js'
import { listPlaceholders } from '../templates/template-placeholders.js'
import type { Audience, Notice, NoticeContent, NoticeLanguage } from '../notification-tables.js'
import type { FormErrors, FormMessage } from './compose-errors.js'
import type { DraftFields } from './compose-repository.js'
import { formatJapanDateTimeInput } from './compose-rules.js'
import { PLACEHOLDER_FIELD_PREFIX, type ComposeForm, type ComposeInput, type ComposeTexts } from './compose-schemas.js'
import { findTemplateForCompose } from './compose-sources.js'

type Trx = Transaction<Database>

/** The notice content the typed texts make (empty fields left out, so the renderer's fallbacks apply). */
export function contentOfTexts(texts: ComposeTexts): NoticeContent {
  const content: NoticeContent = { ja: { subject: texts.ja.subject, body: texts.ja.body, ...(texts.ja.sms ? { sms: texts.ja.sms } : {}) } }
  if (texts['ja-easy']) content['ja-easy'] = { ...texts['ja-easy'] }
  if (texts.en) content.en = { ...texts.en }
  return content
}

/** The content as typed on the form, before any check: used to find the placeholders it asks for. */
export function contentOfForm(form: ComposeForm): NoticeContent {
  return contentOfTexts({
    ja: { subject: form.ja.subject, body: form.ja.body, sms: form.ja.sms },
    'ja-easy': form.easy.subject || form.easy.body ? { ...form.easy } : null,
    en: form.en.subject || form.en.body ? { ...form.en } : null,
  })
}

const TEXT_FIELD_IDS: Partial<Record<NoticeLanguage, Record<string, string>>> = {
  ja: { subject: 'subjectJa', body: 'bodyJa', sms: 'smsJa' },
  'ja-easy': { subject: 'subjectEasy', body: 'bodyEasy' },
  en: { subject: 'subjectEn', body: 'bodyEn' },
}

/** The first problem of an invalid area, as a message naming where it is (1-based, as staff count). */
export function areaProblemMessage(problem: GeometryProblem): FormMessage {
  const params: Record<string, string | number> = {}
  if (problem.position !== undefined) params.position = problem.position + 1
  if (problem.edges) {
    params.edge1 = problem.edges[0] + 1
    params.edge2 = problem.edges[1] + 1
  }
  if (problem.type !== undefined) params.type = problem.type
  return { key: `compose.areaProblems.${problem.code}`, params }
}

/**
 * Checks the form against the tenant's data. `input` is undefined when the form's own checks
 * failed: the data checks still run on what can be read, so every problem shows at once.
 */
export async function resolveDraftFields(trx: Trx, tenantId: string, input: ComposeInput | undefined, form: ComposeForm): Promise<{ fields?: DraftFields; errors: FormErrors }> {
  const errors: FormErrors = {}

  let topicId: string | null = input?.topicId ?? null
  if (topicId && !(await findTopic(trx, tenantId, topicId))) {
    errors.topicId = { key: 'compose.errors.topicUnknown' }
    topicId = null
  }

  let audience: Audience | undefined
  const choice = input?.audience
  switch (choice?.kind) {
    case undefined:
      break
    case 'everyone':
      audience = { kind: 'everyone' }
      break
    case 'topic':
      if (topicId) audience = { kind: 'topic', topicId }
      break
    case 'segment':
      if (await findSegment(trx, tenantId, choice.segmentId)) audience = { kind: 'segment', segmentId: choice.segmentId }
      else errors.segmentId = { key: 'compose.errors.segmentUnknown' }
      break
    case 'districts': {
      const known = new Set((await listDistricts(trx, tenantId)).map(d => d.id))
      if (choice.districtIds.every(id => known.has(id))) audience = { kind: 'districts', districtIds: choice.districtIds }
      else errors.districtIds = { key: 'compose.errors.districtsUnknown' }
      break
    }
    case 'area': {
      const checked = validateGeometry(choice.geoJson)
      if (!checked.ok) errors.areaGeoJson = areaProblemMessage(checked.problems[0])
      else if (checked.positions > MAX_AREA_POSITIONS) errors.areaGeoJson = areaProblemMessage({ code: 'tooManyPositions' })
      else audience = { kind: 'area', geometry: checked.geometry }
      break
    }
  }

  // The texts: a template's version, or what was typed.
  let content: NoticeContent | undefined
  let templateVersion: number | null = null
  const templateId = input?.templateId ?? (form.templateId || null)
  if (templateId) {
    const template = /^[0-9a-f-]{36}$/i.test(templateId) ? await findTemplateForCompose(trx, tenantId, templateId.toLowerCase()) : undefined
    if (!template) errors.templateId = { key: 'compose.errors.templateUnknown' }
    else {
      content = template.content
      templateVersion = template.version
    }
  } else if (input) {
    content = contentOfTexts(input.texts)
    for (const issue of checkNoticeContent(content)) {
      const field = TEXT_FIELD_IDS[issue.language]?.[issue.field] ?? 'bodyJa'
      errors[field] ??= { key: `notifications.templates.errors.${issue.code}`, params: { ...issue.params, language: issue.language } }
    }
  }

  // Every placeholder needs a value; the same value goes to every recipient.
  const personalisation: Record<string, string> = {}
  const placeholders = listPlaceholders(content ?? contentOfForm(form))
  for (const name of placeholders) {
    const value = input?.placeholderValues[name] ?? form.placeholders[name]?.trim()
    if (value) personalisation[name] = value
    else errors[`${PLACEHOLDER_FIELD_PREFIX}${name}`] ??= { key: 'compose.errors.placeholderRequired', params: { name } }
  }

  if (!input || !audience || !content || Object.keys(errors).length > 0) return { errors }
  return {
    errors,
    fields: {
      templateId: templateId ? templateId.toLowerCase() : null,
      templateVersion,
      content,
      personalisation,
      topicId,
      priority: input.priority,
      isDigestible: input.isDigestible,
      linkUrl: input.linkUrl,
      audience,
      scheduledAt: input.scheduledAt,
    },
  }
}

/** A draft back on the compose form, for changing it. */
export function formOfNotice(notice: Notice): ComposeForm {
  const { content, audience } = notice
  const usesTemplate = notice.templateId !== null
  return {
    composeToken: '',
    templateId: notice.templateId ?? '',
    ja: usesTemplate ? { subject: '', body: '', sms: '' } : { subject: content.ja?.subject ?? '', body: content.ja?.body ?? '', sms: content.ja?.sms ?? '' },
    easy: usesTemplate ? { subject: '', body: '' } : { subject: content['ja-easy']?.subject ?? '', body: content['ja-easy']?.body ?? '' },
    en: usesTemplate ? { subject: '', body: '' } : { subject: content.en?.subject ?? '', body: content.en?.body ?? '' },
    topicId: notice.topicId ?? '',
    priority: notice.priority,
    isDigestible: notice.isDigestible,
    linkUrl: notice.linkUrl ?? '',
    audienceKind: audience.kind === 'residents' ? 'everyone' : audience.kind,
    segmentId: audience.kind === 'segment' ? audience.segmentId : '',
    districtIds: audience.kind === 'districts' ? audience.districtIds : [],
    areaGeoJson: audience.kind === 'area' ? JSON.stringify(audience.geometry) : '',
    timing: notice.scheduledAt ? 'scheduled' : 'now',
    scheduledAt: notice.scheduledAt ? formatJapanDateTimeInput(notice.scheduledAt) : '',
    placeholders: { ...notice.personalisation },
  }
}
