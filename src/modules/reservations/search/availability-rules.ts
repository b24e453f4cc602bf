/** Pure rules of the vacancy search, shared by the query (availability.ts), the pages and their tests. */
import { addCalendarDays } from '../../../jp/calendar-date.js'
import type { BookingMode, LotteryStatus } from '../reservation-tables.js'

/** The most days one search covers (a month view). */
export const MAX_SEARCH_DAYS = 31

/** The Tokyo dates of a range, in order. */
export function datesOfRange(from: string, days: number): string[] {
  return Array.from({ length: days }, (_, index) => addCalendarDays(from, index))
}

/** 'lottery' while the slot belongs to a lottery that has not opened its second round (first-come on the remainder). */
export function slotMode(lotteryId: string | null, lotteryStatus: LotteryStatus | string | null): BookingMode {
  return lotteryId !== null && lotteryStatus !== 'second_round' ? 'lottery' : 'first_come'
}
