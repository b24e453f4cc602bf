import { describe, expect, it } from 'vitest'
import { checkSmsText } from '../channels/sms/sms-text.js'
import { residentsCatalog } from './residents-catalog.js'

describe('the residents catalog', () => {
  it('has every message in Japanese, やさしい日本語 and English', () => {
    const keys = Object.keys(residentsCatalog.ja)
    expect(Object.keys(residentsCatalog['ja-easy'])).toEqual(keys)
    expect(Object.keys(residentsCatalog.en)).toEqual(keys)
    for (const locale of ['ja', 'ja-easy', 'en'] as const) for (const key of keys) expect(residentsCatalog[locale][key], `${locale} ${key}`).not.toBe('')
  })

  it('keeps the verification SMS in one message in every language, even with a long municipality name', () => {
    for (const locale of ['ja', 'ja-easy', 'en'] as const) {
      const text = residentsCatalog[locale]['notifications.residents.code.sms'].replace('{tenant}', locale === 'en' ? 'Minami-Alps City' : '南アルプス市役所').replace('{code}', '123456').replace('{minutes}', '10')
      expect(checkSmsText(text), locale).toMatchObject({ ok: true, segments: 1 })
    }
  })
})
