import { beforeAll, describe, expect, it } from 'vitest'
import { registerCatalog } from '../../../../platform/i18n/i18n.js'
import { lineCatalog } from './line-catalog.js'
import { chooseReplyLocale, classifyLinePostback, classifyLineText, composeLineReply, composeLineWelcome } from './line-replies.js'

beforeAll(() => registerCatalog(lineCatalog))

const place = { publicUrl: 'https://yakuba.example', slug: 'minato', municipality: 'みなと市', municipalityEn: 'Minato City', contact: '03-1234-5678' }

describe('LINE auto-replies', () => {
  it('answers garbage, disaster, procedure, settings and link questions, and helps otherwise', () => {
    expect(classifyLineText('粗大ごみの出し方を教えて')).toBe('garbage')
    expect(classifyLineText('ｺﾞﾐの日は？')).toBe('garbage')
    expect(classifyLineText('When is GARBAGE day?')).toBe('garbage')
    expect(classifyLineText('近くの避難所は')).toBe('disaster')
    expect(classifyLineText('住民票の申請')).toBe('procedures')
    expect(classifyLineText('通知を停止したい')).toBe('settings')
    expect(classifyLineText('LINE連携')).toBe('link')
    expect(classifyLineText('こんにちは')).toBe('help')
  })

  it('puts safety first when a message is about both a disaster and garbage', () => {
    expect(classifyLineText('台風のときのごみ出し')).toBe('disaster')
  })

  it('links to the garbage calendar page of the municipality', () => {
    expect(composeLineReply('garbage', 'ja', place)).toEqual([{ type: 'text', text: 'ごみの収集日と分け方はこちらです。\nhttps://yakuba.example/minato/garbage' }])
    expect(composeLineReply('help', 'en', place)[0].type).toBe('text')
  })

  it('knows the link and settings postbacks and ignores others', () => {
    expect(classifyLinePostback('action=link')).toBe('link')
    expect(classifyLinePostback('action=settings&from=menu')).toBe('settings')
    expect(classifyLinePostback('action=report')).toBeUndefined()
  })

  it('welcomes a stranger with the link page, and a linked resident back', () => {
    expect((composeLineWelcome(false, 'ja', place)[0] as { text: string }).text).toContain('https://yakuba.example/minato/notifications/line')
    expect((composeLineWelcome(true, 'en', place)[0] as { text: string }).text).toMatch(/^Welcome back\. Notices from Minato City/)
  })

  it('answers in the resident’s language, in English for a message without Japanese, else in the municipality’s first language', () => {
    const languages = ['ja', 'ja-easy', 'en'] as const
    expect(chooseReplyLocale({ residentLanguage: 'ja-easy', tenantLanguages: languages })).toBe('ja-easy')
    expect(chooseReplyLocale({ residentLanguage: 'vi', tenantLanguages: languages })).toBe('en')
    expect(chooseReplyLocale({ text: 'garbage day?', tenantLanguages: languages })).toBe('en')
    expect(chooseReplyLocale({ text: 'ごみ', tenantLanguages: languages })).toBe('ja')
    expect(chooseReplyLocale({ text: 'garbage', tenantLanguages: ['ja'] })).toBe('ja')
    expect(chooseReplyLocale({ tenantLanguages: languages })).toBe('ja')
  })
})
