import type { PageContext } from '../../../platform/views/page-context.js'
import { Button, CsrfField, DateField, Select, Table, Tag } from '../../../platform/views/components/index.js'
import { formatDate } from '../../../platform/views/format.js'
import { localize } from '../form/localize.js'
import type { DelegationsView, PendingApproval } from './approval-service.js'
import { formatDueDay } from './inbox-pages.js'
import { applicationsBase, ProcessingPage, summaryItems } from './processing-views.js'

/** 決裁待ち: proposals waiting for approval steps in the staff member's departments. */
export function PendingApprovalsPage({ ctx, entries }: { ctx: PageContext; entries: PendingApproval[] }) {
  const { t } = ctx
  const base = applicationsBase(ctx)
  const mine = entries.filter(e => e.capacities.length > 0).length
  return (
    <ProcessingPage ctx={ctx} title={t('processing.approvals.title')} section="approvals">
      <h1>{t('processing.approvals.title')}</h1>
      <p>{t('processing.approvals.lead')}</p>
      <p>{t('processing.approvals.count', { count: mine, total: entries.length })}</p>
      {entries.length === 0 ? (
        <p>{t('processing.approvals.empty')}</p>
      ) : (
        <Table
          caption={t('processing.approvals.caption')}
          captionId="approvals-caption"
          head={[t('processing.inbox.columns.receiptNumber'), t('processing.inbox.columns.procedure'), t('processing.approvals.proposedDecision'), t('processing.approvals.proposer'), t('processing.approvals.nextStep'), t('processing.inbox.columns.due'), t('processing.approvals.yourPart')]}
          firstCellIsHeader
          rows={entries.map(entry => [
            <a href={`${base}/${entry.id}`}>{entry.receiptNumber ?? ''}</a>,
            localize(entry.procedureTitle, ctx.locale),
            entry.proposedDecision ? t(`processing.decisions.${entry.proposedDecision}`) : '',
            entry.proposerName ?? '',
            entry.nextStep ? t('processing.approvals.stepOf', { step: entry.nextStep, steps: entry.steps }) : '',
            entry.dueAt ? formatDueDay(entry.dueAt, ctx) : '',
            entry.capacities.length > 0 ? <Tag tone="yellow">{t('processing.approvals.canSign')}</Tag> : t('processing.approvals.cannotSign'),
          ])}
        />
      )}
    </ProcessingPage>
  )
}

/** 代決の設定: an approver names who signs for them while they are away. */
export function DelegationsPage({ ctx, view, errors = {}, form = {}, notice }: { ctx: PageContext; view: DelegationsView; errors?: Record<string, string>; form?: Record<string, string>; notice?: string }) {
  const { t } = ctx
  const base = applicationsBase(ctx)
  const me = ctx.staff?.id
  const given = view.delegations.filter(d => d.fromStaffId === me)
  const received = view.delegations.filter(d => d.toStaffId === me)
  const period = (d: { startsOn: string; endsOn: string }) => t('processing.delegations.period', { from: formatDate(d.startsOn, ctx.locale), to: formatDate(d.endsOn, ctx.locale) })
  return (
    <ProcessingPage ctx={ctx} title={t('processing.delegations.title')} section="delegations" notice={notice} errors={summaryItems(errors, ['to', 'startsOn', 'endsOn'])}>
      <h1>{t('processing.delegations.title')}</h1>
      <p>{t('processing.delegations.lead')}</p>

      <h2>{t('processing.delegations.received')}</h2>
      {received.length === 0 ? (
        <p>{t('processing.delegations.noneReceived')}</p>
      ) : (
        <ul class="list-plain">
          {received.map(d => (
            <li>{t('processing.delegations.receivedItem', { name: d.fromName, period: period(d) })}</li>
          ))}
        </ul>
      )}

      <h2>{t('processing.delegations.given')}</h2>
      {given.length === 0 ? (
        <p>{t('processing.delegations.noneGiven')}</p>
      ) : (
        <ul class="list-plain">
          {given.map(d => (
            <li>
              {t('processing.delegations.givenItem', { name: d.toName, period: period(d) })}{' '}
              <form method="post" action={`${base}/delegations/${d.id}/delete`} class="inline-form">
                <CsrfField token={ctx.csrfToken} />
                <button type="submit" class="link-button">
                  {t('processing.delegations.delete')}
                  <span class="visually-hidden"> {d.toName}</span>
                </button>
              </form>
            </li>
          ))}
        </ul>
      )}

      {view.canDelegate ? (
        <form method="post" action={`${base}/delegations`} novalidate>
          <CsrfField token={ctx.csrfToken} />
          <h2>{t('processing.delegations.add')}</h2>
          <Select
            name="to"
            label={t('processing.delegations.to')}
            value={form.to ?? ''}
            error={errors.to}
            errorPrefix={t('common.errorPrefix')}
            options={[{ value: '', label: t('processing.delegations.choose') }, ...view.candidates.map(c => ({ value: c.id, label: c.displayName }))]}
          />
          <DateField name="startsOn" label={t('processing.delegations.startsOn')} value={form.startsOn ?? view.today} error={errors.startsOn} errorPrefix={t('common.errorPrefix')} min={view.today} />
          <DateField name="endsOn" label={t('processing.delegations.endsOn')} value={form.endsOn ?? ''} error={errors.endsOn} errorPrefix={t('common.errorPrefix')} min={view.today} />
          <Button variant="primary">{t('processing.delegations.submit')}</Button>
        </form>
      ) : (
        <p>{t('processing.delegations.notApprover')}</p>
      )}
    </ProcessingPage>
  )
}
