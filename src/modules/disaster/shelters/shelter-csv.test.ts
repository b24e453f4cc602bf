import { describe, expect, it } from 'vitest'
import { encodeShiftJis } from '../../../jp/shift-jis.js'
import { disasterCatalog } from '../disaster-catalog.js'
import { lgCodeCheckDigit, MAX_SHELTER_CSV_ROWS, readShelterCsv as readCsv, type ShelterCsvReport } from './shelter-csv.js'

// 焼津市 (222127). The v2 header is the one 焼津市 publishes, verbatim.
const YAIZU = '222127'
const V2_HEADER =
  'NO,名称,名称_カナ,住所,方書,緯度,経度,標高,電話番号,内線番号,市区町村コード,都道府県名,市区町村名,災害種別_洪水,災害種別_崖崩れ、土石流及び地滑り,災害種別_高潮,災害種別_地震,災害種別_津波,災害種別_大規模な火事,災害種別_内水氾濫,災害種別_火山現象,指定避難所との重複,想定収容人数,対象となる町会・自治会,URL,備考'
const OFFICIAL_HEADER =
  '全国地方公共団体コード,ID,名称,名称_カナ,名称_英字,所在地_全国地方公共団体コード,町字ID,所在地_連結表記,所在地_都道府県,所在地_市区町村,所在地_町字,所在地_番地以下,建物名等(方書),緯度,経度,標高,電話番号,内線番号,連絡先メールアドレス,連絡先FormURL,連絡先備考（その他、SNSなど）,郵便番号,市区町村コード,地方公共団体名,災害種別_洪水,災害種別_崖崩れ、土石流及び地滑り,災害種別_高潮,災害種別_地震,災害種別_津波,災害種別_大規模な火事,災害種別_内水氾濫,災害種別_火山現象,指定避難所との重複,想定収容人数,対象となる町会・自治会,URL,画像,画像_ライセンス,備考'

const BOM = Buffer.from([0xef, 0xbb, 0xbf])
/** Every note any test's report gave, checked against the catalog by the last test. */
const seen = new Set<string>()
function readShelterCsv(input: Uint8Array | string, lgCode: string): ShelterCsvReport {
  const report = readCsv(input, lgCode)
  for (const note of [...report.fixed, ...report.rejected]) seen.add(note.key)
  return report
}
const keysOf = (notes: ShelterCsvReport['fixed']) => notes.map(note => `${note.line}:${note.key.replace('disaster.shelterCsv.', '')}`)

describe('shelter CSV (指定緊急避難場所一覧)', () => {
  it('reads 焼津市’s own v2 file in Shift_JIS, with ○ for the hazard flags', () => {
    const csv = [V2_HEADER, '1,中港タワー,ナカミナトタワー,焼津市中港5-463,,34.87512688,138.3270609,,(054)625-0128,,222127,静岡県,焼津市,,,,○,○,,,,,,,,', ''].join('\r\n')
    const report = readShelterCsv(encodeShiftJis(csv).bytes, YAIZU)
    expect(report).toMatchObject({ format: 'v2', encoding: 'shift_jis', rejected: [] })
    expect(report.rows).toEqual([
      {
        line: 2,
        code: '1',
        name: '中港タワー',
        nameKana: 'ナカミナトタワー',
        address: '焼津市中港5-463',
        latitude: 34.87512688,
        longitude: 138.3270609,
        phone: '(054)625-0128',
        lgCode: '222127',
        hazards: ['earthquake', 'tsunami'],
        isAlsoShelter: false,
        capacity: null,
        url: '',
        notes: '',
      },
    ])
    expect(keysOf(report.fixed)).toEqual(['2:flagNormalised', '2:flagNormalised'])
  })

  it('reads the 正式版 in UTF-8 with a BOM, repairing a lost check digit, swapped coordinates and a written capacity', () => {
    const row = (fields: Record<string, string>) => OFFICIAL_HEADER.split(',').map(column => fields[column] ?? '').join(',')
    const csv = [
      OFFICIAL_HEADER,
      row({ 全国地方公共団体コード: '222127', ID: 'E-001', 名称: '焼津市立小学校', 所在地_全国地方公共団体コード: '22212', 所在地_都道府県: '静岡県', 所在地_市区町村: '焼津市', 所在地_町字: '本町', 所在地_番地以下: '1-1', 緯度: '138.32', 経度: '34.86', 災害種別_地震: '1', 指定避難所との重複: '1', 想定収容人数: '約５００人' }),
      row({ 全国地方公共団体コード: '222127', ID: 'E-002', 名称: '公園', 所在地_全国地方公共団体コード: '222127', 所在地_連結表記: '静岡県焼津市西小川1-1', 緯度: '', 経度: '' }),
    ].join('\n')
    const report = readShelterCsv(Buffer.concat([BOM, Buffer.from(csv, 'utf8')]), YAIZU)
    expect(report).toMatchObject({ format: 'official', encoding: 'utf-8', rejected: [] })
    expect(report.rows[0]).toMatchObject({ code: 'E-001', address: '静岡県焼津市本町1-1', lgCode: '222127', latitude: 34.86, longitude: 138.32, hazards: ['earthquake'], isAlsoShelter: true, capacity: 500 })
    expect(report.rows[1]).toMatchObject({ code: 'E-002', address: '静岡県焼津市西小川1-1', latitude: null, longitude: null, hazards: [] })
    expect(keysOf(report.fixed)).toEqual(['2:lgCodeCheckDigitAdded', '2:coordinatesSwapped', '2:capacityRead', '3:noHazard'])
    expect(report.fixed[0]?.params).toEqual({ from: '22212', to: '222127' })
  })

  it('rejects rows it cannot trust, with the line and the reason, and keeps the rest', () => {
    const csv = [
      V2_HEADER,
      '1,,,焼津市本町1-1,,34.86,138.32,,,,222127,静岡県,焼津市,1,,,,,,,,,,,,',
      '2,名無し住所,,,,34.86,138.32,,,,222127,静岡県,焼津市,1,,,,,,,,,,,,',
      '3,チェック違い,,焼津市本町1-1,,34.86,138.32,,,,222128,静岡県,焼津市,1,,,,,,,,,,,,',
      '4,静岡市の場所,,静岡市葵区1-1,,34.97,138.38,,,,221007,静岡県,静岡市,1,,,,,,,,,,,,',
      '5,海の上,,焼津市本町1-1,,10.5,100.1,,,,222127,静岡県,焼津市,1,,,,,,,,,,,,',
      '6,読めない,,焼津市本町1-1,,北緯34度,138.32,,,,222127,静岡県,焼津市,1,?,,,,,,,,不明,,,',
    ].join('\n')
    const report = readShelterCsv(csv, YAIZU)
    expect(keysOf(report.rejected)).toEqual(['2:nameMissing', '3:addressMissing', '4:lgCodeInvalid', '5:otherMunicipality'])
    expect(report.rows.map(row => row.code)).toEqual(['5', '6'])
    expect(report.rows.map(row => [row.latitude, row.longitude])).toEqual([
      [null, null],
      [null, null],
    ])
    expect(keysOf(report.fixed)).toEqual(['6:coordinatesOutsideJapan', '7:coordinatesUnreadable', '7:flagUnreadable', '7:capacityUnreadable'])
  })

  it('refuses a file it cannot read as a whole, saying why', () => {
    expect(keysOf(readShelterCsv('', YAIZU).rejected)).toEqual(['1:emptyFile'])
    expect(keysOf(readShelterCsv('施設名,住所\nA,B\n', YAIZU).rejected)).toEqual(['1:unknownHeader'])
    const noHazards = V2_HEADER.split(',').filter(column => !column.startsWith('災害種別_')).join(',')
    const missing = readShelterCsv(`${noHazards}\n`, YAIZU)
    expect(missing.rejected).toHaveLength(8)
    expect(missing.rejected[0]).toMatchObject({ key: 'disaster.shelterCsv.missingColumn', params: { column: '災害種別_洪水' } })
    expect(keysOf(readShelterCsv(`${V2_HEADER}\n"1,名称`, YAIZU).rejected)).toEqual(['2:unterminatedQuote'])
    const tooMany = readShelterCsv(`${V2_HEADER}\n${'1,体育館,,焼津市本町1-1,,,,,,,222127,,,1,,,,,,,,,,,,\n'.repeat(MAX_SHELTER_CSV_ROWS + 1)}`, YAIZU)
    expect(keysOf(tooMany.rejected)).toEqual(['1:tooManyRows'])
    expect(tooMany.rows).toEqual([])
  })

  it('accepts full-width parentheses in header names and full-width digits in cells', () => {
    const header = V2_HEADER.replace('名称_カナ', '名称＿カナ')
    const report = readShelterCsv(`${header}\n１,体育館,,焼津市本町1-1,,３４．８６,１３８．３２,,,,２２２１２７,静岡県,焼津市,1,,,,,,,,,,,,`, YAIZU)
    expect(report.rejected).toEqual([])
    expect(report.rows[0]).toMatchObject({ code: '1', latitude: 34.86, longitude: 138.32, lgCode: '222127' })
  })

  it('computes the check digit of 全国地方公共団体コード', () => {
    expect(lgCodeCheckDigit('13101')).toBe(6) // 千代田区 131016
    expect(lgCodeCheckDigit('22212')).toBe(7) // 焼津市 222127
    expect(lgCodeCheckDigit('01100')).toBe(2) // 札幌市 011002
    expect(lgCodeCheckDigit('47201')).toBe(8) // 那覇市 472018
  })

  it('has every message the reports above gave in 日本語, やさしい日本語 and English, and no message they never gave', () => {
    const catalogKeys = Object.keys(disasterCatalog.ja).filter(key => key.startsWith('disaster.shelterCsv.'))
    for (const key of seen) {
      for (const locale of ['ja', 'ja-easy', 'en'] as const) expect(disasterCatalog[locale][key], `${locale} ${key}`).toBeTruthy()
    }
    expect(catalogKeys.filter(key => !seen.has(key))).toEqual([])
  })
})
