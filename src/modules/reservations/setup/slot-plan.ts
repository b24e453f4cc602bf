/**
 * Which slots a resource should have, day by day, and how that differs from the slots it has.
 * Pure: slot-generation.ts reads the rows, asks these functions, and writes the difference.
 *
 * Per Tokyo date from `from` to `until`:
 * 1. a closed day (closure-rules.ts) has no slots at all — not even extra ones, since the booking
 *    core refuses bookings on closed days anyway;
 * 2. every template valid that day whose weekdays include it gives a slot (two templates with the
 *    same start: the one valid from the later date wins);
 * 3. exceptions of the day apply in this order: `cancel` (one start time, or the whole day when
 *    it has none), `capacity` (one start time, or every slot of the day; capacity 0 = no slot),
 *    then `extra` (a slot of its own, replacing any slot it overlaps).
 */
import { addCalendarDays, toDayOfWeek } from '../../../jp/calendar-date.js'
import type { SlotException, SlotTemplate } from '../reservation-tables.js'
import { minutesOfDay, tokyoInstant } from '../reservation-time.js'
import { isClosedOn, type ClosureFacility, type ClosureRow } from './closure-rules.js'

export interface PlannedSlot {
  /** Tokyo date 'YYYY-MM-DD' */
  date: string
  /** 'HH:MM' */
  startTime: string
  endTime: string
  capacity: number
  source: 'template' | 'exception'
}

export type TemplateRule = Pick<SlotTemplate, 'weekdays' | 'startTime' | 'endTime' | 'capacity' | 'validFrom' | 'validUntil'>
export type ExceptionRule = Pick<SlotException, 'onDate' | 'kind' | 'startTime' | 'endTime' | 'capacity'>

export interface PlanInput {
  facility: ClosureFacility
  closures: readonly ClosureRow[]
  resourceId: string
  templates: readonly TemplateRule[]
  exceptions: readonly ExceptionRule[]
  from: string
  until: string
}

/** 'HH:MM:SS' or 'HH:MM' → 'HH:MM'. */
export const hhmm = (time: string): string => time.slice(0, 5)

/** Every Tokyo date from `from` to `until`, both included. */
export function datesBetween(from: string, until: string): string[] {
  const dates: string[] = []
  for (let date = from; date <= until; date = addCalendarDays(date, 1)) dates.push(date)
  return dates
}

const overlaps = (a: { startTime: string; endTime: string }, b: { startTime: string; endTime: string }) =>
  minutesOfDay(a.startTime) < minutesOfDay(b.endTime) && minutesOfDay(b.startTime) < minutesOfDay(a.endTime)

/** The slots the templates and exceptions call for, date by date, in time order. */
export function planSlots(input: PlanInput): PlannedSlot[] {
  const planned: PlannedSlot[] = []
  const templates = [...input.templates].sort((a, b) => (a.validFrom < b.validFrom ? -1 : a.validFrom > b.validFrom ? 1 : 0))
  for (const date of datesBetween(input.from, input.until)) {
    if (isClosedOn(input.facility, input.closures, date, input.resourceId)) continue
    const weekday = toDayOfWeek(date)
    const byStart = new Map<string, PlannedSlot>()
    for (const template of templates) {
      if (template.validFrom > date || (template.validUntil !== null && template.validUntil < date)) continue
      if (!template.weekdays.includes(weekday)) continue
      const startTime = hhmm(template.startTime)
      byStart.set(startTime, { date, startTime, endTime: hhmm(template.endTime), capacity: template.capacity, source: 'template' })
    }
    const exceptions = input.exceptions.filter(exception => exception.onDate === date)
    for (const exception of exceptions.filter(e => e.kind === 'cancel')) {
      if (exception.startTime === null) byStart.clear()
      else byStart.delete(hhmm(exception.startTime))
    }
    for (const exception of exceptions.filter(e => e.kind === 'capacity')) {
      if (exception.capacity === null) continue
      const targets = exception.startTime === null ? [...byStart.keys()] : [hhmm(exception.startTime)]
      for (const start of targets) {
        const slot = byStart.get(start)
        if (!slot) continue
        if (exception.capacity <= 0) byStart.delete(start)
        else slot.capacity = exception.capacity
      }
    }
    for (const exception of exceptions.filter(e => e.kind === 'extra')) {
      if (exception.startTime === null || exception.endTime === null || exception.capacity === null || exception.capacity <= 0) continue
      const extra: PlannedSlot = { date, startTime: hhmm(exception.startTime), endTime: hhmm(exception.endTime), capacity: exception.capacity, source: 'exception' }
      if (minutesOfDay(extra.endTime) <= minutesOfDay(extra.startTime)) continue
      for (const [start, slot] of byStart) if (overlaps(slot, extra)) byStart.delete(start)
      byStart.set(extra.startTime, extra)
    }
    planned.push(...[...byStart.values()].sort((a, b) => minutesOfDay(a.startTime) - minutesOfDay(b.startTime)))
  }
  return planned
}

/** A slot as stored, as far as generation cares. */
export interface ExistingSlot {
  id: string
  startsAt: Date
  endsAt: Date
  capacity: number
  remaining: number
  status: 'open' | 'closed'
  source: 'template' | 'exception' | 'manual'
  lotteryId: string | null
}

export interface SlotInsert {
  startsAt: Date
  endsAt: Date
  capacity: number
  source: 'template' | 'exception'
}

export interface SlotUpdate {
  slotId: string
  /** the capacity asked for; the write never goes below the seats taken at that moment */
  capacity: number
  endsAt: Date
  source: 'template' | 'exception'
  reopen: boolean
}

export interface SlotDiff {
  inserts: SlotInsert[]
  updates: SlotUpdate[]
  /** empty slots to close; the write re-checks they are still empty */
  closes: string[]
  /** slots that should close or shrink but hold seats (or belong to a lottery) */
  conflicts: { slotId: string; startsAt: Date }[]
}

/**
 * What to change so the stored slots match the plan. Slots entered by hand (`source` manual) are
 * never changed, and no new slot is made over the time of a slot that stays (manual or in
 * conflict): one room is never offered twice for the same time.
 */
export function diffSlots(planned: readonly PlannedSlot[], existing: readonly ExistingSlot[]): SlotDiff {
  const diff: SlotDiff = { inserts: [], updates: [], closes: [], conflicts: [] }
  const byStart = new Map(existing.map(slot => [slot.startsAt.getTime(), slot]))
  const matched = new Set<string>()
  const wanted: (SlotInsert & { existing?: ExistingSlot })[] = planned.map(slot => {
    const startsAt = tokyoInstant(slot.date, slot.startTime)
    return { startsAt, endsAt: tokyoInstant(slot.date, slot.endTime), capacity: slot.capacity, source: slot.source, existing: byStart.get(startsAt.getTime()) }
  })
  for (const want of wanted) if (want.existing) matched.add(want.existing.id)

  // Slots that stay although the plan does not call for them: they block new slots over their time.
  const staying: ExistingSlot[] = []
  for (const slot of existing) {
    if (matched.has(slot.id) || slot.status !== 'open') continue
    if (slot.source === 'manual') {
      staying.push(slot)
      continue
    }
    if (slot.capacity - slot.remaining > 0 || slot.lotteryId !== null) {
      diff.conflicts.push({ slotId: slot.id, startsAt: slot.startsAt })
      staying.push(slot)
    } else {
      diff.closes.push(slot.id)
    }
  }

  for (const want of wanted) {
    const slot = want.existing
    if (!slot) {
      const blocked = staying.some(stay => stay.startsAt < want.endsAt && want.startsAt < stay.endsAt)
      if (!blocked) diff.inserts.push({ startsAt: want.startsAt, endsAt: want.endsAt, capacity: want.capacity, source: want.source })
      continue
    }
    if (slot.source === 'manual') continue
    const taken = slot.capacity - slot.remaining
    const isShort = want.capacity < taken
    // the times of a slot people already hold are not moved under them
    const endsAt = taken > 0 ? slot.endsAt : want.endsAt
    if (isShort || endsAt.getTime() !== want.endsAt.getTime()) diff.conflicts.push({ slotId: slot.id, startsAt: slot.startsAt })
    const capacity = Math.max(want.capacity, taken)
    const reopen = slot.status !== 'open'
    if (reopen || capacity !== slot.capacity || endsAt.getTime() !== slot.endsAt.getTime() || want.source !== slot.source) {
      diff.updates.push({ slotId: slot.id, capacity, endsAt, source: want.source, reopen })
    }
  }
  diff.conflicts.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())
  return diff
}
