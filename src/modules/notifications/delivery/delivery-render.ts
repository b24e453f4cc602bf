import { createHash } from 'node:crypto'
import { translator, type Locale } from '../../../platform/i18n/i18n.js'
import type { DeliveryChannel, NoticeLanguage } from '../notification-tables.js'
import { renderNotice, truncateText, fitSmsText, LINE_TEXT_MAX, PUSH_BODY_MAX, type RenderedMessage } from '../templates/render-notice.js'
import type { ClaimedDelivery, DeliveryOutcome, DeliveryRecipient, NoticeForSending, RecipientAddress } from './delivery-claims.js'

/**
 * Turns claimed rows into what goes out: one message per row, or for digest rows one combined
 * message per resident. Rendering happens at send time in the recipient's language; a notice
 * that cannot be rendered (a missing placeholder value) fails permanently with the reason.
 */

/** Why a row cannot be sent: the resident removed the channel after the notice was queued. */
export const NO_ADDRESS_ERROR = (channel: DeliveryChannel) => `the resident has no verified ${channel} address any more`

export interface OutgoingMessage {
  /** the rows this message settles (several for a digest) */
  deliveryIds: string[]
  residentId: string
  channel: DeliveryChannel
  /** empty only on LINE, when the resident removed the channel since the notice was queued */
  addresses: RecipientAddress[]
  rendered: RenderedMessage
  /** rows with the same key carry the same content (one LINE multicast) */
  contentKey: string
  noticeId: string
  topicId: string | null
  isCritical: boolean
  /** broadcast mail carries one-click unsubscribe; transactional mail does not */
  isBulk: boolean
  isDigest: boolean
}

export interface PreparedBatch {
  messages: OutgoingMessage[]
  /** rows that cannot be sent at all (no address any more, nothing to render) */
  failures: DeliveryOutcome[]
}

export interface RenderContext {
  publicUrl: string
  tenantName: string
  tenantNameEn: string
}

/** A site-relative link becomes absolute for anything read outside the site. */
export function absoluteLink(publicUrl: string, linkUrl: string | null | undefined): string | undefined {
  if (!linkUrl) return undefined
  if (linkUrl.startsWith('/') && !linkUrl.startsWith('//')) return `${publicUrl}${linkUrl}`
  return linkUrl
}

/** The UI locale closest to a notice language, for the engine's own words (digest heading, drill mark). */
export function uiLocaleOf(language: NoticeLanguage): Locale {
  return language === 'ja' || language === 'ja-easy' ? language : 'en'
}

function trainingMarked(rendered: RenderedMessage): RenderedMessage {
  const t = translator(uiLocaleOf(rendered.language))
  const mark = t('notifications.delivery.trainingMark')
  const note = t('notifications.delivery.trainingNote')
  return { ...rendered, subject: `${mark}${rendered.subject}`, body: `${note}\n\n${rendered.body}`, text: `${note}\n\n${rendered.text}` }
}

/** Renders a notice for inbox or channel use; training notices are marked in every language. */
export function renderForRecipient(notice: NoticeForSending, language: NoticeLanguage, linkUrl: string | undefined): RenderedMessage {
  const rendered = renderNotice(notice.content, language, notice.personalisation, linkUrl)
  return notice.isTraining ? trainingMarked(rendered) : rendered
}

function combineDigest(parts: { notice: NoticeForSending; rendered: RenderedMessage }[], language: NoticeLanguage, context: RenderContext): RenderedMessage {
  const t = translator(uiLocaleOf(language))
  const municipality = uiLocaleOf(language) === 'en' ? context.tenantNameEn : context.tenantName
  const count = parts.length
  const subject = t('notifications.delivery.digestSubject', { municipality, count })
  const sections = parts.map(({ rendered }) => `■ ${rendered.subject}\n${rendered.text}`)
  const body = `${t('notifications.delivery.digestIntro')}\n\n${sections.join('\n\n')}`
  const lineText = truncateText(`${subject}\n\n${body}`, LINE_TEXT_MAX)
  return {
    language,
    subject,
    body,
    text: body,
    sms: fitSmsText(`${subject}: ${parts.map(p => p.rendered.subject).join(' / ')}`),
    push: truncateText(t('notifications.delivery.digestPush', { count }), PUSH_BODY_MAX),
    line: [{ type: 'text', text: lineText }],
  }
}

function contentKeyOf(rendered: RenderedMessage): string {
  return createHash('sha256').update(JSON.stringify([rendered.subject, rendered.line])).digest('base64url').slice(0, 22)
}

/**
 * Prepares a claimed batch of one channel: looks up nothing itself (the caller passes recipients
 * and notices), renders once per (notice, language).
 */
export function prepareBatch(channel: DeliveryChannel, claimed: ClaimedDelivery[], recipients: Map<string, DeliveryRecipient>, notices: Map<string, NoticeForSending>, context: RenderContext): PreparedBatch {
  const messages: OutgoingMessage[] = []
  const failures: DeliveryOutcome[] = []
  const cache = new Map<string, RenderedMessage | Error>()
  const external = channel !== 'inbox'

  function render(notice: NoticeForSending, language: NoticeLanguage): RenderedMessage | Error {
    const key = `${notice.id}\n${language}`
    let rendered = cache.get(key)
    if (!rendered) {
      try {
        rendered = renderForRecipient(notice, language, external ? absoluteLink(context.publicUrl, notice.linkUrl) : undefined)
      } catch (error) {
        rendered = error instanceof Error ? error : new Error(String(error))
      }
      cache.set(key, rendered)
    }
    return rendered
  }

  const digests = new Map<string, ClaimedDelivery[]>()
  for (const row of claimed) {
    const recipient = recipients.get(row.id)
    const notice = notices.get(row.noticeId)
    if (!recipient?.residentExists) {
      failures.push({ id: row.id, status: 'permanent_failure', error: 'the resident no longer exists' })
      continue
    }
    if (!notice) {
      failures.push({ id: row.id, status: 'permanent_failure', error: 'the notice no longer exists' })
      continue
    }
    // LINE keeps such a row in its request plan (its retry keys derive from the rows as they
    // were claimed) and fails it there; other channels fail it here.
    if (external && recipient.addresses.length === 0 && channel !== 'line') {
      failures.push({ id: row.id, status: 'permanent_failure', error: NO_ADDRESS_ERROR(channel) })
      continue
    }
    if (row.isDigest) {
      const list = digests.get(row.residentId) ?? []
      list.push(row)
      digests.set(row.residentId, list)
      continue
    }
    const rendered = render(notice, recipient.language)
    if (rendered instanceof Error) {
      failures.push({ id: row.id, status: 'permanent_failure', error: `cannot render the notice: ${rendered.message}` })
      continue
    }
    messages.push({
      deliveryIds: [row.id],
      residentId: row.residentId,
      channel,
      addresses: recipient.addresses,
      rendered,
      contentKey: `${notice.id}:${contentKeyOf(rendered)}`,
      noticeId: notice.id,
      topicId: notice.topicId,
      isCritical: notice.priority === 'critical',
      isBulk: notice.kind !== 'transactional',
      isDigest: false,
    })
  }

  for (const [residentId, rows] of digests) {
    const recipient = recipients.get(rows[0]?.id ?? '') as DeliveryRecipient
    const parts: { notice: NoticeForSending; rendered: RenderedMessage }[] = []
    const sendable: ClaimedDelivery[] = []
    for (const row of rows.sort((a, b) => Number(a.id) - Number(b.id))) {
      const notice = notices.get(row.noticeId) as NoticeForSending
      const rendered = render(notice, recipient.language)
      if (rendered instanceof Error) failures.push({ id: row.id, status: 'permanent_failure', error: `cannot render the notice: ${rendered.message}` })
      else {
        parts.push({ notice, rendered })
        sendable.push(row)
      }
    }
    if (parts.length === 0) continue
    const language = parts[0]?.rendered.language ?? recipient.language
    const rendered = parts.length === 1 && parts[0] ? parts[0].rendered : combineDigest(parts, language, context)
    messages.push({
      deliveryIds: sendable.map(r => r.id),
      residentId,
      channel,
      addresses: recipient.addresses,
      rendered,
      contentKey: `digest:${sendable.map(r => r.id).join(',')}`,
      noticeId: sendable[0]?.noticeId ?? '',
      topicId: null,
      isCritical: false,
      isBulk: true,
      isDigest: true,
    })
  }
  return { messages, failures }
}

