/**
 * 和暦 (wareki): Japanese era dates such as 令和7年4月1日, used on forms, notices and certificates.
 *
 * The era table is explicit rather than taken from Intl's `ja-JP-u-ca-japanese` calendar, because
 * that calendar depends on the ICU build: older Node releases know no 令和 and some print 元年.
 *
 * 明治 starts on 1868-01-25, the Gregorian date of 慶応4年1月1日, because the 1868-10-23 change of era
 * was applied retroactively to the whole year. Japan only adopted the Gregorian calendar on
 * 明治6年 (1873-01-01), so dates before that will not match the lunar dates in period documents;
 * no resident or record Yakuba handles is that old.
 */
import { isRealDate, formatIsoDate, toCalendarDateParts, type CalendarDateInput } from './calendar-date.js'

export { toIsoDate } from './calendar-date.js'

/** One era of the Japanese calendar. */
export interface Era {
  /** Kanji name, e.g. 令和. */
  name: string
  /** Latin initial used in the short style, e.g. R. */
  initial: string
  /** First day of the era, 'YYYY-MM-DD'. */
  start: string
}

/** The eras Yakuba understands, oldest first. */
export const ERAS: readonly Era[] = [
  { name: '明治', initial: 'M', start: '1868-01-25' },
  { name: '大正', initial: 'T', start: '1912-07-30' },
  { name: '昭和', initial: 'S', start: '1926-12-25' },
  { name: '平成', initial: 'H', start: '1989-01-08' },
  { name: '令和', initial: 'R', start: '2019-05-01' },
]

/** `long` → 令和元年5月1日, `short` → R1.5.1. */
export type WarekiStyle = 'long' | 'short'

/** Options for formatWareki. */
export interface FormatWarekiOptions {
  style?: WarekiStyle
}

const startYearOf = (era: Era): number => Number(era.start.slice(0, 4))

// Letters and single kanji are what people actually type on forms (R7.4.1, 平31.4.30).
const ERA_ALIASES: ReadonlyMap<string, Era> = new Map(
  ERAS.flatMap(era => [
    [era.name, era],
    [era.name.charAt(0), era],
    [era.initial, era],
  ]),
)

const WAREKI_PATTERN =
  /^(明治|大正|昭和|平成|令和|[明大昭平令MTSHR])(元|\d{1,3})(?:年(\d{1,2})月(\d{1,2})日?|([./-])(\d{1,2})\5(\d{1,2}))$/

/** Finds the era a Tokyo calendar date belongs to; undefined before 明治. */
export function findEra(date: CalendarDateInput): Era | undefined {
  const iso = formatIsoDate(toCalendarDateParts(date))
  // ISO dates with four-digit years sort as strings in calendar order.
  let found: Era | undefined
  for (const era of ERAS) if (era.start <= iso) found = era
  return found
}

function labelEraYear(era: Era, eraYear: number): string {
  return `${era.name}${eraYear === 1 ? '元' : eraYear}年`
}

/**
 * Writes a date in 和暦: `令和元年5月1日` (long, the default) or `R1.5.1` (short).
 * Throws RangeError for invalid dates and dates before 明治.
 */
export function formatWareki(date: CalendarDateInput, options: FormatWarekiOptions = {}): string {
  const parts = toCalendarDateParts(date)
  const era = findEra(date)
  if (!era) throw new RangeError(`Date is before the 明治 era: ${formatIsoDate(parts)}`)
  const eraYear = parts.year - startYearOf(era) + 1
  const style = options.style ?? 'long'
  switch (style) {
    case 'long':
      return `${labelEraYear(era, eraYear)}${parts.month}月${parts.day}日`
    case 'short':
      return `${era.initial}${eraYear}.${parts.month}.${parts.day}`
    default: {
      const unknownStyle: never = style
      throw new RangeError(`Unknown wareki style: ${String(unknownStyle)}`)
    }
  }
}

/**
 * Reads a 和暦 date typed by a person and returns 'YYYY-MM-DD', or undefined when the text is not
 * a date or names a day outside its era (令和元年4月30日, 平成31年5月1日) or that does not exist.
 * Accepts 令和7年4月1日, 令和元年5月1日, R7.4.1, r7/4/1, 平31.4.30, full-width digits, ㍻ and spaces.
 */
export function parseWareki(text: string): string | undefined {
  const compact = text.normalize('NFKC').replace(/\s+/g, '').toUpperCase()
  const match = WAREKI_PATTERN.exec(compact)
  if (!match) return undefined
  const [, eraText, yearText, kanjiMonth, kanjiDay, , separatedMonth, separatedDay] = match
  const era = ERA_ALIASES.get(eraText)
  if (!era) return undefined
  const eraYear = yearText === '元' ? 1 : Number(yearText)
  const year = startYearOf(era) + eraYear - 1
  const month = Number(kanjiMonth ?? separatedMonth)
  const day = Number(kanjiDay ?? separatedDay)
  if (eraYear < 1 || !isRealDate(year, month, day)) return undefined

  const iso = formatIsoDate({ year, month, day })
  const next = ERAS[ERAS.indexOf(era) + 1]
  if (iso < era.start || (next && iso >= next.start)) return undefined
  return iso
}

/**
 * Labels a Gregorian year in 和暦, naming both eras in a year of change:
 * 2019 → '平成31年/令和元年', 2025 → '令和7年'. Throws RangeError before 1868.
 */
export function formatWarekiYear(year: number): string {
  if (!Number.isInteger(year) || year < startYearOf(ERAS[0])) {
    throw new RangeError(`Year is not an integer from 1868 on: ${year}`)
  }
  const labels = ERAS.filter((era, index) => {
    const next = ERAS[index + 1]
    const startsByYearEnd = startYearOf(era) <= year
    const lastsIntoYear = !next || next.start > `${String(year).padStart(4, '0')}-01-01`
    return startsByYearEnd && lastsIntoYear
  }).map(era => labelEraYear(era, year - startYearOf(era) + 1))
  return labels.join('/')
}
