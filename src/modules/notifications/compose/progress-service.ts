/**
 * The progress view of one notice (deliveries by channel and state while it goes out), its JSON
 * twin for scripts, and cancelling what has not gone yet.
 */
import { recordAudit } from '../../../platform/audit/audit-log.js'
import { withTenant } from '../../../platform/db/tenant-context.js'
import { cancelNoticeDeliveries, summariseNoticeProgress } from '../delivery/index.js'
import type { DeliveryChannel, DeliveryStatus, Notice, NoticeStatus } from '../notification-tables.js'
import { auditActor, type ComposeDeps, type ComposeRequest } from './compose-context.js'
import { noticeNotFound, staleNotice } from './compose-errors.js'
import { findApprovalThreshold, findNotice, findStaffNames, lockNotice } from './compose-repository.js'
import { approvalRefusal, type ApprovalReason, type ApprovalRefusal } from './compose-rules.js'
import { describeAudience, findTopicName, type AudienceDescription } from './compose-sources.js'
import { renderNoticePreviews, type NoticePreview } from './notice-preview.js'

export interface NoticeProgress {
  total: number
  terminal: number
  byChannel: Record<DeliveryChannel, Record<DeliveryStatus, number>>
}

export interface NoticeView {
  notice: Notice
  topicName: string | null
  composerName: string | null
  deciderName: string | null
  cancellerName: string | null
  audience: AudienceDescription
  progress: NoticeProgress | null
  /** Why it waits for approval (shown to everyone while pending). */
  approvalReasons: ApprovalReason[]
  /** Why the viewer may not approve or reject, or undefined when they may. */
  decisionRefusal: ApprovalRefusal | undefined
  canCancel: boolean
  previews: NoticePreview[]
}

/** States in which something may still be stopped. */
export const CANCELLABLE_STATUSES: readonly NoticeStatus[] = ['pending_approval', 'scheduled', 'sending']

export function createProgressService({ db, config }: ComposeDeps) {
  async function visibleNotice(request: ComposeRequest, notice: Notice | undefined): Promise<Notice> {
    // Someone else's draft is their unfinished work: it does not exist for others. A
    // transactional notice is one resident's own business (an application's outcome): the hub's
    // pages show broadcasts only, and the API reports on the others.
    if (!notice || notice.kind !== 'broadcast' || (notice.status === 'draft' && notice.createdByStaffId !== request.actor.id)) throw noticeNotFound()
    return notice
  }

  return {
    async getNoticeView(request: ComposeRequest, noticeId: string): Promise<NoticeView> {
      return withTenant(db, request.tenant.id, async trx => {
        const notice = await visibleNotice(request, await findNotice(trx, request.tenant.id, noticeId))
        const names = await findStaffNames(trx, request.tenant.id, [notice.createdByStaffId, notice.approvedByStaffId, notice.cancelledByStaffId])
        const progress = notice.deliveriesCreatedAt ? await summariseNoticeProgress(trx, request.tenant.id, noticeId) : null
        const reasons: ApprovalReason[] = []
        if (notice.status === 'pending_approval') {
          const threshold = await findApprovalThreshold(trx, request.tenant.id)
          if ((notice.recipientCount ?? 0) > threshold) reasons.push('over-threshold')
          if (notice.priority === 'critical') reasons.push('critical')
        }
        return {
          notice,
          topicName: await findTopicName(trx, request.tenant.id, notice.topicId, request.locale),
          composerName: notice.createdByStaffId ? (names.get(notice.createdByStaffId) ?? null) : null,
          deciderName: notice.approvedByStaffId ? (names.get(notice.approvedByStaffId) ?? null) : null,
          cancellerName: notice.cancelledByStaffId ? (names.get(notice.cancelledByStaffId) ?? null) : null,
          audience: await describeAudience(trx, request.tenant.id, notice.audience, request.locale),
          progress,
          approvalReasons: reasons,
          decisionRefusal: approvalRefusal({ deciderId: request.actor.id, composerId: notice.createdByStaffId, status: notice.status, deciderMayApprove: request.actor.permissions.has('notifications.approve') }),
          canCancel: CANCELLABLE_STATUSES.includes(notice.status),
          previews: renderNoticePreviews(notice, config.publicUrl),
        }
      })
    },

    /** Counts for scripts polling a send (the progress page's numbers as JSON). */
    async getNoticeProgress(request: ComposeRequest, noticeId: string) {
      return withTenant(db, request.tenant.id, async trx => {
        const notice = await visibleNotice(request, await findNotice(trx, request.tenant.id, noticeId))
        const progress = notice.deliveriesCreatedAt ? await summariseNoticeProgress(trx, request.tenant.id, noticeId) : null
        return {
          id: notice.id,
          status: notice.status,
          priority: notice.priority,
          recipients: notice.recipientCount,
          scheduledAt: notice.scheduledAt?.toISOString() ?? null,
          deliveriesCreatedAt: notice.deliveriesCreatedAt?.toISOString() ?? null,
          completedAt: notice.completedAt?.toISOString() ?? null,
          cancelledAt: notice.cancelledAt?.toISOString() ?? null,
          total: progress?.total ?? 0,
          terminal: progress?.terminal ?? 0,
          byChannel: progress?.byChannel ?? {},
        }
      })
    },

    /** Stops what has not gone yet; what was delivered stays delivered. */
    async cancelNotice(request: ComposeRequest, noticeId: string): Promise<{ cancelled: number }> {
      return withTenant(db, request.tenant.id, async trx => {
        const notice = await visibleNotice(request, await lockNotice(trx, request.tenant.id, noticeId))
        if (!CANCELLABLE_STATUSES.includes(notice.status)) throw staleNotice()
        const cancelled = await cancelNoticeDeliveries(trx, request.tenant.id, noticeId, request.actor.id)
        await recordAudit(trx, request.tenant.id, {
          actor: auditActor(request.actor),
          action: 'notifications.notice-cancel',
          subjectType: 'notice',
          subjectId: noticeId,
          details: { previousStatus: notice.status, cancelledDeliveries: cancelled },
          requestId: request.requestId,
        })
        return { cancelled }
      })
    },
  }
}

export type ProgressService = ReturnType<typeof createProgressService>
