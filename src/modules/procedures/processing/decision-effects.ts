/**
 * What a decision does, in the transaction that takes it: the decision fields, a fee that
 * becomes payable (事後決済), the notice PDF stored as an issued document, the resident told
 * (the notify port's outbox, so the message exists exactly when the decision commits — and
 * the notice with it), and the audit entry.
 *
 * The PDF is rendered before the transaction opens (≈60–300 ms of CPU that must not hold the
 * database, a single session in embedded mode); the caller then checks in the transaction that
 * the application has not changed since it was read for the notice.
 */
import type { Transaction } from 'kysely'
import { recordAudit } from '../../../platform/audit/audit-log.js'
import type { Database } from '../../../platform/db/schema.js'
import { isLocale, type Locale } from '../../../platform/i18n/i18n.js'
import { renderOfficialDocument } from '../../../platform/pdf/pdf-document.js'
import type { TenantContext } from '../../../platform/tenancy/tenant-service.js'
import { transitionApplication } from '../application-repository.js'
import type { ProcedureDocument } from '../form/form-definition.js'
import { localize } from '../form/localize.js'
import type { Application, Decision, PaymentState } from '../procedure-tables.js'
import { applicantAddress, applicantName } from './applicant.js'
import { paymentStateAfterDecision } from './decision-rules.js'
import { insertDocument, type ApplicationContext } from './detail-repository.js'
import { buildNoticeDocument, noticeTitle } from './notice-document.js'
import { applicationApprovedNotice, applicationApprovedPaymentDueNotice, applicationRejectedNotice, residentApplicationPath } from './notifications.js'
import { staleApplication } from './processing-errors.js'
import type { ProcessingDeps, ProcessingRequest } from './processing-context.js'

type Trx = Transaction<Database>

/** What was read to write the notice; the decision transaction checks it is still current. */
export interface DecisionSnapshot {
  application: Application
  document: ProcedureDocument
  context: ApplicationContext
}

export interface PreparedDecision {
  decision: Decision
  reason: string | null
  decidedAt: Date
  paymentState: PaymentState | undefined
  notice: { title: string; content: Buffer }
}

/** Renders the notice for a decision about to be taken (outside any transaction). */
export async function prepareDecision(
  { config }: Pick<ProcessingDeps, 'config'>,
  tenant: TenantContext,
  snapshot: DecisionSnapshot,
  decision: Decision,
  reason: string | null,
  decidedAt: Date,
): Promise<PreparedDecision> {
  const { application, document, context } = snapshot
  const paymentState = paymentStateAfterDecision(decision, document, application)
  const sources = { answers: application.answers, basicInfoName: context.basicInfoName, basicInfoAddress: context.basicInfoAddress, displayName: context.residentDisplayName }
  const address = applicantAddress(document, sources)
  const content = await renderOfficialDocument(
    buildNoticeDocument({
      tenant,
      departmentName: context.departmentName,
      procedureTitle: document.title.ja,
      receiptNumber: application.receiptNumber ?? '',
      submittedAt: application.submittedAt ?? application.createdAt,
      decidedAt,
      decision,
      reason,
      addressee: { name: applicantName(document, sources) || '申請者', address: address || undefined },
      paymentDueYen: paymentState === 'due' ? application.feeYen : undefined,
      applicationUrl: `${config.publicUrl}${residentApplicationPath(tenant.slug, application.id)}`,
    }),
  )
  return { decision, reason, decidedAt, paymentState, notice: { title: noticeTitle(decision), content } }
}

/**
 * Takes the decision inside the caller's transaction (which holds the application's row lock).
 * Throws a 409 when the state machine no longer allows it.
 */
export async function applyDecision(
  trx: Trx,
  { notifier }: Pick<ProcessingDeps, 'notifier'>,
  request: ProcessingRequest,
  snapshot: DecisionSnapshot,
  prepared: PreparedDecision,
  audit: { approvalRound?: number },
): Promise<Application> {
  const { tenant, actor, requestId } = request
  const { application, document, context } = snapshot
  const decided = await transitionApplication(trx, tenant.id, {
    id: application.id,
    action: 'decide',
    decision: prepared.decision,
    actor: { actorType: 'staff', actorId: actor.id },
    patch: {
      decidedAt: prepared.decidedAt,
      decision: prepared.decision,
      decisionReason: prepared.reason,
      ...(prepared.paymentState ? { paymentState: prepared.paymentState } : {}),
    },
    message: prepared.reason,
  })
  if (!decided) throw staleApplication()
  const documentId = await insertDocument(trx, tenant.id, { applicationId: application.id, kind: 'notice', title: prepared.notice.title, content: prepared.notice.content, issuedAt: prepared.decidedAt })
  if (application.residentId) {
    const locale: Locale = isLocale(context.residentLocale) ? context.residentLocale : 'ja'
    const template = prepared.decision === 'rejected' ? applicationRejectedNotice : prepared.paymentState === 'due' ? applicationApprovedPaymentDueNotice : applicationApprovedNotice
    await notifier.notify(
      trx,
      tenant.id,
      { residentId: application.residentId },
      template,
      {
        municipality: locale === 'en' ? tenant.nameEn : tenant.name,
        procedure: localize(document.title, locale),
        receiptNumber: application.receiptNumber ?? '',
        reason: prepared.reason ?? '',
        feeYen: application.feeYen,
      },
      { idempotencyKey: `decision:${application.id}`, linkUrl: residentApplicationPath(tenant.slug, application.id) },
    )
  }
  await recordAudit(trx, tenant.id, {
    actor: { type: 'staff', id: actor.id },
    action: 'application.decide',
    subjectType: 'application',
    subjectId: application.id,
    details: {
      decision: prepared.decision,
      departmentId: application.departmentId,
      noticeDocumentId: documentId,
      paymentState: prepared.paymentState ?? decided.paymentState,
      ...(audit.approvalRound !== undefined ? { approvalRound: audit.approvalRound } : {}),
    },
    requestId,
  })
  return decided
}
