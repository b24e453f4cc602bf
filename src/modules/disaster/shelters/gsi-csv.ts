/**
 * Reading 国土地理院 (GSI) 指定緊急避難場所データ and 指定避難所データ CSVs, and telling which of
 * the supported files an upload is. Pure: bytes in, rows and a report out.
 *
 * GSI headers (as GSI publishes them, e.g. 13101_1.csv, mergeFromCity_*.csv):
 *   指定緊急避難場所: NO,共通ID,施設・場所名,住所,洪水,崖崩れ、土石流及び地滑り,高潮,地震,津波,
 *                     大規模な火事,内水氾濫,火山現象,指定避難所との住所同一,緯度,経度,備考
 *   指定避難所:       NO,共通ID,施設・場所名,住所,指定緊急避難場所との住所同一,
 *                     その他市町村長が必要と認める事項,受入対象者,緯度,経度,備考
 * 共通ID is a letter, the 5-digit 市区町村コード without its check digit, and a serial number
 * (E1310100002201): it is the place's code here, and its municipality is checked like the
 * standard file's 地方公共団体コード. Columns beyond these are ignored; missing ones reject the file.
 */
import { decodeCsv, parseCsv } from '../../../platform/files/csv.js'
import { lgCodeCheckDigit, MAX_SHELTER_CSV_ROWS, SHELTER_HAZARDS, type ShelterCsvNote, type ShelterCsvReport, type ShelterHazard, type ShelterRow } from './shelter-csv.js'
import type { ImportSource } from './shelter-tables.js'

export type GsiKind = 'gsi-emergency' | 'gsi-shelter'

const GSI_HAZARD_COLUMNS: Record<ShelterHazard, string> = {
  flood: '洪水',
  landslide: '崖崩れ、土石流及び地滑り',
  stormSurge: '高潮',
  earthquake: '地震',
  tsunami: '津波',
  fire: '大規模な火事',
  inlandFlood: '内水氾濫',
  volcano: '火山現象',
}

const EMERGENCY_COLUMNS = ['共通ID', '施設・場所名', '住所', ...Object.values(GSI_HAZARD_COLUMNS), '緯度', '経度']
const SHELTER_COLUMNS = ['共通ID', '施設・場所名', '住所', '緯度', '経度']

const K = 'disaster.shelterCsv.'
const G = 'disaster.shelters.gsiCsv.'
const normaliseHeader = (name: string) => name.normalize('NFKC').replace(/\s+/g, '').replace(/^\uFEFF/, '')
const cellText = (value: string | undefined) => (value ?? '').normalize('NFKC').trim()
const TRUE_FLAGS = new Set(['1', '○', '◯', '〇', '●', '有', 'true', 'yes'])
const FALSE_FLAGS = new Set(['', '0', '×', '✕', '-', '―', '無', 'false', 'no'])

/** What kind of file the first line says this is (undefined: none we read). */
export function detectShelterFile(text: string): ImportSource | undefined {
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? ''
  const names = firstLine.split(',').map(name => normaliseHeader(name.replace(/^"|"$/g, '')))
  if (names.includes('共通ID') && names.includes('施設・場所名')) return names.includes('指定緊急避難場所との住所同一') || !names.includes('洪水') ? 'gsi-shelter' : 'gsi-emergency'
  if (names[0] === '全国地方公共団体コード' || (names.includes('NO') && names.includes('名称'))) return 'standard'
  return undefined
}

/**
 * Refuses bytes no supported encoding can carry: UTF-16 (a BOM or NUL bytes), or bytes that are
 * neither UTF-8 nor Shift_JIS (decoding leaves replacement characters). Returns a catalog key.
 */
export function encodingProblem(bytes: Uint8Array): string | undefined {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) return `${G}utf16`
  if (bytes.subarray(0, 4096).includes(0)) return `${G}utf16`
  const { text } = decodeCsv(bytes)
  if (text.includes('\uFFFD')) return `${G}encodingUnreadable`
  return undefined
}

/** Reads a GSI CSV (see the header above) for the municipality with this 6-digit code. */
export function readGsiCsv(input: Uint8Array | string, tenantLgCode: string, kind: GsiKind): ShelterCsvReport {
  const { text, encoding } = decodeCsv(input)
  const report: ShelterCsvReport = { encoding, rows: [], fixed: [], rejected: [] }
  const { records, unterminatedQuoteLine } = parseCsv(text)
  if (unterminatedQuoteLine !== undefined) {
    report.rejected.push({ line: unterminatedQuoteLine, key: `${K}unterminatedQuote` })
    return report
  }
  const [header, ...data] = records
  if (!header) {
    report.rejected.push({ line: 1, key: `${K}emptyFile` })
    return report
  }
  const position = new Map<string, number>()
  header.fields.map(normaliseHeader).forEach((name, index) => {
    if (!position.has(name)) position.set(name, index)
  })
  const missing = (kind === 'gsi-emergency' ? EMERGENCY_COLUMNS : SHELTER_COLUMNS).filter(column => !position.has(column))
  if (missing.length > 0) {
    for (const column of missing) report.rejected.push({ line: header.line, column, key: `${K}missingColumn`, params: { column } })
    return report
  }
  if (data.length > MAX_SHELTER_CSV_ROWS) {
    report.rejected.push({ line: header.line, key: `${K}tooManyRows`, params: { max: MAX_SHELTER_CSV_ROWS } })
    return report
  }

  for (const record of data) {
    const cell = (column: string) => {
      const index = position.get(column)
      return index === undefined ? '' : cellText(record.fields[index])
    }
    if (record.fields.every(field => field.trim() === '')) continue
    const line = record.line
    const reject = (key: string, column?: string, params?: Record<string, string | number>) => report.rejected.push({ line, key, ...(column ? { column } : {}), ...(params ? { params } : {}) })
    const fix = (key: string, column: string, params?: Record<string, string | number>) => report.fixed.push({ line, column, key, ...(params ? { params } : {}) })

    const name = cell('施設・場所名')
    const address = cell('住所')
    if (!name) {
      reject(`${K}nameMissing`, '施設・場所名')
      continue
    }
    if (!address) {
      reject(`${K}addressMissing`, '住所')
      continue
    }
    const commonId = cell('共通ID').toUpperCase()
    const idMatch = /^[A-Z]{0,2}(\d{5})\d{1,20}$/.exec(commonId)
    if (!idMatch?.[1]) {
      reject(`${G}commonIdInvalid`, '共通ID', { value: commonId })
      continue
    }
    const lgCode = `${idMatch[1]}${lgCodeCheckDigit(idMatch[1])}`
    if (lgCode !== tenantLgCode) {
      reject(`${K}otherMunicipality`, '共通ID', { value: lgCode })
      continue
    }

    const point = readPoint(cell('緯度'), cell('経度'), (key, params) => fix(`${K}${key}`, '緯度', params))

    const hazards: ShelterHazard[] = []
    if (kind === 'gsi-emergency') {
      for (const hazard of SHELTER_HAZARDS) {
        const column = GSI_HAZARD_COLUMNS[hazard]
        const raw = cell(column)
        const value = raw.toLowerCase()
        if (TRUE_FLAGS.has(value)) {
          hazards.push(hazard)
          if (value !== '1') fix(`${K}flagNormalised`, column, { value: raw })
        } else if (!FALSE_FLAGS.has(value)) {
          fix(`${K}flagUnreadable`, column, { value: raw })
        }
      }
      if (hazards.length === 0) fix(`${K}noHazard`, GSI_HAZARD_COLUMNS.flood)
    }
    const sameAddress = TRUE_FLAGS.has(cell(kind === 'gsi-emergency' ? '指定避難所との住所同一' : '指定緊急避難場所との住所同一').toLowerCase())
    const notes = [cell('受入対象者') && `受入対象者: ${cell('受入対象者')}`, cell('その他市町村長が必要と認める事項'), cell('備考')].filter(Boolean).join(' / ')

    report.rows.push({
      line,
      code: commonId,
      name,
      nameKana: '',
      address,
      latitude: point.latitude,
      longitude: point.longitude,
      phone: '',
      lgCode,
      hazards,
      // an emergency place at a shelter's address is also a 指定避難所; a 指定避難所 always is
      isAlsoShelter: kind === 'gsi-shelter' ? true : sameAddress,
      capacity: null,
      url: '',
      notes: notes.slice(0, 1000),
    })
  }
  return report
}

/** Coordinates as the standard reader treats them: blank allowed, swapped put right, outside Japan dropped. */
function readPoint(latText: string, lonText: string, fix: (key: string, params: Record<string, string | number>) => void): { latitude: number | null; longitude: number | null } {
  const parse = (text: string) => (/^-?\d{1,3}(\.\d+)?$/.test(text) ? Number(text) : null)
  const latitude = latText ? parse(latText) : null
  const longitude = lonText ? parse(lonText) : null
  const isLat = (v: number) => v >= 20 && v <= 46
  const isLon = (v: number) => v >= 122 && v <= 154
  if ((latText && latitude === null) || (lonText && longitude === null)) {
    fix('coordinatesUnreadable', { latitude: latText, longitude: lonText })
    return { latitude: null, longitude: null }
  }
  if (latitude === null || longitude === null) return { latitude: null, longitude: null }
  if (!isLat(latitude) && isLat(longitude) && isLon(latitude)) {
    fix('coordinatesSwapped', { latitude: longitude, longitude: latitude })
    return { latitude: longitude, longitude: latitude }
  }
  if (!isLat(latitude) || !isLon(longitude)) {
    fix('coordinatesOutsideJapan', { latitude, longitude })
    return { latitude: null, longitude: null }
  }
  return { latitude, longitude }
}

export type { ShelterCsvNote, ShelterRow }
