/**
 * Slot templates as CSV, the way staff keep them in Excel: UTF-8 with or without BOM, or
 * Shift_JIS. One row per template:
 *
 *   予約対象コード,曜日,開始時刻,終了時刻,定員,適用開始日,適用終了日
 *   counter-visit,月・火・水・木・金,09:00,09:15,2,2026-04-01,
 *
 * 曜日 is written 月水金, 月・水・金, "月,水", 平日, 毎日 or Mon Wed Fri (holidays are not a
 * weekday: whether slots open on them is the facility's rule). Parsing never throws: every problem
 * comes back with its line, column and a catalog key. Pure (the service checks the codes, opening
 * hours and overlaps against the database).
 */
import { encodeShiftJis } from '../../../jp/shift-jis.js'
import { minutesOfDay } from '../reservation-time.js'
import { parseDate, parseTime } from './setup-form-values.js'
import { decodeCsv, parseCsv, type CsvEncoding, type CsvRecord } from '../../../platform/files/csv.js'

export interface CsvProblem {
  /** physical line (1-based) where the record starts */
  line: number
  column?: string
  /** catalog key under reservations.setup.csv. */
  key: string
  params?: Record<string, string | number>
}

export type { CsvEncoding } from '../../../platform/files/csv.js'

export interface TemplateCsvRow {
  line: number
  resourceCode: string
  weekdays: number[]
  startTime: string
  endTime: string
  capacity: number
  validFrom: string
  validUntil: string | null
}

export const TEMPLATE_CSV_COLUMNS = ['予約対象コード', '曜日', '開始時刻', '終了時刻', '定員', '適用開始日', '適用終了日'] as const
type Column = (typeof TEMPLATE_CSV_COLUMNS)[number]
const REQUIRED: readonly Column[] = ['予約対象コード', '曜日', '開始時刻', '終了時刻', '定員', '適用開始日']
const ALIASES: Readonly<Record<string, Column>> = { resource: '予約対象コード', weekdays: '曜日', start: '開始時刻', end: '終了時刻', capacity: '定員', valid_from: '適用開始日', valid_until: '適用終了日' }
export const MAX_TEMPLATE_CSV_ROWS = 5000
const K = 'reservations.setup.csv.'

export { decodeCsv } from '../../../platform/files/csv.js'

/** RFC 4180 records (platform/files/csv.ts), with an unterminated quote as this catalog's problem. */
export function parseCsvRecords(text: string): { records: CsvRecord[]; problems: CsvProblem[] } {
  const { records, unterminatedQuoteLine } = parseCsv(text)
  return { records, problems: unterminatedQuoteLine === undefined ? [] : [{ line: unterminatedQuoteLine, key: `${K}unterminatedQuote` }] }
}

const WEEKDAY_LETTERS: Readonly<Record<string, number[]>> = { 日: [0], 月: [1], 火: [2], 水: [3], 木: [4], 金: [5], 土: [6] }
const WEEKDAY_WORDS: Readonly<Record<string, number[]>> = {
  平日: [1, 2, 3, 4, 5],
  毎日: [0, 1, 2, 3, 4, 5, 6],
  sun: [0],
  mon: [1],
  tue: [2],
  wed: [3],
  thu: [4],
  fri: [5],
  sat: [6],
  weekdays: [1, 2, 3, 4, 5],
  daily: [0, 1, 2, 3, 4, 5, 6],
}

/** 月水金, 月・水・金, "月,水", 月曜日 火曜日, 平日, 毎日, Mon Wed → sorted weekday numbers, or undefined. */
export function parseWeekdays(cell: string): number[] | undefined {
  const days = new Set<number>()
  const parts = cell
    .normalize('NFKC')
    .toLowerCase()
    .split(/[・、,/\s]+/)
    .filter(Boolean)
  if (parts.length === 0) return undefined
  for (const part of parts) {
    const word = WEEKDAY_WORDS[part]
    if (word) {
      for (const day of word) days.add(day)
      continue
    }
    const letters = [...part.replace(/曜日?/g, '')]
    if (letters.length === 0) return undefined
    for (const letter of letters) {
      const day = WEEKDAY_LETTERS[letter]
      if (!day) return undefined
      for (const d of day) days.add(d)
    }
  }
  return [...days].sort()
}

/** Reads the file into template rows and problems (each row checked on its own). */
export function readTemplateCsv(bytes: Uint8Array): { rows: TemplateCsvRow[]; problems: CsvProblem[]; encoding: CsvEncoding } {
  if (bytes.length === 0) return { rows: [], problems: [{ line: 1, key: `${K}noFile` }], encoding: 'utf-8' }
  // an .xlsx workbook is a ZIP archive: staff often upload it instead of "CSV (UTF-8)"
  if (bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return { rows: [], problems: [{ line: 1, key: `${K}notCsv` }], encoding: 'utf-8' }
  const { text, encoding } = decodeCsv(bytes)
  const { records, problems } = parseCsvRecords(text)
  if (problems.length > 0) return { rows: [], problems, encoding }
  const [header, ...data] = records
  if (!header) return { rows: [], problems: [{ line: 1, key: `${K}emptyFile` }], encoding }
  const positions = new Map<Column, number>()
  header.fields.forEach((name, index) => {
    const normalised = name.normalize('NFKC').trim()
    const column = (TEMPLATE_CSV_COLUMNS as readonly string[]).includes(normalised) ? (normalised as Column) : ALIASES[normalised.toLowerCase()]
    if (column && !positions.has(column)) positions.set(column, index)
  })
  const missing = REQUIRED.filter(column => !positions.has(column))
  if (missing.length > 0) return { rows: [], problems: missing.map(column => ({ line: header.line, column, key: `${K}missingColumn`, params: { column } })), encoding }
  if (data.length === 0) return { rows: [], problems: [{ line: header.line + 1, key: `${K}noRows` }], encoding }
  if (data.length > MAX_TEMPLATE_CSV_ROWS) return { rows: [], problems: [{ line: data[MAX_TEMPLATE_CSV_ROWS]?.line ?? 1, key: `${K}tooManyRows`, params: { max: MAX_TEMPLATE_CSV_ROWS } }], encoding }

  const rows: TemplateCsvRow[] = []
  for (const record of data) {
    const cell = (column: Column) => {
      const position = positions.get(column)
      return position === undefined ? '' : (record.fields[position] ?? '').normalize('NFKC').trim()
    }
    const rowProblems: CsvProblem[] = []
    const problem = (column: Column, key: string, params: Record<string, string | number> = {}) => rowProblems.push({ line: record.line, column, key: `${K}${key}`, params: { column, value: cell(column), ...params } })
    const required = (column: Column) => {
      if (cell(column) === '') problem(column, 'required')
      return cell(column)
    }
    const resourceCode = required('予約対象コード').toLowerCase()
    const weekdaysCell = required('曜日')
    const weekdays = weekdaysCell ? parseWeekdays(weekdaysCell) : undefined
    if (weekdaysCell && !weekdays) problem('曜日', 'badWeekdays')
    const startCell = required('開始時刻')
    const startTime = startCell ? parseTime(startCell) : undefined
    if (startCell && !startTime) problem('開始時刻', 'badTime')
    const endCell = required('終了時刻')
    const endTime = endCell ? parseTime(endCell) : undefined
    if (endCell && !endTime) problem('終了時刻', 'badTime')
    if (startTime && endTime && minutesOfDay(endTime) <= minutesOfDay(startTime)) problem('終了時刻', 'endBeforeStart')
    const capacityCell = required('定員').replace(/,/g, '')
    const capacity = /^\d+$/.test(capacityCell) ? Number(capacityCell) : Number.NaN
    if (capacityCell && (!Number.isSafeInteger(capacity) || capacity < 1 || capacity > 10000)) problem('定員', 'badCapacity', { min: 1, max: 10000 })
    const fromCell = required('適用開始日')
    const validFrom = fromCell ? parseDate(fromCell) : undefined
    if (fromCell && !validFrom) problem('適用開始日', 'badDate')
    const untilCell = cell('適用終了日')
    const validUntil = untilCell ? parseDate(untilCell) : null
    if (untilCell && !validUntil) problem('適用終了日', 'badDate')
    if (validFrom && validUntil && validUntil < validFrom) problem('適用終了日', 'untilBeforeFrom')
    if (rowProblems.length > 0 || !weekdays || !startTime || !endTime || !validFrom || validUntil === undefined) {
      problems.push(...rowProblems)
      continue
    }
    rows.push({ line: record.line, resourceCode, weekdays, startTime, endTime, capacity, validFrom, validUntil })
  }
  return { rows, problems, encoding }
}

const WEEKDAY_NAMES = ['日', '月', '火', '水', '木', '金', '土']

function csvCell(value: string): string {
  // a leading =, +, - or @ would run as a formula in Excel (CSV injection)
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

/** The templates as a CSV file the import reads back unchanged (CRLF, header first). */
export function writeTemplateCsv(rows: readonly Omit<TemplateCsvRow, 'line'>[]): string {
  const lines = [TEMPLATE_CSV_COLUMNS.join(',')]
  for (const row of rows) {
    const weekdays = [1, 2, 3, 4, 5, 6, 0].filter(day => row.weekdays.includes(day)).map(day => WEEKDAY_NAMES[day]).join('・')
    lines.push([row.resourceCode, weekdays, row.startTime.slice(0, 5), row.endTime.slice(0, 5), String(row.capacity), row.validFrom, row.validUntil ?? ''].map(csvCell).join(','))
  }
  return `${lines.join('\r\n')}\r\n`
}

/** The file's bytes: UTF-8 with a BOM (Excel then reads it as UTF-8), or Shift_JIS. */
export function encodeTemplateCsv(csv: string, encoding: CsvEncoding): Buffer {
  return encoding === 'shift_jis' ? encodeShiftJis(csv).bytes : Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv, 'utf8')])
}
