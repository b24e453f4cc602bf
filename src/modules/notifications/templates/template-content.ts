/**
 * The rules a notice's texts must meet before they are stored, as a template version or as the
 * content of an API notice: Japanese is required; a language present has a subject and a body;
 * each channel text fits its channel; placeholder names are usable; and every language asks for
 * the same placeholders as the Japanese. Problems are data (catalog keys), not exceptions, so a
 * form shows them all at once and the API lists them.
 */
import { NOTICE_LANGUAGES, type NoticeContent, type NoticeLanguage, type NoticeTexts } from '../notification-tables.js'
import { checkSmsText, SMS_MAX_SEGMENTS } from '../channels/sms/sms-client.js'
import { checkLineFlex } from './line-flex.js'
import { findPlaceholderMismatches, findPlaceholderTokens, hasUnclosedPlaceholder, textsOf } from './template-placeholders.js'
import { LINE_TEXT_MAX, PUSH_BODY_MAX } from './render-notice.js'
import type { Translate } from '../../../platform/i18n/i18n.js'

export const TEXT_FIELDS = ['subject', 'body', 'sms', 'push', 'line', 'lineFlex'] as const
export type TextField = (typeof TEXT_FIELDS)[number]

export const SUBJECT_MAX = 200
export const BODY_MAX = 10_000

export interface ContentIssue {
  language: NoticeLanguage
  field: TextField
  /** catalog key under notifications.templates.errors */
  code: string
  params?: Record<string, string | number>
}

// Line breaks and tabs are text; other controls and bidi overrides hide what a text really says.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/

function characters(text: string): number {
  return [...text].length
}

function checkPlaceholderSyntax(language: NoticeLanguage, field: TextField, text: string, issues: ContentIssue[]) {
  for (const token of findPlaceholderTokens(text)) if (!token.isValid) issues.push({ language, field, code: 'placeholderName', params: { placeholder: token.name } })
  if (hasUnclosedPlaceholder(text)) issues.push({ language, field, code: 'placeholderUnclosed' })
}

function checkLanguage(language: NoticeLanguage, texts: NoticeTexts, issues: ContentIssue[]) {
  if (!texts.subject) issues.push({ language, field: 'subject', code: 'subjectRequired' })
  else if (characters(texts.subject) > SUBJECT_MAX) issues.push({ language, field: 'subject', code: 'subjectTooLong', params: { max: SUBJECT_MAX } })
  else if (/[\r\n]/.test(texts.subject)) issues.push({ language, field: 'subject', code: 'subjectLineBreak' })
  if (!texts.body) issues.push({ language, field: 'body', code: 'bodyRequired' })
  else if (characters(texts.body) > BODY_MAX) issues.push({ language, field: 'body', code: 'bodyTooLong', params: { max: BODY_MAX } })
  if (texts.sms) {
    const sms = checkSmsText(texts.sms)
    if (!sms.ok && sms.reasons.includes('too_long')) issues.push({ language, field: 'sms', code: 'smsTooLong', params: { max: SMS_MAX_SEGMENTS, segments: sms.segments } })
    if (!sms.ok && sms.reasons.includes('unsupported_characters')) issues.push({ language, field: 'sms', code: 'smsCharacters' })
  }
  if (texts.push && characters(texts.push) > PUSH_BODY_MAX) issues.push({ language, field: 'push', code: 'pushTooLong', params: { max: PUSH_BODY_MAX } })
  if (texts.line && texts.line.length > LINE_TEXT_MAX) issues.push({ language, field: 'line', code: 'lineTooLong', params: { max: LINE_TEXT_MAX } })
  if (texts.lineFlex !== undefined) {
    const flex = checkLineFlex(texts.lineFlex)
    if (!flex.ok) issues.push({ language, field: 'lineFlex', code: `flex.${flex.problem}` })
  }
  for (const field of ['subject', 'body', 'sms', 'push', 'line'] as const) {
    const text = texts[field]
    if (!text) continue
    if (CONTROL.test(text)) issues.push({ language, field, code: 'invalidCharacters' })
    checkPlaceholderSyntax(language, field, text, issues)
  }
}

/** Every problem with a notice's texts; empty when they can be stored and sent. */
export function checkNoticeContent(content: NoticeContent): ContentIssue[] {
  const issues: ContentIssue[] = []
  if (!content.ja) issues.push({ language: 'ja', field: 'subject', code: 'jaRequired' })
  for (const language of NOTICE_LANGUAGES) {
    const texts = content[language]
    if (texts) checkLanguage(language, texts, issues)
  }
  for (const mismatch of findPlaceholderMismatches(content)) {
    issues.push({ language: mismatch.language, field: fieldUsing(content[mismatch.language], content.ja, mismatch.placeholder), code: mismatch.kind === 'missing' ? 'placeholderMissing' : 'placeholderExtra', params: { placeholder: mismatch.placeholder } })
  }
  return issues
}

/** The field to point at for a mismatch: where this language uses the placeholder (extra) or where Japanese does (missing). */
function fieldUsing(texts: NoticeTexts | undefined, reference: NoticeTexts | undefined, placeholder: string): TextField {
  for (const source of [texts, reference]) {
    if (!source) continue
    for (const field of ['subject', 'body', 'sms', 'push', 'line'] as const) {
      const text = source[field]
      if (text && findPlaceholderTokens(text).some(token => token.name === placeholder)) return field
    }
    if (source.lineFlex && textsOf({ subject: '', body: '', lineFlex: source.lineFlex }).some(text => text.includes(`((${placeholder}))`))) return 'lineFlex'
  }
  return 'body'
}

/** An issue as a message in the reader's language, naming the notice language by its name. */
export function contentIssueMessage(t: Translate, issue: ContentIssue): string {
  return t(`notifications.templates.errors.${issue.code}`, { ...issue.params, language: t(`notifications.templates.language.${issue.language}`) })
}
