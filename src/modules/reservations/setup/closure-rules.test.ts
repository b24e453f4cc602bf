import { describe, expect, it } from 'vitest'
import { closedDatesBetween, closedReason, isClosedOn, type ClosureFacility, type ClosureRow } from './closure-rules.js'

const facility = (overrides: Partial<ClosureFacility> = {}): ClosureFacility => ({ id: 'fac-1', closedWeekdays: [], isClosedOnHolidays: false, isClosedYearEnd: false, ...overrides })
const closure = (overrides: Partial<ClosureRow>): ClosureRow => ({ facilityId: null, resourceId: null, startsOn: '2026-04-08', endsOn: '2026-04-08', ...overrides })

describe('closure rules', () => {
  it('keeps an ordinary weekday open when nothing closes it', () => {
    expect(isClosedOn(facility(), [], '2026-04-08')).toBe(false)
    expect(closedReason(facility(), [], '2026-04-08')).toBeUndefined()
  })

  it('closes on the regular closed weekdays only', () => {
    const mondays = facility({ closedWeekdays: [1] })
    expect(closedReason(mondays, [], '2026-04-06')).toEqual({ kind: 'weekday', weekday: 1 })
    expect(isClosedOn(mondays, [], '2026-04-07')).toBe(false)
  })

  it('closes on national holidays only when the facility closes on them, naming the holiday', () => {
    expect(isClosedOn(facility(), [], '2026-02-11')).toBe(false)
    expect(closedReason(facility({ isClosedOnHolidays: true }), [], '2026-02-11')).toEqual({ kind: 'holiday', name: '建国記念の日' })
    expect(closedReason(facility({ isClosedOnHolidays: true }), [], '2026-05-06')).toEqual({ kind: 'holiday', name: '振替休日' })
  })

  it('closes from 29 December to 3 January when the facility observes 年末年始', () => {
    const yearEnd = facility({ isClosedYearEnd: true })
    expect(isClosedOn(yearEnd, [], '2026-12-28')).toBe(false)
    expect(closedReason(yearEnd, [], '2026-12-29')).toEqual({ kind: 'year-end' })
    expect(closedReason(yearEnd, [], '2027-01-03')).toEqual({ kind: 'year-end' })
    expect(isClosedOn(yearEnd, [], '2027-01-04')).toBe(false)
    expect(isClosedOn(facility(), [], '2026-12-31')).toBe(false)
  })

  it('applies a tenant-wide closure to every facility, with its reason', () => {
    const rows = [closure({ id: 'c1', startsOn: '2026-04-08', endsOn: '2026-04-10', reasons: { ja: '停電' } })]
    expect(closedReason(facility(), rows, '2026-04-09')).toEqual({ kind: 'closure', closureId: 'c1', scope: 'tenant', reasons: { ja: '停電' } })
    expect(isClosedOn(facility({ id: 'other' }), rows, '2026-04-10')).toBe(true)
    expect(isClosedOn(facility(), rows, '2026-04-11')).toBe(false)
  })

  it('applies a facility closure to that facility only', () => {
    const rows = [closure({ facilityId: 'fac-1' })]
    expect(isClosedOn(facility(), rows, '2026-04-08')).toBe(true)
    expect(isClosedOn(facility({ id: 'fac-2' }), rows, '2026-04-08')).toBe(false)
  })

  it('applies a resource closure to that resource only, not to the facility as a whole', () => {
    const rows = [closure({ resourceId: 'res-1' })]
    expect(closedReason(facility(), rows, '2026-04-08', 'res-1')).toMatchObject({ kind: 'closure', scope: 'resource' })
    expect(isClosedOn(facility(), rows, '2026-04-08', 'res-2')).toBe(false)
    expect(isClosedOn(facility(), rows, '2026-04-08')).toBe(false)
  })

  it('lists the closed dates of a range', () => {
    const rows = [closure({ startsOn: '2026-04-09', endsOn: '2026-04-09' })]
    expect(closedDatesBetween(facility({ closedWeekdays: [1] }), rows, '2026-04-05', '2026-04-13')).toEqual(['2026-04-06', '2026-04-09', '2026-04-13'])
  })
})
