import { describe, expect, it } from 'vitest'
import {
  LOAD_TICKET_MAX_AGE_MS,
  admittedThrough,
  beforeOpeningRefreshSeconds,
  burstOf,
  estimatedWaitSeconds,
  isAdmittedNow,
  isTicketAdmitted,
  peopleAhead,
  queueMode,
  queuePhase,
  refreshSeconds,
  type QueueSettings,
} from './queue-rules.js'
import type { QueueTicket } from './queue-ticket.js'

const opensAt = new Date('2025-10-01T00:00:00Z')
const at = (seconds: number) => new Date(opensAt.getTime() + seconds * 1000)
const rush: QueueSettings = { id: '0b7f3c1e-5d2a-4c1b-9e3f-1a2b3c4d5e6f', opensAt, queueMinutes: 30, queueRatePerSecond: 10 }
const ticketOf = (number: number, epoch = opensAt): QueueTicket => ({ resourceId: rush.id, opensAtMs: epoch.getTime(), number, issuedAtMs: epoch.getTime() })

describe('admission arithmetic', () => {
  it('admits a burst of two seconds of the rate at the opening', () => {
    expect(burstOf(10)).toBe(20)
    expect(burstOf(1)).toBe(2)
    expect(admittedThrough(opensAt.getTime(), 10, opensAt.getTime())).toBe(20)
    expect(isTicketAdmitted(20, opensAt.getTime(), 10, opensAt.getTime())).toBe(true)
    expect(isTicketAdmitted(21, opensAt.getTime(), 10, opensAt.getTime())).toBe(false)
  })

  it('admits rate × elapsed seconds more as time passes, counting whole tickets only', () => {
    expect(admittedThrough(opensAt.getTime(), 10, at(1).getTime())).toBe(30)
    expect(admittedThrough(opensAt.getTime(), 10, at(2.55).getTime())).toBe(45)
    expect(admittedThrough(opensAt.getTime(), 3, at(0.5).getTime())).toBe(1 + 6)
  })

  it('counts nothing extra before the opening', () => {
    expect(admittedThrough(opensAt.getTime(), 10, at(-30).getTime())).toBe(20)
  })

  it('tells a waiting ticket how many people are ahead and how long it will wait', () => {
    // ticket 121 at t=5 s: 70 admitted, 50 ahead, admitted at (121 − 20) / 10 = 10.1 s → 6 s to go
    expect(peopleAhead(121, opensAt.getTime(), 10, at(5).getTime())).toBe(50)
    expect(estimatedWaitSeconds(121, opensAt.getTime(), 10, at(5).getTime())).toBe(6)
    expect(estimatedWaitSeconds(121, opensAt.getTime(), 10, at(10.1).getTime())).toBe(0)
    expect(peopleAhead(15, opensAt.getTime(), 10, at(5).getTime())).toBe(0)
  })

  it('refreshes the waiting page soon when the turn is near and at most every 30 seconds', () => {
    expect(refreshSeconds(1)).toBe(3)
    expect(refreshSeconds(12.2)).toBe(13)
    expect(refreshSeconds(600)).toBe(30)
  })

  it('refreshes the 受付開始前 page at the opening plus the jitter, and not at all an hour before', () => {
    expect(beforeOpeningRefreshSeconds(opensAt, at(-10), 2.5)).toBe(13)
    expect(beforeOpeningRefreshSeconds(opensAt, at(-600), 1)).toBe(60)
    expect(beforeOpeningRefreshSeconds(opensAt, at(-4000), 1)).toBeUndefined()
  })
})

describe('when the waiting room applies', () => {
  it('knows the phases of a rush: before the opening, the queued minutes, then open', () => {
    expect(queuePhase(rush, at(-1))).toBe('before-opening')
    expect(queuePhase(rush, at(0))).toBe('rush')
    expect(queuePhase(rush, at(30 * 60 - 1))).toBe('rush')
    expect(queuePhase(rush, at(30 * 60))).toBe('open')
    expect(queuePhase({ ...rush, opensAt: null }, at(0))).toBe('open')
    expect(queuePhase({ ...rush, queueMinutes: 0 }, at(0))).toBe('open')
  })

  it('sends everyone to the 受付開始前 page before a queued opening, but not before an opening without a queue', () => {
    expect(queueMode(rush, at(-60), 0, 200)).toEqual({ kind: 'before-opening', opensAt })
    expect(isAdmittedNow(rush, queueMode(rush, at(-60), 0, 200), ticketOf(1), at(-60))).toBe(false)
    expect(queueMode({ ...rush, queueMinutes: 0 }, at(-60), 0, 200)).toEqual({ kind: 'none' })
  })

  it('during the rush admits only current tickets whose turn has come', () => {
    const mode = queueMode(rush, at(1), 0, 200)
    expect(mode).toEqual({ kind: 'rush', opensAtMs: opensAt.getTime() })
    expect(isAdmittedNow(rush, mode, undefined, at(1))).toBe(false)
    expect(isAdmittedNow(rush, mode, ticketOf(30), at(1))).toBe(true)
    expect(isAdmittedNow(rush, mode, ticketOf(31), at(1))).toBe(false)
    // a ticket of an earlier opening, or of another resource, is not one of this line
    expect(isAdmittedNow(rush, mode, ticketOf(1, new Date(opensAt.getTime() - 86_400_000)), at(1))).toBe(false)
    expect(isAdmittedNow(rush, mode, { ...ticketOf(1), resourceId: '11111111-2222-4333-8444-555555555555' }, at(1))).toBe(false)
  })

  it('lets everyone through outside a rush while the load is under the threshold', () => {
    expect(queueMode(rush, at(3600), 200, 200)).toEqual({ kind: 'none' })
    expect(isAdmittedNow(rush, { kind: 'none' }, undefined, at(3600))).toBe(true)
  })

  it('queues on load above the threshold and honours tickets of a recent load episode only', () => {
    const now = at(7200)
    const mode = queueMode(rush, now, 201, 200)
    expect(mode).toEqual({ kind: 'load' })
    expect(isAdmittedNow(rush, mode, undefined, now)).toBe(false)
    const episode = new Date(now.getTime() - 10_000)
    expect(isAdmittedNow(rush, mode, ticketOf(100, episode), now)).toBe(true)
    expect(isAdmittedNow(rush, mode, ticketOf(121, episode), now)).toBe(false)
    const stale = new Date(now.getTime() - LOAD_TICKET_MAX_AGE_MS - 1)
    expect(isAdmittedNow(rush, mode, ticketOf(1, stale), now)).toBe(false)
  })
})
