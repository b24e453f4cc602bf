import { describe, expect, it } from 'vitest'
import { tokyoInstant } from '../reservation-time.js'
import type { AvailableSlot } from './availability.js'
import { buildAvailabilityGrid, cellState, summariseDays } from './availability-grid.js'
import { datesOfRange, slotMode } from './availability-rules.js'

let sequence = 0
function slot(date: string, start: string, end: string, overrides: Partial<AvailableSlot> = {}): AvailableSlot {
  sequence += 1
  return {
    slotId: `slot-${sequence}`,
    startsAt: tokyoInstant(date, start),
    endsAt: tokyoInstant(date, end),
    capacity: 1,
    remaining: 1,
    mode: 'first_come',
    lotteryId: null,
    residentFeeYen: 0,
    nonResidentFeeYen: 0,
    ...overrides,
  }
}

describe('slot modes and cell states', () => {
  it('is a lottery slot until its lottery opens the second round', () => {
    expect(slotMode(null, null)).toBe('first_come')
    expect(slotMode('lottery-1', 'open')).toBe('lottery')
    expect(slotMode('lottery-1', 'published')).toBe('lottery')
    expect(slotMode('lottery-1', 'second_round')).toBe('first_come')
  })

  it('says open while seats are left, full at zero, lottery whatever the seats', () => {
    expect(cellState({ mode: 'first_come', remaining: 3 })).toBe('open')
    expect(cellState({ mode: 'first_come', remaining: 0 })).toBe('full')
    expect(cellState({ mode: 'lottery', remaining: 1 })).toBe('lottery')
  })
})

describe('the availability table of a resource', () => {
  it('has a row per date and a column per distinct slot time, in time order', () => {
    const slots = [slot('2026-04-13', '13:00', '17:00'), slot('2026-04-13', '09:00', '12:00', { remaining: 0 }), slot('2026-04-14', '18:00', '21:00'), slot('2026-04-14', '09:00', '12:00')]
    const grid = buildAvailabilityGrid({ slots, closedDates: [] }, '2026-04-13', 3)
    expect(grid.columns.map(column => column.key)).toEqual(['09:00-12:00', '13:00-17:00', '18:00-21:00'])
    expect(grid.rows.map(row => row.date)).toEqual(['2026-04-13', '2026-04-14', '2026-04-15'])
    expect(grid.rows[0]?.cells.map(cell => cell?.state)).toEqual(['full', 'open', undefined])
    expect(grid.rows[1]?.cells.map(cell => cell?.state)).toEqual(['open', undefined, 'open'])
    expect(grid.rows[2]?.cells).toEqual([undefined, undefined, undefined])
    expect(grid.isEmpty).toBe(false)
  })

  it('marks closed dates with their reason and holidays by name, and leaves no cells on a closed date', () => {
    const grid = buildAvailabilityGrid(
      { slots: [slot('2026-04-28', '09:00', '12:00'), slot('2026-04-29', '09:00', '12:00')], closedDates: ['2026-04-29'], closedReasons: { '2026-04-29': { kind: 'holiday', name: '昭和の日' } } },
      '2026-04-28',
      2,
    )
    const [tuesday, holiday] = grid.rows
    expect(tuesday).toMatchObject({ date: '2026-04-28', weekday: 2, isClosed: false })
    expect(tuesday?.holiday).toBeUndefined()
    expect(holiday).toMatchObject({ date: '2026-04-29', weekday: 3, holiday: '昭和の日', isClosed: true, closedReason: { kind: 'holiday', name: '昭和の日' } })
    expect(holiday?.cells).toEqual([undefined])
  })

  it('says when the range has no slot at all', () => {
    expect(buildAvailabilityGrid({ slots: [], closedDates: [] }, '2026-04-13', 7)).toMatchObject({ columns: [], isEmpty: true })
    expect(datesOfRange('2026-04-29', 3)).toEqual(['2026-04-29', '2026-04-30', '2026-05-01'])
  })
})

describe('the per-day counts of the month calendar', () => {
  it('counts open slots and seats, full and lottery slots, and nothing on closed days', () => {
    const slots = [
      slot('2026-04-13', '09:00', '09:30', { capacity: 20, remaining: 5 }),
      slot('2026-04-13', '09:30', '10:00', { capacity: 20, remaining: 0 }),
      slot('2026-04-13', '10:00', '10:30', { capacity: 20, remaining: 20 }),
      slot('2026-04-14', '09:00', '12:00', { mode: 'lottery', lotteryId: 'l-1' }),
      slot('2026-04-15', '09:00', '12:00'),
    ]
    const days = summariseDays({ slots, closedDates: ['2026-04-15'] }, '2026-04-13', 4)
    expect(days).toEqual([
      { date: '2026-04-13', isClosed: false, holiday: null, openSlots: 2, openSeats: 25, fullSlots: 1, lotterySlots: 0, totalSlots: 3 },
      { date: '2026-04-14', isClosed: false, holiday: null, openSlots: 0, openSeats: 0, fullSlots: 0, lotterySlots: 1, totalSlots: 1 },
      { date: '2026-04-15', isClosed: true, holiday: null, openSlots: 0, openSeats: 0, fullSlots: 0, lotterySlots: 0, totalSlots: 0 },
      { date: '2026-04-16', isClosed: false, holiday: null, openSlots: 0, openSeats: 0, fullSlots: 0, lotterySlots: 0, totalSlots: 0 },
    ])
  })
})
