/**
 * Rules of evacuation information and disaster mode (pure, unit-tested): which change a draft
 * proposes, who may issue or approve it, what state an issue leads to, and what a mode switch needs.
 */
import type { CapMsgType } from '../cap/cap-document.js'
import type { AlertProposal, AlertState, DisasterModeState } from './alert-tables.js'

export const MAX_REASON = 500
export const MAX_SCOPE = 200
export const MAX_BANNER = 500

/** The change a new proposal on this alert is: the first 発令, or an update or cancellation of what is in force. */
export function proposalKind(state: AlertState, wantsCancel: boolean): CapMsgType | undefined {
  if (state === 'draft') return wantsCancel ? undefined : 'Alert'
  if (state === 'active') return wantsCancel ? 'Cancel' : 'Update'
  return undefined
}

/** A proposal may be changed (texts, districts) until someone has asked for its approval. */
export function isProposalEditable(state: AlertState, proposal: AlertProposal | null): boolean {
  if (state !== 'draft' && state !== 'active') return false
  return proposal === null || !proposal.awaitingApproval
}

/**
 * What pressing "issue" does: under the two-person rule it always asks a second person (a
 * supervisor too: the rule is about two people, not about rank); otherwise it issues at once.
 */
export function issueDecision(twoPersonRule: boolean): 'issue' | 'request-approval' {
  return twoPersonRule ? 'request-approval' : 'issue'
}

export type ApprovalRefusal = 'not-awaiting' | 'own-request'

/** Whether this staff member may approve the proposal: it waits for approval and someone else asked. */
export function approvalRefusal(proposal: AlertProposal | null, staffId: string): ApprovalRefusal | undefined {
  if (!proposal?.awaitingApproval) return 'not-awaiting'
  if (proposal.requestedBy === staffId) return 'own-request'
  return undefined
}

/** The alert's state once a revision of this kind is issued. */
export function stateAfterIssue(msgType: CapMsgType): AlertState {
  return msgType === 'Cancel' ? 'cancelled' : 'active'
}

/** New alerts are drills exactly while the municipality is in training mode. */
export function isTrainingMode(mode: DisasterModeState): boolean {
  return mode === 'training'
}

export type ModeProblem = { field: 'state' | 'reason' | 'scope' | 'banner'; code: 'invalid' | 'same' | 'required' | 'tooLong'; max?: number }

/** A mode switch needs another state and a reason; the scope and banner are bounded. */
export function checkModeSwitch(current: DisasterModeState, input: { state: string; reason: string; scope: string; banner: string }): ModeProblem[] {
  const problems: ModeProblem[] = []
  if (!['off', 'active', 'training'].includes(input.state)) problems.push({ field: 'state', code: 'invalid' })
  else if (input.state === current) problems.push({ field: 'state', code: 'same' })
  if (input.reason.trim() === '') problems.push({ field: 'reason', code: 'required' })
  else if (input.reason.length > MAX_REASON) problems.push({ field: 'reason', code: 'tooLong', max: MAX_REASON })
  if (input.scope.length > MAX_SCOPE) problems.push({ field: 'scope', code: 'tooLong', max: MAX_SCOPE })
  if (input.banner.length > MAX_BANNER) problems.push({ field: 'banner', code: 'tooLong', max: MAX_BANNER })
  return problems
}

/** What the LINE menu switch should do for a mode change: the disaster menu in a real emergency only. */
export function lineMenuFor(previous: DisasterModeState, next: DisasterModeState): 'normal' | 'disaster' | undefined {
  if (next === 'active') return 'disaster'
  if (previous === 'active') return 'normal'
  return undefined
}

export const MAX_CONTACTS = 5
export const MAX_CONTACT_LABEL = 60
const PHONE = /^[0-9+][0-9+\-() ]{1,19}$/

export type ContactProblem = { row: number; field: 'label' | 'phone'; code: 'required' | 'tooLong' | 'invalid' }

/**
 * Emergency contacts from the settings form's rows (label in Japanese, optional English, phone):
 * empty rows are dropped; a row needs both a label and a plausible phone number.
 */
export function checkContacts(rows: readonly { ja: string; en: string; phone: string }[]): { contacts: { label: { ja: string; en?: string }; phone: string }[]; problems: ContactProblem[] } {
  const contacts: { label: { ja: string; en?: string }; phone: string }[] = []
  const problems: ContactProblem[] = []
  rows.slice(0, MAX_CONTACTS).forEach((row, index) => {
    const row1 = index + 1
    if (row.ja === '' && row.en === '' && row.phone === '') return
    if (row.ja === '') problems.push({ row: row1, field: 'label', code: 'required' })
    else if (row.ja.length > MAX_CONTACT_LABEL || row.en.length > MAX_CONTACT_LABEL) problems.push({ row: row1, field: 'label', code: 'tooLong' })
    if (row.phone === '') problems.push({ row: row1, field: 'phone', code: 'required' })
    else if (!PHONE.test(row.phone)) problems.push({ row: row1, field: 'phone', code: 'invalid' })
    contacts.push({ label: row.en ? { ja: row.ja, en: row.en } : { ja: row.ja }, phone: row.phone })
  })
  return { contacts, problems }
}
