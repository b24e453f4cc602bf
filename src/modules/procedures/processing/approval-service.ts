import type { Transaction } from 'kysely'
import { recordAudit } from '../../../platform/audit/audit-log.js'
import type { Database } from '../../../platform/db/schema.js'
import { withTenant } from '../../../platform/db/tenant-context.js'
import { notFound } from '../../../platform/errors.js'
import type { StaffPrincipal } from '../../../platform/http/types.js'
import type { RoleAssignment } from '../../../platform/auth/permissions.js'
import { toIsoDate } from '../../../jp/calendar-date.js'
import { transitionApplication } from '../application-repository.js'
import type { ProcedureDocument } from '../form/form-definition.js'
import type { Application } from '../procedure-tables.js'
import { canApproveApplication, departmentScope } from './access-rules.js'
import { getAccessibleApplication, getApplicationSnapshot, isUnchanged } from './application-access.js'
import {
  currentRound,
  decideApprovalStep,
  deleteOwnDelegation,
  findAssignments,
  insertDelegation,
  listActiveDelegationsTo,
  listApprovals,
  listCurrentDelegations,
  listPendingApprovalApplications,
  type ApprovalRow,
  type DelegationRow,
} from './approval-repository.js'
import { delegationProblem, lastStepOf, nextStepToSign, signingCapacities, signingRefusal, type DelegationProblem, type SigningCapacity } from './approval-rules.js'
import { applyDecision, prepareDecision, type PreparedDecision } from './decision-effects.js'
import { approvalBlocker } from './decision-rules.js'
import { findStaffNames } from './detail-repository.js'
import { findVersionDocuments, listProcessors, type StaffOption } from './inbox-repository.js'
import { approvalPermissionRequired, cannotSign, FormProblem, staleApplication } from './processing-errors.js'
import type { DelegationInput, ReturnInput, SignInput } from './processing-schemas.js'
import type { ProcessingDeps, ProcessingRequest } from './processing-context.js'

type Trx = Transaction<Database>

export interface PendingApproval {
  id: string
  receiptNumber: string | null
  procedureTitle: ProcedureDocument['title'] | undefined
  proposedDecision: 'approved' | 'rejected' | null
  proposerName: string | null
  nextStep: number | undefined
  steps: number
  dueAt: Date | null
  capacities: SigningCapacity[]
}

export interface DelegationsView {
  delegations: DelegationRow[]
  candidates: StaffOption[]
  canDelegate: boolean
  today: string
}

const DELEGATION_PROBLEM_FIELDS: Record<DelegationProblem, [string, string]> = {
  self: ['to', 'processing.delegations.errors.self'],
  'ends-before-start': ['endsOn', 'processing.delegations.errors.endsBeforeStart'],
  'in-the-past': ['endsOn', 'processing.delegations.errors.inThePast'],
  'too-long': ['endsOn', 'processing.delegations.errors.tooLong'],
}

/** Delegations to a staff member in force today, with their delegators' role assignments. */
export interface SignerContext {
  delegations: DelegationRow[]
  principalAssignments: Map<string, RoleAssignment[]>
}

export async function loadSignerContext(trx: Trx, tenantId: string, actor: StaffPrincipal, today: string): Promise<SignerContext> {
  const delegations = await listActiveDelegationsTo(trx, tenantId, actor.id, today)
  return { delegations, principalAssignments: await findAssignments(trx, tenantId, delegations.map(d => d.fromStaffId)) }
}

/** The capacities (own name, or for whom as 代決) in which a staff member may sign an application's next step today. */
export function capacitiesFor(signer: SignerContext, actor: StaffPrincipal, application: Pick<Application, 'departmentId' | 'proposedBy'>, steps: readonly ApprovalRow[], today: string): SigningCapacity[] {
  return signingCapacities({
    signerId: actor.id,
    signerMayApprove: canApproveApplication(actor.assignments, application.departmentId),
    principals: signer.delegations.map(d => ({ staffId: d.fromStaffId, mayApprove: canApproveApplication(signer.principalAssignments.get(d.fromStaffId) ?? [], application.departmentId) })),
    steps,
    proposerId: application.proposedBy,
    delegations: signer.delegations,
    today,
  })
}

/**
 * 電子決裁: signing and returning steps, the 決裁待ち list, and delegations while absent (代決).
 */
export function createApprovalService(deps: ProcessingDeps) {
  const { db, clock } = deps

  /** Checks that the actor may sign or return `step` in the capacity asked; 409 for a stale step, 403 otherwise. */
  async function checkSigner(trx: Trx, tenantId: string, actor: StaffPrincipal, application: Application, input: { step: number; onBehalfOf: string | null }, today: string): Promise<{ round: number; steps: ApprovalRow[] }> {
    if (application.status !== 'pending_approval') throw staleApplication()
    const steps = currentRound(await listApprovals(trx, tenantId, [application.id]))
    const delegations = await listActiveDelegationsTo(trx, tenantId, actor.id, today)
    const authority = input.onBehalfOf ? ((await findAssignments(trx, tenantId, [input.onBehalfOf])).get(input.onBehalfOf) ?? []) : actor.assignments
    const refusal = signingRefusal({
      signerId: actor.id,
      onBehalfOf: input.onBehalfOf,
      step: input.step,
      steps,
      proposerId: application.proposedBy,
      authorityHolds: canApproveApplication(authority, application.departmentId),
      delegations,
      today,
    })
    if (refusal === 'not-next-step') throw staleApplication()
    if (refusal) throw cannotSign(refusal)
    return { round: steps[0]?.round ?? 1, steps }
  }

  return {
    /** Signs the next step; signing the last one makes the proposed decision take effect. */
    async signStep(request: ProcessingRequest, id: string, input: SignInput): Promise<'signed' | 'decided'> {
      const { tenant, actor, requestId } = request
      const now = clock()
      const today = toIsoDate(now)
      const { snapshot, steps } = await withTenant(db, tenant.id, async trx => {
        const snapshot = await getApplicationSnapshot(trx, tenant.id, actor, id)
        const { steps } = await checkSigner(trx, tenant.id, actor, snapshot.application, input, today)
        return { snapshot, steps }
      })
      const isLast = input.step === lastStepOf(steps)
      const decision = snapshot.application.proposedDecision
      let prepared: PreparedDecision | undefined
      if (isLast) {
        if (!decision) throw staleApplication()
        if (decision === 'approved' && approvalBlocker(snapshot.document, snapshot.application)) throw new FormProblem({ sign: 'processing.decide.errors.paymentOutstanding' })
        prepared = await prepareDecision(deps, tenant, snapshot, decision, snapshot.application.proposedReason, now)
      }
      await withTenant(db, tenant.id, async trx => {
        const current = await getAccessibleApplication(trx, tenant.id, actor, id, { forUpdate: true })
        if (!isUnchanged(snapshot.application, current)) throw staleApplication()
        const { round, steps: currentSteps } = await checkSigner(trx, tenant.id, actor, current, input, today)
        const signed = await decideApprovalStep(trx, tenant.id, { applicationId: id, round, step: input.step, status: 'approved', decidedBy: actor.id, onBehalfOf: input.onBehalfOf, comment: input.comment || null, now })
        if (!signed) throw staleApplication()
        const afterStep = await transitionApplication(trx, tenant.id, { id, action: 'approve-step', actor: { actorType: 'staff', actorId: actor.id } })
        if (!afterStep) throw staleApplication()
        await recordAudit(trx, tenant.id, {
          actor: { type: 'staff', id: actor.id },
          action: 'application.approve-step',
          subjectType: 'application',
          subjectId: id,
          details: { departmentId: current.departmentId, round, step: input.step, of: lastStepOf(currentSteps), onBehalfOf: input.onBehalfOf },
          requestId,
        })
        if (prepared) await applyDecision(trx, deps, request, { ...snapshot, application: afterStep }, prepared, { approvalRound: round })
      })
      return prepared ? 'decided' : 'signed'
    },

    /** 差し戻し to the clerk: the round ends, the application is back in review; a new proposal opens a new round. */
    async returnStep({ tenant, actor, requestId }: ProcessingRequest, id: string, input: ReturnInput): Promise<void> {
      const now = clock()
      await withTenant(db, tenant.id, async trx => {
        const application = await getAccessibleApplication(trx, tenant.id, actor, id, { forUpdate: true })
        const { round } = await checkSigner(trx, tenant.id, actor, application, input, toIsoDate(now))
        const returned = await decideApprovalStep(trx, tenant.id, { applicationId: id, round, step: input.step, status: 'returned', decidedBy: actor.id, onBehalfOf: input.onBehalfOf, comment: input.comment, now })
        if (!returned) throw staleApplication()
        const updated = await transitionApplication(trx, tenant.id, {
          id,
          action: 'return-step',
          actor: { actorType: 'staff', actorId: actor.id },
          patch: { proposedDecision: null, proposedReason: null, proposedBy: null },
        })
        if (!updated) throw staleApplication()
        await recordAudit(trx, tenant.id, {
          actor: { type: 'staff', id: actor.id },
          action: 'application.return-step',
          subjectType: 'application',
          subjectId: id,
          details: { departmentId: application.departmentId, round, step: input.step, onBehalfOf: input.onBehalfOf },
          requestId,
        })
      })
    },

    /** 決裁待ち: applications waiting for approval in the actor's departments, those they can sign first. */
    async listPendingApprovals({ tenant, actor }: ProcessingRequest): Promise<PendingApproval[]> {
      const scope = departmentScope(actor.assignments, 'procedures.process')
      const today = toIsoDate(clock())
      return withTenant(db, tenant.id, async trx => {
        const applications = await listPendingApprovalApplications(trx, tenant.id, scope, 200)
        const approvals = await listApprovals(trx, tenant.id, applications.map(a => a.id))
        const documents = await findVersionDocuments(trx, tenant.id, applications.map(a => a.versionId))
        const names = await findStaffNames(trx, tenant.id, applications.map(a => a.proposedBy))
        const signer = await loadSignerContext(trx, tenant.id, actor, today)
        const entries: PendingApproval[] = applications.map(application => {
          const steps = currentRound(approvals.filter(r => r.applicationId === application.id))
          return {
            id: application.id,
            receiptNumber: application.receiptNumber,
            procedureTitle: documents.get(application.versionId)?.title,
            proposedDecision: application.proposedDecision,
            proposerName: application.proposedBy ? (names.get(application.proposedBy) ?? null) : null,
            nextStep: nextStepToSign(steps),
            steps: lastStepOf(steps),
            dueAt: application.dueAt,
            capacities: capacitiesFor(signer, actor, application, steps, today),
          }
        })
        // stable: those the actor can sign first, each group in the list's order (due first)
        return [...entries.filter(e => e.capacities.length > 0), ...entries.filter(e => e.capacities.length === 0)]
      })
    },

    /** The actor's delegations (given and received, not yet ended) and whom they could delegate to. */
    async listDelegations({ tenant, actor }: ProcessingRequest): Promise<DelegationsView> {
      const today = toIsoDate(clock())
      const canDelegate = actor.permissions.has('procedures.approve')
      return withTenant(db, tenant.id, async trx => ({
        delegations: await listCurrentDelegations(trx, tenant.id, actor.id, today),
        candidates: canDelegate ? (await listProcessors(trx, tenant.id, { kind: 'scope', scope: departmentScope(actor.assignments, 'procedures.approve') })).filter(s => s.id !== actor.id) : [],
        canDelegate,
        today,
      }))
    },

    /** An approver names a delegate for a period of absence (代決). */
    async createDelegation({ tenant, actor, requestId }: ProcessingRequest, input: DelegationInput): Promise<void> {
      if (!actor.permissions.has('procedures.approve')) throw approvalPermissionRequired()
      const today = toIsoDate(clock())
      const problem = delegationProblem({ fromStaffId: actor.id, toStaffId: input.to, startsOn: input.startsOn, endsOn: input.endsOn }, today)
      if (problem) {
        const [field, key] = DELEGATION_PROBLEM_FIELDS[problem]
        throw new FormProblem({ [field]: key })
      }
      await withTenant(db, tenant.id, async trx => {
        const candidates = await listProcessors(trx, tenant.id, { kind: 'scope', scope: departmentScope(actor.assignments, 'procedures.approve') })
        if (!candidates.some(c => c.id === input.to)) throw new FormProblem({ to: 'processing.delegations.errors.notCandidate' })
        const delegationId = await insertDelegation(trx, tenant.id, { fromStaffId: actor.id, toStaffId: input.to, startsOn: input.startsOn, endsOn: input.endsOn })
        await recordAudit(trx, tenant.id, {
          actor: { type: 'staff', id: actor.id },
          action: 'application.delegate-approval',
          subjectType: 'approval-delegation',
          subjectId: delegationId,
          details: { toStaffId: input.to, startsOn: input.startsOn, endsOn: input.endsOn },
          requestId,
        })
      })
    },

    /** Ends one of the actor's own delegations. */
    async deleteDelegation({ tenant, actor, requestId }: ProcessingRequest, id: string): Promise<void> {
      await withTenant(db, tenant.id, async trx => {
        const deleted = await deleteOwnDelegation(trx, tenant.id, actor.id, id)
        if (!deleted) throw notFound('PROCEDURES.DELEGATION_NOT_FOUND')
        await recordAudit(trx, tenant.id, {
          actor: { type: 'staff', id: actor.id },
          action: 'application.revoke-delegation',
          subjectType: 'approval-delegation',
          subjectId: id,
          details: { toStaffId: deleted.toStaffId, startsOn: deleted.startsOn, endsOn: deleted.endsOn },
          requestId,
        })
      })
    },
  }
}
export type ApprovalService = ReturnType<typeof createApprovalService>
