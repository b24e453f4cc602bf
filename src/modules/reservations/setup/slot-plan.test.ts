import { describe, expect, it } from 'vitest'
import { tokyoInstant } from '../reservation-time.js'
import type { ClosureFacility } from './closure-rules.js'
import { diffSlots, planSlots, type ExceptionRule, type ExistingSlot, type PlanInput, type TemplateRule } from './slot-plan.js'

const openFacility: ClosureFacility = { id: 'fac', closedWeekdays: [], isClosedOnHolidays: false, isClosedYearEnd: true }
const weekdays = [1, 2, 3, 4, 5]
const template = (overrides: Partial<TemplateRule> = {}): TemplateRule => ({ weekdays, startTime: '09:00:00', endTime: '12:00:00', capacity: 1, validFrom: '2026-01-01', validUntil: null, ...overrides })
const exception = (overrides: Partial<ExceptionRule>): ExceptionRule => ({ onDate: '2026-04-08', kind: 'cancel', startTime: null, endTime: null, capacity: null, ...overrides })
const plan = (overrides: Partial<PlanInput>) => planSlots({ facility: openFacility, closures: [], resourceId: 'res', templates: [template()], exceptions: [], from: '2026-04-06', until: '2026-04-12', ...overrides })
const summary = (input: Partial<PlanInput>) => plan(input).map(slot => `${slot.date} ${slot.startTime}-${slot.endTime}×${slot.capacity}${slot.source === 'exception' ? '*' : ''}`)

describe('slot plan', () => {
  it('makes one slot per template on the weekdays it names', () => {
    expect(summary({})).toEqual(['2026-04-06 09:00-12:00×1', '2026-04-07 09:00-12:00×1', '2026-04-08 09:00-12:00×1', '2026-04-09 09:00-12:00×1', '2026-04-10 09:00-12:00×1'])
  })

  it('skips the facility’s closed weekdays, its holidays and closure rows', () => {
    const facility = { ...openFacility, closedWeekdays: [1], isClosedOnHolidays: true }
    expect(summary({ facility, from: '2026-05-04', until: '2026-05-08' })).toEqual(['2026-05-07 09:00-12:00×1', '2026-05-08 09:00-12:00×1'])
    expect(summary({ closures: [{ facilityId: 'fac', resourceId: null, startsOn: '2026-04-07', endsOn: '2026-04-09' }] })).toEqual(['2026-04-06 09:00-12:00×1', '2026-04-10 09:00-12:00×1'])
  })

  it('skips 年末年始 even when the templates cover every day', () => {
    const everyDay = template({ weekdays: [0, 1, 2, 3, 4, 5, 6] })
    expect(plan({ templates: [everyDay], from: '2026-12-27', until: '2027-01-05' }).map(slot => slot.date)).toEqual(['2026-12-27', '2026-12-28', '2027-01-04', '2027-01-05'])
  })

  it('respects the validity of each template, the later one winning at the same start', () => {
    const templates = [template({ validUntil: '2026-04-07' }), template({ validFrom: '2026-04-08', capacity: 5 }), template({ validFrom: '2026-04-09', startTime: '09:00', endTime: '11:00', capacity: 2 })]
    expect(summary({ templates, until: '2026-04-09' })).toEqual(['2026-04-06 09:00-12:00×1', '2026-04-07 09:00-12:00×1', '2026-04-08 09:00-12:00×5', '2026-04-09 09:00-11:00×2'])
  })

  it('applies exceptions: a cancelled day, a cancelled start time, another capacity and an extra slot', () => {
    const templates = [template({ capacity: 10 }), template({ startTime: '13:00', endTime: '16:00', capacity: 10 })]
    const exceptions = [
      exception({ onDate: '2026-04-06' }),
      exception({ onDate: '2026-04-07', startTime: '13:00' }),
      exception({ onDate: '2026-04-08', kind: 'capacity', capacity: 3 }),
      exception({ onDate: '2026-04-09', kind: 'capacity', startTime: '09:00', capacity: 0 }),
      exception({ onDate: '2026-04-11', kind: 'extra', startTime: '10:00', endTime: '11:00', capacity: 4 }),
    ]
    expect(summary({ templates, exceptions, until: '2026-04-11' })).toEqual([
      '2026-04-07 09:00-12:00×10',
      '2026-04-08 09:00-12:00×3',
      '2026-04-08 13:00-16:00×3',
      '2026-04-09 13:00-16:00×10',
      '2026-04-10 09:00-12:00×10',
      '2026-04-10 13:00-16:00×10',
      '2026-04-11 10:00-11:00×4*',
    ])
  })

  it('lets an extra slot replace the template slots it overlaps', () => {
    const exceptions = [exception({ kind: 'extra', startTime: '11:00', endTime: '14:00', capacity: 2 })]
    expect(summary({ exceptions, from: '2026-04-08', until: '2026-04-08' })).toEqual(['2026-04-08 11:00-14:00×2*'])
  })

  it('adds no extra slot on a closed day', () => {
    const exceptions = [exception({ onDate: '2026-12-30', kind: 'extra', startTime: '10:00', endTime: '11:00', capacity: 4 })]
    expect(plan({ exceptions, from: '2026-12-30', until: '2026-12-30' })).toEqual([])
  })
})

describe('slot diff', () => {
  const stored = (overrides: Partial<ExistingSlot> & { date?: string; start?: string; end?: string }): ExistingSlot => {
    const { date = '2026-04-08', start = '09:00', end = '12:00', ...rest } = overrides
    return { id: `slot-${date}-${start}`, startsAt: tokyoInstant(date, start), endsAt: tokyoInstant(date, end), capacity: 1, remaining: 1, status: 'open', source: 'template', lotteryId: null, ...rest }
  }
  const oneDay = (templates: TemplateRule[] = [template()]) => plan({ templates, from: '2026-04-08', until: '2026-04-08' })

  it('inserts what is missing and changes nothing that already matches', () => {
    expect(diffSlots(oneDay(), []).inserts).toEqual([{ startsAt: tokyoInstant('2026-04-08', '09:00'), endsAt: tokyoInstant('2026-04-08', '12:00'), capacity: 1, source: 'template' }])
    expect(diffSlots(oneDay(), [stored({})])).toEqual({ inserts: [], updates: [], closes: [], conflicts: [] })
  })

  it('closes an empty slot the plan no longer calls for, but reports one that holds seats', () => {
    const empty = stored({ start: '13:00', end: '16:00' })
    const booked = stored({ start: '18:00', end: '21:00', remaining: 0 })
    const diff = diffSlots(oneDay(), [stored({}), empty, booked])
    expect(diff.closes).toEqual([empty.id])
    expect(diff.conflicts).toEqual([{ slotId: booked.id, startsAt: booked.startsAt }])
  })

  it('never plans a capacity below the seats taken, and reports the shortfall', () => {
    const busy = stored({ capacity: 10, remaining: 4 })
    const diff = diffSlots(oneDay([template({ capacity: 3 })]), [busy])
    expect(diff.updates).toEqual([{ slotId: busy.id, capacity: 6, endsAt: busy.endsAt, source: 'template', reopen: false }])
    expect(diff.conflicts.map(c => c.slotId)).toEqual([busy.id])
  })

  it('reopens a closed slot when its day opens again', () => {
    const closed = stored({ status: 'closed' })
    expect(diffSlots(oneDay(), [closed]).updates).toEqual([{ slotId: closed.id, capacity: 1, endsAt: closed.endsAt, source: 'template', reopen: true }])
  })

  it('leaves hand-made slots alone and makes no new slot over their time', () => {
    const manual = stored({ start: '10:00', end: '11:00', source: 'manual' })
    expect(diffSlots(oneDay(), [manual])).toEqual({ inserts: [], updates: [], closes: [], conflicts: [] })
  })

  it('keeps a lottery slot open and reports it instead of closing it', () => {
    const lottery = stored({ start: '13:00', end: '16:00', lotteryId: 'lot-1' })
    const diff = diffSlots(oneDay(), [stored({}), lottery])
    expect(diff.closes).toEqual([])
    expect(diff.conflicts.map(c => c.slotId)).toEqual([lottery.id])
  })
})
