/** デモ市's shelters around 東京駅: two open with evacuees, one full, the others closed. Idempotent. */
import type { Transaction } from 'kysely'
import type { Database } from '../../../platform/db/schema.js'
import type { ShelterHazard } from './shelter-csv.js'
import { sheltersDb, type ShelterNames, type ShelterNeed, type ShelterStatus } from './shelter-tables.js'

interface DemoShelter {
  code: string
  names: ShelterNames
  kana: string
  address: string
  latitude: number
  longitude: number
  hazards: ShelterHazard[]
  isShelter: boolean
  capacity: number | null
  status: ShelterStatus
  evacuees?: number
  households?: number
  needs?: ShelterNeed[]
  isAccessible?: boolean
}

const ALL_WEATHER: ShelterHazard[] = ['flood', 'landslide', 'earthquake', 'fire', 'inlandFlood']

const SHELTERS: DemoShelter[] = [
  { code: '1', names: { ja: '中央小学校', 'ja-easy': 'ちゅうおう しょうがっこう', en: 'Chuo Elementary School' }, kana: 'チュウオウショウガッコウ', address: 'デモ市丸の内一丁目3-1', latitude: 35.6861, longitude: 139.7585, hazards: ALL_WEATHER, isShelter: true, capacity: 400, status: 'open', evacuees: 120, households: 45, needs: ['water', 'blankets'], isAccessible: true },
  { code: '2', names: { ja: '八重洲公民館', 'ja-easy': 'やえす こうみんかん', en: 'Yaesu Community Hall' }, kana: 'ヤエスコウミンカン', address: 'デモ市八重洲一丁目5-2', latitude: 35.6795, longitude: 139.7705, hazards: ['earthquake', 'fire'], isShelter: true, capacity: 80, status: 'full', evacuees: 80, households: 31, needs: ['food', 'milk', 'diapers'] },
  { code: '3', names: { ja: '丸の内中学校', 'ja-easy': 'まるのうち ちゅうがっこう', en: 'Marunouchi Junior High School' }, kana: 'マルノウチチュウガッコウ', address: 'デモ市丸の内二丁目7-4', latitude: 35.683, longitude: 139.7625, hazards: ALL_WEATHER, isShelter: true, capacity: 350, status: 'open', evacuees: 35, households: 14, isAccessible: true },
  { code: '4', names: { ja: '日本橋地区センター', 'ja-easy': 'にほんばし ちく せんたー', en: 'Nihonbashi District Centre' }, kana: 'ニホンバシチクセンター', address: 'デモ市日本橋一丁目2-8', latitude: 35.6845, longitude: 139.7745, hazards: ['earthquake', 'fire'], isShelter: true, capacity: 150, status: 'closed' },
  { code: '5', names: { ja: '有楽町公園', 'ja-easy': 'ゆうらくちょう こうえん', en: 'Yurakucho Park' }, kana: 'ユウラクチョウコウエン', address: 'デモ市有楽町一丁目1', latitude: 35.6745, longitude: 139.763, hazards: ['earthquake', 'fire'], isShelter: false, capacity: 2000, status: 'closed' },
  { code: '6', names: { ja: '京橋体育館', 'ja-easy': 'きょうばし たいいくかん', en: 'Kyobashi Gymnasium' }, kana: 'キョウバシタイイクカン', address: 'デモ市京橋二丁目4-6', latitude: 35.6765, longitude: 139.77, hazards: ['earthquake', 'fire', 'landslide'], isShelter: true, capacity: 300, status: 'closed' },
  { code: '7', names: { ja: '大手町防災広場', 'ja-easy': 'おおてまち ぼうさい ひろば', en: 'Otemachi Disaster Prevention Square' }, kana: 'オオテマチボウサイヒロバ', address: 'デモ市大手町一丁目9', latitude: 35.688, longitude: 139.765, hazards: ['earthquake', 'fire', 'flood'], isShelter: false, capacity: null, status: 'closed' },
]

export async function seedShelters(trx: Transaction<Database>, tenantId: string): Promise<void> {
  const db = sheltersDb(trx)
  const existing = await db.selectFrom('shelters').select('id').where('tenantId', '=', tenantId).executeTakeFirst()
  if (existing) return
  const tenant = await trx.selectFrom('tenants').select('lgCode').where('id', '=', tenantId).executeTakeFirstOrThrow()
  const now = new Date()
  for (const s of SHELTERS) {
    await db
      .insertInto('shelters')
      .values({
        tenantId,
        code: s.code,
        names: JSON.stringify(s.names),
        nameKana: s.kana,
        address: s.address,
        latitude: s.latitude,
        longitude: s.longitude,
        lgCode: tenant.lgCode,
        isEmergencyPlace: true,
        isShelter: s.isShelter,
        hazards: s.hazards,
        capacity: s.capacity,
        isAccessible: s.isAccessible ?? false,
        status: s.status,
        openedAt: s.status === 'closed' ? null : new Date(now.getTime() - 3 * 3600_000),
        manualEvacuees: s.evacuees ?? 0,
        manualHouseholds: s.households ?? 0,
        needs: s.needs ?? [],
        statusUpdatedAt: s.status === 'closed' ? null : now,
      })
      .execute()
  }
}
