import { describe, expect, it } from 'vitest'
import type { OutgoingMessage } from './delivery-render.js'
import { planLineChunks, sendLineMessages } from './line-sender.js'
import { redactAddresses } from './delivery-claims.js'

function message(id: number, contentKey: string): OutgoingMessage {
  return {
    deliveryIds: [String(id)],
    residentId: `r${id}`,
    channel: 'line',
    addresses: [{ address: `U${id.toString(16).padStart(32, '0')}`, details: {}, channelId: null }],
    rendered: { language: 'ja', subject: 's', body: 'b', text: 'b', sms: 's', push: 's', line: [{ type: 'text', text: contentKey }] },
    contentKey,
    noticeId: 'n',
    topicId: null,
    isCritical: false,
    isBulk: true,
    isDigest: false,
  }
}

describe('LINE batches', () => {
  it('groups recipients by content into multicasts of at most 500', () => {
    const messages = [...Array.from({ length: 1100 }, (_, i) => message(i + 1, 'ja')), ...Array.from({ length: 3 }, (_, i) => message(5000 + i, 'en'))]
    const chunks = planLineChunks('tenant', messages)
    expect(chunks.map(c => c.messages.length)).toEqual([500, 500, 100, 3])
    expect(new Set(chunks.flatMap(c => c.messages.map(m => m.residentId))).size).toBe(1103)
  })

  it('derives the same retry keys when the same rows are sent again in another order', () => {
    const rows = Array.from({ length: 600 }, (_, i) => message(i + 1, 'ja'))
    const first = planLineChunks('tenant', rows).map(c => c.retryKey)
    const again = planLineChunks('tenant', [...rows].reverse()).map(c => c.retryKey)
    expect(again).toEqual(first)
    expect(new Set(first).size).toBe(2)
  })

  it('keeps the keys when a resident removed LINE between the claim and a re-send, and skips that resident', async () => {
    const rows = Array.from({ length: 3 }, (_, i) => message(i + 1, 'ja'))
    const [original] = planLineChunks('tenant', rows)
    const withoutSecond = rows.map((m, i) => (i === 1 ? { ...m, addresses: [] } : m))
    const [again] = planLineChunks('tenant', withoutSecond)
    expect(again?.retryKey).toBe(original?.retryKey)
    const sent: { to: string[]; retryKey: string }[] = []
    const client = {
      pushMessage: () => Promise.reject(new Error('not expected')),
      multicast: (to: string[], _messages: unknown, retryKey: string) => {
        sent.push({ to, retryKey })
        return Promise.resolve([{ status: 'accepted' as const, retryKey, recipients: to, requestId: 'r1' }])
      },
    }
    const outcomes = await sendLineMessages('tenant', withoutSecond, client as never)
    expect(sent).toEqual([{ to: [rows[0]?.addresses[0]?.address, rows[2]?.addresses[0]?.address], retryKey: original?.retryKey }])
    expect(outcomes.find(o => o.id === '2')).toMatchObject({ status: 'permanent_failure' })
    expect(outcomes.filter(o => o.status === 'delivered').map(o => o.id).sort()).toEqual(['1', '3'])
  })

  it('derives different keys for different rows or tenants', () => {
    const [a] = planLineChunks('tenant', [message(1, 'ja'), message(2, 'ja')])
    const [b] = planLineChunks('tenant', [message(1, 'ja'), message(3, 'ja')])
    const [c] = planLineChunks('other', [message(1, 'ja'), message(2, 'ja')])
    expect(a?.retryKey).not.toBe(b?.retryKey)
    expect(a?.retryKey).not.toBe(c?.retryKey)
  })
})

describe('stored errors', () => {
  it('keep addresses, LINE user ids and phone numbers out', () => {
    expect(redactAddresses('550 5.1.1 <taro@example.jp>: mailbox unavailable')).toBe('550 5.1.1 <<address>>: mailbox unavailable')
    expect(redactAddresses('LINE 400: invalid to U0123456789abcdef0123456789abcdef')).toBe('LINE 400: invalid to <line-user>')
    expect(redactAddresses('invalid_number +819012345678')).toBe('invalid_number <number>')
  })
})
