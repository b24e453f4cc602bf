/**
 * Staff compose: /:tenant/staff/notifications — the overview, the compose form and its confirm
 * page, a notice's progress (HTML and JSON), approval, cancelling, and the metrics dashboard.
 */
import { randomUUID } from 'node:crypto'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { isUuid } from '../../../platform/http/params.js'
import { pageContext } from '../../../platform/views/page-context.js'
import type { ApprovalService } from './approval-service.js'
import { composeRequest } from './compose-context.js'
import { ComposeFormProblem, type FormErrors } from './compose-errors.js'
import { ComposePage } from './compose-pages.js'
import { emptyComposeForm, readComposeForm, type ComposeForm } from './compose-schemas.js'
import type { ComposeService } from './compose-service.js'
import { ConfirmPage } from './confirm-pages.js'
import { MetricsPage } from './metrics-pages.js'
import { CancelPage, NoticePage } from './notice-pages.js'
import { OverviewPage } from './overview-pages.js'
import { METRICS_PERIODS, type MetricsPeriod, type OverviewService } from './overview-service.js'
import type { ProgressService } from './progress-service.js'

const send = { auth: 'staff', permission: 'notifications.send' } as const
const approve = { auth: 'staff', permission: 'notifications.approve' } as const
const manage = { auth: 'staff', permission: 'notifications.manage' } as const

export interface ComposeServices {
  compose: ComposeService
  approvals: ApprovalService
  progress: ProgressService
  overview: OverviewService
  clock: () => Date
}

const OVERVIEW_DONE = ['thresholdSaved', 'discarded'] as const
const NOTICE_DONE = ['sent', 'scheduled', 'pendingApproval', 'alreadySent', 'approved', 'rejected', 'cancelled'] as const
const DONE_KEYS: Record<string, string> = {
  thresholdSaved: 'compose.settings.saved',
  discarded: 'compose.confirm.discarded',
  sent: 'compose.notice.sent',
  scheduled: 'compose.notice.scheduled',
  pendingApproval: 'compose.notice.pendingApproval',
  alreadySent: 'compose.notice.alreadySent',
  approved: 'compose.notice.approved',
  rejected: 'compose.notice.rejected',
  cancelled: 'compose.notice.cancelled',
}

function doneMessage(req: FastifyRequest, allowed: readonly string[]): string | undefined {
  const done = (req.query as { done?: unknown } | undefined)?.done
  return typeof done === 'string' && allowed.includes(done) ? req.t(DONE_KEYS[done]) : undefined
}

function noticeIdOf(req: FastifyRequest): string | undefined {
  const { noticeId } = req.params as { noticeId: string }
  return isUuid(noticeId) ? noticeId.toLowerCase() : undefined
}

export function registerComposeRoutes(app: FastifyInstance, services: ComposeServices) {
  const { compose, approvals, progress, overview, clock } = services
  const base = (req: FastifyRequest) => `/${composeRequest(req).tenant.slug}/staff/notifications`

  async function renderCompose(req: FastifyRequest, reply: FastifyReply, form: ComposeForm, errors: FormErrors, status: number, draftId?: string) {
    const page = await compose.prepareComposePage(composeRequest(req), form, { isFresh: status === 200 && !draftId })
    reply.header('cache-control', 'no-store')
    return reply.html(<ComposePage ctx={pageContext(req)} form={page.form} choices={page.choices} template={page.template} placeholders={page.placeholders} errors={errors} draftId={draftId} now={clock()} />, status)
  }

  async function renderConfirm(req: FastifyRequest, reply: FastifyReply, noticeId: string, errors: FormErrors = {}, status = 200) {
    const confirmation = await compose.confirmDraft(composeRequest(req), noticeId)
    if (!('recipients' in confirmation)) return reply.redirect(`${base(req)}/${noticeId}`, 303)
    reply.header('cache-control', 'no-store')
    return reply.html(<ConfirmPage ctx={pageContext(req)} confirmation={confirmation} errors={errors} />, status)
  }

  async function renderNotice(req: FastifyRequest, reply: FastifyReply, noticeId: string, options: { errors?: FormErrors; reason?: string; status?: number } = {}) {
    const view = await progress.getNoticeView(composeRequest(req), noticeId)
    if (view.notice.status === 'draft') return reply.redirect(`${base(req)}/${noticeId}/confirm`, 303)
    reply.header('cache-control', 'no-store')
    return reply.html(<NoticePage ctx={pageContext(req)} view={view} now={clock()} errors={options.errors} reason={options.reason} notice={doneMessage(req, NOTICE_DONE)} />, options.status ?? 200)
  }

  app.get('/:tenant/staff/notifications', { config: send }, async (req, reply) => {
    const data = await overview.getOverview(composeRequest(req))
    reply.header('cache-control', 'no-store')
    return reply.html(<OverviewPage ctx={pageContext(req)} overview={data} notice={doneMessage(req, OVERVIEW_DONE)} />)
  })

  // The approval threshold decides what needs four eyes: only approvers may move it.
  app.post('/:tenant/staff/notifications/settings', { config: { auth: 'staff', permission: 'notifications.approve' } }, async (req, reply) => {
    const request = composeRequest(req)
    const value = String((req.body as { approvalThreshold?: unknown } | undefined)?.approvalThreshold ?? '')
    try {
      await overview.changeApprovalThreshold(request, value)
    } catch (error) {
      if (!(error instanceof ComposeFormProblem)) throw error
      return reply.html(<OverviewPage ctx={pageContext(req)} overview={await overview.getOverview(request)} errors={error.errors} thresholdValue={value} />, 422)
    }
    return reply.redirect(`${base(req)}?done=thresholdSaved`, 303)
  })

  app.get('/:tenant/staff/notifications/metrics', { config: send }, async (req, reply) => {
    const raw = Number((req.query as { days?: unknown } | undefined)?.days)
    const days: MetricsPeriod = (METRICS_PERIODS as readonly number[]).includes(raw) ? (raw as MetricsPeriod) : 7
    const { since, metrics } = await overview.getMetrics(composeRequest(req), days)
    return reply.html(<MetricsPage ctx={pageContext(req)} days={days} since={since} metrics={metrics} />)
  })

  app.get('/:tenant/staff/notifications/new', { config: send }, async (req, reply) => {
    const templateId = (req.query as { template?: unknown } | undefined)?.template
    const form = emptyComposeForm(randomUUID())
    if (isUuid(templateId)) form.templateId = templateId.toLowerCase()
    return renderCompose(req, reply, form, {}, 200)
  })

  app.get('/:tenant/staff/notifications/new/districts.geojson', { config: send }, async (req, reply) => {
    const collection = await compose.listDistrictFeatures(composeRequest(req))
    return reply.type('application/geo+json; charset=utf-8').header('cache-control', 'private, max-age=60').send(JSON.stringify(collection))
  })

  app.post('/:tenant/staff/notifications/new', { config: send }, async (req, reply) => {
    const form = readComposeForm(req.body)
    try {
      const { noticeId } = await compose.createDraft(composeRequest(req), form)
      return reply.redirect(`${base(req)}/${noticeId}/confirm`, 303)
    } catch (error) {
      if (error instanceof ComposeFormProblem) return renderCompose(req, reply, form, error.errors, 422)
      throw error
    }
  })

  app.get('/:tenant/staff/notifications/:noticeId', { config: send }, async (req, reply) => {
    const noticeId = noticeIdOf(req)
    if (!noticeId) return reply.callNotFound()
    return renderNotice(req, reply, noticeId)
  })

  app.get('/:tenant/staff/notifications/:noticeId/progress.json', { config: send }, async (req, reply) => {
    const noticeId = noticeIdOf(req)
    if (!noticeId) return reply.callNotFound()
    const body = await progress.getNoticeProgress(composeRequest(req), noticeId)
    return reply.header('cache-control', 'no-store').send(body)
  })

  app.get('/:tenant/staff/notifications/:noticeId/edit', { config: send }, async (req, reply) => {
    const noticeId = noticeIdOf(req)
    if (!noticeId) return reply.callNotFound()
    const form = await compose.getDraftForm(composeRequest(req), noticeId)
    return renderCompose(req, reply, form, {}, 200, noticeId)
  })

  app.post('/:tenant/staff/notifications/:noticeId/edit', { config: send }, async (req, reply) => {
    const noticeId = noticeIdOf(req)
    if (!noticeId) return reply.callNotFound()
    const form = readComposeForm(req.body)
    try {
      await compose.updateDraft(composeRequest(req), noticeId, form)
    } catch (error) {
      if (error instanceof ComposeFormProblem) return renderCompose(req, reply, form, error.errors, 422, noticeId)
      throw error
    }
    return reply.redirect(`${base(req)}/${noticeId}/confirm`, 303)
  })

  app.get('/:tenant/staff/notifications/:noticeId/confirm', { config: send }, async (req, reply) => {
    const noticeId = noticeIdOf(req)
    if (!noticeId) return reply.callNotFound()
    return renderConfirm(req, reply, noticeId)
  })

  app.post('/:tenant/staff/notifications/:noticeId/send', { config: send }, async (req, reply) => {
    const noticeId = noticeIdOf(req)
    if (!noticeId) return reply.callNotFound()
    try {
      const result = await compose.sendDraft(composeRequest(req), noticeId)
      const done = result.outcome === 'already-sent' ? 'alreadySent' : result.outcome === 'send-now' ? 'sent' : result.outcome === 'scheduled' ? 'scheduled' : 'pendingApproval'
      return reply.redirect(`${base(req)}/${noticeId}?done=${done}`, 303)
    } catch (error) {
      if (error instanceof ComposeFormProblem) return renderConfirm(req, reply, noticeId, error.errors, 422)
      throw error
    }
  })

  app.post('/:tenant/staff/notifications/:noticeId/discard', { config: send }, async (req, reply) => {
    const noticeId = noticeIdOf(req)
    if (!noticeId) return reply.callNotFound()
    await compose.discardDraft(composeRequest(req), noticeId)
    return reply.redirect(`${base(req)}?done=discarded`, 303)
  })

  app.post('/:tenant/staff/notifications/:noticeId/approve', { config: approve }, async (req, reply) => {
    const noticeId = noticeIdOf(req)
    if (!noticeId) return reply.callNotFound()
    await approvals.approveNotice(composeRequest(req), noticeId)
    return reply.redirect(`${base(req)}/${noticeId}?done=approved`, 303)
  })

  app.post('/:tenant/staff/notifications/:noticeId/reject', { config: approve }, async (req, reply) => {
    const noticeId = noticeIdOf(req)
    if (!noticeId) return reply.callNotFound()
    const reason = String((req.body as { reason?: unknown } | undefined)?.reason ?? '')
    try {
      await approvals.rejectNotice(composeRequest(req), noticeId, reason)
    } catch (error) {
      if (error instanceof ComposeFormProblem) return renderNotice(req, reply, noticeId, { errors: error.errors, reason, status: 422 })
      throw error
    }
    return reply.redirect(`${base(req)}/${noticeId}?done=rejected`, 303)
  })

  app.get('/:tenant/staff/notifications/:noticeId/cancel', { config: send }, async (req, reply) => {
    const noticeId = noticeIdOf(req)
    if (!noticeId) return reply.callNotFound()
    const view = await progress.getNoticeView(composeRequest(req), noticeId)
    if (!view.canCancel) return reply.redirect(`${base(req)}/${noticeId}`, 303)
    return reply.html(<CancelPage ctx={pageContext(req)} view={view} />)
  })

  app.post('/:tenant/staff/notifications/:noticeId/cancel', { config: send }, async (req, reply) => {
    const noticeId = noticeIdOf(req)
    if (!noticeId) return reply.callNotFound()
    await progress.cancelNotice(composeRequest(req), noticeId)
    return reply.redirect(`${base(req)}/${noticeId}?done=cancelled`, 303)
  })
}
