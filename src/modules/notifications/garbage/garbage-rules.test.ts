import { describe, expect, it } from 'vitest'
import { holidayName } from '../../../jp/holidays.js'
import { collectionDays, GarbageCalendarSchema, isGarbageClosureDay, nextCollections, reminderTimes, type GarbageCalendar, type HolidayPolicy } from './garbage-rules.js'

const MON = 1
const WED = 3
const THU = 4

function calendarWith(holidayPolicy: HolidayPolicy): GarbageCalendar {
  return GarbageCalendarSchema.parse({
    rules: [{ district: '東地区', type: '燃えるごみ', schedule: { kind: 'weekly', daysOfWeek: [MON, THU] }, holidayPolicy }],
  })
}

const dates = (list: { date: string }[]) => list.map(collection => collection.date)

describe('collectionDays around 敬老の日 2026 (Mon 9/21, then 国民の休日 9/22 and 秋分の日 9/23)', () => {
  it('uses the real 2026 holidays', () => {
    expect([holidayName('2026-09-21'), holidayName('2026-09-22'), holidayName('2026-09-23')]).toEqual(['敬老の日', '国民の休日', '秋分の日'])
  })

  it('collects on the holiday with "collect"', () => {
    expect(dates(collectionDays(calendarWith('collect'), '東地区', '2026-09-17', '2026-09-28'))).toEqual(['2026-09-17', '2026-09-21', '2026-09-24', '2026-09-28'])
  })

  it('drops the holiday with "skip"', () => {
    expect(dates(collectionDays(calendarWith('skip'), '東地区', '2026-09-17', '2026-09-28'))).toEqual(['2026-09-17', '2026-09-24', '2026-09-28'])
  })

  it('moves past the whole holiday run with "next-business-day", merging with the Thursday', () => {
    const days = collectionDays(calendarWith('next-business-day'), '東地区', '2026-09-17', '2026-09-28')
    expect(days).toEqual([
      { date: '2026-09-17', type: '燃えるごみ' },
      { date: '2026-09-24', type: '燃えるごみ', movedFrom: '2026-09-21' },
      { date: '2026-09-28', type: '燃えるごみ' },
    ])
  })

  it('brings in a collection moved from before the range', () => {
    const calendar = GarbageCalendarSchema.parse({
      rules: [{ district: '東地区', type: 'びん・缶', schedule: { kind: 'weekly', daysOfWeek: [MON] }, holidayPolicy: 'next-business-day' }],
    })
    expect(collectionDays(calendar, '東地区', '2026-09-22', '2026-09-25')).toEqual([{ date: '2026-09-24', type: 'びん・缶', movedFrom: '2026-09-21' }])
  })

  it('keeps other districts out and returns nothing for a reversed range', () => {
    expect(collectionDays(calendarWith('collect'), '西地区', '2026-09-01', '2026-09-30')).toEqual([])
    expect(collectionDays(calendarWith('collect'), '東地区', '2026-09-30', '2026-09-01')).toEqual([])
  })
})

describe('nthWeekday, monthly and explicit dates', () => {
  const calendar = GarbageCalendarSchema.parse({
    rules: [
      { district: '東地区', type: '資源ごみ', schedule: { kind: 'nthWeekday', dayOfWeek: WED, weeks: [2, 4] }, note: '新聞・雑誌' },
      { district: '東地区', type: '有害ごみ', schedule: { kind: 'monthlyDates', days: [31] } },
      { district: '東地区', type: '粗大ごみ', schedule: { kind: 'explicitDates', dates: ['2026-10-05', '2026-11-16'] }, holidayPolicy: 'skip' },
    ],
  })

  it('collects on the 2nd and 4th Wednesday across months', () => {
    const days = collectionDays(calendar, '東地区', '2026-09-01', '2026-12-31').filter(collection => collection.type === '資源ごみ')
    expect(dates(days)).toEqual(['2026-09-09', '2026-09-23', '2026-10-14', '2026-10-28', '2026-11-11', '2026-11-25', '2026-12-09', '2026-12-23'])
    expect(days[0]?.note).toBe('新聞・雑誌')
  })

  it('skips months without the 31st and the year-end 31st', () => {
    const days = collectionDays(calendar, '東地区', '2026-09-01', '2027-01-31').filter(collection => collection.type === '有害ごみ')
    expect(dates(days)).toEqual(['2026-10-31', '2027-01-31'])
  })

  it('applies the holiday policy to explicit dates too (2026-11-16 is no holiday, 2026-10-05 neither)', () => {
    const days = collectionDays(calendar, '東地区', '2026-10-01', '2026-11-30').filter(collection => collection.type === '粗大ごみ')
    expect(dates(days)).toEqual(['2026-10-05', '2026-11-16'])
    const skipped = GarbageCalendarSchema.parse({
      rules: [{ district: '東地区', type: '粗大ごみ', schedule: { kind: 'explicitDates', dates: ['2026-11-03', '2026-11-16'] }, holidayPolicy: 'skip' }],
    })
    expect(dates(collectionDays(skipped, '東地区', '2026-11-01', '2026-11-30'))).toEqual(['2026-11-16'])
  })
})

describe('年末年始 2026-12-31 .. 2027-01-03 and exceptions', () => {
  const base = {
    rules: [
      { district: '東地区', type: '燃えるごみ', schedule: { kind: 'weekly', daysOfWeek: [MON, THU] }, holidayPolicy: 'next-business-day' },
      { district: '東地区', type: 'プラスチック', schedule: { kind: 'weekly', daysOfWeek: [2, 5] } },
    ],
    exceptions: [
      { district: '東地区', date: '2027-01-02', action: 'add', type: '燃えるごみ', note: '年始臨時収集' },
      { district: '東地区', date: '2027-01-08', action: 'cancel', type: 'プラスチック' },
    ],
  }

  it('stops from 12/31 by default, collects the explicit extra day and drops the cancellation', () => {
    const days = collectionDays(GarbageCalendarSchema.parse(base), '東地区', '2026-12-28', '2027-01-08')
    expect(days.map(collection => `${collection.date} ${collection.type}`)).toEqual([
      '2026-12-28 燃えるごみ',
      '2026-12-29 プラスチック',
      '2027-01-02 燃えるごみ',
      '2027-01-04 燃えるごみ',
      '2027-01-05 プラスチック',
      '2027-01-07 燃えるごみ',
    ])
    expect(days.find(collection => collection.date === '2027-01-02')?.note).toBe('年始臨時収集')
  })

  it('stops from 12/29 when the tenant says so', () => {
    const days = collectionDays(GarbageCalendarSchema.parse({ ...base, yearEndClosure: 'dec-29' }), '東地区', '2026-12-28', '2027-01-04')
    expect(days.map(collection => `${collection.date} ${collection.type}`)).toEqual(['2026-12-28 燃えるごみ', '2027-01-02 燃えるごみ', '2027-01-04 燃えるごみ'])
  })

  it('a cancellation without a type removes every type that day', () => {
    const calendar = GarbageCalendarSchema.parse({ ...base, exceptions: [{ district: '東地区', date: '2027-01-05', action: 'cancel' }] })
    expect(collectionDays(calendar, '東地区', '2027-01-05', '2027-01-05')).toEqual([])
  })

  it('rejects an added day without a type', () => {
    expect(GarbageCalendarSchema.safeParse({ rules: [], exceptions: [{ district: '東', date: '2027-01-02', action: 'add' }] }).success).toBe(false)
  })

  it('knows both closures', () => {
    expect(isGarbageClosureDay('2026-12-30')).toBe(false)
    expect(isGarbageClosureDay('2026-12-30', 'dec-29')).toBe(true)
    expect(isGarbageClosureDay('2027-01-03')).toBe(true)
    expect(isGarbageClosureDay('2027-01-04')).toBe(false)
  })
})

describe('nextCollections', () => {
  it('returns the next n from today, today included', () => {
    const next = nextCollections(calendarWith('skip'), '東地区', '2026-09-17', 3)
    expect(dates(next)).toEqual(['2026-09-17', '2026-09-24', '2026-09-28'])
  })

  it('crosses several windows and the year end', () => {
    const next = nextCollections(calendarWith('collect'), '東地区', '2026-10-01', 30)
    expect(next).toHaveLength(30)
    expect(next.at(-1)?.date.localeCompare('2026-12-31')).toBe(1)
    expect(dates(next)).not.toContain('2026-12-31')
  })

  it('returns nothing for no rules or n ≤ 0', () => {
    expect(nextCollections(GarbageCalendarSchema.parse({ rules: [] }), '東地区', '2026-10-01', 3)).toEqual([])
    expect(nextCollections(calendarWith('collect'), '東地区', '2026-10-01', 0)).toEqual([])
  })
})

describe('reminderTimes', () => {
  it('sends the evening before at 19:00 Tokyo and the same morning at 06:30 Tokyo', () => {
    expect(reminderTimes('2026-09-24', 'evening-before').map(at => at.toISOString())).toEqual(['2026-09-23T10:00:00.000Z'])
    expect(reminderTimes('2026-09-24', 'same-morning').map(at => at.toISOString())).toEqual(['2026-09-23T21:30:00.000Z'])
  })

  it('crosses the year and honours tenant settings, in time order', () => {
    const times = reminderTimes('2027-01-01', ['same-morning', 'evening-before'], { eveningBeforeAt: '20:15', sameMorningAt: '05:00' })
    expect(times.map(at => at.toISOString())).toEqual(['2026-12-31T11:15:00.000Z', '2026-12-31T20:00:00.000Z'])
  })
})
