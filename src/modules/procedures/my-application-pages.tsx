/** My page → applications: the list, one application with its history, withdrawal. */
import { Layout } from '../../platform/views/layout.js'
import type { PageContext } from '../../platform/views/page-context.js'
import { Button, ButtonLink, CsrfField, NotificationBanner, SummaryList, Table, Tag, TextArea, type TagTone } from '../../platform/views/components/index.js'
import { formatDateTime } from '../../platform/views/format.js'
import type { TenantContext } from '../../platform/tenancy/tenant-service.js'
import type { Application, ApplicationEvent, ApplicationStatus, PaymentState } from './procedure-tables.js'
import type { ProcedureDocument } from './form/form-definition.js'
import { AnswerSummary } from './form/answer-summary.js'
import { localize } from './form/localize.js'
import { FeeTable } from './apply-pages.js'

export const STATUS_TONES: Record<ApplicationStatus, TagTone> = {
  draft: 'grey',
  submitted: 'blue',
  in_review: 'blue',
  correction_requested: 'yellow',
  pending_approval: 'blue',
  approved: 'green',
  rejected: 'red',
  withdrawn: 'grey',
}

export function StatusTag({ ctx, status }: { ctx: PageContext; status: ApplicationStatus }) {
  return <Tag tone={STATUS_TONES[status]}>{ctx.t(`procedures.status.${status}`)}</Tag>
}

export interface MyApplicationRow {
  application: Application
  title: ProcedureDocument['title']
}

export function MyApplicationsPage({ ctx, tenant, rows }: { ctx: PageContext; tenant: TenantContext; rows: MyApplicationRow[] }) {
  const { t, locale } = ctx
  return (
    <Layout ctx={ctx} title={t('procedures.mine.title')}>
      <h1>{t('procedures.mine.title')}</h1>
      <p>
        <a href={`/${tenant.slug}/procedures`}>{t('procedures.mine.findMore')}</a>
      </p>
      {rows.length === 0 ? (
        <p>{t('procedures.mine.none')}</p>
      ) : (
        <Table
          caption={t('procedures.mine.caption')}
          head={[t('procedures.mine.procedure'), t('procedures.mine.receipt'), t('procedures.mine.status'), t('procedures.mine.updated')]}
          firstCellIsHeader
          rows={rows.map(({ application: a, title }) => [
            <a href={a.status === 'draft' ? `/${tenant.slug}/applications/${a.id}/continue` : `/${tenant.slug}/applications/${a.id}`}>{localize(title, locale)}</a>,
            a.receiptNumber ?? t('procedures.mine.draftNoReceipt'),
            <>
              <StatusTag ctx={ctx} status={a.status} />
              {a.paymentState === 'due' ? <> <Tag tone="yellow">{t('procedures.payment.due')}</Tag></> : null}
            </>,
            formatDateTime(a.updatedAt, locale),
          ])}
        />
      )}
    </Layout>
  )
}

export interface StaffView {
  departmentName: string
  viewedAt: Date
}

export interface DocumentLink {
  id: string
  title: string
  issuedAt: Date
}

export interface ApplicationDetailProps {
  ctx: PageContext
  tenant: TenantContext
  application: Application
  doc: ProcedureDocument
  events: ApplicationEvent[]
  views: StaffView[]
  documents: DocumentLink[]
  correctionMessage?: string
  notice?: string
  payment?: { status: string; method: string; payEasy?: { collectorCode: string; customerNumber: string; confirmationNumber: string; dueDate?: string } | null }
}

const PAYMENT_TONES: Record<PaymentState, TagTone> = { none: 'grey', due: 'yellow', paid: 'green', refunded: 'grey', waived: 'grey' }

export function ApplicationDetailPage(props: ApplicationDetailProps) {
  const { ctx, tenant, application: a, doc } = props
  const { t, locale } = ctx
  const base = `/${tenant.slug}/applications/${a.id}`
  const canWithdraw = a.status === 'submitted' || a.status === 'correction_requested'
  return (
    <Layout ctx={ctx} title={`${localize(doc.title, locale)} ${a.receiptNumber ?? ''}`}>
      <p class="breadcrumb"><a href={`/${tenant.slug}/applications`}>{t('procedures.mine.title')}</a></p>
      {props.notice ? <NotificationBanner title={props.notice} variant="success">{null}</NotificationBanner> : null}
      <h1>{localize(doc.title, locale)}</h1>
      <SummaryList
        rows={[
          { key: t('procedures.mine.receipt'), value: <strong class="receipt-number">{a.receiptNumber ?? '—'}</strong> },
          { key: t('procedures.mine.status'), value: <StatusTag ctx={ctx} status={a.status} /> },
          ...(a.submittedAt ? [{ key: t('procedures.detail.submittedAt'), value: formatDateTime(a.submittedAt, locale) }] : []),
          ...(a.channel === 'counter' ? [{ key: t('procedures.detail.channel'), value: t('procedures.detail.channelCounter') }] : []),
        ]}
      />
      {a.status === 'correction_requested' ? (
        <NotificationBanner title={t('procedures.detail.correctionTitle')}>
          <p>{props.correctionMessage}</p>
          <ButtonLink href={`${base}/continue`}>{t('procedures.detail.correct')}</ButtonLink>
        </NotificationBanner>
      ) : null}
      {a.status === 'approved' || a.status === 'rejected' ? (
        <NotificationBanner title={t(`procedures.detail.decided.${a.status}`)} variant={a.status === 'approved' ? 'success' : 'info'}>
          {a.decisionReason ? <p>{a.decisionReason}</p> : null}
        </NotificationBanner>
      ) : null}

      {a.feeYen > 0 ? (
        <section aria-labelledby="fee-title">
          <h2 id="fee-title">{t('procedures.fee.title')}</h2>
          <FeeTable ctx={ctx} lines={a.feeLines} total={a.feeYen} />
          <p>
            {t('procedures.payment.state')}: <Tag tone={PAYMENT_TONES[a.paymentState]}>{t(`procedures.payment.${a.paymentState}`)}</Tag>
          </p>
          {props.payment?.payEasy && a.paymentState === 'due' ? (
            <SummaryList
              rows={[
                { key: t('procedures.payment.collectorCode'), value: props.payment.payEasy.collectorCode },
                { key: t('procedures.payment.customerNumber'), value: props.payment.payEasy.customerNumber },
                { key: t('procedures.payment.confirmationNumber'), value: props.payment.payEasy.confirmationNumber },
                ...(props.payment.payEasy.dueDate ? [{ key: t('procedures.payment.dueDate'), value: props.payment.payEasy.dueDate }] : []),
              ]}
            />
          ) : null}
          {a.paymentState === 'due' && a.status !== 'withdrawn' && a.status !== 'rejected' ? <ButtonLink href={`${base}/pay`}>{t('procedures.pay.button')}</ButtonLink> : null}
        </section>
      ) : null}

      <section aria-labelledby="documents-title">
        <h2 id="documents-title">{t('procedures.detail.documents')}</h2>
        <ul>
          {a.receiptNumber ? (
            <li>
              <a href={`${base}/receipt.pdf`} download>{t('procedures.submitted.receiptPdf')}</a>
            </li>
          ) : null}
          {props.documents.map(d => (
            <li>
              <a href={`${base}/documents/${d.id}.pdf`} download>{d.title}</a> ({formatDateTime(d.issuedAt, locale)})
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="history-title">
        <h2 id="history-title">{t('procedures.detail.history')}</h2>
        <ol class="timeline">
          {props.events.map(e => (
            <li class="timeline__item">
              <span class="timeline__date">{formatDateTime(e.occurredAt, locale)}</span> <StatusTag ctx={ctx} status={e.toStatus} />
              {e.message ? <p class="timeline__message">{e.message}</p> : null}
            </li>
          ))}
        </ol>
      </section>

      <section aria-labelledby="views-title">
        <h2 id="views-title">{t('procedures.detail.views')}</h2>
        <p class="field__hint">{t('procedures.detail.viewsLead')}</p>
        {props.views.length === 0 ? (
          <p>{t('procedures.detail.noViews')}</p>
        ) : (
          <Table
            caption={t('procedures.detail.views')}
            head={[t('procedures.detail.viewedBy'), t('procedures.detail.viewedAt')]}
            rows={props.views.map(v => [v.departmentName, formatDateTime(v.viewedAt, locale)])}
          />
        )}
      </section>

      <section aria-labelledby="answers-title">
        <h2 id="answers-title">{t('procedures.detail.answers')}</h2>
        <AnswerSummary form={doc.form} answers={a.answers} locale={locale} t={t} fileHref={file => `${base}/files/${file.fileId}`} />
      </section>

      {canWithdraw ? (
        <section aria-labelledby="withdraw-title">
          <h2 id="withdraw-title">{t('procedures.withdraw.title')}</h2>
          <p>{t('procedures.withdraw.lead')}</p>
          <ButtonLink href={`${base}/withdraw`} variant="warning">{t('procedures.withdraw.button')}</ButtonLink>
        </section>
      ) : null}
    </Layout>
  )
}

export function WithdrawPage({ ctx, tenant, application, doc }: { ctx: PageContext; tenant: TenantContext; application: Application; doc: ProcedureDocument }) {
  const { t, locale } = ctx
  const base = `/${tenant.slug}/applications/${application.id}`
  return (
    <Layout ctx={ctx} title={t('procedures.withdraw.title')}>
      <p class="back-link-wrapper"><a class="back-link" href={base}>{t('procedures.form.back')}</a></p>
      <h1>{t('procedures.withdraw.confirmTitle')}</h1>
      <p>{t('procedures.withdraw.confirm', { procedure: localize(doc.title, locale), receipt: application.receiptNumber ?? '' })}</p>
      <form method="post" action={`${base}/withdraw`}>
        <CsrfField token={ctx.csrfToken} />
        <TextArea name="reason" label={t('procedures.withdraw.reason')} hint={t('procedures.withdraw.reasonHint')} rows={3} />
        <Button variant="warning">{t('procedures.withdraw.button')}</Button>
      </form>
    </Layout>
  )
}

export function PayPage({ ctx, tenant, application, doc, methods }: { ctx: PageContext; tenant: TenantContext; application: Application; doc: ProcedureDocument; methods: ('online' | 'pay-easy' | 'counter')[] }) {
  const { t, locale } = ctx
  const base = `/${tenant.slug}/applications/${application.id}`
  return (
    <Layout ctx={ctx} title={t('procedures.pay.title')}>
      <p class="back-link-wrapper"><a class="back-link" href={base}>{t('procedures.form.back')}</a></p>
      <h1>{t('procedures.pay.title')}</h1>
      <p class="caption">{localize(doc.title, locale)} — {application.receiptNumber}</p>
      <FeeTable ctx={ctx} lines={application.feeLines} total={application.feeYen} />
      <form method="post" action={`${base}/pay`}>
        <CsrfField token={ctx.csrfToken} />
        <div class="field">
          <fieldset class="fieldset">
            <legend class="fieldset__legend">{t('procedures.pay.method')}</legend>
            <div class="radios">
              {methods.map((m, i) => (
                <div class="radios__item">
                  <input class="radios__input" type="radio" id={i === 0 ? 'method' : `method-${i + 1}`} name="method" value={m} checked={i === 0 || undefined} />
                  <label class="radios__label" for={i === 0 ? 'method' : `method-${i + 1}`}>{t(`procedures.pay.method.${m}`)}</label>
                </div>
              ))}
            </div>
          </fieldset>
        </div>
        <Button>{t('procedures.pay.continue')}</Button>
      </form>
    </Layout>
  )
}
