import { describe, expect, it } from 'vitest'
import { findJsonErrorOffset, parseDistrictsGeoJson } from './district-geojson.js'
import { CHIYODA_WITH_HOLE, districtFeature, districtsFile, MARUNOUCHI_1, NIHONBASHI_BOW_TIE } from './testdata/districts.js'

describe('parseDistrictsGeoJson', () => {
  it('reads districts with their names in three languages, in file order', () => {
    const result = parseDistrictsGeoJson(
      districtsFile(
        districtFeature('marunouchi-1', '丸の内一丁目', MARUNOUCHI_1, { name_en: 'Marunouchi 1-chome', name_easy: 'まるのうち 1ちょうめ' }),
        districtFeature(131010001, '千代田', CHIYODA_WITH_HOLE),
      ),
    )
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.districts.map(d => [d.feature, d.code, d.names])).toEqual([
      [1, 'marunouchi-1', { ja: '丸の内一丁目', 'ja-easy': 'まるのうち 1ちょうめ', en: 'Marunouchi 1-chome' }],
      [2, '131010001', { ja: '千代田' }],
    ])
    expect(result.districts[1].geometry.type).toBe('MultiPolygon')
    expect(result.districts[0].bbox).toEqual([139.7619, 35.6789, 139.7689, 35.6861])
  })

  it('accepts a UTF-8 byte order mark at the start of the file', () => {
    expect(parseDistrictsGeoJson(`\uFEFF${districtsFile(districtFeature('a', '北町', MARUNOUCHI_1))}`).ok).toBe(true)
  })

  it('locates every problem by feature and district code, without stopping at the first', () => {
    const result = parseDistrictsGeoJson(
      districtsFile(
        districtFeature('marunouchi-1', '丸の内一丁目', MARUNOUCHI_1),
        districtFeature('nihonbashi-1', '日本橋一丁目', NIHONBASHI_BOW_TIE),
        districtFeature('marunouchi-1', '丸の内二丁目', MARUNOUCHI_1),
        districtFeature('station', '東京駅', { type: 'Point', coordinates: [139.7671, 35.6812] }),
        districtFeature('', '', MARUNOUCHI_1),
      ),
    )
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.problems).toEqual([
      expect.objectContaining({ code: 'selfIntersection', feature: 2, districtCode: 'nihonbashi-1', ring: 0, edges: [0, 2] }),
      { code: 'duplicateCode', feature: 3, districtCode: 'marunouchi-1', firstFeature: 1 },
      { code: 'notPolygon', feature: 4, districtCode: 'station', type: 'Point' },
      { code: 'missingCode', feature: 5, max: 40 },
      { code: 'missingName', feature: 5, property: 'name' },
    ])
  })

  it('says where a JSON syntax error is', () => {
    const result = parseDistrictsGeoJson('{\n  "type": "FeatureCollection",\n  "features": [,]\n}')
    expect(result).toMatchObject({ ok: false, problems: [{ code: 'json', line: 3 }] })
  })

  it('refuses a file that is not a FeatureCollection, or has no features', () => {
    expect(parseDistrictsGeoJson(JSON.stringify(districtFeature('a', '北町', MARUNOUCHI_1)))).toEqual({ ok: false, problems: [{ code: 'notFeatureCollection' }] })
    expect(parseDistrictsGeoJson(districtsFile())).toEqual({ ok: false, problems: [{ code: 'noFeatures' }] })
  })

  it('refuses names that are not text or too long, and codes with control characters', () => {
    const result = parseDistrictsGeoJson(
      districtsFile(districtFeature('a', 12, MARUNOUCHI_1), districtFeature('b', '南町', MARUNOUCHI_1, { name_en: 'x'.repeat(101) }), districtFeature('c\u0000', '東町', MARUNOUCHI_1)),
    )
    expect(result).toMatchObject({
      ok: false,
      problems: [
        { code: 'badName', feature: 1, property: 'name' },
        { code: 'badName', feature: 2, property: 'name_en' },
        { code: 'badCode', feature: 3 },
      ],
    })
  })

  it('reports a not-closed ring with the feature it belongs to', () => {
    const open = { type: 'Polygon', coordinates: [MARUNOUCHI_1.coordinates[0].slice(0, -1)] }
    expect(parseDistrictsGeoJson(districtsFile(districtFeature('kita-1', '北町', open)))).toMatchObject({ ok: false, problems: [{ code: 'ringNotClosed', feature: 1, districtCode: 'kita-1', ring: 0 }] })
  })
})

describe('findJsonErrorOffset', () => {
  it('finds the first character that is not JSON, and nothing in valid JSON', () => {
    expect(findJsonErrorOffset('{"a": }')).toBe(6)
    expect(findJsonErrorOffset('{"a":tru}')).toBe(5)
    expect(findJsonErrorOffset('[1, 2] x')).toBe(7)
    expect(findJsonErrorOffset('{"a": [1, {"b": "c\\"d"}], "e": null}')).toBeUndefined()
    expect(findJsonErrorOffset('{"a": [1, 2}')).toBe(11)
  })
})
