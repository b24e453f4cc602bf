import { recordAudit } from '../../../platform/audit/audit-log.js'
import { withTenant } from '../../../platform/db/tenant-context.js'
import { isLocale, type Locale } from '../../../platform/i18n/i18n.js'
import { transitionApplication } from '../application-repository.js'
import { canTransition } from '../application-lifecycle.js'
import { localize } from '../form/localize.js'
import { getAccessibleApplication, getApplicationSnapshot, isUnchanged } from './application-access.js'
import { openApprovalRound } from './approval-repository.js'
import { applyDecision, prepareDecision } from './decision-effects.js'
import { approvalBlocker, needsApprovalChain } from './decision-rules.js'
import { listProcessors } from './inbox-repository.js'
import { correctionRequestedNotice, residentApplicationPath } from './notifications.js'
import { FormProblem, staleApplication } from './processing-errors.js'
import type { DecideInput, RequestCorrectionInput } from './processing-schemas.js'
import type { ProcessingDeps, ProcessingRequest } from './processing-context.js'

/**
 * Staff actions on one application: claim, assign, request a correction (差戻し), decide — or,
 * when the procedure has approval steps, propose the decision for 電子決裁. Each action is one
 * transaction through the state machine (a stale page gets a 409), audited.
 */
export function createActionService(deps: ProcessingDeps) {
  const { db, notifier, clock } = deps

  return {
    /** 担当する: assigns the application to the acting staff member and starts the review. */
    async claimApplication({ tenant, actor, requestId }: ProcessingRequest, id: string): Promise<void> {
      await withTenant(db, tenant.id, async trx => {
        const application = await getAccessibleApplication(trx, tenant.id, actor, id, { forUpdate: true })
        const updated = await transitionApplication(trx, tenant.id, { id, action: 'claim', actor: { actorType: 'staff', actorId: actor.id }, patch: { assigneeStaffId: actor.id } })
        if (!updated) throw staleApplication()
        await recordAudit(trx, tenant.id, {
          actor: { type: 'staff', id: actor.id },
          action: 'application.claim',
          subjectType: 'application',
          subjectId: id,
          details: { departmentId: application.departmentId, previousAssigneeId: application.assigneeStaffId },
          requestId,
        })
      })
    },

    /** Hands the application to another staff member who processes for its department. */
    async assignApplication({ tenant, actor, requestId }: ProcessingRequest, id: string, assigneeId: string): Promise<void> {
      await withTenant(db, tenant.id, async trx => {
        const application = await getAccessibleApplication(trx, tenant.id, actor, id, { forUpdate: true })
        const candidates = await listProcessors(trx, tenant.id, { kind: 'one', id: application.departmentId })
        if (!candidates.some(c => c.id === assigneeId)) throw new FormProblem({ assignee: 'processing.assign.errors.notProcessor' })
        const updated = await transitionApplication(trx, tenant.id, { id, action: 'assign', actor: { actorType: 'staff', actorId: actor.id }, patch: { assigneeStaffId: assigneeId } })
        if (!updated) throw staleApplication()
        await recordAudit(trx, tenant.id, {
          actor: { type: 'staff', id: actor.id },
          action: 'application.assign',
          subjectType: 'application',
          subjectId: id,
          details: { departmentId: application.departmentId, assigneeId, previousAssigneeId: application.assigneeStaffId },
          requestId,
        })
      })
    },

    /**
     * 差戻し: sends the application back to the resident with a message (kept on the status
     * history, which the resident sees) and tells them through the notify port.
     */
    async requestCorrection({ tenant, actor, requestId }: ProcessingRequest, id: string, input: RequestCorrectionInput): Promise<void> {
      await withTenant(db, tenant.id, async trx => {
        const { application, document, context } = await getApplicationSnapshot(trx, tenant.id, actor, id, { forUpdate: true })
        const updated = await transitionApplication(trx, tenant.id, { id, action: 'request-correction', actor: { actorType: 'staff', actorId: actor.id }, message: input.message })
        if (!updated) throw staleApplication()
        if (application.residentId) {
          const locale: Locale = isLocale(context.residentLocale) ? context.residentLocale : 'ja'
          await notifier.notify(
            trx,
            tenant.id,
            { residentId: application.residentId },
            correctionRequestedNotice,
            { municipality: locale === 'en' ? tenant.nameEn : tenant.name, procedure: localize(document.title, locale), receiptNumber: application.receiptNumber ?? '', message: input.message },
            // one message per request: an application can be sent back more than once
            { idempotencyKey: `correction:${id}:${updated.updatedAt.getTime()}`, linkUrl: residentApplicationPath(tenant.slug, id) },
          )
        }
        await recordAudit(trx, tenant.id, {
          actor: { type: 'staff', id: actor.id },
          action: 'application.request-correction',
          subjectType: 'application',
          subjectId: id,
          details: { departmentId: application.departmentId, messageLength: [...input.message].length, residentNotified: application.residentId !== null },
          requestId,
        })
      })
    },

    /**
     * 承認 / 却下. Without approval steps the decision takes effect now (notice, notification);
     * with N steps it becomes a proposal (起案) that N approvers sign in order.
     */
    async decideApplication(request: ProcessingRequest, id: string, input: DecideInput): Promise<'decided' | 'proposed'> {
      const { tenant, actor, requestId } = request
      const snapshot = await withTenant(db, tenant.id, trx => getApplicationSnapshot(trx, tenant.id, actor, id))
      if (!canTransition('decide', snapshot.application.status) || snapshot.application.status === 'pending_approval') throw staleApplication()
      if (input.decision === 'approved' && approvalBlocker(snapshot.document, snapshot.application)) throw new FormProblem({ decision: 'processing.decide.errors.paymentOutstanding' })
      const reason = input.reason === '' ? null : input.reason

      if (needsApprovalChain(snapshot.document)) {
        const steps = snapshot.document.approvalSteps
        await withTenant(db, tenant.id, async trx => {
          const current = await getAccessibleApplication(trx, tenant.id, actor, id, { forUpdate: true })
          if (input.decision === 'approved' && approvalBlocker(snapshot.document, current)) throw new FormProblem({ decision: 'processing.decide.errors.paymentOutstanding' })
          const proposed = await transitionApplication(trx, tenant.id, {
            id,
            action: 'propose-decision',
            actor: { actorType: 'staff', actorId: actor.id },
            patch: { proposedDecision: input.decision, proposedReason: reason, proposedBy: actor.id },
          })
          if (!proposed) throw staleApplication()
          const round = await openApprovalRound(trx, tenant.id, id, steps)
          await recordAudit(trx, tenant.id, {
            actor: { type: 'staff', id: actor.id },
            action: 'application.propose-decision',
            subjectType: 'application',
            subjectId: id,
            details: { departmentId: current.departmentId, decision: input.decision, round, steps },
            requestId,
          })
        })
        return 'proposed'
      }

      const prepared = await prepareDecision(deps, tenant, snapshot, input.decision, reason, clock())
      await withTenant(db, tenant.id, async trx => {
        const current = await getAccessibleApplication(trx, tenant.id, actor, id, { forUpdate: true })
        if (!isUnchanged(snapshot.application, current)) throw staleApplication()
        if (input.decision === 'approved' && approvalBlocker(snapshot.document, current)) throw new FormProblem({ decision: 'processing.decide.errors.paymentOutstanding' })
        await applyDecision(trx, deps, request, { ...snapshot, application: current }, prepared, {})
      })
      return 'decided'
    },
  }
}
export type ActionService = ReturnType<typeof createActionService>
