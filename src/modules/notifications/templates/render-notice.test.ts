import { describe, expect, it } from 'vitest'
import type { NoticeContent } from '../notification-tables.js'
import { checkPersonalisation, fillPlaceholders, fitSmsText, listPlaceholders, PUSH_BODY_MAX, renderEmailHtml, renderNotice, smsSegments, truncateText } from './render-notice.js'
import { SMS_MAX_SEGMENTS } from '../channels/sms/sms-client.js'

const content: NoticeContent = {
  ja: { subject: '((date))に防災訓練', body: '((place))で訓練を行います。\n\nサイレンが鳴ります。', sms: '【市】((date)) ((place))で訓練' },
  'ja-easy': { subject: '((date)) に くんれん', body: '((place)) で くんれん を します。' },
  en: { subject: 'Drill on ((date))', body: 'A drill at ((place)).', push: 'Drill at ((place)) on ((date))' },
}
const values = { date: '4月12日', place: '市民体育館' }

describe('placeholders', () => {
  it('lists every placeholder of every language and field once, sorted', () => {
    expect(listPlaceholders({ ja: { subject: '((b)) ((a))', body: '((a))', lineFlex: { type: 'bubble', body: { type: 'box', contents: [{ type: 'text', text: '((c.d))' }] } } } })).toEqual(['a', 'b', 'c.d'])
  })

  it('leaves names that cannot be filled out of the list', () => {
    expect(listPlaceholders({ ja: { subject: '((日付)) ((my name)) ((ok_1))', body: '' } })).toEqual(['ok_1'])
  })

  it('names the values a notice needs and was not given', () => {
    expect(checkPersonalisation(content, { date: 'x' })).toEqual(['place'])
    expect(checkPersonalisation(content, values)).toEqual([])
  })

  it('refuses to fill a placeholder without a value instead of leaving a gap', () => {
    expect(() => fillPlaceholders('((date))まで', {})).toThrow('missing placeholder value: date')
    expect(fillPlaceholders('((a))((a))', { a: '((b))' })).toBe('((b))((b))')
  })
})

describe('renderNotice per language', () => {
  it('renders Japanese with its own SMS text and the subject as push body', () => {
    const rendered = renderNotice(content, 'ja', values, 'https://example.jp/n/1')
    expect(rendered).toMatchObject({ language: 'ja', subject: '4月12日に防災訓練', body: '市民体育館で訓練を行います。\n\nサイレンが鳴ります。', sms: '【市】4月12日 市民体育館で訓練', push: '4月12日に防災訓練' })
    expect(rendered.text).toBe('市民体育館で訓練を行います。\n\nサイレンが鳴ります。\n\nhttps://example.jp/n/1')
    expect(rendered.line).toEqual([{ type: 'text', text: `4月12日に防災訓練\n\n${rendered.text}` }])
  })

  it('renders やさしい日本語 with the subject and link as its SMS', () => {
    const rendered = renderNotice(content, 'ja-easy', values, 'https://example.jp/n/1')
    expect(rendered).toMatchObject({ language: 'ja-easy', subject: '4月12日 に くんれん', sms: '4月12日 に くんれん https://example.jp/n/1' })
  })

  it('renders English with its own push text', () => {
    expect(renderNotice(content, 'en', values)).toMatchObject({ language: 'en', subject: 'Drill on 4月12日', push: 'Drill at 市民体育館 on 4月12日' })
  })

  it('falls back from a language that is not written to やさしい日本語, then Japanese', () => {
    expect(renderNotice(content, 'vi', values).language).toBe('ja-easy')
    expect(renderNotice({ ja: content.ja }, 'ko', values).language).toBe('ja')
  })

  it('fills placeholders inside a flex message and uses the subject as its alt text', () => {
    const flex = { type: 'bubble', body: { type: 'box', layout: 'vertical', contents: [{ type: 'text', text: '((place))' }] } }
    const rendered = renderNotice({ ja: { subject: '((date))', body: 'b', lineFlex: flex } }, 'ja', values)
    expect(rendered.line).toEqual([{ type: 'flex', altText: '4月12日', contents: { type: 'bubble', body: { type: 'box', layout: 'vertical', contents: [{ type: 'text', text: '市民体育館' }] } } }])
  })

  it('keeps push bodies short and LINE texts within 5,000 characters', () => {
    const long = 'あ'.repeat(6000)
    const rendered = renderNotice({ ja: { subject: long, body: long } }, 'ja', {})
    expect([...rendered.push].length).toBe(PUSH_BODY_MAX)
    expect(rendered.push.endsWith('…')).toBe(true)
    expect((rendered.line[0] as { text: string }).text.length).toBe(5000)
  })
})

describe('SMS length rules', () => {
  it('counts Japanese as UCS-2: 70 characters in one message, then 67 per segment', () => {
    expect(smsSegments('あ'.repeat(70))).toMatchObject({ encoding: 'ucs2', units: 70, segments: 1, single: 70, perSegment: 67 })
    expect(smsSegments('あ'.repeat(71)).segments).toBe(2)
    expect(smsSegments('あ'.repeat(134)).segments).toBe(2)
    expect(smsSegments('あ'.repeat(135)).segments).toBe(3)
  })

  it('counts plain Latin text as GSM-7: 160 in one message, 153 per segment, escapes as two', () => {
    expect(smsSegments('a'.repeat(160))).toMatchObject({ encoding: 'gsm7', segments: 1, single: 160, perSegment: 153 })
    expect(smsSegments('a'.repeat(161)).segments).toBe(2)
    expect(smsSegments('{'.repeat(80)).units).toBe(160)
    // one Japanese character turns the whole message into UCS-2
    expect(smsSegments(`${'a'.repeat(100)}あ`)).toMatchObject({ encoding: 'ucs2', segments: 2 })
  })

  it('counts a character outside the BMP as two UCS-2 units', () => {
    expect(smsSegments('𠮷'.repeat(35))).toMatchObject({ units: 70, segments: 1 })
  })

  it('cuts an over-long SMS to the segment limit and keeps the link whole', () => {
    const link = 'https://example.jp/n/abc'
    const fitted = fitSmsText('あ'.repeat(1000), link)
    expect(fitted.endsWith(`… ${link}`)).toBe(true)
    expect(smsSegments(fitted).segments).toBe(SMS_MAX_SEGMENTS)
    const latin = fitSmsText('{'.repeat(2000))
    expect(latin.endsWith('...')).toBe(true)
    expect(smsSegments(latin)).toMatchObject({ encoding: 'gsm7', isSendable: true })
  })

  it('drops emoji that SMS gateways cannot carry', () => {
    expect(fitSmsText('避難してください🏃‍♀️')).toBe('避難してください')
    expect(fitSmsText('※ ★ 必ずお読みください')).toBe('※ ★ 必ずお読みください')
    expect(smsSegments(fitSmsText('訓練です😀')).isSendable).toBe(true)
  })
})

describe('truncateText', () => {
  it('never splits a surrogate pair', () => {
    expect(truncateText('𠮷𠮷𠮷', 4)).toBe('𠮷…')
    expect(truncateText('abc', 3)).toBe('abc')
  })
})

describe('renderEmailHtml', () => {
  it('escapes every value and marks the document with the notice language', () => {
    const rendered = renderNotice({ en: { subject: '<b>Drill</b>', body: 'Line 1\nLine 2 & "more"\n\nNext' } }, 'en', {}, 'https://example.jp/?a=1&b=<2>')
    const html = renderEmailHtml(rendered, { tenantName: 'Demo <City>', unsubscribeUrl: 'https://example.jp/u/x' })
    expect(html).toContain('<html lang="en">')
    expect(html).toContain('<title>&lt;b&gt;Drill&lt;/b&gt;</title>')
    expect(html).toContain('Line 1<br>Line 2 &amp; &quot;more&quot;</p><p style="margin:0 0 16px">Next</p>')
    expect(html).toContain('href="https://example.jp/?a=1&amp;b=&lt;2&gt;"')
    expect(html).toContain('This email was sent by Demo &lt;City&gt;.')
    expect(html).toContain('<a href="https://example.jp/u/x" style="color:#0017c1;text-decoration:underline">Stop emails like this</a>')
    expect(html).not.toContain('<b>')
  })

  it('writes its own words in Japanese, やさしい日本語, or English for other languages', () => {
    const html = (language: 'ja' | 'ja-easy' | 'vi') => renderEmailHtml(renderNotice({ [language]: { subject: 's', body: 'b' } }, language, {}, 'https://example.jp/'), { tenantName: 'デモ市' })
    expect(html('ja')).toContain('このメールはデモ市からお送りしています。')
    expect(html('ja')).toContain('<html lang="ja">')
    expect(html('ja-easy')).toContain('この メール は デモ市 から おくって います。')
    expect(html('ja-easy')).toContain('<html lang="ja">')
    expect(html('vi')).toContain('This email was sent by デモ市.')
    expect(html('vi')).toContain('<html lang="vi">')
  })

  it('shows a link that is not a web address as text, never as a link', () => {
    const html = renderEmailHtml(renderNotice({ ja: { subject: 's', body: 'b' } }, 'ja', {}, 'javascript:alert(1)'), { tenantName: 'デモ市' })
    expect(html).not.toContain('href="javascript')
    expect(html).toContain('javascript:alert(1)')
  })
})
