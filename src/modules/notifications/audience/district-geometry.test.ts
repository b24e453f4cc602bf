import { describe, expect, it } from 'vitest'
import { bboxOf, centroidOf, findSegmentIntersection, isPointInGeometry, validateGeometry, type AreaGeometry } from './district-geometry.js'
import { CHIYODA_WITH_HOLE, circleRing, MARUNOUCHI_1, NIHONBASHI_BOW_TIE } from './testdata/districts.js'

const polygon = (...rings: number[][][]): unknown => ({ type: 'Polygon', coordinates: rings })

describe('validateGeometry', () => {
  it('accepts an irregular town block and returns its bounding box', () => {
    const checked = validateGeometry(MARUNOUCHI_1)
    expect(checked.ok).toBe(true)
    if (!checked.ok) return
    expect(checked.bbox).toEqual([139.7619, 35.6789, 139.7689, 35.6861])
    expect(checked.positions).toBe(8)
  })

  it('accepts a MultiPolygon whose first polygon has a hole', () => {
    const checked = validateGeometry(CHIYODA_WITH_HOLE)
    expect(checked).toMatchObject({ ok: true, bbox: [139.7445, 35.6779, 139.7612, 35.6972] })
  })

  it('refuses a bow-tie ring and says which edges cross, and near where', () => {
    const checked = validateGeometry(NIHONBASHI_BOW_TIE)
    expect(checked.ok).toBe(false)
    if (checked.ok) return
    expect(checked.problems).toHaveLength(1)
    const [problem] = checked.problems
    expect(problem).toMatchObject({ code: 'selfIntersection', ring: 0, edges: [0, 2] })
    expect(problem.near?.[0]).toBeCloseTo(139.7755, 6)
    expect(problem.near?.[1]).toBeCloseTo(35.684, 6)
  })

  it('refuses a ring that comes back to one of its own vertices (a pinch)', () => {
    const pinched = polygon([
      [139.76, 35.68],
      [139.77, 35.68],
      [139.765, 35.685],
      [139.77, 35.69],
      [139.76, 35.69],
      [139.765, 35.685],
      [139.76, 35.68],
    ])
    expect(validateGeometry(pinched)).toMatchObject({ ok: false, problems: [{ code: 'selfIntersection', ring: 0 }] })
  })

  it('refuses a spike that folds back along its own edge', () => {
    const spike = polygon([
      [139.76, 35.68],
      [139.77, 35.68],
      [139.77, 35.69],
      [139.775, 35.69],
      [139.772, 35.69],
      [139.76, 35.69],
      [139.76, 35.68],
    ])
    expect(validateGeometry(spike)).toMatchObject({ ok: false, problems: [{ code: 'selfIntersection' }] })
  })

  it('accepts collinear vertices that go straight on, and repeated consecutive positions', () => {
    const straight = polygon([
      [139.76, 35.68],
      [139.765, 35.68],
      [139.765, 35.68],
      [139.77, 35.68],
      [139.77, 35.69],
      [139.76, 35.69],
      [139.76, 35.68],
    ])
    expect(validateGeometry(straight).ok).toBe(true)
  })

  it('refuses a ring that is not closed, pointing at its first position', () => {
    const open = polygon([
      [139.76, 35.68],
      [139.77, 35.68],
      [139.77, 35.69],
      [139.76, 35.69],
    ])
    expect(validateGeometry(open)).toMatchObject({ ok: false, problems: [{ code: 'ringNotClosed', ring: 0, near: [139.76, 35.68] }] })
  })

  it('refuses a ring with fewer than 4 positions', () => {
    const triangleOpen = polygon([
      [139.76, 35.68],
      [139.77, 35.68],
      [139.76, 35.68],
    ])
    expect(validateGeometry(triangleOpen)).toMatchObject({ ok: false, problems: [{ code: 'tooFewPositions', ring: 0 }] })
  })

  it('refuses a ring without area', () => {
    const line = polygon([
      [139.76, 35.68],
      [139.77, 35.68],
      [139.78, 35.68],
      [139.76, 35.68],
    ])
    expect(validateGeometry(line)).toMatchObject({ ok: false, problems: [{ code: 'emptyArea' }] })
  })

  it('recognises latitude-first positions as a swap rather than a plain range error', () => {
    const swapped = polygon([
      [35.68, 139.76],
      [35.68, 139.77],
      [35.69, 139.77],
      [35.68, 139.76],
    ])
    const checked = validateGeometry(swapped)
    expect(checked.ok).toBe(false)
    if (checked.ok) return
    expect(checked.problems.map(p => [p.code, p.position])).toEqual([
      ['outOfRangeSwapped', 0],
      ['outOfRangeSwapped', 1],
      ['outOfRangeSwapped', 2],
      ['outOfRangeSwapped', 3],
    ])
  })

  it('refuses coordinates out of range and positions that are not two numbers', () => {
    const checked = validateGeometry(
      polygon([
        [139.76, 35.68],
        [200, 35.68],
        ['139.77', 35.69] as unknown as number[],
        [139.76, 35.68],
      ]),
    )
    expect(checked).toMatchObject({ ok: false, problems: [{ code: 'outOfRange', position: 1 }, { code: 'badPosition', position: 2 }] })
  })

  it('names the polygon of a MultiPolygon a problem is in', () => {
    const multi = { type: 'MultiPolygon', coordinates: [MARUNOUCHI_1.coordinates, NIHONBASHI_BOW_TIE.coordinates] }
    expect(validateGeometry(multi)).toMatchObject({ ok: false, problems: [{ code: 'selfIntersection', polygon: 1, ring: 0 }] })
  })

  it('refuses a hole outside its outer ring and a hole crossing it', () => {
    const outside = polygon(MARUNOUCHI_1.coordinates[0] as number[][], [
      [139.78, 35.68],
      [139.781, 35.68],
      [139.781, 35.681],
      [139.78, 35.68],
    ])
    expect(validateGeometry(outside)).toMatchObject({ ok: false, problems: [{ code: 'holeOutside', ring: 1 }] })
    const crossing = polygon(MARUNOUCHI_1.coordinates[0] as number[][], [
      [139.765, 35.68],
      [139.775, 35.68],
      [139.775, 35.683],
      [139.765, 35.68],
    ])
    expect(validateGeometry(crossing)).toMatchObject({ ok: false, problems: [{ code: 'ringsCross', ring: 1, otherRing: 0 }] })
  })

  it('refuses what is not a polygon: a Point, null, a string', () => {
    expect(validateGeometry({ type: 'Point', coordinates: [139.76, 35.68] })).toEqual({ ok: false, problems: [{ code: 'notPolygon', type: 'Point' }] })
    expect(validateGeometry(null)).toEqual({ ok: false, problems: [{ code: 'missingGeometry' }] })
    expect(validateGeometry('POLYGON((0 0))')).toMatchObject({ ok: false, problems: [{ code: 'notPolygon' }] })
    expect(validateGeometry({ type: 'Polygon', coordinates: [] })).toMatchObject({ ok: false, problems: [{ code: 'malformedCoordinates' }] })
  })

  it('drops altitudes from positions', () => {
    const withAltitude = polygon(MARUNOUCHI_1.coordinates[0].map(([x, y]) => [x, y, 12.5]) as number[][])
    const checked = validateGeometry(withAltitude)
    expect(checked.ok && checked.geometry.coordinates[0]).toEqual(MARUNOUCHI_1.coordinates[0])
  })

  it('checks a surveyed boundary with thousands of vertices quickly', () => {
    const started = performance.now()
    const checked = validateGeometry(polygon(circleRing([139.76, 35.68], 0.01, 20_000)))
    expect(checked.ok).toBe(true)
    expect(performance.now() - started).toBeLessThan(2_000)
  })

  it('refuses a geometry with more positions than one district may have', () => {
    expect(validateGeometry(polygon(circleRing([139.76, 35.68], 0.01, 100_001)))).toEqual({ ok: false, problems: [{ code: 'tooManyPositions' }] })
  })
})

describe('findSegmentIntersection', () => {
  it('finds a crossing, a touch at an end, and an overlap; not parallel segments', () => {
    expect(findSegmentIntersection([0, 0], [2, 2], [0, 2], [2, 0])).toEqual([1, 1])
    expect(findSegmentIntersection([0, 0], [2, 0], [2, 0], [3, 1])).toEqual([2, 0])
    expect(findSegmentIntersection([0, 0], [2, 0], [1, 0], [3, 0])).toEqual([1, 0])
    expect(findSegmentIntersection([0, 0], [2, 0], [0, 1], [2, 1])).toBeUndefined()
    expect(findSegmentIntersection([0, 0], [1, 1], [2, 2], [3, 3])).toBeUndefined()
  })
})

describe('isPointInGeometry', () => {
  it('finds 東京駅丸の内口 inside 丸の内一丁目 and 日本橋 outside', () => {
    expect(isPointInGeometry([139.7649, 35.6812], MARUNOUCHI_1)).toBe(true)
    expect(isPointInGeometry([139.7745, 35.6839], MARUNOUCHI_1)).toBe(false)
  })

  it('excludes points in a hole and includes points in the second polygon of a MultiPolygon', () => {
    expect(isPointInGeometry([139.7525, 35.6835], CHIYODA_WITH_HOLE)).toBe(false) // 吹上御苑 (the hole)
    expect(isPointInGeometry([139.7470, 35.6800], CHIYODA_WITH_HOLE)).toBe(true)
    expect(isPointInGeometry([139.7515, 35.6950], CHIYODA_WITH_HOLE)).toBe(true) // 北の丸
    expect(isPointInGeometry([139.7515, 35.6921], CHIYODA_WITH_HOLE)).toBe(false) // between the two
  })
})

describe('centroidOf and bboxOf', () => {
  it('puts the centroid of a square at its centre', () => {
    const square: AreaGeometry = { type: 'Polygon', coordinates: [[[139.76, 35.68], [139.78, 35.68], [139.78, 35.70], [139.76, 35.70], [139.76, 35.68]]] }
    const [x, y] = centroidOf(square)
    expect(x).toBeCloseTo(139.77, 9)
    expect(y).toBeCloseTo(35.69, 9)
    expect(bboxOf(square)).toEqual([139.76, 35.68, 139.78, 35.7])
  })

  it('moves the centroid away from a hole', () => {
    const [withHoleX] = centroidOf(CHIYODA_WITH_HOLE)
    const solid: AreaGeometry = { type: 'MultiPolygon', coordinates: CHIYODA_WITH_HOLE.coordinates.map(rings => [rings[0]]) as AreaGeometry['coordinates'] as never }
    const [solidX] = centroidOf(solid)
    // the hole sits west of the centre, so removing it moves the centroid east
    expect(withHoleX).toBeGreaterThan(solidX)
  })
})
