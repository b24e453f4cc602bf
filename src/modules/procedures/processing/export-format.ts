/**
 * The export file for core systems (申請管理): one row per application, fixed columns first,
 * then the answers flattened into one column per field (or per part: 氏名 and 住所 split into
 * their parts), across every version of the procedure. Pure, unit-tested.
 *
 * Column keys are stable machine names (documented in the module README), so that an import
 * into a core system does not break when a label is reworded.
 */
import { listFields, type Field, type ProcedureDocument } from '../form/form-definition.js'
import { ADDRESS_PARTS, NAME_PARTS, type AnswerValue, type Answers } from '../form/form-answers.js'

export const UTF8_BOM = '\uFEFF'

export const BASE_COLUMNS = [
  'receipt_number',
  'procedure',
  'procedure_version',
  'status',
  'submitted_at',
  'due_at',
  'decided_at',
  'decision',
  'decision_reason',
  'department_code',
  'department',
  'assignee',
  'applicant_name',
  'channel',
  'fee_yen',
  'payment_state',
] as const
export type BaseColumn = (typeof BASE_COLUMNS)[number]

/** One answer column: `answers.<fieldId>` or `answers.<fieldId>.<part>`. */
export interface AnswerColumn {
  key: string
  fieldId: string
  part?: string
}

function columnsOf(field: Field): AnswerColumn[] {
  const key = `answers.${field.id}`
  switch (field.type) {
    case 'personName':
      return (field.kana ? NAME_PARTS : NAME_PARTS.filter(p => !p.endsWith('Kana'))).map(part => ({ key: `${key}.${part}`, fieldId: field.id, part }))
    case 'address':
      return ADDRESS_PARTS.map(part => ({ key: `${key}.${part}`, fieldId: field.id, part }))
    case 'file':
      return [
        { key: `${key}.name`, fieldId: field.id, part: 'name' },
        { key: `${key}.fileId`, fieldId: field.id, part: 'fileId' },
      ]
    default:
      return [{ key, fieldId: field.id }]
  }
}

/**
 * The answer columns of a procedure's versions: the newest version's fields in form order, then
 * fields only older versions had (so a file covering several versions keeps every answer).
 */
export function answerColumns(documentsNewestFirst: readonly ProcedureDocument[]): AnswerColumn[] {
  const out: AnswerColumn[] = []
  const seen = new Set<string>()
  for (const doc of documentsNewestFirst) {
    for (const column of listFields(doc.form).flatMap(columnsOf)) {
      if (seen.has(column.key)) continue
      seen.add(column.key)
      out.push(column)
    }
  }
  return out
}

/** The text of one answer column (My Number answers hold only the masked form: exports never decrypt). */
export function answerCell(answers: Answers, column: AnswerColumn): string {
  const value = answers[column.fieldId] as AnswerValue | undefined
  if (value === undefined || value === null) return ''
  if (column.part) {
    if (typeof value !== 'object' || Array.isArray(value)) return ''
    const part = (value as unknown as Record<string, unknown>)[column.part]
    return part === undefined || part === null ? '' : String(part)
  }
  if (Array.isArray(value)) return value.every(v => typeof v === 'string') ? value.join(';') : JSON.stringify(value)
  if (typeof value === 'object') return JSON.stringify(value)
  return String(value)
}

/**
 * A CSV cell (RFC 4180): quoted when it holds a comma, quote or line break. Text that a
 * spreadsheet would run as a formula (=, +, -, @, tab, CR first) gets a leading apostrophe
 * (CSV injection); plain numbers such as -5 are left alone.
 */
export function csvCell(value: string): string {
  let text = value
  if (/^[=+\-@\t\r]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text)) text = `'${text}`
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

export function csvLine(values: readonly string[]): string {
  return `${values.map(csvCell).join(',')}\r\n`
}

const tokyoParts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })

/** ISO 8601 in Japan time: 2025-04-01T09:30:00+09:00 (core systems expect local time with its offset). */
export function toTokyoIso(date: Date | null): string {
  if (!date) return ''
  const p = Object.fromEntries(tokyoParts.formatToParts(date).map(part => [part.type, part.value]))
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}+09:00`
}

/** `applications-20250401-0930.csv` in Japan time. */
export function exportFileName(at: Date, format: 'csv' | 'json'): string {
  const iso = toTokyoIso(at)
  return `applications-${iso.slice(0, 10).replace(/-/g, '')}-${iso.slice(11, 16).replace(':', '')}.${format}`
}
