/**
 * 電子決裁 rules, kept pure so that they are unit-tested directly.
 *
 * A proposed decision (起案) needs N approval steps signed in order. Separation of duties: the
 * proposer never signs, and one person signs at most one step of a round — whether in their own
 * name or as someone's delegate (代決), both the signer and the person they act for count as
 * having signed. A delegation lets the delegate act for the delegator from `startsOn` to
 * `endsOn` (Tokyo calendar days, both included), with the delegator's authority.
 */

export type ApprovalStepStatus = 'pending' | 'approved' | 'returned'

export interface ApprovalStep {
  step: number
  status: ApprovalStepStatus
  decidedBy: string | null
  onBehalfOf: string | null
}

export interface DelegationPeriod {
  fromStaffId: string
  toStaffId: string
  /** 'YYYY-MM-DD' */
  startsOn: string
  /** 'YYYY-MM-DD' */
  endsOn: string
}

/** A delegation is in force on the days from startsOn to endsOn, both included. */
export function isDelegationActive(delegation: Pick<DelegationPeriod, 'startsOn' | 'endsOn'>, today: string): boolean {
  return delegation.startsOn <= today && today <= delegation.endsOn
}

/** The step to sign next: the lowest pending one when every earlier step is approved; none after a return. */
export function nextStepToSign(steps: readonly ApprovalStep[]): number | undefined {
  for (const step of [...steps].sort((a, b) => a.step - b.step)) {
    if (step.status === 'approved') continue
    return step.status === 'pending' ? step.step : undefined
  }
  return undefined
}

/** The round's highest step number: signing it makes the decision take effect. */
export function lastStepOf(steps: readonly ApprovalStep[]): number {
  return steps.reduce((max, s) => Math.max(max, s.step), 0)
}

export type SigningRefusal = 'not-next-step' | 'is-proposer' | 'signed-another-step' | 'no-delegation' | 'no-authority'

export interface SigningInput {
  signerId: string
  /** The absent approver the signer acts for (代決), or null to sign in their own name. */
  onBehalfOf: string | null
  step: number
  /** The steps of the current round. */
  steps: readonly ApprovalStep[]
  proposerId: string | null
  /** Whether the person whose authority is used (the signer, or the one they act for) may approve for the department. */
  authorityHolds: boolean
  /** Delegations to the signer. */
  delegations: readonly DelegationPeriod[]
  /** 'YYYY-MM-DD' in Asia/Tokyo */
  today: string
}

/** Why this person may not sign (or return) this step, or undefined when they may. */
export function signingRefusal(input: SigningInput): SigningRefusal | undefined {
  if (nextStepToSign(input.steps) !== input.step) return 'not-next-step'
  const people = input.onBehalfOf ? [input.signerId, input.onBehalfOf] : [input.signerId]
  if (input.proposerId !== null && people.includes(input.proposerId)) return 'is-proposer'
  const signedOthers = new Set(
    input.steps.filter(s => s.step !== input.step && s.status === 'approved').flatMap(s => [s.decidedBy, s.onBehalfOf].filter((id): id is string => id !== null)),
  )
  if (people.some(id => signedOthers.has(id))) return 'signed-another-step'
  if (input.onBehalfOf !== null) {
    const delegated = input.delegations.some(
      d => d.fromStaffId === input.onBehalfOf && d.toStaffId === input.signerId && d.fromStaffId !== d.toStaffId && isDelegationActive(d, input.today),
    )
    if (!delegated) return 'no-delegation'
  }
  if (!input.authorityHolds) return 'no-authority'
  return undefined
}

export interface SigningCapacity {
  /** null: in the signer's own name */
  onBehalfOf: string | null
}

/**
 * The capacities in which a staff member may sign the next step: in their own name when they
 * hold the authority, and for each delegator whose delegation is in force and who holds it.
 */
export function signingCapacities(input: {
  signerId: string
  signerMayApprove: boolean
  /** Delegators of the signer's delegations, with whether each may approve for the department. */
  principals: readonly { staffId: string; mayApprove: boolean }[]
  steps: readonly ApprovalStep[]
  proposerId: string | null
  delegations: readonly DelegationPeriod[]
  today: string
}): SigningCapacity[] {
  const step = nextStepToSign(input.steps)
  if (step === undefined) return []
  const base = { signerId: input.signerId, step, steps: input.steps, proposerId: input.proposerId, delegations: input.delegations, today: input.today }
  const out: SigningCapacity[] = []
  if (!signingRefusal({ ...base, onBehalfOf: null, authorityHolds: input.signerMayApprove })) out.push({ onBehalfOf: null })
  const seen = new Set<string>()
  for (const principal of input.principals) {
    if (seen.has(principal.staffId)) continue
    seen.add(principal.staffId)
    if (!signingRefusal({ ...base, onBehalfOf: principal.staffId, authorityHolds: principal.mayApprove })) out.push({ onBehalfOf: principal.staffId })
  }
  return out
}

/** A new delegation: dates in order, not in the past, at most a year long, to someone else. */
export type DelegationProblem = 'self' | 'ends-before-start' | 'in-the-past' | 'too-long'

export function delegationProblem(input: DelegationPeriod, today: string): DelegationProblem | undefined {
  if (input.fromStaffId === input.toStaffId) return 'self'
  if (input.endsOn < input.startsOn) return 'ends-before-start'
  if (input.endsOn < today) return 'in-the-past'
  const days = (Date.parse(`${input.endsOn}T00:00:00Z`) - Date.parse(`${input.startsOn}T00:00:00Z`)) / 86_400_000
  if (days > 366) return 'too-long'
  return undefined
}
