import { describe, it, expect } from 'vitest'
import { formatPhoneNumber, isValidPhoneNumber, normalizePhoneNumber } from './phone.js'

describe('normalizePhoneNumber', () => {
  it('strips hyphens, spaces and parentheses and folds full-width digits', () => {
    expect(normalizePhoneNumber('090-1234-5678')).toBe('09012345678')
    expect(normalizePhoneNumber('０９０ー１２３４ー５６７８')).toBe('09012345678')
    expect(normalizePhoneNumber('03(1234)5678')).toBe('0312345678')
    expect(normalizePhoneNumber(' 03 1234 5678 ')).toBe('0312345678')
  })

  it('turns +81 into the domestic trunk 0 without doubling a bracketed 0', () => {
    expect(normalizePhoneNumber('+81 90-1234-5678')).toBe('09012345678')
    expect(normalizePhoneNumber('+81-3-1234-5678')).toBe('0312345678')
    expect(normalizePhoneNumber('+81 (0)3-1234-5678')).toBe('0312345678')
  })

  it('returns undefined when something other than digits remains', () => {
    expect(normalizePhoneNumber('090-1234-567x')).toBeUndefined()
    expect(normalizePhoneNumber('+1 415 555 0100')).toBeUndefined()
    expect(normalizePhoneNumber('')).toBeUndefined()
  })
})

describe('isValidPhoneNumber', () => {
  it('accepts 11-digit mobile, IP and 0800 numbers', () => {
    for (const number of ['090-1234-5678', '080-1234-5678', '070-1234-5678', '050-1234-5678', '020-1234-5678', '0800-123-4567']) {
      expect(isValidPhoneNumber(number), number).toBe(true)
    }
  })

  it('accepts 10-digit landlines with area codes of any length and service numbers', () => {
    for (const number of ['03-1234-5678', '06-1234-5678', '011-123-4567', '0422-12-3456', '04992-1-2345', '0120-123-456', '0570-123-456']) {
      expect(isValidPhoneNumber(number), number).toBe(true)
    }
  })

  it('rejects numbers of the wrong length or with unused prefixes', () => {
    for (const number of ['090-1234-567', '090-1234-56789', '03-1234-567', '060-1234-5678', '010-1234-5678',
      '090-123-4567', '0012345678', '1234567890', '110', '03-0123-4567']) {
      expect(isValidPhoneNumber(number), number).toBe(false)
    }
  })
})

describe('formatPhoneNumber', () => {
  it('writes mobiles and IP phones as 3-4-4', () => {
    expect(formatPhoneNumber('09012345678')).toBe('090-1234-5678')
    expect(formatPhoneNumber('+81 80 1234 5678')).toBe('080-1234-5678')
    expect(formatPhoneNumber('０５０１２３４５６７８')).toBe('050-1234-5678')
  })

  it('writes toll-free and Tokyo or Osaka numbers by their fixed split', () => {
    expect(formatPhoneNumber('0120123456')).toBe('0120-123-456')
    expect(formatPhoneNumber('08001234567')).toBe('0800-123-4567')
    expect(formatPhoneNumber('0312345678')).toBe('03-1234-5678')
    expect(formatPhoneNumber('0612345678')).toBe('06-1234-5678')
  })

  it('leaves other landlines as bare digits rather than guess the area code', () => {
    expect(formatPhoneNumber('0422-12-3456')).toBe('0422123456')
  })

  it('returns undefined for invalid numbers', () => {
    expect(formatPhoneNumber('090-1234-567')).toBeUndefined()
  })
})
