/**
 * The utilisation report's figures (稼働率・取消し・無断欠席), put together from the two
 * aggregates the repository reads: seats offered per facility and time band, and what happened
 * to the bookings of those slots. Pure, so the arithmetic is tested without a database.
 *
 * - 稼働率 (occupancy) = booked seats ÷ seats offered on open slots. A room slot is one seat;
 *   an appointment slot has as many seats as people it takes. Booked = the booking stood
 *   (awaiting payment, confirmed, checked in, or a no-show, which still kept others out).
 * - 利用率 (use) = checked-in seats ÷ seats offered.
 * - Cancellations and no-shows are counted in bookings, by the date of the slot they were for.
 */
import type { LocalizedText } from '../reservation-tables.js'
import { TIME_BANDS, type TimeBand } from './desk-rules.js'

export interface SlotAggregate {
  facilityId: string
  band: TimeBand
  slotCount: number
  capacitySeats: number
}

export interface BookingAggregate {
  facilityId: string
  band: TimeBand
  bookings: number
  bookedSeats: number
  checkedInSeats: number
  cancellations: number
  noShows: number
}

export interface UtilisationFigures {
  slotCount: number
  capacitySeats: number
  bookings: number
  bookedSeats: number
  checkedInSeats: number
  cancellations: number
  noShows: number
}

export interface FacilityUtilisation {
  facilityId: string
  names: LocalizedText
  bands: Record<TimeBand, UtilisationFigures>
  total: UtilisationFigures
}

export interface UtilisationReport {
  from: string
  to: string
  facilities: FacilityUtilisation[]
  total: UtilisationFigures
}

const emptyFigures = (): UtilisationFigures => ({ slotCount: 0, capacitySeats: 0, bookings: 0, bookedSeats: 0, checkedInSeats: 0, cancellations: 0, noShows: 0 })

function addInto(target: UtilisationFigures, source: Partial<UtilisationFigures>): void {
  for (const key of Object.keys(target) as (keyof UtilisationFigures)[]) target[key] += source[key] ?? 0
}

const hasAnything = (f: UtilisationFigures) => f.slotCount > 0 || f.bookings > 0 || f.cancellations > 0

/** Booked seats ÷ seats offered, or undefined when nothing was offered. */
export function occupancyOf(figures: Pick<UtilisationFigures, 'bookedSeats' | 'capacitySeats'>): number | undefined {
  return figures.capacitySeats > 0 ? figures.bookedSeats / figures.capacitySeats : undefined
}

/** Checked-in seats ÷ seats offered, or undefined when nothing was offered. */
export function useRateOf(figures: Pick<UtilisationFigures, 'checkedInSeats' | 'capacitySeats'>): number | undefined {
  return figures.capacitySeats > 0 ? figures.checkedInSeats / figures.capacitySeats : undefined
}

/** A ratio as a percentage with one decimal ('62.5'), or undefined. */
export function percentOf(ratio: number | undefined): string | undefined {
  return ratio === undefined ? undefined : (Math.round(ratio * 1000) / 10).toFixed(1)
}

/**
 * One row per facility that offered slots or had bookings in the period (in the facilities'
 * order), each split by time band, with facility totals and the grand total.
 */
export function buildUtilisationReport(input: {
  from: string
  to: string
  facilities: readonly { id: string; names: LocalizedText }[]
  slots: readonly SlotAggregate[]
  bookings: readonly BookingAggregate[]
}): UtilisationReport {
  const rows = input.facilities.map(facility => {
    const bands = Object.fromEntries(TIME_BANDS.map(band => [band, emptyFigures()])) as Record<TimeBand, UtilisationFigures>
    for (const slot of input.slots.filter(s => s.facilityId === facility.id)) addInto(bands[slot.band], { slotCount: slot.slotCount, capacitySeats: slot.capacitySeats })
    for (const booking of input.bookings.filter(b => b.facilityId === facility.id)) {
      const { facilityId: _facility, band, ...figures } = booking
      addInto(bands[band], figures)
    }
    const total = emptyFigures()
    for (const band of TIME_BANDS) addInto(total, bands[band])
    return { facilityId: facility.id, names: facility.names, bands, total }
  })
  const facilities = rows.filter(row => hasAnything(row.total))
  const total = emptyFigures()
  for (const row of facilities) addInto(total, row.total)
  return { from: input.from, to: input.to, facilities, total }
}
