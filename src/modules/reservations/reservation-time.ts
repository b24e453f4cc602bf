/**
 * Slot times: instants (timestamptz) that staff and residents read on the Tokyo clock. Japan has
 * had no daylight-saving time since 1951, so a Tokyo wall-clock time of a current date is UTC+9.
 */
import { toIsoDate } from '../../jp/calendar-date.js'

const TOKYO_OFFSET_MS = 9 * 60 * 60 * 1000

/** The instant of a Tokyo wall-clock time on a calendar date ('YYYY-MM-DD', 'HH:MM' or 'HH:MM:SS'). */
export function tokyoInstant(date: string, time: string): Date {
  const [h = '0', m = '0', s = '0'] = time.split(':')
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number]
  return new Date(Date.UTC(y, mo - 1, d, Number(h), Number(m), Number(s)) - TOKYO_OFFSET_MS)
}

/** The Tokyo calendar date of an instant, 'YYYY-MM-DD'. */
export function tokyoDate(instant: Date): string {
  return toIsoDate(instant)
}

/** The Tokyo wall-clock time of an instant, 'HH:MM'. */
export function tokyoTime(instant: Date): string {
  const shifted = new Date(instant.getTime() + TOKYO_OFFSET_MS)
  return `${String(shifted.getUTCHours()).padStart(2, '0')}:${String(shifted.getUTCMinutes()).padStart(2, '0')}`
}

/** Minutes since Tokyo midnight of a 'HH:MM[:SS]' time. */
export function minutesOfDay(time: string): number {
  const [h = '0', m = '0'] = time.split(':')
  return Number(h) * 60 + Number(m)
}
