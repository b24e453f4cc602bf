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
import { checkShelterCsvShape, isTrueFlag, lgCodeCheckDigit, openShelterCsv, readShelterHazards, readShelterPoint, type ShelterCsvNote, type ShelterCsvReport, type ShelterHazard, type ShelterRow } from './shelter-csv.js'
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
  const { report, table } = openShelterCsv(input)
  if (!table) return report
  const present = new Set(table.names)
  const missing = (kind === 'gsi-emergency' ? EMERGENCY_COLUMNS : SHELTER_COLUMNS).filter(column => !present.has(column))
  if (!checkShelterCsvShape(report, table, missing)) return report

  for (const record of table.data) {
    const cell = table.cellOf(record)
    if (record.fields.every(field => field.trim() === '')) continue
    const line = record.line
    const reject = (key: string, column?: string, params?: Record<string, string | number>) => report.rejected.push({ line, key, ...(column ? { column } : {}), ...(params ? { params } : {}) })

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

    const point = readShelterPoint(report, line, cell('緯度'), cell('経度'))
    const hazards: ShelterHazard[] = kind === 'gsi-emergency' ? readShelterHazards(report, line, cell, GSI_HAZARD_COLUMNS) : []
    const sameAddress = isTrueFlag(cell(kind === 'gsi-emergency' ? '指定避難所との住所同一' : '指定緊急避難場所との住所同一'))
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

export type { ShelterCsvNote, ShelterRow }
