/**
 * Test factories for procedures and submitted applications, written straight to the database
 * (no resident journey needed). Used by processing.int.test.ts; reusable by any procedures test.
 */
import { randomBytes } from 'node:crypto'
import { withTenant } from '../../../platform/db/tenant-context.js'
import { encryptField } from '../../../platform/crypto.js'
import type { Platform } from '../../../platform/platform.js'
import { maskMyNumber } from '../../../jp/my-number.js'
import { recordApplicationEvent } from '../application-repository.js'
import { ProcedureDocumentSchema, PROCEDURE_FORMAT, type ProcedureDocument, type ProcedureDocumentInput } from '../form/form-definition.js'
import type { Answers } from '../form/form-answers.js'
import type { FeeLine } from '../form/form-fees.js'
import { insertProcedure, publishDraft } from '../procedure-repository.js'
import { proceduresDb, type Application, type ApplicationStatus, type PaymentState, type Procedure, type ProcedureVersion } from '../procedure-tables.js'
import { generateReceiptNumber } from '../receipt-number.js'
import { dueAtFor } from './due-date.js'

/** A valid procedure document: 氏名 (prefilled from 基本4情報), 住所, a text field; My Number and a file field (`proof`) when asked. */
export function testProcedureDocument(overrides: Partial<ProcedureDocumentInput> = {}, options: { myNumber?: boolean; file?: boolean } = {}): ProcedureDocument {
  return ProcedureDocumentSchema.parse({
    format: PROCEDURE_FORMAT,
    slug: `p-${randomBytes(4).toString('hex')}`,
    title: { ja: 'テスト手続き', 'ja-easy': 'テスト の てつづき', en: 'Test procedure' },
    summary: { ja: 'テスト用の手続きです。' },
    category: 'other',
    eligibility: { ja: 'どなたでも' },
    requirements: { ja: 'なし' },
    processingDays: 5,
    identityLevel: 'none',
    channels: { online: true, post: false, counter: false },
    myNumberAllowed: options.myNumber ?? false,
    form: {
      pages: [
        {
          id: 'applicant',
          title: { ja: '申請者' },
          elements: [
            { id: 'applicantName', type: 'personName', label: { ja: '氏名', en: 'Name' }, required: true, kana: true, prefill: 'name' },
            { id: 'applicantAddress', type: 'address', label: { ja: '住所', en: 'Address' }, prefill: 'address' },
            { id: 'purpose', type: 'text', label: { ja: '使いみち', en: 'Purpose' } },
            ...(options.myNumber ? [{ id: 'myNumber', type: 'myNumber', label: { ja: '個人番号', en: 'My Number' } }] : []),
            ...(options.file ? [{ id: 'proof', type: 'file', label: { ja: '本人確認書類', en: 'Proof of identity' }, accept: ['application/pdf', 'image/png'] }] : []),
          ],
        },
      ],
      declaration: { ja: '記載事項に相違ありません。' },
    },
    ...overrides,
  })
}

/** Inserts a procedure and publishes it (version 1), as staff would in the builder. */
export async function createPublishedProcedure(platform: Platform, tenantId: string, doc: ProcedureDocument): Promise<{ procedure: Procedure; version: ProcedureVersion; document: ProcedureDocument }> {
  return withTenant(platform.database.db, tenantId, async trx => {
    const inserted = await insertProcedure(trx, tenantId, doc, null)
    const version = await publishDraft(trx, tenantId, inserted.id, null)
    const procedure = await proceduresDb(trx).selectFrom('procedures').selectAll().where('tenantId', '=', tenantId).where('id', '=', inserted.id).executeTakeFirstOrThrow()
    return { procedure, version, document: version.document }
  })
}

/** A resident account, optionally with verified 基本4情報. */
export async function createTestResident(platform: Platform, tenantId: string, options: { email?: string; locale?: 'ja' | 'ja-easy' | 'en'; basicInfo?: { name: string; address: string } } = {}): Promise<string> {
  return withTenant(platform.database.db, tenantId, async trx => {
    const resident = await trx
      .insertInto('residents')
      .values({ tenantId, email: options.email ?? `r-${randomBytes(4).toString('hex')}@example.jp`, emailVerifiedAt: new Date(), displayName: options.basicInfo?.name ?? 'テスト 住民', locale: options.locale ?? 'ja' })
      .returning('id')
      .executeTakeFirstOrThrow()
    if (options.basicInfo) {
      await trx
        .insertInto('residentBasicInfo')
        .values({ tenantId, residentId: resident.id, name: options.basicInfo.name, nameKana: null, address: options.basicInfo.address, birthdate: '1990-01-01', gender: 'unknown', provider: 'digital-auth-app', verifiedAt: new Date() })
        .execute()
    }
    return resident.id
  })
}

export interface TestApplicationInput {
  procedure: Procedure
  version: ProcedureVersion
  residentId?: string | null
  answers?: Answers
  status?: ApplicationStatus
  submittedAt?: Date
  /** Defaults to submittedAt + the document's processingDays business days. */
  dueAt?: Date | null
  feeYen?: number
  feeLines?: FeeLine[]
  paymentState?: PaymentState
  assigneeStaffId?: string | null
  /** Stored encrypted in application_secrets; the answer keeps the masked form. */
  myNumber?: { field: string; digits: string }
}

/** A submitted application routed to the procedure's department, with its 'submit' history row. */
export async function createSubmittedApplication(platform: Platform, tenantId: string, input: TestApplicationInput): Promise<Application> {
  const submittedAt = input.submittedAt ?? new Date()
  const answers: Answers = { applicantName: { familyName: '山田', givenName: '花子', familyNameKana: 'ヤマダ', givenNameKana: 'ハナコ' }, ...input.answers }
  if (input.myNumber) answers[input.myNumber.field] = maskMyNumber(input.myNumber.digits)
  return withTenant(platform.database.db, tenantId, async trx => {
    const application = await proceduresDb(trx)
      .insertInto('applications')
      .values({
        tenantId,
        procedureId: input.procedure.id,
        versionId: input.version.id,
        residentId: input.residentId ?? null,
        receiptNumber: generateReceiptNumber(),
        status: input.status ?? 'submitted',
        answers: JSON.stringify(answers),
        feeYen: input.feeYen ?? 0,
        feeLines: JSON.stringify(input.feeLines ?? []),
        paymentState: input.paymentState ?? 'none',
        departmentId: input.procedure.departmentId,
        assigneeStaffId: input.assigneeStaffId ?? null,
        submittedAt,
        dueAt: input.dueAt === undefined ? dueAtFor(submittedAt, input.version.document.processingDays) : input.dueAt,
      })
      .returningAll()
      .executeTakeFirstOrThrow()
    await recordApplicationEvent(trx, tenantId, { applicationId: application.id, fromStatus: 'draft', toStatus: 'submitted', action: 'submit', actor: { actorType: 'resident', actorId: input.residentId ?? null } })
    if (input.myNumber) {
      await proceduresDb(trx)
        .insertInto('applicationSecrets')
        .values({ tenantId, applicationId: application.id, fieldPath: input.myNumber.field, ciphertext: encryptField(platform.config.dataEncryptionKey, input.myNumber.digits) })
        .execute()
    }
    return application
  })
}
