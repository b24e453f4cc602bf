/**
 * GeoJSON polygons for districts (地区) and drawn areas: validation with located problems,
 * bounding box, centroid and point-in-polygon. Pure functions; the SQL functions of
 * migrations/0008_notifications_geography.sql apply the same rules inside the database.
 *
 * Positions are [longitude, latitude] (RFC 7946), WGS84. Planar arithmetic in degrees is enough
 * at the scale of a town; nothing here measures distances.
 */

export type Position = [number, number]
export type Ring = Position[]
export interface PolygonGeometry {
  type: 'Polygon'
  coordinates: Ring[]
}
export interface MultiPolygonGeometry {
  type: 'MultiPolygon'
  coordinates: Ring[][]
}
export type AreaGeometry = PolygonGeometry | MultiPolygonGeometry
/** [minLng, minLat, maxLng, maxLat] */
export type Bbox = [number, number, number, number]

export type GeometryProblemCode =
  | 'notPolygon'
  | 'missingGeometry'
  | 'malformedCoordinates'
  | 'badPosition'
  | 'outOfRange'
  | 'outOfRangeSwapped'
  | 'tooFewPositions'
  | 'ringNotClosed'
  | 'emptyArea'
  | 'selfIntersection'
  | 'ringsCross'
  | 'holeOutside'
  | 'tooManyPositions'

/**
 * Where in a geometry a problem is: polygon (MultiPolygon only), ring (0 = outer boundary,
 * 1… = holes) and position, all 0-based here; pages show them 1-based.
 */
export interface GeometryProblem {
  code: GeometryProblemCode
  polygon?: number
  ring?: number
  position?: number
  /** for selfIntersection / ringsCross: the edges (0-based: edge k joins positions k and k+1) */
  edges?: [number, number]
  otherRing?: number
  /** a point near the problem ([lng, lat]) so staff can find it on a map */
  near?: Position
  /** the type given, for notPolygon */
  type?: string
}

export type GeometryCheck = { ok: true; geometry: AreaGeometry; bbox: Bbox; positions: number } | { ok: false; problems: GeometryProblem[] }

/** Positions one geometry may have: bounds the O(n log n) checks and what one district costs in SQL. */
export const MAX_POSITIONS_PER_GEOMETRY = 100_000
/** Problems reported per geometry: enough to fix a file, not a wall of text. */
const MAX_PROBLEMS = 20

/**
 * Checks a GeoJSON geometry as a district boundary or an area: a Polygon or MultiPolygon whose
 * rings are closed, have at least 4 positions, stay within longitude/latitude range, enclose an
 * area and do not cross themselves or each other (holes lie inside their outer ring). Returns the
 * geometry normalised (altitudes dropped) with its bounding box, or every problem found.
 */
export function validateGeometry(input: unknown): GeometryCheck {
  if (input === null || input === undefined) return { ok: false, problems: [{ code: 'missingGeometry' }] }
  if (typeof input !== 'object' || Array.isArray(input)) return { ok: false, problems: [{ code: 'notPolygon', type: Array.isArray(input) ? 'array' : typeof input }] }
  const { type, coordinates } = input as { type?: unknown; coordinates?: unknown }
  if (type !== 'Polygon' && type !== 'MultiPolygon') return { ok: false, problems: [{ code: 'notPolygon', type: typeof type === 'string' ? type.slice(0, 40) : String(type) }] }
  const problems: GeometryProblem[] = []
  const counter = { positions: 0 }
  let polygons: Ring[][] = []
  if (type === 'Polygon') {
    const rings = readPolygon(coordinates, undefined, problems, counter)
    if (rings) polygons = [rings]
  } else if (!Array.isArray(coordinates) || coordinates.length === 0) {
    problems.push({ code: 'malformedCoordinates' })
  } else {
    coordinates.forEach((polygon: unknown, index) => {
      const rings = readPolygon(polygon, index, problems, counter)
      if (rings) polygons.push(rings)
    })
  }
  if (counter.positions > MAX_POSITIONS_PER_GEOMETRY) return { ok: false, problems: [{ code: 'tooManyPositions' }] }
  if (problems.length > 0) return { ok: false, problems: problems.slice(0, MAX_PROBLEMS) }
  polygons.forEach((rings, index) => checkPolygonShape(rings, type === 'MultiPolygon' ? index : undefined, problems))
  if (problems.length > 0) return { ok: false, problems: problems.slice(0, MAX_PROBLEMS) }
  const geometry: AreaGeometry = type === 'Polygon' ? { type, coordinates: polygons[0] } : { type, coordinates: polygons }
  return { ok: true, geometry, bbox: bboxOfRings(polygons.flat()), positions: counter.positions }
}

/** Reads one polygon's rings, collecting structural problems (shape is checked afterwards). */
function readPolygon(value: unknown, polygon: number | undefined, problems: GeometryProblem[], counter: { positions: number }): Ring[] | undefined {
  const at = polygon === undefined ? {} : { polygon }
  if (!Array.isArray(value) || value.length === 0) {
    problems.push({ code: 'malformedCoordinates', ...at })
    return undefined
  }
  const rings: Ring[] = []
  let isSound = true
  value.forEach((ringValue: unknown, ring) => {
    if (!Array.isArray(ringValue)) {
      problems.push({ code: 'malformedCoordinates', ...at, ring })
      isSound = false
      return
    }
    counter.positions += ringValue.length
    if (counter.positions > MAX_POSITIONS_PER_GEOMETRY) {
      isSound = false
      return
    }
    const positions: Ring = []
    ringValue.forEach((pos: unknown, position) => {
      if (!Array.isArray(pos) || pos.length < 2 || pos.length > 3 || !pos.every(n => typeof n === 'number' && Number.isFinite(n))) {
        problems.push({ code: 'badPosition', ...at, ring, position })
        isSound = false
        return
      }
      const [lng, lat] = pos as number[]
      if (lng < -180 || lng > 180 || lat < -90 || lat > 90) {
        // [35.68, 139.76] is a latitude-first position: say so, it is the usual mistake
        const isSwapped = lat >= -180 && lat <= 180 && lng >= -90 && lng <= 90
        problems.push({ code: isSwapped ? 'outOfRangeSwapped' : 'outOfRange', ...at, ring, position })
        isSound = false
        return
      }
      positions.push([lng, lat])
    })
    if (ringValue.length < 4) {
      problems.push({ code: 'tooFewPositions', ...at, ring })
      isSound = false
    } else if (positions.length === ringValue.length && !samePosition(positions[0], positions[positions.length - 1])) {
      problems.push({ code: 'ringNotClosed', ...at, ring, near: positions[0] })
      isSound = false
    }
    rings.push(positions)
  })
  return isSound ? rings : undefined
}

/** Area, self-intersection, rings crossing and holes outside, for a structurally sound polygon. */
function checkPolygonShape(rings: Ring[], polygon: number | undefined, problems: GeometryProblem[]): void {
  const at = polygon === undefined ? {} : { polygon }
  const simplified = rings.map(withoutRepeats)
  let isSimple = true
  simplified.forEach((ring, index) => {
    if (isDegenerate(ring)) {
      problems.push({ code: 'emptyArea', ...at, ring: index, near: ring[0] })
      isSimple = false
      return
    }
    const crossing = findSelfIntersection(ring)
    if (crossing) {
      problems.push({ code: 'selfIntersection', ...at, ring: index, edges: crossing.edges, near: crossing.point })
      isSimple = false
    }
  })
  if (!isSimple) return
  for (let hole = 1; hole < simplified.length; hole++) {
    for (let other = 0; other < hole; other++) {
      const crossing = findRingsCrossing(simplified[other], simplified[hole])
      if (crossing) {
        problems.push({ code: 'ringsCross', ...at, ring: hole, otherRing: other, near: crossing })
        isSimple = false
      }
    }
  }
  if (!isSimple) return
  for (let hole = 1; hole < simplified.length; hole++) {
    // rings do not cross, so one vertex tells on which side the whole hole lies
    if (!isPointInRing(simplified[hole][0], simplified[0])) problems.push({ code: 'holeOutside', ...at, ring: hole, near: simplified[hole][0] })
  }
}

function samePosition(a: Position, b: Position): boolean {
  return a[0] === b[0] && a[1] === b[1]
}

/** The ring without consecutive duplicate positions (still closed). */
function withoutRepeats(ring: Ring): Ring {
  const out: Ring = []
  for (const p of ring) if (out.length === 0 || !samePosition(out[out.length - 1], p)) out.push(p)
  return out
}

/** Fewer than three distinct vertices, or all of them on one line: no area to speak of. */
function isDegenerate(ring: Ring): boolean {
  if (ring.length < 4) return true
  const a = ring[0]
  const b = ring.find(p => !samePosition(p, a))
  return !b || ring.every(p => orientation(a, b, p) === 0)
}

// Orientation of c relative to a→b: >0 left, <0 right, 0 collinear. "Collinear" means the sine of
// the angle is below 1e-12: exact comparison would call degrees rounded at 139.76… a turn.
function orientation(a: Position, b: Position, c: Position): number {
  const abx = b[0] - a[0]
  const aby = b[1] - a[1]
  const acx = c[0] - a[0]
  const acy = c[1] - a[1]
  const value = abx * acy - aby * acx
  const scale = Math.hypot(abx, aby) * Math.hypot(acx, acy)
  return Math.abs(value) <= 1e-12 * scale ? 0 : Math.sign(value)
}

function isWithinBox(a: Position, b: Position, p: Position): boolean {
  return Math.min(a[0], b[0]) <= p[0] && p[0] <= Math.max(a[0], b[0]) && Math.min(a[1], b[1]) <= p[1] && p[1] <= Math.max(a[1], b[1])
}

/**
 * Do segments p1–p2 and q1–q2 share at least one point (crossing, touching or overlapping)?
 * Returns a point of contact, or undefined.
 */
export function findSegmentIntersection(p1: Position, p2: Position, q1: Position, q2: Position): Position | undefined {
  const o1 = orientation(p1, p2, q1)
  const o2 = orientation(p1, p2, q2)
  const o3 = orientation(q1, q2, p1)
  const o4 = orientation(q1, q2, p2)
  if (o1 !== o2 && o3 !== o4 && o1 !== 0 && o2 !== 0 && o3 !== 0 && o4 !== 0) {
    const d = (p2[0] - p1[0]) * (q2[1] - q1[1]) - (p2[1] - p1[1]) * (q2[0] - q1[0])
    const t = ((q1[0] - p1[0]) * (q2[1] - q1[1]) - (q1[1] - p1[1]) * (q2[0] - q1[0])) / d
    return [p1[0] + t * (p2[0] - p1[0]), p1[1] + t * (p2[1] - p1[1])]
  }
  if (o1 === 0 && isWithinBox(p1, p2, q1)) return q1
  if (o2 === 0 && isWithinBox(p1, p2, q2)) return q2
  if (o3 === 0 && isWithinBox(q1, q2, p1)) return p1
  if (o4 === 0 && isWithinBox(q1, q2, p2)) return p2
  return undefined
}

interface Edge {
  index: number
  a: Position
  b: Position
  minX: number
  maxX: number
  minY: number
  maxY: number
}

function edgesOf(ring: Ring): Edge[] {
  const edges: Edge[] = []
  for (let i = 0; i < ring.length - 1; i++) {
    const a = ring[i]
    const b = ring[i + 1]
    edges.push({ index: i, a, b, minX: Math.min(a[0], b[0]), maxX: Math.max(a[0], b[0]), minY: Math.min(a[1], b[1]), maxY: Math.max(a[1], b[1]) })
  }
  return edges
}

/**
 * Every pair of edges whose x-ranges overlap, by a sweep over edges sorted by their left end:
 * O(n log n + pairs) rather than all n² pairs (a surveyed 町丁目 boundary has thousands of
 * vertices).
 */
function* overlappingPairs(edges: Edge[]): Generator<[Edge, Edge]> {
  const sorted = [...edges].sort((x, y) => x.minX - y.minX)
  for (let i = 0; i < sorted.length; i++) {
    const e = sorted[i]
    for (let j = i + 1; j < sorted.length && sorted[j].minX <= e.maxX; j++) {
      const f = sorted[j]
      if (f.minY <= e.maxY && e.minY <= f.maxY) yield e.index < f.index ? [e, f] : [f, e]
    }
  }
}

/**
 * The first place where a closed ring (without repeated positions) touches or crosses itself:
 * two edges that are not neighbours share a point, or two neighbours fold back over each other.
 */
export function findSelfIntersection(ring: Ring): { edges: [number, number]; point: Position } | undefined {
  const edges = edgesOf(ring)
  const last = edges.length - 1
  for (const [e, f] of overlappingPairs(edges)) {
    const isNeighbour = f.index === e.index + 1 || (e.index === 0 && f.index === last)
    if (isNeighbour) {
      // neighbours share one vertex; they are wrong only when they also overlap along a line
      const shared = f.index === e.index + 1 ? e.b : e.a
      const eOther = f.index === e.index + 1 ? e.a : e.b
      const fOther = f.index === e.index + 1 ? f.b : f.a
      if (orientation(eOther, shared, fOther) === 0 && isWithinBox(shared, eOther, fOther)) return { edges: [e.index, f.index], point: fOther }
      if (orientation(eOther, shared, fOther) === 0 && isWithinBox(shared, fOther, eOther)) return { edges: [e.index, f.index], point: eOther }
      continue
    }
    const point = findSegmentIntersection(e.a, e.b, f.a, f.b)
    if (point) return { edges: [e.index, f.index], point }
  }
  return undefined
}

/** A point where two rings of one polygon touch or cross, if any. */
function findRingsCrossing(first: Ring, second: Ring): Position | undefined {
  const a = edgesOf(first)
  const b = edgesOf(second).map(edge => ({ ...edge, index: edge.index + a.length }))
  for (const [e, f] of overlappingPairs([...a, ...b])) {
    if ((e.index < a.length) === (f.index < a.length)) continue
    const point = findSegmentIntersection(e.a, e.b, f.a, f.b)
    if (point) return point
  }
  return undefined
}

/** Even-odd ray casting, the same arithmetic as notifications_point_in_ring in SQL. */
export function isPointInRing(point: Position, ring: Ring): boolean {
  const [x, y] = point
  let inside = false
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]
    const [xj, yj] = ring[j]
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside
  }
  return inside
}

/** Is the point inside the polygon's outer ring and in none of its holes? */
function isPointInPolygon(point: Position, rings: Ring[]): boolean {
  if (rings.length === 0 || !isPointInRing(point, rings[0])) return false
  return !rings.slice(1).some(hole => isPointInRing(point, hole))
}

/** Is [lng, lat] inside the Polygon or MultiPolygon? */
export function isPointInGeometry(point: Position, geometry: AreaGeometry): boolean {
  return geometry.type === 'Polygon' ? isPointInPolygon(point, geometry.coordinates) : geometry.coordinates.some(rings => isPointInPolygon(point, rings))
}

function bboxOfRings(rings: Ring[]): Bbox {
  const box: Bbox = [Infinity, Infinity, -Infinity, -Infinity]
  for (const ring of rings)
    for (const [x, y] of ring) {
      box[0] = Math.min(box[0], x)
      box[1] = Math.min(box[1], y)
      box[2] = Math.max(box[2], x)
      box[3] = Math.max(box[3], y)
    }
  return box
}

export function bboxOf(geometry: AreaGeometry): Bbox {
  return bboxOfRings(geometry.type === 'Polygon' ? geometry.coordinates : geometry.coordinates.flat())
}

/**
 * Area-weighted centroid (holes subtract), as notifications_geometry_centroid in SQL; the centre
 * of the bounding box for a shape without area.
 */
export function centroidOf(geometry: AreaGeometry): Position {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates
  let total = 0
  let sumX = 0
  let sumY = 0
  for (const rings of polygons) {
    rings.forEach((ring, index) => {
      const n = ring.length
      if (n < 3) return
      // relative to the first vertex: products of raw degrees (139.7…) would cancel away the digits that matter
      const [x0, y0] = ring[0]
      let area = 0
      let cx = 0
      let cy = 0
      for (let k = 0; k < n; k++) {
        const x1 = ring[k][0] - x0
        const y1 = ring[k][1] - y0
        const x2 = ring[(k + 1) % n][0] - x0
        const y2 = ring[(k + 1) % n][1] - y0
        const cross = x1 * y2 - x2 * y1
        area += cross
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
      }
      if (area === 0) return
      const weight = (Math.abs(area) / 2) * (index === 0 ? 1 : -1)
      total += weight
      sumX += weight * (x0 + cx / (3 * area))
      sumY += weight * (y0 + cy / (3 * area))
    })
  }
  if (Math.abs(total) > 1e-15) return [sumX / total, sumY / total]
  const box = bboxOf(geometry)
  return [(box[0] + box[2]) / 2, (box[1] + box[3]) / 2]
}
