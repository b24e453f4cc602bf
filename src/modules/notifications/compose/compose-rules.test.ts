import { describe, expect, it } from 'vitest'
import {
  approvalReasons,
  approvalRefusal,
  formatJapanDateTimeInput,
  isAcceptableLinkUrl,
  parseJapanDateTime,
  scheduledTimeProblem,
  scheduleProblem,
  sendOutcome,
} from './compose-rules.js'

describe('approval of a send', () => {
  const base = { recipients: 10, threshold: 1000, priority: 'normal' as const, senderMayApprove: false }

  it('lets a normal send at or under the threshold go without approval', () => {
    expect(approvalReasons(base)).toEqual([])
    expect(approvalReasons({ ...base, recipients: 1000 })).toEqual([])
  })

  it('needs approval when the recipients exceed the threshold, even from a supervisor', () => {
    expect(approvalReasons({ ...base, recipients: 1001 })).toEqual(['over-threshold'])
    expect(approvalReasons({ ...base, recipients: 1001, senderMayApprove: true })).toEqual(['over-threshold'])
  })

  it('treats a threshold of zero as approval for every send that reaches anyone', () => {
    expect(approvalReasons({ ...base, recipients: 1, threshold: 0 })).toEqual(['over-threshold'])
    expect(approvalReasons({ ...base, recipients: 0, threshold: 0 })).toEqual([])
  })

  it('needs approval for a critical notice unless its sender may approve', () => {
    expect(approvalReasons({ ...base, priority: 'critical' })).toEqual(['critical'])
    expect(approvalReasons({ ...base, priority: 'critical', senderMayApprove: true })).toEqual([])
    expect(approvalReasons({ ...base, priority: 'critical', recipients: 5000 })).toEqual(['over-threshold', 'critical'])
  })
})

describe('who may decide a pending notice', () => {
  const base = { deciderId: 'supervisor', composerId: 'clerk', status: 'pending_approval' as const, deciderMayApprove: true }

  it('lets another staff member with approval authority decide', () => {
    expect(approvalRefusal(base)).toBeUndefined()
  })

  it('never lets the composer decide their own notice (four-eyes)', () => {
    expect(approvalRefusal({ ...base, deciderId: 'clerk' })).toBe('own-notice')
  })

  it('refuses staff without approval authority', () => {
    expect(approvalRefusal({ ...base, deciderMayApprove: false })).toBe('no-authority')
  })

  it('refuses a notice that is no longer waiting for approval', () => {
    expect(approvalRefusal({ ...base, status: 'sending' })).toBe('not-pending')
    expect(approvalRefusal({ ...base, status: 'rejected' })).toBe('not-pending')
  })

  it('lets a module notice without a composer be decided by any approver', () => {
    expect(approvalRefusal({ ...base, composerId: null })).toBeUndefined()
  })
})

describe('what a send does', () => {
  const now = new Date('2026-04-01T00:00:00Z')
  it('waits for approval first, then for its time, else goes now', () => {
    expect(sendOutcome({ needsApproval: true, scheduledAt: null, now })).toBe('pending_approval')
    expect(sendOutcome({ needsApproval: false, scheduledAt: new Date('2026-04-02T00:00:00Z'), now })).toBe('scheduled')
    expect(sendOutcome({ needsApproval: false, scheduledAt: null, now })).toBe('send-now')
  })

  it('sends at once when an approval comes after the scheduled time', () => {
    expect(sendOutcome({ needsApproval: false, scheduledAt: new Date('2026-03-31T23:00:00Z'), now })).toBe('send-now')
  })
})

describe('scheduled times', () => {
  const now = new Date('2026-04-01T03:00:00Z') // 12:00 in Tokyo

  it('reads a datetime-local value as Japan time', () => {
    expect(parseJapanDateTime('2026-04-01T12:30')?.toISOString()).toBe('2026-04-01T03:30:00.000Z')
    expect(parseJapanDateTime('2026-04-02T08:00:00')?.toISOString()).toBe('2026-04-01T23:00:00.000Z')
    expect(formatJapanDateTimeInput(new Date('2026-04-01T03:30:00Z'))).toBe('2026-04-01T12:30')
  })

  it('refuses dates and times that do not exist', () => {
    expect(parseJapanDateTime('2026-02-30T10:00')).toBeUndefined()
    expect(parseJapanDateTime('2026-04-01T24:00')).toBeUndefined()
    expect(parseJapanDateTime('明日の朝')).toBeUndefined()
    expect(scheduleProblem('', now)).toBe('invalid')
  })

  it('accepts a time in the future up to one year ahead', () => {
    expect(scheduleProblem('2026-04-01T12:01', now)).toBeUndefined()
    expect(scheduleProblem('2027-04-01T12:00', now)).toBeUndefined()
  })

  it('refuses a time in the past or now', () => {
    expect(scheduleProblem('2026-04-01T12:00', now)).toBe('past')
    expect(scheduleProblem('2026-03-31T18:00', now)).toBe('past')
  })

  it('refuses a time more than a year ahead', () => {
    expect(scheduleProblem('2027-04-01T12:01', now)).toBe('too-far')
    expect(scheduledTimeProblem(new Date('2030-01-01T00:00:00Z'), now)).toBe('too-far')
  })
})

describe('notice links', () => {
  it('accepts paths on this site and https URLs', () => {
    expect(isAcceptableLinkUrl('/demo/garbage')).toBe(true)
    expect(isAcceptableLinkUrl('https://www.city.example.lg.jp/bosai/?a=1')).toBe(true)
  })

  it('refuses other schemes, protocol-relative links and spaces', () => {
    for (const bad of ['javascript:alert(1)', 'http://example.jp/', '//evil.example/', 'data:text/html,x', 'https://user:pw@example.jp/', '/a b', 'example.jp', '/\\evil']) {
      expect(isAcceptableLinkUrl(bad), bad).toBe(false)
    }
  })
})
