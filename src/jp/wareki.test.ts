import { describe, it, expect } from 'vitest'
import { ERAS, findEra, formatWareki, formatWarekiYear, parseWareki } from './wareki.js'

const japaneseCalendar = new Intl.DateTimeFormat('ja-JP-u-ca-japanese', {
  era: 'long', year: 'numeric', month: 'numeric', day: 'numeric', timeZone: 'Asia/Tokyo',
})

function intlKnowsReiwa(): boolean {
  return japaneseCalendar.resolvedOptions().calendar === 'japanese' &&
    japaneseCalendar.format(new Date('2019-05-01T12:00:00+09:00')).includes('令和')
}

describe('formatWareki', () => {
  it('writes the first year of an era as 元年', () => {
    expect(formatWareki('2019-05-01')).toBe('令和元年5月1日')
    expect(formatWareki('1989-01-08')).toBe('平成元年1月8日')
  })

  it('writes the last day of an era in that era', () => {
    expect(formatWareki('2019-04-30')).toBe('平成31年4月30日')
    expect(formatWareki('1989-01-07')).toBe('昭和64年1月7日')
    expect(formatWareki('1926-12-24')).toBe('大正15年12月24日')
    expect(formatWareki('1926-12-25')).toBe('昭和元年12月25日')
    expect(formatWareki('1912-07-29')).toBe('明治45年7月29日')
    expect(formatWareki('1912-07-30')).toBe('大正元年7月30日')
  })

  it('writes the short style with era initials and plain year numbers', () => {
    expect(formatWareki('2019-05-01', { style: 'short' })).toBe('R1.5.1')
    expect(formatWareki('2019-04-30', { style: 'short' })).toBe('H31.4.30')
    expect(formatWareki('2025-04-01', { style: 'short' })).toBe('R7.4.1')
  })

  it('reads a Date on the Tokyo calendar', () => {
    // 2019-04-30T15:00Z is midnight on 1 May in Tokyo, the first minute of 令和.
    expect(formatWareki(new Date('2019-04-30T15:00:00Z'))).toBe('令和元年5月1日')
    expect(formatWareki(new Date('2019-04-30T14:59:59Z'))).toBe('平成31年4月30日')
  })

  it('refuses dates before 明治 and malformed dates', () => {
    expect(() => formatWareki('1868-01-24')).toThrow(RangeError)
    expect(formatWareki('1868-01-25')).toBe('明治元年1月25日')
    expect(() => formatWareki('2025-02-30')).toThrow(RangeError)
  })

  // Skipped, not passed, on runtimes whose ICU lacks the japanese calendar or 令和.
  it.runIf(intlKnowsReiwa())('agrees with Intl’s japanese calendar where the runtime supports it', () => {
    // Gregorian-era dates only: before 1873 Intl and Yakuba disagree on purpose about 明治.
    for (const iso of ['1912-07-29', '1912-07-30', '1926-12-25', '1989-01-07', '1989-01-08',
      '2019-04-30', '2019-05-01', '2025-04-01', '1950-06-15']) {
      const parts = japaneseCalendar.formatToParts(new Date(`${iso}T12:00:00+09:00`))
      const pick = (type: string) => parts.find(part => part.type === type)?.value ?? ''
      const year = pick('year') === '元' ? '1' : pick('year')
      const initial = ERAS.find(era => era.name === pick('era'))?.initial ?? '?'
      expect(`${initial}${year}.${pick('month')}.${pick('day')}`, iso).toBe(formatWareki(iso, { style: 'short' }))
    }
  })
})

describe('parseWareki', () => {
  it('reads kanji dates including 元年', () => {
    expect(parseWareki('令和7年4月1日')).toBe('2025-04-01')
    expect(parseWareki('令和元年5月1日')).toBe('2019-05-01')
    expect(parseWareki('昭和64年1月7日')).toBe('1989-01-07')
  })

  it('reads initials in either case with dots, slashes or hyphens', () => {
    expect(parseWareki('R7.4.1')).toBe('2025-04-01')
    expect(parseWareki('r7/4/1')).toBe('2025-04-01')
    expect(parseWareki('H31.4.30')).toBe('2019-04-30')
    expect(parseWareki('s64-1-7')).toBe('1989-01-07')
    expect(parseWareki('平31.4.30')).toBe('2019-04-30')
  })

  it('reads full-width digits, spaces and the square era characters', () => {
    expect(parseWareki('令和 ７ 年 ４ 月 １ 日')).toBe('2025-04-01')
    expect(parseWareki('Ｒ０７．０４．０１')).toBe('2025-04-01')
    expect(parseWareki('㍻31年4月30日')).toBe('2019-04-30')
    expect(parseWareki('㋿元年5月1日')).toBe('2019-05-01')
  })

  it('rejects days outside their era', () => {
    expect(parseWareki('令和1年4月30日')).toBeUndefined()
    expect(parseWareki('平成31年5月1日')).toBeUndefined()
    expect(parseWareki('昭和64年1月8日')).toBeUndefined()
    expect(parseWareki('明治元年1月1日')).toBeUndefined()
  })

  it('rejects days that do not exist and text that is not a date', () => {
    expect(parseWareki('令和7年2月30日')).toBeUndefined()
    expect(parseWareki('令和6年2月29日')).toBe('2024-02-29')
    expect(parseWareki('令和0年4月1日')).toBeUndefined()
    expect(parseWareki('R7.4/1')).toBeUndefined()
    expect(parseWareki('2025-04-01')).toBeUndefined()
    expect(parseWareki('')).toBeUndefined()
  })

  it('round-trips every era boundary through formatWareki', () => {
    for (const era of ERAS) {
      expect(parseWareki(formatWareki(era.start))).toBe(era.start)
      expect(parseWareki(formatWareki(era.start, { style: 'short' }))).toBe(era.start)
    }
  })
})

describe('formatWarekiYear', () => {
  it('names both eras in a year when the era changed', () => {
    expect(formatWarekiYear(2019)).toBe('平成31年/令和元年')
    expect(formatWarekiYear(1989)).toBe('昭和64年/平成元年')
    expect(formatWarekiYear(1926)).toBe('大正15年/昭和元年')
  })

  it('names one era in an ordinary year', () => {
    expect(formatWarekiYear(2025)).toBe('令和7年')
    expect(formatWarekiYear(2020)).toBe('令和2年')
    expect(formatWarekiYear(1868)).toBe('明治元年')
  })

  it('refuses years before 明治 and non-integers', () => {
    expect(() => formatWarekiYear(1867)).toThrow(RangeError)
    expect(() => formatWarekiYear(2019.5)).toThrow(RangeError)
  })

  it('finds the era of a day', () => {
    expect(findEra('2019-05-01')?.name).toBe('令和')
    expect(findEra('1800-01-01')).toBeUndefined()
  })
})
