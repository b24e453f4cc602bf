import type { Config } from '../../../platform/config.js'
import { checkSmsText, type SmsClient } from '../channels/sms/sms-client.js'
import { sendWebPush, type PushFetch } from '../channels/push/push-sender.js'
import type { DeliveryOutcome } from './delivery-claims.js'
import type { OutgoingMessage } from './delivery-render.js'

/** SMS and web push sending through the residents area's adapters; one outcome per delivery row. */

export async function mapLimited<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length)
  let next = 0
  const workers = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    for (let i = next++; i < items.length; i = next++) results[i] = await fn(items[i] as T)
  })
  await Promise.all(workers)
  return results
}

function spread(messages: OutgoingMessage[], perMessage: Omit<DeliveryOutcome, 'id'>[]): DeliveryOutcome[] {
  return messages.flatMap((message, i) => message.deliveryIds.map(id => ({ id, ...(perMessage[i] as Omit<DeliveryOutcome, 'id'>) })))
}

/** The provider's Idempotency-Key: one per delivery row, so a re-send is never a second SMS. */
export function smsIdempotencyKey(tenantId: string, deliveryId: string): string {
  return `delivery-${tenantId}-${deliveryId}`
}

export async function sendSmsMessages(tenantId: string, messages: OutgoingMessage[], client: SmsClient | undefined, concurrency = 4): Promise<DeliveryOutcome[]> {
  const perMessage = await mapLimited(messages, concurrency, async (message): Promise<Omit<DeliveryOutcome, 'id'>> => {
    if (!client) return { status: 'permanent_failure', error: 'no SMS provider is configured' }
    const to = message.addresses[0]?.address ?? ''
    const text = message.rendered.sms
    const check = checkSmsText(text)
    if (!check.ok) return { status: 'permanent_failure', error: `the SMS text cannot be sent: ${check.reasons.join(', ')}` }
    const result = await client.sendSms(to, text, smsIdempotencyKey(tenantId, message.deliveryIds[0] ?? '0'))
    if (result.status === 'accepted') return { status: 'delivered', providerRef: result.messageId }
    return { status: result.status, error: result.error }
  })
  return spread(messages, perMessage)
}

export interface PushSendResult {
  outcomes: DeliveryOutcome[]
  /** resident_channels ids of subscriptions the push service says no longer exist */
  goneChannelIds: string[]
}

/**
 * One delivery reaches every browser the resident subscribed: it counts as delivered when any
 * push service accepted it (the others are not tried again, which would repeat it on the
 * accepting device); gone subscriptions are reported for removal.
 */
export async function sendPushMessages(config: Config, messages: OutgoingMessage[], fetchFor: (endpoint: string) => PushFetch | undefined, concurrency = 8): Promise<PushSendResult> {
  const goneChannelIds: string[] = []
  const perMessage = await mapLimited(messages, concurrency, async (message): Promise<Omit<DeliveryOutcome, 'id'>> => {
    const results = await Promise.all(
      message.addresses.map(async address => {
        const fetch = fetchFor(address.address)
        const outcome = await sendWebPush(
          config,
          { endpoint: address.address, keys: { p256dh: address.details.p256dh ?? '', auth: address.details.auth ?? '' } },
          { title: message.rendered.subject, body: message.rendered.push, url: message.rendered.linkUrl ?? config.publicUrl },
          { topic: `n-${message.noticeId}`, urgency: message.isCritical ? 'high' : 'normal', ...(fetch ? { fetch } : {}) },
        )
        if (outcome.status === 'gone' && address.channelId) goneChannelIds.push(address.channelId)
        return outcome
      }),
    )
    if (results.some(r => r.status === 'accepted')) return { status: 'delivered' }
    const temporary = results.find(r => r.status === 'temporary_failure')
    if (temporary) return { status: 'temporary_failure', error: temporary.error }
    const reason = results.find(r => r.status === 'permanent_failure')?.error ?? 'every push subscription is gone'
    return { status: 'permanent_failure', error: reason }
  })
  return { outcomes: spread(messages, perMessage), goneChannelIds }
}
