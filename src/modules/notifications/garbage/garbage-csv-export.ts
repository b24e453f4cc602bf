/**
 * Writes the current calendar and dictionary back as the CSV files staff import (README.md), so
 * that "download, edit in Excel, upload" round-trips: UTF-8 with a BOM (Excel then reads it as
 * UTF-8), CRLF line ends, RFC 4180 quoting.
 */
import type { GarbageCalendar, GarbageRule, HolidayPolicy } from './garbage-rules.js'
import type { SortingEntry } from './garbage-dictionary.js'
import { DICTIONARY_CSV_COLUMNS, RULES_CSV_COLUMNS } from './garbage-csv.js'

const BOM = '\uFEFF'
const CRLF = '\r\n'
const WEEKDAY_LETTERS = ['日', '月', '火', '水', '木', '金', '土'] as const
const POLICY_WORDS: Readonly<Record<HolidayPolicy, string>> = { collect: '収集', skip: '休み', 'next-business-day': '翌営業日' }

/** Quotes a cell when it holds a comma, a quote or a line break (RFC 4180). */
export function quoteCsvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value
}

function toCsv(rows: readonly (readonly string[])[]): string {
  return BOM + rows.map(row => row.map(quoteCsvCell).join(',')).join(CRLF) + CRLF
}

function weekdayLetter(day: number): string {
  return WEEKDAY_LETTERS[day] ?? ''
}

function ruleRow(rule: GarbageRule): string[] {
  const policy = POLICY_WORDS[rule.holidayPolicy]
  const note = rule.note ?? ''
  const schedule = rule.schedule
  switch (schedule.kind) {
    case 'weekly':
      return [rule.district, rule.type, '毎週', schedule.daysOfWeek.map(weekdayLetter).join('・'), '', '', policy, note]
    case 'nthWeekday':
      return [rule.district, rule.type, '第N曜日', weekdayLetter(schedule.dayOfWeek), schedule.weeks.join('・'), '', policy, note]
    case 'monthlyDates':
      return [rule.district, rule.type, '毎月', '', '', schedule.days.join('・'), policy, note]
    case 'explicitDates':
      return [rule.district, rule.type, '指定日', '', '', schedule.dates.join('・'), policy, note]
  }
}

/** The rules file of a calendar: rules first, then 臨時収集 / 収集中止 rows by date. */
export function exportGarbageRulesCsv(calendar: GarbageCalendar): string {
  const exceptions = [...calendar.exceptions].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
  return toCsv([
    RULES_CSV_COLUMNS,
    ...calendar.rules.map(ruleRow),
    ...exceptions.map(exception => [exception.district, exception.type ?? '', exception.action === 'add' ? '臨時収集' : '収集中止', '', '', exception.date, '', exception.note ?? '']),
  ])
}

/** The sorting dictionary file, in its stored order. */
export function exportSortingDictionaryCsv(entries: readonly SortingEntry[]): string {
  return toCsv([DICTIONARY_CSV_COLUMNS, ...entries.map(entry => [entry.item, entry.reading ?? '', entry.category, entry.instructions ?? ''])])
}
