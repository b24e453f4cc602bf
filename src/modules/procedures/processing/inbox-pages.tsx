import type { PageContext } from '../../../platform/views/page-context.js'
import { Button, ButtonLink, Checkboxes, CsrfField, DateField, Pagination, Select, Table, Tag, TextField } from '../../../platform/views/components/index.js'
import { formatDate } from '../../../platform/views/format.js'
import { toIsoDate } from '../../../jp/calendar-date.js'
import { formatWareki } from '../../../jp/wareki.js'
import { localize } from '../form/localize.js'
import { filterFormValues, filterQueryString, INBOX_SORTS, INBOX_STATUS_FILTERS, type InboxFilter } from './inbox-filters.js'
import type { InboxOptions, InboxPage as InboxPageData } from './inbox-service.js'
import type { SavedFilter } from './inbox-repository.js'
import { applicationsBase, PaymentTag, ProcessingPage, StatusTag, summaryItems } from './processing-views.js'

/** A Tokyo calendar day as staff read it: 令和7年4月1日 beside the Western date (English: ISO). */
export function formatDay(value: Date, ctx: PageContext): string {
  return formatDate(toIsoDate(value), ctx.locale)
}

/** The due date, short: 和暦 only in Japanese (the table is wide). */
export function formatDueDay(value: Date, ctx: PageContext): string {
  return ctx.locale === 'en' ? toIsoDate(value) : formatWareki(value)
}

export function departmentName(ctx: PageContext, department: { name: string; nameEn: string }): string {
  return ctx.locale === 'en' && department.nameEn ? department.nameEn : department.name
}

export interface InboxPageProps {
  ctx: PageContext
  filter: InboxFilter
  /** the raw form values when the filter did not validate */
  rawFilter?: Record<string, string>
  errors?: Record<string, string>
  options: InboxOptions
  data?: InboxPageData
  savedFilters: SavedFilter[]
  saveErrors?: Record<string, string>
  saveName?: string
  notice?: string
}

/** 申請の受付一覧: filters (a GET form), the table with overdue highlighting, pagination, saved filters. */
export function InboxPage(props: InboxPageProps) {
  const { ctx, filter, options, data, savedFilters } = props
  const { t } = ctx
  const base = applicationsBase(ctx)
  const errors = { ...props.errors, ...props.saveErrors }
  const values = props.rawFilter ?? filterFormValues(filter)
  const query = filterQueryString(filter)
  return (
    <ProcessingPage ctx={ctx} title={t('processing.inbox.title')} section="inbox" notice={props.notice} errors={summaryItems(errors, ['department', 'procedure', 'status', 'from', 'to', 'assignee', 'overdue', 'sort', 'name'])}>
      <h1>{t('processing.inbox.title')}</h1>
      <p>{t('processing.inbox.lead')}</p>

      <form method="get" action={base} novalidate aria-label={t('processing.filter.label')}>
        <h2>{t('processing.filter.heading')}</h2>
        {options.departments.length > 1 && (
          <Select
            name="department"
            label={t('processing.filter.department')}
            value={values.department}
            error={errors.department}
            errorPrefix={t('common.errorPrefix')}
            options={[{ value: '', label: t('processing.filter.allDepartments') }, ...options.departments.map(d => ({ value: d.id, label: departmentName(ctx, d) }))]}
          />
        )}
        <Select
          name="procedure"
          label={t('processing.filter.procedure')}
          value={values.procedure}
          error={errors.procedure}
          errorPrefix={t('common.errorPrefix')}
          options={[{ value: '', label: t('processing.filter.allProcedures') }, ...options.procedures.map(p => ({ value: p.id, label: localize(p.title, ctx.locale) || p.slug }))]}
        />
        <Select
          name="status"
          label={t('processing.filter.status')}
          value={values.status || 'open'}
          error={errors.status}
          errorPrefix={t('common.errorPrefix')}
          options={INBOX_STATUS_FILTERS.map(s => ({ value: s, label: t(`processing.filter.statuses.${s}`) }))}
        />
        <DateField name="from" label={t('processing.filter.from')} hint={t('processing.filter.dateHint')} value={values.from} error={errors.from} errorPrefix={t('common.errorPrefix')} />
        <DateField name="to" label={t('processing.filter.to')} hint={t('processing.filter.dateHint')} value={values.to} error={errors.to} errorPrefix={t('common.errorPrefix')} />
        <Select
          name="assignee"
          label={t('processing.filter.assignee')}
          value={values.assignee}
          error={errors.assignee}
          errorPrefix={t('common.errorPrefix')}
          options={[
            { value: '', label: t('processing.filter.anyone') },
            { value: 'me', label: t('processing.filter.me') },
            { value: 'unassigned', label: t('processing.filter.unassigned') },
            ...options.assignees.map(s => ({ value: s.id, label: s.displayName })),
          ]}
        />
        <Checkboxes name="overdue" legend={t('processing.filter.overdueLegend')} values={values.overdue === '1' ? ['1'] : []} error={errors.overdue} errorPrefix={t('common.errorPrefix')} options={[{ value: '1', label: t('processing.filter.overdueOnly') }]} />
        <Select name="sort" label={t('processing.filter.sort')} value={values.sort || 'due'} error={errors.sort} errorPrefix={t('common.errorPrefix')} options={INBOX_SORTS.map(s => ({ value: s, label: t(`processing.filter.sorts.${s}`) }))} />
        <div class="button-group">
          <Button variant="primary">{t('processing.filter.apply')}</Button>
          <ButtonLink href={base} variant="link">
            {t('processing.filter.clear')}
          </ButtonLink>
        </div>
      </form>

      {data && <InboxResults ctx={ctx} filter={filter} data={data} />}
      {data && (
        <p>
          <a href={`${base}/export${query ? `?${query}` : ''}`}>{t('processing.inbox.exportThese')}</a>
        </p>
      )}

      <section aria-labelledby="saved-filters-heading">
        <h2 id="saved-filters-heading">{t('processing.savedFilters.heading')}</h2>
        {savedFilters.length === 0 ? (
          <p>{t('processing.savedFilters.empty')}</p>
        ) : (
          <ul class="list-plain">
            {savedFilters.map(saved => (
              <li>
                <a href={`${base}${saved.query ? `?${saved.query}` : ''}`}>{saved.name}</a>{' '}
                <form method="post" action={`${base}/saved-filters/${saved.id}/delete`} class="inline-form">
                  <CsrfField token={ctx.csrfToken} />
                  <button type="submit" class="link-button">
                    {t('processing.savedFilters.delete')}
                    <span class="visually-hidden"> {saved.name}</span>
                  </button>
                </form>
              </li>
            ))}
          </ul>
        )}
        {!props.errors && (
          <form method="post" action={`${base}/saved-filters`} novalidate>
            <CsrfField token={ctx.csrfToken} />
            <input type="hidden" name="query" value={query} />
            <TextField name="name" label={t('processing.savedFilters.name')} hint={t('processing.savedFilters.nameHint')} value={props.saveName ?? ''} error={errors.name} errorPrefix={t('common.errorPrefix')} width="20" autocomplete="off" />
            <Button variant="secondary">{t('processing.savedFilters.save')}</Button>
          </form>
        )}
      </section>
    </ProcessingPage>
  )
}

function InboxResults({ ctx, filter, data }: { ctx: PageContext; filter: InboxFilter; data: InboxPageData }) {
  const { t } = ctx
  const base = applicationsBase(ctx)
  return (
    <section aria-labelledby="results-heading">
      <h2 id="results-heading">{t('processing.inbox.results', { count: data.total })}</h2>
      {data.entries.length === 0 ? (
        <p>{t('processing.inbox.empty')}</p>
      ) : (
        <Table
          caption={t('processing.inbox.caption', { page: data.page, pageCount: data.pageCount })}
          captionId="inbox-caption"
          head={[
            t('processing.inbox.columns.receiptNumber'),
            t('processing.inbox.columns.procedure'),
            t('processing.inbox.columns.applicant'),
            t('processing.inbox.columns.received'),
            t('processing.inbox.columns.status'),
            t('processing.inbox.columns.assignee'),
            t('processing.inbox.columns.payment'),
            t('processing.inbox.columns.due'),
          ]}
          firstCellIsHeader
          rows={data.entries.map(entry => [
            <a href={`${base}/${entry.id}`}>{entry.receiptNumber ?? t('processing.inbox.noReceiptNumber')}</a>,
            localize(entry.procedureTitle, ctx.locale),
            entry.applicantName || t('processing.inbox.unknownApplicant'),
            entry.submittedAt ? formatDay(entry.submittedAt, ctx) : '',
            <StatusTag t={t} status={entry.status} />,
            entry.assigneeName ?? t('processing.inbox.unassigned'),
            <PaymentTag t={t} state={entry.paymentState} />,
            entry.dueAt ? (
              entry.isOverdue ? (
                <>
                  <Tag tone="red">{t('processing.inbox.overdue')}</Tag> {formatDueDay(entry.dueAt, ctx)}
                </>
              ) : (
                formatDueDay(entry.dueAt, ctx)
              )
            ) : (
              ''
            ),
          ])}
        />
      )}
      <Pagination
        page={data.page}
        pageCount={data.pageCount}
        hrefFor={page => `${base}?${filterQueryString(filter, page > 1 ? { page } : {})}`}
        labels={{ previous: t('processing.pagination.previous'), next: t('processing.pagination.next'), page: t('processing.pagination.page'), nav: t('processing.pagination.nav') }}
      />
    </section>
  )
}
