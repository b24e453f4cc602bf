import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { formatGarbageMessage, garbageCatalog } from './garbage-catalog.js'

const source = (file: string) => readFileSync(new URL(file, import.meta.url), 'utf8')

/** Every message key the importers can produce, found in their source. */
function csvErrorKeys(): string[] {
  const csv = source('./garbage-csv.ts')
  const service = source('./garbage-import-service.ts')
  const reasons = new Set<string>()
  for (const match of csv.matchAll(/\$\{KEY_PREFIX\}(\w+)/g)) reasons.add(match[1] ?? '')
  // fail(column, reason, value): the reasons are the ASCII literals on those lines (columns are Japanese)
  for (const line of csv.split('\n').filter(text => text.includes('fail('))) {
    for (const match of line.matchAll(/(?<![=!]== )'([a-z][A-Za-z]+)'/g)) reasons.add(match[1] ?? '')
  }
  for (const match of service.matchAll(/\$\{KEY\}(\w+)/g)) reasons.add(match[1] ?? '')
  reasons.delete('')
  return [...reasons].map(reason => `notifications.garbage.csv.${reason}`)
}

describe('garbage catalog', () => {
  it('translates every CSV error key the importers produce, in all three languages', () => {
    const keys = csvErrorKeys()
    expect(keys).toEqual(expect.arrayContaining([
      'notifications.garbage.csv.emptyFile', 'notifications.garbage.csv.missingColumn', 'notifications.garbage.csv.unterminatedQuote',
      'notifications.garbage.csv.requiredField', 'notifications.garbage.csv.unknownScheduleKind', 'notifications.garbage.csv.unknownWeekday',
      'notifications.garbage.csv.oneWeekdayOnly', 'notifications.garbage.csv.invalidWeek', 'notifications.garbage.csv.invalidDayOfMonth',
      'notifications.garbage.csv.invalidDate', 'notifications.garbage.csv.unknownHolidayPolicy', 'notifications.garbage.csv.unknownDistrict',
    ]))
    for (const key of keys) for (const locale of ['ja', 'ja-easy', 'en'] as const) expect({ key, locale, text: garbageCatalog[locale][key] }).toEqual({ key, locale, text: expect.any(String) })
  })

  it('uses only the parameters an error carries', () => {
    for (const key of csvErrorKeys()) {
      for (const locale of ['ja', 'ja-easy', 'en'] as const) {
        const placeholders = [...(garbageCatalog[locale][key] ?? '').matchAll(/\{(\w+)\}/g)].map(match => match[1])
        expect(placeholders.filter(name => !['column', 'value', 'max'].includes(name ?? ''))).toEqual([])
      }
    }
  })

  it('formats reminder texts outside a request', () => {
    expect(formatGarbageMessage('ja', 'notifications.garbage.reminder.subject.tomorrow', { types: '燃えるごみ' })).toBe('明日は 燃えるごみ の日です')
    expect(formatGarbageMessage('en', 'notifications.garbage.csv.valueTooLong', { column: '品目', max: 200 })).toBe('“品目” is too long (at most 200 characters).')
  })
})
