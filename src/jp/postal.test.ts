import { describe, it, expect } from 'vitest'
import { formatPostalCode, lookupAddress, normalizePostalCode } from './postal.js'

describe('normalizePostalCode', () => {
  it('accepts hyphenated, full-width, 〒-prefixed and bare codes', () => {
    expect(normalizePostalCode('100-0001')).toBe('1000001')
    expect(normalizePostalCode('１００－０００１')).toBe('1000001')
    expect(normalizePostalCode('〒100-0001')).toBe('1000001')
    expect(normalizePostalCode('〒 100 - 0001 ')).toBe('1000001')
    expect(normalizePostalCode('1000001')).toBe('1000001')
    expect(normalizePostalCode('100ー0001')).toBe('1000001')
  })

  it('rejects codes with the wrong number or grouping of digits', () => {
    expect(normalizePostalCode('100-001')).toBeUndefined()
    expect(normalizePostalCode('10000011')).toBeUndefined()
    expect(normalizePostalCode('1000-001')).toBeUndefined()
    expect(normalizePostalCode('abc-defg')).toBeUndefined()
    expect(normalizePostalCode('')).toBeUndefined()
  })
})

describe('formatPostalCode', () => {
  it('writes codes as three digits, a hyphen and four digits', () => {
    expect(formatPostalCode('1000001')).toBe('100-0001')
    expect(formatPostalCode('〒０６００００１')).toBe('060-0001')
    expect(formatPostalCode('12345')).toBeUndefined()
  })
})

describe('lookupAddress', () => {
  it('finds the address of a central Tokyo code', async () => {
    expect(await lookupAddress('100-0001')).toEqual([{ prefecture: '東京都', city: '千代田区', town: '千代田' }])
  })

  it('finds a Sapporo town and gives an empty town for a city-wide code', async () => {
    expect(await lookupAddress('064-0941')).toEqual([{ prefecture: '北海道', city: '札幌市中央区', town: '旭ケ丘' }])
    expect(await lookupAddress('060-0000')).toEqual([{ prefecture: '北海道', city: '札幌市中央区', town: '' }])
  })

  it('returns every town and city one code covers', async () => {
    const kasuga = await lookupAddress('452-0961')
    expect(kasuga.length).toBeGreaterThan(10)
    expect(kasuga.every(address => address.city === '清須市')).toBe(true)
    expect(await lookupAddress('498-0000')).toEqual([
      { prefecture: '愛知県', city: '弥富市', town: '' },
      { prefecture: '三重県', city: '桑名郡木曽岬町', town: '' },
    ])
  })

  it('returns nothing for unknown or malformed codes', async () => {
    expect(await lookupAddress('999-9999')).toEqual([])
    expect(await lookupAddress('000-0000')).toEqual([])
    expect(await lookupAddress('abc')).toEqual([])
    // The package zero-pads short input; a 5-digit code must not match 000-1234-style rows.
    expect(await lookupAddress('10000')).toEqual([])
  })
})
