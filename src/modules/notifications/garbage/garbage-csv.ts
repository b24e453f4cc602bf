/**
 * CSV import of collection rules and of the sorting dictionary (分別辞典), as municipalities keep
 * them in Excel: UTF-8 with or without BOM, or Shift_JIS. Never throws on bad input: each problem
 * is reported with its line number and a message key for the catalog. Formats: README.md.
 */
import { findIsoDateParts, formatIsoDate, isRealDate } from '../../../jp/calendar-date.js'
import { normalizeText } from '../../../jp/kana.js'
import type { GarbageException, GarbageRule, GarbageSchedule, HolidayPolicy } from './garbage-rules.js'
import type { SortingEntry } from './garbage-dictionary.js'
import { decodeCsv as decodeCsvBytes, parseCsv, type CsvEncoding, type CsvRecord } from '../../../platform/files/csv.js'

/** One problem in a file; `line` is the physical line (1-based) where the record starts. */
export interface GarbageCsvError {
  line: number
  column?: string
  /** Message key, e.g. 'notifications.garbage.csv.unknownWeekday'. */
  key: string
  params?: Record<string, string | number>
}

const KEY_PREFIX = 'notifications.garbage.csv.'

export { decodeCsv as decodeCsvBytes, type CsvEncoding } from '../../../platform/files/csv.js'

/** RFC 4180 records (platform/files/csv.ts), with an unterminated quote as this catalog's error. */
export function parseCsvRecords(text: string): { records: CsvRecord[]; errors: GarbageCsvError[] } {
  const { records, unterminatedQuoteLine } = parseCsv(text)
  return { records, errors: unterminatedQuoteLine === undefined ? [] : [{ line: unterminatedQuoteLine, key: `${KEY_PREFIX}unterminatedQuote` }] }
}

interface HeaderedRows {
  rows: { line: number; get(column: string): string }[]
  errors: GarbageCsvError[]
}

/** NFKC and trimmed like normalizeText, but a note's line breaks survive (as LF). */
function normalizeCell(value: string): string {
  return value.normalize('NFKC').replace(/\r\n?/g, '\n').replace(/[^\S\n]+/g, ' ').replace(/ ?\n ?/g, '\n').trim()
}

/** Reads the header row and maps each data row's cells by column name (columns may be reordered). */
function readHeaderedRows(input: Uint8Array | string, required: readonly string[]): HeaderedRows & { encoding: CsvEncoding } {
  const { text, encoding } = decodeCsvBytes(input)
  const { records, errors } = parseCsvRecords(text)
  const [header, ...data] = records
  if (!header) return { rows: [], errors: [...errors, { line: 1, key: `${KEY_PREFIX}emptyFile` }], encoding }
  const positions = new Map(header.fields.map((name, index) => [normalizeText(name), index]))
  const missing = required.filter(column => !positions.has(column))
  if (missing.length > 0) {
    return { rows: [], errors: [...errors, ...missing.map(column => ({ line: header.line, column, key: `${KEY_PREFIX}missingColumn`, params: { column } }))], encoding }
  }
  const rows = data.map(record => ({
    line: record.line,
    get: (column: string) => {
      const position = positions.get(column)
      return position === undefined ? '' : normalizeCell(record.fields[position] ?? '')
    },
  }))
  return { rows, errors, encoding }
}

// ---------------------------------------------------------------------------------------------
// Rules: 地区,分別区分,種類,曜日,第何週,日付,祝日の扱い,備考

/** Columns of the rules file, in the documented order. */
export const RULES_CSV_COLUMNS = ['地区', '分別区分', '種類', '曜日', '第何週', '日付', '祝日の扱い', '備考'] as const

const SCHEDULE_KINDS: Readonly<Record<string, GarbageSchedule['kind'] | 'add' | 'cancel'>> = {
  毎週: 'weekly',
  weekly: 'weekly',
  第n曜日: 'nthWeekday',
  第N曜日: 'nthWeekday',
  nthWeekday: 'nthWeekday',
  毎月: 'monthlyDates',
  monthlyDates: 'monthlyDates',
  指定日: 'explicitDates',
  explicitDates: 'explicitDates',
  臨時収集: 'add',
  add: 'add',
  収集中止: 'cancel',
  cancel: 'cancel',
}

const WEEKDAYS: Readonly<Record<string, number>> = { 日: 0, 月: 1, 火: 2, 水: 3, 木: 4, 金: 5, 土: 6 }

const HOLIDAY_POLICIES: Readonly<Record<string, HolidayPolicy>> = {
  収集: 'collect',
  collect: 'collect',
  休み: 'skip',
  skip: 'skip',
  翌営業日: 'next-business-day',
  'next-business-day': 'next-business-day',
}

// Lists inside one cell: 月・木, 月、木, 月/木, "月,木", 2 4 — and 曜日 may be written 月曜日.
const LIST_SEPARATOR = /[・、,/\s]+/

function splitList(cell: string): string[] {
  return cell.split(LIST_SEPARATOR).filter(part => part !== '')
}

function parseWeekdays(cell: string): number[] | undefined {
  const parts = splitList(cell.replace(/曜日?/g, ' '))
  // 月木 with no separator is common too: read it character by character.
  const letters = parts.flatMap(part => [...part])
  const days = letters.map(letter => WEEKDAYS[letter])
  if (days.length === 0 || days.some(day => day === undefined)) return undefined
  return [...new Set(days as number[])]
}

function parseIntegers(cell: string, min: number, max: number): number[] | undefined {
  const parts = splitList(cell.replace(/[第日週]/g, ' '))
  const numbers = parts.map(Number)
  if (numbers.length === 0 || numbers.some(n => !Number.isInteger(n) || n < min || n > max)) return undefined
  return [...new Set(numbers)]
}

/** Accepts 2026-04-01, 2026/4/1 and 2026.4.1. */
function parseDate(text: string): string | undefined {
  const match = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(text)
  if (!match) return undefined
  const parts = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) }
  return isRealDate(parts.year, parts.month, parts.day) ? formatIsoDate(parts) : undefined
}

function parseDates(cell: string): string[] | undefined {
  // Dates use - / . inside, so only ・、 and spaces separate them here.
  const parts = cell.split(/[・、,\s]+/).filter(part => part !== '')
  const dates = parts.map(parseDate)
  if (dates.length === 0 || dates.some(date => date === undefined || !findIsoDateParts(date))) return undefined
  return [...new Set(dates as string[])]
}

export interface GarbageRulesImport {
  rules: GarbageRule[]
  exceptions: GarbageException[]
  errors: GarbageCsvError[]
  encoding: CsvEncoding
}

/**
 * Reads the rules file. 種類 is 毎週 (曜日), 第N曜日 (曜日 + 第何週), 毎月 (日付 = days of month),
 * 指定日 (日付 = dates), or 臨時収集 / 収集中止 for exceptions (日付 = dates). A row with any
 * error is left out; the other rows are still returned.
 */
export function importGarbageRulesCsv(input: Uint8Array | string): GarbageRulesImport {
  const { rows, errors, encoding } = readHeaderedRows(input, ['地区', '分別区分', '種類'])
  const rules: GarbageRule[] = []
  const exceptions: GarbageException[] = []
  for (const row of rows) {
    const rowErrors: GarbageCsvError[] = []
    const fail = (column: string, reason: string, value?: string) => {
      rowErrors.push({ line: row.line, column, key: `${KEY_PREFIX}${reason}`, params: { column, ...(value !== undefined ? { value } : {}) } })
    }
    const district = row.get('地区')
    const type = row.get('分別区分')
    const kindCell = row.get('種類')
    const note = row.get('備考')
    if (!district) fail('地区', 'requiredField')
    const kind = SCHEDULE_KINDS[kindCell]
    if (!kindCell) fail('種類', 'requiredField')
    else if (!kind) fail('種類', 'unknownScheduleKind', kindCell)
    if (!type && kind !== 'cancel') fail('分別区分', 'requiredField')

    const policyCell = row.get('祝日の扱い')
    const holidayPolicy = policyCell === '' ? 'collect' : HOLIDAY_POLICIES[policyCell]
    if (!holidayPolicy) fail('祝日の扱い', 'unknownHolidayPolicy', policyCell)

    const weekdays = () => {
      const days = parseWeekdays(row.get('曜日'))
      if (!days) fail('曜日', row.get('曜日') ? 'unknownWeekday' : 'requiredField', row.get('曜日'))
      return days
    }
    const dates = () => {
      const list = parseDates(row.get('日付'))
      if (!list) fail('日付', row.get('日付') ? 'invalidDate' : 'requiredField', row.get('日付'))
      return list
    }

    let schedule: GarbageSchedule | undefined
    let exceptionDates: string[] | undefined
    switch (kind) {
      case 'weekly': {
        const daysOfWeek = weekdays()
        if (daysOfWeek) schedule = { kind, daysOfWeek }
        break
      }
      case 'nthWeekday': {
        const days = weekdays()
        const weeks = parseIntegers(row.get('第何週'), 1, 5)
        if (!weeks) fail('第何週', row.get('第何週') ? 'invalidWeek' : 'requiredField', row.get('第何週'))
        if (days && days.length !== 1) fail('曜日', 'oneWeekdayOnly', row.get('曜日'))
        else if (days?.[0] !== undefined && weeks) schedule = { kind, dayOfWeek: days[0], weeks }
        break
      }
      case 'monthlyDates': {
        const days = parseIntegers(row.get('日付'), 1, 31)
        if (!days) fail('日付', row.get('日付') ? 'invalidDayOfMonth' : 'requiredField', row.get('日付'))
        else schedule = { kind, days }
        break
      }
      case 'explicitDates': {
        const list = dates()
        if (list) schedule = { kind, dates: list }
        break
      }
      case 'add':
      case 'cancel':
        exceptionDates = dates()
        break
      case undefined:
        break
    }
    if (rowErrors.length > 0 || !holidayPolicy) {
      errors.push(...rowErrors)
      continue
    }
    if (schedule) {
      rules.push({ district, type, schedule, holidayPolicy, ...(note ? { note } : {}) })
    } else if (exceptionDates && (kind === 'add' || kind === 'cancel')) {
      for (const date of exceptionDates) {
        exceptions.push({ district, date, action: kind, ...(type ? { type } : {}), ...(note ? { note } : {}) })
      }
    }
  }
  return { rules, exceptions, errors, encoding }
}

// ---------------------------------------------------------------------------------------------
// Sorting dictionary: 品目,よみがな,分別区分,出し方

/** Columns of the sorting dictionary file, in the documented order. */
export const DICTIONARY_CSV_COLUMNS = ['品目', 'よみがな', '分別区分', '出し方'] as const

export interface SortingDictionaryImport {
  entries: SortingEntry[]
  errors: GarbageCsvError[]
  encoding: CsvEncoding
}

/** Reads the sorting dictionary; 品目 and 分別区分 are required, よみがな and 出し方 optional. */
export function importSortingDictionaryCsv(input: Uint8Array | string): SortingDictionaryImport {
  const { rows, errors, encoding } = readHeaderedRows(input, ['品目', '分別区分'])
  const entries: SortingEntry[] = []
  for (const row of rows) {
    const item = row.get('品目')
    const category = row.get('分別区分')
    const reading = row.get('よみがな')
    const instructions = row.get('出し方')
    const rowErrors: GarbageCsvError[] = []
    if (!item) rowErrors.push({ line: row.line, column: '品目', key: `${KEY_PREFIX}requiredField`, params: { column: '品目' } })
    if (!category) rowErrors.push({ line: row.line, column: '分別区分', key: `${KEY_PREFIX}requiredField`, params: { column: '分別区分' } })
    if (rowErrors.length > 0) {
      errors.push(...rowErrors)
      continue
    }
    entries.push({ item, category, ...(reading ? { reading } : {}), ...(instructions ? { instructions } : {}) })
  }
  return { entries, errors, encoding }
}
