/**
 * Checking an uploaded hazard-map layer (RFC 7946 GeoJSON). Pure: text in, the cleaned
 * FeatureCollection and its summary out, or every problem found (up to a limit) as catalog keys.
 *
 * Accepted: a FeatureCollection (or one Feature, wrapped) of Point, MultiPoint, LineString,
 * MultiLineString, Polygon and MultiPolygon features with positions in WGS 84 [longitude,
 * latitude] order inside Japan (lon 122–154, lat 20–46); a file that looks like [latitude,
 * longitude] everywhere is refused with that reason rather than silently swapped. Properties are
 * kept only as short strings and numbers (name, description …) so that nothing executable or huge
 * reaches the public map.
 */

export const MAX_LAYER_BYTES = 5 * 1024 * 1024
export const MAX_LAYER_FEATURES = 10_000
export const MAX_LAYER_POSITIONS = 500_000
const MAX_PROBLEMS = 20
const GEOMETRY_TYPES = ['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon'] as const
type GeometryType = (typeof GEOMETRY_TYPES)[number]

export interface LayerProblem {
  /** where: 'file' or `features[3].geometry` */
  path: string
  key: string
  params?: Record<string, string | number>
}

type Position = [number, number]
export interface LayerGeometry {
  type: GeometryType
  coordinates: unknown
}
export interface LayerFeature {
  type: 'Feature'
  geometry: LayerGeometry
  properties: Record<string, string | number | boolean>
}
export interface LayerCollection {
  type: 'FeatureCollection'
  features: LayerFeature[]
}

export type LayerResult = { ok: true; collection: LayerCollection; featureCount: number; geometryTypes: GeometryType[]; bbox: [number, number, number, number] } | { ok: false; problems: LayerProblem[] }

const K = 'disaster.maps.geojson.'
const isLon = (v: number) => v >= 122 && v <= 154
const isLat = (v: number) => v >= 20 && v <= 46

export function checkHazardLayer(input: string | Uint8Array): LayerResult {
  const size = typeof input === 'string' ? Buffer.byteLength(input) : input.length
  if (size === 0) return { ok: false, problems: [{ path: 'file', key: `${K}empty` }] }
  if (size > MAX_LAYER_BYTES) return { ok: false, problems: [{ path: 'file', key: `${K}tooLarge`, params: { max: Math.round(MAX_LAYER_BYTES / 1024 / 1024) } }] }
  let text: string
  try {
    text = typeof input === 'string' ? input : new TextDecoder('utf-8', { fatal: true }).decode(input)
  } catch {
    return { ok: false, problems: [{ path: 'file', key: `${K}notUtf8` }] }
  }
  let value: unknown
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch {
    return { ok: false, problems: [{ path: 'file', key: `${K}notJson` }] }
  }
  const root = value as { type?: unknown; features?: unknown }
  let features: unknown[]
  if (root && typeof root === 'object' && root.type === 'FeatureCollection' && Array.isArray(root.features)) features = root.features
  else if (root && typeof root === 'object' && root.type === 'Feature') features = [root]
  else return { ok: false, problems: [{ path: 'file', key: `${K}notFeatureCollection` }] }
  if (features.length === 0) return { ok: false, problems: [{ path: 'file', key: `${K}noFeatures` }] }
  if (features.length > MAX_LAYER_FEATURES) return { ok: false, problems: [{ path: 'file', key: `${K}tooManyFeatures`, params: { max: MAX_LAYER_FEATURES } }] }

  const problems: LayerProblem[] = []
  const out: LayerFeature[] = []
  const types = new Set<GeometryType>()
  const bbox: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity]
  let positions = 0
  let looksSwapped = 0
  let outside = 0

  features.forEach((feature, index) => {
    if (problems.length >= MAX_PROBLEMS) return
    const path = `features[${index}]`
    const f = feature as { type?: unknown; geometry?: { type?: unknown; coordinates?: unknown } | null; properties?: unknown }
    if (!f || typeof f !== 'object' || f.type !== 'Feature') {
      problems.push({ path, key: `${K}notFeature` })
      return
    }
    const geometry = f.geometry
    if (!geometry || typeof geometry !== 'object' || !(GEOMETRY_TYPES as readonly unknown[]).includes(geometry.type)) {
      problems.push({ path: `${path}.geometry`, key: `${K}geometryType`, params: { type: String(geometry?.type ?? 'null') } })
      return
    }
    const type = geometry.type as GeometryType
    const depth = { Point: 0, MultiPoint: 1, LineString: 1, MultiLineString: 2, Polygon: 2, MultiPolygon: 3 }[type]
    const shapeProblem = checkShape(type, geometry.coordinates, depth)
    if (shapeProblem) {
      problems.push({ path: `${path}.geometry`, key: `${K}${shapeProblem}`, params: { type } })
      return
    }
    let featureOutside = false
    for (const [lon, lat] of positionsOf(geometry.coordinates, depth)) {
      positions++
      if (isLon(lon) && isLat(lat)) {
        bbox[0] = Math.min(bbox[0], lon)
        bbox[1] = Math.min(bbox[1], lat)
        bbox[2] = Math.max(bbox[2], lon)
        bbox[3] = Math.max(bbox[3], lat)
      } else {
        featureOutside = true
        if (isLat(lon) && isLon(lat)) looksSwapped++
        else outside++
      }
    }
    if (featureOutside) {
      problems.push({ path: `${path}.geometry`, key: `${K}outsideJapan` })
      return
    }
    types.add(type)
    out.push({ type: 'Feature', geometry: { type, coordinates: geometry.coordinates }, properties: cleanProperties(f.properties) })
  })
  if (positions > MAX_LAYER_POSITIONS) return { ok: false, problems: [{ path: 'file', key: `${K}tooManyPositions`, params: { max: MAX_LAYER_POSITIONS } }] }
  if (looksSwapped > 0 && outside === 0 && out.length === 0) return { ok: false, problems: [{ path: 'file', key: `${K}latLonOrder` }] }
  if (problems.length > 0) return { ok: false, problems }
  return { ok: true, collection: { type: 'FeatureCollection', features: out }, featureCount: out.length, geometryTypes: [...types], bbox }
}

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v)
const isPosition = (v: unknown): v is Position => Array.isArray(v) && (v.length === 2 || v.length === 3) && v.every(isNumber)

/** The nesting of coordinates; rings closed with ≥ 4 positions; lines with ≥ 2. Returns a problem key. */
function checkShape(type: GeometryType, coordinates: unknown, depth: number): string | undefined {
  if (depth === 0) return isPosition(coordinates) ? undefined : 'badCoordinates'
  if (!Array.isArray(coordinates) || coordinates.length === 0) return 'badCoordinates'
  if (type === 'LineString' && coordinates.length < 2) return 'lineTooShort'
  for (const child of coordinates) {
    const childType: GeometryType = type === 'MultiPolygon' ? 'Polygon' : type === 'Polygon' ? 'LineString' : type === 'MultiLineString' ? 'LineString' : 'Point'
    if (type === 'Polygon') {
      if (!Array.isArray(child) || child.length < 4 || !child.every(isPosition)) return 'ringInvalid'
      const first = child[0] as Position
      const last = child[child.length - 1] as Position
      if (first[0] !== last[0] || first[1] !== last[1]) return 'ringNotClosed'
      continue
    }
    const problem = checkShape(childType, child, depth - 1)
    if (problem) return problem
  }
  return undefined
}

function* positionsOf(coordinates: unknown, depth: number): Generator<Position> {
  if (depth === 0) {
    yield coordinates as Position
    return
  }
  for (const child of coordinates as unknown[]) yield* positionsOf(child, depth - 1)
}

/** Only short scalar properties survive (strings ≤ 200 characters, finite numbers, booleans; ≤ 20 keys). */
function cleanProperties(value: unknown): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {}
  if (!value || typeof value !== 'object' || Array.isArray(value)) return out
  for (const [key, v] of Object.entries(value as Record<string, unknown>).slice(0, 20)) {
    if (key.length > 50) continue
    if (typeof v === 'string') out[key] = v.slice(0, 200)
    else if (isNumber(v) || typeof v === 'boolean') out[key] = v
  }
  return out
}
