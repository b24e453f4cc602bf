/**
 * The application state machine. Every status change goes through `transitionApplication`
 * (application-repository.ts), which refuses moves not listed here, so a double-click or a
 * stale page can never skip a step.
 *
 *   draft ──submit──▶ submitted ──claim──▶ in_review ──decide──▶ approved | rejected
 *     ▲                 │  ▲                 │   │ ▲                 (or ──propose──▶ pending_approval
 *     │                 │  └──resubmit── correction_requested ◀─────┘   ──last step──▶ approved | rejected,
 *     │                 └──withdraw──▶ withdrawn ◀── (also from correction_requested)   ──return──▶ in_review)
 */
import type { ApplicationStatus } from './procedure-tables.js'

export type ApplicationAction =
  | 'save-draft'
  | 'submit'
  | 'withdraw'
  | 'claim'
  | 'assign'
  | 'request-correction'
  | 'resubmit'
  | 'propose-decision'
  | 'approve-step'
  | 'return-step'
  | 'decide'

const TRANSITIONS: Record<ApplicationAction, { from: readonly ApplicationStatus[]; to: ApplicationStatus | 'same' | 'decision' }> = {
  'save-draft': { from: ['draft'], to: 'draft' },
  submit: { from: ['draft'], to: 'submitted' },
  // 取下げ: only before processing starts, or instead of answering a 差戻し.
  withdraw: { from: ['submitted', 'correction_requested'], to: 'withdrawn' },
  claim: { from: ['submitted', 'in_review'], to: 'in_review' },
  assign: { from: ['submitted', 'in_review', 'correction_requested', 'pending_approval'], to: 'same' },
  'request-correction': { from: ['submitted', 'in_review'], to: 'correction_requested' },
  resubmit: { from: ['correction_requested'], to: 'submitted' },
  'propose-decision': { from: ['submitted', 'in_review'], to: 'pending_approval' },
  'approve-step': { from: ['pending_approval'], to: 'same' },
  'return-step': { from: ['pending_approval'], to: 'in_review' },
  decide: { from: ['submitted', 'in_review', 'pending_approval'], to: 'decision' },
}

export function canTransition(action: ApplicationAction, from: ApplicationStatus): boolean {
  return TRANSITIONS[action].from.includes(from)
}

export function allowedFrom(action: ApplicationAction): readonly ApplicationStatus[] {
  return TRANSITIONS[action].from
}

/** The status after an action ('decision' resolves to the decision taken). */
export function statusAfter(action: ApplicationAction, from: ApplicationStatus, decision?: 'approved' | 'rejected'): ApplicationStatus {
  const to = TRANSITIONS[action].to
  if (to === 'same') return from
  if (to === 'decision') {
    if (!decision) throw new Error('decide needs a decision')
    return decision
  }
  return to
}

/** Statuses in which the resident's part is done and staff have work to do. */
export const OPEN_STATUSES: readonly ApplicationStatus[] = ['submitted', 'in_review', 'correction_requested', 'pending_approval']
export const FINAL_STATUSES: readonly ApplicationStatus[] = ['approved', 'rejected', 'withdrawn']

/** 受付番号 alphabet: digits and capitals without 0/O, 1/I/L, U (read aloud at a counter). */
export const RECEIPT_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ'
