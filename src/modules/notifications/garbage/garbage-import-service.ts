/**
 * Staff writes to the garbage calendar: importing the rules and the dictionary from CSV, and
 * editing holiday policies and the 年末年始 closure. A file with any bad row stores nothing; each
 * problem is reported with its line, column and a message key. Every write is one transaction
 * with its audit entry.
 */
import { recordAudit } from '../../../platform/audit/audit-log.js'
import { withTenant, type Db } from '../../../platform/db/tenant-context.js'
import { normalizeText } from '../../../jp/kana.js'
import {
  decodeCsvBytes,
  importGarbageRulesCsv,
  importSortingDictionaryCsv,
  parseCsvRecords,
  type CsvEncoding,
  type GarbageCsvError,
} from './garbage-csv.js'
import { GarbageCalendarSchema, type GarbageCalendar, type HolidayPolicy, type YearEndClosure } from './garbage-rules.js'
import { ensureCategories, findCurrentCalendar, insertCalendarVersion, listDistricts, replaceSortingEntries, type DistrictRow } from './garbage-repository.js'

const KEY = 'notifications.garbage.csv.'
/** Most rows a file may hold: far above any municipality's calendar or dictionary. */
export const MAX_RULE_ROWS = 5_000
export const MAX_DICTIONARY_ROWS = 20_000
// Column limits of migrations/0009 (and districts.code of 0007).
const MAX_LENGTH: Readonly<Record<string, number>> = { 地区: 40, 分別区分: 50, 品目: 200, よみがな: 200, 出し方: 2000, 備考: 500 }

export interface StaffActor {
  tenantId: string
  staffId: string
  requestId: string
}

export type ImportOutcome =
  | { ok: true; encoding: CsvEncoding; counts: Record<string, number> }
  | { ok: false; encoding?: CsvEncoding; errors: GarbageCsvError[] }

interface LocatedCells {
  line: number
  get(column: string): string
}

/** Each data row's cells by column name, normalised as the importers read them, for extra checks. */
function readCells(bytes: Uint8Array): LocatedCells[] {
  const { records } = parseCsvRecords(decodeCsvBytes(bytes).text)
  const [header, ...data] = records
  if (!header) return []
  const positions = new Map(header.fields.map((name, index) => [normalizeText(name), index]))
  return data.map(record => ({
    line: record.line,
    get: (column: string) => {
      const position = positions.get(column)
      return position === undefined ? '' : normalizeText(record.fields[position] ?? '')
    },
  }))
}

function checkLengths(cells: readonly LocatedCells[], columns: readonly string[]): GarbageCsvError[] {
  const errors: GarbageCsvError[] = []
  for (const row of cells) {
    for (const column of columns) {
      const max = MAX_LENGTH[column]
      const value = row.get(column)
      if (max !== undefined && [...value].length > max) errors.push({ line: row.line, column, key: `${KEY}valueTooLong`, params: { column, max } })
    }
  }
  return errors
}

// An .xlsx file is a ZIP archive: staff often upload the workbook instead of "CSV (UTF-8)".
function isZipArchive(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04
}

function precheck(bytes: Uint8Array | undefined): GarbageCsvError[] {
  if (!bytes || bytes.length === 0) return [{ line: 1, key: `${KEY}noFile` }]
  if (isZipArchive(bytes)) return [{ line: 1, key: `${KEY}notCsv` }]
  return []
}

function sortErrors(errors: GarbageCsvError[]): GarbageCsvError[] {
  return errors.map((error, index) => ({ error, index })).sort((a, b) => a.error.line - b.error.line || a.index - b.index).map(({ error }) => error)
}

/**
 * How a 地区 cell names a district: its code, or its name in any language. With no districts set
 * up yet, the cell is taken as the code.
 */
function resolveDistricts(values: readonly string[], districts: readonly DistrictRow[]): Map<string, string | undefined> {
  const byCode = new Map(districts.map(district => [normalizeText(district.code), district.code]))
  const byName = new Map<string, string>()
  for (const district of districts) for (const name of Object.values(district.names)) if (name) byName.set(normalizeText(name), district.code)
  const resolved = new Map<string, string | undefined>()
  for (const value of values) {
    const code = byCode.get(value) ?? byName.get(value)
    resolved.set(value, districts.length === 0 ? value : code)
  }
  return resolved
}

/** Imports the rules file: the new calendar keeps the current 年末年始 setting. */
export async function importRulesFile(db: Db, actor: StaffActor, bytes: Uint8Array | undefined): Promise<ImportOutcome> {
  const early = precheck(bytes)
  if (early.length > 0 || !bytes) return { ok: false, errors: early }
  const parsed = importGarbageRulesCsv(bytes)
  const cells = readCells(bytes)
  return withTenant(db, actor.tenantId, async trx => {
    const districts = await listDistricts(trx, actor.tenantId)
    const districtValues = [...new Set(cells.map(row => row.get('地区')).filter(value => value !== ''))]
    const resolved = resolveDistricts(districtValues, districts)
    const errors = [...parsed.errors, ...checkLengths(cells, ['地区', '分別区分', '備考'])]
    for (const row of cells) {
      const value = row.get('地区')
      if (value !== '' && resolved.get(value) === undefined) errors.push({ line: row.line, column: '地区', key: `${KEY}unknownDistrict`, params: { column: '地区', value } })
    }
    if (errors.length === 0 && parsed.rules.length + parsed.exceptions.length === 0) errors.push({ line: 2, key: `${KEY}noRows` })
    if (cells.length > MAX_RULE_ROWS) errors.push({ line: cells[MAX_RULE_ROWS]?.line ?? 1, key: `${KEY}tooManyRows`, params: { max: MAX_RULE_ROWS } })
    if (errors.length > 0) return { ok: false as const, encoding: parsed.encoding, errors: sortErrors(errors) }

    const codeOf = (value: string) => resolved.get(value) ?? value
    const current = await findCurrentCalendar(trx, actor.tenantId)
    const calendar: GarbageCalendar = GarbageCalendarSchema.parse({
      rules: parsed.rules.map(rule => ({ ...rule, district: codeOf(rule.district) })),
      exceptions: parsed.exceptions.map(exception => ({ ...exception, district: codeOf(exception.district) })),
      yearEndClosure: current?.calendar.yearEndClosure ?? 'dec-31',
    })
    const version = await insertCalendarVersion(trx, actor.tenantId, { calendar, change: 'import', sourceEncoding: parsed.encoding, staffId: actor.staffId })
    const types = [...calendar.rules.map(rule => rule.type), ...calendar.exceptions.flatMap(exception => (exception.type ? [exception.type] : []))]
    await ensureCategories(trx, actor.tenantId, types)
    const counts = { rules: calendar.rules.length, exceptions: calendar.exceptions.length, districts: new Set(calendar.rules.map(rule => rule.district)).size }
    await recordAudit(trx, actor.tenantId, {
      actor: { type: 'staff', id: actor.staffId },
      action: 'notifications.garbage-calendar-import',
      subjectType: 'garbage_calendar',
      subjectId: String(version),
      details: { ...counts, encoding: parsed.encoding },
      requestId: actor.requestId,
    })
    return { ok: true as const, encoding: parsed.encoding, counts: { ...counts, version } }
  })
}

/** Imports the sorting dictionary, replacing every entry. */
export async function importDictionaryFile(db: Db, actor: StaffActor, bytes: Uint8Array | undefined): Promise<ImportOutcome> {
  const early = precheck(bytes)
  if (early.length > 0 || !bytes) return { ok: false, errors: early }
  const parsed = importSortingDictionaryCsv(bytes)
  const cells = readCells(bytes)
  const errors = [...parsed.errors, ...checkLengths(cells, ['品目', 'よみがな', '分別区分', '出し方'])]
  if (errors.length === 0 && parsed.entries.length === 0) errors.push({ line: 2, key: `${KEY}noRows` })
  if (cells.length > MAX_DICTIONARY_ROWS) errors.push({ line: cells[MAX_DICTIONARY_ROWS]?.line ?? 1, key: `${KEY}tooManyRows`, params: { max: MAX_DICTIONARY_ROWS } })
  if (errors.length > 0) return { ok: false, encoding: parsed.encoding, errors: sortErrors(errors) }
  return withTenant(db, actor.tenantId, async trx => {
    await replaceSortingEntries(trx, actor.tenantId, parsed.entries)
    await ensureCategories(trx, actor.tenantId, parsed.entries.map(entry => entry.category))
    await recordAudit(trx, actor.tenantId, {
      actor: { type: 'staff', id: actor.staffId },
      action: 'notifications.garbage-dictionary-import',
      subjectType: 'garbage_dictionary',
      details: { entries: parsed.entries.length, encoding: parsed.encoding },
      requestId: actor.requestId,
    })
    return { ok: true as const, encoding: parsed.encoding, counts: { entries: parsed.entries.length } }
  })
}

export interface CalendarSettingsInput {
  yearEndClosure: YearEndClosure
  /** Holiday policy per garbage type; types not listed keep their rules' policies. */
  holidayPolicies: Readonly<Record<string, HolidayPolicy>>
}

/** Saves the 年末年始 closure and per-type holiday policies as a new calendar version. */
export async function updateCalendarSettings(db: Db, actor: StaffActor, input: CalendarSettingsInput): Promise<{ ok: true; version: number } | { ok: false; reason: 'no-calendar' }> {
  return withTenant(db, actor.tenantId, async trx => {
    const current = await findCurrentCalendar(trx, actor.tenantId)
    if (!current) return { ok: false as const, reason: 'no-calendar' as const }
    const calendar: GarbageCalendar = {
      ...current.calendar,
      yearEndClosure: input.yearEndClosure,
      rules: current.calendar.rules.map(rule => ({ ...rule, holidayPolicy: input.holidayPolicies[rule.type] ?? rule.holidayPolicy })),
    }
    const version = await insertCalendarVersion(trx, actor.tenantId, { calendar, change: 'settings', staffId: actor.staffId })
    await recordAudit(trx, actor.tenantId, {
      actor: { type: 'staff', id: actor.staffId },
      action: 'notifications.garbage-calendar-settings',
      subjectType: 'garbage_calendar',
      subjectId: String(version),
      details: { yearEndClosure: input.yearEndClosure, holidayPolicies: { ...input.holidayPolicies } },
      requestId: actor.requestId,
    })
    return { ok: true as const, version }
  })
}
