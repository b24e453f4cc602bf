import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { randomUUID } from 'node:crypto'
import { createTestApp, CookieJar, csrfFrom, TEST_DB, type TestApp } from '../../../../test/app.js'
import { loginWithEmail } from '../../../../test/resident-login.js'
import { createTestTenant } from '../../../../test/factories.js'
import { createTestSlot } from '../../../../test/reservation-factories.js'
import { withTenant } from '../../../platform/db/tenant-context.js'
import type { TenantContext } from '../../../platform/tenancy/tenant-service.js'
import { reservationsDb } from '../reservation-tables.js'
import { configureQueueLoad } from './queue-load.js'
import { ticketCookieName } from './queue-ticket.js'

describe(`virtual waiting room (${TEST_DB})`, () => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp()
  })
  afterAll(async () => t?.close())

  const get = (url: string, jar?: CookieJar) => t.app.inject({ method: 'GET', url, headers: jar ? { cookie: jar.header() } : {} })

  async function counterOf(tenant: TenantContext, resourceId: string) {
    return withTenant(t.platform.database.db, tenant.id, trx =>
      reservationsDb(trx).selectFrom('reservationQueueCounters').selectAll().where('tenantId', '=', tenant.id).where('resourceId', '=', resourceId).executeTakeFirst(),
    )
  }

  /** Follows the slot page into the waiting room; returns the waiting-room response. */
  async function enter(slotPage: string, jar: CookieJar) {
    const slot = await get(slotPage, jar)
    expect(slot.statusCode).toBe(303)
    const room = await get(String(slot.headers.location), jar)
    jar.store(room.headers['set-cookie'])
    return { slot, room }
  }

  it('shows 受付開始前 with the opening time before a queued opening, and hands out no ticket yet', async () => {
    const tenant = await createTestTenant(t.platform)
    const opensAt = new Date(Date.now() + 10 * 60_000)
    const { resource, slot } = await createTestSlot(t.platform, tenant, { kind: 'appointment', capacity: 5, opensAt, queueMinutes: 30, queueRatePerSecond: 1 })
    const slotPage = `/${tenant.slug}/reservations/slots/${slot.id}`
    const jar = new CookieJar()
    const { slot: gate, room } = await enter(slotPage, jar)
    expect(gate.headers.location).toBe(`/${tenant.slug}/reservations/queue/${resource.id}?return=${encodeURIComponent(slotPage)}`)
    expect(room.statusCode).toBe(200)
    expect(room.body).toContain('受付開始前')
    expect(room.body).toContain('この予約の受付は')
    // updates itself at the opening (plus a little jitter), without JavaScript
    const refresh = /^(\d+); url=(.+)$/.exec(String(room.headers.refresh))
    expect(Number(refresh?.[1])).toBeGreaterThanOrEqual(60)
    expect(refresh?.[2]).toBe(`/${tenant.slug}/reservations/queue/${resource.id}?return=${encodeURIComponent(slotPage)}`)
    expect(room.headers['set-cookie']).toBeUndefined()
    expect(await counterOf(tenant, resource.id)).toBeUndefined()
  })

  it('numbers visitors first-come during the rush, admits them at the rate, and keeps the others waiting', async () => {
    const tenant = await createTestTenant(t.platform)
    // rate 1/s: the burst admits tickets 1 and 2 at once; ticket n waits until n − 2 seconds after the opening
    const { resource, slot } = await createTestSlot(t.platform, tenant, { kind: 'appointment', capacity: 5, opensAt: new Date(Date.now() - 100), queueMinutes: 30, queueRatePerSecond: 1 })
    const slotPage = `/${tenant.slug}/reservations/slots/${slot.id}`
    const [first, second, third] = [new CookieJar(), new CookieJar(), new CookieJar()]
    for (const jar of [first, second]) await enter(slotPage, jar)
    expect((await counterOf(tenant, resource.id))?.issued).toBe(2)
    // 48 other people take numbers meanwhile
    await withTenant(t.platform.database.db, tenant.id, trx => reservationsDb(trx).updateTable('reservationQueueCounters').set({ issued: 50 }).where('tenantId', '=', tenant.id).where('resourceId', '=', resource.id).execute())
    const { room: firstVisit } = await enter(slotPage, third)
    expect((await counterOf(tenant, resource.id))?.issued).toBe(51)

    const setCookie = String(firstVisit.headers['set-cookie'])
    expect(setCookie).toContain(`${ticketCookieName(resource.id)}=v1.`)
    expect(setCookie).toMatch(/HttpOnly/i)
    expect(setCookie).toMatch(new RegExp(`Path=/${tenant.slug}/reservations`))

    // the first two are admitted: the slot page opens for them
    expect((await get(slotPage, first)).statusCode).toBe(200)
    const admitted = await get(`/${tenant.slug}/reservations/queue/${resource.id}?return=${encodeURIComponent(slotPage)}`, second)
    expect(admitted.body).toContain('順番が来ました')
    expect(admitted.body).toContain(`href="${slotPage}"`)
    expect(admitted.headers.refresh).toBeUndefined()

    // the third waits, sees its number, the people ahead and the estimated wait
    const waiting = await get(`/${tenant.slug}/reservations/queue/${resource.id}?return=${encodeURIComponent(slotPage)}`, third)
    expect(waiting.statusCode).toBe(200)
    expect(waiting.body).toContain('受付番号')
    expect(waiting.body).toContain('<dd class="summary-list__value">51</dd>')
    expect(waiting.body).toContain('待ち時間の目安')
    expect(String(waiting.headers.refresh)).toBe(`30; url=/${tenant.slug}/reservations/queue/${resource.id}?return=${encodeURIComponent(slotPage)}`)
    expect(waiting.headers['cache-control']).toBe('no-store')
    expect(waiting.body).toContain('/static/reservations-queue.js')
    expect((await get(slotPage, third)).statusCode).toBe(303)
    // coming back does not take a new number
    expect((await counterOf(tenant, resource.id))?.issued).toBe(51)

    // automatic updates can be turned off (WCAG 2.2.1)
    const still = await get(`/${tenant.slug}/reservations/queue/${resource.id}?refresh=off`, third)
    expect(still.headers.refresh).toBeUndefined()
    expect(still.body).toContain('自動更新を止めています')
  })

  it('rejects a tampered ticket: it is not admitted and its holder goes to the back of the line', async () => {
    const tenant = await createTestTenant(t.platform)
    const { resource, slot } = await createTestSlot(t.platform, tenant, { kind: 'appointment', capacity: 5, opensAt: new Date(Date.now() - 100), queueMinutes: 30, queueRatePerSecond: 1 })
    const slotPage = `/${tenant.slug}/reservations/slots/${slot.id}`
    const jars = [new CookieJar(), new CookieJar(), new CookieJar(), new CookieJar(), new CookieJar()]
    for (const jar of jars) await enter(slotPage, jar)
    const last = jars[4] as CookieJar
    const name = ticketCookieName(resource.id)
    const genuine = last.get(name) ?? ''
    expect(genuine.split('.')[3]).toBe('5')
    const forged = genuine.split('.').map((part, index) => (index === 3 ? '1' : part)).join('.')
    const cheat = new CookieJar()
    cheat.store(`${name}=${forged}`)
    const gate = await get(slotPage, cheat)
    expect(gate.statusCode).toBe(303)
    const room = await get(String(gate.headers.location), cheat)
    cheat.store(room.headers['set-cookie'])
    expect(cheat.get(name)?.split('.')[3]).toBe('6')
    expect((await counterOf(tenant, resource.id))?.issued).toBe(6)
  })

  it('sends the hold to the waiting room too, with the slot page to come back to', async () => {
    const tenant = await createTestTenant(t.platform)
    const { resource, slot } = await createTestSlot(t.platform, tenant, { kind: 'appointment', capacity: 5, opensAt: new Date(Date.now() + 60_000), queueMinutes: 30 })
    const { jar } = await loginWithEmail(t, tenant, `queue-${Date.now()}@example.jp`)
    const page = await get(`/${tenant.slug}/mypage`, jar)
    jar.store(page.headers['set-cookie'])
    const hold = await t.app.inject({
      method: 'POST',
      url: `/${tenant.slug}/reservations/slots/${slot.id}/hold`,
      headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: csrfFrom(page.body), partySize: '1', idempotencyKey: randomUUID() }).toString(),
    })
    expect(hold.statusCode).toBe(303)
    const slotPage = `/${tenant.slug}/reservations/slots/${slot.id}`
    expect(hold.headers.location).toBe(`/${tenant.slug}/reservations/queue/${resource.id}?return=${encodeURIComponent(slotPage)}`)
    const count = await withTenant(t.platform.database.db, tenant.id, trx => reservationsDb(trx).selectFrom('reservations').select('id').where('tenantId', '=', tenant.id).execute())
    expect(count).toEqual([])
  })

  it('queues visitors of any resource while the booking path is over its load threshold', async () => {
    const tenant = await createTestTenant(t.platform)
    const { resource, slot } = await createTestSlot(t.platform, tenant, { kind: 'appointment', capacity: 5 })
    const slotPage = `/${tenant.slug}/reservations/slots/${slot.id}`
    expect((await get(slotPage)).statusCode).toBe(200)
    const previous = configureQueueLoad({ threshold: 0 })
    try {
      // this request itself is one booking request in flight: above a threshold of 0
      const gate = await get(slotPage)
      expect(gate.statusCode).toBe(303)
      expect(gate.headers.location).toBe(`/${tenant.slug}/reservations/queue/${resource.id}?return=${encodeURIComponent(slotPage)}`)
      // by the time the visitor reaches the waiting room the rush of requests is over: no waiting
      const room = await get(String(gate.headers.location))
      expect(room.statusCode).toBe(200)
      expect(room.body).toContain('順番待ちはありません')
    } finally {
      configureQueueLoad({ threshold: previous })
    }
    expect((await get(slotPage)).statusCode).toBe(200)
  })

  it('answers an unknown resource with 404', async () => {
    const tenant = await createTestTenant(t.platform)
    expect((await get(`/${tenant.slug}/reservations/queue/00000000-0000-4000-8000-000000000000`)).statusCode).toBe(404)
    expect((await get(`/${tenant.slug}/reservations/queue/not-a-uuid`)).statusCode).toBe(404)
  })
})
