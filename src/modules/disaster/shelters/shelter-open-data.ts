/**
 * Shelters as open data: the v2 指定緊急避難場所一覧 CSV (the standard's 26 columns, in order,
 * UTF-8 with a BOM so Excel opens it) and GeoJSON (RFC 7946: [longitude, latitude]). Pure. The
 * CSV reads back through readShelterCsv unchanged.
 */
import type { ShelterHazard, ShelterRow } from './shelter-csv.js'

export const SHELTER_CSV_COLUMNS = [
  'NO',
  '名称',
  '名称_カナ',
  '住所',
  '方書',
  '緯度',
  '経度',
  '標高',
  '電話番号',
  '内線番号',
  '市区町村コード',
  '都道府県名',
  '市区町村名',
  '災害種別_洪水',
  '災害種別_崖崩れ、土石流及び地滑り',
  '災害種別_高潮',
  '災害種別_地震',
  '災害種別_津波',
  '災害種別_大規模な火事',
  '災害種別_内水氾濫',
  '災害種別_火山現象',
  '指定避難所との重複',
  '想定収容人数',
  '対象となる町会・自治会',
  'URL',
  '備考',
] as const

const HAZARD_ORDER: readonly ShelterHazard[] = ['flood', 'landslide', 'stormSurge', 'earthquake', 'tsunami', 'fire', 'inlandFlood', 'volcano']

/** A CSV cell: quoted when needed; a leading = + - @ is prefixed with ' so Excel does not run it as a formula. */
function cell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

export interface ShelterMunicipality {
  prefecture: string
  city: string
}

/** The shelters as the standard's v2 CSV (CRLF, UTF-8 with BOM). */
export function writeShelterCsv(rows: readonly Omit<ShelterRow, 'line'>[], municipality: ShelterMunicipality): string {
  const lines = rows.map(row =>
    [
      row.code,
      row.name,
      row.nameKana,
      row.address,
      '',
      row.latitude === null ? '' : String(row.latitude),
      row.longitude === null ? '' : String(row.longitude),
      '',
      row.phone,
      '',
      row.lgCode,
      municipality.prefecture,
      municipality.city,
      ...HAZARD_ORDER.map(hazard => (row.hazards.includes(hazard) ? '1' : '')),
      row.isAlsoShelter ? '1' : '',
      row.capacity === null ? '' : String(row.capacity),
      '',
      row.url,
      row.notes,
    ]
      .map(cell)
      .join(','),
  )
  return `\uFEFF${[SHELTER_CSV_COLUMNS.join(','), ...lines].join('\r\n')}\r\n`
}

export interface ShelterFeatureCollection {
  type: 'FeatureCollection'
  features: {
    type: 'Feature'
    id: string
    geometry: { type: 'Point'; coordinates: [number, number] }
    properties: { name: string; nameKana: string; address: string; phone: string; lgCode: string; hazards: ShelterHazard[]; isAlsoShelter: boolean; capacity: number | null; url: string; notes: string }
  }[]
}

/** The shelters with a location as GeoJSON points; those without one cannot be drawn and are left out. */
export function shelterGeoJson(rows: readonly Omit<ShelterRow, 'line'>[]): ShelterFeatureCollection {
  return {
    type: 'FeatureCollection',
    features: rows.flatMap(row =>
      row.latitude === null || row.longitude === null
        ? []
        : [
            {
              type: 'Feature' as const,
              id: `${row.lgCode}-${row.code}`,
              geometry: { type: 'Point' as const, coordinates: [row.longitude, row.latitude] as [number, number] },
              properties: { name: row.name, nameKana: row.nameKana, address: row.address, phone: row.phone, lgCode: row.lgCode, hazards: row.hazards, isAlsoShelter: row.isAlsoShelter, capacity: row.capacity, url: row.url, notes: row.notes },
            },
          ],
    ),
  }
}
