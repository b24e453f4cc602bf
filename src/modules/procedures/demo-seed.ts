/**
 * Demo data for デモ市: the five template procedures published, and a few applications in
 * different states so the staff inbox and My page have something to show after `npm start`.
 */
import type { Transaction } from 'kysely'
import type { Database } from '../../platform/db/schema.js'
import { addBusinessDays } from '../../jp/holidays.js'
import { proceduresDb } from './procedure-tables.js'
import { recordApplicationEvent } from './application-repository.js'
import { generateReceiptNumber } from './receipt-number.js'
import { calculateFee } from './form/form-fees.js'
import { tokyoToday, type Answers } from './form/form-answers.js'
import { createProcedureFromTemplate, PROCEDURE_TEMPLATE_SLUGS } from './templates/procedure-templates.js'

function dogAnswers(owner: { family: string; given: string; familyKana: string; givenKana: string }, dog: string): Answers {
  return {
    ownerName: { familyName: owner.family, givenName: owner.given, familyNameKana: owner.familyKana, givenNameKana: owner.givenKana },
    ownerAddress: { postalCode: '1000001', prefecture: '東京都', city: 'デモ市', town: '中央', street: '1-2-3' },
    phone: '09012345678',
    email: 'demo-resident@demo.yakuba.localhost',
    dogName: dog,
    breed: '柴犬',
    colour: '赤',
    sex: 'female',
    dogBirthdate: '2025-06-01',
    vaccinationDate: '2026-04-15',
    clinic: 'デモ動物病院',
    needsTag: 'yes',
  }
}

/** Runs inside the seed's tenant-bound transaction, once, when デモ市 is created. */
export async function seedProceduresDemo(trx: Transaction<Database>, tenantId: string): Promise<void> {
  const procedures = new Map<string, { id: string; versionId: string; departmentId: string | null }>()
  for (const slug of PROCEDURE_TEMPLATE_SLUGS) {
    const procedure = await createProcedureFromTemplate(trx, tenantId, slug, null, { publish: true })
    procedures.set(slug, { id: procedure.id, versionId: procedure.publishedVersionId ?? '', departmentId: procedure.departmentId })
  }
  const dog = procedures.get('dog-registration')
  const residents = await trx.selectFrom('residents').select('id').where('tenantId', '=', tenantId).orderBy('createdAt').limit(3).execute()
  if (!dog || residents.length < 3) return
  const version = await proceduresDb(trx).selectFrom('procedureVersions').select('document').where('tenantId', '=', tenantId).where('id', '=', dog.versionId).executeTakeFirstOrThrow()
  const samples: { residentId: string; answers: Answers; status: 'submitted' | 'in_review' | 'correction_requested'; daysAgo: number; message?: string }[] = [
    { residentId: residents[1]?.id ?? '', answers: dogAnswers({ family: '吉田', given: '花子', familyKana: 'ヨシダ', givenKana: 'ハナコ' }, 'モモ'), status: 'submitted', daysAgo: 1 },
    { residentId: residents[2]?.id ?? '', answers: dogAnswers({ family: '佐藤', given: '健一', familyKana: 'サトウ', givenKana: 'ケンイチ' }, 'コタロウ'), status: 'in_review', daysAgo: 6 },
    { residentId: residents[0]?.id ?? '', answers: dogAnswers({ family: '山田', given: '太郎', familyKana: 'ヤマダ', givenKana: 'タロウ' }, 'ハナ'), status: 'correction_requested', daysAgo: 3, message: '狂犬病予防注射済証の写しを添付してください。' },
  ]
  for (const sample of samples) {
    const submittedAt = new Date(Date.now() - sample.daysAgo * 24 * 3600 * 1000)
    const fee = calculateFee(version.document.fee, sample.answers)
    const row = await proceduresDb(trx)
      .insertInto('applications')
      .values({
        tenantId,
        procedureId: dog.id,
        versionId: dog.versionId,
        residentId: sample.residentId,
        receiptNumber: generateReceiptNumber(),
        status: sample.status,
        answers: JSON.stringify(sample.answers),
        feeYen: fee.totalYen,
        feeLines: JSON.stringify(fee.lines),
        paymentState: 'paid',
        departmentId: dog.departmentId,
        submittedAt,
        dueAt: new Date(`${addBusinessDays(tokyoToday(submittedAt), version.document.processingDays)}T08:00:00Z`),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await recordApplicationEvent(trx, tenantId, { applicationId: row.id, fromStatus: 'draft', toStatus: 'submitted', action: 'submit', actor: { actorType: 'resident', actorId: sample.residentId } })
    if (sample.status !== 'submitted') {
      await recordApplicationEvent(trx, tenantId, { applicationId: row.id, fromStatus: 'submitted', toStatus: sample.status, action: sample.status === 'in_review' ? 'claim' : 'request-correction', actor: { actorType: 'system', actorId: null }, message: sample.message ?? null })
    }
  }
}
