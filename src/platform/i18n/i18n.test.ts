import { describe, expect, it } from 'vitest'
import { missingKeys, negotiateLocale, registerCatalog, translator } from './i18n.js'
import { platformCatalog } from './catalogs/platform.js'
import { authCatalog } from './catalogs/auth.js'
import { portalCatalog } from '../../modules/portal/index.js'

describe('i18n', () => {
  it('has every foundation message in 日本語, やさしい日本語 and English', () => {
    registerCatalog(platformCatalog)
    registerCatalog(authCatalog)
    registerCatalog(portalCatalog)
    expect(missingKeys()).toEqual([])
  })

  it('keeps the same placeholders in every translation', () => {
    for (const set of [platformCatalog, authCatalog, portalCatalog]) {
      for (const [key, ja] of Object.entries(set.ja)) {
        const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map(m => m[1]).sort()
        expect({ key, easy: names(set['ja-easy'][key] ?? '') }).toEqual({ key, easy: names(ja) })
        expect({ key, en: names(set.en[key] ?? '') }).toEqual({ key, en: names(ja) })
      }
    }
  })

  it('fills placeholders and leaves unknown ones visible', () => {
    registerCatalog(platformCatalog)
    const t = translator('en')
    expect(t('errors.requestId', { id: 'abc' })).toBe('Reference: abc')
    expect(t('errors.requestId')).toBe('Reference: {id}')
    expect(t('no.such.key')).toBe('no.such.key')
  })

  it('chooses the locale from choice, then cookie, then Accept-Language, within the enabled ones', () => {
    const enabled = ['ja', 'ja-easy', 'en'] as const
    expect(negotiateLocale({ choice: 'en', cookie: 'ja-easy', acceptLanguage: 'ja', enabled })).toBe('en')
    expect(negotiateLocale({ cookie: 'ja-easy', acceptLanguage: 'en', enabled })).toBe('ja-easy')
    expect(negotiateLocale({ acceptLanguage: 'fr-FR,en-US;q=0.8,ja;q=0.5', enabled })).toBe('en')
    expect(negotiateLocale({ acceptLanguage: 'ja-JP', enabled })).toBe('ja')
    expect(negotiateLocale({ choice: 'en', acceptLanguage: 'en', enabled: ['ja'] })).toBe('ja')
    expect(negotiateLocale({ choice: 'xx', cookie: 12, acceptLanguage: ';;;q=abc', enabled })).toBe('ja')
  })
})
