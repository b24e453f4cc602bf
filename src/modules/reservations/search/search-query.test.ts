import { describe, expect, it } from 'vitest'
import { parseCalendarRange, parseDate, parseSearchQuery, parseWeekStart, parseWholeNumber, searchQueryString } from './search-query.js'

const TODAY = '2026-04-10'

function errorsOf(raw: Record<string, unknown>) {
  const parsed = parseSearchQuery(raw, TODAY)
  return parsed.isValid ? [] : parsed.errors.map(error => `${error.field}:${error.messageKey}`)
}

describe('the search form query', () => {
  it('searches the next seven days from today when nothing is given', () => {
    const parsed = parseSearchQuery({}, TODAY)
    expect(parsed).toMatchObject({ isValid: true, query: { from: TODAY, days: 7 } })
    if (parsed.isValid) expect(Object.keys(parsed.query).sort()).toEqual(['days', 'from'])
  })

  it('reads every filter, with full-width digits and slashes as residents type them on phones', () => {
    const parsed = parseSearchQuery({ date: '２０２６/４/１２', days: '１４', kind: 'space', category: 'meeting-room', capacity: '１８', equipment: ['projector', 'whiteboard', 'projector'] }, TODAY)
    expect(parsed).toEqual({
      isValid: true,
      form: expect.any(Object),
      query: { from: '2026-04-12', days: 14, kind: 'space', category: 'meeting-room', capacity: 18, equipment: ['projector', 'whiteboard'] },
    })
  })

  it('accepts a single equipment value as well as a repeated one', () => {
    const parsed = parseSearchQuery({ equipment: 'projector' }, TODAY)
    expect(parsed.isValid && parsed.query.equipment).toEqual(['projector'])
  })

  it('treats empty fields as "any"', () => {
    expect(parseSearchQuery({ date: '', days: '', kind: '', category: '', capacity: ' ' }, TODAY)).toMatchObject({ isValid: true, query: { from: TODAY, days: 7 } })
  })

  it('refuses impossible and malformed dates, dates in the past and dates beyond 400 days', () => {
    expect(errorsOf({ date: '2026-02-30' })).toEqual(['date:reservations.search.error.date'])
    expect(errorsOf({ date: 'tomorrow' })).toEqual(['date:reservations.search.error.date'])
    expect(errorsOf({ date: ['2026-04-11', '2026-04-12'] })).toEqual(['date:reservations.search.error.date'])
    expect(errorsOf({ date: '2026-04-09' })).toEqual(['date:reservations.search.error.datePast'])
    expect(errorsOf({ date: '2027-05-16' })).toEqual(['date:reservations.search.error.dateTooFar'])
    expect(errorsOf({ date: '2027-05-15' })).toEqual([])
  })

  it('refuses a period outside 1–31 days, unknown kinds and categories, bad capacities and equipment codes, all at once', () => {
    expect(errorsOf({ days: '0', kind: 'castle', category: 'sauna', capacity: '-3', equipment: ['<script>'] })).toEqual([
      'days:reservations.search.error.days',
      'kind:reservations.search.error.kind',
      'category:reservations.search.error.category',
      'capacity:reservations.search.error.capacity',
      'equipment:reservations.search.error.equipment',
    ])
    expect(errorsOf({ days: '32' })).toEqual(['days:reservations.search.error.days'])
    expect(errorsOf({ days: '7.5' })).toEqual(['days:reservations.search.error.days'])
    expect(errorsOf({ capacity: 'ten' })).toEqual(['capacity:reservations.search.error.capacity'])
    expect(errorsOf({ capacity: '10001' })).toEqual(['capacity:reservations.search.error.capacity'])
  })

  it('gives the typed values back so the form can show them with the errors', () => {
    const parsed = parseSearchQuery({ date: 'tomorrow', capacity: 'ten', equipment: 'projector' }, TODAY)
    expect(parsed.form).toEqual({ date: 'tomorrow', days: '', kind: '', category: '', capacity: 'ten', equipment: ['projector'] })
  })

  it('writes a query back as the same search', () => {
    const parsed = parseSearchQuery({ date: '2026-04-12', days: '14', kind: 'space', capacity: '5', equipment: ['projector', 'whiteboard'] }, TODAY)
    if (!parsed.isValid) throw new Error('expected a valid query')
    const params = new URLSearchParams(searchQueryString(parsed.query))
    const raw = Object.fromEntries([...new Set(params.keys())].map(key => [key, params.getAll(key).length > 1 ? params.getAll(key) : params.get(key)]))
    const again = parseSearchQuery(raw, TODAY)
    expect(again.isValid && again.query).toEqual(parsed.query)
  })
})

describe('small parsers', () => {
  it('reads dates only when they are real', () => {
    expect(parseDate('2028-02-29')).toBe('2028-02-29')
    expect(parseDate('2027-02-29')).toBeUndefined()
    expect(parseDate('2026-4-1')).toBe('2026-04-01')
    expect(parseDate('20260401')).toBeUndefined()
  })

  it('reads whole numbers in range only', () => {
    expect(parseWholeNumber('３', 1, 5)).toBe(3)
    expect(parseWholeNumber('6', 1, 5)).toBeUndefined()
    expect(parseWholeNumber('1e2', 1, 500)).toBeUndefined()
  })
})

describe('the resource page week and the calendar range', () => {
  it('starts the week today when none is given or an old one is', () => {
    expect(parseWeekStart({}, TODAY)).toEqual({ isValid: true, from: TODAY, days: 7 })
    expect(parseWeekStart({ week: '2026-01-01' }, TODAY)).toEqual({ isValid: true, from: TODAY, days: 7 })
    expect(parseWeekStart({ week: '2026-04-20' }, TODAY)).toEqual({ isValid: true, from: '2026-04-20', days: 7 })
  })

  it('refuses a malformed week or one beyond the searchable range', () => {
    expect(parseWeekStart({ week: 'soon' }, TODAY)).toMatchObject({ isValid: false, messageKey: 'reservations.search.error.date' })
    expect(parseWeekStart({ week: '2030-01-01' }, TODAY)).toMatchObject({ isValid: false, messageKey: 'reservations.search.error.dateTooFar' })
  })

  it('lets the month calendar start at the 1st of this month but not long before today', () => {
    expect(parseCalendarRange({ from: '2026-04-01', days: '30' }, TODAY)).toEqual({ isValid: true, from: '2026-04-01', days: 30 })
    expect(parseCalendarRange({ from: '2026-02-01', days: '28' }, TODAY)).toMatchObject({ isValid: false, field: 'from' })
    expect(parseCalendarRange({ from: '2026-04-01', days: '40' }, TODAY)).toMatchObject({ isValid: false, field: 'days' })
    expect(parseCalendarRange({}, TODAY)).toEqual({ isValid: true, from: TODAY, days: 7 })
  })
})
