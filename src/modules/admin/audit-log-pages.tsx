import type { PageContext } from '../../platform/views/page-context.js'
import { Button, Pagination, Table, TextField } from '../../platform/views/components/index.js'
import { formatDateTime } from '../../platform/views/format.js'
import { errorSummaryItems, type FieldErrors } from './admin-forms.js'
import { ConsolePage } from './admin-views.js'
import type { AuditEntryView } from './audit-log-service.js'

function actorText(ctx: PageContext, entry: AuditEntryView): string {
  const type = ctx.t(`admin.audit.actorTypes.${entry.actorType}`)
  if (entry.actorName) return `${type}: ${entry.actorName}`
  return entry.actorId ? `${type}: ${entry.actorId}` : type
}

/** 監査ログ: who did what to which record, newest first. */
export function AuditLogPage({
  ctx,
  entries,
  page,
  pageCount,
  total,
  action,
  errors = {},
}: {
  ctx: PageContext
  entries: AuditEntryView[]
  page: number
  pageCount: number
  total: number
  action: string
  errors?: FieldErrors
}) {
  const { t } = ctx
  const base = `/${ctx.tenant?.slug}/staff/admin/audit`
  const hrefFor = (p: number) => `${base}?${new URLSearchParams({ ...(action ? { action } : {}), page: String(p) }).toString()}`
  return (
    <ConsolePage ctx={ctx} title={t('admin.audit.title')} errors={errorSummaryItems(errors, ['action'])}>
      <h1>{t('admin.audit.title')}</h1>
      <p>{t('admin.audit.lead')}</p>
      <form method="get" action={base} role="search" aria-label={t('admin.audit.filterLabel')}>
        <TextField name="action" label={t('admin.audit.action')} hint={t('admin.audit.actionHint')} value={action} error={errors.action} errorPrefix={t('common.errorPrefix')} width="20" spellcheck={false} autocomplete="off" />
        <Button variant="secondary">{t('admin.audit.filter')}</Button>
      </form>
      <p>{t('admin.audit.count', { count: total })}</p>
      {entries.length > 0 && (
        <Table
          caption={t('admin.audit.caption')}
          head={[t('admin.audit.time'), t('admin.audit.actor'), t('admin.audit.action'), t('admin.audit.subject'), t('admin.audit.requestId')]}
          rows={entries.map(e => [
            formatDateTime(e.occurredAt, ctx.locale),
            actorText(ctx, e),
            <code>{e.action}</code>,
            e.subjectType ? `${e.subjectType}${e.subjectId ? `: ${e.subjectId}` : ''}` : '—',
            e.requestId ? <code>{e.requestId}</code> : '—',
          ])}
        />
      )}
      <Pagination page={page} pageCount={pageCount} hrefFor={hrefFor} labels={{ previous: t('common.previous'), next: t('common.next'), page: t('common.page'), nav: t('common.pagination') }} />
    </ConsolePage>
  )
}
