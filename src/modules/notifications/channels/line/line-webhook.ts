import { z } from 'zod'
import { LINE_SIGNATURE_HEADER, verifyLineSignature } from './line-signature.js'

/**
 * Parsing of LINE Messaging API webhooks (shapes from LINE's `webhook.yml`, summarised in
 * ../shared/standards/line-webhook.md §2). We model the events the notifications hub acts on —
 * follow, unfollow, message (text), postback — and keep every other event type as
 * `{ type: 'unknown' }` so a new LINE event never makes us reject a whole delivery (LINE would
 * then redeliver it again and again). Non-text messages stay message events with an
 * `unsupported` content.
 */

export const LineSourceSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('user'), userId: z.string().min(1).max(100) }),
  z.object({ type: z.literal('group'), groupId: z.string().min(1).max(100), userId: z.string().min(1).max(100).optional() }),
  z.object({ type: z.literal('room'), roomId: z.string().min(1).max(100), userId: z.string().min(1).max(100).optional() }),
])
export type LineSource = z.infer<typeof LineSourceSchema>

/** Fields every LINE event carries. */
const EventBaseSchema = z.object({
  type: z.string().min(1).max(100),
  timestamp: z.number().int().nonnegative(),
  mode: z.enum(['active', 'standby']),
  /** ULID; the same event redelivered keeps its id, which is what replay protection keys on. */
  webhookEventId: z.string().min(1).max(100),
  deliveryContext: z.object({ isRedelivery: z.boolean() }),
  source: LineSourceSchema.optional(),
})

const ReplyToken = z.string().min(1).max(200)

export const LineFollowEventSchema = EventBaseSchema.extend({
  type: z.literal('follow'),
  replyToken: ReplyToken,
  /** isUnblocked: the user unblocked the account rather than adding it for the first time. */
  follow: z.object({ isUnblocked: z.boolean() }),
})

export const LineUnfollowEventSchema = EventBaseSchema.extend({ type: z.literal('unfollow') })

export const LineTextMessageEventSchema = EventBaseSchema.extend({
  type: z.literal('message'),
  replyToken: ReplyToken.optional(),
  message: z.object({
    type: z.literal('text'),
    id: z.string().min(1).max(100),
    text: z.string().max(10_000),
    quoteToken: z.string().min(1).max(500),
  }),
})

/** A message of a type we do not act on yet (image, location, sticker…): kept, not rejected. */
export const LineOtherMessageEventSchema = EventBaseSchema.extend({
  type: z.literal('message'),
  replyToken: ReplyToken.optional(),
  message: z.object({ type: z.string().min(1).max(100), id: z.string().min(1).max(100) }),
}).transform(event => ({ ...event, message: { type: 'unsupported' as const, messageType: event.message.type, id: event.message.id } }))

export const LinePostbackEventSchema = EventBaseSchema.extend({
  type: z.literal('postback'),
  replyToken: ReplyToken.optional(),
  postback: z.object({
    data: z.string().max(1000),
    /** date / time / datetime from a datetime picker, or rich-menu switch details. */
    params: z.record(z.string(), z.string()).optional(),
  }),
})

/** Any other event type (join, unsend, beacon, membership…): only the common fields survive. */
export const LineUnknownEventSchema = EventBaseSchema.transform(event => ({ ...event, type: 'unknown' as const, originalType: event.type }))

export type LineFollowEvent = z.infer<typeof LineFollowEventSchema>
export type LineUnfollowEvent = z.infer<typeof LineUnfollowEventSchema>
export type LineTextMessageEvent = z.infer<typeof LineTextMessageEventSchema>
export type LineOtherMessageEvent = z.output<typeof LineOtherMessageEventSchema>
export type LinePostbackEvent = z.infer<typeof LinePostbackEventSchema>
export type LineUnknownEvent = z.output<typeof LineUnknownEventSchema>
export type LineMessageEvent = LineTextMessageEvent | LineOtherMessageEvent
export type LineEvent = LineFollowEvent | LineUnfollowEvent | LineMessageEvent | LinePostbackEvent | LineUnknownEvent

export const LineWebhookBodySchema = z.object({
  /** The bot's user id: which of our channels this delivery is for. */
  destination: z.string().min(1).max(100),
  events: z.array(z.unknown()).max(1000),
})

/** Picks the schema by the event's `type` (and the message's), so one odd event cannot match another's schema. */
function schemaFor(raw: unknown): z.ZodType<LineEvent> {
  const record = (raw ?? {}) as { type?: unknown; message?: { type?: unknown } }
  switch (record.type) {
    case 'follow':
      return LineFollowEventSchema
    case 'unfollow':
      return LineUnfollowEventSchema
    case 'message':
      return record.message?.type === 'text' ? LineTextMessageEventSchema : LineOtherMessageEventSchema
    case 'postback':
      return LinePostbackEventSchema
    default:
      return LineUnknownEventSchema
  }
}

export type LineWebhookHeaders = Record<string, string | string[] | undefined>

export type ParseLineWebhookResult =
  | { ok: true; destination: string; events: LineEvent[] }
  | { ok: false; reason: 'bad-signature' | 'malformed' }

function headerValue(headers: LineWebhookHeaders, name: string): string | string[] | undefined {
  // Node lower-cases incoming header names, but callers may pass a hand-built object.
  const key = Object.keys(headers).find(k => k.toLowerCase() === name)
  return key === undefined ? undefined : headers[key]
}

/**
 * Verifies the signature over the raw body first (nothing unsigned is even parsed), then
 * validates the body. The console's "Verify" button sends `events: []`, which is a valid,
 * empty delivery. The route should answer 401 for bad-signature, 400 for malformed, and 200
 * quickly otherwise.
 */
export function parseLineWebhook(rawBody: Buffer, headers: LineWebhookHeaders, channelSecret: string): ParseLineWebhookResult {
  if (!verifyLineSignature(channelSecret, rawBody, headerValue(headers, LINE_SIGNATURE_HEADER))) return { ok: false, reason: 'bad-signature' }
  let json: unknown
  try {
    json = JSON.parse(rawBody.toString('utf8'))
  } catch {
    return { ok: false, reason: 'malformed' }
  }
  const body = LineWebhookBodySchema.safeParse(json)
  if (!body.success) return { ok: false, reason: 'malformed' }
  const events: LineEvent[] = []
  for (const raw of body.data.events) {
    const event = schemaFor(raw).safeParse(raw)
    if (!event.success) return { ok: false, reason: 'malformed' }
    events.push(event.data)
  }
  return { ok: true, destination: body.data.destination, events }
}

/**
 * Replay protection: the events not seen before, in order, each `webhookEventId` once (LINE
 * redelivers with the same id, and a body may in principle repeat one). `seenIds` is what the
 * caller has already processed; across deliveries and restarts, line-webhook-service.ts records
 * each id in line_webhook_events in the same transaction as the event's effects.
 */
export function selectUnseenLineEvents<E extends { webhookEventId: string }>(events: readonly E[], seenIds: ReadonlySet<string>): E[] {
  const taken = new Set<string>()
  return events.filter(event => {
    if (seenIds.has(event.webhookEventId) || taken.has(event.webhookEventId)) return false
    taken.add(event.webhookEventId)
    return true
  })
}
