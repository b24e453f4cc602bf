import { describe, it, expect } from 'vitest'
import { completeLgCode, computeLgCheckDigit, isValidLgCode, normalizeLgCode } from './lg-code.js'

// Published codes of real local governments (総務省 全国地方公共団体コード).
const REAL_CODES = {
  北海道: '010006',
  札幌市: '011002',
  東京都: '130001',
  千代田区: '131016',
  新宿区: '131041',
  渋谷区: '131130',
  横浜市: '141003',
  三条市: '152048',
  長野市: '202011',
  大阪市: '271004',
  福岡市: '401307',
  志免町: '403458',
}

describe('computeLgCheckDigit', () => {
  it('matches the check digit of every published code', () => {
    for (const [name, code] of Object.entries(REAL_CODES)) {
      expect(computeLgCheckDigit(code.slice(0, 5)), name).toBe(Number(code[5]))
    }
  })

  it('gives 1 when the weighted sum is a multiple of 11 and 0 when it leaves 1', () => {
    // 新宿区 13104: 6+15+4+0+8 = 33; 渋谷区 13113: 6+15+4+3+6 = 34.
    expect(computeLgCheckDigit('13104')).toBe(1)
    expect(computeLgCheckDigit('13113')).toBe(0)
  })

  it('refuses anything but five ASCII digits', () => {
    expect(() => computeLgCheckDigit('1310')).toThrow(RangeError)
    expect(() => computeLgCheckDigit('131016')).toThrow(RangeError)
    expect(() => computeLgCheckDigit('１３１０１')).toThrow(RangeError)
  })
})

describe('isValidLgCode', () => {
  it('accepts every published code', () => {
    for (const code of Object.values(REAL_CODES)) expect(isValidLgCode(code), code).toBe(true)
  })

  it('rejects a wrong check digit, wrong length, unknown prefectures and unnormalised text', () => {
    expect(isValidLgCode('131017')).toBe(false)
    expect(isValidLgCode('131040')).toBe(false)
    expect(isValidLgCode('13101')).toBe(false)
    expect(isValidLgCode('000001')).toBe(false)
    expect(isValidLgCode(completeLgCode('48100'))).toBe(false)
    expect(isValidLgCode('131-016')).toBe(false)
  })
})

describe('completeLgCode and normalizeLgCode', () => {
  it('completes a 5-digit JIS code with its check digit', () => {
    expect(completeLgCode('13101')).toBe('131016')
    expect(completeLgCode('40345')).toBe('403458')
  })

  it('cleans full-width digits, spaces and hyphens and completes 5-digit codes', () => {
    expect(normalizeLgCode('１３１０１６')).toBe('131016')
    expect(normalizeLgCode(' 13-1016 ')).toBe('131016')
    expect(normalizeLgCode('13101')).toBe('131016')
    expect(normalizeLgCode('０１１００')).toBe('011002')
  })

  it('returns undefined for codes that are not valid', () => {
    expect(normalizeLgCode('131017')).toBeUndefined()
    expect(normalizeLgCode('1310')).toBeUndefined()
    expect(normalizeLgCode('00000')).toBeUndefined()
    expect(normalizeLgCode('新宿区')).toBeUndefined()
    expect(normalizeLgCode('')).toBeUndefined()
  })
})
