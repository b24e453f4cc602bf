import { describe, expect, it } from 'vitest'
import { buildGarbageIcal, escapeIcalText, foldIcalLine, unfoldIcal } from './garbage-ical.js'

const LONG_DESCRIPTION = '燃えるごみは収集日の朝8時30分までに、町指定の燃えるごみ袋に入れて集積所に出してください。生ごみは水気をよく切ってください。🗑️ 分からないときは環境課(電話 0123-45-6789)へ。'

const feed = buildGarbageIcal({
  tenant: 'sample-town',
  district: 'higashi',
  calendarName: 'サンプル町 ごみ収集カレンダー(東地区)',
  collections: [
    { date: '2026-09-24', type: '燃えるごみ', movedFrom: '2026-09-21' },
    { date: '2026-12-31', type: 'びん・缶', note: '年末臨時収集; 量が多い日, 早めに\\ご協力を' },
  ],
  generatedAt: new Date('2026-09-01T00:00:00Z'),
  descriptions: { 燃えるごみ: LONG_DESCRIPTION },
})

describe('buildGarbageIcal', () => {
  it('writes CRLF lines only, each at most 75 octets', () => {
    expect(feed.endsWith('\r\n')).toBe(true)
    expect(feed.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/)
    for (const line of feed.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75)
  })

  it('folds the long Japanese description without splitting characters, and unfolds back to it', () => {
    const folded = feed.split('\r\n')
    const start = folded.findIndex(line => line.startsWith('DESCRIPTION:'))
    expect(folded[start + 1]?.startsWith(' ')).toBe(true)
    expect(folded.join('\n')).not.toContain('\uFFFD')
    const lines = unfoldIcal(feed).split('\r\n')
    expect(lines).toContain(`DESCRIPTION:${escapeIcalText(LONG_DESCRIPTION)}`)
  })

  it('has the calendar headers and one all-day event per collection with a stable UID', () => {
    const lines = unfoldIcal(feed).split('\r\n')
    expect(lines.slice(0, 3)).toEqual(['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Yakuba//Garbage Calendar//JA'])
    expect(lines).toContain('X-WR-CALNAME:サンプル町 ごみ収集カレンダー(東地区)')
    expect(lines.filter(line => line === 'BEGIN:VEVENT')).toHaveLength(2)
    expect(lines).toContain('UID:20260924-燃えるごみ@sample-town.higashi.yakuba')
    expect(lines).toContain('DTSTART;VALUE=DATE:20260924')
    expect(lines).toContain('DTEND;VALUE=DATE:20260925')
    expect(lines).toContain('DTEND;VALUE=DATE:20270101')
    expect(lines).toContain('DTSTAMP:20260901T000000Z')
    expect(lines).toContain('SUMMARY:燃えるごみ')
    expect(lines.at(-2)).toBe('END:VCALENDAR')
  })

  it('escapes , ; \\ and newlines in text values', () => {
    const lines = unfoldIcal(feed).split('\r\n')
    expect(lines).toContain('SUMMARY:びん・缶')
    expect(lines).toContain('DESCRIPTION:年末臨時収集\\; 量が多い日\\, 早めに\\\\ご協力を')
    expect(escapeIcalText('a\r\nb\nc')).toBe('a\\nb\\nc')
  })
})

describe('foldIcalLine', () => {
  it('leaves short lines alone and folds at exactly 75 octets of ASCII', () => {
    expect(foldIcalLine('SUMMARY:x')).toBe('SUMMARY:x')
    const folded = foldIcalLine('X'.repeat(160)).split('\r\n')
    expect(folded.map(line => line.length)).toEqual([75, 75, 12])
  })

  it('never splits a 3-byte character or a surrogate pair', () => {
    const line = `D:${'あ'.repeat(30)}${'🗑'.repeat(10)}`
    const folded = foldIcalLine(line).split('\r\n')
    for (const part of folded) {
      expect(Buffer.byteLength(part, 'utf8')).toBeLessThanOrEqual(75)
      expect(Buffer.from(part, 'utf8').toString('utf8')).toBe(part)
      expect(part).not.toMatch(/[\uD800-\uDBFF]$|^ ?[\uDC00-\uDFFF]/)
    }
    // 2 + 24×3 = 74: the 25th あ would make 77 octets.
    expect(Buffer.byteLength(folded[0] ?? '', 'utf8')).toBe(74)
    expect(unfoldIcal(foldIcalLine(line))).toBe(line)
  })
})
