import { describe, expect, it } from 'vitest'
import { districtSlices } from './emergency-notice.js'

describe('emergency notice slices', () => {
  it('starts with one district and doubles, covering every district once in order', () => {
    const ids = Array.from({ length: 20 }, (_, i) => `d${i}`)
    const slices = districtSlices(ids)
    expect(slices.map(s => s.length)).toEqual([1, 2, 4, 8, 5])
    expect(slices.flat()).toEqual(ids)
    expect(districtSlices([])).toEqual([])
    expect(districtSlices(['only'])).toEqual([['only']])
  })
})
