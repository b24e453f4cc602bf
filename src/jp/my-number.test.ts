import { describe, it, expect } from 'vitest'
import { computeMyNumberCheckDigit, isValidMyNumber, maskMyNumber } from './my-number.js'

// 123456789018 is the sample number commonly used in 個人番号 documentation; not a real person's.
const SAMPLE = '123456789018'

// Deterministic so a failure can be replayed.
function generateElevenDigitBodies(count: number): string[] {
  let seed = 20150105
  return Array.from({ length: count }, () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31
    return String(seed % 10 ** 11).padStart(11, '0')
  })
}

describe('computeMyNumberCheckDigit', () => {
  it('computes the check digit of the sample number', () => {
    expect(computeMyNumberCheckDigit('12345678901')).toBe(8)
  })

  it('gives 0 when the remainder is 0 or 1', () => {
    // Σ for 00000000001 is 1×2 = 2 → remainder 2 → 9; for 00000000000 remainder 0 → 0.
    expect(computeMyNumberCheckDigit('00000000000')).toBe(0)
    expect(computeMyNumberCheckDigit('00000000001')).toBe(9)
    // 00000000006: 6×2 = 12 → remainder 1 → 0.
    expect(computeMyNumberCheckDigit('00000000006')).toBe(0)
  })

  it('refuses anything but eleven ASCII digits', () => {
    expect(() => computeMyNumberCheckDigit('1234567890')).toThrow(RangeError)
    expect(() => computeMyNumberCheckDigit('123456789018')).toThrow(RangeError)
  })
})

describe('isValidMyNumber', () => {
  it('accepts the sample number with spaces, hyphens or full-width digits', () => {
    expect(isValidMyNumber(SAMPLE)).toBe(true)
    expect(isValidMyNumber('1234 5678 9018')).toBe(true)
    expect(isValidMyNumber('1234-5678-9018')).toBe(true)
    expect(isValidMyNumber('１２３４ ５６７８ ９０１８')).toBe(true)
  })

  it('accepts generated numbers with a computed check digit', () => {
    for (const body of generateElevenDigitBodies(200)) {
      expect(isValidMyNumber(`${body}${computeMyNumberCheckDigit(body)}`), body).toBe(true)
    }
  })

  it('rejects a check digit that is off by one', () => {
    expect(isValidMyNumber('123456789017')).toBe(false)
    expect(isValidMyNumber('123456789019')).toBe(false)
  })

  it('rejects the sample with any single digit of its body off by one', () => {
    for (let position = 0; position < 11; position++) {
      const changed = String((Number(SAMPLE[position]) + 1) % 10)
      const mistyped = SAMPLE.slice(0, position) + changed + SAMPLE.slice(position + 1)
      expect(isValidMyNumber(mistyped), mistyped).toBe(false)
    }
  })

  it('rejects the wrong length and letters', () => {
    expect(isValidMyNumber('12345678901')).toBe(false)
    expect(isValidMyNumber('1234567890180')).toBe(false)
    expect(isValidMyNumber('12345678901a')).toBe(false)
    expect(isValidMyNumber('')).toBe(false)
  })
})

describe('maskMyNumber', () => {
  it('shows only the last four digits', () => {
    expect(maskMyNumber(SAMPLE)).toBe('********9018')
    expect(maskMyNumber('1234 5678 9018')).toBe('********9018')
    expect(maskMyNumber('１２３４-５６７８-９０１８')).toBe('********9018')
  })

  it('masks short input entirely', () => {
    expect(maskMyNumber('9018')).toBe('****')
    expect(maskMyNumber('')).toBe('')
  })
})
