import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../../platform/config.js'
import { LOCALES } from '../../platform/i18n/i18n.js'
import { paymentsCatalog } from './payments-catalog.js'
import { PAYMENT_METHODS, PAYMENT_STATUSES } from './payment-tables.js'

describe('payments catalog', () => {
  it('has every message in 日本語, やさしい日本語 and English, with the same placeholders', () => {
    const keys = Object.keys(paymentsCatalog.ja).sort()
    const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map(m => m[1]).sort()
    for (const locale of LOCALES) {
      expect({ locale, keys: Object.keys(paymentsCatalog[locale]).sort() }).toEqual({ locale, keys })
      for (const key of keys) expect({ locale, key, names: names(paymentsCatalog[locale][key]) }).toEqual({ locale, key, names: names(paymentsCatalog.ja[key]) })
    }
  })

  it('names every status, method and return-page outcome', () => {
    for (const status of PAYMENT_STATUSES) expect(paymentsCatalog.ja[`payments.status.${status}`]).toBeTruthy()
    for (const method of PAYMENT_METHODS) expect(paymentsCatalog.ja[`payments.method.${method}`]).toBeTruthy()
    for (const outcome of ['pending', 'counter', 'payEasy', 'captured', 'failed', 'cancelled', 'expired', 'refunded']) {
      expect(paymentsCatalog.ja[`payments.return.${outcome}Title`]).toBeTruthy()
      expect(paymentsCatalog.ja[`payments.return.${outcome}Lead`]).toBeTruthy()
    }
  })
})

describe('payment settings', () => {
  it('uses the fake provider by default only in development on a loopback listener', () => {
    expect(loadConfig({}).paymentProvider).toBe('fake')
    expect(loadConfig({}).paymentApiBaseUrl).toBe('http://localhost:3000/dev-pay')
    expect(loadConfig({}).payEasyCollectorCode).toBe('99999')
    expect(loadConfig({ HOST: '0.0.0.0' }).paymentProvider).toBe('none')
    expect(loadConfig({ HOST: '0.0.0.0' }).payEasyCollectorCode).toBeUndefined()
    expect(loadConfig({ HOST: '0.0.0.0', PAYMENT_PROVIDER: 'fake' }).paymentProvider).toBe('fake')
  })

  it('refuses the fake provider in production and a malformed 収納機関番号 anywhere', () => {
    const production = { NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(32), DATA_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'), PUBLIC_URL: 'https://city.example.jp' }
    expect(loadConfig(production).paymentProvider).toBe('none')
    expect(() => loadConfig({ ...production, PAYMENT_PROVIDER: 'fake' })).toThrow(ConfigError)
    expect(() => loadConfig({ ...production, PAYMENT_PROVIDER: 'fake' })).toThrow(/PAYMENT_PROVIDER/)
    expect(() => loadConfig({ PAY_EASY_COLLECTOR_CODE: '1234' })).toThrow(/PAY_EASY_COLLECTOR_CODE/)
    expect(loadConfig({ PAY_EASY_COLLECTOR_CODE: '58021' }).payEasyCollectorCode).toBe('58021')
  })
})
