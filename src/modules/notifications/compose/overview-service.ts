/**
 * The hub's front page (recent notices, approvals waiting, the approval threshold) and the
 * metrics dashboard (delivery figures per channel and reach).
 */
import { recordAudit } from '../../../platform/audit/audit-log.js'
import { withTenant } from '../../../platform/db/tenant-context.js'
import { summariseDeliveryMetrics } from '../delivery/index.js'
import { auditActor, type ComposeDeps, type ComposeRequest } from './compose-context.js'
import { ComposeFormProblem } from './compose-errors.js'
import { countDeliveryProgress, findApprovalThreshold, listPendingApprovals, listRecentNotices, saveApprovalThreshold, type NoticeListEntry } from './compose-repository.js'

export const RECENT_NOTICES = 30
export const METRICS_PERIODS = [7, 30] as const
export type MetricsPeriod = (typeof METRICS_PERIODS)[number]
export const APPROVAL_THRESHOLD_MAX = 10_000_000

export interface OverviewEntry extends NoticeListEntry {
  progress?: { done: number; total: number }
}

export interface Overview {
  recent: OverviewEntry[]
  pendingApprovals: NoticeListEntry[]
  threshold: number
}

export type DeliveryMetrics = Awaited<ReturnType<typeof summariseDeliveryMetrics>>

export function createOverviewService({ db, clock }: ComposeDeps) {
  return {
    async getOverview(request: ComposeRequest): Promise<Overview> {
      return withTenant(db, request.tenant.id, async trx => {
        const recent = await listRecentNotices(trx, request.tenant.id, request.actor.id, RECENT_NOTICES)
        const progress = await countDeliveryProgress(trx, request.tenant.id, recent.filter(n => n.status === 'sending').map(n => n.id))
        const pendingApprovals = request.actor.permissions.has('notifications.approve') ? await listPendingApprovals(trx, request.tenant.id) : []
        return {
          recent: recent.map(entry => ({ ...entry, progress: progress.get(entry.id) })),
          pendingApprovals,
          threshold: await findApprovalThreshold(trx, request.tenant.id),
        }
      })
    },

    async changeApprovalThreshold(request: ComposeRequest, raw: string): Promise<void> {
      const text = raw.normalize('NFKC').replace(/[,\s]/g, '')
      if (!/^\d{1,8}$/.test(text) || Number(text) > APPROVAL_THRESHOLD_MAX) {
        throw new ComposeFormProblem({ approvalThreshold: { key: 'compose.settings.errors.threshold', params: { max: APPROVAL_THRESHOLD_MAX } } })
      }
      const threshold = Number(text)
      await withTenant(db, request.tenant.id, async trx => {
        const previous = await saveApprovalThreshold(trx, request.tenant.id, threshold)
        await recordAudit(trx, request.tenant.id, {
          actor: auditActor(request.actor),
          action: 'notifications.settings-update',
          subjectType: 'notification-settings',
          subjectId: request.tenant.id,
          details: { approvalThreshold: { from: previous, to: threshold } },
          requestId: request.requestId,
        })
      })
    },

    async getMetrics(request: ComposeRequest, days: MetricsPeriod): Promise<{ since: Date; metrics: DeliveryMetrics }> {
      const since = new Date(clock().getTime() - days * 86_400_000)
      const metrics = await withTenant(db, request.tenant.id, trx => summariseDeliveryMetrics(trx, request.tenant.id, since))
      return { since, metrics }
    },
  }
}

export type OverviewService = ReturnType<typeof createOverviewService>
