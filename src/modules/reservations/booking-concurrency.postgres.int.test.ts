/**
 * The morning rush on a real PostgreSQL server: hundreds of API callers go for the last seats of
 * one slot at the same moment, over real HTTP connections to a listening server with a pool of
 * several database connections (PGlite has one connection, so it cannot race; this file runs
 * only with TEST_DB=postgres, see vitest.config.ts).
 */
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, TEST_DB, type TestApp } from '../../../test/app.js'
import { createTestStaff, createTestTenant } from '../../../test/factories.js'
import { createTestSlot } from '../../../test/reservation-factories.js'
import { createTestApiKey } from '../../platform/auth/api-keys/test-api-keys.js'
import { withTenant } from '../../platform/db/tenant-context.js'
import { LIVE_RESERVATION_STATUSES, reservationsDb } from './reservation-tables.js'

const CALLERS = 300
const CAPACITY = 5

describe(`booking concurrency (${TEST_DB})`, () => {
  let t: TestApp
  let baseUrl: string
  beforeAll(async () => {
    t = await createTestApp({ DATABASE_POOL_SIZE: '10' })
    await t.app.listen({ host: '127.0.0.1', port: 0 })
    baseUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`
  })
  afterAll(async () => t?.close())

  it('gives the last seats of a slot to exactly as many of 300 parallel callers, answers the rest 409, and stores one row per 201', async () => {
    const tenant = await createTestTenant(t.platform)
    const staff = await createTestStaff(t.platform, tenant)
    const { key } = await createTestApiKey(t.platform, tenant, staff.id, { scopes: ['bookings:write'], rateLimitPerMinute: 10_000 })
    // An appointment service (a vaccination): each booking takes one seat; a space would take the whole slot.
    const { slot } = await createTestSlot(t.platform, tenant, { kind: 'appointment', category: 'vaccination', capacity: CAPACITY, daysAhead: 7, residentFeeYen: 0 })

    const responses = await Promise.all(
      Array.from({ length: CALLERS }, async (_, i) => {
        const res = await fetch(`${baseUrl}/api/v1/${tenant.slug}/bookings`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'idempotency-key': `rush-${i}-${crypto.randomUUID()}`, 'content-type': 'application/json', 'accept-language': 'en' },
          body: JSON.stringify({ slotId: slot.id, applicant: { name: `住民 ${i}` }, paymentMethod: 'none' }),
        })
        return { status: res.status, body: (await res.json()) as { id?: string; code?: string; status?: string } }
      }),
    )

    expect([...new Set(responses.map(r => r.status))].sort()).toEqual([201, 409])
    const created = responses.filter(r => r.status === 201)
    const refused = responses.filter(r => r.status === 409)
    expect(created).toHaveLength(CAPACITY)
    expect(refused).toHaveLength(CALLERS - CAPACITY)
    for (const r of refused) expect(r.body.code).toBe('RESERVATIONS.SLOT_TAKEN')
    for (const r of created) expect(r.body.status).toBe('confirmed')

    const { rows, after } = await withTenant(t.platform.database.db, tenant.id, async trx => {
      const db = reservationsDb(trx)
      return {
        rows: await db.selectFrom('reservations').select(['id', 'slotId', 'status', 'seats']).where('tenantId', '=', tenant.id).execute(),
        after: await db.selectFrom('reservationSlots').select(['capacity', 'remaining']).where('tenantId', '=', tenant.id).where('id', '=', slot.id).executeTakeFirstOrThrow(),
      }
    })
    // 0 lost (every 201 has its row), 0 extra (every row was answered 201)
    expect(rows.map(r => r.id).sort()).toEqual(created.map(r => r.body.id).sort())
    expect(new Set(rows.map(r => r.id)).size).toBe(CAPACITY)
    expect(after.remaining).toBe(0)
    const liveSeats = rows.filter(r => r.slotId === slot.id && (LIVE_RESERVATION_STATUSES as readonly string[]).includes(r.status)).reduce((sum, r) => sum + r.seats, 0)
    expect(after.capacity - after.remaining).toBe(liveSeats)
  })
})
