import { describe, expect, it } from 'vitest'
import { importGarbageRulesCsv, importSortingDictionaryCsv } from './garbage-csv.js'
import { exportGarbageRulesCsv, exportSortingDictionaryCsv, quoteCsvCell } from './garbage-csv-export.js'
import { GarbageCalendarSchema } from './garbage-rules.js'

const calendar = GarbageCalendarSchema.parse({
  rules: [
    { district: 'chuo-1', type: '燃えるごみ', schedule: { kind: 'weekly', daysOfWeek: [1, 4] }, holidayPolicy: 'collect', note: '朝8時30分まで, 指定袋で' },
    { district: 'chuo-1', type: '資源ごみ', schedule: { kind: 'nthWeekday', dayOfWeek: 3, weeks: [2, 4] }, holidayPolicy: 'next-business-day' },
    { district: 'chuo-2', type: '有害ごみ', schedule: { kind: 'monthlyDates', days: [1, 15] }, holidayPolicy: 'skip' },
    { district: 'chuo-2', type: '粗大ごみ', schedule: { kind: 'explicitDates', dates: ['2027-02-08', '2027-03-08'] }, holidayPolicy: 'collect', note: '申込制\n前日までに' },
  ],
  exceptions: [
    { district: 'chuo-1', date: '2027-01-04', action: 'add', type: '燃えるごみ', note: '年始臨時収集' },
    { district: 'chuo-2', date: '2027-03-22', action: 'cancel' },
  ],
  yearEndClosure: 'dec-29',
})

describe('exportGarbageRulesCsv', () => {
  it('writes a file the importer reads back into the same rules and exceptions', () => {
    const csv = exportGarbageRulesCsv(calendar)
    expect(csv.startsWith('\uFEFF地区,分別区分,種類,曜日,第何週,日付,祝日の扱い,備考\r\n')).toBe(true)
    const imported = importGarbageRulesCsv(Buffer.from(csv, 'utf8'))
    expect(imported.errors).toEqual([])
    expect(imported.rules).toEqual(calendar.rules)
    expect(imported.exceptions).toEqual(calendar.exceptions)
  })

  it('writes weekdays and weeks the way staff type them', () => {
    const lines = exportGarbageRulesCsv(calendar).split('\r\n')
    expect(lines[1]).toBe('chuo-1,燃えるごみ,毎週,月・木,,,収集,"朝8時30分まで, 指定袋で"')
    expect(lines[2]).toBe('chuo-1,資源ごみ,第N曜日,水,2・4,,翌営業日,')
  })
})

describe('exportSortingDictionaryCsv', () => {
  it('round-trips entries with quotes, commas and line breaks', () => {
    const entries = [
      { item: 'スプレー缶', reading: 'すぷれーかん', category: '有害ごみ', instructions: '中身を使い切り、"穴は開けずに"出す' },
      { item: '傘', reading: 'かさ', category: '不燃ごみ' },
      { item: '布団', category: '粗大ごみ', instructions: '申込制,\n収集日の朝に出す' },
    ]
    const imported = importSortingDictionaryCsv(Buffer.from(exportSortingDictionaryCsv(entries), 'utf8'))
    expect(imported.errors).toEqual([])
    expect(imported.entries).toEqual(entries)
  })
})

describe('quoteCsvCell', () => {
  it('quotes only cells that need it', () => {
    expect(quoteCsvCell('燃えるごみ')).toBe('燃えるごみ')
    expect(quoteCsvCell('a,b')).toBe('"a,b"')
    expect(quoteCsvCell('say "hi"')).toBe('"say ""hi"""')
  })
})
