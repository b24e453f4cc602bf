/**
 * Reading 指定緊急避難場所一覧 CSV files as municipalities really publish them, in both
 * generations of the standard (../shared/standards/standard-datasets.md):
 *   - v2 推奨データセット: header starts `NO,名称,…`, code in 市区町村コード;
 *   - 正式版 (デジタル庁): header starts `全国地方公共団体コード,ID,…`, address split into 所在地_*.
 * Pure: bytes in, rows and a report out. Nothing is stored here.
 *
 * Tolerated and reported as fixed: UTF-8 with or without BOM and Shift_JIS; full-width digits and
 * parentheses; latitude and longitude swapped; a 5-digit 地方公共団体コード without its check
 * digit; hazard flags written ○ / ◯ / 〇 / 有 instead of 1; capacities like 「約500人」.
 * Rejected, with the reason: rows without a name or address, a 6-digit code whose check digit is
 * wrong, and a row whose code belongs to another municipality.
 */
import { decodeCsv, parseCsv, type CsvEncoding, type CsvRecord } from '../../../platform/files/csv.js'

export const SHELTER_HAZARDS = ['flood', 'landslide', 'stormSurge', 'earthquake', 'tsunami', 'fire', 'inlandFlood', 'volcano'] as const
export type ShelterHazard = (typeof SHELTER_HAZARDS)[number]

/** The standard's hazard columns, in the standard's order. */
const HAZARD_COLUMNS: Record<ShelterHazard, string> = {
  flood: '災害種別_洪水',
  landslide: '災害種別_崖崩れ、土石流及び地滑り',
  stormSurge: '災害種別_高潮',
  earthquake: '災害種別_地震',
  tsunami: '災害種別_津波',
  fire: '災害種別_大規模な火事',
  inlandFlood: '災害種別_内水氾濫',
  volcano: '災害種別_火山現象',
}

export type ShelterCsvFormat = 'v2' | 'official'

export interface ShelterRow {
  line: number
  /** NO (v2) or ID (正式版): the municipality's own number for the place */
  code: string
  name: string
  nameKana: string
  address: string
  latitude: number | null
  longitude: number | null
  phone: string
  /** 6-digit 全国地方公共団体コード of the municipality the place is in */
  lgCode: string
  hazards: ShelterHazard[]
  isAlsoShelter: boolean
  capacity: number | null
  url: string
  notes: string
}

/** One thing the report says about a row (or the file, at line 1): a catalog key with its parameters. */
export interface ShelterCsvNote {
  line: number
  column?: string
  key: string
  params?: Record<string, string | number>
}

export interface ShelterCsvReport {
  format?: ShelterCsvFormat
  encoding: CsvEncoding
  rows: ShelterRow[]
  /** rows kept after a repair: what was repaired */
  fixed: ShelterCsvNote[]
  /** rows (or the whole file) left out: why */
  rejected: ShelterCsvNote[]
}

const K = 'disaster.shelterCsv.'
export const MAX_SHELTER_CSV_ROWS = 10_000

/** Header names as written in real files: NFKC (full-width parentheses and digits), no spaces. */
const normaliseHeader = (name: string) => name.normalize('NFKC').replace(/\s+/g, '').replace(/^\uFEFF/, '')
const cellText = (value: string | undefined) => (value ?? '').normalize('NFKC').trim()

/** The check digit of a 5-digit 全国地方公共団体コード (weights 6…2, 11 minus the remainder, last digit). */
export function lgCodeCheckDigit(fiveDigits: string): number {
  const sum = [...fiveDigits].reduce((total, digit, index) => total + Number(digit) * (6 - index), 0)
  return (11 - (sum % 11)) % 10
}

/** Japan lies between about 20°N–46°N and 122°E–154°E. */
const isJapanLatitude = (value: number) => value >= 20 && value <= 46
const isJapanLongitude = (value: number) => value >= 122 && value <= 154

const TRUE_FLAGS = new Set(['1', '○', '◯', '〇', '●', '有', 'true', 'yes', 'y'])
const FALSE_FLAGS = new Set(['', '0', '×', '✕', '-', '―', '無', 'false', 'no', 'n'])

/** A shelter CSV opened: its header (names normalised), where each column is, and its data lines. */
export interface ShelterCsvTable {
  header: CsvRecord
  names: string[]
  data: CsvRecord[]
  /** the text of a cell by column name ('' when the file has no such column) */
  cellOf(record: CsvRecord): (column: string) => string
}

/**
 * Decodes and parses a shelter CSV (any of the formats we read). The file's own problems (an
 * unterminated quote, no header) are in the report and leave no table.
 */
export function openShelterCsv(input: Uint8Array | string): { report: ShelterCsvReport; table?: ShelterCsvTable } {
  const { text, encoding } = decodeCsv(input)
  const report: ShelterCsvReport = { encoding, rows: [], fixed: [], rejected: [] }
  const { records, unterminatedQuoteLine } = parseCsv(text)
  if (unterminatedQuoteLine !== undefined) {
    report.rejected.push({ line: unterminatedQuoteLine, key: `${K}unterminatedQuote` })
    return { report }
  }
  const [header, ...data] = records
  if (!header) {
    report.rejected.push({ line: 1, key: `${K}emptyFile` })
    return { report }
  }
  const names = header.fields.map(normaliseHeader)
  const position = new Map<string, number>()
  names.forEach((name, index) => {
    if (!position.has(name)) position.set(name, index)
  })
  const cellOf = (record: CsvRecord) => (column: string) => {
    const index = position.get(column)
    return index === undefined ? '' : cellText(record.fields[index])
  }
  return { report, table: { header, names, data, cellOf } }
}

/** Rejects the file when columns are missing or it has too many rows; true when it can be read. */
export function checkShelterCsvShape(report: ShelterCsvReport, table: ShelterCsvTable, missing: readonly string[]): boolean {
  if (missing.length > 0) {
    for (const column of missing) report.rejected.push({ line: table.header.line, column, key: `${K}missingColumn`, params: { column } })
    return false
  }
  if (table.data.length > MAX_SHELTER_CSV_ROWS) {
    report.rejected.push({ line: table.header.line, key: `${K}tooManyRows`, params: { max: MAX_SHELTER_CSV_ROWS } })
    return false
  }
  return true
}

/** A yes/no flag as real files write it (1, ○, 有 …); unreadable values count as no. */
export const isTrueFlag = (value: string) => TRUE_FLAGS.has(value.toLowerCase())

/**
 * Coordinates of a row: blank is allowed (the map then lists the place without a marker),
 * swapped ones are put right, unreadable ones or ones outside Japan are dropped — each reported
 * as fixed under the 緯度 column.
 */
export function readShelterPoint(report: ShelterCsvReport, line: number, latText: string, lonText: string): { latitude: number | null; longitude: number | null } {
  const fix = (key: string, params: Record<string, string | number>) => report.fixed.push({ line, column: '緯度', key: `${K}${key}`, params })
  const latitude = parseCoordinate(latText)
  const longitude = parseCoordinate(lonText)
  if ((latText && latitude === null) || (lonText && longitude === null)) {
    fix('coordinatesUnreadable', { latitude: latText, longitude: lonText })
    return { latitude: null, longitude: null }
  }
  if (latitude === null || longitude === null) return { latitude: null, longitude: null }
  if (!isJapanLatitude(latitude) && isJapanLatitude(longitude) && isJapanLongitude(latitude)) {
    fix('coordinatesSwapped', { latitude: longitude, longitude: latitude })
    return { latitude: longitude, longitude: latitude }
  }
  if (!isJapanLatitude(latitude) || !isJapanLongitude(longitude)) {
    fix('coordinatesOutsideJapan', { latitude, longitude })
    return { latitude: null, longitude: null }
  }
  return { latitude, longitude }
}

/** The hazards a row marks, from one column per hazard; odd spellings and an empty set are reported. */
export function readShelterHazards(report: ShelterCsvReport, line: number, cell: (column: string) => string, columns: Record<ShelterHazard, string>): ShelterHazard[] {
  const fix = (key: string, column: string, params?: Record<string, string | number>) => report.fixed.push({ line, column, key: `${K}${key}`, ...(params ? { params } : {}) })
  const hazards: ShelterHazard[] = []
  for (const hazard of SHELTER_HAZARDS) {
    const column = columns[hazard]
    const raw = cell(column)
    const value = raw.toLowerCase()
    if (TRUE_FLAGS.has(value)) {
      hazards.push(hazard)
      if (value !== '1') fix('flagNormalised', column, { value: raw })
    } else if (!FALSE_FLAGS.has(value)) {
      fix('flagUnreadable', column, { value: raw })
    }
  }
  if (hazards.length === 0) fix('noHazard', columns.flood)
  return hazards
}

/**
 * Reads a 指定緊急避難場所一覧 CSV. `tenantLgCode` is the importing municipality's 6-digit code:
 * rows of another municipality are rejected (a prefecture-wide file is imported by each city).
 */
export function readShelterCsv(input: Uint8Array | string, tenantLgCode: string): ShelterCsvReport {
  const { report, table } = openShelterCsv(input)
  if (!table) return report
  const { header, names, data } = table
  const format: ShelterCsvFormat | undefined = names[0] === '全国地方公共団体コード' ? 'official' : names.includes('NO') && names.includes('名称') ? 'v2' : undefined
  if (!format) {
    report.rejected.push({ line: header.line, key: `${K}unknownHeader`, params: { first: names.slice(0, 3).join(',') } })
    return report
  }
  report.format = format
  const position = new Set(names)
  const codeColumn = format === 'official' ? 'ID' : 'NO'
  const lgColumn = format === 'official' ? '所在地_全国地方公共団体コード' : '市区町村コード'
  const required = [codeColumn, '名称', lgColumn, '緯度', '経度', ...Object.values(HAZARD_COLUMNS)]
  const missing = required.filter(column => !position.has(column) && !(column === lgColumn && format === 'official' && position.has('全国地方公共団体コード')))
  if (format === 'v2' && !position.has('住所')) missing.push('住所')
  if (!checkShelterCsvShape(report, table, missing)) return report

  for (const record of data) {
    const cell = table.cellOf(record)
    const line = record.line
    const reject = (key: string, column?: string, params?: Record<string, string | number>) => report.rejected.push({ line, key: `${K}${key}`, ...(column ? { column } : {}), ...(params ? { params } : {}) })
    const fix = (key: string, column: string, params?: Record<string, string | number>) => report.fixed.push({ line, column, key: `${K}${key}`, ...(params ? { params } : {}) })

    const name = cell('名称')
    const address =
      format === 'official'
        ? cell('所在地_連結表記') || [cell('所在地_都道府県'), cell('所在地_市区町村'), cell('所在地_町字'), cell('所在地_番地以下')].join('')
        : cell('住所')
    if (!name) {
      reject('nameMissing', '名称')
      continue
    }
    if (!address) {
      reject('addressMissing', format === 'official' ? '所在地_連結表記' : '住所')
      continue
    }

    // 地方公共団体コード: 6 digits with a check digit; a 5-digit one lost its check digit (Excel drops nothing, people do).
    let lgCode = (cell(lgColumn) || cell('全国地方公共団体コード')).replace(/\D/g, '')
    if (/^\d{5}$/.test(lgCode)) {
      const completed = `${lgCode}${lgCodeCheckDigit(lgCode)}`
      fix('lgCodeCheckDigitAdded', lgColumn, { from: lgCode, to: completed })
      lgCode = completed
    } else if (!/^\d{6}$/.test(lgCode) || lgCodeCheckDigit(lgCode.slice(0, 5)) !== Number(lgCode[5])) {
      reject('lgCodeInvalid', lgColumn, { value: cell(lgColumn) })
      continue
    }
    if (lgCode !== tenantLgCode) {
      reject('otherMunicipality', lgColumn, { value: lgCode })
      continue
    }

    const { latitude, longitude } = readShelterPoint(report, line, cell('緯度'), cell('経度'))
    const hazards = readShelterHazards(report, line, cell, HAZARD_COLUMNS)

    const alsoShelterRaw = cell('指定避難所との重複').toLowerCase()
    const capacityRaw = cell('想定収容人数')
    const capacityDigits = capacityRaw.replace(/[,、]/g, '').match(/\d+/)?.[0]
    const capacity = capacityDigits ? Number(capacityDigits) : null
    if (capacityRaw && capacity !== null && capacityRaw.replace(/[,、]/g, '') !== capacityDigits) fix('capacityRead', '想定収容人数', { from: capacityRaw, to: capacity })
    if (capacityRaw && capacity === null) fix('capacityUnreadable', '想定収容人数', { value: capacityRaw })

    report.rows.push({
      line,
      code: cell(codeColumn),
      name,
      nameKana: cell('名称_カナ'),
      address,
      latitude,
      longitude,
      phone: cell('電話番号'),
      lgCode,
      hazards,
      isAlsoShelter: isTrueFlag(alsoShelterRaw),
      capacity,
      url: /^https?:\/\//.test(cell('URL')) ? cell('URL') : '',
      notes: cell('備考'),
    })
  }
  return report
}

/** A decimal degree ("34.87512688", "１３８．３２"); null when blank or not a number. */
function parseCoordinate(text: string): number | null {
  if (!text) return null
  if (!/^-?\d{1,3}(\.\d+)?$/.test(text)) return null
  return Number(text)
}
