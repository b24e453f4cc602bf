import { describe, it, expect } from 'vitest'
import * as jp from './index.js'

describe('the jp entry point', () => {
  it('exposes every public helper as a function', () => {
    const names = [
      'toIsoDate', 'addCalendarDays', 'toDayOfWeek', 'findEra', 'formatWareki', 'parseWareki', 'formatWarekiYear',
      'normalizeText', 'isKatakana', 'isHiragana', 'toKatakana', 'toHiragana',
      'normalizePostalCode', 'formatPostalCode', 'lookupAddress', 'warmPostalCodeData',
      'computeLgCheckDigit', 'completeLgCode', 'isValidLgCode', 'normalizeLgCode',
      'computeMyNumberCheckDigit', 'isValidMyNumber', 'maskMyNumber',
      'isNationalHoliday', 'holidayName', 'listHolidays', 'isYearEndClosure', 'isOpenBusinessDay', 'addBusinessDays',
      'normalizePhoneNumber', 'isValidPhoneNumber', 'formatPhoneNumber',
    ] as const
    for (const name of names) expect(typeof jp[name], name).toBe('function')
  })

  it('lets modules combine helpers, e.g. a deadline written in 和暦', () => {
    expect(jp.formatWareki(jp.addBusinessDays('2025-12-26', 1))).toBe('令和8年1月5日')
  })
})
