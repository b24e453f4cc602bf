import { describe, expect, it } from 'vitest'
import { parseShelterDetails } from './shelter-details.js'

const good = { code: 'F-01', nameJa: '中央福祉センター', nameEasy: 'ちゅうおう ふくし センター', nameEn: 'Chuo Welfare Centre', address: '東京都デモ市中央一丁目2番3号', latitude: '35.681', longitude: '139.767', kinds: 'shelter', hazards: ['flood', 'unknown'], capacity: '1,200', phone: '03-1234-5678', accessible: 'on' }

describe('shelter details typed by staff', () => {
  it('reads a new place: names in three languages, location, kind, known hazards, capacity with a comma', () => {
    const { input, problems } = parseShelterDetails(good, { isNew: true })
    expect(problems).toEqual([])
    expect(input).toEqual({
      code: 'F-01',
      names: { ja: '中央福祉センター', 'ja-easy': 'ちゅうおう ふくし センター', en: 'Chuo Welfare Centre' },
      address: '東京都デモ市中央一丁目2番3号',
      latitude: 35.681,
      longitude: 139.767,
      isEmergencyPlace: false,
      isShelter: true,
      hazards: ['flood'],
      capacity: 1200,
      phone: '03-1234-5678',
      isAccessible: true,
    })
  })

  it('reads full-width digits and keeps the code out of an edit', () => {
    const { input } = parseShelterDetails({ ...good, code: 'ignored', latitude: '３５．６８', longitude: '１３９．７６', capacity: '３００' }, { isNew: false })
    expect(input).toMatchObject({ code: '', latitude: 35.68, longitude: 139.76, capacity: 300 })
  })

  it('names every problem with its field', () => {
    const { input, problems } = parseShelterDetails({ code: 'ア', nameJa: '', address: '', latitude: '91', longitude: '', capacity: '-5', phone: 'call', kinds: [] }, { isNew: true })
    expect(input).toBeUndefined()
    expect(problems.map(p => [p.field, p.key.replace('disaster.shelters.details.', '')])).toEqual([
      ['code', 'codeInvalid'],
      ['nameJa', 'name.required'],
      ['address', 'address.required'],
      ['latitude', 'latitudeInvalid'],
      ['kinds', 'kindRequired'],
      ['capacity', 'capacityInvalid'],
      ['phone', 'phoneInvalid'],
    ])
    expect(parseShelterDetails({ ...good, longitude: '' }, { isNew: true }).problems).toEqual([{ field: 'longitude', key: 'disaster.shelters.details.coordinatesPair' }])
  })
})
