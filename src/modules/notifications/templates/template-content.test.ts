import { describe, expect, it } from 'vitest'
import { checkNoticeContent } from './template-content.js'
import { checkLineFlex, parseLineFlex } from './line-flex.js'
import { parseTemplateForm, readFormValues } from './template-form.js'
import { DEMO_TEMPLATE_CONTENTS } from './templates-demo.js'

const codes = (issues: ReturnType<typeof checkNoticeContent>) => issues.map(issue => `${issue.language}.${issue.field}:${issue.code}${issue.params?.placeholder ? `(${issue.params.placeholder})` : ''}`)

describe('checkNoticeContent', () => {
  it('accepts Japanese alone, and every demo template', () => {
    expect(checkNoticeContent({ ja: { subject: '件名', body: '本文' } })).toEqual([])
    for (const content of DEMO_TEMPLATE_CONTENTS) expect(checkNoticeContent(content)).toEqual([])
  })

  it('requires Japanese, and a subject and body in every language present', () => {
    expect(codes(checkNoticeContent({ en: { subject: 'S', body: '' } }))).toEqual(['ja.subject:jaRequired', 'en.body:bodyRequired'])
  })

  it('names the language and the placeholder when languages ask for different values', () => {
    const issues = checkNoticeContent({
      ja: { subject: '((date))', body: '((place))で' },
      en: { subject: '((date))', body: 'at ((venue))' },
    })
    expect(codes(issues)).toEqual(['en.body:placeholderMissing(place)', 'en.body:placeholderExtra(venue)'])
  })

  it('counts placeholders in the channel texts and the flex message as used by that language', () => {
    const flex = { type: 'bubble', body: { type: 'box', layout: 'vertical', contents: [{ type: 'text', text: '((place))' }] } }
    expect(checkNoticeContent({ ja: { subject: 's', body: 'b', lineFlex: flex }, en: { subject: 's', body: 'b', sms: '((place))' } })).toEqual([])
  })

  it('refuses placeholder names with other characters, and brackets left open', () => {
    expect(codes(checkNoticeContent({ ja: { subject: '((日付))のお知らせ', body: '((place)で' } }))).toEqual(['ja.subject:placeholderName(日付)', 'ja.body:placeholderUnclosed'])
  })

  it('checks each channel text against its channel: SMS segments and characters, push, LINE, subject on one line', () => {
    const issues = checkNoticeContent({ ja: { subject: '一行目\n二行目', body: 'b', sms: `${'あ'.repeat(700)}`, push: 'あ'.repeat(121), line: 'a'.repeat(5001) }, en: { subject: 's', body: 'b', sms: 'Drill 😀' } })
    expect(codes(issues)).toEqual(['ja.subject:subjectLineBreak', 'ja.sms:smsTooLong', 'ja.push:pushTooLong', 'ja.line:lineTooLong', 'en.sms:smsCharacters'])
  })
})

describe('LINE flex messages', () => {
  const bubble = { type: 'bubble', body: { type: 'box', layout: 'vertical', contents: [{ type: 'text', text: 'hello' }] } }

  it('accepts a bubble and a carousel of bubbles', () => {
    expect(checkLineFlex(bubble).ok).toBe(true)
    expect(checkLineFlex({ type: 'carousel', contents: [bubble, bubble] }).ok).toBe(true)
  })

  it('says what is wrong with what staff commonly paste', () => {
    const problem = (value: unknown) => {
      const check = checkLineFlex(value)
      return check.ok ? 'ok' : check.problem
    }
    expect(problem([bubble])).toBe('not_object')
    expect(problem('bubble')).toBe('not_object')
    expect(problem({ type: 'flex', altText: 'x', contents: bubble })).toBe('whole_message')
    expect(problem({ type: 'box' })).toBe('type')
    expect(problem({ type: 'carousel', contents: [] })).toBe('carousel_contents')
    expect(problem({ type: 'carousel', contents: [bubble, { type: 'box' }] })).toBe('carousel_contents')
    expect(problem({ type: 'carousel', contents: Array.from({ length: 13 }, () => bubble) })).toBe('carousel_too_many')
    expect(problem({ type: 'bubble', body: 'text' })).toBe('bubble_section')
    expect(problem({ type: 'bubble', body: { type: 'box', contents: [{ type: 'text', text: 'あ'.repeat(11_000) }] } })).toBe('too_large')
    let deep: Record<string, unknown> = { type: 'text', text: 'x' }
    for (let i = 0; i < 25; i++) deep = { type: 'box', contents: [deep] }
    expect(problem({ type: 'bubble', body: deep })).toBe('too_deep')
    expect(parseLineFlex('{"type": "bubble",}')).toEqual({ ok: false, problem: 'not_json' })
  })
})

describe('the template form', () => {
  it('reads the texts per language, skipping languages left empty', () => {
    const values = readFormValues({ key: 'Bousai-Kunren', name: ' 防災訓練 ', topicId: '', ja__subject: '((date))に訓練\r\n', ja__body: '本文\r\n二行目', en__subject: '', en__body: '', 'ja-easy__subject': 'くんれん ((date))', 'ja-easy__body': 'ほんぶん' })
    const parsed = parseTemplateForm(values, true)
    expect(parsed).toEqual({ ok: true, key: 'bousai-kunren', details: { name: '防災訓練', topicId: null }, content: { ja: { subject: '((date))に訓練', body: '本文\n二行目' }, 'ja-easy': { subject: 'くんれん ((date))', body: 'ほんぶん' } }, baseVersion: 0 })
  })

  it('puts each problem on its field, naming the language', () => {
    const values = readFormValues({ key: 'Bad Key!', name: '', ja__subject: '((date))', ja__body: 'b', en__subject: 'Drill', en__body: 'b', en__lineFlex: '[1]' })
    const parsed = parseTemplateForm(values, true)
    expect(parsed.ok).toBe(false)
    if (parsed.ok) return
    expect(parsed.errors).toEqual({
      key: { key: 'notifications.templates.errors.keyFormat' },
      name: { key: 'notifications.templates.errors.nameRequired' },
      en__lineFlex: { key: 'notifications.templates.errors.flex.not_object', params: { language: 'en' } },
      en__subject: { key: 'notifications.templates.errors.placeholderMissing', params: { placeholder: 'date', language: 'en' } },
    })
  })
})
