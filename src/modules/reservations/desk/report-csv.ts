/**
 * The utilisation report as CSV for Excel and the 財務 / 施設管理 systems: UTF-8 with a byte-order
 * mark (Excel then reads it as UTF-8), or Shift_JIS (Windows-31J) for older systems. One line per
 * facility and time band, a line per facility total, and the grand total; CRLF line ends.
 */
import { encodeShiftJis } from '../../../jp/shift-jis.js'
import type { Locale, Translate } from '../../../platform/i18n/i18n.js'
import type { LocalizedText } from '../reservation-tables.js'
import { TIME_BANDS } from './desk-rules.js'
import { occupancyOf, percentOf, useRateOf, type UtilisationFigures, type UtilisationReport } from './report-figures.js'

export const REPORT_ENCODINGS = ['utf8', 'sjis'] as const
export type ReportEncoding = (typeof REPORT_ENCODINGS)[number]

/**
 * One CSV cell. Text a spreadsheet would run as a formula (= + - @, tab, CR first) gets a leading
 * apostrophe; numbers stay numbers; quotes, commas and line breaks are quoted.
 */
export function csvCell(value: string | number): string {
  if (typeof value === 'number') return String(value)
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

export function toCsv(rows: readonly (readonly (string | number)[])[]): string {
  return rows.map(row => row.map(csvCell).join(',')).join('\r\n') + '\r\n'
}

/** The name in the reader's language, falling back to Japanese. */
function nameIn(names: Partial<LocalizedText>, locale: Locale): string {
  return names[locale] || names.ja || ''
}

function figureCells(figures: UtilisationFigures): (string | number)[] {
  return [
    figures.slotCount,
    figures.capacitySeats,
    figures.bookings,
    figures.bookedSeats,
    percentOf(occupancyOf(figures)) ?? '',
    figures.checkedInSeats,
    percentOf(useRateOf(figures)) ?? '',
    figures.cancellations,
    figures.noShows,
  ]
}

/** The report's lines, header first, in the reader's language. */
export function reportCsvRows(report: UtilisationReport, t: Translate, locale: Locale): (string | number)[][] {
  const header = [
    t('reservations.desk.report.csv.from'),
    t('reservations.desk.report.csv.to'),
    t('reservations.desk.report.column.facility'),
    t('reservations.desk.report.column.band'),
    t('reservations.desk.report.column.slots'),
    t('reservations.desk.report.column.capacity'),
    t('reservations.desk.report.column.bookings'),
    t('reservations.desk.report.column.bookedSeats'),
    t('reservations.desk.report.column.occupancyPercent'),
    t('reservations.desk.report.column.checkedInSeats'),
    t('reservations.desk.report.column.usePercent'),
    t('reservations.desk.report.column.cancellations'),
    t('reservations.desk.report.column.noShows'),
  ]
  // Two columns rather than 'from〜to': the wave dash has no Shift_JIS code Excel agrees on.
  const period = [report.from, report.to]
  const lines: (string | number)[][] = [header]
  for (const facility of report.facilities) {
    const name = nameIn(facility.names, locale)
    for (const band of TIME_BANDS) lines.push([...period, name, t(`reservations.desk.band.${band}`), ...figureCells(facility.bands[band])])
    lines.push([...period, name, t('reservations.desk.report.allBands'), ...figureCells(facility.total)])
  }
  lines.push([...period, t('reservations.desk.report.allFacilities'), t('reservations.desk.report.allBands'), ...figureCells(report.total)])
  return lines
}

/** The file's bytes in the chosen encoding; `replaced` counts characters Shift_JIS has no code for (written as 〓). */
export function encodeReportCsv(text: string, encoding: ReportEncoding): { bytes: Buffer; replaced: number; contentType: string } {
  if (encoding === 'sjis') {
    const { bytes, replaced } = encodeShiftJis(text)
    return { bytes, replaced, contentType: 'text/csv; charset=Shift_JIS' }
  }
  return { bytes: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]), replaced: 0, contentType: 'text/csv; charset=utf-8' }
}
