import type { Transaction } from 'kysely'
import type { Database } from '../../../platform/db/schema.js'
import type { LocalizedNames, NoticeLanguage } from '../notification-tables.js'
import { validateGeometry, type Position, type Ring } from './district-geometry.js'
import type { ImportedDistrict } from './district-geojson.js'
import { listDistricts, upsertDistricts } from './district-repository.js'
import { insertSegment } from './segment-repository.js'
import { parseSegmentDefinition } from './segment-definition.js'
import { insertTopic } from './topic-repository.js'

/** Column (west → east) and row (south → north) edges of デモ市's six districts, around 東京駅. */
const LNG = [139.748, 139.758, 139.768, 139.778]
const LAT = [35.672, 35.681, 35.69]

export const DEMO_DISTRICTS: { code: string; column: number; row: number; names: LocalizedNames }[] = [
  { code: 'minami-1', column: 0, row: 0, names: { ja: '南町一丁目', 'ja-easy': 'みなみまち 1ちょうめ', en: 'Minamimachi 1-chome' } },
  { code: 'chuo-1', column: 1, row: 0, names: { ja: '中央一丁目', 'ja-easy': 'ちゅうおう 1ちょうめ', en: 'Chuo 1-chome' } },
  { code: 'minami-2', column: 2, row: 0, names: { ja: '南町二丁目', 'ja-easy': 'みなみまち 2ちょうめ', en: 'Minamimachi 2-chome' } },
  { code: 'kita-1', column: 0, row: 1, names: { ja: '北町一丁目', 'ja-easy': 'きたまち 1ちょうめ', en: 'Kitamachi 1-chome' } },
  { code: 'chuo-2', column: 1, row: 1, names: { ja: '中央二丁目', 'ja-easy': 'ちゅうおう 2ちょうめ', en: 'Chuo 2-chome' } },
  { code: 'kita-2', column: 2, row: 1, names: { ja: '北町二丁目', 'ja-easy': 'きたまち 2ちょうめ', en: 'Kitamachi 2-chome' } },
]

/**
 * A vertex in the middle of an edge, nudged sideways so boundaries look surveyed rather than
 * ruled. It depends only on the edge's two ends, so both neighbours share it and no gap opens.
 */
function midpoint(a: Position, b: Position): Position {
  const round = (n: number) => Math.round(n * 1e6) / 1e6
  const x = (a[0] + b[0]) / 2
  const y = (a[1] + b[1]) / 2
  const seed = Math.round((x + y) * 1000) % 3
  const nudge = (seed - 1) * 0.0011
  return a[1] === b[1] ? [round(x), round(y + nudge)] : [round(x + nudge), round(y)]
}

/** The ring of one cell: corners counter-clockwise from the south-west, a middle vertex on each side. */
function demoRing(column: number, row: number): Ring {
  const corners: Position[] = [
    [LNG[column], LAT[row]],
    [LNG[column + 1], LAT[row]],
    [LNG[column + 1], LAT[row + 1]],
    [LNG[column], LAT[row + 1]],
  ]
  const ring: Ring = []
  corners.forEach((corner, i) => ring.push(corner, midpoint(corner, corners[(i + 1) % 4])))
  ring.push(corners[0])
  return ring
}

/** The demo districts as an import would give them (validated like any file). */
export function demoDistricts(): ImportedDistrict[] {
  return DEMO_DISTRICTS.map((d, index) => {
    const checked = validateGeometry({ type: 'Polygon', coordinates: [demoRing(d.column, d.row)] })
    if (!checked.ok) throw new Error(`demo district ${d.code} is invalid: ${JSON.stringify(checked.problems)}`)
    return { feature: index + 1, code: d.code, names: d.names, geometry: checked.geometry, bbox: checked.bbox }
  })
}

const DEMO_TOPICS: { key: string; isDefault: boolean; names: LocalizedNames; descriptions: Partial<Record<NoticeLanguage, string>> }[] = [
  {
    key: 'bousai',
    isDefault: true,
    names: { ja: '防災', 'ja-easy': 'ぼうさい(さいがい の そなえ)', en: 'Disaster prevention' },
    descriptions: { ja: '避難情報、気象警報、防災訓練のお知らせ', 'ja-easy': 'にげる じょうほう、あめ や かぜ の けいほう、くんれん', en: 'Evacuation information, weather warnings and drills' },
  },
  {
    key: 'kosodate',
    isDefault: false,
    names: { ja: '子育て', 'ja-easy': 'こそだて', en: 'Childcare' },
    descriptions: { ja: '健診・予防接種、子育て支援、保育園のお知らせ', 'ja-easy': 'こども の けんしん や よぼうせっしゅ', en: 'Check-ups, vaccinations, childcare support and nurseries' },
  },
  {
    key: 'gomi',
    isDefault: true,
    names: { ja: 'ごみ', 'ja-easy': 'ごみ', en: 'Rubbish and recycling' },
    descriptions: { ja: '収集日の変更、年末年始の収集、分別のお知らせ', 'ja-easy': 'ごみ を だす ひ の おしらせ', en: 'Collection day changes, year-end collection and sorting' },
  },
  {
    key: 'event',
    isDefault: false,
    names: { ja: 'イベント', 'ja-easy': 'イベント(もよおし)', en: 'Events' },
    descriptions: { ja: 'お祭り、講座、スポーツ大会などの催し', 'ja-easy': 'おまつり や きょうしつ', en: 'Festivals, classes and sports days' },
  },
  {
    key: 'kenko',
    isDefault: false,
    names: { ja: '健康', 'ja-easy': 'けんこう', en: 'Health' },
    descriptions: { ja: '健康診断、がん検診、感染症のお知らせ', 'ja-easy': 'けんこう しんだん など', en: 'Health checks, cancer screening and infectious diseases' },
  },
]

/** デモ市: six districts around 東京駅, five topics, and one segment (65歳以上 in 中央一丁目・二丁目). */
export async function seedAudienceDemo(trx: Transaction<Database>, tenantId: string): Promise<void> {
  await upsertDistricts(trx, tenantId, demoDistricts())
  for (const topic of DEMO_TOPICS) await insertTopic(trx, tenantId, topic)
  const districts = await listDistricts(trx, tenantId)
  const idOf = (code: string) => districts.find(d => d.code === code)?.id
  const parsed = parseSegmentDefinition({ districtIds: [idOf('chuo-1'), idOf('chuo-2')], ageBands: [{ min: 65, max: 74 }, { min: 75 }] })
  if (!parsed.ok) throw new Error(`demo segment is invalid: ${JSON.stringify(parsed.issues)}`)
  await insertSegment(trx, tenantId, { name: '65歳以上(中央一丁目・中央二丁目)', definition: parsed.definition, createdByStaffId: null })
}
