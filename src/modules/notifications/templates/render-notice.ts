/**
 * Rendering a notice for one recipient language and every channel, within each channel's limits:
 * SMS by segments (Japanese is UCS-2: 70 characters in one message, 67 per segment of a longer
 * one; see channels/sms/sms-text.ts), web push short, LINE text up to 5,000 characters or a flex
 * message with the subject as its alt text, email as text and HTML (email-html.ts).
 */
import type { DeliveryChannel, NoticeContent, NoticeLanguage, NoticeTexts } from '../notification-tables.js'
import { checkSmsText, maxSmsUnits, SMS_GSM_SEGMENT, SMS_GSM_SINGLE, SMS_MAX_SEGMENTS, SMS_UCS2_SEGMENT, SMS_UCS2_SINGLE, type SmsEncoding } from '../channels/sms/sms-client.js'
import { fillFlexPlaceholders } from './line-flex.js'
import { renderEmailHtml as renderEmailHtmlFrom, type EmailHtmlOptions } from './email-html.js'

export { listPlaceholders, checkPersonalisation } from './template-placeholders.js'

/** LINE text messages hold up to 5,000 characters; a flex message's alt text up to 400. */
export const LINE_TEXT_MAX = 5000
export const LINE_ALT_TEXT_MAX = 400
/** A push notification shows two or three lines; longer bodies are cut by the browser anyway. */
export const PUSH_BODY_MAX = 120
export { SMS_MAX_SEGMENTS }

/** What one channel sends for one recipient. */
export interface RenderedMessage {
  language: NoticeLanguage
  subject: string
  /** the body alone, placeholders filled (the email HTML shows the link apart) */
  body: string
  /** plain text (inbox, email text part, LINE text): the body, then the link */
  text: string
  /** SMS text, within SMS_MAX_SEGMENTS */
  sms: string
  /** web push body, at most PUSH_BODY_MAX characters */
  push: string
  /** LINE messages (text, or flex with the subject as alt text) */
  line: Record<string, unknown>[]
  linkUrl?: string
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

/** Cuts a text to `maxUnits` UTF-16 units without splitting a character, ending with `ellipsis`. */
export function truncateText(text: string, maxUnits: number, ellipsis = '…'): string {
  if (text.length <= maxUnits) return text
  let cut = ''
  for (const ch of text) {
    if (cut.length + ch.length + ellipsis.length > maxUnits) break
    cut += ch
  }
  return cut.trimEnd() + ellipsis
}

export interface SmsSegments {
  encoding: SmsEncoding
  /** characters as the network counts them (GSM septets, or UTF-16 units for UCS-2) */
  units: number
  segments: number
  /** how much one message holds, and each part of a concatenated one */
  single: number
  perSegment: number
  /** false when over SMS_MAX_SEGMENTS or with characters SMS cannot carry */
  isSendable: boolean
}

/** How an SMS text travels: encoding, length and the number of messages it is billed as. */
export function smsSegments(text: string): SmsSegments {
  const check = checkSmsText(text)
  const isGsm = check.encoding === 'gsm7'
  return {
    encoding: check.encoding,
    units: check.units,
    segments: check.segments,
    single: isGsm ? SMS_GSM_SINGLE : SMS_UCS2_SINGLE,
    perSegment: isGsm ? SMS_GSM_SEGMENT : SMS_UCS2_SEGMENT,
    isSendable: check.ok,
  }
}

// Pictographs turn into 〓 or make gateways drop the message; controls other than line breaks too.
// A whole emoji sequence goes (🏃‍♀️ is a runner, a joiner, ♀ and a selector), not just its first part.
const SMS_UNSENDABLE = /\p{Emoji_Presentation}(?:\p{Emoji_Modifier}|\uFE0F|\u200D\p{Extended_Pictographic}\uFE0F?)*|\p{Extended_Pictographic}\uFE0F|\uFE0F|[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f]/gu

const GSM_DOUBLE = new Set('^{}\\[~]|€\f')

/** An SMS text that can be sent: unsendable characters removed, cut to the segment limit, the link kept whole. */
export function fitSmsText(text: string, linkUrl?: string): string {
  const clean = text.replace(SMS_UNSENDABLE, '').trim()
  const whole = linkUrl ? (clean ? `${clean} ${linkUrl}` : linkUrl) : clean
  const check = checkSmsText(whole)
  if (check.segments <= SMS_MAX_SEGMENTS) return whole
  const isGsm = check.encoding === 'gsm7'
  // GSM texts are counted in septets; '...' keeps them GSM where '…' would turn them into UCS-2.
  const ellipsis = isGsm ? '...' : '…'
  const cost = (ch: string) => (isGsm ? (GSM_DOUBLE.has(ch) ? 2 : 1) : ch.length)
  let budget = maxSmsUnits(check.encoding) - ellipsis.length - (linkUrl ? linkUrl.length + 1 : 0)
  let cut = ''
  for (const ch of clean) {
    budget -= cost(ch)
    if (budget < 0) break
    cut += ch
  }
  const shortened = `${cut.trimEnd()}${ellipsis}`
  return linkUrl ? `${shortened} ${linkUrl}` : shortened
}

/** Renders a notice's content for one recipient language; `linkUrl` is absolute. */
export function renderNotice(content: NoticeContent, wanted: NoticeLanguage, values: Record<string, string>, linkUrl?: string): RenderedMessage {
  const language = chooseNoticeLanguage(content, wanted)
  const texts = content[language] as NoticeTexts
  const fill = (text: string) => fillPlaceholders(text, values)
  const subject = fill(texts.subject)
  const body = fill(texts.body)
  const text = linkUrl ? `${body}\n\n${linkUrl}` : body
  const sms = texts.sms ? fitSmsText(fill(texts.sms)) : fitSmsText(subject, linkUrl)
  const push = truncateText(texts.push ? fill(texts.push) : subject, PUSH_BODY_MAX)
  const lineText = texts.line ? fill(texts.line) : `${subject}\n\n${text}`
  const line: Record<string, unknown>[] = texts.lineFlex
    ? [{ type: 'flex', altText: truncateText(subject, LINE_ALT_TEXT_MAX), contents: fillFlexPlaceholders(texts.lineFlex, fill) }]
    : [{ type: 'text', text: truncateText(lineText, LINE_TEXT_MAX) }]
  return { language, subject, body, text, sms, push, line, ...(linkUrl ? { linkUrl } : {}) }
}

/**
 * The HTML part of the email for a rendered message: accessible single column, escaped, with
 * the municipality's name and (for bulk notices) the unsubscribe link.
 */
export function renderEmailHtml(rendered: RenderedMessage, options: EmailHtmlOptions): string {
  return renderEmailHtmlFrom(rendered, options)
}

export type { DeliveryChannel, EmailHtmlOptions }
