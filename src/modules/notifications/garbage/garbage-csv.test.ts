import { describe, expect, it } from 'vitest'
import { encodeShiftJis } from '../../../jp/shift-jis.js'
import { decodeCsvBytes, importGarbageRulesCsv, importSortingDictionaryCsv, parseCsvRecords } from './garbage-csv.js'

const BOM = Buffer.from([0xef, 0xbb, 0xbf])
const RULES_HEADER = '地区,分別区分,種類,曜日,第何週,日付,祝日の扱い,備考'

const rulesCsv = [
  RULES_HEADER,
  '東地区,燃えるごみ,毎週,月・木,,,翌営業日,朝8時30分まで',
  '東地区,資源ごみ,第N曜日,水,2・4,,休み,',
  '東地区,有害ごみ,毎月,,,"1,15",,',
  '東地区,粗大ごみ,指定日,,,2026/10/5・2026-11-16,収集,',
  '東地区,燃えるごみ,臨時収集,,,2027-01-02,,年始臨時収集',
  '東地区,,収集中止,,,2026-11-23,,',
].join('\r\n')

describe('decodeCsvBytes', () => {
  it('strips a UTF-8 BOM', () => {
    expect(decodeCsvBytes(Buffer.concat([BOM, Buffer.from('地区\r\n', 'utf8')]))).toEqual({ text: '地区\r\n', encoding: 'utf-8' })
  })

  it('reads UTF-8 without BOM and detects Shift_JIS', () => {
    expect(decodeCsvBytes(Buffer.from('燃えるごみ', 'utf8')).encoding).toBe('utf-8')
    const sjis = decodeCsvBytes(encodeShiftJis('燃えるごみ,ﾍﾟｯﾄﾎﾞﾄﾙ').bytes)
    expect(sjis).toEqual({ text: '燃えるごみ,ﾍﾟｯﾄﾎﾞﾄﾙ', encoding: 'shift_jis' })
  })
})

describe('parseCsvRecords', () => {
  it('handles RFC 4180 quoting: commas, doubled quotes and newlines, keeping start lines', () => {
    const { records, errors } = parseCsvRecords('a,"b,c","say ""hi"""\r\n"multi\r\nline",x\n\nlast,')
    expect(errors).toEqual([])
    expect(records).toEqual([
      { line: 1, fields: ['a', 'b,c', 'say "hi"'] },
      { line: 2, fields: ['multi\r\nline', 'x'] },
      { line: 5, fields: ['last', ''] },
    ])
  })

  it('reports an unterminated quote at the line where it opens, without throwing', () => {
    const { records, errors } = parseCsvRecords('a,b\nc,"open\nmore')
    expect(records).toEqual([{ line: 1, fields: ['a', 'b'] }])
    expect(errors).toEqual([{ line: 2, key: 'notifications.garbage.csv.unterminatedQuote' }])
  })
})

describe('importGarbageRulesCsv', () => {
  it('reads every kind of row from UTF-8 with BOM', () => {
    const result = importGarbageRulesCsv(Buffer.concat([BOM, Buffer.from(rulesCsv, 'utf8')]))
    expect(result.errors).toEqual([])
    expect(result.encoding).toBe('utf-8')
    expect(result.rules).toEqual([
      { district: '東地区', type: '燃えるごみ', schedule: { kind: 'weekly', daysOfWeek: [1, 4] }, holidayPolicy: 'next-business-day', note: '朝8時30分まで' },
      { district: '東地区', type: '資源ごみ', schedule: { kind: 'nthWeekday', dayOfWeek: 3, weeks: [2, 4] }, holidayPolicy: 'skip' },
      { district: '東地区', type: '有害ごみ', schedule: { kind: 'monthlyDates', days: [1, 15] }, holidayPolicy: 'collect' },
      { district: '東地区', type: '粗大ごみ', schedule: { kind: 'explicitDates', dates: ['2026-10-05', '2026-11-16'] }, holidayPolicy: 'collect' },
    ])
    expect(result.exceptions).toEqual([
      { district: '東地区', date: '2027-01-02', action: 'add', type: '燃えるごみ', note: '年始臨時収集' },
      { district: '東地区', date: '2026-11-23', action: 'cancel' },
    ])
  })

  it('reads the same file from Shift_JIS bytes', () => {
    const { bytes, replaced } = encodeShiftJis(rulesCsv)
    expect(replaced).toBe(0)
    const result = importGarbageRulesCsv(bytes)
    expect(result.encoding).toBe('shift_jis')
    expect(result.errors).toEqual([])
    expect(result.rules).toHaveLength(4)
    expect(result.rules[0]?.type).toBe('燃えるごみ')
  })

  it('reads a multi-line quoted note and reports later lines correctly', () => {
    const text = `${RULES_HEADER}\n東地区,燃えるごみ,毎週,火,,,,"袋は
指定袋"\n東地区,燃えるごみ,毎週,火曜,,,,\n東地区,びん,毎週,X,,,,`
    const result = importGarbageRulesCsv(text)
    expect(result.rules[0]?.note).toBe('袋は\n指定袋')
    expect(result.rules[1]?.schedule).toEqual({ kind: 'weekly', daysOfWeek: [2] })
    expect(result.errors).toEqual([{ line: 5, column: '曜日', key: 'notifications.garbage.csv.unknownWeekday', params: { column: '曜日', value: 'X' } }])
  })

  it('reports each bad row with its line number and keeps the good ones', () => {
    const text = [
      RULES_HEADER,
      '東地区,燃えるごみ,毎週,月,,,,',
      '東地区,資源ごみ,隔週,水,,,,',
      '東地区,資源ごみ,第N曜日,水,6,,,',
      ',燃えないごみ,指定日,,,2026-02-30,そのうち,',
    ].join('\n')
    const result = importGarbageRulesCsv(text)
    expect(result.rules).toHaveLength(1)
    expect(result.errors.map(error => [error.line, error.column, error.key])).toEqual([
      [3, '種類', 'notifications.garbage.csv.unknownScheduleKind'],
      [4, '第何週', 'notifications.garbage.csv.invalidWeek'],
      [5, '地区', 'notifications.garbage.csv.requiredField'],
      [5, '祝日の扱い', 'notifications.garbage.csv.unknownHolidayPolicy'],
      [5, '日付', 'notifications.garbage.csv.invalidDate'],
    ])
  })

  it('reports missing columns and empty files instead of throwing', () => {
    expect(importGarbageRulesCsv('地区,曜日\n東,月').errors.map(error => error.params?.column)).toEqual(['分別区分', '種類'])
    expect(importGarbageRulesCsv(new Uint8Array()).errors).toEqual([{ line: 1, key: 'notifications.garbage.csv.emptyFile' }])
    expect(() => importGarbageRulesCsv(Buffer.from([0xff, 0xfe, 0x00, 0x81]))).not.toThrow()
  })
})

describe('importSortingDictionaryCsv', () => {
  it('reads entries, with reordered columns and optional cells, from Shift_JIS', () => {
    const text = '分別区分,品目,よみがな,出し方\r\n資源ごみ,ペットボトル,ぺっとぼとる,"キャップ、ラベルを外して、""軽く""すすぐ"\r\n燃えないごみ,傘,かさ,\r\n,電池,でんち,\r\n'
    const result = importSortingDictionaryCsv(encodeShiftJis(text).bytes)
    expect(result.encoding).toBe('shift_jis')
    expect(result.entries).toEqual([
      { item: 'ペットボトル', reading: 'ぺっとぼとる', category: '資源ごみ', instructions: 'キャップ、ラベルを外して、"軽く"すすぐ' },
      { item: '傘', reading: 'かさ', category: '燃えないごみ' },
    ])
    expect(result.errors).toEqual([{ line: 4, column: '分別区分', key: 'notifications.garbage.csv.requiredField', params: { column: '分別区分' } }])
  })
})
