import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, TEST_DB, type TestApp } from '../../../../test/app.js'
import { createTestTenant } from '../../../../test/factories.js'
import { withTenant } from '../../../platform/db/tenant-context.js'
import type { TenantContext } from '../../../platform/tenancy/tenant-service.js'
import { centroidOf, districtForPoint, isPointInGeometry, listDistricts, type AreaGeometry } from './index.js'
import { asStaff, createResident, errorSummaryOf, textOf } from './testdata/audience-fixtures.js'
import { CHIYODA_WITH_HOLE, districtFeature, districtsFile, MARUNOUCHI_1, NIHONBASHI_BOW_TIE } from './testdata/districts.js'

describe(`districts (${TEST_DB})`, () => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp()
  })
  afterAll(async () => {
    await t?.close()
  })

  const db = <T,>(tenant: TenantContext, fn: Parameters<typeof withTenant<T>>[2]) => withTenant(t.platform.database.db, tenant.id, fn)
  const districtsOf = (tenant: TenantContext) => db(tenant, trx => listDistricts(trx, tenant.id))

  const goodFile = districtsFile(
    districtFeature('marunouchi-1', '丸の内一丁目', MARUNOUCHI_1, { name_en: 'Marunouchi 1-chome', name_easy: 'まるのうち 1ちょうめ' }),
    districtFeature('chiyoda', '千代田', CHIYODA_WITH_HOLE),
  )

  it('imports an uploaded GeoJSON file: names, geometry and bounding box stored, listed with a table and a map', async () => {
    const tenant = await createTestTenant(t.platform)
    const clerk = await asStaff(t, tenant, 'clerk')
    const res = await clerk.upload('/districts/import', {}, { field: 'file', name: 'chiyoda.geojson', content: goodFile })
    expect(res.statusCode, errorSummaryOf(res.body)).toBe(303)
    expect(res.headers.location).toBe(`/${tenant.slug}/staff/notifications/districts?done=imported&added=2&replaced=0`)

    const stored = await districtsOf(tenant)
    expect(stored.map(d => [d.code, d.names, d.bbox])).toEqual([
      ['marunouchi-1', { ja: '丸の内一丁目', 'ja-easy': 'まるのうち 1ちょうめ', en: 'Marunouchi 1-chome' }, [139.7619, 35.6789, 139.7689, 35.6861]],
      ['chiyoda', { ja: '千代田' }, [139.7445, 35.6779, 139.7612, 35.6972]],
    ])
    expect(stored[1].geometry).toEqual(CHIYODA_WITH_HOLE)

    const page = await clerk.get(`/districts?done=imported&added=2&replaced=0`)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('取り込みました(追加 2件、置き換え 0件)。')
    expect(page.body).toContain('<code>marunouchi-1</code>')
    expect(page.body).toContain('data-district-map=')
    expect(page.body).toContain('/static/notifications-district-map.js')

    const geojson = await clerk.get('/districts.geojson')
    expect(geojson.headers['content-type']).toContain('application/geo+json')
    const collection = JSON.parse(geojson.body) as { features: { properties: Record<string, string>; geometry: unknown }[] }
    expect(collection.features.map(f => f.properties.code)).toEqual(['marunouchi-1', 'chiyoda'])
    expect(collection.features[0].properties).toMatchObject({ name: '丸の内一丁目', name_en: 'Marunouchi 1-chome' })
  })

  it('replaces districts with the same code and adds new ones when pasted again', async () => {
    const tenant = await createTestTenant(t.platform)
    const clerk = await asStaff(t, tenant, 'clerk')
    expect((await clerk.upload('/districts/import', { geojson: goodFile })).statusCode).toBe(303)
    const renamed = districtsFile(districtFeature('chiyoda', '千代田(新)', MARUNOUCHI_1), districtFeature('kanda-1', '神田一丁目', MARUNOUCHI_1))
    const res = await clerk.post('/districts/import', { geojson: renamed })
    expect(res.statusCode, errorSummaryOf(res.body)).toBe(303)
    expect(res.headers.location).toContain('added=1&replaced=1')
    const stored = await districtsOf(tenant)
    expect(stored.map(d => [d.code, d.names.ja, d.geometry?.type])).toEqual([
      ['chiyoda', '千代田(新)', 'Polygon'],
      ['marunouchi-1', '丸の内一丁目', 'Polygon'],
      ['kanda-1', '神田一丁目', 'Polygon'],
    ])
  })

  it('refuses a file with a self-intersecting district: 422, every problem located, nothing stored', async () => {
    const tenant = await createTestTenant(t.platform)
    const clerk = await asStaff(t, tenant, 'clerk')
    await clerk.upload('/districts/import', { geojson: districtsFile(districtFeature('kanda-1', '神田一丁目', MARUNOUCHI_1)) })
    const before = await districtsOf(tenant)
    const bad = districtsFile(
      districtFeature('kanda-1', '神田一丁目(改)', CHIYODA_WITH_HOLE),
      districtFeature('nihonbashi-1', '日本橋一丁目', NIHONBASHI_BOW_TIE),
      districtFeature('kanda-1', '神田二丁目', CHIYODA_WITH_HOLE),
      districtFeature('open', '開いた区域', { type: 'Polygon', coordinates: [MARUNOUCHI_1.coordinates[0].slice(0, -1)] }),
      districtFeature('swapped', '逆の座標', { type: 'Polygon', coordinates: [MARUNOUCHI_1.coordinates[0].map(([x, y]) => [y, x])] }),
    )
    const res = await clerk.upload('/districts/import', {}, { field: 'file', name: 'bad.geojson', content: bad })
    expect(res.statusCode).toBe(422)
    expect(errorSummaryOf(res.body)).toContain('ファイルに 11件の問題があります。何も保存していません。')
    const text = textOf(res.body)
    expect(text).toContain('2番目の地区(コード nihonbashi-1)・外周: 輪郭が自分自身と交差しています(1番目と3番目の辺)')
    expect(text).toContain('緯度 35.68400、経度 139.77550 付近')
    expect(text).toContain('3番目の地区(コード kanda-1): コードが 1番目の地区と重なっています。')
    expect(text).toContain('4番目の地区(コード open)・外周: 輪郭が閉じていません。')
    expect(text).toContain('5番目の地区(コード swapped)・外周・1番目の座標: 座標が範囲外です。緯度と経度が逆になっていませんか')
    // the sound features of the file were not stored either, and what was there is untouched
    expect(await districtsOf(tenant)).toEqual(before)
  })

  it('refuses text that is not GeoJSON or not UTF-8, and an empty form, with 422', async () => {
    const tenant = await createTestTenant(t.platform)
    const clerk = await asStaff(t, tenant, 'clerk')
    const json = await clerk.post('/districts/import', { geojson: '{"type": "FeatureCollection", "features": [,]}' })
    expect(json.statusCode).toBe(422)
    expect(textOf(json.body)).toContain('1行44文字目: JSON として読めません。')
    expect(json.body).toContain('FeatureCollection&quot;, &quot;features&quot;: [,]}')
    const point = await clerk.post('/districts/import', { geojson: JSON.stringify({ type: 'Point', coordinates: [139.76, 35.68] }) })
    expect(point.statusCode).toBe(422)
    expect(point.body).toContain('FeatureCollection')
    const shiftJis = await clerk.upload('/districts/import', {}, { field: 'file', name: 'sjis.geojson', content: Buffer.from([0x7b, 0x22, 0x93, 0xfa, 0x22, 0x7d]) })
    expect(shiftJis.statusCode).toBe(422)
    expect(errorSummaryOf(shiftJis.body)).toContain('UTF-8')
    const empty = await clerk.upload('/districts/import', { geojson: '' }, { field: 'file', name: '', content: '' })
    expect(empty.statusCode).toBe(422)
    expect(errorSummaryOf(empty.body)).toContain('ファイルを選ぶか')
    expect(await districtsOf(tenant)).toEqual([])
  })

  it('finds the district containing a point, in SQL, and agrees with the TypeScript rules', async () => {
    const tenant = await createTestTenant(t.platform)
    const clerk = await asStaff(t, tenant, 'clerk')
    await clerk.upload('/districts/import', { geojson: goodFile })
    const [marunouchi, chiyoda] = await districtsOf(tenant)
    const find = (lat: number, lng: number) => db(tenant, trx => districtForPoint(trx, tenant.id, lat, lng))
    expect(await find(35.6812, 139.7649)).toBe(marunouchi.id) // 東京駅丸の内口
    expect(await find(35.68, 139.747)).toBe(chiyoda.id)
    expect(await find(35.695, 139.7515)).toBe(chiyoda.id) // 北の丸, the second polygon
    expect(await find(35.6835, 139.7525)).toBeUndefined() // the hole
    expect(await find(35.6839, 139.7745)).toBeUndefined() // 日本橋, outside both
    expect(await find(Number.NaN, 139.76)).toBeUndefined()

    // the same answers from SQL and TypeScript on a grid of points over both districts
    const geometries = [MARUNOUCHI_1, CHIYODA_WITH_HOLE]
    const points: [number, number][] = []
    for (let x = 139.744; x <= 139.770; x += 0.0017) for (let y = 35.677; y <= 35.698; y += 0.0013) points.push([x, y])
    const rows = await db(tenant, async trx => {
      const result = await sql<{ inside: boolean[] }>`
        SELECT ARRAY(SELECT notifications_point_in_geometry((p->>0)::float8, (p->>1)::float8, ${JSON.stringify(geometries[0])}::jsonb)
                     FROM jsonb_array_elements(${JSON.stringify(points)}::jsonb) p) ||
               ARRAY(SELECT notifications_point_in_geometry((p->>0)::float8, (p->>1)::float8, ${JSON.stringify(geometries[1])}::jsonb)
                     FROM jsonb_array_elements(${JSON.stringify(points)}::jsonb) p) AS inside`.execute(trx)
      return result.rows[0].inside
    })
    const expected = [...points.map(p => isPointInGeometry(p, geometries[0])), ...points.map(p => isPointInGeometry(p, geometries[1]))]
    expect(rows).toEqual(expected)
    expect(expected.filter(Boolean).length).toBeGreaterThan(20)

    const centroids = await db(tenant, async trx => (await sql<{ c: number[] }>`SELECT notifications_geometry_centroid(${JSON.stringify(CHIYODA_WITH_HOLE)}::jsonb) AS c`.execute(trx)).rows[0].c)
    const [cx, cy] = centroidOf(CHIYODA_WITH_HOLE as AreaGeometry)
    expect(centroids[0]).toBeCloseTo(cx, 10)
    expect(centroids[1]).toBeCloseTo(cy, 10)
  })

  it('deletes a district nobody registered, and refuses one residents are registered in', async () => {
    const tenant = await createTestTenant(t.platform)
    const clerk = await asStaff(t, tenant, 'clerk')
    await clerk.upload('/districts/import', { geojson: goodFile })
    const [marunouchi, chiyoda] = await districtsOf(tenant)
    await createResident(t, tenant, { profile: { districtId: chiyoda.id } })
    const list = await clerk.get('/districts')
    expect(list.body).toMatch(/千代田<\/th>.*?1人/s)
    const refused = await clerk.post(`/districts/${chiyoda.id}/delete`)
    expect(refused.statusCode).toBe(409)
    expect(errorSummaryOf(refused.body)).toContain('千代田 には 1人の住民が登録しているため、削除できません。')
    expect((await clerk.post(`/districts/${marunouchi.id}/delete`)).statusCode).toBe(303)
    expect((await districtsOf(tenant)).map(d => d.code)).toEqual(['chiyoda'])
  })

  it('keeps each municipality’s districts invisible to the others', async () => {
    const tenant = await createTestTenant(t.platform)
    const other = await createTestTenant(t.platform)
    const clerk = await asStaff(t, tenant, 'clerk')
    await clerk.upload('/districts/import', { geojson: goodFile })
    const [marunouchi] = await districtsOf(tenant)
    const otherClerk = await asStaff(t, other, 'clerk')
    expect(await districtsOf(other)).toEqual([])
    expect(JSON.parse((await otherClerk.get('/districts.geojson')).body)).toEqual({ type: 'FeatureCollection', features: [] })
    expect(await db(other, trx => districtForPoint(trx, other.id, 35.6812, 139.7649))).toBeUndefined()
    // even asking for the other tenant's id inside this tenant's transaction finds nothing (RLS)
    expect(await db(other, trx => districtForPoint(trx, tenant.id, 35.6812, 139.7649))).toBeUndefined()
    expect((await otherClerk.post(`/districts/${marunouchi.id}/delete`)).statusCode).toBe(404)
    // the same codes can exist in another municipality
    expect((await otherClerk.upload('/districts/import', { geojson: goodFile })).statusCode).toBe(303)
    expect(await districtsOf(tenant)).toHaveLength(2)
  })

  it('answers 403 to an outsourced operator on the import', async () => {
    const tenant = await createTestTenant(t.platform)
    const operator = await asStaff(t, tenant, 'outsourced_operator')
    expect((await operator.get('/districts')).statusCode).toBe(403)
    expect((await operator.upload('/districts/import', { geojson: goodFile })).statusCode).toBe(403)
    expect(await districtsOf(tenant)).toEqual([])
  })
})
