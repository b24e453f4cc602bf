import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { capXpath, removeCapFiles, validateCap } from '../../../../test/cap-schema.js'
import { registerCatalog } from '../../../platform/i18n/i18n.js'
import type { AreaGeometry } from '../../notifications/index.js'
import { alertsCatalog } from './alerts-catalog.js'
import { capPolygons, capXmlOf, type CapRevisionInput } from './alert-cap.js'
import { checkTexts, noticeContentOf, templateTexts } from './alert-texts.js'

beforeAll(() => registerCatalog(alertsCatalog))
afterAll(removeCapFiles)

const square: AreaGeometry = { type: 'Polygon', coordinates: [[[139.75, 35.68], [139.76, 35.68], [139.76, 35.69], [139.75, 35.69], [139.75, 35.68]]] }
const districts = [
  { code: 'minami-1', names: { ja: '南町一丁目', 'ja-easy': 'みなみまち 1ちょうめ', en: 'Minamimachi 1-chome' }, geometry: square },
  { code: 'kita-1', names: { ja: '北町一丁目' }, geometry: null },
]

function input(over: Partial<CapRevisionInput> = {}): CapRevisionInput {
  const texts = templateTexts({ msgType: 'Alert', level: 4, hazards: ['flood', 'landslide'], districtNames: districts.map(d => d.names), municipality: { ja: 'デモ市', en: 'Demo City' } })
  return {
    tenant: { slug: 'demo', lgCode: '131016', name: 'デモ市', nameEn: 'Demo City' },
    publicUrl: 'https://yakuba.example',
    alertId: '7b0a4c0e-5d0e-4b7e-9a51-6b6f0b7e1a11',
    revision: 1,
    msgType: 'Alert',
    isTraining: false,
    level: 4,
    hazards: ['flood', 'landslide'],
    districts,
    texts,
    sent: new Date('2026-11-23T10:00:00Z'),
    earlier: [],
    contact: '防災課 03-0000-0000',
    ...over,
  }
}

describe('evacuation information texts', () => {
  it('fills the level template with hazards, districts and the municipality in three languages', () => {
    const texts = templateTexts({ msgType: 'Alert', level: 4, hazards: ['landslide', 'flood'], districtNames: districts.map(d => d.names), municipality: { ja: 'デモ市', en: 'Demo City' } })
    expect(texts.ja.headline).toBe('【警戒レベル4】避難指示(洪水・内水氾濫、土砂災害)')
    expect(texts.ja.description).toContain('南町一丁目、北町一丁目')
    expect(texts['ja-easy'].description).toContain('みなみまち 1ちょうめ')
    // a district without an English name falls back to Japanese
    expect(texts.en.description).toContain('Minamimachi 1-chome, 北町一丁目')
    expect(texts.en.description).toContain('Demo City')
    // the level's instruction, then advice per hazard in the order of HAZARDS
    expect(texts.ja.instruction.split('\n')).toEqual([expect.stringContaining('直ちに避難'), expect.stringContaining('川や用水路'), expect.stringContaining('崖や斜面')])
    const cancel = templateTexts({ msgType: 'Cancel', level: 4, hazards: ['flood'], districtNames: districts.map(d => d.names), municipality: { ja: 'デモ市', en: 'Demo City' } })
    expect(cancel.ja.headline).toBe('【解除】避難指示(洪水・内水氾濫)')
  })

  it('requires a headline and a description in every language and bounds the lengths', () => {
    const texts = input().texts
    expect(checkTexts(texts)).toEqual([])
    expect(checkTexts({ ...texts, en: { headline: '', description: 'x'.repeat(2001), instruction: '' } })).toEqual([
      { language: 'en', field: 'headline', code: 'required' },
      { language: 'en', field: 'description', code: 'tooLong', max: 2000 },
    ])
  })

  it('becomes a notice per language with an SMS text carrying the link', () => {
    const content = noticeContentOf(input().texts, 'https://yakuba.example/demo/alerts/x')
    expect(content.ja?.subject).toBe(input().texts.ja.headline)
    expect(content.ja?.body).toContain('直ちに避難')
    expect(content.en?.sms).toContain('https://yakuba.example/demo/alerts/x')
  })
})

describe('evacuation information as CAP 1.2', () => {
  it('turns GeoJSON outer rings into latitude-first CAP polygons', () => {
    expect(capPolygons(square)[0]?.[0]).toEqual([35.68, 139.75])
    expect(capPolygons(null)).toEqual([])
  })

  it('writes a first alert that validates against the OASIS schema, one info per language', () => {
    const xml = capXmlOf(input())
    const check = validateCap(xml)
    expect(check.ok, check.output).toBe(true)
    expect(capXpath(xml, 'count(//*[local-name()="info"])')).toBe('3')
    expect(capXpath(xml, 'string(//*[local-name()="status"])')).toBe('Actual')
    expect(capXpath(xml, 'string(//*[local-name()="identifier"])')).toBe('yakuba.demo.7b0a4c0e-5d0e-4b7e-9a51-6b6f0b7e1a11.1')
    expect(capXpath(xml, 'string((//*[local-name()="info"])[1]/*[local-name()="area"][1]/*[local-name()="polygon"])')).toBe('35.68,139.75 35.68,139.76 35.69,139.76 35.69,139.75 35.68,139.75')
    expect(capXpath(xml, 'string((//*[local-name()="info"])[3]/*[local-name()="language"])')).toBe('en-US')
  })

  it('writes a drill as Exercise and a cancellation with references to every earlier report', () => {
    const earlier = [
      { identifier: 'yakuba.demo.a.1', sent: new Date('2026-11-23T10:00:00Z') },
      { identifier: 'yakuba.demo.a.2', sent: new Date('2026-11-23T11:00:00Z') },
    ]
    const xml = capXmlOf(input({ msgType: 'Cancel', revision: 3, isTraining: true, earlier }))
    const check = validateCap(xml)
    expect(check.ok, check.output).toBe(true)
    expect(capXpath(xml, 'string(//*[local-name()="status"])')).toBe('Exercise')
    expect(capXpath(xml, 'string(//*[local-name()="msgType"])')).toBe('Cancel')
    expect(capXpath(xml, 'string(//*[local-name()="references"])')).toBe('demo@yakuba.example,yakuba.demo.a.1,2026-11-23T19:00:00+09:00 demo@yakuba.example,yakuba.demo.a.2,2026-11-23T20:00:00+09:00')
    expect(capXpath(xml, 'string((//*[local-name()="responseType"])[1])')).toBe('AllClear')
  })
})
