/**
 * Real-looking district boundaries around 東京駅 / 皇居 (WGS84 [lng, lat]) for the geometry tests:
 * shapes a municipality's GIS export would contain, and the broken ones staff actually send.
 */
import type { AreaGeometry, Ring } from '../district-geometry.js'

/** 丸の内一丁目: an irregular block east of the palace moat (counter-clockwise). */
export const MARUNOUCHI_1: AreaGeometry = {
  type: 'Polygon',
  coordinates: [
    [
      [139.7624, 35.6795],
      [139.7668, 35.6789],
      [139.7689, 35.6812],
      [139.7681, 35.6853],
      [139.7652, 35.6861],
      [139.7627, 35.6842],
      [139.7619, 35.6817],
      [139.7624, 35.6795],
    ],
  ],
}

/** 千代田: the palace grounds' district drawn with the inner garden as a hole, plus 北の丸 as a second polygon. */
export const CHIYODA_WITH_HOLE: AreaGeometry = {
  type: 'MultiPolygon',
  coordinates: [
    [
      [
        [139.7452, 35.6783],
        [139.7598, 35.6779],
        [139.7612, 35.6851],
        [139.7589, 35.6912],
        [139.7481, 35.6918],
        [139.7445, 35.6854],
        [139.7452, 35.6783],
      ],
      // 吹上御苑: not part of any resident's district
      [
        [139.7498, 35.6822],
        [139.7531, 35.6869],
        [139.7552, 35.6821],
        [139.7498, 35.6822],
      ],
    ],
    [
      [
        [139.7488, 35.6928],
        [139.7541, 35.6925],
        [139.7549, 35.6968],
        [139.7493, 35.6972],
        [139.7488, 35.6928],
      ],
    ],
  ],
}

/** 日本橋一丁目 digitised in the wrong vertex order: a bow-tie whose edges cross at about (139.7755, 35.684). */
export const NIHONBASHI_BOW_TIE: AreaGeometry = {
  type: 'Polygon',
  coordinates: [
    [
      [139.773, 35.682],
      [139.778, 35.686],
      [139.778, 35.682],
      [139.773, 35.686],
      [139.773, 35.682],
    ],
  ],
}

/** A feature of a districts FeatureCollection. */
export function districtFeature(code: unknown, name: unknown, geometry: unknown, extra: Record<string, unknown> = {}) {
  return { type: 'Feature', properties: { code, name, ...extra }, geometry }
}

/** A FeatureCollection as a file's text. */
export function districtsFile(...features: unknown[]): string {
  return JSON.stringify({ type: 'FeatureCollection', features }, null, 2)
}

/** A closed ring approximating a circle: a boundary with many vertices, as surveyed data has. */
export function circleRing(centre: [number, number], radius: number, vertices: number): Ring {
  const ring: Ring = []
  for (let i = 0; i < vertices; i++) {
    const angle = (2 * Math.PI * i) / vertices
    ring.push([centre[0] + radius * Math.cos(angle), centre[1] + radius * Math.sin(angle)])
  }
  ring.push(ring[0])
  return ring
}
