import type { Config } from '../../../../platform/config.js'
import { unsubscribeHeaders, unsubscribeUrl } from '../../residents/unsubscribe-link.js'
import { renderEmailHtml } from '../../templates/render-notice.js'
import type { DeliveryOutcome } from '../../delivery/delivery-claims.js'
import type { OutgoingMessage } from '../../delivery/delivery-render.js'
import { mapLimited } from '../../delivery/channel-senders.js'
import { mailDomainOf, type EmailTransport, type NoticeMail } from './email-transport.js'

export interface EmailSendContext {
  config: Pick<Config, 'publicUrl' | 'sessionSecret' | 'MAIL_FROM'>
  tenant: { id: string; slug: string; name: string; nameEn: string }
  transport: EmailTransport
  /** mails in flight at once (the SMTP pool holds a few connections) */
  concurrency?: number
  /** called for each accepted mail (the development mail viewer keeps a copy) */
  onAccepted?: (message: OutgoingMessage, mail: NoticeMail) => void
}

/** `<delivery-{tenant}-{id}@domain>`: a crash-and-resend produces the same id, which mail clients use to drop the duplicate. */
export function deliveryMessageId(tenantId: string, deliveryId: string, domain: string): string {
  return `<delivery-${tenantId}-${deliveryId}@${domain}>`
}

/** Builds the mail of one outgoing message: HTML + text, and one-click unsubscribe for bulk mail. */
export function buildNoticeMail(message: OutgoingMessage, context: Omit<EmailSendContext, 'transport'>, to: string): NoticeMail {
  const { config, tenant } = context
  const rendered = message.rendered
  const tenantName = rendered.language === 'ja' || rendered.language === 'ja-easy' ? tenant.name : tenant.nameEn
  // Bulk mail must carry one-click unsubscribe (RFC 8058; Gmail and Yahoo require it of bulk
  // senders); a critical notice is bulk too, but unsubscribing from a topic cannot stop it.
  const headers: Record<string, string> = message.isBulk ? unsubscribeHeaders(config, tenant.slug, message.residentId, message.topicId) : {}
  const html = renderEmailHtml(rendered, {
    tenantName,
    unsubscribeUrl: message.isBulk ? unsubscribeUrl(config, tenant.slug, message.residentId, message.topicId) : undefined,
  })
  const firstId = message.deliveryIds[0] ?? '0'
  return {
    to,
    subject: rendered.subject,
    text: rendered.text,
    html,
    messageId: deliveryMessageId(tenant.id, firstId, mailDomainOf(config.MAIL_FROM, config.publicUrl)),
    headers: message.isCritical ? { ...headers, Priority: 'urgent', Importance: 'high' } : headers,
  }
}

/** Sends each message by SMTP; one outcome per delivery row. */
export async function sendNoticeEmails(messages: OutgoingMessage[], context: EmailSendContext): Promise<DeliveryOutcome[]> {
  const perMessage = await mapLimited(messages, context.concurrency ?? 8, async message => {
    const to = message.addresses[0]?.address
    if (!to) return { status: 'permanent_failure' as const, error: 'no email address' }
    const mail = buildNoticeMail(message, context, to)
    const result = await context.transport.send(mail)
    if (result.status === 'accepted') context.onAccepted?.(message, mail)
    return result.status === 'accepted' ? { status: 'delivered' as const, providerRef: result.messageId } : { status: result.status, error: result.error }
  })
  return messages.flatMap((message, i) => message.deliveryIds.map(id => ({ id, ...(perMessage[i] as Omit<DeliveryOutcome, 'id'>) })))
}
