import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { CookieJar, createTestApp, csrfFrom, TEST_DB, type TestApp } from '../../../../test/app.js'
import { createTestTenant } from '../../../../test/factories.js'
import { createTestResident } from '../../../../test/notification-factories.js'
import { createTestSlot, createTestSlots, type TestResourceOptions, type TestSlotSpec } from '../../../../test/reservation-factories.js'
import { payThroughFakeProvider, useFakePayments } from '../../../../test/fake-payments.js'
import { loginWithEmail } from '../../../../test/resident-login.js'
import { withTenant } from '../../../platform/db/tenant-context.js'
import type { TenantContext } from '../../../platform/tenancy/tenant-service.js'
import { reservationsDb } from '../reservation-tables.js'

describe(`resident booking pages (${TEST_DB})`, () => {
  let t: TestApp

  beforeAll(async () => {
    t = await createTestApp()
  })
  afterAll(async () => {
    await t?.close()
  })
  beforeEach(() => {
    useFakePayments(t)
  })

  const db = () => t.platform.database.db

  async function setup(options: TestResourceOptions & TestSlotSpec = {}) {
    const tenant = await createTestTenant(t.platform)
    const { resource, slot } = await createTestSlot(t.platform, tenant, { daysAhead: 10, ...options })
    return { tenant, resource, slot }
  }

  async function login(tenant: TenantContext) {
    const email = `r-${randomUUID().slice(0, 8)}@example.jp`
    const resident = await createTestResident(t.platform, tenant, { loginEmail: email })
    await withTenant(db(), tenant.id, trx => trx.updateTable('residents').set({ addressPrefecture: '東京都', addressCity: 'テスト市' }).where('id', '=', resident.id).execute())
    const { jar } = await loginWithEmail(t, tenant, email)
    return { jar, id: resident.id }
  }

  const get = (jar: CookieJar, url: string) => t.app.inject({ method: 'GET', url, headers: { cookie: jar.header() } })
  async function post(jar: CookieJar, url: string, payload: Record<string, string>, csrfPage?: string) {
    const page = await get(jar, csrfPage ?? url)
    jar.store(page.headers['set-cookie'])
    return t.app.inject({ method: 'POST', url, headers: { cookie: jar.header() }, payload: { _csrf: csrfFrom(page.body), ...payload } })
  }

  async function hold(tenant: TenantContext, jar: CookieJar, slotId: string, fields: Record<string, string> = {}) {
    const page = await get(jar, `/${tenant.slug}/reservations/slots/${slotId}`)
    jar.store(page.headers['set-cookie'])
    const key = /name="idempotencyKey" value="([^"]+)"/.exec(page.body)?.[1] ?? ''
    const res = await t.app.inject({ method: 'POST', url: `/${tenant.slug}/reservations/slots/${slotId}/hold`, headers: { cookie: jar.header() }, payload: { _csrf: csrfFrom(page.body), idempotencyKey: key, partySize: '4', purpose: '', ...fields } })
    return { res, key, csrf: csrfFrom(page.body) }
  }

  const rows = (tenant: TenantContext) => withTenant(db(), tenant.id, trx => reservationsDb(trx).selectFrom('reservations').selectAll().where('tenantId', '=', tenant.id).execute())
  const remaining = async (tenant: TenantContext, slotId: string) =>
    (await withTenant(db(), tenant.id, trx => reservationsDb(trx).selectFrom('reservationSlots').select('remaining').where('id', '=', slotId).executeTakeFirstOrThrow())).remaining

  it('shows a slot with its fee table to visitors, and a login link that comes back to the slot', async () => {
    const { tenant, slot } = await setup({ residentFeeYen: 1439, nonResidentFeeYen: 2878 })
    const page = await t.app.inject({ method: 'GET', url: `/${tenant.slug}/reservations/slots/${slot.id}` })
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('料金表')
    expect(page.body).toContain('市内の方:180円')
    expect(page.body).toContain(`/${tenant.slug}/login?return=${encodeURIComponent(`/${tenant.slug}/reservations/slots/${slot.id}`)}`)
    expect(page.body).not.toContain('name="idempotencyKey"')
  })

  it('holds the slot, and a repeated submit of the same form returns the same booking without a second seat', async () => {
    const { tenant, slot } = await setup({ capacity: 1 })
    const { jar } = await login(tenant)
    const { res, key, csrf } = await hold(tenant, jar, slot.id)
    expect(res.statusCode).toBe(303)
    const [booking] = await rows(tenant)
    expect(res.headers.location).toBe(`/${tenant.slug}/reservations/my/${booking!.id}`)
    const again = await t.app.inject({ method: 'POST', url: `/${tenant.slug}/reservations/slots/${slot.id}/hold`, headers: { cookie: jar.header() }, payload: { _csrf: csrf, idempotencyKey: key, partySize: '4', purpose: '' } })
    expect(again.statusCode).toBe(303)
    expect(again.headers.location).toBe(res.headers.location)
    expect(await rows(tenant)).toHaveLength(1)
    expect(await remaining(tenant, slot.id)).toBe(0)
    const detail = await get(jar, String(res.headers.location))
    expect(detail.statusCode).toBe(200)
    expect(detail.body).toContain(booking!.reference)
    expect(detail.body).toContain('仮押さえ中です')
  })

  it('asks a resident whose account has no name (an email login) for the name on the permit, and stores what they typed', async () => {
    const { tenant, slot, resource } = await setup({ capacity: 1 })
    const { jar } = await loginWithEmail(t, tenant, `new-${randomUUID().slice(0, 8)}@example.jp`)
    const page = await get(jar, `/${tenant.slug}/reservations/slots/${slot.id}`)
    expect(page.body).toContain('name="applicantName"')
    expect(page.body).toContain('autocomplete="name"')

    const missing = await hold(tenant, jar, slot.id, { partySize: '1' })
    expect(missing.res.statusCode).toBe(422)
    expect(missing.res.body).toContain('氏名を入力してください。')
    expect(missing.res.body).toContain('href="#applicantName"')
    const tooLong = await hold(tenant, jar, slot.id, { partySize: '1', applicantName: 'あ'.repeat(101) })
    expect(tooLong.res.statusCode).toBe(422)
    expect(tooLong.res.body).toContain('氏名は100文字以内で')
    expect(await rows(tenant)).toHaveLength(0)
    expect(await remaining(tenant, slot.id)).toBe(1)

    const named = await hold(tenant, jar, slot.id, { partySize: '1', applicantName: '  予約　花子 ' })
    expect(named.res.statusCode).toBe(303)
    expect((await rows(tenant))[0]?.applicantName).toBe('予約　花子')
    // kept on the account: the next slot's form does not ask again
    const [next] = await createTestSlots(t.platform, tenant, resource.id, [{ daysAhead: 11 }])
    const nextPage = await get(jar, `/${tenant.slug}/reservations/slots/${next!.id}`)
    expect(nextPage.body).toContain('name="idempotencyKey"')
    expect(nextPage.body).not.toContain('name="applicantName"')
  })

  it('does not ask a resident whose account has a name', async () => {
    const { tenant, slot } = await setup({ capacity: 1 })
    const { jar } = await login(tenant)
    expect((await get(jar, `/${tenant.slug}/reservations/slots/${slot.id}`)).body).not.toContain('name="applicantName"')
    const { res } = await hold(tenant, jar, slot.id, { applicantName: '別の名前' })
    expect(res.statusCode).toBe(303)
    expect((await rows(tenant))[0]?.applicantName).toBe('テスト 住民')
  })

  it('ignores tampered price fields: the fee is always computed on the server', async () => {
    const { tenant, slot } = await setup({ residentFeeYen: 1439 })
    const { jar } = await login(tenant)
    const { res } = await hold(tenant, jar, slot.id, { feeYen: '0', fee_yen: '0', totalYen: '1', isResidentRate: 'false', price: '0' })
    expect(res.statusCode).toBe(303)
    expect((await rows(tenant))[0]?.feeYen).toBe(180)
  })

  it('answers bad input with a 4xx and stores nothing', async () => {
    const { tenant, slot, resource } = await setup({ maxPartySize: 3, kind: 'appointment', capacity: 5 })
    const [past] = await createTestSlots(t.platform, tenant, resource.id, [{ daysAhead: -2 }])
    const other = await setup()
    const { jar } = await login(tenant)

    const tooMany = await hold(tenant, jar, slot.id, { partySize: '9' })
    expect(tooMany.res.statusCode).toBe(422)
    expect(tooMany.res.body).toContain('人数は3人までです')
    const notNumber = await hold(tenant, jar, slot.id, { partySize: 'たくさん' })
    expect(notNumber.res.statusCode).toBe(422)
    expect(notNumber.res.body).toContain('error-summary')
    const noKey = await hold(tenant, jar, slot.id, { idempotencyKey: '' })
    expect(noKey.res.statusCode).toBe(422)

    const inPast = await t.app.inject({ method: 'POST', url: `/${tenant.slug}/reservations/slots/${past!.id}/hold`, headers: { cookie: jar.header() }, payload: { _csrf: tooMany.csrf, idempotencyKey: randomUUID(), partySize: '1' } })
    expect(inPast.statusCode).toBe(422)
    expect(inPast.body).toContain('過ぎた日時の枠は予約できません')
    const foreign = await t.app.inject({ method: 'POST', url: `/${tenant.slug}/reservations/slots/${other.slot.id}/hold`, headers: { cookie: jar.header() }, payload: { _csrf: tooMany.csrf, idempotencyKey: randomUUID(), partySize: '1' } })
    expect(foreign.statusCode).toBe(404)
    const garbage = await t.app.inject({ method: 'POST', url: `/${tenant.slug}/reservations/slots/1%20OR%201=1/hold`, headers: { cookie: jar.header() }, payload: { _csrf: tooMany.csrf, idempotencyKey: randomUUID(), partySize: '1' } })
    expect(garbage.statusCode).toBe(404)

    expect(await rows(tenant)).toHaveLength(0)
    expect(await rows(other.tenant)).toHaveLength(0)
    expect(await remaining(tenant, slot.id)).toBe(5)
  })

  it('refuses to pay for an expired hold with a clear message', async () => {
    const { tenant, slot } = await setup({ residentFeeYen: 1439 })
    const { jar } = await login(tenant)
    const { res } = await hold(tenant, jar, slot.id)
    const [booking] = await rows(tenant)
    await withTenant(db(), tenant.id, trx => reservationsDb(trx).updateTable('reservations').set({ holdExpiresAt: new Date(Date.now() - 60_000) }).where('id', '=', booking!.id).execute())
    const pay = await post(jar, `${String(res.headers.location)}/payment`, { method: 'counter' }, `/${tenant.slug}/reservations/my`)
    expect(pay.statusCode).toBe(409)
    expect(pay.body).toContain('仮押さえの期限が過ぎました')
    expect((await rows(tenant))[0]).toMatchObject({ status: 'held', paymentId: null })
  })

  it('pays online through the provider, confirms the booking and serves the permit as a PDF', async () => {
    const { tenant, slot } = await setup({ residentFeeYen: 1439 })
    const { jar } = await login(tenant)
    const { res } = await hold(tenant, jar, slot.id)
    const detailPath = String(res.headers.location)
    const pay = await post(jar, `${detailPath}/payment`, { method: 'online' }, detailPath)
    expect(pay.statusCode).toBe(303)
    expect(String(pay.headers.location)).toContain('/dev-pay/checkout/')
    expect((await rows(tenant))[0]).toMatchObject({ status: 'awaiting_payment', paymentMethod: 'online' })

    const permitTooEarly = await get(jar, `${detailPath}/permit.pdf`)
    expect(permitTooEarly.statusCode).toBe(409)

    await payThroughFakeProvider(t, jar, String(pay.headers.location), 'pay')
    const [booking] = await rows(tenant)
    expect(booking).toMatchObject({ status: 'confirmed', paymentMethod: 'online' })
    expect(booking?.paidAt).not.toBeNull()
    const detail = await get(jar, detailPath)
    expect(detail.body).toContain('予約確定')
    expect(detail.body).toContain(booking!.checkInCode)

    const permit = await get(jar, `${detailPath}/permit.pdf`)
    expect(permit.statusCode).toBe(200)
    expect(permit.headers['content-type']).toBe('application/pdf')
    expect(permit.rawPayload.subarray(0, 5).toString()).toBe('%PDF-')

    const list = await get(jar, `/${tenant.slug}/reservations/my`)
    expect(list.body).toContain(booking!.reference)
  })

  it('keeps the booking awaiting payment after a failed checkout and lets the resident switch to the counter', async () => {
    const { tenant, slot } = await setup({ residentFeeYen: 1439 })
    const { jar } = await login(tenant)
    const { res } = await hold(tenant, jar, slot.id)
    const detailPath = String(res.headers.location)
    const pay = await post(jar, `${detailPath}/payment`, { method: 'online' }, detailPath)
    await payThroughFakeProvider(t, jar, String(pay.headers.location), 'fail')
    expect((await rows(tenant))[0]?.status).toBe('awaiting_payment')
    const detail = await get(jar, detailPath)
    expect(detail.body).toContain('お支払いが完了していません')
    const counter = await post(jar, `${detailPath}/payment`, { method: 'counter' }, detailPath)
    expect(counter.statusCode).toBe(303)
    expect(counter.headers.location).toBe(detailPath)
    expect((await rows(tenant))[0]).toMatchObject({ status: 'awaiting_payment', paymentMethod: 'counter' })
  })

  it('shows the cancellation fee before cancelling and frees the seat', async () => {
    const { tenant, slot } = await setup({ daysAhead: 2, cancelDeadlineHours: 1, cancellationFeeHours: 72, cancellationFeePercent: 50 })
    const { jar } = await login(tenant)
    const { res } = await hold(tenant, jar, slot.id)
    const detailPath = String(res.headers.location)
    await post(jar, `${detailPath}/payment`, { method: 'none' }, detailPath)
    expect((await rows(tenant))[0]?.status).toBe('confirmed')
    const confirm = await get(jar, `${detailPath}/cancel`)
    expect(confirm.statusCode).toBe(200)
    expect(confirm.body).toContain('キャンセル料はかかりません') // a free booking costs nothing to cancel
    const cancel = await post(jar, `${detailPath}/cancel`, {}, `${detailPath}/cancel`)
    expect(cancel.statusCode).toBe(303)
    expect((await rows(tenant))[0]?.status).toBe('cancelled')
    expect(await remaining(tenant, slot.id)).toBe(1)
    const after = await get(jar, String(cancel.headers.location))
    expect(after.body).toContain('予約を取り消しました')
  })

  it('moves a booking to another slot of the same resource from the reschedule page', async () => {
    const { tenant, slot, resource } = await setup()
    const [later] = await createTestSlots(t.platform, tenant, resource.id, [{ daysAhead: 12 }])
    const { jar } = await login(tenant)
    const { res } = await hold(tenant, jar, slot.id)
    const detailPath = String(res.headers.location)
    await post(jar, `${detailPath}/payment`, { method: 'none' }, detailPath)
    const page = await get(jar, `${detailPath}/reschedule`)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain(`value="${later!.id}"`)
    const key = /name="idempotencyKey" value="([^"]+)"/.exec(page.body)?.[1] ?? ''
    const moved = await t.app.inject({ method: 'POST', url: `${detailPath}/reschedule`, headers: { cookie: jar.header() }, payload: { _csrf: csrfFrom(page.body), idempotencyKey: key, slotId: later!.id } })
    expect(moved.statusCode).toBe(303)
    const all = await rows(tenant)
    const fresh = all.find(r => r.slotId === later!.id)
    expect(fresh).toMatchObject({ status: 'confirmed' })
    expect(all.find(r => r.slotId === slot.id)?.status).toBe('cancelled')
    expect(await remaining(tenant, slot.id)).toBe(1)

    const tampered = await t.app.inject({ method: 'POST', url: `/${tenant.slug}/reservations/my/${fresh!.id}/reschedule`, headers: { cookie: jar.header() }, payload: { _csrf: csrfFrom(page.body), idempotencyKey: randomUUID(), slotId: randomUUID() } })
    expect(tampered.statusCode).toBe(422)
    expect((await rows(tenant)).filter(r => r.status === 'confirmed')).toHaveLength(1)
  })

  it("answers 404 for another resident's booking", async () => {
    const { tenant, slot } = await setup()
    const owner = await login(tenant)
    const { res } = await hold(tenant, owner.jar, slot.id)
    const stranger = await login(tenant)
    const peek = await get(stranger.jar, String(res.headers.location))
    expect(peek.statusCode).toBe(404)
    const cancel = await post(stranger.jar, `${String(res.headers.location)}/cancel`, {}, `/${tenant.slug}/reservations/my`)
    expect(cancel.statusCode).toBe(404)
    expect((await rows(tenant))[0]?.status).toBe('held')
  })
})
