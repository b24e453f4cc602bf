import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createTestApp, csrfFrom, TEST_DB, type TestApp } from '../../../test/app.js'
import { createTestStaff, createTestTenant, loginStaff } from '../../../test/factories.js'
import { payThroughFakeProvider, useFakePayments } from '../../../test/fake-payments.js'
import { loginWithCard, pathOf } from '../../../test/resident-login.js'
import { withTenant } from '../../platform/db/tenant-context.js'
import { isAppError } from '../../platform/errors.js'
import type { TenantContext } from '../../platform/tenancy/tenant-service.js'
import { createPaymentService, onPaymentStatusChanged, signWebhook, type CreatePaymentInput, type Payment, type PaymentService } from './index.js'
import { expireCheckouts } from './jobs/expire-checkouts.js'
import { hasValidCheckDigit, tokyoDate } from './payment-rules.js'
import { paymentsDb } from './payment-tables.js'

const PURPOSE = 'test-fee'

describe(`payments (${TEST_DB})`, () => {
  let t: TestApp
  let payments: PaymentService
  const settled: { paymentId: string; from: string; to: string; status: string }[] = []
  let unregister: () => void

  beforeAll(async () => {
    t = await createTestApp()
    payments = createPaymentService(t.platform)
    unregister = onPaymentStatusChanged(PURPOSE, async (trx, payment, change) => {
      // The handler sees the row already moved, inside the same transaction.
      const row = await paymentsDb(trx).selectFrom('payments').select('status').where('id', '=', payment.id).executeTakeFirstOrThrow()
      settled.push({ paymentId: payment.id, from: change.from, to: change.to, status: row.status })
    })
  })
  afterAll(async () => {
    unregister()
    await t?.close()
  })
  beforeEach(() => {
    useFakePayments(t)
  })

  const db = () => t.platform.database.db
  const settlementsOf = (paymentId: string) => settled.filter(s => s.paymentId === paymentId)

  async function resident(tenant: TenantContext, card = 'yamada-taro') {
    const { jar } = await loginWithCard(t, tenant, card)
    const row = await withTenant(db(), tenant.id, trx => trx.selectFrom('residents').select('id').orderBy('createdAt', 'desc').executeTakeFirstOrThrow())
    return { jar, id: row.id }
  }

  async function staff(tenant: TenantContext, role: Parameters<typeof createTestStaff>[2] = 'administrator') {
    const member = await createTestStaff(t.platform, tenant, role)
    const jar = await loginStaff(t, tenant, member)
    const get = (path: string) => t.app.inject({ method: 'GET', url: `/${tenant.slug}${path}`, headers: { cookie: jar.header() } })
    const post = async (path: string, payload: Record<string, string> = {}) => {
      const home = await get('/staff')
      return t.app.inject({ method: 'POST', url: `/${tenant.slug}${path}`, headers: { cookie: jar.header() }, payload: { _csrf: csrfFrom(home.body), ...payload } })
    }
    return { member, jar, get, post }
  }

  function input(tenant: TenantContext, overrides: Partial<CreatePaymentInput> = {}): CreatePaymentInput {
    return {
      purpose: PURPOSE,
      subjectId: randomUUID(),
      subjectReference: `R-${randomUUID().slice(0, 8).toUpperCase()}`,
      residentId: null,
      amountYen: 300,
      description: '住民票の写しの交付手数料',
      method: 'online',
      returnUrl: `/${tenant.slug}/mypage`,
      idempotencyKey: `test-${randomUUID()}`,
      ...overrides,
    }
  }

  function create(tenant: TenantContext, data: CreatePaymentInput) {
    return withTenant(db(), tenant.id, trx => payments.createPayment(trx, tenant.id, data))
  }

  function reload(tenant: TenantContext, id: string) {
    return withTenant(db(), tenant.id, trx => paymentsDb(trx).selectFrom('payments').selectAll().where('id', '=', id).executeTakeFirstOrThrow())
  }

  function eventsOf(tenant: TenantContext, id: string) {
    return withTenant(db(), tenant.id, trx => paymentsDb(trx).selectFrom('paymentEvents').selectAll().where('paymentId', '=', id).orderBy('receivedAt').execute())
  }

  function auditOf(tenant: TenantContext, action: string, subjectId?: string) {
    return withTenant(db(), tenant.id, trx => {
      let query = trx.selectFrom('auditLog').selectAll().where('action', '=', action)
      if (subjectId) query = query.where('subjectId', '=', subjectId)
      return query.orderBy('seq').execute()
    })
  }

  async function errorCode(promise: Promise<unknown>): Promise<string | undefined> {
    try {
      await promise
    } catch (error) {
      return isAppError(error) ? error.code : `unexpected: ${String(error)}`
    }
    return undefined
  }

  /** A webhook body for a checkout, signed with the configured secret (or another). */
  function webhook(tenant: TenantContext, checkoutId: string, options: { type?: string; amount?: number; id?: string; secret?: string; timestamp?: number } = {}) {
    const body = JSON.stringify({ id: options.id ?? `evt_${randomUUID()}`, type: options.type ?? 'payment.captured', created: Math.floor(Date.now() / 1000), data: { checkoutId, amount: options.amount ?? 300, metadata: {} } })
    const signature = signWebhook(options.secret ?? t.config.paymentWebhookSecret, body, options.timestamp)
    return t.app.inject({ method: 'POST', url: `/api/v1/payments/webhooks/${tenant.slug}/fake`, headers: { 'content-type': 'application/json', 'yakuba-pay-signature': signature }, payload: body })
  }

  it('creates a payment once per idempotency key, with one checkout at the provider, and audits it', async () => {
    const tenant = await createTestTenant(t.platform)
    const data = input(tenant)
    const first = await create(tenant, data)
    const again = await create(tenant, data)
    expect(again.id).toBe(first.id)
    expect(again.providerPaymentId).toBe(first.providerPaymentId)
    expect(first).toMatchObject({ status: 'created', method: 'online', provider: 'fake', amountYen: 300, purpose: PURPOSE })
    expect(first.redirectUrl).toBe(`${t.config.publicUrl}/dev-pay/checkout/${first.providerPaymentId}`)
    expect(first.expiresAt?.getTime()).toBeGreaterThan(Date.now() + 55 * 60_000)
    expect(await auditOf(tenant, 'payments.create', first.id)).toHaveLength(1)

    const other = await create(tenant, { ...data, idempotencyKey: `test-${randomUUID()}` })
    expect(other.id).not.toBe(first.id)
    expect(await errorCode(create(tenant, { ...data, amountYen: 500 }))).toBe('PAYMENTS.IDEMPOTENCY_KEY_REUSED')
    expect(await errorCode(create(tenant, input(tenant, { amountYen: 0 })))).toBe('PAYMENTS.INVALID_PAYMENT')
    expect(await errorCode(create(tenant, input(tenant, { returnUrl: 'https://evil.example/' })))).toBe('PAYMENTS.INVALID_PAYMENT')

    // The expiry sweep is queued for the checkout's expiry.
    const { rows } = await t.platform.database.ownerPool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'payments.expire-checkouts' AND data->>'tenantId' = $1 AND start_after > now() + interval '50 minutes'`,
      [tenant.id],
    )
    expect(rows[0].n).toBeGreaterThanOrEqual(2)
  })

  it('gets the same checkout back when a transaction that opened it rolled back and is retried', async () => {
    const tenant = await createTestTenant(t.platform)
    const data = input(tenant)
    let checkoutId: string | null = null
    await expect(
      withTenant(db(), tenant.id, async trx => {
        checkoutId = (await payments.createPayment(trx, tenant.id, data)).providerPaymentId
        throw new Error('the caller failed after creating the payment')
      }),
    ).rejects.toThrow('the caller failed')
    const retried = await create(tenant, data)
    expect(checkoutId).toBeTruthy()
    expect(retried.providerPaymentId).toBe(checkoutId)
  })

  it('pays through the hosted page: the webhook captures the payment and the settlement hook runs exactly once', async () => {
    const tenant = await createTestTenant(t.platform)
    const { jar, id: residentId } = await resident(tenant)
    const payment = await create(tenant, input(tenant, { residentId, returnUrl: `/${tenant.slug}/mypage?from=payment` }))

    const { checkoutPage, returnPath } = await payThroughFakeProvider(t, jar, payment.redirectUrl ?? '', 'pay')
    expect(checkoutPage.body).toContain('テスト市')
    expect(checkoutPage.body).toContain('300円')
    expect(checkoutPage.body).toContain('住民票の写しの交付手数料')
    expect(returnPath).toBe(`/${tenant.slug}/payments/${payment.id}/return`)

    const stored = await reload(tenant, payment.id)
    expect(stored.status).toBe('captured')
    expect(stored.capturedAt).toBeInstanceOf(Date)
    expect(settlementsOf(payment.id)).toEqual([{ paymentId: payment.id, from: 'created', to: 'captured', status: 'captured' }])
    expect(await eventsOf(tenant, payment.id)).toMatchObject([{ type: 'payment.captured', applied: true, provider: 'fake' }])
    const [audit] = await auditOf(tenant, 'payments.capture', payment.id)
    expect(audit).toMatchObject({ actorType: 'system', actorId: 'provider:fake', subjectType: 'payment' })

    const page = await t.app.inject({ method: 'GET', url: returnPath, headers: { cookie: jar.header() } })
    expect(page.statusCode).toBe(200)
    expect(page.headers['cache-control']).toBe('no-store')
    expect(page.body).toContain('お支払いが完了しました')
    expect(page.body).toContain(`href="/${tenant.slug}/mypage?from=payment"`)
    expect(page.body).not.toContain('http-equiv="refresh"')
    const english = await t.app.inject({ method: 'GET', url: `${returnPath}?lang=en`, headers: { cookie: jar.header() } })
    expect(english.body).toContain('Your payment is complete')

    // The page cannot be paid twice.
    const again = await t.app.inject({ method: 'GET', url: pathOf(payment.redirectUrl ?? ''), headers: { cookie: jar.header() } })
    expect(again.body).toContain('このお支払いは完了しています')
    expect(again.body).not.toContain('name="nonce"')
  })

  it('shows 確認中 with a 3-second refresh until the webhook arrives, and lets the resident stop the refresh', async () => {
    const tenant = await createTestTenant(t.platform)
    const { jar, id: residentId } = await resident(tenant)
    const payment = await create(tenant, input(tenant, { residentId }))
    const fake = useFakePayments(t, { deliveryDelayMs: 60_000 })
    const { returnPath } = await payThroughFakeProvider(t, jar, payment.redirectUrl ?? '', 'pay', { drain: false })

    const pending = await t.app.inject({ method: 'GET', url: returnPath, headers: { cookie: jar.header() } })
    expect(pending.statusCode).toBe(200)
    expect(pending.body).toContain('お支払いを確認しています')
    expect(pending.body).toContain('data-auto-reload="3000"')
    expect(pending.body).not.toContain('http-equiv="refresh"')
    expect(pending.body).toContain(`href="${returnPath}?auto=0"`)
    const stopped = await t.app.inject({ method: 'GET', url: `${returnPath}?auto=0`, headers: { cookie: jar.header() } })
    expect(stopped.body).not.toContain('data-auto-reload')
    expect(stopped.body).toContain('自動更新を止めました')

    await fake.drain(10_000, { skipDelays: true })
    const done = await t.app.inject({ method: 'GET', url: returnPath, headers: { cookie: jar.header() } })
    expect(done.body).toContain('お支払いが完了しました')
  })

  it('records a failed and a cancelled payment, tells the owning module, and says so to the resident', async () => {
    const tenant = await createTestTenant(t.platform)
    const { jar, id: residentId } = await resident(tenant)
    const failed = await create(tenant, input(tenant, { residentId }))
    const { returnPath } = await payThroughFakeProvider(t, jar, failed.redirectUrl ?? '', 'fail')
    expect((await reload(tenant, failed.id)).status).toBe('failed')
    expect(settlementsOf(failed.id).map(s => s.to)).toEqual(['failed'])
    const page = await t.app.inject({ method: 'GET', url: returnPath, headers: { cookie: jar.header() } })
    expect(page.body).toContain('お支払いができませんでした')

    const cancelled = await create(tenant, input(tenant, { residentId }))
    await payThroughFakeProvider(t, jar, cancelled.redirectUrl ?? '', 'cancel')
    expect((await reload(tenant, cancelled.id)).status).toBe('cancelled')
    expect(settlementsOf(cancelled.id).map(s => s.to)).toEqual(['cancelled'])
  })

  it('applies a webhook delivered twice only once', async () => {
    const tenant = await createTestTenant(t.platform)
    const { jar } = await resident(tenant)
    const payment = await create(tenant, input(tenant))
    const fake = useFakePayments(t, { duplicateDelivery: true })
    await payThroughFakeProvider(t, jar, payment.redirectUrl ?? '', 'pay')
    const deliveries = fake.deliveries().filter(d => d.body.includes(payment.providerPaymentId ?? '-'))
    expect(deliveries).toHaveLength(2)
    expect(deliveries.every(d => d.state === 'delivered' && d.lastStatus === 200)).toBe(true)
    expect(await eventsOf(tenant, payment.id)).toHaveLength(1)
    expect(settlementsOf(payment.id)).toHaveLength(1)
    expect(await auditOf(tenant, 'payments.capture', payment.id)).toHaveLength(1)
  })

  it('records a late payment.pending after payment.captured but never moves the payment back', async () => {
    const tenant = await createTestTenant(t.platform)
    const { jar } = await resident(tenant)
    const payment = await create(tenant, input(tenant))
    useFakePayments(t, { outOfOrder: true })
    await payThroughFakeProvider(t, jar, payment.redirectUrl ?? '', 'pay')
    expect((await reload(tenant, payment.id)).status).toBe('captured')
    expect((await eventsOf(tenant, payment.id)).map(e => ({ type: e.type, applied: e.applied, ignoredReason: e.ignoredReason }))).toEqual([
      { type: 'payment.captured', applied: true, ignoredReason: null },
      { type: 'payment.pending', applied: false, ignoredReason: 'stale' },
    ])
    expect(settlementsOf(payment.id)).toHaveLength(1)
  })

  it('answers a bad, missing or stale signature with 400 problem+json and changes nothing', async () => {
    const tenant = await createTestTenant(t.platform)
    const payment = await create(tenant, input(tenant))
    const checkoutId = payment.providerPaymentId ?? ''
    const wrongSecret = await webhook(tenant, checkoutId, { secret: 'whsec_an_attacker_guessing_secrets' })
    expect(wrongSecret.statusCode).toBe(400)
    expect(wrongSecret.headers['content-type']).toContain('application/problem+json')
    expect(wrongSecret.json()).toMatchObject({ code: 'PAYMENTS.WEBHOOK_SIGNATURE_INVALID', status: 400 })
    const stale = await webhook(tenant, checkoutId, { timestamp: Math.floor(Date.now() / 1000) - 600 })
    expect(stale.statusCode).toBe(400)
    const unsigned = await t.app.inject({ method: 'POST', url: `/api/v1/payments/webhooks/${tenant.slug}/fake`, headers: { 'content-type': 'application/json' }, payload: '{"id":"evt_x"}' })
    expect(unsigned.statusCode).toBe(400)
    const english = await t.app.inject({ method: 'POST', url: `/api/v1/payments/webhooks/${tenant.slug}/fake`, headers: { 'content-type': 'application/json', 'accept-language': 'en' }, payload: '{}' })
    expect(english.json()).toMatchObject({ title: 'The notification’s signature could not be verified.' })

    expect((await reload(tenant, payment.id)).status).toBe('created')
    expect(await eventsOf(tenant, payment.id)).toHaveLength(0)
    expect(settlementsOf(payment.id)).toHaveLength(0)

    // Well signed but about nothing we know, from a provider we do not use, or not JSON.
    expect((await webhook(tenant, 'chk_unknown')).statusCode).toBe(404)
    const otherProvider = await t.app.inject({ method: 'POST', url: `/api/v1/payments/webhooks/${tenant.slug}/stripe`, headers: { 'content-type': 'application/json' }, payload: '{}' })
    expect(otherProvider.statusCode).toBe(404)
    const body = 'not json'
    const garbage = await t.app.inject({ method: 'POST', url: `/api/v1/payments/webhooks/${tenant.slug}/fake`, headers: { 'content-type': 'application/json', 'yakuba-pay-signature': signWebhook(t.config.paymentWebhookSecret, body) }, payload: body })
    expect(garbage.statusCode).toBe(400)
    expect(garbage.json()).toMatchObject({ code: 'PAYMENTS.WEBHOOK_PAYLOAD_INVALID' })
  })

  it('records but does not apply a notification whose amount differs from the payment', async () => {
    const tenant = await createTestTenant(t.platform)
    const payment = await create(tenant, input(tenant))
    const res = await webhook(tenant, payment.providerPaymentId ?? '', { amount: 1 })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ received: true, duplicate: false, applied: false })
    expect((await reload(tenant, payment.id)).status).toBe('created')
    expect(await eventsOf(tenant, payment.id)).toMatchObject([{ applied: false, ignoredReason: 'amount-mismatch' }])
  })

  it('speaks a real-looking provider API: 401 without the key, 409 on a reused key, 422 on a bad amount, 429 with Retry-After', async () => {
    const api = (payload: unknown, headers: Record<string, string> = {}) =>
      t.app.inject({ method: 'POST', url: '/dev-pay/v1/checkouts', headers: { 'content-type': 'application/json', ...headers }, payload: JSON.stringify(payload) })
    const auth = { authorization: `Bearer ${t.config.paymentSecretKey}` }
    const body = { amount: 500, currency: 'jpy', description: 'テスト', return_url: 'http://yakuba.test/x', webhook_url: 'http://yakuba.test/y' }

    const unauthorised = await api(body)
    expect(unauthorised.statusCode).toBe(401)
    expect(unauthorised.json()).toMatchObject({ error: { type: 'authentication_error' } })
    expect((await api(body, { authorization: 'Bearer sk_test_wrong_key_value' })).statusCode).toBe(401)

    const key = { ...auth, 'idempotency-key': `idem-${randomUUID()}` }
    const first = await api(body, key)
    expect(first.statusCode).toBe(201)
    const replay = await api(body, key)
    expect(replay.statusCode).toBe(201)
    expect(replay.json<{ id: string }>().id).toBe(first.json<{ id: string }>().id)
    const conflict = await api({ ...body, amount: 600 }, key)
    expect(conflict.statusCode).toBe(409)
    expect(conflict.json()).toMatchObject({ error: { code: 'idempotency_key_reused' } })

    const invalid = await api({ ...body, amount: -5 }, auth)
    expect(invalid.statusCode).toBe(422)
    expect(invalid.headers['content-type']).toContain('application/json')
    expect(invalid.json()).toMatchObject({ error: { code: 'amount_invalid', param: 'amount' } })
    const malformed = await t.app.inject({ method: 'POST', url: '/dev-pay/v1/checkouts', headers: { 'content-type': 'application/json', ...auth }, payload: '{"amount":' })
    expect(malformed.statusCode).toBe(400)
    expect(malformed.json()).toMatchObject({ error: { code: 'invalid_json' } })

    useFakePayments(t, { rateLimit: { max: 1, windowMs: 60_000 } })
    expect((await api(body, auth)).statusCode).toBe(201)
    const limited = await api(body, auth)
    expect(limited.statusCode).toBe(429)
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0)
    useFakePayments(t)
  })

  it('refunds a captured payment through the provider, audited with the reason; only with payments.refund', async () => {
    const tenant = await createTestTenant(t.platform)
    const { jar } = await resident(tenant)
    const payment = await create(tenant, input(tenant))
    await payThroughFakeProvider(t, jar, payment.redirectUrl ?? '', 'pay')

    const clerk = await staff(tenant, 'clerk')
    const detail = await clerk.get(`/staff/payments/${payment.id}`)
    expect(detail.statusCode).toBe(200)
    expect(detail.body).not.toContain('name="reason"')
    expect((await clerk.post(`/staff/payments/${payment.id}/refund`, { reason: '二重申請' })).statusCode).toBe(403)

    const admin = await staff(tenant)
    // The provider's refund notification comes a little later (its arrival first is handled too: see below).
    useFakePayments(t, { deliveryDelayMs: 60_000 })
    const empty = await admin.post(`/staff/payments/${payment.id}/refund`, { reason: '' })
    expect(empty.statusCode).toBe(422)
    expect(empty.body).toContain('返金の理由を入力してください')
    const refunded = await admin.post(`/staff/payments/${payment.id}/refund`, { reason: '二重に申請されたため' })
    expect(refunded.statusCode).toBe(303)
    expect(refunded.headers.location).toBe(`/${tenant.slug}/staff/payments/${payment.id}?done=refunded`)
    expect((await reload(tenant, payment.id)).status).toBe('refunded')
    const fake = useFakePayments(t)
    expect(fake.findCheckout(payment.providerPaymentId ?? '')?.status).toBe('refunded')
    await fake.drain(10_000, { skipDelays: true })
    // The provider's own refund notification arrived after: recorded, nothing to apply.
    expect((await eventsOf(tenant, payment.id)).map(e => [e.type, e.applied, e.ignoredReason])).toEqual([
      ['payment.captured', true, null],
      ['payment.refunded', false, 'already'],
    ])
    expect(settlementsOf(payment.id).map(s => s.to)).toEqual(['captured', 'refunded'])
    const [request] = await auditOf(tenant, 'payments.request-refund', payment.id)
    expect(request).toMatchObject({ actorType: 'staff', actorId: admin.member.id, details: { reason: '二重に申請されたため', amountYen: 300 } })
    expect(await auditOf(tenant, 'payments.refund', payment.id)).toHaveLength(1)
    const page = await admin.get(`/staff/payments/${payment.id}?done=refunded`)
    expect(page.body).toContain('返金しました。')
    expect(page.body).toContain('すでに同じ状態のため反映せず')

    // A second refund is refused, translated, never a 500.
    const twice = await admin.post(`/staff/payments/${payment.id}/refund`, { reason: 'もう一度' })
    expect(twice.statusCode).toBe(409)
    expect(twice.body).toContain('返金できるのは支払い済みの支払いだけです')
  })

  it('refunds once when the provider’s refund notification arrives before the refund call returns', async () => {
    const tenant = await createTestTenant(t.platform)
    const { jar } = await resident(tenant)
    const payment = await create(tenant, input(tenant))
    await payThroughFakeProvider(t, jar, payment.redirectUrl ?? '', 'pay')
    const fake = useFakePayments(t)
    const real = payments.providers.get('fake')
    if (!real) throw new Error('no fake provider client')
    const eager = { ...real, refund: async (refund: Parameters<typeof real.refund>[0]) => {
      const result = await real.refund(refund)
      await fake.drain()
      return result
    } }
    const service = createPaymentService(t.platform, { providers: { online: eager, get: id => (id === 'fake' ? eager : undefined) } })
    const actor = { id: randomUUID(), email: 'finance@example.jp', displayName: '会計', assignments: [], permissions: new Set(['payments.read', 'payments.refund'] as const) }
    const result = await service.refundPayment({ tenant, actor, requestId: 'req-1' }, payment.id, '重複')
    expect(result.status).toBe('refunded')
    expect((await eventsOf(tenant, payment.id)).map(e => [e.type, e.applied])).toEqual([
      ['payment.captured', true],
      ['payment.refunded', true],
    ])
    expect(settlementsOf(payment.id).map(s => s.to)).toEqual(['captured', 'refunded'])
    expect(await auditOf(tenant, 'payments.refund', payment.id)).toMatchObject([{ actorType: 'system', actorId: 'provider:fake' }])
    expect(await auditOf(tenant, 'payments.request-refund', payment.id)).toMatchObject([{ actorType: 'staff', actorId: actor.id, requestId: 'req-1' }])
  })

  it('issues a Pay-easy reference and lets finance staff record counter and Pay-easy receipts', async () => {
    const tenant = await createTestTenant(t.platform)
    const { jar, id: residentId } = await resident(tenant)
    const payEasy = await create(tenant, input(tenant, { method: 'pay-easy', residentId }))
    expect(payEasy.provider).toBe('pay-easy')
    expect(payEasy.redirectUrl).toBeNull()
    expect(payEasy.payEasy?.collectorCode).toBe('99999')
    expect(hasValidCheckDigit(payEasy.payEasy?.customerNumber ?? '')).toBe(true)
    expect(payEasy.payEasy?.confirmationNumber).toMatch(/^[0-9]{6}$/)
    const page = await t.app.inject({ method: 'GET', url: `/${tenant.slug}/payments/${payEasy.id}/return`, headers: { cookie: jar.header() } })
    expect(page.body).toContain('ペイジー(Pay-easy)でお支払いください')
    expect(page.body).toContain(payEasy.payEasy?.customerNumber)
    expect(page.body).not.toContain('http-equiv="refresh"')

    const counter = await create(tenant, input(tenant, { method: 'counter' }))
    const clerk = await staff(tenant, 'clerk')
    expect((await clerk.post(`/staff/payments/${counter.id}/mark-paid`)).statusCode).toBe(403)
    const admin = await staff(tenant)
    const marked = await admin.post(`/staff/payments/${counter.id}/mark-paid`)
    expect(marked.statusCode).toBe(303)
    expect((await reload(tenant, counter.id)).status).toBe('captured')
    expect(settlementsOf(counter.id)).toMatchObject([{ to: 'captured' }])
    const [audit] = await auditOf(tenant, 'payments.capture', counter.id)
    expect(audit).toMatchObject({ actorType: 'staff', actorId: admin.member.id })
    // A double click changes nothing more.
    expect((await admin.post(`/staff/payments/${counter.id}/mark-paid`)).statusCode).toBe(303)
    expect(settlementsOf(counter.id)).toHaveLength(1)

    expect((await admin.post(`/staff/payments/${payEasy.id}/mark-paid`)).statusCode).toBe(303)
    expect((await reload(tenant, payEasy.id)).status).toBe('captured')
    const online = await create(tenant, input(tenant))
    const refused = await admin.post(`/staff/payments/${online.id}/mark-paid`)
    expect(refused.statusCode).toBe(409)
  })

  it('expires unpaid online checkouts, and still records a capture that arrives afterwards', async () => {
    const tenant = await createTestTenant(t.platform)
    const { jar } = await resident(tenant)
    const payment = await create(tenant, input(tenant))
    const waiting = await create(tenant, input(tenant))
    await withTenant(db(), tenant.id, trx => paymentsDb(trx).updateTable('payments').set({ expiresAt: new Date(Date.now() - 1000) }).where('id', '=', payment.id).execute())
    const context = { db: db(), logger: t.platform.logger, config: t.config, mailer: t.platform.mailer }
    await expireCheckouts.run({ tenantId: tenant.id }, context)
    await expireCheckouts.run({ tenantId: tenant.id }, context)
    expect((await reload(tenant, payment.id)).status).toBe('expired')
    expect((await reload(tenant, waiting.id)).status).toBe('created')
    expect(settlementsOf(payment.id).map(s => s.to)).toEqual(['expired'])
    expect(await auditOf(tenant, 'payments.expire', payment.id)).toHaveLength(1)

    await payThroughFakeProvider(t, jar, payment.redirectUrl ?? '', 'pay')
    const late = await reload(tenant, payment.id)
    expect(late.status).toBe('captured')
    expect(settlementsOf(payment.id).map(s => s.to)).toEqual(['expired', 'captured'])
  })

  it('exports the reconciliation CSV: UTF-8 with BOM by default, Shift_JIS on request, refunds as negative lines', async () => {
    const tenant = await createTestTenant(t.platform)
    const { jar } = await resident(tenant)
    const paid = await create(tenant, input(tenant, { description: '印鑑登録証明書, 1通', subjectReference: 'A-0001' }))
    await payThroughFakeProvider(t, jar, paid.redirectUrl ?? '', 'pay')
    const refunded = await create(tenant, input(tenant, { amountYen: 450, subjectReference: 'A-0002' }))
    await payThroughFakeProvider(t, jar, refunded.redirectUrl ?? '', 'pay')
    await create(tenant, input(tenant, { subjectReference: 'A-0003' }))
    const admin = await staff(tenant)
    expect((await admin.post(`/staff/payments/${refunded.id}/refund`, { reason: '取下げ' })).statusCode).toBe(303)
    await useFakePayments(t).drain()

    const today = tokyoDate(new Date())
    const res = await admin.get(`/staff/payments/reconciliation.csv?from=${today}&to=${today}`)
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8')
    expect(res.headers['content-disposition']).toBe(`attachment; filename="reconciliation-${tenant.slug}-${today}-${today}.csv"`)
    expect([...res.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const lines = res.rawPayload.subarray(3).toString('utf8').split('\r\n')
    expect(lines[0]).toBe('収納日,決済ID,受付番号,件名,金額(円),状態,決済方法,決済事業者,事業者取引ID')
    const stored = await reload(tenant, refunded.id)
    expect(lines.slice(1, -1).sort()).toEqual(
      [
        `${today},${paid.id},A-0001,"印鑑登録証明書, 1通",300,支払い済み,オンライン決済,テスト決済(開発用),${paid.providerPaymentId}`,
        `${today},${refunded.id},A-0002,住民票の写しの交付手数料,450,返金済み,オンライン決済,テスト決済(開発用),${stored.providerPaymentId}`,
        `${today},${refunded.id},A-0002,住民票の写しの交付手数料,-450,返金済み,オンライン決済,テスト決済(開発用),${stored.providerPaymentId}`,
      ].sort(),
    )
    expect(lines.at(-1)).toBe('')
    const [exported] = await auditOf(tenant, 'payments.export-reconciliation')
    expect(exported).toMatchObject({ actorType: 'staff', details: { from: today, to: today, encoding: 'utf8', lines: 3 } })

    const sjis = await admin.get(`/staff/payments/reconciliation.csv?from=${today}&to=${today}&encoding=sjis`)
    expect(sjis.headers['content-type']).toBe('text/csv; charset=Shift_JIS')
    expect(sjis.rawPayload[0]).not.toBe(0xef)
    expect(new TextDecoder('shift_jis').decode(sjis.rawPayload)).toBe(res.rawPayload.subarray(3).toString('utf8'))

    // Nothing in an earlier period.
    const empty = await admin.get('/staff/payments/reconciliation.csv?from=2020-04-01&to=2020-04-30')
    expect(empty.rawPayload.subarray(3).toString('utf8')).toBe('収納日,決済ID,受付番号,件名,金額(円),状態,決済方法,決済事業者,事業者取引ID\r\n')

    for (const query of ['from=2025-13-01&to=2025-12-31', `from=${today}&to=2020-01-01`, 'from=2020-01-01&to=2022-01-01', `from=${today}&to=${today}&encoding=latin1`, '']) {
      const bad = await admin.get(`/staff/payments/reconciliation.csv?${query}`)
      expect(bad.statusCode).toBe(400)
      expect(bad.body).toContain('1年以内で指定してください')
    }
    const partner = await staff(tenant, 'partner_member')
    expect((await partner.get(`/staff/payments/reconciliation.csv?from=${today}&to=${today}`)).statusCode).toBe(403)
  })

  it('lists payments for staff with status and date filters, and rejects bad filters with 422', async () => {
    const tenant = await createTestTenant(t.platform)
    const counter = await create(tenant, input(tenant, { method: 'counter', subjectReference: 'C-0001' }))
    await create(tenant, input(tenant, { subjectReference: 'O-0001' }))
    const admin = await staff(tenant)
    await admin.post(`/staff/payments/${counter.id}/mark-paid`)

    const home = await admin.get('/staff')
    expect(home.body).toContain(`href="/${tenant.slug}/staff/payments"`)
    const all = await admin.get('/staff/payments')
    expect(all.statusCode).toBe(200)
    expect(all.body).toContain('C-0001')
    expect(all.body).toContain('O-0001')
    expect(all.body).toContain('2件')
    const captured = await admin.get('/staff/payments?status=captured')
    expect(captured.body).toContain('C-0001')
    expect(captured.body).not.toContain('O-0001')
    const today = tokyoDate(new Date())
    expect((await admin.get(`/staff/payments?from=${today}&to=${today}`)).body).toContain('2件')
    expect((await admin.get('/staff/payments?from=2020-01-01&to=2020-01-31')).body).toContain('条件に合う支払いはありません')

    const bad = await admin.get('/staff/payments?status=stolen&from=2025-02-30&to=x')
    expect(bad.statusCode).toBe(422)
    expect(bad.body).toContain('状態を一覧から選んでください')
    expect(bad.body).toContain('日付を「2025-04-01」の形で入力してください')
    expect(bad.body).toContain('href="#status"')
    expect((await admin.get('/staff/payments?page=abc')).statusCode).toBe(200)
    expect((await admin.get('/staff/payments/not-a-uuid')).statusCode).toBe(404)
    expect((await admin.get(`/staff/payments/${randomUUID()}`)).statusCode).toBe(404)

    const partner = await staff(tenant, 'partner_member')
    expect((await partner.get('/staff/payments')).statusCode).toBe(403)
  })

  it('keeps payments to their tenant and to their resident', async () => {
    const a = await createTestTenant(t.platform)
    const b = await createTestTenant(t.platform)
    const owner = await resident(a, 'yamada-taro')
    const payment = await create(a, input(a, { residentId: owner.id, subjectReference: 'A-SECRET' }))

    const other = await resident(a, 'sato-kenichi')
    const returnPath = `/${a.slug}/payments/${payment.id}/return`
    expect((await t.app.inject({ method: 'GET', url: returnPath, headers: { cookie: other.jar.header() } })).statusCode).toBe(404)
    const anonymous = await t.app.inject({ method: 'GET', url: returnPath })
    expect(anonymous.statusCode).toBe(303)
    expect(anonymous.headers.location).toContain(`/${a.slug}/login`)
    expect((await t.app.inject({ method: 'GET', url: returnPath, headers: { cookie: owner.jar.header() } })).statusCode).toBe(200)

    const adminB = await staff(b)
    expect((await adminB.get(`/staff/payments/${payment.id}`)).statusCode).toBe(404)
    expect((await adminB.get('/staff/payments')).body).not.toContain('A-SECRET')
    const wrongTenant = await webhook(b, payment.providerPaymentId ?? '')
    expect(wrongTenant.statusCode).toBe(404)
    expect((await reload(a, payment.id)).status).toBe('created')
    const seenFromB = await withTenant(db(), b.id, trx => paymentsDb(trx).selectFrom('payments').select('id').where('id', '=', payment.id).execute())
    expect(seenFromB).toEqual([])
    const seenWithoutTenant = await paymentsDb(db()).selectFrom('payments').select('id').where('id', '=', payment.id).execute()
    expect(seenWithoutTenant).toEqual([])
  })

  it('describes the webhook in the OpenAPI document', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })
    const doc = res.json<{ paths: Record<string, Record<string, { tags: string[]; parameters: { name: string }[] }>> }>()
    const operation = doc.paths['/api/v1/payments/webhooks/{tenant}/{provider}']?.post
    expect(operation?.tags).toEqual(['payments'])
    expect(operation?.parameters.map(p => p.name)).toEqual(['tenant', 'provider'])
  })

  it('renders the hosted checkout page with its own nonce, refusing a forged form', async () => {
    const tenant = await createTestTenant(t.platform)
    const { jar } = await resident(tenant)
    const payment: Payment = await create(tenant, input(tenant))
    const path = pathOf(payment.redirectUrl ?? '')
    const page = await t.app.inject({ method: 'GET', url: path, headers: { cookie: jar.header() } })
    expect(page.body).toContain('<html lang="ja">')
    for (const label of ['支払う', '失敗させる', 'キャンセル']) expect(page.body).toContain(`>${label}</button>`)
    jar.store(page.headers['set-cookie'])
    const forged = await t.app.inject({ method: 'POST', url: path, headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' }, payload: 'nonce=forged&action=pay' })
    expect(forged.statusCode).toBe(403)
    const noCookie = await t.app.inject({ method: 'POST', url: path, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `nonce=${/name="nonce" value="([^"]+)"/.exec(page.body)?.[1]}&action=pay` })
    expect(noCookie.statusCode).toBe(403)
    expect((await reload(tenant, payment.id)).status).toBe('created')
    expect((await t.app.inject({ method: 'GET', url: '/dev-pay/checkout/chk_missing' })).statusCode).toBe(404)
  })

  it('tells callers when a method is not available', async () => {
    const tenant = await createTestTenant(t.platform)
    const noProvider = createPaymentService(t.platform, { providers: { online: undefined, get: () => undefined } })
    const code = await errorCode(withTenant(db(), tenant.id, trx => noProvider.createPayment(trx, tenant.id, input(tenant))))
    expect(code).toBe('PAYMENTS.ONLINE_UNAVAILABLE')
  })
})
