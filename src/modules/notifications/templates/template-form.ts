/**
 * The template form: its fields as flat names (`key`, `name`, `topicId`, `<language>__<field>`),
 * read into a template and its content, and written back from a stored version for editing.
 */
import { z } from 'zod'
import { NOTICE_LANGUAGES, type NoticeContent, type NoticeLanguage, type NoticeTexts } from '../notification-tables.js'
import { checkNoticeContent, TEXT_FIELDS, type ContentIssue, type TextField } from './template-content.js'
import { parseLineFlex } from './line-flex.js'

export const TEMPLATE_KEY = /^[a-z0-9][a-z0-9-]{0,59}$/
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const CONTROL = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/

export type FormValues = Record<string, string>
/** field name → catalog key and its parameters */
export interface FieldMessage {
  key: string
  params?: Record<string, string | number>
}
/** A field can have several problems (two placeholders out of step): all are shown, in order. */
export type FormErrors = Record<string, FieldMessage & { more?: FieldMessage[] }>

export const textFieldName = (language: NoticeLanguage, field: TextField) => `${language}__${field}`

function clean(value: unknown): string {
  const text = Array.isArray(value) ? value[0] : value
  return typeof text === 'string' ? text.normalize('NFC').replace(/\r\n?/g, '\n').trim() : ''
}

/** The submitted form as plain strings, for re-rendering it with errors. */
export function readFormValues(body: unknown): FormValues {
  const source = body && typeof body === 'object' ? (body as Record<string, unknown>) : {}
  const values: FormValues = { key: clean(source.key).toLowerCase(), name: clean(source.name), topicId: clean(source.topicId), baseVersion: clean(source.baseVersion) }
  for (const language of NOTICE_LANGUAGES) for (const field of TEXT_FIELDS) values[textFieldName(language, field)] = clean(source[textFieldName(language, field)])
  return values
}

const DetailsSchema = z.object({
  name: z
    .string()
    .min(1, { message: 'nameRequired' })
    .refine(v => [...v].length <= 100, { message: 'nameTooLong' })
    .refine(v => !CONTROL.test(v) && !/[<>]/.test(v), { message: 'invalidCharacters' }),
  topicId: z.string().refine(v => v === '' || UUID.test(v), { message: 'topicInvalid' }).transform(v => (v === '' ? null : v.toLowerCase())),
})

const KeySchema = z.string().min(1, { message: 'keyRequired' }).regex(TEMPLATE_KEY, { message: 'keyFormat' })

export interface TemplateDetails {
  name: string
  topicId: string | null
}

export type ParsedTemplateForm = { ok: true; key: string; details: TemplateDetails; content: NoticeContent; baseVersion: number } | { ok: false; errors: FormErrors }

function contentFromValues(values: FormValues, errors: FormErrors): NoticeContent {
  const content: NoticeContent = {}
  for (const language of NOTICE_LANGUAGES) {
    const read = (field: TextField) => values[textFieldName(language, field)] ?? ''
    if (TEXT_FIELDS.every(field => read(field) === '')) continue
    const texts: NoticeTexts = { subject: read('subject'), body: read('body') }
    for (const field of ['sms', 'push', 'line'] as const) if (read(field)) texts[field] = read(field)
    if (read('lineFlex')) {
      const flex = parseLineFlex(read('lineFlex'))
      if (flex.ok) texts.lineFlex = flex.flex
      else errors[textFieldName(language, 'lineFlex')] = { key: `notifications.templates.errors.flex.${flex.problem}`, params: { language } }
    }
    content[language] = texts
  }
  return content
}

/** Form errors of content issues; a field with several keeps them all. */
export function contentIssueErrors(issues: ContentIssue[], errors: FormErrors = {}): FormErrors {
  for (const issue of issues) {
    const name = textFieldName(issue.language, issue.field)
    const message = { key: `notifications.templates.errors.${issue.code}`, params: { ...issue.params, language: issue.language } }
    const existing = errors[name]
    if (existing) existing.more = [...(existing.more ?? []), message]
    else errors[name] = message
  }
  return errors
}

/** Reads a submitted template form; `isNew` also reads and checks the key (fixed once created). */
export function parseTemplateForm(values: FormValues, isNew: boolean): ParsedTemplateForm {
  const errors: FormErrors = {}
  const key = KeySchema.safeParse(values.key ?? '')
  if (isNew && !key.success) errors.key = { key: `notifications.templates.errors.${key.error.issues[0]?.message ?? 'keyFormat'}` }
  const details = DetailsSchema.safeParse({ name: values.name ?? '', topicId: values.topicId ?? '' })
  if (!details.success) for (const issue of details.error.issues) errors[String(issue.path[0])] ??= { key: `notifications.templates.errors.${issue.message}` }
  const content = contentFromValues(values, errors)
  contentIssueErrors(checkNoticeContent(content), errors)
  const baseVersion = Number.parseInt(values.baseVersion ?? '', 10)
  if (Object.keys(errors).length > 0 || !details.success) return { ok: false, errors }
  return { ok: true, key: key.success ? key.data : '', details: details.data, content, baseVersion: Number.isFinite(baseVersion) ? baseVersion : 0 }
}

/** The form's values for a stored template version (the edit page). */
export function formValuesOf(template: { key: string; name: string; topicId: string | null; currentVersion: number }, content: NoticeContent): FormValues {
  const values: FormValues = { key: template.key, name: template.name, topicId: template.topicId ?? '', baseVersion: String(template.currentVersion) }
  for (const language of NOTICE_LANGUAGES) {
    const texts = content[language]
    for (const field of TEXT_FIELDS) {
      const value = texts?.[field]
      values[textFieldName(language, field)] = value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value, null, 2)
    }
  }
  return values
}
