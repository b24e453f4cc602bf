import { afterAll, describe, expect, it } from 'vitest'
import { capXpath as xpath, removeCapFiles, validateCap as validate } from '../../../../test/cap-schema.js'
import { capDateTime, encodeCapAlert, type CapAlert, type CapInfo, type CapPoint } from './cap-document.js'
import { CAP_LANGUAGE, categoriesOf, evacuationCapProfile } from './cap-evacuation.js'

afterAll(removeCapFiles)

// Two districts of デモ市 as closed rings of [lat, lon].
const north: CapPoint[] = [
  [35.69, 139.75],
  [35.69, 139.77],
  [35.68, 139.77],
  [35.68, 139.75],
  [35.69, 139.75],
]
const south: CapPoint[] = [
  [35.67, 139.75],
  [35.67, 139.77],
  [35.66, 139.77],
  [35.66, 139.75],
  [35.67, 139.75],
]
const sent = new Date('2026-11-23T09:30:00Z')

function info(language: string, texts: { event: string; headline: string; description: string; instruction: string }, isCancel = false): CapInfo {
  return {
    language,
    categories: categoriesOf(['flood', 'landslide']),
    ...texts,
    ...evacuationCapProfile(4, isCancel),
    eventCodes: [
      { valueName: 'evacuationLevel', value: '4' },
      { valueName: 'hazard', value: 'flood' },
    ],
    effective: sent,
    senderName: 'デモ市',
    web: 'https://yakuba.example/demo/alerts/a-1',
    contact: 'デモ市役所 防災課 03-0000-0000',
    areas: [
      { areaDesc: '北町', polygons: [north], geocodes: [{ valueName: 'lgCode', value: '131016' }] },
      { areaDesc: '南町', polygons: [south], geocodes: [{ valueName: 'lgCode', value: '131016' }] },
    ],
  }
}

function levelFour(overrides: Partial<CapAlert> = {}): CapAlert {
  return {
    identifier: 'yakuba-demo-alert-1-r1',
    sender: 'alerts@demo.yakuba.example',
    sent,
    status: 'Actual',
    msgType: 'Alert',
    references: [],
    infos: [
      info(CAP_LANGUAGE.ja, { event: '避難指示', headline: '【警戒レベル4】北町・南町に避難指示', description: '川の水位が上がっています。', instruction: '危険な場所から全員避難してください。' }),
      info(CAP_LANGUAGE['ja-easy'], { event: 'ひなん して ください', headline: '【レベル4】きたまち・みなみまち の ひと は にげて ください', description: 'かわ の みず が ふえて います。', instruction: 'あぶない ところ から にげて ください。' }),
      info(CAP_LANGUAGE.en, { event: 'Evacuation instruction', headline: '[Level 4] Evacuation instruction for Kitamachi and Minamimachi', description: 'The river is rising.', instruction: 'Everyone must leave dangerous places now.' }),
    ],
    ...overrides,
  }
}

describe('CAP 1.2 documents', () => {
  it('writes a level-4 evacuation instruction for two districts in three languages that the OASIS schema accepts', () => {
    const xml = encodeCapAlert(levelFour())
    const result = validate(xml)
    expect(result.output).toContain('validates')
    expect(result.ok).toBe(true)
    expect(xml).toContain('<sent>2026-11-23T18:30:00+09:00</sent>')
    expect(xml).toContain('<language>ja-JP-x-easy</language>')
    expect(xml.match(/<info>/g)).toHaveLength(3)
    expect(xml.match(/<area>/g)).toHaveLength(6)
    expect(xml).toContain('<polygon>35.69,139.75 35.69,139.77 35.68,139.77 35.68,139.75 35.69,139.75</polygon>')
    expect(xml).toContain('<responseType>Evacuate</responseType>')
  })

  it('writes an update and a cancellation that reference every earlier message, and a training alert as Exercise', () => {
    const first = { sender: 'alerts@demo.yakuba.example', identifier: 'yakuba-demo-alert-1-r1', sent }
    const update = encodeCapAlert(levelFour({ identifier: 'yakuba-demo-alert-1-r2', msgType: 'Update', references: [first], sent: new Date('2026-11-23T10:00:00Z') }))
    expect(validate(update).ok).toBe(true)
    expect(update).toContain('<references>alerts@demo.yakuba.example,yakuba-demo-alert-1-r1,2026-11-23T18:30:00+09:00</references>')

    const second = { sender: 'alerts@demo.yakuba.example', identifier: 'yakuba-demo-alert-1-r2', sent: new Date('2026-11-23T10:00:00Z') }
    const cancel = encodeCapAlert(
      levelFour({
        identifier: 'yakuba-demo-alert-1-r3',
        msgType: 'Cancel',
        references: [first, second],
        infos: [info(CAP_LANGUAGE.ja, { event: '避難指示の解除', headline: '北町・南町の避難指示を解除しました', description: '川の水位が下がりました。', instruction: '自宅に戻る際は足元に注意してください。' }, true)],
      }),
    )
    expect(validate(cancel).ok).toBe(true)
    expect(cancel).toContain('<responseType>AllClear</responseType>')
    expect(cancel).toContain('<urgency>Past</urgency>')
    expect(cancel.match(/yakuba-demo-alert-1-r\d,/g)).toEqual(['yakuba-demo-alert-1-r1,', 'yakuba-demo-alert-1-r2,'])

    const training = encodeCapAlert(levelFour({ status: 'Exercise', note: '訓練' }))
    expect(validate(training).ok).toBe(true)
    expect(training).toContain('<status>Exercise</status>')
  })

  it('escapes markup in staff-written texts, and the text reads back unchanged', () => {
    const headline = '<script>alert("x")</script> & 避難 > 至急'
    const alert = levelFour()
    const xml = encodeCapAlert({ ...alert, infos: [{ ...alert.infos[0]!, headline: `${headline}\u0007` }] })
    expect(validate(xml).ok).toBe(true)
    expect(xml).not.toContain('<script>')
    expect(xpath(xml, "string(//*[local-name()='headline'])")).toBe(headline)
  })

  it('is checked by a validator that does fail: a broken document is refused', () => {
    const xml = encodeCapAlert(levelFour())
    const broken = validate(xml.replace('<status>Actual</status>', '<status>Real</status>'))
    expect(broken.ok).toBe(false)
    expect(broken.output).toContain('status')
    expect(validate(xml.replace(/<sent>[^<]+<\/sent>/, '<sent>2026-11-23T09:30:00Z</sent>')).ok).toBe(false)
  })

  it('refuses what CAP forbids but the schema cannot see, with a reason', () => {
    expect(() => encodeCapAlert(levelFour({ identifier: 'has space' }))).toThrow(/identifier/)
    expect(() => encodeCapAlert(levelFour({ sender: 'a,b' }))).toThrow(/sender/)
    expect(() => encodeCapAlert(levelFour({ msgType: 'Update' }))).toThrow(/references/)
    const open: CapPoint[] = north.slice(0, 4)
    const alert = levelFour()
    const withPolygon = (polygon: CapPoint[]) => ({ ...alert, infos: [{ ...alert.infos[0]!, areas: [{ areaDesc: 'x', polygons: [polygon], geocodes: [] }] }] })
    expect(() => encodeCapAlert(withPolygon(open))).toThrow(/first point/)
    expect(() => encodeCapAlert(withPolygon(north.slice(0, 3)))).toThrow(/four points/)
    expect(() => encodeCapAlert(withPolygon([[91, 0], [0, 1], [1, 1], [91, 0]]))).toThrow(/out of range/)
  })

  it('writes times in Japan time with a numeric offset, also across midnight', () => {
    expect(capDateTime(new Date('2026-11-23T15:00:00.789Z'))).toBe('2026-11-24T00:00:00+09:00')
    expect(capDateTime(new Date('2026-11-23T15:00:00Z'), -300)).toBe('2026-11-23T10:00:00-05:00')
    expect(() => capDateTime(new Date('nope'))).toThrow(RangeError)
  })
})

describe('evacuation levels in CAP', () => {
  it('maps 高齢者等避難, 避難指示 and 緊急安全確保 to rising urgency and severity, and a cancellation to AllClear', () => {
    expect(evacuationCapProfile(3)).toEqual({ responseTypes: ['Prepare', 'Evacuate'], urgency: 'Expected', severity: 'Severe', certainty: 'Likely' })
    expect(evacuationCapProfile(4)).toEqual({ responseTypes: ['Evacuate'], urgency: 'Immediate', severity: 'Severe', certainty: 'Likely' })
    expect(evacuationCapProfile(5)).toEqual({ responseTypes: ['Shelter'], urgency: 'Immediate', severity: 'Extreme', certainty: 'Observed' })
    expect(evacuationCapProfile(5, true).responseTypes).toEqual(['AllClear'])
  })

  it('gives each category once, whatever the hazards', () => {
    expect(categoriesOf(['landslide', 'flood', 'storm-surge'])).toEqual(['Met', 'Geo'])
    expect(categoriesOf(['fire'])).toEqual(['Fire'])
  })
})
