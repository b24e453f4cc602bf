/**
 * The shelters as data: the standard CSV and GeoJSON (through shelter-open-data.ts), the
 * Lアラート-style 避難所情報 (JSON and XML) and the API's status JSON. Pure: rows in, documents out.
 *
 * The Lアラート-style export follows the items of Lアラート's 避難所情報 (避難所名, 開設状況
 * 開設 / 未開設 / 閉鎖, 避難者数, 避難世帯数, 開設日時, 所在地, 位置) in a simple documented
 * shape; it is a *style* export for integrators and aggregators, not the certified Lアラート
 * format (sending to Lアラート itself needs a certified sender contract).
 */
import type { ShelterRow } from './shelter-csv.js'
import type { ShelterFeatureCollection } from './shelter-open-data.js'
import { shelterGeoJson } from './shelter-open-data.js'
import { lalertOpeningOf, shownStatus, totalsOf } from './shelter-rules.js'
import type { Shelter } from './shelter-tables.js'

const PREFECTURES = ['北海道', '青森県', '岩手県', '宮城県', '秋田県', '山形県', '福島県', '茨城県', '栃木県', '群馬県', '埼玉県', '千葉県', '東京都', '神奈川県', '新潟県', '富山県', '石川県', '福井県', '山梨県', '長野県', '岐阜県', '静岡県', '愛知県', '三重県', '滋賀県', '京都府', '大阪府', '兵庫県', '奈良県', '和歌山県', '鳥取県', '島根県', '岡山県', '広島県', '山口県', '徳島県', '香川県', '愛媛県', '高知県', '福岡県', '佐賀県', '長崎県', '熊本県', '大分県', '宮崎県', '鹿児島県', '沖縄県']

/** 都道府県名 from the first two digits of a 全国地方公共団体コード ('' when out of range). */
export const prefectureOf = (lgCode: string) => PREFECTURES[Number(lgCode.slice(0, 2)) - 1] ?? ''

/** A stored shelter as the reader's row (for the standard CSV and GeoJSON writers). */
export function shelterRowOf(s: Shelter): Omit<ShelterRow, 'line'> {
  return { code: s.code, name: s.names.ja, nameKana: s.nameKana, address: s.address, latitude: s.latitude, longitude: s.longitude, phone: s.phone, lgCode: s.lgCode, hazards: s.hazards, isAlsoShelter: s.isShelter, capacity: s.capacity, url: s.url, notes: s.notes }
}

/** The standard GeoJSON with the live status added to each feature's properties. */
export function liveShelterGeoJson(shelters: readonly Shelter[]) {
  const byId = new Map(shelters.map(s => [`${s.lgCode}-${s.code}`, s]))
  const collection: ShelterFeatureCollection = shelterGeoJson(shelters.map(shelterRowOf))
  return {
    ...collection,
    features: collection.features.map(feature => {
      const s = byId.get(feature.id)
      if (!s) return feature
      const totals = totalsOf(s)
      return { ...feature, properties: { ...feature.properties, shelterId: s.id, names: s.names, status: shownStatus(s.status, totals.evacuees, s.capacity), evacuees: totals.evacuees, households: totals.households, needs: s.needs, updatedAt: (s.statusUpdatedAt ?? s.updatedAt).toISOString() } }
    }),
  }
}

export interface LalertShelter {
  code: string
  name: string
  kind: string
  address: string
  latitude: number | null
  longitude: number | null
  openingStatus: '開設' | '未開設' | '閉鎖'
  evacuees: number
  households: number
  openedAt: string | null
  capacity: number | null
}

export interface LalertDocument {
  format: 'yakuba-lalert-style-shelters/1'
  note: string
  publisher: { name: string; lgCode: string }
  reportedAt: string
  totals: { open: number; evacuees: number; households: number }
  shelters: LalertShelter[]
}

const kindOf = (s: Shelter) => [s.isShelter ? '指定避難所' : '', s.isEmergencyPlace ? '指定緊急避難場所' : ''].filter(Boolean).join('・')

export function lalertDocument(shelters: readonly Shelter[], publisher: { name: string; lgCode: string }, now: Date): LalertDocument {
  const rows: LalertShelter[] = shelters.map(s => {
    const totals = totalsOf(s)
    return {
      code: s.code,
      name: s.names.ja,
      kind: kindOf(s),
      address: s.address,
      latitude: s.latitude,
      longitude: s.longitude,
      openingStatus: lalertOpeningOf(s.status, s.openedAt),
      evacuees: totals.evacuees,
      households: totals.households,
      openedAt: s.openedAt ? s.openedAt.toISOString() : null,
      capacity: s.capacity,
    }
  })
  const open = rows.filter(r => r.openingStatus === '開設')
  return {
    format: 'yakuba-lalert-style-shelters/1',
    note: 'Lアラート 避難所情報 style export (not the certified Lアラート format).',
    publisher,
    reportedAt: now.toISOString(),
    totals: { open: open.length, evacuees: open.reduce((sum, r) => sum + r.evacuees, 0), households: open.reduce((sum, r) => sum + r.households, 0) },
    shelters: rows,
  }
}

const xmlEscape = (value: string) =>
  value
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')

/** The same document as XML, with Japanese element names after Lアラート's 避難所情報 items. */
export function lalertXml(doc: LalertDocument): string {
  const element = (name: string, value: string | number | null) => (value === null || value === '' ? `<${name}/>` : `<${name}>${xmlEscape(String(value))}</${name}>`)
  const shelters = doc.shelters
    .map(s =>
      [
        '    <避難所>',
        `      ${element('避難所コード', s.code)}`,
        `      ${element('避難所名', s.name)}`,
        `      ${element('種別', s.kind)}`,
        `      ${element('所在地', s.address)}`,
        `      ${element('緯度', s.latitude)}`,
        `      ${element('経度', s.longitude)}`,
        `      ${element('開設状況', s.openingStatus)}`,
        `      ${element('開設日時', s.openedAt)}`,
        `      ${element('避難者数', s.evacuees)}`,
        `      ${element('避難世帯数', s.households)}`,
        `      ${element('収容人数', s.capacity)}`,
        '    </避難所>',
      ].join('\n'),
    )
    .join('\n')
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<!-- ${doc.note} -->`,
    `<避難所情報 format="${doc.format}">`,
    `  ${element('発信元', doc.publisher.name)}`,
    `  ${element('全国地方公共団体コード', doc.publisher.lgCode)}`,
    `  ${element('報告日時', doc.reportedAt)}`,
    `  <合計 開設数="${doc.totals.open}" 避難者数="${doc.totals.evacuees}" 避難世帯数="${doc.totals.households}"/>`,
    '  <避難所一覧>',
    shelters,
    '  </避難所一覧>',
    '</避難所情報>',
    '',
  ].join('\n')
}

/** One shelter in GET /api/v1/{tenant}/shelters. */
export function shelterApiJson(s: Shelter) {
  const totals = totalsOf(s)
  return {
    id: s.id,
    code: s.code,
    names: s.names,
    address: s.address,
    latitude: s.latitude,
    longitude: s.longitude,
    isEmergencyPlace: s.isEmergencyPlace,
    isShelter: s.isShelter,
    hazards: s.hazards,
    isAccessible: s.isAccessible,
    capacity: s.capacity,
    status: shownStatus(s.status, totals.evacuees, s.capacity),
    evacuees: totals.evacuees,
    households: totals.households,
    needs: s.needs,
    needsNote: s.needsNote,
    openedAt: s.openedAt ? s.openedAt.toISOString() : null,
    updatedAt: (s.statusUpdatedAt ?? s.updatedAt).toISOString(),
  }
}
