import type { Child } from 'hono/jsx'
import { Layout } from '../../platform/views/layout.js'
import type { PageContext } from '../../platform/views/page-context.js'
import { StaffNav } from '../../platform/views/staff-nav.js'
import {
  Button,
  CsrfField,
  DateField,
  ErrorSummary,
  NotificationBanner,
  Pagination,
  Radios,
  Select,
  SummaryList,
  Table,
  TextField,
} from '../../platform/views/components/index.js'
import { formatDate, formatDateTime } from '../../platform/views/format.js'
import type { PaymentListFilter } from './payment-schemas.js'
import { PAYMENT_STATUSES, type Payment, type PaymentEvent } from './payment-tables.js'
import { providerLabel } from './payment-rules.js'
import { formatYen, StatusTag } from './payment-views.js'

export type FieldErrors = Record<string, string>

/** Staff console chrome: header, staff navigation, error summary, success banner. */
function StaffPaymentsLayout({ ctx, title, children, notice, errors = [] }: { ctx: PageContext; title: string; children: Child; notice?: string; errors?: { field: string; message: string }[] }) {
  return (
    <Layout ctx={ctx} title={errors.length > 0 ? `${ctx.t('common.errorPrefix')} ${title}` : title} area="staff" nav={<StaffNav ctx={ctx} />}>
      <ErrorSummary title={ctx.t('common.errorSummary')} errors={errors} />
      {notice && (
        <NotificationBanner title={ctx.t('payments.staff.doneTitle')} variant="success">
          <p>{notice}</p>
        </NotificationBanner>
      )}
      {children}
    </Layout>
  )
}

const summaryOf = (errors: FieldErrors, order: string[]) => order.filter(f => errors[f]).map(field => ({ field, message: errors[field] }))

/** 支払い(収納): filterable list, and the reconciliation CSV download. */
export function PaymentListPage({
  ctx,
  rows,
  total,
  page,
  pageCount,
  filter,
  errors = {},
  csvDefaults,
}: {
  ctx: PageContext
  rows: Payment[]
  total: number
  page: number
  pageCount: number
  filter: PaymentListFilter
  errors?: FieldErrors
  csvDefaults: { from: string; to: string }
}) {
  const { t } = ctx
  const base = `/${ctx.tenant?.slug}/staff/payments`
  const query = (p: number) =>
    new URLSearchParams({ ...(filter.status ? { status: filter.status } : {}), ...(filter.from ? { from: filter.from } : {}), ...(filter.to ? { to: filter.to } : {}), page: String(p) }).toString()
  return (
    <StaffPaymentsLayout ctx={ctx} title={t('payments.staff.title')} errors={summaryOf(errors, ['status', 'from', 'to'])}>
      <h1>{t('payments.staff.title')}</h1>
      <p>{t('payments.staff.lead')}</p>
      <form method="get" action={base} role="search" aria-label={t('payments.staff.filterLabel')} novalidate>
        <Select
          name="status"
          label={t('payments.staff.statusFilter')}
          value={filter.status}
          error={errors.status}
          errorPrefix={t('common.errorPrefix')}
          options={[{ value: '', label: t('payments.staff.allStatuses') }, ...PAYMENT_STATUSES.map(s => ({ value: s, label: t(`payments.status.${s}`) }))]}
        />
        <DateField name="from" label={t('payments.staff.from')} value={filter.from} error={errors.from} errorPrefix={t('common.errorPrefix')} />
        <DateField name="to" label={t('payments.staff.to')} value={filter.to} error={errors.to} errorPrefix={t('common.errorPrefix')} />
        <Button variant="secondary">{t('payments.staff.filter')}</Button>
      </form>
      <p>{t('payments.staff.count', { count: total })}</p>
      {rows.length === 0 ? (
        <p>{t('payments.staff.empty')}</p>
      ) : (
        <Table
          caption={t('payments.staff.caption')}
          head={[t('payments.field.createdAt'), t('payments.field.reference'), t('payments.field.description'), t('payments.field.amount'), t('payments.field.method'), t('payments.field.status'), t('payments.staff.open')]}
          numericColumns={[3]}
          rows={rows.map(p => [
            formatDateTime(p.createdAt, ctx.locale),
            p.subjectReference,
            p.description,
            formatYen(t, p.amountYen),
            t(`payments.method.${p.method}`),
            <StatusTag t={t} status={p.status} />,
            <a href={`${base}/${p.id}`}>
              {t('payments.staff.open')}
              <span class="visually-hidden">{` ${p.subjectReference}`}</span>
            </a>,
          ])}
        />
      )}
      <Pagination page={page} pageCount={pageCount} hrefFor={p => `${base}?${query(p)}`} labels={{ previous: t('common.previous'), next: t('common.next'), page: t('common.page'), nav: t('common.pagination') }} />

      <h2>{t('payments.staff.csvHeading')}</h2>
      <p>{t('payments.staff.csvLead')}</p>
      <form method="get" action={`${base}/reconciliation.csv`}>
        <DateField name="from" id="csv-from" label={t('payments.staff.csvFrom')} value={csvDefaults.from} required />
        <DateField name="to" id="csv-to" label={t('payments.staff.csvTo')} value={csvDefaults.to} required />
        <Radios
          name="encoding"
          id="csv-encoding"
          legend={t('payments.staff.csvEncoding')}
          value="utf8"
          options={[
            { value: 'utf8', label: t('payments.staff.csvUtf8') },
            { value: 'sjis', label: t('payments.staff.csvSjis') },
          ]}
        />
        <Button variant="secondary">{t('payments.staff.csvDownload')}</Button>
      </form>
    </StaffPaymentsLayout>
  )
}

/** One payment: its facts, the provider's notifications, and what staff may do with it. */
export function PaymentDetailPage({
  ctx,
  payment,
  events,
  canCollect,
  canRefund,
  notice,
  errors = {},
  reason = '',
}: {
  ctx: PageContext
  payment: Payment
  events: PaymentEvent[]
  canCollect: boolean
  canRefund: boolean
  notice?: string
  errors?: FieldErrors
  reason?: string
}) {
  const { t } = ctx
  const base = `/${ctx.tenant?.slug}/staff/payments`
  const when = (at: Date | null) => (at ? formatDateTime(at, ctx.locale) : '—')
  const isOpen = payment.status === 'created' || payment.status === 'pending'
  return (
    <StaffPaymentsLayout ctx={ctx} title={t('payments.staff.detailTitle')} notice={notice} errors={summaryOf(errors, ['reason'])}>
      <p>
        <a href={base}>{t('payments.staff.backToList')}</a>
      </p>
      <h1>{t('payments.staff.detailTitle')}</h1>
      <SummaryList
        rows={[
          { key: t('payments.field.reference'), value: payment.subjectReference },
          { key: t('payments.field.description'), value: payment.description },
          { key: t('payments.field.amount'), value: formatYen(t, payment.amountYen) },
          { key: t('payments.field.status'), value: <StatusTag t={t} status={payment.status} /> },
          { key: t('payments.field.method'), value: t(`payments.method.${payment.method}`) },
          { key: t('payments.field.provider'), value: providerLabel(t, payment.provider) },
          { key: t('payments.field.providerPaymentId'), value: payment.providerPaymentId ? <code>{payment.providerPaymentId}</code> : '—' },
          { key: t('payments.field.paymentId'), value: <code>{payment.id}</code> },
          { key: t('payments.field.createdAt'), value: when(payment.createdAt) },
          { key: t('payments.field.expiresAt'), value: when(payment.expiresAt) },
          { key: t('payments.field.capturedAt'), value: when(payment.capturedAt) },
          { key: t('payments.field.refundedAt'), value: when(payment.refundedAt) },
          ...(payment.payEasy
            ? [
                { key: t('payments.payEasy.collectorCode'), value: <code>{payment.payEasy.collectorCode}</code> },
                { key: t('payments.payEasy.customerNumber'), value: <code>{payment.payEasy.customerNumber}</code> },
                { key: t('payments.payEasy.confirmationNumber'), value: <code>{payment.payEasy.confirmationNumber}</code> },
                { key: t('payments.payEasy.dueDate'), value: formatDate(payment.payEasy.dueDate, ctx.locale) },
              ]
            : []),
        ]}
      />

      {canCollect && isOpen && payment.method !== 'online' && (
        <>
          <h2>{t('payments.staff.markPaidHeading')}</h2>
          <p>{t('payments.staff.markPaidLead')}</p>
          <form method="post" action={`${base}/${payment.id}/mark-paid`}>
            <CsrfField token={ctx.csrfToken} />
            <Button>{t('payments.staff.markPaid')}</Button>
          </form>
        </>
      )}

      {canRefund && payment.status === 'captured' && (
        <>
          <h2>{t('payments.staff.refundHeading')}</h2>
          <p>{t('payments.staff.refundLead')}</p>
          <form method="post" action={`${base}/${payment.id}/refund`} novalidate>
            <CsrfField token={ctx.csrfToken} />
            <TextField name="reason" label={t('payments.staff.refundReason')} hint={t('payments.staff.refundReasonHint')} value={reason} error={errors.reason} errorPrefix={t('common.errorPrefix')} />
            <Button variant="warning">{t('payments.staff.refund')}</Button>
          </form>
        </>
      )}

      <h2>{t('payments.staff.eventsHeading')}</h2>
      {events.length === 0 ? (
        <p>{t('payments.staff.eventsEmpty')}</p>
      ) : (
        <Table
          caption={t('payments.staff.eventsCaption')}
          head={[t('payments.staff.eventReceived'), t('payments.staff.eventType'), t('payments.staff.eventOccurred'), t('payments.staff.eventResult')]}
          rows={events.map(e => [
            formatDateTime(e.receivedAt, ctx.locale),
            <code>{e.type}</code>,
            formatDateTime(e.occurredAt, ctx.locale),
            e.applied ? t('payments.staff.eventApplied') : t(`payments.staff.ignored.${e.ignoredReason ?? 'unknown-type'}`),
          ])}
        />
      )}
    </StaffPaymentsLayout>
  )
}
