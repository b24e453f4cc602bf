/**
 * 決裁 of large or critical sends: a supervisor other than the composer approves (the notice is
 * queued now, or waits for its scheduled time) or rejects it with a reason. Each decision locks
 * the notice, so two supervisors deciding at once cannot both act.
 */
import { recordAudit } from '../../../platform/audit/audit-log.js'
import { withTenant } from '../../../platform/db/tenant-context.js'
import { queueNoticeDeliveries } from '../delivery/index.js'
import { auditActor, type ComposeDeps, type ComposeRequest } from './compose-context.js'
import { cannotDecide, ComposeFormProblem, noticeNotFound } from './compose-errors.js'
import { lockNotice, recordNoticeDecision, setNoticeStatus } from './compose-repository.js'
import { approvalRefusal, sendOutcome } from './compose-rules.js'
import { cleanText } from './compose-schemas.js'

export const REJECTION_REASON_MAX = 1000

export function createApprovalService({ db, clock }: ComposeDeps) {
  return {
    async approveNotice(request: ComposeRequest, noticeId: string): Promise<{ outcome: 'scheduled' | 'send-now'; recipients: number | null }> {
      return withTenant(db, request.tenant.id, async trx => {
        const notice = await lockNotice(trx, request.tenant.id, noticeId)
        if (!notice) throw noticeNotFound()
        const refusal = approvalRefusal({ deciderId: request.actor.id, composerId: notice.createdByStaffId, status: notice.status, deciderMayApprove: request.actor.permissions.has('notifications.approve') })
        if (refusal) throw cannotDecide(refusal)
        const now = clock()
        await recordNoticeDecision(trx, request.tenant.id, noticeId, { staffId: request.actor.id, at: now, note: null, rejected: false })
        // Approved after its time: it goes at once rather than never.
        const outcome = sendOutcome({ needsApproval: false, scheduledAt: notice.scheduledAt, now }) === 'scheduled' ? 'scheduled' : 'send-now'
        let recipients = notice.recipientCount
        if (outcome === 'scheduled') await setNoticeStatus(trx, request.tenant.id, noticeId, 'scheduled')
        else recipients = (await queueNoticeDeliveries(trx, request.tenant.id, noticeId, now)).recipients
        await recordAudit(trx, request.tenant.id, {
          actor: auditActor(request.actor),
          action: 'notifications.notice-approve',
          subjectType: 'notice',
          subjectId: noticeId,
          details: { outcome, recipients, composerId: notice.createdByStaffId },
          requestId: request.requestId,
        })
        return { outcome, recipients }
      })
    },

    async rejectNotice(request: ComposeRequest, noticeId: string, rawReason: string): Promise<void> {
      const reason = cleanText(rawReason)
      if (reason === '') throw new ComposeFormProblem({ reason: { key: 'compose.approval.errors.reasonRequired' } })
      if ([...reason].length > REJECTION_REASON_MAX) throw new ComposeFormProblem({ reason: { key: 'compose.errors.tooLong', params: { max: REJECTION_REASON_MAX } } })
      await withTenant(db, request.tenant.id, async trx => {
        const notice = await lockNotice(trx, request.tenant.id, noticeId)
        if (!notice) throw noticeNotFound()
        const refusal = approvalRefusal({ deciderId: request.actor.id, composerId: notice.createdByStaffId, status: notice.status, deciderMayApprove: request.actor.permissions.has('notifications.approve') })
        if (refusal) throw cannotDecide(refusal)
        await recordNoticeDecision(trx, request.tenant.id, noticeId, { staffId: request.actor.id, at: clock(), note: reason, rejected: true })
        await recordAudit(trx, request.tenant.id, {
          actor: auditActor(request.actor),
          action: 'notifications.notice-reject',
          subjectType: 'notice',
          subjectId: noticeId,
          details: { composerId: notice.createdByStaffId },
          requestId: request.requestId,
        })
      })
    },
  }
}

export type ApprovalService = ReturnType<typeof createApprovalService>
