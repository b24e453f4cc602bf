import { describe, expect, it } from 'vitest'
import { LOCALES } from '../../../platform/i18n/i18n.js'
import { processingCatalog } from './processing-catalog.js'

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map(m => m[1]).sort()

describe('processing messages', () => {
  it('has every key in ja, ja-easy and en, with the same placeholders and no empty text', () => {
    const keys = Object.keys(processingCatalog.ja).sort()
    for (const locale of LOCALES) {
      expect(Object.keys(processingCatalog[locale]).sort()).toEqual(keys)
      for (const key of keys) {
        expect(processingCatalog[locale][key], `${locale} ${key}`).not.toBe('')
        expect(placeholders(processingCatalog[locale][key]), `${locale} ${key}`).toEqual(placeholders(processingCatalog.ja[key]))
      }
    }
  })
})
