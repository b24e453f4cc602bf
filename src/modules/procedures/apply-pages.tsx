/** The resident's apply flow: one page per topic, check your answers, the confirmation. */
import type { Child } from 'hono/jsx'
import { Layout } from '../../platform/views/layout.js'
import type { PageContext } from '../../platform/views/page-context.js'
import { Button, ButtonLink, CopyButton, CsrfField, ErrorSummary, NotificationBanner, SummaryList } from '../../platform/views/components/index.js'
import type { ProcedureDocument, FormPage } from './form/form-definition.js'
import type { Answers } from './form/form-answers.js'
import type { FeeLine } from './form/form-fees.js'
import { FormPageFields, type FieldRenderContext } from './form/form-fields.js'
import { AnswerSummary } from './form/answer-summary.js'
import { localize } from './form/localize.js'

export interface FormPageViewProps {
  ctx: PageContext
  doc: ProcedureDocument
  page: FormPage
  pageNumber: number
  pageCount: number
  action: string
  backHref: string
  earlier: Answers
  fields: Omit<FieldRenderContext, 'locale' | 't'>
  errorList: { field: string; message: string }[]
  /** Counter-assisted entry and the builder preview show a banner and hide "save for later". */
  mode?: 'resident' | 'counter' | 'preview'
  notice?: string
}

export function FormPageView(props: FormPageViewProps) {
  const { ctx, doc, page } = props
  const { t, locale } = ctx
  const hasFile = page.elements.some(e => e.type === 'file')
  const title = localize(page.title, locale)
  const mode = props.mode ?? 'resident'
  return (
    <Layout ctx={ctx} title={`${props.errorList.length > 0 ? t('procedures.form.errorTitlePrefix') : ''}${title} - ${localize(doc.title, locale)}`} area={mode === 'counter' ? 'staff' : 'portal'}>
      <p class="back-link-wrapper">
        <a class="back-link" href={props.backHref}>{t('procedures.form.back')}</a>
      </p>
      {mode === 'preview' ? <NotificationBanner title={t('procedures.form.previewTitle')}>{t('procedures.form.preview')}</NotificationBanner> : null}
      {mode === 'counter' ? <NotificationBanner title={t('procedures.counter.bannerTitle')}>{t('procedures.counter.banner')}</NotificationBanner> : null}
      {props.notice ? <NotificationBanner title={props.notice} variant="success">{null}</NotificationBanner> : null}
      <ErrorSummary title={t('procedures.form.errorSummary')} errors={props.errorList} />
      <p class="caption" id="progress">
        {localize(doc.title, locale)} — {t('procedures.form.progress', { n: props.pageNumber, total: props.pageCount })}
      </p>
      <progress class="progress" max={props.pageCount} value={props.pageNumber} aria-labelledby="progress">
        {props.pageNumber}/{props.pageCount}
      </progress>
      <h1>{title}</h1>
      <form method="post" action={props.action} enctype={hasFile ? 'multipart/form-data' : undefined} novalidate>
        <CsrfField token={ctx.csrfToken} />
        <FormPageFields page={page} earlier={props.earlier} ctx={{ ...props.fields, locale, t }} />
        <div class="button-group">
          <Button name="_action" value="continue">{t('procedures.form.continue')}</Button>
          {mode === 'resident' ? (
            <Button variant="secondary" name="_action" value="save" formnovalidate>
              {t('procedures.form.saveDraft')}
            </Button>
          ) : null}
        </div>
      </form>
    </Layout>
  )
}

export interface CheckAnswersProps {
  ctx: PageContext
  doc: ProcedureDocument
  answers: Answers
  feeLines: FeeLine[]
  feeTotal: number
  action: string
  changeHref: (pageId: string, fieldId: string) => string
  backHref: string
  isCorrection: boolean
  declarationError?: string
  mode?: 'resident' | 'counter' | 'preview'
}

export function FeeTable({ ctx, lines, total }: { ctx: PageContext; lines: FeeLine[]; total: number }) {
  const { t, locale } = ctx
  return (
    <SummaryList
      rows={[
        ...lines.map(line => ({
          key: localize(line.label, locale),
          value: line.exemptedBy
            ? `${t('procedures.fee.line', { unit: line.unitYen.toLocaleString('ja-JP'), quantity: line.quantity, amount: '0' })} (${localize(line.exemptedBy, locale)})`
            : t('procedures.fee.line', { unit: line.unitYen.toLocaleString('ja-JP'), quantity: line.quantity, amount: line.amountYen.toLocaleString('ja-JP') }),
        })),
        { key: t('procedures.fee.total'), value: <strong>{t('procedures.fee.yen', { amount: total.toLocaleString('ja-JP') })}</strong> },
      ]}
    />
  )
}

export function CheckAnswersPage(props: CheckAnswersProps) {
  const { ctx, doc } = props
  const { t, locale } = ctx
  const errors = props.declarationError ? [{ field: 'declaration', message: props.declarationError }] : []
  const mode = props.mode ?? 'resident'
  return (
    <Layout ctx={ctx} title={`${errors.length > 0 ? t('procedures.form.errorTitlePrefix') : ''}${t('procedures.check.title')} - ${localize(doc.title, locale)}`} area={mode === 'counter' ? 'staff' : 'portal'}>
      <p class="back-link-wrapper">
        <a class="back-link" href={props.backHref}>{t('procedures.form.back')}</a>
      </p>
      <ErrorSummary title={t('procedures.form.errorSummary')} errors={errors} />
      {mode === 'counter' ? <NotificationBanner title={t('procedures.counter.confirmTitle')}>{t('procedures.counter.confirm')}</NotificationBanner> : null}
      <h1>{t('procedures.check.title')}</h1>
      <p class="caption">{localize(doc.title, locale)}</p>
      <AnswerSummary form={doc.form} answers={props.answers} locale={locale} t={t} changeHref={props.changeHref} />
      {props.feeTotal > 0 || props.feeLines.length > 0 ? (
        <>
          <h2>{t('procedures.fee.title')}</h2>
          <FeeTable ctx={ctx} lines={props.feeLines} total={props.feeTotal} />
          {props.feeTotal > 0 ? <p>{doc.fee?.timing === 'after-approval' ? t('procedures.fee.afterApproval') : t('procedures.fee.onSubmission')}</p> : null}
        </>
      ) : null}
      <h2>{t('procedures.check.declarationTitle')}</h2>
      <form method="post" action={props.action}>
        <CsrfField token={ctx.csrfToken} />
        <div class={props.declarationError ? 'field field--error' : 'field'}>
          {props.declarationError ? (
            <p id="declaration-error" class="field__error">
              <span class="visually-hidden">{t('procedures.form.errorPrefix')}</span>
              {props.declarationError}
            </p>
          ) : null}
          <div class="checkboxes__item">
            <input class="checkboxes__input" type="checkbox" id="declaration" name="declaration" value="yes" aria-describedby={props.declarationError ? 'declaration-error' : undefined} />
            <label class="checkboxes__label" for="declaration">{localize(doc.form.declaration, locale)}</label>
          </div>
        </div>
        {mode === 'preview' ? (
          <p>{t('procedures.form.previewNoSubmit')}</p>
        ) : (
          <Button>{props.isCorrection ? t('procedures.check.resubmit') : t('procedures.check.submit')}</Button>
        )}
      </form>
    </Layout>
  )
}

export function SubmittedPage({ ctx, doc, receiptNumber, detailHref, receiptPdfHref, payHref, extra }: { ctx: PageContext; doc: ProcedureDocument; receiptNumber: string; detailHref: string; receiptPdfHref: string; payHref?: string; extra?: Child }) {
  const { t, locale } = ctx
  return (
    <Layout ctx={ctx} title={t('procedures.submitted.title')}>
      <div class="panel panel--confirmation">
        <h1 class="panel__title">{t('procedures.submitted.title')}</h1>
        <div class="panel__body">
          {t('procedures.submitted.receipt')}
          <br />
          <strong class="receipt-number">{receiptNumber}</strong>
        </div>
      </div>
      <p>
        <CopyButton text={receiptNumber} copiedLabel={t('procedures.submitted.copied')}>{t('procedures.submitted.copy')}</CopyButton>
      </p>
      <p>{t('procedures.submitted.lead', { procedure: localize(doc.title, locale) })}</p>
      {payHref ? (
        <NotificationBanner title={t('procedures.submitted.payTitle')}>
          <p>{t('procedures.submitted.pay')}</p>
          <ButtonLink href={payHref}>{t('procedures.pay.button')}</ButtonLink>
        </NotificationBanner>
      ) : null}
      {extra}
      <h2>{t('procedures.submitted.nextTitle')}</h2>
      <ul>
        <li>
          <a href={receiptPdfHref} download>{t('procedures.submitted.receiptPdf')}</a>
        </li>
        <li>
          <a href={detailHref}>{t('procedures.submitted.detail')}</a>
        </li>
      </ul>
    </Layout>
  )
}
