import { describe, expect, it } from 'vitest'
import { proceduresApiCatalog } from './procedures-api-catalog.js'
import { requestIssues, SubmitApplicationSchema, IdempotencyKeySchema, CatalogueQuerySchema } from './procedures-api-schemas.js'
import { scopedIdempotencyKey } from './procedures-api-service.js'
import { applicationStatus, submissionResponse, texts } from './procedures-api-views.js'
import type { Application, ApplicationEvent } from '../procedure-tables.js'
import type { ProcedureDocument } from '../form/form-definition.js'

const doc = { title: { ja: '犬の登録', en: 'Dog registration' }, fee: { timing: 'on-submission', methods: ['online', 'counter'], items: [], exemptions: [] } } as unknown as ProcedureDocument

const application = {
  receiptNumber: 'K7M4-PQ9X-2C',
  status: 'in_review',
  submittedAt: new Date('2026-01-05T01:00:00Z'),
  createdAt: new Date('2026-01-05T00:59:00Z'),
  dueAt: new Date('2026-01-13T08:00:00Z'),
  decidedAt: null,
  feeYen: 300,
  feeLines: [{ itemId: 'fee', label: { ja: '手数料' }, unitYen: 300, quantity: 1, amountYen: 300 }],
  paymentState: 'paid',
} as unknown as Application

describe('procedures API shapes', () => {
  it('gives every text in all three languages, falling back to Japanese', () => {
    expect(texts({ ja: '犬', en: 'Dog' })).toEqual({ ja: '犬', 'ja-easy': '犬', en: 'Dog' })
  })

  it('answers a submission from what submission fixed, whatever the status is now', () => {
    const body = submissionResponse(application, { slug: 'dog', version: 3, document: doc }, '/api/v1/t/applications/K7M4-PQ9X-2C')
    expect(body).toEqual({
      receiptNumber: 'K7M4-PQ9X-2C',
      status: 'submitted',
      procedure: { slug: 'dog', version: 3 },
      submittedAt: '2026-01-05T01:00:00.000Z',
      dueAt: '2026-01-13T08:00:00.000Z',
      fee: { totalYen: 300, lines: [{ itemId: 'fee', label: { ja: '手数料', 'ja-easy': '手数料', en: '手数料' }, unitYen: 300, quantity: 1, amountYen: 300, exemptedBy: null }], paymentRequired: true, methods: ['online', 'counter'] },
      links: { status: '/api/v1/t/applications/K7M4-PQ9X-2C' },
    })
  })

  it('shows the applicant the history a resident sees, without draft saves', () => {
    const events = [
      { action: 'save-draft', toStatus: 'draft', message: null, occurredAt: new Date('2026-01-05T00:59:00Z') },
      { action: 'submit', toStatus: 'submitted', message: null, occurredAt: new Date('2026-01-05T01:00:00Z') },
      { action: 'claim', toStatus: 'in_review', message: null, occurredAt: new Date('2026-01-06T01:00:00Z') },
    ] as unknown as ApplicationEvent[]
    const status = applicationStatus(application, { slug: 'dog', version: 3, document: doc }, events)
    expect(status.history).toEqual([
      { at: '2026-01-05T01:00:00.000Z', status: 'submitted', message: null },
      { at: '2026-01-06T01:00:00.000Z', status: 'in_review', message: null },
    ])
    expect(status).toMatchObject({ status: 'in_review', fee: { totalYen: 300, paymentState: 'paid' }, procedure: { title: { en: 'Dog registration' } } })
  })

  it('keeps Idempotency-Keys apart per API key', () => {
    expect(scopedIdempotencyKey('k1', 'abc-12345')).not.toBe(scopedIdempotencyKey('k2', 'abc-12345'))
  })

  it('checks the envelope of a submission and reports where it is wrong', () => {
    expect(SubmitApplicationSchema.safeParse({ procedure: 'dog', answers: {} }).success).toBe(true)
    const wrong = SubmitApplicationSchema.safeParse({ procedure: 'Dog!', version: 0, answers: [], applicant: { email: 'x' }, extra: 1 })
    expect(wrong.success).toBe(false)
    expect(requestIssues(wrong.error as never).map(i => i.path).sort()).toEqual(['(body)', 'answers', 'applicant.email', 'procedure', 'version'])
    expect(IdempotencyKeySchema.safeParse('2f1c0f8e-1c0b-4a8e-9d55-0b7d0a6f4b1a').success).toBe(true)
    for (const bad of [undefined, 'short', 'x'.repeat(201), 'has space in it', 'ümlaut-key-123']) expect(IdempotencyKeySchema.safeParse(bad).success).toBe(false)
    expect(CatalogueQuerySchema.safeParse({ q: ['a', 'b'] }).success).toBe(false)
  })

  it('has every message in 日本語, やさしい日本語 and English with the same placeholders', () => {
    const names = (s: string | undefined) => [...(s ?? '').matchAll(/\{(\w+)\}/g)].map(m => m[1]).sort()
    for (const locale of ['ja-easy', 'en'] as const) {
      expect(Object.keys(proceduresApiCatalog[locale]).sort()).toEqual(Object.keys(proceduresApiCatalog.ja).sort())
      for (const [key, ja] of Object.entries(proceduresApiCatalog.ja)) expect({ key, names: names(proceduresApiCatalog[locale][key]) }).toEqual({ key, names: names(ja) })
    }
  })
})
