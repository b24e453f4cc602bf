/** お知らせ配信 — the hub's front page: recent notices, approvals waiting, setup, the approval threshold. */
import type { PageContext } from '../../../platform/views/page-context.js'
import { Button, ButtonLink, CsrfField, Table, TextField } from '../../../platform/views/components/index.js'
import { formatDateTime } from '../../../platform/views/format.js'
import type { FormErrors } from './compose-errors.js'
import type { NoticeListEntry } from './compose-repository.js'
import { formatCount, notificationsBase, NotificationsPage, NoticeStatusTag, PriorityLabel, SETUP_PAGES, summaryItems, translateErrors } from './compose-views.js'
import type { Overview, OverviewEntry } from './overview-service.js'

export function OverviewPage({ ctx, overview, errors = {}, thresholdValue, notice }: { ctx: PageContext; overview: Overview; errors?: FormErrors; thresholdValue?: string; notice?: string }) {
  const { t } = ctx
  const base = notificationsBase(ctx)
  const permissions = ctx.staff?.permissions
  const canManage = permissions?.has('notifications.manage') ?? false
  const canApprove = permissions?.has('notifications.approve') ?? false
  const messages = translateErrors(t, errors)
  return (
    <NotificationsPage ctx={ctx} title={t('compose.overview.title')} section="overview" errors={summaryItems(t, errors, ['approvalThreshold'])} notice={notice}>
      <h1>{t('compose.overview.title')}</h1>
      <p>{t('compose.overview.lead')}</p>
      <p class="button-group">
        <ButtonLink href={`${base}/new`}>{t('compose.overview.compose')}</ButtonLink>
        <ButtonLink href={`${base}/metrics`} variant="secondary">{t('compose.overview.metrics')}</ButtonLink>
      </p>

      {canApprove ? (
        <section aria-labelledby="approvals-heading">
          <h2 id="approvals-heading">{t('compose.overview.approvalsHeading')}</h2>
          {overview.pendingApprovals.length === 0 ? (
            <p>{t('compose.overview.noApprovals')}</p>
          ) : (
            <NoticeTable ctx={ctx} caption={t('compose.overview.approvalsCaption', { count: overview.pendingApprovals.length })} entries={overview.pendingApprovals} />
          )}
        </section>
      ) : null}

      <section aria-labelledby="recent-heading">
        <h2 id="recent-heading">{t('compose.overview.recentHeading')}</h2>
        {overview.recent.length === 0 ? <p>{t('compose.overview.noNotices')}</p> : <NoticeTable ctx={ctx} caption={t('compose.overview.recentCaption')} entries={overview.recent} />}
      </section>

      {canManage ? (
        <>
          <section aria-labelledby="setup-heading">
            <h2 id="setup-heading">{t('compose.overview.setupHeading')}</h2>
            <ul class="card-list">
              {SETUP_PAGES.map(page => (
                <li class="card">
                  <h3 class="card__title">
                    <a href={`${base}/${page}`}>{t(`compose.setup.${page}.title`)}</a>
                  </h3>
                  <p class="card__description">{t(`compose.setup.${page}.description`)}</p>
                </li>
              ))}
            </ul>
          </section>
          {canApprove ? (
          <section aria-labelledby="settings-heading">
            <h2 id="settings-heading">{t('compose.settings.heading')}</h2>
            <form method="post" action={`${base}/settings`} novalidate>
              <CsrfField token={ctx.csrfToken} />
              <TextField
                name="approvalThreshold"
                label={t('compose.settings.threshold')}
                hint={t('compose.settings.thresholdHint', { current: formatCount(overview.threshold) })}
                value={thresholdValue ?? String(overview.threshold)}
                error={messages.approvalThreshold}
                errorPrefix={t('common.errorPrefix')}
                inputmode="numeric"
                width="10"
              />
              <Button variant="secondary">{t('common.save')}</Button>
            </form>
          </section>
          ) : (
            <p>{t('compose.settings.thresholdInfo', { current: formatCount(overview.threshold) })}</p>
          )}
        </>
      ) : (
        <p>{t('compose.settings.thresholdInfo', { current: formatCount(overview.threshold) })}</p>
      )}
    </NotificationsPage>
  )
}

function NoticeTable({ ctx, caption, entries }: { ctx: PageContext; caption: string; entries: (NoticeListEntry | OverviewEntry)[] }) {
  const { t } = ctx
  const base = notificationsBase(ctx)
  return (
    <Table
      caption={caption}
      head={[t('compose.overview.columns.subject'), t('compose.overview.columns.status'), t('compose.overview.columns.recipients'), t('compose.overview.columns.progress'), t('compose.overview.columns.when'), t('compose.overview.columns.composer')]}
      firstCellIsHeader
      numericColumns={[2]}
      rows={entries.map(entry => [
        <a href={entry.status === 'draft' ? `${base}/${entry.id}/confirm` : `${base}/${entry.id}`}>{entry.subject || t('compose.overview.untitled')}</a>,
        <>
          <NoticeStatusTag t={t} status={entry.status} />
          {entry.priority === 'critical' ? (
            <>
              {' '}
              <PriorityLabel t={t} priority={entry.priority} />
            </>
          ) : null}
        </>,
        entry.recipientCount === null ? '-' : formatCount(entry.recipientCount),
        progressText(ctx, entry),
        whenText(ctx, entry),
        entry.composerName ?? '-',
      ])}
    />
  )
}

function progressText(ctx: PageContext, entry: NoticeListEntry | OverviewEntry): string {
  const progress = 'progress' in entry ? entry.progress : undefined
  if (entry.status === 'sending' && progress) return ctx.t('compose.overview.progress', { done: formatCount(progress.done), total: formatCount(progress.total) })
  if (entry.status === 'completed') return ctx.t('compose.overview.progressDone')
  return '-'
}

function whenText(ctx: PageContext, entry: NoticeListEntry): string {
  if (entry.deliveriesCreatedAt) return ctx.t('compose.overview.sentAt', { at: formatDateTime(entry.deliveriesCreatedAt, ctx.locale) })
  if (entry.scheduledAt) return ctx.t('compose.overview.scheduledAt', { at: formatDateTime(entry.scheduledAt, ctx.locale) })
  return ctx.t('compose.overview.createdAt', { at: formatDateTime(entry.createdAt, ctx.locale) })
}
