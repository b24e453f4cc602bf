import type { PageContext } from '../../../platform/views/page-context.js'
import { Button, ButtonLink, Checkboxes, CsrfField, NotificationBanner, Radios } from '../../../platform/views/components/index.js'
import { formatDateTime } from '../../../platform/views/format.js'
import type { ApplicationExport } from './export-tables.js'
import { FILTER_FIELDS, filterFormValues, filterQueryString, type InboxFilter } from './inbox-filters.js'
import { applicationsBase, ProcessingPage, summaryItems } from './processing-views.js'
import { EXPORT_DIRECT_LIMIT } from './export-service.js'

/** 申請データの出力: the inbox's current filter, the format and encoding, and whether to build it in the background. */
export function ExportPage({ ctx, filter, errors = {}, form = {} }: { ctx: PageContext; filter: InboxFilter; errors?: Record<string, string>; form?: Record<string, string> }) {
  const { t } = ctx
  const base = applicationsBase(ctx)
  const values = filterFormValues(filter)
  const query = filterQueryString(filter)
  return (
    <ProcessingPage ctx={ctx} title={t('processing.export.title')} section="export" errors={summaryItems(errors, ['format', 'encoding', 'background'])}>
      <h1>{t('processing.export.title')}</h1>
      <p>{t('processing.export.lead')}</p>
      <p>
        {query ? t('processing.export.filtered') : t('processing.export.unfiltered')} <a href={`${base}${query ? `?${query}` : ''}`}>{t('processing.export.changeFilter')}</a>
      </p>
      {!filter.procedure && <p class="muted">{t('processing.export.answersNeedProcedure')}</p>}
      <p class="muted">{t('processing.export.personalData')}</p>
      <form method="post" action={`${base}/export`} novalidate>
        <CsrfField token={ctx.csrfToken} />
        {FILTER_FIELDS.map(name => (
          <input type="hidden" name={name} value={values[name]} />
        ))}
        <Radios
          name="format"
          legend={t('processing.export.format')}
          value={form.format ?? 'csv'}
          error={errors.format}
          errorPrefix={t('common.errorPrefix')}
          options={[
            { value: 'csv', label: t('processing.export.formats.csv'), hint: t('processing.export.formats.csvHint') },
            { value: 'json', label: t('processing.export.formats.json'), hint: t('processing.export.formats.jsonHint') },
          ]}
        />
        <Radios
          name="encoding"
          legend={t('processing.export.encoding')}
          hint={t('processing.export.encodingHint')}
          value={form.encoding ?? 'utf-8-bom'}
          error={errors.encoding}
          errorPrefix={t('common.errorPrefix')}
          options={[
            { value: 'utf-8-bom', label: t('processing.export.encodings.utf-8-bom') },
            { value: 'utf-8', label: t('processing.export.encodings.utf-8') },
            { value: 'shift_jis', label: t('processing.export.encodings.shift_jis') },
          ]}
        />
        <Checkboxes
          name="background"
          legend={t('processing.export.backgroundLegend')}
          hint={t('processing.export.backgroundHint', { limit: EXPORT_DIRECT_LIMIT })}
          values={form.background === '1' ? ['1'] : []}
          error={errors.background}
          errorPrefix={t('common.errorPrefix')}
          options={[{ value: '1', label: t('processing.export.background') }]}
        />
        <Button variant="primary">{t('processing.export.submit')}</Button>
      </form>
    </ProcessingPage>
  )
}

/**
 * A background export: progress (n of N) refreshed every few seconds without JavaScript
 * (enhance.js reloads it every 3 s — a <meta refresh> fails WCAG 2.2.1 — and without JavaScript
 * a reload link does the same), then the download.
 */
export function ExportStatusPage({ ctx, row }: { ctx: PageContext; row: ApplicationExport }) {
  const { t } = ctx
  const base = applicationsBase(ctx)
  const working = row.status === 'queued' || row.status === 'running'
  const total = Math.max(row.totalCount, row.doneCount)
  return (
    <ProcessingPage ctx={ctx} title={t('processing.export.statusTitle')} section="export">
      <h1>{t('processing.export.statusTitle')}</h1>
      <p>{t('processing.export.requestedAt', { at: formatDateTime(row.createdAt, ctx.locale) })}</p>
      {working && (
        <>
          <p role="status" data-auto-reload="3000">{t('processing.export.progress', { done: row.doneCount, total })}</p>
          <p>
            <a href={`${base}/exports/${row.id}`}>{t('processing.export.reload')}</a>
          </p>
          <progress max={String(Math.max(total, 1))} value={String(row.doneCount)} aria-label={t('processing.export.progressLabel')}>
            {t('processing.export.progress', { done: row.doneCount, total })}
          </progress>
          <p>
            {t('processing.export.refreshing')} <a href={`${base}/exports/${row.id}`}>{t('processing.export.refreshNow')}</a>
          </p>
        </>
      )}
      {row.status === 'ready' && (
        <NotificationBanner title={t('processing.export.readyTitle')} variant="success">
          <p>{t('processing.export.ready', { count: row.doneCount })}</p>
          <p>
            <ButtonLink href={`${base}/exports/${row.id}/download`}>{t('processing.export.download')}</ButtonLink>
          </p>
          <p class="muted">{t('processing.export.expires', { at: formatDateTime(row.expiresAt, ctx.locale) })}</p>
        </NotificationBanner>
      )}
      {row.status === 'failed' && (
        <>
          <p>{t('processing.export.failed')}</p>
          <p>
            <a href={`${base}/export`}>{t('processing.export.tryAgain')}</a>
          </p>
        </>
      )}
    </ProcessingPage>
  )
}
