/**
 * The availability table of one resource as rows and columns (pure): rows are the dates of the
 * range, columns the distinct slot times (Tokyo clock), each cell what a resident can do with
 * that slot. Also the per-day counts the JS month calendar shows.
 */
import { toDayOfWeek } from '../../../jp/calendar-date.js'
import { holidayName } from '../../../jp/holidays.js'
import { tokyoDate, tokyoTime } from '../reservation-time.js'
import type { AvailableSlot, ClosedReason, ResourceAvailability } from './availability.js'
import { datesOfRange } from './availability-rules.js'

export type CellState =
  /** seats left, first-come */
  | 'open'
  /** no seats left (the slot page offers the waitlist when there is one) */
  | 'full'
  /** decided by a lottery (抽選) */
  | 'lottery'

export interface GridCell {
  state: CellState
  slot: AvailableSlot
}

export interface GridColumn {
  /** 'HH:MM-HH:MM' */
  key: string
  start: string
  end: string
}

export interface GridRow {
  date: string
  /** 0 = Sunday */
  weekday: number
  /** national holiday name (shown whether or not the facility closes on it) */
  holiday?: string
  isClosed: boolean
  /** why, when known */
  closedReason?: ClosedReason
  /** one entry per column; undefined where the day has no slot at that time */
  cells: (GridCell | undefined)[]
}

export interface AvailabilityGrid {
  columns: GridColumn[]
  rows: GridRow[]
  /** no slot at all in the range (closed days aside) */
  isEmpty: boolean
}

export function cellState(slot: Pick<AvailableSlot, 'mode' | 'remaining'>): CellState {
  if (slot.mode === 'lottery') return 'lottery'
  return slot.remaining > 0 ? 'open' : 'full'
}

function columnKey(slot: Pick<AvailableSlot, 'startsAt' | 'endsAt'>): GridColumn {
  const start = tokyoTime(slot.startsAt)
  const end = tokyoTime(slot.endsAt)
  return { key: `${start}-${end}`, start, end }
}

export function buildAvailabilityGrid(resource: Pick<ResourceAvailability, 'slots' | 'closedDates'> & { closedReasons?: Record<string, ClosedReason> }, from: string, days: number): AvailabilityGrid {
  const columnsByKey = new Map<string, GridColumn>()
  const slotsByDayAndKey = new Map<string, AvailableSlot>()
  for (const slot of resource.slots) {
    const column = columnKey(slot)
    columnsByKey.set(column.key, column)
    slotsByDayAndKey.set(`${tokyoDate(slot.startsAt)} ${column.key}`, slot)
  }
  const columns = [...columnsByKey.values()].sort((a, b) => (a.start === b.start ? a.end.localeCompare(b.end) : a.start.localeCompare(b.start)))
  const closed = new Set(resource.closedDates)
  const rows = datesOfRange(from, days).map(date => {
    const holiday = holidayName(date)
    const isClosed = closed.has(date)
    const reason = isClosed ? resource.closedReasons?.[date] : undefined
    const cells = columns.map(column => {
      const slot = isClosed ? undefined : slotsByDayAndKey.get(`${date} ${column.key}`)
      return slot ? { state: cellState(slot), slot } : undefined
    })
    return { date, weekday: toDayOfWeek(date), ...(holiday ? { holiday } : {}), isClosed, ...(reason ? { closedReason: reason } : {}), cells }
  })
  return { columns, rows, isEmpty: resource.slots.length === 0 }
}

export interface DaySummary {
  date: string
  isClosed: boolean
  holiday: string | null
  /** first-come slots with a seat left */
  openSlots: number
  /** seats left over those slots */
  openSeats: number
  fullSlots: number
  lotterySlots: number
  totalSlots: number
}

/** Per-day counts for the month calendar (availability.json). */
export function summariseDays(resource: Pick<ResourceAvailability, 'slots' | 'closedDates'>, from: string, days: number): DaySummary[] {
  const byDate = new Map<string, DaySummary>()
  const closed = new Set(resource.closedDates)
  const summaries = datesOfRange(from, days).map(date => {
    const summary: DaySummary = { date, isClosed: closed.has(date), holiday: holidayName(date) ?? null, openSlots: 0, openSeats: 0, fullSlots: 0, lotterySlots: 0, totalSlots: 0 }
    byDate.set(date, summary)
    return summary
  })
  for (const slot of resource.slots) {
    const summary = byDate.get(tokyoDate(slot.startsAt))
    if (!summary || summary.isClosed) continue
    summary.totalSlots += 1
    const state = cellState(slot)
    if (state === 'open') {
      summary.openSlots += 1
      summary.openSeats += slot.remaining
    } else if (state === 'full') summary.fullSlots += 1
    else summary.lotterySlots += 1
  }
  return summaries
}
