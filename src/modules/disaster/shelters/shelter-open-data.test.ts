import { describe, expect, it } from 'vitest'
import { readShelterCsv, type ShelterRow } from './shelter-csv.js'
import { SHELTER_CSV_COLUMNS, shelterGeoJson, writeShelterCsv } from './shelter-open-data.js'

const rows: Omit<ShelterRow, 'line'>[] = [
  { code: '1', name: '中港タワー', nameKana: 'ナカミナトタワー', address: '焼津市中港5-463', latitude: 34.87512688, longitude: 138.3270609, phone: '(054)625-0128', lgCode: '222127', hazards: ['earthquake', 'tsunami'], isAlsoShelter: false, capacity: null, url: '', notes: '' },
  { code: '2', name: '市民体育館, 第2', nameKana: '', address: '焼津市本町1-1', latitude: null, longitude: null, phone: '', lgCode: '222127', hazards: ['flood'], isAlsoShelter: true, capacity: 500, url: 'https://example.jp/a', notes: '=1+1 "注意"\n2行目' },
]
const yaizu = { prefecture: '静岡県', city: '焼津市' }

describe('shelters as open data', () => {
  it('writes the standard’s 26 columns in order, and the file reads back into the same rows', () => {
    const csv = writeShelterCsv(rows, yaizu)
    expect(csv.startsWith('\uFEFF')).toBe(true)
    expect(csv.split('\r\n')[0]).toBe(`\uFEFF${SHELTER_CSV_COLUMNS.join(',')}`)
    expect(SHELTER_CSV_COLUMNS).toHaveLength(26)
    const back = readShelterCsv(Buffer.from(csv, 'utf8'), '222127')
    expect(back.rejected).toEqual([])
    expect(back.rows.map(({ line: _line, ...row }) => row)).toEqual([rows[0], { ...rows[1], notes: `'=1+1 "注意"\n2行目` }])
  })

  it('keeps a formula from running when the file is opened in Excel', () => {
    expect(writeShelterCsv([rows[1]!], yaizu)).toContain(`"'=1+1 ""注意""\n2行目"`)
  })

  it('writes GeoJSON points as [longitude, latitude], leaving out places without a location', () => {
    const geojson = shelterGeoJson(rows)
    expect(geojson.features).toHaveLength(1)
    expect(geojson.features[0]).toMatchObject({ id: '222127-1', geometry: { type: 'Point', coordinates: [138.3270609, 34.87512688] }, properties: { name: '中港タワー', hazards: ['earthquake', 'tsunami'] } })
  })
})
