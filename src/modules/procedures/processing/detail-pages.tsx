import type { PageContext } from '../../../platform/views/page-context.js'
import { Button, CsrfField, Radios, Select, SummaryList, Table, Tag, TextArea } from '../../../platform/views/components/index.js'
import { formatDateTime } from '../../../platform/views/format.js'
import type { Translate } from '../../../platform/i18n/i18n.js'
import { canTransition } from '../application-lifecycle.js'
import { localize } from '../form/localize.js'
import { AnswerSummary } from '../form/answer-summary.js'
import { MyNumberPanel, TextLines } from './answer-list.js'
import type { ApprovalRow } from './approval-repository.js'
import type { ApplicationDetail } from './detail-service.js'
import { departmentName, formatDay, formatDueDay } from './inbox-pages.js'
import { applicationsBase, PaymentTag, ProcessingPage, StatusTag, summaryItems } from './processing-views.js'

export const DETAIL_DONE_FLAGS = ['claimed', 'assigned', 'correctionRequested', 'decided', 'proposed', 'signed', 'returned', 'noteAdded'] as const

/** Field ids of the detail page's forms, in page order (for the error summary). */
const FIELD_ORDER = ['assignee', 'message', 'decision', 'reason', 'signComment', 'returnComment', 'sign', 'body', 'reveal']

const KNOWN_EVENT_ACTIONS = ['save-draft', 'submit', 'withdraw', 'claim', 'assign', 'request-correction', 'resubmit', 'propose-decision', 'approve-step', 'return-step', 'decide']

const yen = (t: Translate, amount: number) => t('processing.fee.yen', { amount: new Intl.NumberFormat('ja-JP').format(amount) })

export interface DetailPageProps {
  ctx: PageContext
  detail: ApplicationDetail
  notice?: string
  /** translated messages by field id */
  errors?: Record<string, string>
  /** what was typed, to re-render a form after an error */
  form?: Record<string, string>
}

/** 申請の詳細: overview, what can be done now, answers, fee, approvals, documents, history, notes. */
export function ApplicationDetailPage({ ctx, detail, notice, errors = {}, form = {} }: DetailPageProps) {
  const { t } = ctx
  const { application, document } = detail
  const base = applicationsBase(ctx)
  const path = `${base}/${application.id}`
  const title = localize(document.title, ctx.locale)
  const name = (id: string | null) => (id ? (detail.staffNames.get(id) ?? t('processing.detail.unknownStaff')) : '')
  return (
    <ProcessingPage ctx={ctx} title={`${title} ${application.receiptNumber ?? ''}`} notice={notice} errors={summaryItems(errors, FIELD_ORDER)}>
      <p>
        <a href={base} class="back-link">
          {t('processing.detail.back')}
        </a>
      </p>
      <p class="page-caption">{t('processing.detail.caption', { receiptNumber: application.receiptNumber ?? '' })}</p>
      <h1>{title}</h1>
      <p class="muted">{t('processing.detail.auditedNotice')}</p>

      <SummaryList
        rows={[
          { key: t('processing.detail.receiptNumber'), value: application.receiptNumber ?? '' },
          { key: t('processing.detail.status'), value: <StatusTag t={t} status={application.status} /> },
          { key: t('processing.detail.applicant'), value: detail.applicantName || t('processing.inbox.unknownApplicant') },
          { key: t('processing.detail.department'), value: detail.context.departmentName ? departmentName(ctx, { name: detail.context.departmentName, nameEn: detail.context.departmentNameEn ?? '' }) : t('processing.detail.noDepartment') },
          { key: t('processing.detail.assignee'), value: application.assigneeStaffId ? name(application.assigneeStaffId) : t('processing.inbox.unassigned') },
          { key: t('processing.detail.received'), value: application.submittedAt ? formatDay(application.submittedAt, ctx) : '' },
          {
            key: t('processing.detail.due'),
            value: application.dueAt ? (
              <>
                {detail.isOverdue && <Tag tone="red">{t('processing.inbox.overdue')}</Tag>} {formatDueDay(application.dueAt, ctx)}
              </>
            ) : (
              t('processing.detail.noDue')
            ),
          },
          { key: t('processing.detail.channel'), value: t(`processing.channels.${application.channel}`) },
          ...(application.decision
            ? [
                { key: t('processing.detail.decision'), value: t(`processing.decisions.${application.decision}`) },
                { key: t('processing.detail.decidedAt'), value: application.decidedAt ? formatDateTime(application.decidedAt, ctx.locale) : '' },
                ...(application.decisionReason ? [{ key: t('processing.detail.decisionReason'), value: <TextLines text={application.decisionReason} /> }] : []),
              ]
            : []),
        ]}
      />

      <Actions ctx={ctx} detail={detail} path={path} errors={errors} form={form} name={name} />

      <section aria-labelledby="answers-heading">
        <h2 id="answers-heading">{t('processing.detail.answers')}</h2>
        <AnswerSummary form={document.form} answers={application.answers} locale={ctx.locale} t={t} fileHref={file => `${path}/files/${encodeURIComponent(file.fileId)}`} />
        <MyNumberPanel ctx={ctx} form={document.form} answers={application.answers} applicationPath={path} mayRevealMyNumber={detail.mayRevealMyNumber} revealed={detail.revealed} />
      </section>

      <section aria-labelledby="fee-heading">
        <h2 id="fee-heading">{t('processing.detail.fee')}</h2>
        {application.feeLines.length === 0 ? (
          <p>{t('processing.fee.none')}</p>
        ) : (
          <Table
            caption={t('processing.fee.caption')}
            captionId="fee-caption"
            head={[t('processing.fee.item'), t('processing.fee.unit'), t('processing.fee.quantity'), t('processing.fee.amount')]}
            numericColumns={[1, 2, 3]}
            rows={[
              ...application.feeLines.map(line => [
                <>
                  {localize(line.label, ctx.locale)}
                  {line.exemptedBy && <span class="muted"> {t('processing.fee.exempted', { exemption: localize(line.exemptedBy, ctx.locale) })}</span>}
                </>,
                yen(t, line.unitYen),
                String(line.quantity),
                yen(t, line.amountYen),
              ]),
              [t('processing.fee.total'), '', '', yen(t, application.feeYen)],
            ]}
          />
        )}
        <p>
          {t('processing.fee.paymentState')}: <PaymentTag t={t} state={application.paymentState} />
          {document.fee && <span class="muted"> {t(`processing.fee.timing.${document.fee.timing}`)}</span>}
        </p>
      </section>

      {detail.approvals.length > 0 && <ApprovalHistory ctx={ctx} approvals={detail.approvals} name={name} />}

      <section aria-labelledby="documents-heading">
        <h2 id="documents-heading">{t('processing.detail.documents')}</h2>
        {detail.documents.length === 0 ? (
          <p>{t('processing.documents.none')}</p>
        ) : (
          <ul class="list-plain">
            {detail.documents.map(doc => (
              <li>
                <a href={`${path}/documents/${doc.id}`}>{doc.title}</a> <span class="muted">{formatDateTime(doc.issuedAt, ctx.locale)}</span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="history-heading">
        <h2 id="history-heading">{t('processing.detail.history')}</h2>
        <Table
          caption={t('processing.history.caption')}
          captionId="history-caption"
          head={[t('processing.history.when'), t('processing.history.what'), t('processing.history.who'), t('processing.history.message')]}
          rows={detail.events.map(event => [
            formatDateTime(event.occurredAt, ctx.locale),
            <>
              {KNOWN_EVENT_ACTIONS.includes(event.action) ? t(`processing.events.${event.action}`) : event.action} <StatusTag t={t} status={event.toStatus} />
            </>,
            event.actorType === 'staff' ? name(event.actorId) : t(`processing.events.actors.${event.actorType}`),
            event.message ? <TextLines text={event.message} /> : '',
          ])}
        />
      </section>

      <section aria-labelledby="notes-heading" id="notes">
        <h2 id="notes-heading">{t('processing.detail.notes')}</h2>
        <p class="muted">{t('processing.notes.internalOnly')}</p>
        {detail.notes.length === 0 ? (
          <p>{t('processing.notes.none')}</p>
        ) : (
          <ul class="list-plain">
            {detail.notes.map(note => (
              <li>
                <strong>{name(note.staffUserId)}</strong> <span class="muted">{formatDateTime(note.createdAt, ctx.locale)}</span>
                <br />
                <TextLines text={note.body} />
              </li>
            ))}
          </ul>
        )}
        <form method="post" action={`${path}/notes`} novalidate>
          <CsrfField token={ctx.csrfToken} />
          <TextArea name="body" label={t('processing.notes.add')} value={form.body} error={errors.body} errorPrefix={t('common.errorPrefix')} rows={3} />
          <Button variant="secondary">{t('processing.notes.submit')}</Button>
        </form>
      </section>
    </ProcessingPage>
  )
}

function Actions({ ctx, detail, path, errors, form, name }: { ctx: PageContext; detail: ApplicationDetail; path: string; errors: Record<string, string>; form: Record<string, string>; name: (id: string | null) => string }) {
  const { t } = ctx
  const { application, document } = detail
  const status = application.status
  const me = ctx.staff?.id
  const hasChain = document.approvalSteps > 0
  const forms = []
  if (canTransition('claim', status) && application.assigneeStaffId !== me) {
    forms.push(
      <form method="post" action={`${path}/claim`} class="action-form">
        <CsrfField token={ctx.csrfToken} />
        <Button variant="primary">{t('processing.actions.claim')}</Button>
      </form>,
    )
  }
  if (canTransition('assign', status) && detail.assignees.length > 0) {
    forms.push(
      <form method="post" action={`${path}/assign`} novalidate>
        <CsrfField token={ctx.csrfToken} />
        <Select
          name="assignee"
          label={t('processing.assign.label')}
          value={form.assignee ?? application.assigneeStaffId ?? ''}
          error={errors.assignee}
          errorPrefix={t('common.errorPrefix')}
          options={[{ value: '', label: t('processing.assign.choose') }, ...detail.assignees.map(s => ({ value: s.id, label: s.displayName }))]}
        />
        <Button variant="secondary">{t('processing.assign.submit')}</Button>
      </form>,
    )
  }
  if (canTransition('request-correction', status)) {
    forms.push(
      <details class="details" open={errors.message ? true : undefined}>
        <summary class="details__summary">
          <span class="details__summary-text">{t('processing.correction.heading')}</span>
        </summary>
        <div class="details__text">
          <form method="post" action={`${path}/request-correction`} novalidate>
            <CsrfField token={ctx.csrfToken} />
            <TextArea name="message" label={t('processing.correction.message')} hint={t('processing.correction.hint')} value={form.message} error={errors.message} errorPrefix={t('common.errorPrefix')} />
            <Button variant="warning">{t('processing.correction.submit')}</Button>
          </form>
        </div>
      </details>,
    )
  }
  if (canTransition('propose-decision', status)) {
    forms.push(
      <form method="post" action={`${path}/decide`} novalidate>
        <CsrfField token={ctx.csrfToken} />
        <h3>{hasChain ? t('processing.decide.headingProposal', { steps: document.approvalSteps }) : t('processing.decide.heading')}</h3>
        {detail.blocker === 'payment-outstanding' && <p class="field__hint">{t('processing.decide.errors.paymentOutstanding')}</p>}
        <Radios
          name="decision"
          legend={t('processing.decide.decision')}
          value={form.decision}
          error={errors.decision}
          errorPrefix={t('common.errorPrefix')}
          options={[
            { value: 'approved', label: t('processing.decisions.approved'), hint: detail.blocker ? t('processing.decide.approveBlocked') : undefined },
            { value: 'rejected', label: t('processing.decisions.rejected') },
          ]}
        />
        <TextArea name="reason" label={t('processing.decide.reason')} hint={t('processing.decide.reasonHint')} value={form.reason} error={errors.reason} errorPrefix={t('common.errorPrefix')} />
        <Button variant="primary">{hasChain ? t('processing.decide.submitProposal') : t('processing.decide.submit')}</Button>
      </form>,
    )
  }
  if (status === 'pending_approval') forms.push(<PendingApproval ctx={ctx} detail={detail} path={path} errors={errors} form={form} name={name} />)
  return (
    <section aria-labelledby="actions-heading">
      <h2 id="actions-heading">{t('processing.detail.actions')}</h2>
      {forms.length === 0 ? <p>{t('processing.detail.noActions')}</p> : forms}
    </section>
  )
}

function PendingApproval({ ctx, detail, path, errors, form, name }: { ctx: PageContext; detail: ApplicationDetail; path: string; errors: Record<string, string>; form: Record<string, string>; name: (id: string | null) => string }) {
  const { t } = ctx
  const { application } = detail
  const step = detail.nextStep
  const capacityOptions = detail.capacities.map(c => ({
    value: c.onBehalfOf ?? '',
    label: c.onBehalfOf ? t('processing.approvals.onBehalfOf', { name: name(c.onBehalfOf) }) : t('processing.approvals.ownName'),
  }))
  const capacityField = (id: string) =>
    capacityOptions.length > 1 ? (
      <Radios name="onBehalfOf" id={id} legend={t('processing.approvals.capacity')} value={form.onBehalfOf ?? capacityOptions[0].value} options={capacityOptions} />
    ) : (
      <>
        <input type="hidden" name="onBehalfOf" value={capacityOptions[0]?.value ?? ''} />
        {detail.capacities[0]?.onBehalfOf && <p>{t('processing.approvals.actingFor', { name: name(detail.capacities[0].onBehalfOf) })}</p>}
      </>
    )
  return (
    <>
      <h3>{t('processing.approvals.pendingHeading')}</h3>
      <SummaryList
        rows={[
          { key: t('processing.approvals.proposedDecision'), value: application.proposedDecision ? t(`processing.decisions.${application.proposedDecision}`) : '' },
          { key: t('processing.approvals.proposedReason'), value: application.proposedReason ? <TextLines text={application.proposedReason} /> : t('processing.approvals.noReason') },
          { key: t('processing.approvals.proposer'), value: name(application.proposedBy) },
          { key: t('processing.approvals.nextStep'), value: step ? t('processing.approvals.stepOf', { step, steps: detail.document.approvalSteps }) : '' },
        ]}
      />
      {errors.sign && (
        <p id="sign" class="field__error">
          {errors.sign}
        </p>
      )}
      {step && detail.capacities.length > 0 ? (
        <>
          <form method="post" action={`${path}/approvals/sign`} novalidate>
            <CsrfField token={ctx.csrfToken} />
            <input type="hidden" name="step" value={String(step)} />
            {capacityField('onBehalfOf')}
            <TextArea name="comment" id="signComment" label={t('processing.approvals.comment')} value={form.signComment} error={errors.signComment} errorPrefix={t('common.errorPrefix')} rows={2} />
            <Button variant="primary">{t('processing.approvals.sign', { step })}</Button>
          </form>
          <form method="post" action={`${path}/approvals/return`} novalidate>
            <CsrfField token={ctx.csrfToken} />
            <input type="hidden" name="step" value={String(step)} />
            {capacityField('returnOnBehalfOf')}
            <TextArea name="comment" id="returnComment" label={t('processing.approvals.returnComment')} hint={t('processing.approvals.returnHint')} value={form.returnComment} error={errors.returnComment} errorPrefix={t('common.errorPrefix')} rows={2} />
            <Button variant="warning">{t('processing.approvals.return')}</Button>
          </form>
        </>
      ) : (
        <p>{detail.mayApprove ? t('processing.approvals.cannotSignThis') : t('processing.approvals.notApprover')}</p>
      )}
    </>
  )
}

function ApprovalHistory({ ctx, approvals, name }: { ctx: PageContext; approvals: ApprovalRow[]; name: (id: string | null) => string }) {
  const { t } = ctx
  const rounds = [...new Set(approvals.map(a => a.round))].sort((a, b) => b - a)
  return (
    <section aria-labelledby="approvals-heading">
      <h2 id="approvals-heading">{t('processing.detail.approvals')}</h2>
      {rounds.map(round => (
        <Table
          caption={t('processing.approvals.roundCaption', { round })}
          captionId={`approval-round-${round}`}
          head={[t('processing.approvals.step'), t('processing.approvals.state'), t('processing.approvals.signer'), t('processing.approvals.when'), t('processing.approvals.commentColumn')]}
          firstCellIsHeader
          rows={approvals
            .filter(a => a.round === round)
            .map(a => [
              t('processing.approvals.stepNumber', { step: a.step }),
              t(`processing.approvals.states.${a.status}`),
              a.decidedBy ? (a.onBehalfOf ? t('processing.approvals.signedFor', { signer: name(a.decidedBy), principal: name(a.onBehalfOf) }) : name(a.decidedBy)) : '',
              a.decidedAt ? formatDateTime(a.decidedAt, ctx.locale) : '',
              a.comment ? <TextLines text={a.comment} /> : '',
            ])}
        />
      ))}
    </section>
  )
}

/**
 * An action that could not be done: 409 when someone acted first or the page was stale, 403
 * when the rules refuse this person (a proposer signing). Shown in the staff console with a way back.
 */
export function ActionRefusedPage({ ctx, applicationId, titleKey, messageKey }: { ctx: PageContext; applicationId: string; titleKey: string; messageKey: string }) {
  const { t } = ctx
  return (
    <ProcessingPage ctx={ctx} title={t(titleKey)}>
      <h1>{t(titleKey)}</h1>
      <p>{t(messageKey)}</p>
      <p>
        <a href={`${applicationsBase(ctx)}/${applicationId}`}>{t('processing.stale.reload')}</a>
      </p>
    </ProcessingPage>
  )
}
