/**
 * An RFC 5545 iCalendar feed of a district's collections, for residents who subscribe from their
 * phone's calendar: one all-day event per collection, CRLF line ends, lines folded at 75 octets.
 */
import { addCalendarDays } from '../../../jp/calendar-date.js'
import type { GarbageCollection } from './garbage-rules.js'

export interface GarbageIcalInput {
  /** Tenant slug, used in UIDs so that events stay stable across regenerations. */
  tenant: string
  district: string
  /** X-WR-CALNAME, e.g. 〇〇町 ごみ収集カレンダー(東地区). */
  calendarName: string
  collections: readonly GarbageCollection[]
  /** DTSTAMP of every event: when the feed was generated. */
  generatedAt: Date
  /** DESCRIPTION per garbage type, e.g. 朝8時30分までに指定袋で出してください。 */
  descriptions?: Readonly<Record<string, string>>
}

const MAX_LINE_OCTETS = 75
const CRLF = '\r\n'

/** Escapes a TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and newlines. */
export function escapeIcalText(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n')
}

/**
 * Folds one content line (RFC 5545 §3.1): no line longer than 75 octets of UTF-8, continuation
 * lines start with a space, and a multi-byte character (or surrogate pair) is never split.
 */
export function foldIcalLine(line: string): string {
  const lines: string[] = []
  let current = ''
  let octets = 0
  for (const char of line) {
    const size = Buffer.byteLength(char, 'utf8')
    if (octets + size > MAX_LINE_OCTETS) {
      lines.push(current)
      current = ' '
      octets = 1
    }
    current += char
    octets += size
  }
  lines.push(current)
  return lines.join(CRLF)
}

/** Undoes folding: a CRLF followed by one space or tab is removed (RFC 5545 §3.1). */
export function unfoldIcal(text: string): string {
  return text.replace(/\r\n[ \t]/g, '')
}

function compactDate(iso: string): string {
  return iso.replace(/-/g, '')
}

function compactInstant(at: Date): string {
  return at.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z')
}

/** The stable UID of a collection: `<date>-<type>@<tenant>.<district>.yakuba`. */
export function garbageEventUid(tenant: string, district: string, collection: GarbageCollection): string {
  return `${compactDate(collection.date)}-${collection.type}@${tenant}.${district}.yakuba`
}

/** Builds the VCALENDAR text of a district's collections, CRLF-terminated. */
export function buildGarbageIcal(input: GarbageIcalInput): string {
  const stamp = compactInstant(input.generatedAt)
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Yakuba//Garbage Calendar//JA',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeIcalText(input.calendarName)}`,
    'X-WR-TIMEZONE:Asia/Tokyo',
  ]
  for (const collection of input.collections) {
    const description = [input.descriptions?.[collection.type], collection.note].filter(Boolean).join('\n')
    lines.push(
      'BEGIN:VEVENT',
      `UID:${escapeIcalText(garbageEventUid(input.tenant, input.district, collection))}`,
      `DTSTAMP:${stamp}`,
      `DTSTART;VALUE=DATE:${compactDate(collection.date)}`,
      `DTEND;VALUE=DATE:${compactDate(addCalendarDays(collection.date, 1))}`,
      `SUMMARY:${escapeIcalText(collection.type)}`,
      ...(description ? [`DESCRIPTION:${escapeIcalText(description)}`] : []),
      'TRANSP:TRANSPARENT',
      'END:VEVENT',
    )
  }
  lines.push('END:VCALENDAR')
  return lines.map(foldIcalLine).join(CRLF) + CRLF
}
