/** One notice: its state, approval, live progress by channel and state, and cancelling. */
import type { PageContext } from '../../../platform/views/page-context.js'
import { Button, ButtonLink, CsrfField, Details, NotificationBanner, SummaryList, Table, TextArea } from '../../../platform/views/components/index.js'
import { formatDateTime } from '../../../platform/views/format.js'
import { DELIVERY_CHANNELS, type DeliveryStatus } from '../notification-tables.js'
import type { FormErrors } from './compose-errors.js'
import { noticeSubject } from './notice-preview.js'
import { NoticePreviews, noticeSummaryRows } from './confirm-pages.js'
import { channelLabel, deliveryStatusLabel, formatCount, formatElapsed, notificationsBase, NotificationsPage, NoticeStatusTag, PriorityLabel, summaryItems, translateErrors } from './compose-views.js'
import type { NoticeProgress, NoticeView } from './progress-service.js'
import { StackedBarChart, type ChartPalette } from '../../../platform/views/components/index.js'

const STATES: DeliveryStatus[] = ['delivered', 'sending', 'created', 'temporary_failure', 'permanent_failure', 'cancelled']
const STATE_COLOURS: Record<DeliveryStatus, string> = {
  delivered: '#197a4b',
  sending: '#0031d8',
  created: '#b4b4b7',
  temporary_failure: '#c7a000',
  permanent_failure: '#ce0000',
  cancelled: '#4d4d4d',
}
/** How often the page reloads itself while deliveries are going out. */
export const PROGRESS_RELOAD_MS = 5000

export function NoticePage({ ctx, view, now, errors = {}, reason = '', notice: doneMessage }: { ctx: PageContext; view: NoticeView; now: Date; errors?: FormErrors; reason?: string; notice?: string }) {
  const { t } = ctx
  const { notice } = view
  const base = `${notificationsBase(ctx)}/${notice.id}`
  const subject = noticeSubject(notice)
  const messages = translateErrors(t, errors)
  const isLive = notice.status === 'sending' && view.progress !== null && view.progress.terminal < view.progress.total
  return (
    <NotificationsPage ctx={ctx} title={subject} section="overview" errors={summaryItems(t, errors, ['reason'])} notice={doneMessage}>
      <p>
        <a href={notificationsBase(ctx)} class="back-link">{t('compose.notice.back')}</a>
      </p>
      <h1>{subject}</h1>
      <p>
        <NoticeStatusTag t={t} status={notice.status} /> <PriorityLabel t={t} priority={notice.priority} />
      </p>

      {notice.status === 'pending_approval' ? <ApprovalSection ctx={ctx} view={view} base={base} reason={reason} error={messages.reason} /> : null}
      {notice.status === 'rejected' ? (
        <NotificationBanner title={t('compose.notice.rejectedTitle')}>
          <p>{t('compose.notice.rejectedBy', { name: view.deciderName ?? '-', at: notice.approvedAt ? formatDateTime(notice.approvedAt, ctx.locale) : '-' })}</p>
          <p>{t('compose.notice.rejectedReason', { reason: notice.decisionNote ?? '' })}</p>
        </NotificationBanner>
      ) : null}

      <SummaryList
        rows={[
          ...noticeSummaryRows(ctx, notice, view.audience, view.topicName),
          { key: t('compose.notice.composer'), value: view.composerName ?? t(`compose.notice.source.${notice.source}`) },
          { key: t('compose.notice.createdAt'), value: formatDateTime(notice.createdAt, ctx.locale) },
          ...(notice.approvedAt && notice.status !== 'rejected' ? [{ key: t('compose.notice.approvedBy'), value: `${view.deciderName ?? '-'}(${formatDateTime(notice.approvedAt, ctx.locale)})` }] : []),
          { key: t('compose.notice.recipients'), value: notice.recipientCount === null ? '-' : t('compose.notice.recipientCount', { count: formatCount(notice.recipientCount) }) },
          ...(notice.deliveriesCreatedAt ? [{ key: t('compose.notice.sentAt'), value: `${formatDateTime(notice.deliveriesCreatedAt, ctx.locale)}(${formatElapsed(t, notice.deliveriesCreatedAt, now)})` }] : []),
          ...(notice.completedAt ? [{ key: t('compose.notice.completedAt'), value: formatDateTime(notice.completedAt, ctx.locale) }] : []),
          ...(notice.cancelledAt ? [{ key: t('compose.notice.cancelledAt'), value: `${formatDateTime(notice.cancelledAt, ctx.locale)} ${view.cancellerName ?? ''}` }] : []),
        ]}
      />

      {view.progress ? (
        <section aria-labelledby="progress-heading">
          <h2 id="progress-heading">{t('compose.progress.heading')}</h2>
          <ProgressSummary ctx={ctx} progress={view.progress} />
          {isLive ? (
            <p data-auto-reload={String(PROGRESS_RELOAD_MS)} class="field__hint">
              {t('compose.progress.autoReload', { seconds: PROGRESS_RELOAD_MS / 1000 })}
            </p>
          ) : null}
          <ProgressChart ctx={ctx} progress={view.progress} />
          <ProgressTable ctx={ctx} progress={view.progress} />
          <p>
            <a href={`${base}/progress.json`}>{t('compose.progress.json')}</a>
          </p>
        </section>
      ) : notice.status === 'scheduled' && notice.scheduledAt ? (
        <p>{t('compose.progress.scheduled', { at: formatDateTime(notice.scheduledAt, ctx.locale) })}</p>
      ) : null}

      {view.canCancel ? (
        <p>
          <ButtonLink href={`${base}/cancel`} variant="warning">{t('compose.cancel.link')}</ButtonLink>
        </p>
      ) : null}

      <Details summary={t('compose.notice.contentHeading')}>
        <NoticePreviews ctx={ctx} previews={view.previews} />
      </Details>
    </NotificationsPage>
  )
}

function ApprovalSection({ ctx, view, base, reason, error }: { ctx: PageContext; view: NoticeView; base: string; reason: string; error?: string }) {
  const { t } = ctx
  return (
    <section aria-labelledby="approval-heading">
      <h2 id="approval-heading">{t('compose.approval.heading')}</h2>
      <ul>
        {view.approvalReasons.map(r => (
          <li>{t(`compose.approval.reasons.${r}Short`)}</li>
        ))}
      </ul>
      {view.decisionRefusal === undefined ? (
        <>
          <p>{t('compose.approval.lead')}</p>
          <form method="post" action={`${base}/approve`} class="action-form">
            <CsrfField token={ctx.csrfToken} />
            <Button>{t('compose.approval.approve')}</Button>
          </form>
          <form method="post" action={`${base}/reject`} novalidate>
            <CsrfField token={ctx.csrfToken} />
            <TextArea name="reason" label={t('compose.approval.reason')} hint={t('compose.approval.reasonHint')} value={reason} error={error} errorPrefix={t('common.errorPrefix')} rows={3} />
            <Button variant="warning">{t('compose.approval.reject')}</Button>
          </form>
        </>
      ) : (
        <p>{t(`compose.approval.waiting.${view.decisionRefusal}`)}</p>
      )}
    </section>
  )
}

function ProgressSummary({ ctx, progress }: { ctx: PageContext; progress: NoticeProgress }) {
  const { t } = ctx
  const percent = progress.total === 0 ? 100 : Math.floor((progress.terminal / progress.total) * 100)
  return <p role="status">{t('compose.progress.summary', { done: formatCount(progress.terminal), total: formatCount(progress.total), percent })}</p>
}

function statePalette(ctx: PageContext): ChartPalette {
  return Object.fromEntries(STATES.map(state => [state, { colour: STATE_COLOURS[state], label: deliveryStatusLabel(ctx.t, state) }]))
}

function ProgressChart({ ctx, progress }: { ctx: PageContext; progress: NoticeProgress }) {
  const { t } = ctx
  const channels = DELIVERY_CHANNELS.filter(channel => STATES.some(state => progress.byChannel[channel][state] > 0))
  const description = channels
    .map(channel => `${channelLabel(t, channel)}: ${STATES.filter(s => progress.byChannel[channel][s] > 0).map(s => `${deliveryStatusLabel(t, s)} ${progress.byChannel[channel][s]}`).join('、')}`)
    .join('。')
  return (
    <StackedBarChart
      id="progress-chart"
      title={t('compose.progress.chartTitle')}
      description={description || t('compose.progress.none')}
      palette={statePalette(ctx)}
      rows={channels.map(channel => {
        const counts = progress.byChannel[channel]
        const total = STATES.reduce((sum, s) => sum + counts[s], 0)
        const done = counts.delivered + counts.permanent_failure + counts.cancelled
        return { label: channelLabel(t, channel), segments: STATES.map(state => ({ key: state, value: counts[state] })), figure: `${formatCount(done)} / ${formatCount(total)}` }
      })}
    />
  )
}

function ProgressTable({ ctx, progress }: { ctx: PageContext; progress: NoticeProgress }) {
  const { t } = ctx
  const channels = DELIVERY_CHANNELS.filter(channel => STATES.some(state => progress.byChannel[channel][state] > 0))
  const columnTotal = (state: DeliveryStatus) => channels.reduce((sum, channel) => sum + progress.byChannel[channel][state], 0)
  return (
    <Table
      caption={t('compose.progress.tableCaption')}
      head={[t('compose.confirm.channel'), ...STATES.map(s => deliveryStatusLabel(t, s)), t('compose.progress.total')]}
      firstCellIsHeader
      numericColumns={STATES.map((_, i) => i + 1).concat(STATES.length + 1)}
      rows={[
        ...channels.map(channel => [
          channelLabel(t, channel),
          ...STATES.map(state => formatCount(progress.byChannel[channel][state])),
          formatCount(STATES.reduce((sum, s) => sum + progress.byChannel[channel][s], 0)),
        ]),
        [t('compose.progress.total'), ...STATES.map(state => formatCount(columnTotal(state))), formatCount(progress.total)],
      ]}
    />
  )
}

/** まだ送っていない分の取り消し: says what stops and what does not, then asks. */
export function CancelPage({ ctx, view }: { ctx: PageContext; view: NoticeView }) {
  const { t } = ctx
  const { notice, progress } = view
  const base = `${notificationsBase(ctx)}/${notice.id}`
  const subject = noticeSubject(notice)
  const waiting = progress ? DELIVERY_CHANNELS.reduce((sum, c) => sum + progress.byChannel[c].created + progress.byChannel[c].temporary_failure, 0) : 0
  const delivered = progress ? DELIVERY_CHANNELS.reduce((sum, c) => sum + progress.byChannel[c].delivered, 0) : 0
  return (
    <NotificationsPage ctx={ctx} title={t('compose.cancel.title')} section="overview">
      <h1>{t('compose.cancel.title')}</h1>
      <p>{t('compose.cancel.subject', { subject })}</p>
      {progress ? (
        <ul>
          <li>{t('compose.cancel.waiting', { count: formatCount(waiting) })}</li>
          <li>{t('compose.cancel.delivered', { count: formatCount(delivered) })}</li>
        </ul>
      ) : (
        <p>{t(`compose.cancel.notStarted.${notice.status === 'pending_approval' ? 'pending' : 'scheduled'}`)}</p>
      )}
      <p>{t('compose.cancel.lead')}</p>
      <form method="post" action={`${base}/cancel`} class="action-form">
        <CsrfField token={ctx.csrfToken} />
        <Button variant="warning">{t('compose.cancel.submit')}</Button>
      </form>
      <p>
        <a href={base}>{t('compose.cancel.back')}</a>
      </p>
    </NotificationsPage>
  )
}
