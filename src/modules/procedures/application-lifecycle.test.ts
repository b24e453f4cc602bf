import { describe, expect, it } from 'vitest'
import { allowedFrom, canTransition, FINAL_STATUSES, OPEN_STATUSES, statusAfter, type ApplicationAction } from './application-lifecycle.js'
import type { ApplicationStatus } from './procedure-tables.js'

const STATUSES: ApplicationStatus[] = ['draft', 'submitted', 'in_review', 'correction_requested', 'pending_approval', 'approved', 'rejected', 'withdrawn']
const ACTIONS: ApplicationAction[] = ['save-draft', 'submit', 'withdraw', 'claim', 'assign', 'request-correction', 'resubmit', 'propose-decision', 'approve-step', 'return-step', 'decide']

const allowed = (action: ApplicationAction) => STATUSES.filter(status => canTransition(action, status))

describe('canTransition', () => {
  it('submits only a draft', () => {
    expect(allowed('submit')).toEqual(['draft'])
  })

  it('lets a resident withdraw only before processing starts or instead of answering a correction request', () => {
    expect(allowed('withdraw')).toEqual(['submitted', 'correction_requested'])
  })

  it('refuses to withdraw an application under review, awaiting approval or decided', () => {
    for (const status of ['draft', 'in_review', 'pending_approval', 'approved', 'rejected', 'withdrawn'] as const) {
      expect(canTransition('withdraw', status)).toBe(false)
    }
  })

  it('decides from submitted, in review or pending approval, and from nothing else', () => {
    expect(allowed('decide')).toEqual(['submitted', 'in_review', 'pending_approval'])
  })

  it('moves approval steps only while approval is pending', () => {
    expect(allowed('approve-step')).toEqual(['pending_approval'])
    expect(allowed('return-step')).toEqual(['pending_approval'])
  })

  it('resubmits only after a correction was requested', () => {
    expect(allowed('resubmit')).toEqual(['correction_requested'])
    expect(allowed('request-correction')).toEqual(['submitted', 'in_review'])
  })

  it('saves a draft only while it is a draft', () => {
    expect(allowed('save-draft')).toEqual(['draft'])
  })

  it('never moves an application out of a final status', () => {
    for (const action of ACTIONS) for (const status of FINAL_STATUSES) expect(canTransition(action, status), `${action} from ${status}`).toBe(false)
  })

  it('lists the same statuses in allowedFrom', () => {
    for (const action of ACTIONS) expect([...allowedFrom(action)].sort()).toEqual(allowed(action).sort())
  })

  it('keeps open and final statuses apart and covers every status but draft', () => {
    expect(OPEN_STATUSES.filter(s => FINAL_STATUSES.includes(s))).toEqual([])
    expect([...OPEN_STATUSES, ...FINAL_STATUSES].sort()).toEqual(STATUSES.filter(s => s !== 'draft').sort())
  })
})

describe('statusAfter', () => {
  it.each([
    ['submit', 'draft', 'submitted'],
    ['withdraw', 'submitted', 'withdrawn'],
    ['withdraw', 'correction_requested', 'withdrawn'],
    ['claim', 'submitted', 'in_review'],
    ['request-correction', 'in_review', 'correction_requested'],
    ['resubmit', 'correction_requested', 'submitted'],
    ['propose-decision', 'in_review', 'pending_approval'],
    ['return-step', 'pending_approval', 'in_review'],
  ] as const)('%s from %s leads to %s', (action, from, to) => {
    expect(statusAfter(action, from)).toBe(to)
  })

  it('keeps the status on assign and on an approval step that is not the last', () => {
    expect(statusAfter('assign', 'correction_requested')).toBe('correction_requested')
    expect(statusAfter('approve-step', 'pending_approval')).toBe('pending_approval')
  })

  it('resolves decide to the decision taken', () => {
    expect(statusAfter('decide', 'pending_approval', 'approved')).toBe('approved')
    expect(statusAfter('decide', 'in_review', 'rejected')).toBe('rejected')
  })

  it('refuses decide without a decision', () => {
    expect(() => statusAfter('decide', 'in_review')).toThrow('decide needs a decision')
  })
})
