/** 送信内容の確認: the notice as residents will get it, per language and channel, and how many it reaches. */
import type { Child } from 'hono/jsx'
import type { PageContext } from '../../../platform/views/page-context.js'
import { Button, CsrfField, NotificationBanner, SummaryList, Table, type SummaryListRow } from '../../../platform/views/components/index.js'
import { formatDateTime } from '../../../platform/views/format.js'
import { DELIVERY_CHANNELS, type Notice } from '../notification-tables.js'
import type { FormErrors } from './compose-errors.js'
import type { DraftConfirmation } from './compose-service.js'
import type { AudienceDescription } from './compose-sources.js'
import { channelLabel, formatCount, languageLabel, MultilineText, notificationsBase, NotificationsPage, PriorityLabel, summaryItems } from './compose-views.js'
import { noticeSubject, type NoticePreview } from './notice-preview.js'

export function ConfirmPage({ ctx, confirmation, errors = {} }: { ctx: PageContext; confirmation: DraftConfirmation; errors?: FormErrors }) {
  const { t } = ctx
  const { notice } = confirmation
  const base = `${notificationsBase(ctx)}/${notice.id}`
  const change = (context: string) => ({ href: `${base}/edit`, label: t('compose.confirm.change'), visuallyHiddenContext: context })
  const needsApproval = confirmation.approvalReasons.length > 0
  const submitLabel = needsApproval ? t('compose.confirm.requestApproval') : notice.scheduledAt ? t('compose.confirm.schedule') : t('compose.confirm.sendNow')
  return (
    <NotificationsPage ctx={ctx} title={t('compose.confirm.title')} section="new" errors={summaryItems(t, errors, ['audienceKind', 'scheduledAt'])}>
      <h1>{t('compose.confirm.title')}</h1>
      <p>{t('compose.confirm.lead')}</p>

      <SummaryList rows={noticeSummaryRows(ctx, notice, confirmation.audience, confirmation.topicName, change)} />

      {/* the error summary's links for problems found on sending land on these ids */}
      <h2 id="audienceKind" tabindex={-1}>{t('compose.confirm.countsHeading')}</h2>
      <p>
        <strong>{t('compose.confirm.recipients', { count: formatCount(confirmation.recipients) })}</strong>
      </p>
      <Table
        caption={t('compose.confirm.countsCaption')}
        head={[t('compose.confirm.channel'), t('compose.confirm.deliveries')]}
        firstCellIsHeader
        numericColumns={[1]}
        rows={[
          ...DELIVERY_CHANNELS.map(channel => [channelLabel(t, channel), formatCount(confirmation.byChannel[channel])]),
          [t('compose.confirm.totalRecipients'), formatCount(confirmation.recipients)],
        ]}
      />
      <p class="field__hint">{t('compose.confirm.countsHint')}</p>

      {confirmation.recipients === 0 ? (
        <NotificationBanner title={t('compose.confirm.noRecipientsTitle')}>
          <p>{t('compose.errors.noRecipients')}</p>
        </NotificationBanner>
      ) : null}
      {needsApproval ? (
        <NotificationBanner title={t('compose.confirm.approvalTitle')}>
          <ul>
            {confirmation.approvalReasons.map(reason => (
              <li>{t(`compose.approval.reasons.${reason}`, { threshold: formatCount(confirmation.threshold) })}</li>
            ))}
          </ul>
          <p>{t('compose.confirm.approvalLead')}</p>
        </NotificationBanner>
      ) : null}

      <h2>{t('compose.confirm.previewHeading')}</h2>
      <NoticePreviews ctx={ctx} previews={confirmation.previews} />

      {confirmation.recipients > 0 ? (
        <form method="post" action={`${base}/send`} class="action-form">
          <CsrfField token={ctx.csrfToken} />
          <Button>{submitLabel}</Button>
        </form>
      ) : null}
      <p>
        <a href={`${base}/edit`} id="scheduledAt">
          {t('compose.confirm.edit')}
        </a>
      </p>
      <form method="post" action={`${base}/discard`} class="action-form" data-confirm={t('compose.confirm.discardConfirm')}>
        <CsrfField token={ctx.csrfToken} />
        <Button variant="warning">{t('compose.confirm.discard')}</Button>
      </form>
    </NotificationsPage>
  )
}

/** Rows describing a notice (confirm page and progress page). `change` adds a change link to each. */
export function noticeSummaryRows(
  ctx: PageContext,
  notice: Notice,
  audience: AudienceDescription,
  topicName: string | null,
  change?: (context: string) => SummaryListRow['action'],
): SummaryListRow[] {
  const { t } = ctx
  const subject = noticeSubject(notice)
  const row = (key: string, value: Child): SummaryListRow => ({ key, value, action: change?.(key) })
  return [
    row(t('compose.form.subject'), subject),
    row(t('compose.form.topic'), topicName ?? t('compose.form.noTopic')),
    row(t('compose.form.priority'), <PriorityLabel t={t} priority={notice.priority} />),
    row(t('compose.form.digestLegend'), notice.isDigestible ? t('compose.confirm.digestYes') : t('compose.confirm.digestNo')),
    row(t('compose.form.linkUrl'), notice.linkUrl ?? t('compose.confirm.noLink')),
    row(t('compose.form.audience'), describeAudienceText(ctx, audience)),
    row(t('compose.form.timing'), notice.scheduledAt ? t('compose.confirm.scheduledFor', { at: formatDateTime(notice.scheduledAt, ctx.locale) }) : t('compose.form.timingNow')),
  ]
}

export function describeAudienceText(ctx: PageContext, audience: AudienceDescription): string {
  const { t } = ctx
  switch (audience.kind) {
    case 'everyone':
      return t('compose.audience.everyone')
    case 'topic':
      return t('compose.audience.topic', { name: audience.name })
    case 'segment':
      return t('compose.audience.segment', { name: audience.name })
    case 'districts':
      return t('compose.audience.districts', { names: audience.names.join('、') })
    case 'area':
      return t('compose.audience.area', { polygons: audience.polygons, vertices: audience.vertices })
    case 'residents':
      return t('compose.audience.residents', { count: formatCount(audience.count) })
  }
}

/** Each language as each channel will show it. */
export function NoticePreviews({ ctx, previews }: { ctx: PageContext; previews: NoticePreview[] }) {
  const { t } = ctx
  return (
    <>
      {previews.map(preview => (
        <section aria-labelledby={`preview-${preview.language}`}>
          <h3 id={`preview-${preview.language}`}>{languageLabel(t, preview.language)}</h3>
          {'error' in preview ? (
            <p class="field__error">{t('compose.confirm.previewFailed')}</p>
          ) : (
            <SummaryList
              rows={[
                { key: t('compose.preview.inbox'), value: <><strong>{preview.rendered.subject}</strong><br /><MultilineText text={preview.rendered.text} /></> },
                { key: t('compose.preview.email'), value: <><strong>{t('compose.preview.emailSubject', { subject: preview.rendered.subject })}</strong><br /><MultilineText text={preview.rendered.text} /></> },
                { key: t('compose.preview.line'), value: <MultilineText text={lineText(preview.rendered.line, preview.rendered.subject)} /> },
                { key: t('compose.preview.sms'), value: <><MultilineText text={preview.rendered.sms} /><br /><span class="field__hint">{t('compose.preview.smsLength', { count: [...preview.rendered.sms].length })}</span></> },
                { key: t('compose.preview.push'), value: <><strong>{preview.rendered.subject}</strong><br />{preview.rendered.push}</> },
              ]}
            />
          )}
        </section>
      ))}
    </>
  )
}

/** The text a LINE message shows: a text message's text, or a flex message's alt text. */
function lineText(messages: Record<string, unknown>[], subject: string): string {
  return messages
    .map(message => (message.type === 'text' && typeof message.text === 'string' ? message.text : typeof message.altText === 'string' ? message.altText : subject))
    .join('\n\n')
}
