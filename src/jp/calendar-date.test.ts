import { describe, it, expect } from 'vitest'
import { addCalendarDays, findIsoDateParts, isRealDate, toDayOfWeek, toIsoDate } from './calendar-date.js'

describe('toIsoDate', () => {
  it('reads a Date on the Tokyo calendar, not in UTC or the host time zone', () => {
    expect(toIsoDate(new Date('2025-03-31T15:00:00Z'))).toBe('2025-04-01')
    expect(toIsoDate(new Date('2025-03-31T14:59:59Z'))).toBe('2025-03-31')
  })

  it('honours the daylight-saving time Japan observed in 1949', () => {
    // 14:30 UTC was 00:30 the next day under JDT (UTC+10), 23:30 under plain JST.
    expect(toIsoDate(new Date('1949-07-01T14:30:00Z'))).toBe('1949-07-02')
  })

  it('returns a valid date string unchanged', () => {
    expect(toIsoDate('2024-02-29')).toBe('2024-02-29')
  })

  it('rejects malformed strings, impossible days and invalid Dates', () => {
    expect(() => toIsoDate('2025-4-1')).toThrow(RangeError)
    expect(() => toIsoDate('2025-02-29')).toThrow(RangeError)
    expect(() => toIsoDate(new Date('nonsense'))).toThrow(RangeError)
  })
})

describe('calendar arithmetic', () => {
  it('knows which days exist, including leap days', () => {
    expect(isRealDate(2024, 2, 29)).toBe(true)
    expect(isRealDate(2025, 2, 29)).toBe(false)
    expect(isRealDate(1900, 2, 29)).toBe(false)
    expect(isRealDate(2000, 2, 29)).toBe(true)
    expect(isRealDate(2025, 13, 1)).toBe(false)
    expect(findIsoDateParts('2025-04-31')).toBeUndefined()
  })

  it('adds days across month and year ends and goes back with negative counts', () => {
    expect(addCalendarDays('2025-12-31', 1)).toBe('2026-01-01')
    expect(addCalendarDays('2024-03-01', -1)).toBe('2024-02-29')
    expect(addCalendarDays('2025-01-01', 365)).toBe('2026-01-01')
  })

  it('gives the day of the week of a calendar day', () => {
    expect(toDayOfWeek('2025-04-01')).toBe(2)
    expect(toDayOfWeek('2026-01-04')).toBe(0)
  })
})
