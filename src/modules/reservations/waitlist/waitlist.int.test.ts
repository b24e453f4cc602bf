import type { Response as LightMyRequestResponse } from 'light-my-request'
import { randomBytes, randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, csrfFrom, TEST_DB, type CookieJar, type TestApp } from '../../../../test/app.js'
import { createTestTenant } from '../../../../test/factories.js'
import { loginWithEmail } from '../../../../test/resident-login.js'
import { createTestSlot, type TestResourceOptions } from '../../../../test/reservation-factories.js'
import { withTenant } from '../../../platform/db/tenant-context.js'
import type { TenantContext } from '../../../platform/tenancy/tenant-service.js'
import { cancelBooking, createBooking, seatsFor } from '../booking/index.js'
import { LIVE_RESERVATION_STATUSES, reservationsDb, type Slot } from '../reservation-tables.js'
import { expireDueOffers } from './waitlist-offers.js'
import { waitlistRuntime } from './waitlist-runtime.js'
import { seatsNeeded } from './waitlist-rules.js'

describe(`waitlist (${TEST_DB})`, () => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp()
  })
  afterAll(async () => t?.close())

  const db = () => t.platform.database.db
  const deps = () => {
    const installed = waitlistRuntime()
    if (!installed) throw new Error('the app did not install the waitlist runtime')
    return installed
  }

  interface Resident {
    id: string
    jar: CookieJar
    get(url: string): Promise<LightMyRequestResponse>
    post(url: string, payload?: Record<string, string>): Promise<LightMyRequestResponse>
  }

  /** A resident logged in by email; `name` '' leaves the account without a name (the join form then asks for one). */
  async function asResident(tenant: TenantContext, name = '待機 花子'): Promise<Resident> {
    const email = `waitlist-${randomBytes(5).toString('hex')}@example.jp`
    const { jar } = await loginWithEmail(t, tenant, email)
    const resident = await withTenant(db(), tenant.id, trx => trx.updateTable('residents').set({ displayName: name }).where('tenantId', '=', tenant.id).where('email', '=', email).returning('id').executeTakeFirstOrThrow())
    const get = (url: string) => t.app.inject({ method: 'GET', url, headers: { cookie: jar.header() } })
    const post = async (url: string, payload: Record<string, string> = {}) => {
      const page = await get(`/${tenant.slug}/reservations/waitlist`)
      jar.store(page.headers['set-cookie'])
      const body = new URLSearchParams({ _csrf: csrfFrom(page.body), ...payload })
      return t.app.inject({ method: 'POST', url, headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' }, payload: body.toString() })
    }
    return { id: resident.id, jar, get, post }
  }

  async function slotWith(tenant: TenantContext, options: TestResourceOptions & { capacity?: number } = {}) {
    return createTestSlot(t.platform, tenant, { kind: 'appointment', category: 'vaccination', capacityPeople: 20, maxPartySize: 3, capacity: 1, offerMinutes: 30, ...options })
  }

  /** A confirmed free booking made through the booking core, as the desk or the API would. */
  async function book(tenant: TenantContext, slot: Slot, residentId: string, partySize = 1) {
    return withTenant(db(), tenant.id, async trx => {
      const { reservation } = await createBooking(trx, deps(), tenant, {
        slotId: slot.id,
        partySize,
        applicant: { residentId, name: 'テスト 住民' },
        channel: 'web',
        start: { kind: 'direct', paymentMethod: 'none' },
        idempotencyKey: randomUUID(),
        actor: { type: 'resident', id: residentId },
      })
      return reservation
    })
  }

  async function cancel(tenant: TenantContext, reservationId: string, residentId: string) {
    await withTenant(db(), tenant.id, trx => cancelBooking(trx, deps(), tenant, reservationId, { by: 'resident', isDeadlineEnforced: false, actor: { type: 'resident', id: residentId } }))
  }

  async function slotRow(tenant: TenantContext, slotId: string) {
    return withTenant(db(), tenant.id, trx => reservationsDb(trx).selectFrom('reservationSlots').selectAll().where('tenantId', '=', tenant.id).where('id', '=', slotId).executeTakeFirstOrThrow())
  }

  async function entryOf(tenant: TenantContext, slotId: string, residentId: string) {
    return withTenant(db(), tenant.id, trx =>
      reservationsDb(trx).selectFrom('reservationWaitlistEntries').selectAll().where('tenantId', '=', tenant.id).where('slotId', '=', slotId).where('residentId', '=', residentId).orderBy('createdAt', 'desc').executeTakeFirst(),
    )
  }

  async function reservationCount(tenant: TenantContext) {
    return withTenant(db(), tenant.id, async trx => Number((await reservationsDb(trx).selectFrom('reservations').select(eb => eb.fn.countAll<number>().as('n')).where('tenantId', '=', tenant.id).executeTakeFirstOrThrow()).n))
  }

  /** capacity − remaining = Σ seats of live reservations + Σ held_seats of offered entries. */
  async function expectSeatInvariant(tenant: TenantContext, slotId: string) {
    await withTenant(db(), tenant.id, async trx => {
      const rdb = reservationsDb(trx)
      const slot = await rdb.selectFrom('reservationSlots').selectAll().where('tenantId', '=', tenant.id).where('id', '=', slotId).executeTakeFirstOrThrow()
      const live = await rdb.selectFrom('reservations').select('seats').where('tenantId', '=', tenant.id).where('slotId', '=', slotId).where('status', 'in', [...LIVE_RESERVATION_STATUSES]).execute()
      const entries = await rdb.selectFrom('reservationWaitlistEntries').select(['status', 'heldSeats']).where('tenantId', '=', tenant.id).where('slotId', '=', slotId).execute()
      const held = entries.filter(e => e.status === 'offered').reduce((sum, e) => sum + e.heldSeats, 0)
      expect(entries.filter(e => e.status !== 'offered' && e.heldSeats > 0)).toEqual([])
      expect(slot.capacity - slot.remaining).toBe(live.reduce((sum, r) => sum + r.seats, 0) + held)
    })
  }

  /** The claim link of the resident's latest waitlist notice, as their inbox shows it. */
  async function claimLinkOf(tenant: TenantContext, residentId: string, template = 'reservations.waitlist-offer') {
    const message = await withTenant(db(), tenant.id, trx =>
      trx.selectFrom('messages').select(['linkUrl', 'subject', 'body']).where('tenantId', '=', tenant.id).where('residentId', '=', residentId).where('template', '=', template).orderBy('createdAt', 'desc').executeTakeFirst(),
    )
    expect(message?.linkUrl).toMatch(new RegExp(`^/${tenant.slug}/reservations/waitlist/claim/[A-Za-z0-9_-]{43}$`))
    return message?.linkUrl as string
  }

  async function inboxCount(tenant: TenantContext, residentId: string) {
    return withTenant(db(), tenant.id, async trx => (await trx.selectFrom('messages').select('id').where('tenantId', '=', tenant.id).where('residentId', '=', residentId).where('template', 'like', 'reservations.waitlist%').execute()).length)
  }

  it('counts seats for a waiting party exactly as the booking core does', () => {
    for (const [kind, party, capacity] of [['space', 6, 1], ['space', 1, 3], ['appointment', 2, 20]] as const) expect(seatsNeeded(kind, party, capacity)).toBe(seatsFor(kind, party, capacity))
  })

  it('asks a resident whose account has no name for one before they wait, and keeps it for the claim to be booked in', async () => {
    const tenant = await createTestTenant(t.platform)
    const { slot } = await slotWith(tenant, { capacity: 1 })
    const [holder, waiter] = [await asResident(tenant), await asResident(tenant, '')]
    await book(tenant, slot, holder.id, 1)
    const joinUrl = `/${tenant.slug}/reservations/slots/${slot.id}/waitlist`
    expect((await waiter.get(joinUrl)).body).toContain('name="applicantName"')
    const missing = await waiter.post(joinUrl, { partySize: '1' })
    expect(missing.statusCode).toBe(422)
    expect(missing.body).toContain('href="#applicantName"')
    expect(missing.body).toContain('氏名を入力してください。')
    expect(await entryOf(tenant, slot.id, waiter.id)).toBeUndefined()
    expect((await waiter.post(joinUrl, { partySize: '1', applicantName: '待機 三郎' })).statusCode).toBe(303)
    expect(await entryOf(tenant, slot.id, waiter.id)).toMatchObject({ status: 'waiting' })
    const account = await withTenant(db(), tenant.id, trx => trx.selectFrom('residents').select('displayName').where('id', '=', waiter.id).executeTakeFirstOrThrow())
    expect(account.displayName).toBe('待機 三郎')
  })

  it('lets a resident join only a full slot, once, with a valid party size', async () => {
    const tenant = await createTestTenant(t.platform)
    const { slot } = await slotWith(tenant, { capacity: 2 })
    const [holder, waiter] = [await asResident(tenant), await asResident(tenant)]
    const joinUrl = `/${tenant.slug}/reservations/slots/${slot.id}/waitlist`

    const open = await waiter.post(joinUrl, { partySize: '1' })
    expect(open.statusCode).toBe(409)
    expect(open.body).toContain('この予約枠には空きがあります')
    expect(await entryOf(tenant, slot.id, waiter.id)).toBeUndefined()

    await book(tenant, slot, holder.id, 2)
    const page = await waiter.get(joinUrl)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('キャンセル待ちに登録する')

    for (const partySize of ['0', 'abc', '4', '']) {
      const bad = await waiter.post(joinUrl, { partySize })
      expect(bad.statusCode).toBe(422)
      expect(bad.body).toContain('error-summary')
      expect(bad.body).toContain('href="#partySize"')
    }
    expect(await entryOf(tenant, slot.id, waiter.id)).toBeUndefined()

    const joined = await waiter.post(joinUrl, { partySize: '２' })
    expect(joined.statusCode).toBe(303)
    expect(joined.headers.location).toBe(`/${tenant.slug}/reservations/waitlist?done=joined`)
    const entry = await entryOf(tenant, slot.id, waiter.id)
    expect(entry).toMatchObject({ status: 'waiting', partySize: 2, heldSeats: 0 })

    const again = await waiter.post(joinUrl, { partySize: '1' })
    expect(again.statusCode).toBe(409)
    expect(again.body).toContain('すでに登録しています')

    const holderJoins = await holder.post(joinUrl, { partySize: '1' })
    expect(holderJoins.statusCode).toBe(409)
    expect(holderJoins.body).toContain('すでに予約しています')

    const list = await waiter.get(`/${tenant.slug}/reservations/waitlist?done=joined`)
    expect(list.statusCode).toBe(200)
    expect(list.body).toContain('キャンセル待ちに登録しました')
    expect(list.body).toContain('空き待ち')
    await expectSeatInvariant(tenant, slot.id)
  })

  it('refuses to keep a waitlist where the resource has none', async () => {
    const tenant = await createTestTenant(t.platform)
    const { slot } = await slotWith(tenant, { waitlistMode: 'none' })
    const [holder, waiter] = [await asResident(tenant), await asResident(tenant)]
    await book(tenant, slot, holder.id)
    const refused = await waiter.post(`/${tenant.slug}/reservations/slots/${slot.id}/waitlist`, { partySize: '1' })
    expect(refused.statusCode).toBe(422)
    expect(refused.body).toContain('キャンセル待ちを受け付けていません')
    expect(await entryOf(tenant, slot.id, waiter.id)).toBeUndefined()
  })

  it('offers a freed seat to the first person on the waitlist, who claims it', async () => {
    const tenant = await createTestTenant(t.platform)
    const { slot } = await slotWith(tenant, { waitlistMode: 'sequential' })
    const [holder, first, second] = [await asResident(tenant), await asResident(tenant), await asResident(tenant)]
    const booking = await book(tenant, slot, holder.id)
    for (const resident of [first, second]) expect((await resident.post(`/${tenant.slug}/reservations/slots/${slot.id}/waitlist`, { partySize: '1' })).statusCode).toBe(303)

    await cancel(tenant, booking.id, holder.id)
    // the seat stays taken from the slot: it is held for the first in line
    expect((await slotRow(tenant, slot.id)).remaining).toBe(0)
    expect(await entryOf(tenant, slot.id, first.id)).toMatchObject({ status: 'offered', heldSeats: 1 })
    expect(await entryOf(tenant, slot.id, second.id)).toMatchObject({ status: 'waiting', heldSeats: 0 })
    await expectSeatInvariant(tenant, slot.id)
    expect(await inboxCount(tenant, second.id)).toBe(0)

    const link = await claimLinkOf(tenant, first.id)
    const stored = await entryOf(tenant, slot.id, first.id)
    expect(stored?.claimTokenHash).toMatch(/^[0-9a-f]{64}$/)
    expect(link).not.toContain(stored?.claimTokenHash ?? '-')

    const page = await first.get(link)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('あなたのために席をお取りしています')
    expect(page.headers['referrer-policy']).toBe('no-referrer')

    const claimed = await first.post(link)
    expect(claimed.statusCode).toBe(303)
    const reservationId = String(claimed.headers.location).split('/').pop() ?? ''
    expect(claimed.headers.location).toBe(`/${tenant.slug}/reservations/my/${reservationId}`)
    const reservation = await withTenant(db(), tenant.id, trx => reservationsDb(trx).selectFrom('reservations').selectAll().where('tenantId', '=', tenant.id).where('id', '=', reservationId).executeTakeFirstOrThrow())
    expect(reservation).toMatchObject({ status: 'held', channel: 'waitlist', residentId: first.id, waitlistEntryId: stored?.id, seats: 1 })
    expect(await entryOf(tenant, slot.id, first.id)).toMatchObject({ status: 'claimed', heldSeats: 0, claimedReservationId: reservationId })
    expect((await slotRow(tenant, slot.id)).remaining).toBe(0)
    await expectSeatInvariant(tenant, slot.id)
    expect((await first.get(`/${tenant.slug}/reservations/my/${reservationId}`)).statusCode).toBe(200)
  })

  it('passes an expired offer to the next in line, then gives the seat back when nobody waits', async () => {
    const tenant = await createTestTenant(t.platform)
    const { slot } = await slotWith(tenant, { waitlistMode: 'sequential', offerMinutes: 30 })
    const [holder, first, second] = [await asResident(tenant), await asResident(tenant), await asResident(tenant)]
    const booking = await book(tenant, slot, holder.id)
    for (const resident of [first, second]) await resident.post(`/${tenant.slug}/reservations/slots/${slot.id}/waitlist`, { partySize: '1' })
    await cancel(tenant, booking.id, holder.id)
    const firstLink = await claimLinkOf(tenant, first.id)
    const offer = await entryOf(tenant, slot.id, first.id)
    const expiry = offer?.offerExpiresAt ?? new Date(0)
    expect(expiry.getTime() - (offer?.offeredAt?.getTime() ?? 0)).toBe(30 * 60_000)

    // a job is waiting for the offer's deadline
    const jobs = await t.platform.database.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'reservations.expire-waitlist-offers' AND data->>'tenantId' = $1 AND start_after >= $2`, [tenant.id, expiry])
    expect(jobs.rows[0]?.n).toBeGreaterThan(0)

    // nothing happens before the deadline
    expect(await withTenant(db(), tenant.id, trx => expireDueOffers(trx, deps(), tenant.id, new Date(expiry.getTime() - 1000)))).toBe(0)
    expect(await entryOf(tenant, slot.id, first.id)).toMatchObject({ status: 'offered' })

    const afterFirst = new Date(expiry.getTime() + 1000)
    expect(await withTenant(db(), tenant.id, trx => expireDueOffers(trx, deps(), tenant.id, afterFirst))).toBe(1)
    expect(await entryOf(tenant, slot.id, first.id)).toMatchObject({ status: 'expired', heldSeats: 0 })
    expect(await entryOf(tenant, slot.id, second.id)).toMatchObject({ status: 'offered', heldSeats: 1 })
    expect((await slotRow(tenant, slot.id)).remaining).toBe(0)
    await expectSeatInvariant(tenant, slot.id)
    expect(await inboxCount(tenant, first.id)).toBe(2) // the offer, then the notice that it expired
    const expiredNotice = await withTenant(db(), tenant.id, trx =>
      trx.selectFrom('messages').select(['linkUrl']).where('tenantId', '=', tenant.id).where('residentId', '=', first.id).where('template', '=', 'reservations.waitlist-offer-expired').executeTakeFirst(),
    )
    expect(expiredNotice?.linkUrl).toBe(`/${tenant.slug}/reservations/waitlist`)

    const late = await first.get(firstLink)
    expect(late.statusCode).toBe(410)
    expect(late.body).toContain('お申し込みの期限が過ぎました')

    const second_ = await entryOf(tenant, slot.id, second.id)
    const afterSecond = new Date((second_?.offerExpiresAt ?? new Date(0)).getTime() + 1000)
    expect(await withTenant(db(), tenant.id, trx => expireDueOffers(trx, deps(), tenant.id, afterSecond))).toBe(1)
    expect(await entryOf(tenant, slot.id, second.id)).toMatchObject({ status: 'expired', heldSeats: 0 })
    expect((await slotRow(tenant, slot.id)).remaining).toBe(1)
    await expectSeatInvariant(tenant, slot.id)
  })

  it('passes the seat on at once when the offered resident declines', async () => {
    const tenant = await createTestTenant(t.platform)
    const { slot } = await slotWith(tenant, { waitlistMode: 'sequential' })
    const [holder, first, second] = [await asResident(tenant), await asResident(tenant), await asResident(tenant)]
    const booking = await book(tenant, slot, holder.id)
    for (const resident of [first, second]) await resident.post(`/${tenant.slug}/reservations/slots/${slot.id}/waitlist`, { partySize: '1' })
    await cancel(tenant, booking.id, holder.id)
    const entry = await entryOf(tenant, slot.id, first.id)
    const declined = await first.post(`/${tenant.slug}/reservations/waitlist/${entry?.id}/withdraw`)
    expect(declined.statusCode).toBe(303)
    expect(await entryOf(tenant, slot.id, first.id)).toMatchObject({ status: 'withdrawn', heldSeats: 0 })
    expect(await entryOf(tenant, slot.id, second.id)).toMatchObject({ status: 'offered', heldSeats: 1 })
    await expectSeatInvariant(tenant, slot.id)
    // someone else's entry cannot be withdrawn
    const foreign = await first.post(`/${tenant.slug}/reservations/waitlist/${(await entryOf(tenant, slot.id, second.id))?.id}/withdraw`)
    expect(foreign.statusCode).toBe(404)
    expect(await entryOf(tenant, slot.id, second.id)).toMatchObject({ status: 'offered' })
  })

  it('broadcasts freed seats to everyone waiting: the first claim wins, the second gets a clear 409 page', async () => {
    const tenant = await createTestTenant(t.platform)
    const { slot } = await slotWith(tenant, { waitlistMode: 'broadcast' })
    const [holder, first, second] = [await asResident(tenant), await asResident(tenant), await asResident(tenant)]
    const booking = await book(tenant, slot, holder.id)
    for (const resident of [first, second]) await resident.post(`/${tenant.slug}/reservations/slots/${slot.id}/waitlist`, { partySize: '1' })
    await cancel(tenant, booking.id, holder.id)

    // the seat is back on the slot; both are told
    expect((await slotRow(tenant, slot.id)).remaining).toBe(1)
    for (const resident of [first, second]) expect(await entryOf(tenant, slot.id, resident.id)).toMatchObject({ status: 'offered', heldSeats: 0 })
    await expectSeatInvariant(tenant, slot.id)
    const [firstLink, secondLink] = [await claimLinkOf(tenant, first.id, 'reservations.waitlist-broadcast'), await claimLinkOf(tenant, second.id, 'reservations.waitlist-broadcast')]
    expect(firstLink).not.toBe(secondLink)
    expect((await second.get(secondLink)).body).toContain('先にお申し込みされた方の予約となります')

    expect((await second.post(secondLink)).statusCode).toBe(303)
    const before = await reservationCount(tenant)
    const lost = await first.post(firstLink)
    expect(lost.statusCode).toBe(409)
    expect(lost.body).toContain('ほかの方が先にお申し込みされました')
    expect(await reservationCount(tenant)).toBe(before)
    expect(await entryOf(tenant, slot.id, first.id)).toMatchObject({ status: 'offered' })
    expect((await slotRow(tenant, slot.id)).remaining).toBe(0)
    await expectSeatInvariant(tenant, slot.id)

    // a broadcast offer that lapses puts the resident back in line for the next freed seat
    const entry = await entryOf(tenant, slot.id, first.id)
    await withTenant(db(), tenant.id, trx => expireDueOffers(trx, deps(), tenant.id, new Date((entry?.offerExpiresAt ?? new Date(0)).getTime() + 1000)))
    expect(await entryOf(tenant, slot.id, first.id)).toMatchObject({ status: 'waiting', heldSeats: 0 })
  })

  it('answers replayed, foreign, unknown and expired claim links with a 4xx page and stores nothing', async () => {
    const tenant = await createTestTenant(t.platform)
    const { slot } = await slotWith(tenant, { waitlistMode: 'sequential' })
    const [holder, waiter, stranger] = [await asResident(tenant), await asResident(tenant), await asResident(tenant)]
    const booking = await book(tenant, slot, holder.id)
    await waiter.post(`/${tenant.slug}/reservations/slots/${slot.id}/waitlist`, { partySize: '1' })
    await cancel(tenant, booking.id, holder.id)
    const link = await claimLinkOf(tenant, waiter.id)

    const snapshot = async () => ({ reservations: await reservationCount(tenant), entry: await entryOf(tenant, slot.id, waiter.id), slot: await slotRow(tenant, slot.id) })
    const foreignBefore = await snapshot()
    const foreignGet = await stranger.get(link)
    expect(foreignGet.statusCode).toBe(403)
    expect(foreignGet.body).toContain('このリンクは別の方へのご案内です')
    expect((await stranger.post(link)).statusCode).toBe(403)
    expect(await snapshot()).toEqual(foreignBefore)

    const unknown = await waiter.post(`/${tenant.slug}/reservations/waitlist/claim/${randomBytes(32).toString('base64url')}`)
    expect(unknown.statusCode).toBe(404)
    expect(unknown.body).toContain('このリンクは使えません')
    expect((await waiter.get(`/${tenant.slug}/reservations/waitlist/claim/not-a-token`)).statusCode).toBe(404)
    expect(await snapshot()).toEqual(foreignBefore)

    expect((await waiter.post(link)).statusCode).toBe(303)
    const afterClaim = await snapshot()
    const replay = await waiter.post(link)
    expect(replay.statusCode).toBe(410)
    expect(replay.body).toContain('このご案内はお申し込み済みです')
    expect(replay.body).toContain(`/reservations/my/${afterClaim.entry?.claimedReservationId}`)
    expect((await waiter.get(link)).statusCode).toBe(410)
    expect(await snapshot()).toEqual(afterClaim)
    await expectSeatInvariant(tenant, slot.id)

    // without a login the link leads to the login page and back
    const anonymous = await t.app.inject({ method: 'GET', url: link })
    expect(anonymous.statusCode).toBe(303)
    expect(anonymous.headers.location).toBe(`/${tenant.slug}/login?return=${encodeURIComponent(link)}`)
  })

  it('offers seats of a past or lottery slot to nobody: they go straight back', async () => {
    const tenant = await createTestTenant(t.platform)
    const { slot } = await slotWith(tenant, { waitlistMode: 'sequential' })
    const [holder, waiter] = [await asResident(tenant), await asResident(tenant)]
    const booking = await book(tenant, slot, holder.id)
    await waiter.post(`/${tenant.slug}/reservations/slots/${slot.id}/waitlist`, { partySize: '1' })
    // the slot started: releasing its seats after the start offers nothing
    await withTenant(db(), tenant.id, trx => cancelBooking(trx, deps(), tenant, booking.id, { by: 'staff', isDeadlineEnforced: false, actor: { type: 'system' } }, new Date(slot.startsAt.getTime() + 60_000)))
    expect(await entryOf(tenant, slot.id, waiter.id)).toMatchObject({ status: 'waiting' })
    expect((await slotRow(tenant, slot.id)).remaining).toBe(1)
    await expectSeatInvariant(tenant, slot.id)
  })
})
