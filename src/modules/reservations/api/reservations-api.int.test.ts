import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, TEST_DB, type TestApp } from '../../../../test/app.js'
import { createTestStaff, createTestTenant } from '../../../../test/factories.js'
import { createTestSlot } from '../../../../test/reservation-factories.js'
import { createTestApiKey } from '../../../platform/auth/api-keys/test-api-keys.js'
import type { ApiKeyScope } from '../../../platform/auth/api-keys/index.js'
import { withTenant } from '../../../platform/db/tenant-context.js'
import { addCalendarDays } from '../../../jp/calendar-date.js'
import { reservationsDb } from '../reservation-tables.js'
import { tokyoDate } from '../reservation-time.js'

describe(`reservations API (${TEST_DB})`, () => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp()
  })
  afterAll(async () => t?.close())

  async function setUp(scopes: ApiKeyScope[] = ['bookings:write', 'bookings:read'], slotOptions: Parameters<typeof createTestSlot>[2] = {}) {
    const tenant = await createTestTenant(t.platform)
    const staff = await createTestStaff(t.platform, tenant)
    const { key } = await createTestApiKey(t.platform, tenant, staff.id, { scopes })
    // The factory's fee band is the whole day (1,439 minutes), so the default 09:00–12:00 slot costs 180 and 360 yen.
    const { resource, slot } = await createTestSlot(t.platform, tenant, { capacity: 1, residentFeeYen: 1439, nonResidentFeeYen: 2878, ...slotOptions })
    return { tenant, key, resource, slot }
  }

  const book = (slug: string, key: string, body: unknown, idempotencyKey: string | null = crypto.randomUUID()) =>
    t.app.inject({ method: 'POST', url: `/api/v1/${slug}/bookings`, headers: { authorization: `Bearer ${key}`, ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}) }, payload: body as Record<string, unknown> })

  const rowCount = async (tenantId: string) =>
    withTenant(t.platform.database.db, tenantId, trx => reservationsDb(trx).selectFrom('reservations').select(eb => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).then(r => Number(r.n))

  it('lists availability without a key, with the non-resident fee and the remaining seats', async () => {
    const { tenant, resource, slot } = await setUp()
    const from = tokyoDate(slot.startsAt)
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/${tenant.slug}/availability?from=${from}&days=1&resource=${resource.id}` })
    expect(res.statusCode).toBe(200)
    const body = res.json() as { resources: { resourceId: string; slots: { slotId: string; remaining: number; residentFeeYen: number; nonResidentFeeYen: number }[] }[] }
    expect(body.resources).toHaveLength(1)
    expect(body.resources[0]?.slots).toEqual([expect.objectContaining({ slotId: slot.id, remaining: 1, residentFeeYen: 180, nonResidentFeeYen: 360 })])
  })

  it('refuses malformed availability queries with a translated 400, never a 5xx', async () => {
    const { tenant } = await setUp()
    for (const query of ['', 'from=2026-02-30', `from=${addCalendarDays(tokyoDate(new Date()), 1)}&days=90`, 'from=2026-12-01&category=casino', 'from=2026-12-01&equipment=<script>']) {
      const res = await t.app.inject({ method: 'GET', url: `/api/v1/${tenant.slug}/availability?${query}`, headers: { 'accept-language': 'en' } })
      expect(res.statusCode, query).toBe(400)
      expect(res.json()).toMatchObject({ code: 'RESERVATIONS.INVALID_QUERY', title: 'The search parameters are not valid.' })
    }
  })

  it('books a slot at the counter rate, replays the same key, and refuses the key with another body', async () => {
    const { tenant, key, slot } = await setUp()
    const body = { slotId: slot.id, applicant: { name: '窓口 花子', phone: '090-1234-5678' }, paymentMethod: 'counter' }
    const first = await book(tenant.slug, key, body, 'kiosk-0001-abc')
    expect(first.statusCode).toBe(201)
    const booking = first.json() as { id: string; status: string; feeYen: number; reference: string; paymentMethod: string }
    expect(booking).toMatchObject({ status: 'awaiting_payment', feeYen: 360, paymentMethod: 'counter' })
    expect(booking.reference).toMatch(/^R-/)

    const replay = await book(tenant.slug, key, body, 'kiosk-0001-abc')
    expect(replay.statusCode).toBe(200)
    expect(replay.headers['idempotent-replayed']).toBe('true')
    expect((replay.json() as { id: string }).id).toBe(booking.id)

    const other = await book(tenant.slug, key, { ...body, applicant: { name: '別人' } }, 'kiosk-0001-abc')
    expect(other.statusCode).toBe(422)
    expect(await rowCount(tenant.id)).toBe(1)
  })

  it('gives the last seat to one caller only: the next gets 409 and nothing is stored', async () => {
    const { tenant, key, slot } = await setUp(undefined, { residentFeeYen: 0, nonResidentFeeYen: 0 })
    expect((await book(tenant.slug, key, { slotId: slot.id, applicant: { name: '一人目' } })).statusCode).toBe(201)
    const second = await book(tenant.slug, key, { slotId: slot.id, applicant: { name: '二人目' } })
    expect(second.statusCode).toBe(409)
    expect(second.json()).toMatchObject({ code: 'RESERVATIONS.SLOT_TAKEN' })
    expect(await rowCount(tenant.id)).toBe(1)
  })

  it('refuses bad bookings with 4xx and stores nothing', async () => {
    const { tenant, key, slot } = await setUp(undefined, { residentFeeYen: 0, nonResidentFeeYen: 0 })
    expect((await book(tenant.slug, key, { slotId: slot.id, applicant: { name: 'x' } }, null)).statusCode).toBe(400)
    expect((await book(tenant.slug, key, { slotId: 'not-a-uuid', applicant: { name: 'x' } })).statusCode).toBe(400)
    expect((await book(tenant.slug, key, { slotId: slot.id, applicant: { name: '' } })).statusCode).toBe(400)
    expect((await book(tenant.slug, key, { slotId: slot.id, applicant: { name: 'x' }, feeYen: 0 })).statusCode).toBe(400)
    expect((await book(tenant.slug, key, { slotId: crypto.randomUUID(), applicant: { name: 'x' } })).statusCode).toBe(404)
    const past = await createTestSlot(t.platform, tenant, { daysAhead: -1 })
    const pastRes = await book(tenant.slug, key, { slotId: past.slot.id, applicant: { name: 'x' } })
    expect(pastRes.statusCode).toBeGreaterThanOrEqual(400)
    expect(pastRes.statusCode).toBeLessThan(500)
    const far = await createTestSlot(t.platform, tenant, { daysAhead: 60 })
    expect((await book(tenant.slug, key, { slotId: far.slot.id, applicant: { name: 'x' } })).statusCode).toBe(422)
    expect(await rowCount(tenant.id)).toBe(0)
  })

  it('needs the right scope, and a key sees and cancels only its own bookings', async () => {
    const { tenant, key, slot } = await setUp(undefined, { residentFeeYen: 0, nonResidentFeeYen: 0 })
    const readOnly = (await createTestApiKey(t.platform, tenant, (await createTestStaff(t.platform, tenant)).id, { scopes: ['bookings:read'] })).key
    expect((await book(tenant.slug, readOnly, { slotId: slot.id, applicant: { name: 'x' } })).statusCode).toBe(403)
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/${tenant.slug}/bookings`, payload: {} })).statusCode).toBe(401)

    const created = (await book(tenant.slug, key, { slotId: slot.id, applicant: { name: '予約 太郎' } })).json() as { id: string }
    const own = await t.app.inject({ method: 'GET', url: `/api/v1/${tenant.slug}/bookings/${created.id}`, headers: { authorization: `Bearer ${key}` } })
    expect(own.statusCode).toBe(200)
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/${tenant.slug}/bookings/${created.id}`, headers: { authorization: `Bearer ${readOnly}` } })).statusCode).toBe(404)

    const cancelled = await t.app.inject({ method: 'POST', url: `/api/v1/${tenant.slug}/bookings/${created.id}/cancel`, headers: { authorization: `Bearer ${key}` }, payload: { reason: '都合が悪くなった' } })
    expect(cancelled.statusCode).toBe(200)
    expect(cancelled.json()).toMatchObject({ status: 'cancelled' })
    const slotAfter = await withTenant(t.platform.database.db, tenant.id, trx => reservationsDb(trx).selectFrom('reservationSlots').select('remaining').where('id', '=', slot.id).executeTakeFirstOrThrow())
    expect(slotAfter.remaining).toBe(1)
  })
})
