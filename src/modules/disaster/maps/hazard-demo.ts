/** デモ市's hazard layers: a 浸水想定区域 polygon and an evacuation route, both published. */
import type { Transaction } from 'kysely'
import type { Database } from '../../../platform/db/schema.js'
import { checkHazardLayer } from './hazard-geojson.js'
import { insertLayer } from './hazard-service.js'
import { mapsDb } from './hazard-tables.js'

const FLOOD = {
  type: 'FeatureCollection',
  features: [
    {
      type: 'Feature',
      properties: { name: '浸水想定区域(0.5〜3.0m)', depth: '0.5-3.0m' },
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [139.7705, 35.6765],
            [139.7775, 35.6765],
            [139.7775, 35.6855],
            [139.7735, 35.6875],
            [139.7705, 35.6835],
            [139.7705, 35.6765],
          ],
        ],
      },
    },
  ],
}

const ROUTE = {
  type: 'FeatureCollection',
  features: [
    {
      type: 'Feature',
      properties: { name: '避難経路(八重洲 → 中央小学校)' },
      geometry: {
        type: 'LineString',
        coordinates: [
          [139.7712, 35.6801],
          [139.7668, 35.6812],
          [139.7625, 35.6838],
          [139.7585, 35.6861],
        ],
      },
    },
  ],
}

export async function seedHazardLayers(trx: Transaction<Database>, tenantId: string): Promise<void> {
  const existing = await mapsDb(trx).selectFrom('hazardMapLayers').select('id').where('tenantId', '=', tenantId).executeTakeFirst()
  if (existing) return
  const flood = checkHazardLayer(JSON.stringify(FLOOD))
  const route = checkHazardLayer(JSON.stringify(ROUTE))
  if (!flood.ok || !route.ok) throw new Error('demo hazard layers are invalid')
  await insertLayer(
    trx,
    tenantId,
    {
      kind: 'hazard-area',
      names: { ja: '洪水浸水想定区域(日本橋川)', 'ja-easy': 'みず が くる かも しれない ところ', en: 'Flood inundation area (Nihonbashi River)' },
      descriptions: {
        ja: '想定最大規模の降雨で0.5〜3.0mの浸水が想定される区域です。八重洲一丁目から日本橋川沿いに広がります。',
        'ja-easy': 'おおあめ の とき、みず が 0.5〜3m くる かも しれません。やえす から にほんばしがわ の ちかく です。',
        en: 'Area expected to flood 0.5–3.0 m deep in the largest assumed rainfall, from Yaesu 1-chome along the Nihonbashi River.',
      },
      colour: 'blue',
      collection: flood.collection,
      featureCount: flood.featureCount,
      geometryTypes: flood.geometryTypes,
      bbox: flood.bbox,
      isPublished: true,
    },
    null,
  )
  await insertLayer(
    trx,
    tenantId,
    {
      kind: 'evacuation-route',
      names: { ja: '避難経路(八重洲から中央小学校)', 'ja-easy': 'にげる みち(やえす → ちゅうおう しょうがっこう)', en: 'Evacuation route (Yaesu to Chuo Elementary School)' },
      descriptions: {
        ja: '八重洲口から西へ、丸の内を通って中央小学校まで約1.5kmの経路です。浸水想定区域を避けています。',
        'ja-easy': 'やえすぐち から にし へ、ちゅうおう しょうがっこう まで 1.5km の みち です。',
        en: 'About 1.5 km west from the Yaesu exit through Marunouchi to Chuo Elementary School, avoiding the flood area.',
      },
      colour: 'green',
      collection: route.collection,
      featureCount: route.featureCount,
      geometryTypes: route.geometryTypes,
      bbox: route.bbox,
      isPublished: true,
    },
    null,
  )
}
