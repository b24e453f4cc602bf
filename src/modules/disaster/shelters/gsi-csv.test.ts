import { describe, expect, it } from 'vitest'
import { encodeShiftJis } from '../../../jp/shift-jis.js'
import { detectShelterFile, encodingProblem, readGsiCsv } from './gsi-csv.js'
import { lgCodeCheckDigit } from './shelter-csv.js'

const CHIYODA = `13101${lgCodeCheckDigit('13101')}`
const EMERGENCY_HEADER = 'NO,共通ID,施設・場所名,住所,洪水,崖崩れ、土石流及び地滑り,高潮,地震,津波,大規模な火事,内水氾濫,火山現象,指定避難所との住所同一,緯度,経度,備考'
const SHELTER_HEADER = 'NO,共通ID,施設・場所名,住所,指定緊急避難場所との住所同一,その他市町村長が必要と認める事項,受入対象者,緯度,経度,備考'

describe('GSI shelter CSVs', () => {
  it('tells the three supported files apart by their header', () => {
    expect(detectShelterFile(`${EMERGENCY_HEADER}\n`)).toBe('gsi-emergency')
    expect(detectShelterFile(`\uFEFF${SHELTER_HEADER}\n`)).toBe('gsi-shelter')
    expect(detectShelterFile('NO,名称,名称_カナ,住所\n')).toBe('standard')
    expect(detectShelterFile('a,b,c\n')).toBeUndefined()
  })

  it('reads an emergency-place row with its hazards, the municipality from 共通ID, and fixes swapped coordinates', () => {
    const csv = `${EMERGENCY_HEADER}\n28,E1310100002201,番町小学校,東京都千代田区六番町8,1,,1,1,,,1,,1,139.73407899331,35.688111802263,\n29,E1310200000001,他区の公園,東京都中央区1,1,,,,,,,,,35.67,139.77,\n`
    const report = readGsiCsv(csv, CHIYODA, 'gsi-emergency')
    expect(report.rows).toHaveLength(1)
    expect(report.rows[0]).toMatchObject({ code: 'E1310100002201', name: '番町小学校', lgCode: CHIYODA, hazards: ['flood', 'stormSurge', 'earthquake', 'inlandFlood'], isAlsoShelter: true, latitude: 35.688111802263, longitude: 139.73407899331 })
    expect(report.fixed.map(n => n.key)).toContain('disaster.shelterCsv.coordinatesSwapped')
    expect(report.rejected).toEqual([expect.objectContaining({ line: 3, key: 'disaster.shelterCsv.otherMunicipality' })])
  })

  it('reads a 指定避難所 file in Shift_JIS and keeps 受入対象者 in the notes', () => {
    const csv = `${SHELTER_HEADER}\r\n1,S1310100000001,麹町中学校,東京都千代田区麹町2-1,1,,要配慮者,35.68,139.74,\r\n2,bad-id,名前,東京都千代田区,,,,35.68,139.74,\r\n`
    const report = readGsiCsv(encodeShiftJis(csv).bytes, CHIYODA, 'gsi-shelter')
    expect(report.encoding).toBe('shift_jis')
    expect(report.rows[0]).toMatchObject({ name: '麹町中学校', isAlsoShelter: true, hazards: [], notes: '受入対象者: 要配慮者' })
    expect(report.rejected).toEqual([expect.objectContaining({ line: 3, column: '共通ID', key: 'disaster.shelters.gsiCsv.commonIdInvalid' })])
  })

  it('rejects a file without the GSI columns, naming each missing column', () => {
    const report = readGsiCsv('NO,共通ID,施設・場所名,住所\n1,E1310100000001,x,y\n', CHIYODA, 'gsi-emergency')
    expect(report.rows).toEqual([])
    expect(report.rejected.map(n => n.params?.column)).toContain('洪水')
  })

  it('refuses UTF-16 and bytes that are neither UTF-8 nor Shift_JIS', () => {
    expect(encodingProblem(new Uint8Array([0xff, 0xfe, 0x4e, 0x00]))).toBe('disaster.shelters.gsiCsv.utf16')
    expect(encodingProblem(new Uint8Array([0x4e, 0x00, 0x4f, 0x00]))).toBe('disaster.shelters.gsiCsv.utf16')
    expect(encodingProblem(new Uint8Array([0x41, 0x2c, 0x80, 0xa0, 0xfd, 0xfe]))).toBe('disaster.shelters.gsiCsv.encodingUnreadable')
    expect(encodingProblem(new TextEncoder().encode('NO,名称\n'))).toBeUndefined()
  })
})
