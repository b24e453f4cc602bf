import { describe, expect, it } from 'vitest'
import { checkHazardLayer, MAX_LAYER_BYTES } from './hazard-geojson.js'

const polygon = (ring: number[][]) => ({ type: 'Feature', properties: { name: '浸水', onclick: { evil: true } }, geometry: { type: 'Polygon', coordinates: [ring] } })
const SQUARE = [
  [139.76, 35.67],
  [139.77, 35.67],
  [139.77, 35.68],
  [139.76, 35.67],
]

describe('hazard layer GeoJSON', () => {
  it('accepts a FeatureCollection in Japan, summarises it and keeps only scalar properties', () => {
    const result = checkHazardLayer(JSON.stringify({ type: 'FeatureCollection', features: [polygon(SQUARE), { type: 'Feature', properties: null, geometry: { type: 'Point', coordinates: [139.75, 35.68] } }] }))
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.featureCount).toBe(2)
    expect(result.geometryTypes.sort()).toEqual(['Point', 'Polygon'])
    expect(result.bbox).toEqual([139.75, 35.67, 139.77, 35.68])
    expect(result.collection.features[0]?.properties).toEqual({ name: '浸水' })
  })

  it('wraps a single Feature', () => {
    expect(checkHazardLayer(JSON.stringify(polygon(SQUARE))).ok).toBe(true)
  })

  it('refuses what is not GeoJSON, with the reason', () => {
    const keyOf = (input: string) => {
      const r = checkHazardLayer(input)
      return r.ok ? 'ok' : r.problems[0]?.key
    }
    expect(keyOf('')).toBe('disaster.maps.geojson.empty')
    expect(keyOf('{not json')).toBe('disaster.maps.geojson.notJson')
    expect(keyOf('{"type":"Topology"}')).toBe('disaster.maps.geojson.notFeatureCollection')
    expect(keyOf('{"type":"FeatureCollection","features":[]}')).toBe('disaster.maps.geojson.noFeatures')
    expect(keyOf(JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'GeometryCollection', geometries: [] } }] }))).toBe('disaster.maps.geojson.geometryType')
    expect(keyOf(JSON.stringify({ type: 'FeatureCollection', features: [polygon(SQUARE.slice(0, 3))] }))).toBe('disaster.maps.geojson.ringInvalid')
    expect(keyOf(JSON.stringify({ type: 'FeatureCollection', features: [polygon([...SQUARE.slice(0, 3), [139.761, 35.671]])] }))).toBe('disaster.maps.geojson.ringNotClosed')
    expect(keyOf(JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'LineString', coordinates: [[139.7, 35.6]] } }] }))).toBe('disaster.maps.geojson.lineTooShort')
  })

  it('refuses positions outside Japan and names a latitude-first file as such', () => {
    const london = checkHazardLayer(JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'Point', coordinates: [-0.12, 51.5] } }] }))
    expect(london.ok ? 'ok' : london.problems[0]).toMatchObject({ path: 'features[0].geometry', key: 'disaster.maps.geojson.outsideJapan' })
    const swapped = checkHazardLayer(JSON.stringify({ type: 'FeatureCollection', features: [polygon(SQUARE.map(([lon, lat]) => [lat as number, lon as number]))] }))
    expect(swapped.ok ? 'ok' : swapped.problems[0]?.key).toBe('disaster.maps.geojson.latLonOrder')
  })

  it('refuses a file over the size limit before parsing it', () => {
    const result = checkHazardLayer(new Uint8Array(MAX_LAYER_BYTES + 1))
    expect(result.ok ? 'ok' : result.problems[0]?.key).toBe('disaster.maps.geojson.tooLarge')
  })
})
