import { describe, expect, it } from 'vitest'
import { demoDistricts } from './audience-demo.js'
import { isPointInGeometry } from './district-geometry.js'

describe('demo districts', () => {
  it('are six valid polygons that tile the area without gaps: every point falls in exactly one', () => {
    const districts = demoDistricts()
    expect(districts.map(d => d.code)).toEqual(['minami-1', 'chuo-1', 'minami-2', 'kita-1', 'chuo-2', 'kita-2'])
    // a grid of sample points inside the whole extent (outer edges are nudged by up to 0.0011°)
    for (let x = 139.7495; x < 139.7766; x += 0.0013) {
      for (let y = 35.6735; y < 35.6886; y += 0.0011) {
        const containing = districts.filter(d => isPointInGeometry([x, y], d.geometry))
        expect(containing.length, `point ${x}, ${y}`).toBe(1)
      }
    }
  })
})
