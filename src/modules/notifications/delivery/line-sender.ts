import { createHash } from 'node:crypto'
import { LINE_MULTICAST_MAX_RECIPIENTS, type LineClient, type LineMessage, type LineSendOutcome } from '../channels/line/line-client.js'
import type { DeliveryOutcome } from './delivery-claims.js'
import { NO_ADDRESS_ERROR, type OutgoingMessage } from './delivery-render.js'

/**
 * LINE sending: messages with the same content go out together as multicasts of at most 500
 * recipients; a lone recipient (a transactional notice, a digest) by push.
 *
 * A row whose resident removed LINE since it was claimed stays in the plan (it keeps the
 * requests and their keys as they were) and fails without being sent.
 *
 * Exactly once: each request's `X-Line-Retry-Key` derives from the delivery rows it carries (the
 * tenant and the sorted row ids). A batch sent again after a crash, a timeout or a stale claim is
 * split into the same requests — rows are grouped by content and ordered by id, and a batch's
 * outcomes are recorded together — so LINE sees the same keys and answers 409 for what it had
 * already accepted instead of sending twice.
 */
export interface LineChunk {
  messages: OutgoingMessage[]
  retryKey: string
}

export function planLineChunks(tenantId: string, messages: OutgoingMessage[]): LineChunk[] {
  const groups = new Map<string, OutgoingMessage[]>()
  for (const message of messages) {
    const list = groups.get(message.contentKey) ?? []
    list.push(message)
    groups.set(message.contentKey, list)
  }
  const chunks: LineChunk[] = []
  for (const group of groups.values()) {
    group.sort((a, b) => Number(a.deliveryIds[0]) - Number(b.deliveryIds[0]))
    for (let start = 0; start < group.length; start += LINE_MULTICAST_MAX_RECIPIENTS) {
      const part = group.slice(start, start + LINE_MULTICAST_MAX_RECIPIENTS)
      const ids = part.flatMap(m => m.deliveryIds)
      chunks.push({ messages: part, retryKey: createHash('sha256').update(`${tenantId}\n${ids.join(',')}`).digest('hex') })
    }
  }
  return chunks
}

/** A timeout or a dropped connection: LINE may have accepted the request. */
function isUncertain(outcome: LineSendOutcome): boolean {
  return outcome.status === 'temporary_failure' && /timed out|unreachable/.test(outcome.error ?? '')
}

function toOutcome(outcome: LineSendOutcome): Omit<DeliveryOutcome, 'id'> {
  switch (outcome.status) {
    case 'accepted':
      return { status: 'delivered', providerRef: outcome.requestId }
    case 'temporary_failure':
      return { status: isUncertain(outcome) ? 'uncertain' : 'temporary_failure', error: outcome.error }
    case 'permanent_failure':
      return { status: 'permanent_failure', error: outcome.error }
  }
}

export async function sendLineMessages(tenantId: string, messages: OutgoingMessage[], client: LineClient, concurrency = 4): Promise<DeliveryOutcome[]> {
  const chunks = planLineChunks(tenantId, messages)
  const outcomes: DeliveryOutcome[] = []
  let next = 0
  const workers = Array.from({ length: Math.max(1, Math.min(concurrency, chunks.length)) }, async () => {
    for (let i = next++; i < chunks.length; i = next++) {
      const chunk = chunks[i] as LineChunk
      const lineMessages = (chunk.messages[0]?.rendered.line ?? []) as LineMessage[]
      const reachable = chunk.messages.filter(m => m.addresses[0])
      for (const message of chunk.messages)
        if (!message.addresses[0]) for (const id of message.deliveryIds) outcomes.push({ id, status: 'permanent_failure', error: NO_ADDRESS_ERROR('line') })
      if (reachable.length === 0) continue
      const to = reachable.map(m => m.addresses[0]?.address ?? '')
      let result: LineSendOutcome
      if (chunk.messages.length === 1) result = await client.pushMessage(to[0] ?? '', lineMessages, chunk.retryKey)
      else result = (await client.multicast(to, lineMessages, chunk.retryKey))[0] as LineSendOutcome
      const mapped = toOutcome(result)
      for (const message of reachable) for (const id of message.deliveryIds) outcomes.push({ id, ...mapped })
    }
  })
  await Promise.all(workers)
  return outcomes
}
