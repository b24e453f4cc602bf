import type { DeliveryChannel, NoticeContent, NoticeLanguage, NoticeTexts } from '../notification-tables.js'

/** What one channel sends for one recipient. */
export interface RenderedMessage {
  language: NoticeLanguage
  subject: string
  /** plain text (inbox, email text part, LINE text) */
  text: string
  /** SMS text (already within the SMS length rules) */
  sms: string
  /** web push body */
  push: string
  /** LINE messages (text, or flex with the subject as alt text) */
  line: Record<string, unknown>[]
}

/** Which language a resident reads a notice in: theirs, else やさしい日本語, else Japanese. */
export function chooseNoticeLanguage(content: NoticeContent, wanted: NoticeLanguage): NoticeLanguage {
  for (const language of [wanted, 'ja-easy', 'ja'] as const) if (content[language]) return language
  const first = Object.keys(content)[0] as NoticeLanguage | undefined
  if (!first) throw new Error('a notice has no content')
  return first
}

/** Fills `((name))` placeholders; a missing value is an error, never an empty gap. */
export function fillPlaceholders(text: string, values: Record<string, string>): string {
  return text.replace(/\(\(([a-zA-Z0-9_.-]+)\)\)/g, (_, name: string) => {
    const value = values[name]
    if (value === undefined) throw new Error(`missing placeholder value: ${name}`)
    return value
  })
}

/** Renders a notice's content for one recipient language; `linkUrl` is absolute. */
export function renderNotice(content: NoticeContent, wanted: NoticeLanguage, values: Record<string, string>, linkUrl?: string): RenderedMessage {
  const language = chooseNoticeLanguage(content, wanted)
  const texts = content[language] as NoticeTexts
  const subject = fillPlaceholders(texts.subject, values)
  const body = fillPlaceholders(texts.body, values)
  const text = linkUrl ? `${body}\n\n${linkUrl}` : body
  const sms = texts.sms ? fillPlaceholders(texts.sms, values) : linkUrl ? `${subject} ${linkUrl}` : subject
  const push = texts.push ? fillPlaceholders(texts.push, values) : subject
  const lineText = texts.line ? fillPlaceholders(texts.line, values) : `${subject}\n\n${text}`
  const line: Record<string, unknown>[] = texts.lineFlex
    ? [{ type: 'flex', altText: subject.slice(0, 400), contents: texts.lineFlex }]
    : [{ type: 'text', text: lineText.slice(0, 5000) }]
  return { language, subject, text, sms, push, line }
}

export type { DeliveryChannel }
