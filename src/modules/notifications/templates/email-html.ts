/**
 * The HTML part of a notice email. Like the platform's mail-html.ts: one column, real text (no
 * images to switch on), inline styles (mail clients drop <style>), every value escaped. Added
 * here: the municipality's name, the subject as the heading, a described link, and the footer
 * with the one-click unsubscribe link that bulk mail must carry.
 */
import type { NoticeLanguage } from '../notification-tables.js'
import { emailChromeTexts, type EmailChromeTexts } from './templates-catalog.js'

export interface EmailHtmlOptions {
  /** the language of the text (defaults to the rendered message's) */
  lang?: NoticeLanguage | string
  /** signed one-click unsubscribe page (bulk notices; absent for transactional ones) */
  unsubscribeUrl?: string
  tenantName: string
  /** a banner above the text, e.g. 見本 for a test send */
  banner?: string
}

export interface EmailSource {
  language: NoticeLanguage
  subject: string
  /** the body without the link */
  body: string
  linkUrl?: string
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, c => ENTITIES[c] as string)
}

/** Only web addresses become links; anything else is shown as text (no javascript: in a mail). */
function isWebUrl(url: string): boolean {
  return /^https?:\/\/[^\s]+$/i.test(url)
}

/** `lang` of the document: やさしい日本語 is Japanese to a screen reader. */
export function htmlLanguage(language: string): string {
  return language === 'ja-easy' ? 'ja' : language
}

function format(template: string, params: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => params[name] ?? whole)
}

const BODY_STYLE = 'margin:0;padding:0;background:#f2f2f2'
const CARD_STYLE = 'max-width:600px;margin:0 auto;padding:24px 20px;background:#ffffff;color:#1a1a1a;font-family:sans-serif;font-size:16px;line-height:1.7'
const LINK_STYLE = 'color:#0017c1;text-decoration:underline'

function paragraphs(text: string): string {
  return text
    .split(/\n{2,}/)
    .map(p => p.trim())
    .filter(p => p !== '')
    .map(p => `<p style="margin:0 0 16px">${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('')
}

function link(url: string, label?: string): string {
  if (!isWebUrl(url)) return escapeHtml(url)
  return `<a href="${escapeHtml(url)}" style="${LINK_STYLE}">${escapeHtml(label ?? url)}</a>`
}

/** The HTML part of a notice email (the text part is the rendered message's `text`). */
export function renderEmailHtml(message: EmailSource, options: EmailHtmlOptions): string {
  const lang = String(options.lang ?? message.language)
  const texts: EmailChromeTexts = emailChromeTexts(lang)
  const banner = options.banner ? `<p style="margin:0 0 16px;padding:8px 12px;border:3px solid #1a1a1a;font-weight:bold">${escapeHtml(options.banner)}</p>` : ''
  const more = message.linkUrl ? `<p style="margin:0 0 16px">${escapeHtml(texts.moreInfo)}<br>${link(message.linkUrl)}</p>` : ''
  const unsubscribe = options.unsubscribeUrl ? `<p style="margin:0 0 8px">${link(options.unsubscribeUrl, texts.unsubscribe)}</p>` : ''
  return (
    `<!DOCTYPE html><html lang="${escapeHtml(htmlLanguage(lang))}"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(message.subject)}</title></head>` +
    `<body style="${BODY_STYLE}"><div role="article" aria-roledescription="email" aria-label="${escapeHtml(message.subject)}" lang="${escapeHtml(htmlLanguage(lang))}" style="${CARD_STYLE}">` +
    banner +
    `<p style="margin:0 0 8px;font-size:14px;color:#4d4d4d">${escapeHtml(options.tenantName)}</p>` +
    `<h1 style="margin:0 0 24px;font-size:22px;line-height:1.5">${escapeHtml(message.subject)}</h1>` +
    paragraphs(message.body) +
    more +
    `<hr style="margin:24px 0 16px;border:0;border-top:1px solid #cccccc">` +
    `<div style="font-size:14px;color:#4d4d4d"><p style="margin:0 0 8px">${escapeHtml(format(texts.sentBy, { tenant: options.tenantName }))}</p>${unsubscribe}</div>` +
    `</div></body></html>`
  )
}
