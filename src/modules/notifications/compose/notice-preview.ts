import { fillPlaceholders, renderNotice, type RenderedMessage } from '../templates/render-notice.js'
import type { Notice, NoticeLanguage } from '../notification-tables.js'

/** One language of a notice as each channel will send it, or why it cannot be rendered. */
export type NoticePreview = { language: NoticeLanguage; rendered: RenderedMessage } | { language: NoticeLanguage; error: string }

/** The absolute link residents receive: site paths are put on the public URL (a LINE message has no "site"). */
export function absoluteNoticeLink(linkUrl: string | null, publicUrl: string): string | undefined {
  if (!linkUrl) return undefined
  return linkUrl.startsWith('/') ? `${publicUrl.replace(/\/$/, '')}${linkUrl}` : linkUrl
}

/** Renders every language the notice is written in with the same renderer the delivery engine uses. */
export function renderNoticePreviews(notice: Pick<Notice, 'content' | 'personalisation' | 'linkUrl'>, publicUrl: string): NoticePreview[] {
  const link = absoluteNoticeLink(notice.linkUrl, publicUrl)
  return (Object.keys(notice.content) as NoticeLanguage[]).map(language => {
    try {
      return { language, rendered: renderNotice(notice.content, language, notice.personalisation, link) }
    } catch (error) {
      return { language, error: error instanceof Error ? error.message : String(error) }
    }
  })
}

/** The notice's subject as residents read it in Japanese (placeholders filled), for lists and titles. */
export function noticeSubject(notice: Pick<Notice, 'content' | 'personalisation'>): string {
  const texts = notice.content.ja ?? notice.content['ja-easy'] ?? notice.content.en ?? Object.values(notice.content)[0]
  if (!texts) return ''
  try {
    return fillPlaceholders(texts.subject, notice.personalisation)
  } catch {
    return texts.subject
  }
}
