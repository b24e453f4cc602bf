import { describe, expect, it } from 'vitest'
import { approvalRefusal, checkContacts, checkModeSwitch, isProposalEditable, issueDecision, lineMenuFor, proposalKind, stateAfterIssue } from './alert-rules.js'
import type { AlertProposal } from './alert-tables.js'

const proposal = (over: Partial<AlertProposal> = {}): AlertProposal => ({
  msgType: 'Alert',
  level: 4,
  hazards: ['flood'],
  districtIds: ['d1'],
  texts: { ja: { headline: 'h', description: 'd', instruction: '' }, 'ja-easy': { headline: 'h', description: 'd', instruction: '' }, en: { headline: 'h', description: 'd', instruction: '' } },
  requestedBy: 'staff-a',
  requestedAt: '2026-11-23T00:00:00.000Z',
  awaitingApproval: false,
  ...over,
})

describe('evacuation information rules', () => {
  it('a draft proposes the first 発令; an alert in force an update or a cancellation; nothing after 解除', () => {
    expect(proposalKind('draft', false)).toBe('Alert')
    expect(proposalKind('draft', true)).toBeUndefined()
    expect(proposalKind('active', false)).toBe('Update')
    expect(proposalKind('active', true)).toBe('Cancel')
    expect(proposalKind('cancelled', false)).toBeUndefined()
    expect(proposalKind('discarded', true)).toBeUndefined()
  })

  it('a proposal is editable until its approval is requested', () => {
    expect(isProposalEditable('draft', null)).toBe(true)
    expect(isProposalEditable('draft', proposal())).toBe(true)
    expect(isProposalEditable('active', proposal({ awaitingApproval: true }))).toBe(false)
    expect(isProposalEditable('cancelled', null)).toBe(false)
  })

  it('the two-person rule always asks a second person; without it, issuing is immediate', () => {
    expect(issueDecision(true)).toBe('request-approval')
    expect(issueDecision(false)).toBe('issue')
  })

  it('only someone other than the requester approves, and only what waits for approval', () => {
    expect(approvalRefusal(proposal({ awaitingApproval: true }), 'staff-b')).toBeUndefined()
    expect(approvalRefusal(proposal({ awaitingApproval: true }), 'staff-a')).toBe('own-request')
    expect(approvalRefusal(proposal({ awaitingApproval: false }), 'staff-b')).toBe('not-awaiting')
    expect(approvalRefusal(null, 'staff-b')).toBe('not-awaiting')
  })

  it('a cancellation ends the alert; an alert or update keeps it in force', () => {
    expect(stateAfterIssue('Alert')).toBe('active')
    expect(stateAfterIssue('Update')).toBe('active')
    expect(stateAfterIssue('Cancel')).toBe('cancelled')
  })
})

describe('disaster mode switch', () => {
  it('needs another state and a reason, with bounded texts', () => {
    expect(checkModeSwitch('off', { state: 'active', reason: '台風第10号', scope: '', banner: '' })).toEqual([])
    expect(checkModeSwitch('active', { state: 'active', reason: 'x', scope: '', banner: '' })).toEqual([{ field: 'state', code: 'same' }])
    expect(checkModeSwitch('off', { state: 'panic', reason: 'x', scope: '', banner: '' })).toEqual([{ field: 'state', code: 'invalid' }])
    expect(checkModeSwitch('off', { state: 'training', reason: '  ', scope: 'x'.repeat(201), banner: 'y'.repeat(501) })).toEqual([
      { field: 'reason', code: 'required' },
      { field: 'scope', code: 'tooLong', max: 200 },
      { field: 'banner', code: 'tooLong', max: 500 },
    ])
  })

  it('switches LINE to the disaster menu only for a real emergency, and back when it ends', () => {
    expect(lineMenuFor('off', 'active')).toBe('disaster')
    expect(lineMenuFor('training', 'active')).toBe('disaster')
    expect(lineMenuFor('active', 'off')).toBe('normal')
    expect(lineMenuFor('active', 'training')).toBe('normal')
    expect(lineMenuFor('off', 'training')).toBeUndefined()
    expect(lineMenuFor('training', 'off')).toBeUndefined()
  })
})

describe('emergency contacts', () => {
  it('drops empty rows and needs a label and a plausible phone number', () => {
    const { contacts, problems } = checkContacts([
      { ja: '災害対策本部', en: 'Disaster HQ', phone: '03-1234-5678' },
      { ja: '', en: '', phone: '' },
      { ja: '', en: '', phone: 'call me' },
      { ja: '水道局', en: '', phone: '' },
    ])
    expect(contacts[0]).toEqual({ label: { ja: '災害対策本部', en: 'Disaster HQ' }, phone: '03-1234-5678' })
    expect(problems).toEqual([
      { row: 3, field: 'label', code: 'required' },
      { row: 3, field: 'phone', code: 'invalid' },
      { row: 4, field: 'phone', code: 'required' },
    ])
  })
})
