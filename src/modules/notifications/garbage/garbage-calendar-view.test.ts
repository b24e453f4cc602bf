import { describe, expect, it } from 'vitest'
import { buildMonthWeeks, closureRange, formatDay, labelDistricts, parseMonth, shiftMonth } from './garbage-calendar-view.js'
import { GarbageCalendarSchema } from './garbage-rules.js'

describe('buildMonthWeeks', () => {
  it('lays out January 2027 from Friday the 1st in Sunday-first weeks', () => {
    const weeks = buildMonthWeeks(2027, 1)
    expect(weeks).toHaveLength(6)
    expect(weeks[0]).toEqual([undefined, undefined, undefined, undefined, undefined, '2027-01-01', '2027-01-02'])
    expect(weeks[2]?.[1]).toBe('2027-01-11')
    expect(weeks[5]).toEqual(['2027-01-31', undefined, undefined, undefined, undefined, undefined, undefined])
    expect(weeks.every(week => week.length === 7)).toBe(true)
  })

  it('handles February 2027, which fills exactly four weeks from a Monday', () => {
    const weeks = buildMonthWeeks(2027, 2)
    expect(weeks[0]?.[1]).toBe('2027-02-01')
    expect(weeks.flat().filter(Boolean)).toHaveLength(28)
  })
})

describe('months', () => {
  it('parses YYYY-MM and refuses nonsense', () => {
    expect(parseMonth('2027-05')).toEqual({ year: 2027, month: 5 })
    expect(parseMonth('2027-13')).toBeUndefined()
    expect(parseMonth('27-05')).toBeUndefined()
    expect(parseMonth(undefined)).toBeUndefined()
  })

  it('shifts across years', () => {
    expect(shiftMonth(2026, 12, 1)).toEqual({ year: 2027, month: 1 })
    expect(shiftMonth(2027, 1, -1)).toEqual({ year: 2026, month: 12 })
  })
})

describe('closureRange', () => {
  it('names the coming closure before it and the current one during it', () => {
    expect(closureRange('2026-11-23', 'dec-29')).toEqual({ from: '2026-12-29', to: '2027-01-03' })
    expect(closureRange('2027-01-02', 'dec-29')).toEqual({ from: '2026-12-29', to: '2027-01-03' })
    expect(closureRange('2027-01-04', 'dec-31')).toEqual({ from: '2027-12-31', to: '2028-01-03' })
  })
})

describe('formatDay', () => {
  it('writes dates for Japanese and English readers', () => {
    expect(formatDay('2027-01-11', 'ja')).toBe('1月11日(月)')
    expect(formatDay('2027-01-11', 'en')).toBe('Mon 11 Jan')
  })
})

describe('labelDistricts', () => {
  it('names known codes from the districts table, in its order, and keeps unknown codes last', () => {
    const calendar = GarbageCalendarSchema.parse({
      rules: [
        { district: 'zz-9', type: '燃えるごみ', schedule: { kind: 'weekly', daysOfWeek: [1] } },
        { district: 'chuo-2', type: '燃えるごみ', schedule: { kind: 'weekly', daysOfWeek: [2] } },
        { district: 'chuo-1', type: '燃えるごみ', schedule: { kind: 'weekly', daysOfWeek: [1] } },
      ],
    })
    const districts = [
      { id: 'a', code: 'chuo-1', names: { ja: '中央一丁目', en: 'Chuo 1' } },
      { id: 'b', code: 'chuo-2', names: { ja: '中央二丁目' } },
      { id: 'c', code: 'kita-1', names: { ja: '北一丁目' } },
    ]
    expect(labelDistricts(calendar, districts, 'en')).toEqual([
      { code: 'chuo-1', id: 'a', name: 'Chuo 1' },
      { code: 'chuo-2', id: 'b', name: '中央二丁目' },
      { code: 'zz-9', name: 'zz-9' },
    ])
  })
})
