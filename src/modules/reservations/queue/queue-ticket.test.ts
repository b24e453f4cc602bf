import { describe, expect, it } from 'vitest'
import { queueTicketKey, signTicket, ticketCookieName, verifyTicket, type QueueTicket } from './queue-ticket.js'

const key = queueTicketKey('a-session-secret-of-at-least-32-characters!!')
const ticket: QueueTicket = { resourceId: '0b7f3c1e-5d2a-4c1b-9e3f-1a2b3c4d5e6f', opensAtMs: Date.UTC(2025, 9, 1, 0, 0), number: 42, issuedAtMs: Date.UTC(2025, 9, 1, 0, 0, 5) }

describe('waiting-room tickets', () => {
  it('verifies a ticket it signed and reads back every field', () => {
    expect(verifyTicket(key, signTicket(key, ticket))).toEqual(ticket)
  })

  it('refuses a ticket whose number was moved forward in the line', () => {
    const signed = signTicket(key, ticket)
    const forged = signed.replace('.42.', '.1.')
    expect(forged).not.toBe(signed)
    expect(verifyTicket(key, forged)).toBeUndefined()
  })

  it('refuses a ticket moved to another resource or another opening', () => {
    const signed = signTicket(key, ticket)
    expect(verifyTicket(key, signed.replace(ticket.resourceId, '11111111-2222-4333-8444-555555555555'))).toBeUndefined()
    expect(verifyTicket(key, signed.replace(`.${ticket.opensAtMs}.`, `.${ticket.opensAtMs - 60_000}.`))).toBeUndefined()
  })

  it('refuses a ticket signed with another key (another deployment or a rotated secret)', () => {
    const otherKey = queueTicketKey('another-session-secret-of-at-least-32-chars')
    expect(otherKey).not.toBe(key)
    expect(verifyTicket(key, signTicket(otherKey, ticket))).toBeUndefined()
  })

  it('refuses a spelling of the same numbers that is not the canonical one', () => {
    const signed = signTicket(key, ticket)
    expect(verifyTicket(key, signed.replace('.42.', '.042.'))).toBeUndefined()
  })

  it('refuses malformed values without throwing', () => {
    for (const value of [undefined, '', 'v1', 'v1.a.b.c.d.e', `v2${signTicket(key, ticket).slice(2)}`, 'x'.repeat(500), `${signTicket(key, ticket)}.extra`]) {
      expect(verifyTicket(key, value)).toBeUndefined()
    }
    expect(verifyTicket(key, signTicket(key, { ...ticket, number: 0 }))).toBeUndefined()
  })

  it('derives the ticket key from the session secret instead of using it as it is', () => {
    expect(key).not.toContain('a-session-secret')
    expect(queueTicketKey('a-session-secret-of-at-least-32-characters!!')).toBe(key)
  })

  it('names one cookie per resource with characters a cookie name may hold', () => {
    expect(ticketCookieName(ticket.resourceId)).toBe('yakuba_queue_0b7f3c1e5d2a4c1b9e3f1a2b3c4d5e6f')
  })
})
