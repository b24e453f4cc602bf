import { withTenant } from '../../../../platform/db/tenant-context.js'
import type { Platform } from '../../../../platform/platform.js'
import type { TenantContext } from '../../../../platform/tenancy/tenant-service.js'
import type { LineMessage } from './line-client.js'
import { findLineCredentials } from './line-credentials.js'
import { lineBadSignature, lineMalformedWebhook, lineNotConfigured } from './line-errors.js'
import { LINE_USER_ID } from './line-login.js'
import { chooseReplyLocale, classifyLinePostback, classifyLineText, composeLineReply, composeLineWelcome, type ReplyPlace } from './line-replies.js'
import {
  findResidentLanguage,
  findResidentOfLineUser,
  recordLineFollow,
  recordLineWebhookEvent,
  removeLineChannelsOfLineUser,
  restoreLineChannelAfterFollow,
} from './line-repository.js'
import { createTenantLineClient } from './line-transport.js'
import { parseLineWebhook, selectUnseenLineEvents, type LineEvent, type LineWebhookHeaders } from './line-webhook.js'

/**
 * Handles one webhook delivery for a municipality: signature first (nothing unsigned is read),
 * then every event once — its webhookEventId is recorded in the same transaction as what the
 * event changes, so a redelivery changes nothing — and the answers go out after the commit,
 * after LINE has had its 200 (LINE wants the webhook answered quickly).
 */

/** Why a LINE channel was removed when its user blocked the official account. */
export const LINE_UNFOLLOW_REASON = 'line-unfollow'

interface PendingReply {
  replyToken: string
  messages: LineMessage[]
}

export interface WebhookOutcome {
  events: number
  handled: number
  duplicates: number
  /** Sends the answers; the route starts it after replying 200. */
  sendReplies(): Promise<void>
}

const inFlight = new WeakMap<Platform, Set<Promise<void>>>()

/** Waits until every answer started so far has been sent (tests, the dev viewer). */
export async function settleLineReplies(platform: Platform): Promise<void> {
  const pending = inFlight.get(platform)
  while (pending && pending.size > 0) await Promise.allSettled([...pending])
}

/** Runs the answers in the background, tracked so they can be awaited and never reject unobserved. */
export function startLineReplies(platform: Platform, outcome: WebhookOutcome): void {
  let pending = inFlight.get(platform)
  if (!pending) inFlight.set(platform, (pending = new Set()))
  const set = pending
  const work = outcome.sendReplies().catch(error => platform.logger.warn({ err: { message: (error as Error).message } }, 'LINE replies failed'))
  set.add(work)
  void work.finally(() => set.delete(work))
}

function replyPlace(platform: Platform, tenant: TenantContext): ReplyPlace {
  return { publicUrl: platform.config.publicUrl, slug: tenant.slug, municipality: tenant.name, municipalityEn: tenant.nameEn, contact: tenant.settings.contact.phone || undefined }
}

/** The LINE user an event is about, when it is a one-to-one chat with a real user id. */
function userOf(event: LineEvent): string | undefined {
  const userId = event.source?.type === 'user' ? event.source.userId : undefined
  return userId && LINE_USER_ID.test(userId) ? userId : undefined
}

export async function receiveLineWebhook(platform: Platform, tenant: TenantContext, rawBody: Buffer, headers: LineWebhookHeaders): Promise<WebhookOutcome> {
  const { db } = platform.database
  const credentials = await withTenant(db, tenant.id, trx => findLineCredentials(trx, platform.config, tenant.id))
  if (!credentials) throw lineNotConfigured()
  const parsed = parseLineWebhook(rawBody, headers, credentials.channelSecret)
  if (!parsed.ok) throw parsed.reason === 'bad-signature' ? lineBadSignature() : lineMalformedWebhook()

  const events = selectUnseenLineEvents(parsed.events, new Set())
  const place = replyPlace(platform, tenant)
  const replies: PendingReply[] = []
  let handled = 0
  await withTenant(db, tenant.id, async trx => {
    const now = new Date()
    for (const event of events) {
      if (!(await recordLineWebhookEvent(trx, tenant.id, event.webhookEventId, event.type === 'unknown' ? event.originalType : event.type))) continue
      handled++
      const userId = userOf(event)
      // Standby mode (another channel answers this chat) and group chats: note nothing, answer nothing.
      if (!userId || event.mode !== 'active') continue
      const residentId = await findResidentOfLineUser(trx, tenant.id, userId)
      const locale = async (text?: string) =>
        chooseReplyLocale({ residentLanguage: residentId ? await findResidentLanguage(trx, tenant.id, residentId) : undefined, text, tenantLanguages: tenant.settings.languages })
      switch (event.type) {
        case 'follow': {
          await recordLineFollow(trx, tenant.id, userId, true, now)
          if (residentId) await restoreLineChannelAfterFollow(trx, tenant.id, residentId, userId, LINE_UNFOLLOW_REASON, now)
          replies.push({ replyToken: event.replyToken, messages: composeLineWelcome(residentId !== undefined, await locale(), place) })
          break
        }
        case 'unfollow':
          // A blocked account receives nothing: the resident's LINE channel is removed at once.
          await recordLineFollow(trx, tenant.id, userId, false, now)
          await removeLineChannelsOfLineUser(trx, tenant.id, userId, LINE_UNFOLLOW_REASON, now)
          break
        case 'message':
          if (event.message.type === 'text' && event.replyToken)
            replies.push({ replyToken: event.replyToken, messages: composeLineReply(classifyLineText(event.message.text), await locale(event.message.text), place) })
          break
        case 'postback': {
          const topic = classifyLinePostback(event.postback.data)
          if (topic && event.replyToken) replies.push({ replyToken: event.replyToken, messages: composeLineReply(topic, await locale(), place) })
          break
        }
        case 'unknown':
          break
      }
    }
  })

  return {
    events: parsed.events.length,
    handled,
    duplicates: parsed.events.length - handled,
    async sendReplies() {
      if (replies.length === 0) return
      // A reply token is short-lived and single-use: few quick attempts, then let it go.
      const client = createTenantLineClient(platform, credentials, { maxAttempts: 2, backoffMs: 300, timeoutMs: 5000 })
      for (const reply of replies) {
        const outcome = await client.replyMessage(reply.replyToken, reply.messages)
        if (outcome.status !== 'accepted') platform.logger.warn({ tenantId: tenant.id, requestId: outcome.requestId, error: outcome.error }, 'LINE reply not accepted')
      }
    },
  }
}
