import { recordAudit } from '../../../platform/audit/audit-log.js'
import { decryptField } from '../../../platform/crypto.js'
import { withTenant } from '../../../platform/db/tenant-context.js'
import { getStoredFile, type StoredFile } from '../../../platform/files/index.js'
import { toIsoDate } from '../../../jp/calendar-date.js'
import { listApplicationEvents } from '../application-repository.js'
import { listFields, type ProcedureDocument } from '../form/form-definition.js'
import type { Application, ApplicationEvent } from '../procedure-tables.js'
import { canApproveApplication, canRevealMyNumber } from './access-rules.js'
import { getAccessibleApplication, getApplicationSnapshot } from './application-access.js'
import { applicantName } from './applicant.js'
import { currentRound, listApprovals, type ApprovalRow } from './approval-repository.js'
import { nextStepToSign, type SigningCapacity } from './approval-rules.js'
import { capacitiesFor, loadSignerContext } from './approval-service.js'
import { approvalBlocker, type ApprovalBlocker } from './decision-rules.js'
import { findDocument, findSecretCiphertext, findStaffNames, insertNote, listDocuments, listNotes, type ApplicationContext, type DocumentMeta, type NoteRow } from './detail-repository.js'
import { isOverdue } from './due-date.js'
import { listProcessors, type StaffOption } from './inbox-repository.js'
import { fileNotFound, FormProblem, myNumberForbidden } from './processing-errors.js'
import type { ProcessingDeps, ProcessingRequest } from './processing-context.js'

export interface ApplicationDetail {
  application: Application
  document: ProcedureDocument
  context: ApplicationContext
  applicantName: string
  events: ApplicationEvent[]
  notes: NoteRow[]
  /** every round, oldest first */
  approvals: ApprovalRow[]
  documents: DocumentMeta[]
  /** display names of every staff member the page mentions */
  staffNames: Map<string, string>
  assignees: StaffOption[]
  /** how the viewer may sign the next step (empty: they may not) */
  capacities: SigningCapacity[]
  nextStep: number | undefined
  mayRevealMyNumber: boolean
  mayApprove: boolean
  blocker: ApprovalBlocker | undefined
  isOverdue: boolean
  /** My Number digits revealed on this rendering, by field id */
  revealed: Record<string, string | null>
}

/** The ids of the My Number fields of a form (only top-level fields can be My Number). */
function myNumberFieldIds(doc: ProcedureDocument): string[] {
  return listFields(doc.form).filter(f => f.type === 'myNumber').map(f => f.id)
}

/**
 * The application detail (申請の詳細) and what staff do from it that is not a status change:
 * internal notes, attachments, issued documents, revealing a My Number. Every opening of the
 * page is audited with the department, which the resident's My page shows them.
 */
export function createDetailService({ db, config, clock }: ProcessingDeps) {
  return {
    /**
     * `get*`: the page's data, audited as `application.view` in the same transaction as the read.
     * With `reveal`, the My Number of that field is decrypted too (audited separately, refused
     * without residents.read-special-care for the application's department).
     */
    async openApplication({ tenant, actor, requestId }: ProcessingRequest, id: string, options: { reveal?: string } = {}): Promise<ApplicationDetail> {
      const now = clock()
      return withTenant(db, tenant.id, async trx => {
        const { application, document, context } = await getApplicationSnapshot(trx, tenant.id, actor, id)
        const mayRevealMyNumber = canRevealMyNumber(actor.assignments, application.departmentId)
        const revealed: Record<string, string | null> = {}
        if (options.reveal !== undefined) {
          if (!mayRevealMyNumber) throw myNumberForbidden()
          if (!myNumberFieldIds(document).includes(options.reveal)) throw new FormProblem({ reveal: 'processing.form.invalid' })
          const ciphertext = await findSecretCiphertext(trx, tenant.id, id, options.reveal)
          let digits: string | null = null
          try {
            digits = ciphertext ? decryptField(config.dataEncryptionKey, ciphertext) : null
          } catch {
            digits = null // a key that was rotated away: shown as unavailable, never a crash
          }
          revealed[options.reveal] = digits
          await recordAudit(trx, tenant.id, {
            actor: { type: 'staff', id: actor.id },
            action: 'application.reveal-my-number',
            subjectType: 'application',
            subjectId: id,
            details: { departmentId: application.departmentId, departmentName: context.departmentName, fieldPath: options.reveal, found: digits !== null },
            requestId,
          })
        }
        const events = await listApplicationEvents(trx, tenant.id, id)
        const notes = await listNotes(trx, tenant.id, id)
        const approvals = await listApprovals(trx, tenant.id, [id])
        const documents = await listDocuments(trx, tenant.id, id)
        const assignees = await listProcessors(trx, tenant.id, { kind: 'one', id: application.departmentId })
        const round = currentRound(approvals)
        const today = toIsoDate(now)
        const capacities = application.status === 'pending_approval' ? capacitiesFor(await loadSignerContext(trx, tenant.id, actor, today), actor, application, round, today) : []
        const staffNames = await findStaffNames(trx, tenant.id, [
          application.assigneeStaffId,
          application.proposedBy,
          ...events.map(e => (e.actorType === 'staff' ? e.actorId : null)),
          ...notes.map(n => n.staffUserId),
          ...approvals.flatMap(a => [a.decidedBy, a.onBehalfOf]),
          ...capacities.map(c => c.onBehalfOf),
        ])
        // The resident's My page reads this entry to show which department viewed the application, and when.
        await recordAudit(trx, tenant.id, {
          actor: { type: 'staff', id: actor.id },
          action: 'application.view',
          subjectType: 'application',
          subjectId: application.id,
          details: { departmentId: application.departmentId, departmentName: context.departmentName },
          requestId,
        })
        return {
          application,
          document,
          context,
          applicantName: applicantName(document, { answers: application.answers, basicInfoName: context.basicInfoName, displayName: context.residentDisplayName }),
          events,
          notes,
          approvals,
          documents,
          staffNames,
          assignees,
          capacities,
          nextStep: application.status === 'pending_approval' ? nextStepToSign(round) : undefined,
          mayRevealMyNumber,
          mayApprove: canApproveApplication(actor.assignments, application.departmentId),
          blocker: approvalBlocker(document, application),
          isOverdue: isOverdue(application, now),
          revealed,
        }
      })
    },

    /** An internal note (never shown to the resident). */
    async addNote({ tenant, actor, requestId }: ProcessingRequest, id: string, body: string): Promise<void> {
      await withTenant(db, tenant.id, async trx => {
        const application = await getAccessibleApplication(trx, tenant.id, actor, id)
        await insertNote(trx, tenant.id, { applicationId: id, staffUserId: actor.id, body })
        await recordAudit(trx, tenant.id, {
          actor: { type: 'staff', id: actor.id },
          action: 'application.add-note',
          subjectType: 'application',
          subjectId: id,
          details: { departmentId: application.departmentId, length: [...body].length },
          requestId,
        })
      })
    },

    /** An attachment the application's answers refer to (files of other applications are not found). */
    async getAttachment({ tenant, actor, requestId }: ProcessingRequest, id: string, fileId: string): Promise<StoredFile> {
      return withTenant(db, tenant.id, async trx => {
        const { application, document } = await getApplicationSnapshot(trx, tenant.id, actor, id)
        const referenced = listFields(document.form).some(f => {
          if (f.type !== 'file') return false
          const value = application.answers[f.id] as { fileId?: unknown } | undefined
          return typeof value === 'object' && value !== null && value.fileId === fileId
        })
        if (!referenced) throw fileNotFound()
        const file = await getStoredFile(trx, tenant.id, fileId)
        if (file.ownerId !== null && file.ownerId !== id) throw fileNotFound()
        await recordAudit(trx, tenant.id, {
          actor: { type: 'staff', id: actor.id },
          action: 'application.view-attachment',
          subjectType: 'application',
          subjectId: id,
          details: { departmentId: application.departmentId, fileId },
          requestId,
        })
        return file
      })
    },

    /** An issued document (受付票, 通知書) as stored. */
    async getDocument({ tenant, actor, requestId }: ProcessingRequest, id: string, documentId: string) {
      return withTenant(db, tenant.id, async trx => {
        const application = await getAccessibleApplication(trx, tenant.id, actor, id)
        const document = await findDocument(trx, tenant.id, id, documentId)
        if (!document) throw fileNotFound()
        await recordAudit(trx, tenant.id, {
          actor: { type: 'staff', id: actor.id },
          action: 'application.download-document',
          subjectType: 'application',
          subjectId: id,
          details: { departmentId: application.departmentId, documentId, kind: document.kind },
          requestId,
        })
        return { ...document, receiptNumber: application.receiptNumber }
      })
    },
  }
}
export type DetailService = ReturnType<typeof createDetailService>
