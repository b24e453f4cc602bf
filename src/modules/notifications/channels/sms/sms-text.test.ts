import { describe, expect, it } from 'vitest'
import { checkSmsText, countSmsSegments, maxSmsUnits, SMS_MAX_SEGMENTS } from './sms-text.js'

describe('checkSmsText', () => {
  it('fits 70 Japanese characters in one UCS-2 message and splits longer text into 67-character segments', () => {
    expect(checkSmsText('あ'.repeat(70))).toMatchObject({ ok: true, encoding: 'ucs2', segments: 1 })
    expect(checkSmsText('あ'.repeat(71))).toMatchObject({ ok: true, encoding: 'ucs2', segments: 2 })
    expect(checkSmsText('あ'.repeat(134))).toMatchObject({ ok: true, segments: 2 })
    expect(checkSmsText('あ'.repeat(135))).toMatchObject({ ok: true, segments: 3 })
  })

  it('allows at most 10 segments: 670 Japanese characters', () => {
    expect(maxSmsUnits('ucs2')).toBe(670)
    expect(checkSmsText('あ'.repeat(670))).toMatchObject({ ok: true, segments: SMS_MAX_SEGMENTS })
    expect(checkSmsText('あ'.repeat(671))).toMatchObject({ ok: false, reasons: ['too_long'], segments: 11 })
  })

  it('uses the GSM alphabet for plain ASCII text: 160 in one message, 153 per segment, extension characters counting twice', () => {
    expect(checkSmsText('a'.repeat(160))).toMatchObject({ ok: true, encoding: 'gsm7', segments: 1 })
    expect(checkSmsText('a'.repeat(161))).toMatchObject({ ok: true, encoding: 'gsm7', segments: 2 })
    expect(checkSmsText('{'.repeat(80))).toMatchObject({ ok: true, encoding: 'gsm7', units: 160, segments: 1 })
    expect(checkSmsText('a'.repeat(1530))).toMatchObject({ ok: true, segments: 10 })
    expect(checkSmsText('a'.repeat(1531)).ok).toBe(false)
  })

  it('counts a character outside the BMP as two UCS-2 units and accepts it', () => {
    expect(checkSmsText('𠮷'.repeat(35))).toMatchObject({ ok: true, units: 70, segments: 1 })
    expect(checkSmsText('𠮷'.repeat(36))).toMatchObject({ ok: true, units: 72, segments: 2 })
  })

  it('refuses empty text, control characters and emoji, but accepts JIS symbols such as ★ and ※', () => {
    expect(checkSmsText('   ')).toMatchObject({ ok: false, reasons: ['empty'] })
    expect(checkSmsText('避難\u0007指示')).toMatchObject({ ok: false, reasons: ['control_characters'] })
    expect(checkSmsText('避難指示😀')).toMatchObject({ ok: false, reasons: ['unsupported_characters'] })
    expect(checkSmsText('☎️ 連絡')).toMatchObject({ ok: false, reasons: ['unsupported_characters'] })
    expect(checkSmsText('★燃えるごみ※本日\n改行あり').ok).toBe(true)
  })

  it('counts no segments for no text', () => {
    expect(countSmsSegments('ucs2', 0)).toBe(0)
  })
})
