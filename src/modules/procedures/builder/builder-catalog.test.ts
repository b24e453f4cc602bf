import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { CATEGORIES, FIELD_TYPES, IDENTITY_LEVELS, LIFE_EVENTS, PREFILL_SOURCES } from '../form/form-definition.js'
import { builderCatalog } from './builder-catalog.js'
import { CONDITION_OPERATORS } from './builder-form-values.js'
import { FEE_TIMINGS, PAYMENT_METHODS } from './builder-fee-form.js'

const dir = new URL('./', import.meta.url)
const sources = readdirSync(dir)
  .filter(name => /\.(ts|tsx)$/.test(name) && !name.endsWith('.test.ts') && name !== 'builder-catalog.ts')
  .map(name => readFileSync(new URL(name, dir), 'utf8'))
  .join('\n')

describe('builder catalog', () => {
  it('has every message in Japanese, やさしい日本語 and English, none empty', () => {
    const keys = Object.keys(builderCatalog.ja).sort()
    expect(Object.keys(builderCatalog['ja-easy']).sort()).toEqual(keys)
    expect(Object.keys(builderCatalog.en).sort()).toEqual(keys)
    for (const locale of ['ja', 'ja-easy', 'en'] as const) for (const key of keys) expect(builderCatalog[locale][key], `${locale} ${key}`).not.toBe('')
  })

  it('has every key the builder uses, literal or by name', () => {
    const literal = [...sources.matchAll(/'(builder\.[a-zA-Z0-9_.-]+)'/g)].map(m => m[1]).filter(key => !key.endsWith('.'))
    const named = [
      ...[...FIELD_TYPES, 'heading', 'paragraph'].flatMap(type => [`builder.types.${type}`, `builder.defaults.labels.${type}`]),
      ...CATEGORIES.map(c => `builder.categories.${c}`),
      ...LIFE_EVENTS.map(e => `builder.lifeEvents.${e}`),
      ...IDENTITY_LEVELS.flatMap(l => [`builder.identityLevels.${l}`, `builder.identityLevelHints.${l}`]),
      ...PREFILL_SOURCES.map(s => `builder.prefill.${s}`),
      ...['online', 'post', 'counter'].map(c => `builder.channels.${c}`),
      ...CONDITION_OPERATORS.flatMap(o => [`builder.condition.operators.${o}`, `builder.conditionText.${o}`]),
      ...FEE_TIMINGS.flatMap(v => [`builder.fee.timings.${v}`, `builder.fee.timingHints.${v}`]),
      ...PAYMENT_METHODS.map(v => `builder.fee.methodNames.${v}`),
    ]
    expect(literal.length).toBeGreaterThan(200)
    const missing = [...new Set([...literal, ...named])].filter(key => builderCatalog.ja[key] === undefined)
    expect(missing).toEqual([])
  })

  it('has a notice for every ?done= value the routes use', () => {
    const notices = [...sources.matchAll(/done=([a-z-]+)/g)].map(m => `builder.done.${m[1]}`)
    const list = /const NOTICES = \[([^\]]+)\]/.exec(sources)?.[1] ?? ''
    const declared = [...list.matchAll(/'([a-z-]+)'/g)].map(m => `builder.done.${m[1]}`)
    expect([...new Set([...notices, ...declared])].filter(key => builderCatalog.ja[key] === undefined)).toEqual([])
  })
})
