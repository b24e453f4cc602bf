/**
 * Produces an export file as a sequence of chunks, one batch of applications at a time, each
 * batch read in its own short transaction (in embedded mode a long one would pause every other
 * request). Used for direct downloads (streamed to the response) and by the background job.
 */
import { encodeShiftJis } from '../../../jp/shift-jis.js'
import { withTenant, type Db } from '../../../platform/db/tenant-context.js'
import type { ProcedureDocument } from '../form/form-definition.js'
import { applicantName } from './applicant.js'
import type { ApplicationCriteria } from './application-query.js'
import { answerCell, answerColumns, BASE_COLUMNS, csvLine, toTokyoIso, UTF8_BOM, type AnswerColumn, type BaseColumn } from './export-format.js'
import { fetchExportBatch, listProcedureVersions, type ExportCursor, type ExportRow } from './export-repository.js'
import type { ExportEncoding, ExportFormat } from './export-tables.js'
import { findVersionDocuments } from './inbox-repository.js'

export const EXPORT_BATCH_SIZE = 500

export interface ExportChunk {
  bytes: Buffer
  /** applications written in this chunk */
  rows: number
}

function baseValues(row: ExportRow, doc: ProcedureDocument | undefined): Record<BaseColumn, string> {
  return {
    receipt_number: row.receiptNumber ?? '',
    procedure: row.procedureSlug,
    procedure_version: String(row.version),
    status: row.status,
    submitted_at: toTokyoIso(row.submittedAt),
    due_at: toTokyoIso(row.dueAt),
    decided_at: toTokyoIso(row.decidedAt),
    decision: row.decision ?? '',
    decision_reason: row.decisionReason ?? '',
    department_code: row.departmentCode ?? '',
    department: row.departmentName ?? '',
    assignee: row.assigneeName ?? '',
    applicant_name: applicantName(doc, { answers: row.answers, basicInfoName: row.basicInfoName, displayName: row.displayName }),
    channel: row.channel,
    fee_yen: String(row.feeYen),
    payment_state: row.paymentState,
  }
}

/**
 * The chunks of one export. Answer columns are those of the filtered procedure's versions; an
 * export across procedures has the fixed columns only (their forms have nothing in common).
 */
export async function* exportChunks(db: Db, tenantId: string, criteria: ApplicationCriteria, format: ExportFormat, encoding: ExportEncoding): AsyncGenerator<ExportChunk> {
  const procedureId = criteria.filter.procedure
  const columns: AnswerColumn[] = procedureId
    ? answerColumns((await withTenant(db, tenantId, trx => listProcedureVersions(trx, tenantId, procedureId))).map(v => v.document))
    : []
  const documents = new Map<string, ProcedureDocument>()
  const header = [...BASE_COLUMNS, ...columns.map(c => c.key)]
  const bom = encoding === 'utf-8-bom' && format === 'csv' ? UTF8_BOM : ''
  // Shift_JIS only for CSV (core systems and older Excel); JSON is always UTF-8.
  const encode = (text: string) => (encoding === 'shift_jis' && format === 'csv' ? encodeShiftJis(text).bytes : Buffer.from(text, 'utf8'))
  yield { bytes: encode(format === 'csv' ? bom + csvLine(header) : '['), rows: 0 }

  let after: ExportCursor | undefined
  let first = true
  for (;;) {
    const rows = await withTenant(db, tenantId, async trx => {
      const batch = await fetchExportBatch(trx, tenantId, criteria, after, EXPORT_BATCH_SIZE)
      const missing = [...new Set(batch.map(r => r.versionId))].filter(id => !documents.has(id))
      for (const [id, doc] of await findVersionDocuments(trx, tenantId, missing)) documents.set(id, doc)
      return batch
    })
    if (rows.length === 0) break
    let text = ''
    for (const row of rows) {
      const doc = documents.get(row.versionId)
      const base = baseValues(row, doc)
      const values = [...BASE_COLUMNS.map(c => base[c]), ...columns.map(c => answerCell(row.answers, c))]
      if (format === 'csv') text += csvLine(values)
      else {
        text += `${first ? '' : ','}\n${JSON.stringify(Object.fromEntries(header.map((key, i) => [key, values[i]])))}`
        first = false
      }
    }
    yield { bytes: encode(text), rows: rows.length }
    const last = rows[rows.length - 1]
    after = { at: last.sortAt, id: last.id }
    if (rows.length < EXPORT_BATCH_SIZE) break
  }
  if (format === 'json') yield { bytes: Buffer.from(first ? ']\n' : '\n]\n', 'utf8'), rows: 0 }
}
