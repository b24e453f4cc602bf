/**
 * The compose form: what the page posts (`ComposeForm`, strings as typed, to re-render) and what
 * it means once checked (`ComposeInput`). Checks that need the database — the topic, segment,
 * districts and template exist, the area is a valid polygon, every placeholder has a value — are
 * the service's. Messages are catalog keys.
 */
import { z } from 'zod'
import type { NoticePriority } from '../notification-tables.js'
import { PLACEHOLDER_NAME } from '../templates/template-placeholders.js'
import type { FormErrors } from './compose-errors.js'
import { BODY_MAX, SUBJECT_MAX } from '../templates/template-content.js'
import { isAcceptableLinkUrl, parseJapanDateTime, scheduledTimeProblem } from './compose-rules.js'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/

export const SMS_MAX = 660
export const PLACEHOLDER_VALUE_MAX = 500
/** A drawn area is a few dozen points; a district boundary pasted in may be a few thousand. */
export const AREA_MAX_CHARS = 500_000

export const AUDIENCE_KINDS = ['everyone', 'topic', 'segment', 'districts', 'area'] as const
export type AudienceKind = (typeof AUDIENCE_KINDS)[number]

/** The texts of one language as typed. */
export interface TextsForm {
  subject: string
  body: string
}

/** The compose form as posted (or as a draft prefills it). */
export interface ComposeForm {
  composeToken: string
  templateId: string
  ja: TextsForm & { sms: string }
  easy: TextsForm
  en: TextsForm
  topicId: string
  priority: string
  isDigestible: boolean
  linkUrl: string
  audienceKind: string
  segmentId: string
  districtIds: string[]
  areaGeoJson: string
  timing: string
  scheduledAt: string
  /** ((placeholder)) name → value */
  placeholders: Record<string, string>
}

export const PLACEHOLDER_FIELD_PREFIX = 'placeholder-'

export function emptyComposeForm(composeToken: string): ComposeForm {
  return {
    composeToken,
    templateId: '',
    ja: { subject: '', body: '', sms: '' },
    easy: { subject: '', body: '' },
    en: { subject: '', body: '' },
    topicId: '',
    priority: 'normal',
    isDigestible: false,
    linkUrl: '',
    audienceKind: 'everyone',
    segmentId: '',
    districtIds: [],
    areaGeoJson: '',
    timing: 'now',
    scheduledAt: '',
    placeholders: {},
  }
}

const one = (value: unknown): string => (typeof value === 'string' ? value : Array.isArray(value) && typeof value[0] === 'string' ? value[0] : '')
const many = (value: unknown): string[] => (typeof value === 'string' ? [value] : Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [])

/** Reads the posted fields; anything missing is empty, nothing is judged yet. */
export function readComposeForm(body: unknown): ComposeForm {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>
  const placeholders: Record<string, string> = {}
  for (const [key, value] of Object.entries(b)) {
    if (!key.startsWith(PLACEHOLDER_FIELD_PREFIX)) continue
    const name = key.slice(PLACEHOLDER_FIELD_PREFIX.length)
    if (PLACEHOLDER_NAME.test(name)) placeholders[name] = one(value)
  }
  return {
    composeToken: one(b.composeToken),
    templateId: one(b.templateId),
    ja: { subject: one(b.subjectJa), body: one(b.bodyJa), sms: one(b.smsJa) },
    easy: { subject: one(b.subjectEasy), body: one(b.bodyEasy) },
    en: { subject: one(b.subjectEn), body: one(b.bodyEn) },
    topicId: one(b.topicId),
    priority: one(b.priority) || 'normal',
    isDigestible: one(b.isDigestible) === 'yes',
    linkUrl: one(b.linkUrl),
    audienceKind: one(b.audienceKind),
    segmentId: one(b.segmentId),
    districtIds: [...new Set(many(b.districtIds))],
    areaGeoJson: one(b.areaGeoJson),
    timing: one(b.timing) || 'now',
    scheduledAt: one(b.scheduledAt),
    placeholders,
  }
}

export function cleanText(value: string): string {
  return value.normalize('NFC').replace(/\r\n?/g, '\n').trim()
}

function text(max: number, requiredKey?: string) {
  return z
    .string()
    .max(max * 4, { message: 'compose.errors.tooLong' })
    .transform(cleanText)
    .pipe(
      z
        .string()
        .min(requiredKey ? 1 : 0, { message: requiredKey ?? 'compose.errors.invalid' })
        .refine(v => [...v].length <= max, { message: 'compose.errors.tooLong' })
        .refine(v => !CONTROL.test(v.replace(/\n/g, '')), { message: 'compose.errors.invalidCharacters' }),
    )
}

const optionalId = z
  .string()
  .refine(v => v === '' || UUID.test(v), { message: 'compose.errors.invalid' })
  .transform(v => (v === '' ? null : v.toLowerCase()))

const BaseSchema = z.object({
  templateId: optionalId,
  topicId: optionalId,
  segmentId: optionalId,
  priority: z.enum(['normal', 'critical'], { message: 'compose.errors.priorityRequired' }),
  audienceKind: z.enum(AUDIENCE_KINDS, { message: 'compose.errors.audienceRequired' }),
  timing: z.enum(['now', 'scheduled'], { message: 'compose.errors.timingRequired' }),
  linkUrl: z.string().transform(v => v.trim()),
})

/** The audience as chosen, before the service checks it against the tenant's data. */
export type AudienceChoice =
  | { kind: 'everyone' }
  | { kind: 'topic'; topicId: string }
  | { kind: 'segment'; segmentId: string }
  | { kind: 'districts'; districtIds: string[] }
  | { kind: 'area'; geoJson: unknown }

export interface ComposeTexts {
  ja: { subject: string; body: string; sms: string }
  'ja-easy': { subject: string; body: string } | null
  en: { subject: string; body: string } | null
}

/** The compose form once its own fields are checked. */
export interface ComposeInput {
  templateId: string | null
  /** Typed texts; ignored when a template is used (its content is taken from the template version). */
  texts: ComposeTexts
  placeholderValues: Record<string, string>
  topicId: string | null
  priority: NoticePriority
  isDigestible: boolean
  linkUrl: string | null
  audience: AudienceChoice
  scheduledAt: Date | null
}

const FIELD_IDS: Record<string, string> = {
  templateId: 'templateId',
  topicId: 'topicId',
  segmentId: 'segmentId',
  priority: 'priority',
  audienceKind: 'audienceKind',
  timing: 'timing',
  linkUrl: 'linkUrl',
}

/** Checks the form's own fields (the shape of what was typed), given the current time. */
export function parseComposeForm(form: ComposeForm, now: Date): { ok: true; input: ComposeInput } | { ok: false; errors: FormErrors } {
  const errors: FormErrors = {}
  const base = BaseSchema.safeParse(form)
  if (!base.success) {
    for (const issue of base.error.issues) {
      const field = FIELD_IDS[String(issue.path[0])] ?? String(issue.path[0])
      errors[field] ??= { key: issue.message }
    }
  }

  const usesTemplate = form.templateId !== ''
  const texts = parseTexts(form, usesTemplate, errors)

  const placeholderValues: Record<string, string> = {}
  for (const [name, raw] of Object.entries(form.placeholders)) {
    const value = text(PLACEHOLDER_VALUE_MAX).safeParse(raw)
    if (value.success) {
      if (value.data !== '') placeholderValues[name] = value.data
    } else errors[`${PLACEHOLDER_FIELD_PREFIX}${name}`] ??= { key: value.error.issues[0].message, params: { max: PLACEHOLDER_VALUE_MAX } }
  }

  const linkUrl = form.linkUrl.trim()
  if (linkUrl !== '' && !isAcceptableLinkUrl(linkUrl)) errors.linkUrl ??= { key: 'compose.errors.linkUrl' }

  let audience: AudienceChoice = { kind: 'everyone' }
  if (base.success) {
    const { data } = base
    switch (data.audienceKind) {
      case 'everyone':
        break
      case 'topic':
        if (data.topicId) audience = { kind: 'topic', topicId: data.topicId }
        else errors.topicId ??= { key: 'compose.errors.topicForAudience' }
        break
      case 'segment':
        if (data.segmentId) audience = { kind: 'segment', segmentId: data.segmentId }
        else errors.segmentId ??= { key: 'compose.errors.segmentRequired' }
        break
      case 'districts': {
        const ids = form.districtIds.filter(id => UUID.test(id)).map(id => id.toLowerCase())
        if (ids.length === 0 || ids.length !== form.districtIds.length) errors.districtIds ??= { key: 'compose.errors.districtsRequired' }
        else audience = { kind: 'districts', districtIds: ids }
        break
      }
      case 'area': {
        const area = parseAreaText(form.areaGeoJson)
        if ('error' in area) errors.areaGeoJson ??= { key: area.error }
        else audience = { kind: 'area', geoJson: area.value }
        break
      }
    }
  }

  let scheduledAt: Date | null = null
  if (base.success && base.data.timing === 'scheduled') {
    const at = parseJapanDateTime(form.scheduledAt)
    const problem = at ? scheduledTimeProblem(at, now) : 'invalid'
    if (problem || !at) errors.scheduledAt ??= { key: `compose.errors.schedule.${problem ?? 'invalid'}` }
    else scheduledAt = at
  }

  if (!base.success || Object.keys(errors).length > 0) return { ok: false, errors }
  const data = base.data
  return {
    ok: true,
    input: {
      templateId: data.templateId,
      texts,
      placeholderValues,
      topicId: data.topicId,
      priority: data.priority,
      // a critical notice goes out at once to everyone; it never waits for a digest
      isDigestible: data.priority === 'normal' && form.isDigestible,
      linkUrl: linkUrl === '' ? null : linkUrl,
      audience,
      scheduledAt,
    },
  }
}

function parseTexts(form: ComposeForm, usesTemplate: boolean, errors: FormErrors): ComposeTexts {
  const field = (name: string, raw: string, max: number, requiredKey?: string): string => {
    const parsed = text(max, requiredKey).safeParse(raw)
    if (parsed.success) return parsed.data
    errors[name] ??= { key: parsed.error.issues[0].message, params: { max } }
    return ''
  }
  if (usesTemplate) return { ja: { subject: '', body: '', sms: '' }, 'ja-easy': null, en: null }
  const ja = {
    subject: field('subjectJa', form.ja.subject, SUBJECT_MAX, 'compose.errors.subjectRequired'),
    body: field('bodyJa', form.ja.body, BODY_MAX, 'compose.errors.bodyRequired'),
    sms: field('smsJa', form.ja.sms, SMS_MAX),
  }
  // Another language is optional, but half of one (a subject without a body) is a mistake.
  const optional = (prefix: 'Easy' | 'En', texts: TextsForm) => {
    const subject = field(`subject${prefix}`, texts.subject, SUBJECT_MAX)
    const body = field(`body${prefix}`, texts.body, BODY_MAX)
    if (subject === '' && body === '') return null
    if (subject === '') errors[`subject${prefix}`] ??= { key: 'compose.errors.subjectRequired' }
    if (body === '') errors[`body${prefix}`] ??= { key: 'compose.errors.bodyRequired' }
    return { subject, body }
  }
  return { ja, 'ja-easy': optional('Easy', form.easy), en: optional('En', form.en) }
}

/**
 * The area textarea: GeoJSON as typed or drawn — a geometry, a Feature, or a FeatureCollection
 * of polygons (joined into one MultiPolygon). Whether the polygon itself is valid (closed rings,
 * no self-intersection) is the audience area's check.
 */
export function parseAreaText(raw: string): { value: unknown } | { error: string } {
  const trimmed = raw.trim()
  if (trimmed === '') return { error: 'compose.errors.areaRequired' }
  if (trimmed.length > AREA_MAX_CHARS) return { error: 'compose.errors.areaTooLarge' }
  let value: unknown
  try {
    value = JSON.parse(trimmed)
  } catch {
    return { error: 'compose.errors.areaNotJson' }
  }
  const geometry = geometryOf(value)
  return geometry === undefined ? { error: 'compose.errors.areaNotPolygon' } : { value: geometry }
}

function geometryOf(value: unknown): unknown {
  if (!value || typeof value !== 'object') return undefined
  const object = value as { type?: unknown; geometry?: unknown; features?: unknown }
  if (object.type === 'Polygon' || object.type === 'MultiPolygon') return value
  if (object.type === 'Feature') return geometryOf(object.geometry)
  if (object.type === 'FeatureCollection' && Array.isArray(object.features)) {
    const parts = object.features.map(feature => geometryOf(feature) as { type: string; coordinates: unknown[] } | undefined)
    if (parts.length === 0 || parts.some(part => part === undefined)) return undefined
    if (parts.length === 1) return parts[0]
    const polygons = parts.flatMap(part => (part?.type === 'MultiPolygon' ? part.coordinates : [part?.coordinates]))
    return { type: 'MultiPolygon', coordinates: polygons }
  }
  return undefined
}
