import { describe, expect, it } from 'vitest'
import { delegationProblem, isDelegationActive, lastStepOf, nextStepToSign, signingCapacities, signingRefusal, type ApprovalStep, type SigningInput } from './approval-rules.js'

const pending = (step: number): ApprovalStep => ({ step, status: 'pending', decidedBy: null, onBehalfOf: null })
const signed = (step: number, by: string, onBehalfOf: string | null = null): ApprovalStep => ({ step, status: 'approved', decidedBy: by, onBehalfOf })

function input(overrides: Partial<SigningInput>): SigningInput {
  return { signerId: 'kacho', onBehalfOf: null, step: 1, steps: [pending(1), pending(2)], proposerId: 'clerk', authorityHolds: true, delegations: [], today: '2025-04-10', ...overrides }
}

describe('approval steps (電子決裁)', () => {
  it('signs steps in order: the next step is the lowest pending one after approved steps', () => {
    expect(nextStepToSign([pending(1), pending(2)])).toBe(1)
    expect(nextStepToSign([signed(1, 'a'), pending(2)])).toBe(2)
    expect(nextStepToSign([pending(2), signed(1, 'a')])).toBe(2)
    expect(nextStepToSign([signed(1, 'a'), signed(2, 'b')])).toBeUndefined()
    expect(nextStepToSign([{ step: 1, status: 'returned', decidedBy: 'a', onBehalfOf: null }, pending(2)])).toBeUndefined()
    expect(lastStepOf([pending(1), pending(2), pending(3)])).toBe(3)
  })

  it('lets an approver sign the next step, and no other', () => {
    expect(signingRefusal(input({}))).toBeUndefined()
    expect(signingRefusal(input({ step: 2 }))).toBe('not-next-step')
    expect(signingRefusal(input({ step: 2, steps: [signed(1, 'kakaricho'), pending(2)] }))).toBeUndefined()
  })

  it('never lets the proposer sign their own proposal, not even as someone’s delegate', () => {
    expect(signingRefusal(input({ signerId: 'clerk' }))).toBe('is-proposer')
    const delegations = [{ fromStaffId: 'kacho', toStaffId: 'clerk', startsOn: '2025-04-01', endsOn: '2025-04-30' }]
    expect(signingRefusal(input({ signerId: 'clerk', onBehalfOf: 'kacho', delegations }))).toBe('is-proposer')
    // …nor can someone sign on the proposer's behalf
    expect(signingRefusal(input({ signerId: 'deputy', onBehalfOf: 'clerk', delegations: [{ fromStaffId: 'clerk', toStaffId: 'deputy', startsOn: '2025-04-01', endsOn: '2025-04-30' }] }))).toBe('is-proposer')
  })

  it('does not let one person sign two steps of a round, in their own name or as a delegate', () => {
    const steps = [signed(1, 'kakaricho'), pending(2)]
    expect(signingRefusal(input({ signerId: 'kakaricho', step: 2, steps }))).toBe('signed-another-step')
    const delegations = [{ fromStaffId: 'kacho', toStaffId: 'kakaricho', startsOn: '2025-04-01', endsOn: '2025-04-30' }]
    expect(signingRefusal(input({ signerId: 'kakaricho', onBehalfOf: 'kacho', step: 2, steps, delegations }))).toBe('signed-another-step')
    // the absent approver whose delegate signed step 1 cannot sign step 2 either
    const viaDelegate = [signed(1, 'deputy', 'kacho'), pending(2)]
    expect(signingRefusal(input({ signerId: 'kacho', step: 2, steps: viaDelegate }))).toBe('signed-another-step')
    expect(signingRefusal(input({ signerId: 'bucho', step: 2, steps: viaDelegate }))).toBeUndefined()
  })

  it('lets a delegate sign for an absent approver only during the delegation, with the approver’s authority', () => {
    const delegations = [{ fromStaffId: 'kacho', toStaffId: 'deputy', startsOn: '2025-04-07', endsOn: '2025-04-11' }]
    const asDeputy = (today: string, authorityHolds = true) => signingRefusal(input({ signerId: 'deputy', onBehalfOf: 'kacho', delegations, today, authorityHolds }))
    expect(asDeputy('2025-04-07')).toBeUndefined()
    expect(asDeputy('2025-04-11')).toBeUndefined()
    expect(asDeputy('2025-04-06')).toBe('no-delegation')
    expect(asDeputy('2025-04-12')).toBe('no-delegation')
    expect(asDeputy('2025-04-08', false)).toBe('no-authority')
    expect(signingRefusal(input({ signerId: 'deputy', onBehalfOf: 'bucho', delegations, today: '2025-04-08' }))).toBe('no-delegation')
    expect(signingRefusal(input({ signerId: 'deputy', authorityHolds: false }))).toBe('no-authority')
  })

  it('lists the capacities in which someone may sign the next step', () => {
    const delegations = [
      { fromStaffId: 'kacho', toStaffId: 'kakaricho', startsOn: '2025-04-01', endsOn: '2025-04-30' },
      { fromStaffId: 'bucho', toStaffId: 'kakaricho', startsOn: '2025-05-01', endsOn: '2025-05-30' },
    ]
    const base = { signerId: 'kakaricho', steps: [pending(1), pending(2)], proposerId: 'clerk', delegations, today: '2025-04-10' }
    expect(signingCapacities({ ...base, signerMayApprove: true, principals: [{ staffId: 'kacho', mayApprove: true }] })).toEqual([{ onBehalfOf: null }, { onBehalfOf: 'kacho' }])
    expect(signingCapacities({ ...base, signerMayApprove: false, principals: [{ staffId: 'kacho', mayApprove: true }, { staffId: 'bucho', mayApprove: true }] })).toEqual([{ onBehalfOf: 'kacho' }])
    expect(signingCapacities({ ...base, signerMayApprove: false, principals: [{ staffId: 'kacho', mayApprove: false }] })).toEqual([])
    expect(signingCapacities({ ...base, steps: [signed(1, 'a'), signed(2, 'b')], signerMayApprove: true, principals: [] })).toEqual([])
  })

  it('treats a delegation as in force on its first and last day', () => {
    expect(isDelegationActive({ startsOn: '2025-04-01', endsOn: '2025-04-01' }, '2025-04-01')).toBe(true)
    expect(isDelegationActive({ startsOn: '2025-04-01', endsOn: '2025-04-03' }, '2025-03-31')).toBe(false)
    expect(isDelegationActive({ startsOn: '2025-04-01', endsOn: '2025-04-03' }, '2025-04-04')).toBe(false)
  })

  it('refuses delegations to oneself, backwards, already over or longer than a year', () => {
    const base = { fromStaffId: 'kacho', toStaffId: 'deputy', startsOn: '2025-04-10', endsOn: '2025-04-20' }
    expect(delegationProblem(base, '2025-04-01')).toBeUndefined()
    expect(delegationProblem({ ...base, toStaffId: 'kacho' }, '2025-04-01')).toBe('self')
    expect(delegationProblem({ ...base, endsOn: '2025-04-09' }, '2025-04-01')).toBe('ends-before-start')
    expect(delegationProblem(base, '2025-04-21')).toBe('in-the-past')
    expect(delegationProblem({ ...base, endsOn: '2026-04-12' }, '2025-04-01')).toBe('too-long')
    expect(delegationProblem({ ...base, endsOn: '2026-04-11' }, '2025-04-01')).toBeUndefined()
  })
})
