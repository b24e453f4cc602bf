import { describe, it, expect } from 'vitest'
import {
  addBusinessDays, holidayName, isNationalHoliday, isOpenBusinessDay, isYearEndClosure, listHolidays,
} from './holidays.js'

describe('national holidays', () => {
  it('knows the fixed and Happy Monday holidays of 2025 and 2026', () => {
    expect(holidayName('2025-01-01')).toBe('元日')
    expect(holidayName('2025-01-13')).toBe('成人の日')
    expect(holidayName('2025-09-15')).toBe('敬老の日')
    expect(holidayName('2026-02-23')).toBe('天皇誕生日')
    expect(holidayName('2026-10-12')).toBe('スポーツの日')
  })

  it('names substitute holidays 振替休日', () => {
    expect(holidayName('2025-02-24')).toBe('振替休日')
    expect(holidayName('2025-05-06')).toBe('振替休日')
    expect(holidayName('2025-11-24')).toBe('振替休日')
    expect(holidayName('2026-05-06')).toBe('振替休日')
  })

  it('names a day between two holidays 国民の休日', () => {
    expect(isNationalHoliday('2026-09-22')).toBe(true)
    expect(holidayName('2026-09-22')).toBe('国民の休日')
  })

  it('names the one-off holidays of the 2019 enthronement', () => {
    expect(holidayName('2019-05-01')).toBe('天皇の即位の日')
    expect(holidayName('2019-10-22')).toBe('即位礼正殿の儀')
    expect(holidayName('2019-04-30')).toBe('国民の休日')
  })

  it('finds no holiday on ordinary days', () => {
    expect(isNationalHoliday('2025-04-01')).toBe(false)
    expect(holidayName('2025-04-01')).toBeUndefined()
    expect(isNationalHoliday('2026-02-24')).toBe(false)
  })

  it('reads a Date on the Tokyo calendar', () => {
    expect(holidayName(new Date('2025-12-31T15:00:00Z'))).toBe('元日')
    expect(isNationalHoliday(new Date('2025-12-31T14:59:59Z'))).toBe(false)
  })

  it('lists holidays in a range, both ends included, in date order', () => {
    expect(listHolidays('2026-09-21', '2026-09-23')).toEqual([
      { date: '2026-09-21', name: '敬老の日' },
      { date: '2026-09-22', name: '国民の休日' },
      { date: '2026-09-23', name: '秋分の日' },
    ])
    expect(listHolidays('2025-01-01', '2025-12-31')).toHaveLength(19)
    expect(listHolidays('2026-01-01', '2026-12-31')).toHaveLength(18)
    expect(listHolidays('2025-06-01', '2025-06-30')).toEqual([])
  })
})

describe('town hall business days', () => {
  it('closes from 29 December to 3 January', () => {
    expect(isYearEndClosure('2025-12-28')).toBe(false)
    expect(isYearEndClosure('2025-12-29')).toBe(true)
    expect(isYearEndClosure('2026-01-03')).toBe(true)
    expect(isYearEndClosure('2026-01-04')).toBe(false)
  })

  it('opens on weekdays that are neither holidays nor 年末年始', () => {
    expect(isOpenBusinessDay('2025-04-01')).toBe(true)
    expect(isOpenBusinessDay('2025-04-05')).toBe(false)
    expect(isOpenBusinessDay('2025-04-06')).toBe(false)
    expect(isOpenBusinessDay('2025-11-24')).toBe(false)
    expect(isOpenBusinessDay('2025-12-29')).toBe(false)
    expect(isOpenBusinessDay('2026-01-05')).toBe(true)
  })

  it('skips weekends, holidays and 年末年始 when adding business days', () => {
    expect(addBusinessDays('2025-04-01', 1)).toBe('2025-04-02')
    expect(addBusinessDays('2025-12-26', 1)).toBe('2026-01-05')
    expect(addBusinessDays('2025-04-25', 3)).toBe('2025-05-01')
    expect(addBusinessDays('2026-09-18', 1)).toBe('2026-09-24')
  })

  it('counts back with negative numbers and stays put with zero', () => {
    expect(addBusinessDays('2026-01-05', -1)).toBe('2025-12-26')
    expect(addBusinessDays('2025-12-30', 0)).toBe('2025-12-30')
  })

  it('refuses fractional business days', () => {
    expect(() => addBusinessDays('2025-04-01', 1.5)).toThrow(RangeError)
  })
})
