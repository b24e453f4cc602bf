import { Layout } from '../../platform/views/layout.js'
import type { PageContext } from '../../platform/views/page-context.js'
import { ButtonLink, SummaryList, type SummaryListRow } from '../../platform/views/components/index.js'
import { formatDate } from '../../platform/views/format.js'
import type { Payment } from './payment-tables.js'
import { formatYen, StatusTag } from './payment-views.js'

type Outcome = 'pending' | 'counter' | 'payEasy' | 'captured' | 'failed' | 'cancelled' | 'expired' | 'refunded'

/** What the resident is told, from the payment's method and status. */
function outcomeOf(payment: Payment): Outcome {
  switch (payment.status) {
    case 'created':
    case 'pending':
      if (payment.method === 'pay-easy') return 'payEasy'
      return payment.method === 'counter' ? 'counter' : 'pending'
    case 'captured':
    case 'failed':
    case 'cancelled':
    case 'expired':
    case 'refunded':
      return payment.status
    default: {
      const exhaustive: never = payment.status
      throw new Error(`unknown status ${String(exhaustive)}`)
    }
  }
}

/**
 * Where the provider sends the resident back. While the provider's notification has not arrived
 * the page says 確認中; enhance.js reloads it every 3 s (a <meta refresh> fails WCAG 2.2.1), a
 * link turns that off, and without JavaScript the resident reloads with a link.
 */
export function PaymentReturnPage({ ctx, payment, autoRefresh, selfPath, backHref }: { ctx: PageContext; payment: Payment; autoRefresh: boolean; selfPath: string; backHref?: string }) {
  const { t } = ctx
  const outcome = outcomeOf(payment)
  const amount = formatYen(t, payment.amountYen)
  const title = t(`payments.return.${outcome}Title`)
  const rows: SummaryListRow[] = [
    { key: t('payments.field.description'), value: payment.description },
    { key: t('payments.field.amount'), value: amount },
    { key: t('payments.field.reference'), value: payment.subjectReference },
    { key: t('payments.field.method'), value: t(`payments.method.${payment.method}`) },
    { key: t('payments.field.status'), value: <StatusTag t={t} status={outcome === 'pending' ? 'pending' : payment.status} /> },
  ]
  return (
    <Layout ctx={ctx} title={title}>
      <p class="page-caption">{t('payments.return.title')}</p>
      <h1>{title}</h1>
      <p class="lead">{t(`payments.return.${outcome}Lead`, { amount })}</p>
      {outcome === 'pending' && (
        <>
          {autoRefresh ? <p data-auto-reload="3000" class="visually-hidden">{t('payments.return.reload')}</p> : <p>{t('payments.return.autoStopped')}</p>}
          <ul>
            <li>
              <a href={autoRefresh ? selfPath : `${selfPath}?auto=0`}>{t('payments.return.reload')}</a>
            </li>
            {autoRefresh && (
              <li>
                <a href={`${selfPath}?auto=0`}>{t('payments.return.stopAuto')}</a>
              </li>
            )}
          </ul>
        </>
      )}
      {outcome === 'payEasy' && payment.payEasy && (
        <SummaryList
          rows={[
            { key: t('payments.payEasy.collectorCode'), value: <code>{payment.payEasy.collectorCode}</code> },
            { key: t('payments.payEasy.customerNumber'), value: <code>{payment.payEasy.customerNumber}</code> },
            { key: t('payments.payEasy.confirmationNumber'), value: <code>{payment.payEasy.confirmationNumber}</code> },
            { key: t('payments.payEasy.dueDate'), value: formatDate(payment.payEasy.dueDate, ctx.locale) },
          ]}
        />
      )}
      <SummaryList rows={rows} />
      {backHref && outcome !== 'pending' && <ButtonLink href={backHref}>{t('payments.return.back')}</ButtonLink>}
    </Layout>
  )
}
