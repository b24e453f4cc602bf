import { randomBytes, randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, csrfFrom, TEST_DB, type CookieJar, type TestApp } from '../../../../test/app.js'
import { createTestStaff, createTestTenant, loginStaff } from '../../../../test/factories.js'
import { loginWithEmail } from '../../../../test/resident-login.js'
import { createTestResource, createTestSlots } from '../../../../test/reservation-factories.js'
import { addCalendarDays } from '../../../jp/calendar-date.js'
import { withTenant } from '../../../platform/db/tenant-context.js'
import type { TenantContext } from '../../../platform/tenancy/tenant-service.js'
import { reservationsDb, type Slot } from '../reservation-tables.js'
import { tokyoDate } from '../reservation-time.js'
import { choosePayment } from '../booking/index.js'
import { drawSlot } from './lottery-draw.js'
import { closeLotteryJob, openSecondRound } from './lottery-round.js'
import { requireLotteryRuntime } from './lottery-runtime.js'

describe(`lotteries (${TEST_DB})`, () => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp()
  })
  afterAll(async () => t?.close())

  const db = () => t.platform.database.db
  const today = () => tokyoDate(new Date())

  function browser(jar: CookieJar, csrfPage: string) {
    const get = (url: string) => t.app.inject({ method: 'GET', url, headers: { cookie: jar.header() } })
    const post = async (url: string, payload: Record<string, string>) => {
      const page = await get(csrfPage)
      jar.store(page.headers['set-cookie'])
      const body = new URLSearchParams({ _csrf: csrfFrom(page.body), ...payload })
      return t.app.inject({ method: 'POST', url, headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' }, payload: body.toString() })
    }
    return { jar, get, post }
  }

  async function asStaff(tenant: TenantContext, role: 'clerk' | 'outsourced_operator' = 'clerk') {
    const staff = await createTestStaff(t.platform, tenant, role)
    const jar = await loginStaff(t, tenant, staff)
    return { ...browser(jar, `/${tenant.slug}/staff`), id: staff.id }
  }

  /** A resident logged in by email; `name` '' leaves the account without a name (the forms then ask for one). */
  async function asResident(tenant: TenantContext, name = '抽選 太郎') {
    const email = `lottery-${randomBytes(5).toString('hex')}@example.jp`
    const { jar } = await loginWithEmail(t, tenant, email)
    const resident = await withTenant(db(), tenant.id, trx => trx.updateTable('residents').set({ displayName: name }).where('tenantId', '=', tenant.id).where('email', '=', email).returning('id').executeTakeFirstOrThrow())
    return { ...browser(jar, `/${tenant.slug}/reservations/lotteries`), id: resident.id }
  }

  /** A space resource with `count` one-seat slots from 20 days ahead, one per day. */
  async function lotteryResource(tenant: TenantContext, count = 3, options: { kind?: 'space' | 'appointment'; capacity?: number } = {}) {
    const resource = await createTestResource(t.platform, tenant, { bookingMode: 'lottery', kind: options.kind ?? 'space', maxPartySize: 4, capacityPeople: 20 })
    const slots = await createTestSlots(
      t.platform,
      tenant,
      resource.id,
      Array.from({ length: count }, (_, i) => ({ daysAhead: 20 + i, capacity: options.capacity ?? 1 })),
    )
    return { resource, slots }
  }

  function lotteryForm(resourceId: string, overrides: Record<string, string> = {}) {
    return {
      titleJa: 'テスト抽選',
      titleEasy: '',
      titleEn: 'Test draw',
      resourceId,
      slotsFrom: addCalendarDays(today(), 20),
      slotsUntil: addCalendarDays(today(), 40),
      opensOn: addCalendarDays(today(), -1),
      opensAt: '09:00',
      closesOn: addCalendarDays(today(), 10),
      closesAt: '17:00',
      maxEntries: '3',
      confirmHours: '72',
      ...overrides,
    }
  }

  async function createLottery(staff: Awaited<ReturnType<typeof asStaff>>, tenant: TenantContext, resourceId: string, overrides: Record<string, string> = {}) {
    const res = await staff.post(`/${tenant.slug}/staff/reservations/lotteries/new`, lotteryForm(resourceId, overrides))
    expect(res.statusCode, res.body.slice(0, 500)).toBe(303)
    const id = /lotteries\/([0-9a-f-]{36})\?done=created$/.exec(String(res.headers.location))?.[1]
    if (!id) throw new Error(`no lottery id in ${String(res.headers.location)}`)
    return id
  }

  const lotteryRow = (tenant: TenantContext, id: string) =>
    withTenant(db(), tenant.id, trx => reservationsDb(trx).selectFrom('reservationLotteries').selectAll().where('tenantId', '=', tenant.id).where('id', '=', id).executeTakeFirstOrThrow())
  const entryRows = (tenant: TenantContext, lotteryId: string) =>
    withTenant(db(), tenant.id, trx => reservationsDb(trx).selectFrom('reservationLotteryEntries').selectAll().where('tenantId', '=', tenant.id).where('lotteryId', '=', lotteryId).orderBy('createdAt').execute())
  const slotRow = (tenant: TenantContext, id: string) =>
    withTenant(db(), tenant.id, trx => reservationsDb(trx).selectFrom('reservationSlots').selectAll().where('tenantId', '=', tenant.id).where('id', '=', id).executeTakeFirstOrThrow())
  const reservationRows = (tenant: TenantContext, slotIds: string[]) =>
    withTenant(db(), tenant.id, trx => reservationsDb(trx).selectFrom('reservations').selectAll().where('tenantId', '=', tenant.id).where('slotId', 'in', slotIds).execute())
  const messagesOf = (tenant: TenantContext, residentId: string) =>
    withTenant(db(), tenant.id, trx => trx.selectFrom('messages').select(['template', 'subject', 'linkUrl']).where('tenantId', '=', tenant.id).where('residentId', '=', residentId).where('template', 'like', 'reservations.lottery.%').execute())

  async function enter(resident: Awaited<ReturnType<typeof asResident>>, tenant: TenantContext, lotteryId: string, slot: Slot, extra: Record<string, string> = {}) {
    return resident.post(`/${tenant.slug}/reservations/lotteries/${lotteryId}/slots/${slot.id}/entry`, { partySize: '2', purpose: '', groupId: '', idempotencyKey: randomUUID(), ...extra })
  }

  it('creates a lottery over the untouched slots of a resource, and refuses a bad form with 422 and nothing stored', async () => {
    const tenant = await createTestTenant(t.platform)
    const staff = await asStaff(tenant)
    const { resource, slots } = await lotteryResource(tenant, 3)
    // a first-come booking already took the third slot: it stays out of the lottery
    await withTenant(db(), tenant.id, trx => reservationsDb(trx).updateTable('reservationSlots').set({ remaining: 0 }).where('id', '=', slots[2].id).execute())

    const countLotteries = async () => (await withTenant(db(), tenant.id, trx => reservationsDb(trx).selectFrom('reservationLotteries').select('id').execute())).length
    const late = await staff.post(`/${tenant.slug}/staff/reservations/lotteries/new`, lotteryForm(resource.id, { closesOn: addCalendarDays(today(), 25) }))
    expect(late.statusCode).toBe(422)
    expect(late.body).toContain('締切は対象の最初の利用日より前にしてください')
    const garbage = await staff.post(`/${tenant.slug}/staff/reservations/lotteries/new`, lotteryForm(resource.id, { titleJa: '', slotsFrom: '2025-02-30', maxEntries: '99', opensAt: '25:00' }))
    expect(garbage.statusCode).toBe(422)
    expect(garbage.body).toContain('抽選名(日本語)を入力してください')
    expect(garbage.body).toContain('1〜50の数字で入力してください')
    expect(garbage.body).toContain('時刻を「09:00」の形で入力してください')
    const empty = await staff.post(`/${tenant.slug}/staff/reservations/lotteries/new`, lotteryForm(resource.id, { slotsFrom: addCalendarDays(today(), 50), slotsUntil: addCalendarDays(today(), 55) }))
    expect(empty.statusCode).toBe(422)
    expect(empty.body).toContain('この期間に抽選できる枠がありません')
    expect(await countLotteries()).toBe(0)

    const lotteryId = await createLottery(staff, tenant, resource.id)
    expect((await slotRow(tenant, slots[0].id)).lotteryId).toBe(lotteryId)
    expect((await slotRow(tenant, slots[1].id)).lotteryId).toBe(lotteryId)
    expect((await slotRow(tenant, slots[2].id)).lotteryId).toBeNull()
    const detail = await staff.get(`/${tenant.slug}/staff/reservations/lotteries/${lotteryId}?done=created`)
    expect(detail.statusCode).toBe(200)
    expect(detail.body).toContain('テスト抽選')
    expect(detail.body).toContain('(対象2枠)')
    const audit = await withTenant(db(), tenant.id, trx => trx.selectFrom('auditLog').select('action').where('tenantId', '=', tenant.id).where('subjectId', '=', lotteryId).execute())
    expect(audit.map(a => a.action)).toContain('reservations.lottery-create')
  })

  it('keeps staff without reservations.manage out of the lottery pages', async () => {
    const tenant = await createTestTenant(t.platform)
    const operator = await asStaff(tenant, 'outsourced_operator')
    expect((await operator.get(`/${tenant.slug}/staff/reservations/lotteries`)).statusCode).toBe(403)
    const { resource } = await lotteryResource(tenant, 1)
    const res = await operator.post(`/${tenant.slug}/staff/reservations/lotteries/new`, lotteryForm(resource.id))
    expect(res.statusCode).toBe(403)
  })

  it('takes entries only inside the application window, and stores nothing for bad input', async () => {
    const tenant = await createTestTenant(t.platform)
    const staff = await asStaff(tenant)
    const { resource, slots } = await lotteryResource(tenant, 2)
    const lotteryId = await createLottery(staff, tenant, resource.id, { opensOn: addCalendarDays(today(), 2) })
    const resident = await asResident(tenant)

    const page = await resident.get(`/${tenant.slug}/reservations/lotteries/${lotteryId}`)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('申込みは')
    const early = await enter(resident, tenant, lotteryId, slots[0])
    expect(early.statusCode).toBe(422)
    expect(early.body).toContain('この抽選は、いま申込みを受け付けていません')
    expect(await entryRows(tenant, lotteryId)).toHaveLength(0)

    await withTenant(db(), tenant.id, trx => reservationsDb(trx).updateTable('reservationLotteries').set({ applicationsOpenAt: new Date(Date.now() - 60_000) }).where('id', '=', lotteryId).execute())
    for (const bad of <Record<string, string>[]>[{ partySize: 'abc' }, { partySize: '0' }, { partySize: '21' }, { purpose: 'no-such-purpose' }, { groupId: randomUUID() }, { idempotencyKey: 'not-a-uuid' }]) {
      const res = await enter(resident, tenant, lotteryId, slots[0], bad)
      expect(res.statusCode, JSON.stringify(bad)).toBe(422)
      expect(res.body).toContain('入力内容に問題があります')
    }
    const foreignSlot = (await createTestSlots(t.platform, tenant, resource.id, [{ daysAhead: 60 }]))[0]
    expect((await enter(resident, tenant, lotteryId, foreignSlot)).statusCode).toBe(404)
    expect(await entryRows(tenant, lotteryId)).toHaveLength(0)

    const ok = await enter(resident, tenant, lotteryId, slots[0])
    expect(ok.statusCode).toBe(303)
    expect(ok.headers.location).toBe(`/${tenant.slug}/reservations/lotteries/${lotteryId}?done=entered`)
    const twice = await enter(resident, tenant, lotteryId, slots[0])
    expect(twice.statusCode).toBe(409)
    expect(twice.body).toContain('この枠にはすでに申し込んでいます')

    await withTenant(db(), tenant.id, trx => reservationsDb(trx).updateTable('reservationLotteries').set({ applicationsCloseAt: new Date(Date.now() - 1000) }).where('id', '=', lotteryId).execute())
    const late = await enter(resident, tenant, lotteryId, slots[1])
    expect(late.statusCode).toBe(422)
    const entries = await entryRows(tenant, lotteryId)
    expect(entries).toHaveLength(1)
    expect(entries[0]).toMatchObject({ slotId: slots[0].id, residentId: resident.id, partySize: 2, status: 'entered' })
  })

  it('replays a double-submitted entry with the same hidden key and refuses the key for another slot', async () => {
    const tenant = await createTestTenant(t.platform)
    const staff = await asStaff(tenant)
    const { resource, slots } = await lotteryResource(tenant, 2)
    const lotteryId = await createLottery(staff, tenant, resource.id)
    const resident = await asResident(tenant)
    const form = await resident.get(`/${tenant.slug}/reservations/lotteries/${lotteryId}/slots/${slots[0].id}/entry`)
    const key = /name="idempotencyKey" value="([0-9a-f-]{36})"/.exec(form.body)?.[1]
    expect(key).toBeDefined()
    const [a, b] = await Promise.all([enter(resident, tenant, lotteryId, slots[0], { idempotencyKey: key ?? '' }), enter(resident, tenant, lotteryId, slots[0], { idempotencyKey: key ?? '' })])
    expect([a.statusCode, b.statusCode]).toEqual([303, 303])
    expect(await entryRows(tenant, lotteryId)).toHaveLength(1)
    const reused = await enter(resident, tenant, lotteryId, slots[1], { idempotencyKey: key ?? '' })
    expect(reused.statusCode).toBe(422)
    expect(reused.body).toContain('この申込み画面はすでに使われています')
    expect(await entryRows(tenant, lotteryId)).toHaveLength(1)
  })

  it('asks an applicant whose account has no name for one, and keeps it on the account for the win to be booked in', async () => {
    const tenant = await createTestTenant(t.platform)
    const staff = await asStaff(tenant)
    const { resource, slots } = await lotteryResource(tenant, 1)
    const lotteryId = await createLottery(staff, tenant, resource.id)
    const resident = await asResident(tenant, '')
    const form = await resident.get(`/${tenant.slug}/reservations/lotteries/${lotteryId}/slots/${slots[0].id}/entry`)
    expect(form.body).toContain('name="applicantName"')
    const missing = await enter(resident, tenant, lotteryId, slots[0])
    expect(missing.statusCode).toBe(422)
    expect(missing.body).toContain('氏名を入力してください。')
    expect(await entryRows(tenant, lotteryId)).toHaveLength(0)
    expect((await enter(resident, tenant, lotteryId, slots[0], { applicantName: '抽選 次郎' })).statusCode).toBe(303)
    expect(await entryRows(tenant, lotteryId)).toHaveLength(1)
    const account = await withTenant(db(), tenant.id, trx => trx.selectFrom('residents').select('displayName').where('id', '=', resident.id).executeTakeFirstOrThrow())
    expect(account.displayName).toBe('抽選 次郎')
  })

  it('holds each applicant to the maximum number of entries, even when the requests race, and counts group entries for the group', async () => {
    const tenant = await createTestTenant(t.platform)
    const staff = await asStaff(tenant)
    const { resource, slots } = await lotteryResource(tenant, 4)
    const lotteryId = await createLottery(staff, tenant, resource.id, { maxEntries: '2' })
    const alice = await asResident(tenant)
    const bob = await asResident(tenant)

    const raced = await Promise.all(slots.slice(0, 3).map(slot => enter(alice, tenant, lotteryId, slot)))
    expect(raced.map(r => r.statusCode).sort()).toEqual([303, 303, 422])
    expect(raced.find(r => r.statusCode === 422)?.body).toContain('この抽選に申し込めるのは1人2件までです')
    expect((await entryRows(tenant, lotteryId)).filter(e => e.residentId === alice.id)).toHaveLength(2)

    // an approved group with Alice as representative and Bob as member: its entries count for the group
    const group = await withTenant(db(), tenant.id, async trx => {
      const g = await reservationsDb(trx)
        .insertInto('reservationGroups')
        .values({ tenantId: tenant.id, registrationNumber: `G-${randomBytes(3).toString('hex')}`, name: 'デモ卓球クラブ', representativeResidentId: alice.id, memberCount: 12, status: 'approved' })
        .returning('id')
        .executeTakeFirstOrThrow()
      await reservationsDb(trx).insertInto('reservationGroupMembers').values({ tenantId: tenant.id, groupId: g.id, residentId: bob.id }).execute()
      return g
    })
    const entryPage = await bob.get(`/${tenant.slug}/reservations/lotteries/${lotteryId}/slots/${slots[3].id}/entry`)
    expect(entryPage.body).toContain('デモ卓球クラブとして申し込む')
    expect((await enter(bob, tenant, lotteryId, slots[3], { groupId: group.id })).statusCode).toBe(303)
    expect((await enter(bob, tenant, lotteryId, slots[2], { groupId: group.id })).statusCode).toBe(303)
    const third = await enter(bob, tenant, lotteryId, slots[1], { groupId: group.id })
    expect(third.statusCode).toBe(422)
    expect(third.body).toContain('この団体が申し込めるのは2件までです')
    // Bob's own limit is separate from the group's
    expect((await enter(bob, tenant, lotteryId, slots[0])).statusCode).toBe(303)
    const entries = await entryRows(tenant, lotteryId)
    expect(entries.filter(e => e.groupId === group.id)).toHaveLength(2)
    expect(entries).toHaveLength(5)
  })

  it('lets a resident withdraw while applications are open, and not after they close', async () => {
    const tenant = await createTestTenant(t.platform)
    const staff = await asStaff(tenant)
    const { resource, slots } = await lotteryResource(tenant, 2)
    const lotteryId = await createLottery(staff, tenant, resource.id)
    const resident = await asResident(tenant)
    const other = await asResident(tenant)
    await enter(resident, tenant, lotteryId, slots[0])
    await enter(resident, tenant, lotteryId, slots[1])
    const [first, second] = await entryRows(tenant, lotteryId)
    expect((await other.post(`/${tenant.slug}/reservations/lotteries/${lotteryId}/entries/${first.id}/withdraw`, {})).statusCode).toBe(404)
    const mine = await resident.get(`/${tenant.slug}/reservations/lotteries/my`)
    expect(mine.body).toContain('取り下げる')
    const withdrawn = await resident.post(`/${tenant.slug}/reservations/lotteries/${lotteryId}/entries/${first.id}/withdraw`, { return: 'my' })
    expect(withdrawn.statusCode).toBe(303)
    expect(withdrawn.headers.location).toBe(`/${tenant.slug}/reservations/lotteries/my?done=withdrawn`)
    const closed = await staff.post(`/${tenant.slug}/staff/reservations/lotteries/${lotteryId}/close`, {})
    expect(closed.statusCode).toBe(303)
    expect((await resident.post(`/${tenant.slug}/reservations/lotteries/${lotteryId}/entries/${second.id}/withdraw`, {})).statusCode).toBe(409)
    expect((await entryRows(tenant, lotteryId)).map(e => e.status)).toEqual(['withdrawn', 'entered'])
  })

  it('draws reproducibly from the recorded seed, shows nothing before publication, then books the winners, tells every applicant, and the winner confirms', async () => {
    const tenant = await createTestTenant(t.platform)
    const staff = await asStaff(tenant)
    const { resource, slots } = await lotteryResource(tenant, 2)
    const lotteryId = await createLottery(staff, tenant, resource.id)
    const residents = [await asResident(tenant), await asResident(tenant), await asResident(tenant)]
    for (const resident of residents) expect((await enter(resident, tenant, lotteryId, slots[0])).statusCode).toBe(303)
    expect((await enter(residents[0], tenant, lotteryId, slots[1])).statusCode).toBe(303)

    // out of order: publishing before the draw, drawing while applications are open
    expect((await staff.post(`/${tenant.slug}/staff/reservations/lotteries/${lotteryId}/publish`, {})).statusCode).toBe(409)
    const tooEarly = await staff.post(`/${tenant.slug}/staff/reservations/lotteries/${lotteryId}/draw`, {})
    expect(tooEarly.statusCode).toBe(409)
    expect(tooEarly.body).toContain('申込み期間中は抽選できません')
    expect((await lotteryRow(tenant, lotteryId)).seed).toBeNull()

    expect((await staff.post(`/${tenant.slug}/staff/reservations/lotteries/${lotteryId}/close`, {})).statusCode).toBe(303)
    expect((await enter(residents[1], tenant, lotteryId, slots[1])).statusCode).toBe(422)
    expect((await staff.post(`/${tenant.slug}/staff/reservations/lotteries/${lotteryId}/draw`, {})).statusCode).toBe(303)
    expect((await staff.post(`/${tenant.slug}/staff/reservations/lotteries/${lotteryId}/draw`, {})).statusCode).toBe(409)

    const drawn = await lotteryRow(tenant, lotteryId)
    expect(drawn.status).toBe('drawn')
    expect(drawn.seed).toMatch(/^[0-9a-f]{64}$/)
    const audit = await withTenant(db(), tenant.id, trx =>
      trx.selectFrom('auditLog').select(['details', 'actorId']).where('tenantId', '=', tenant.id).where('action', '=', 'reservations.lottery-draw').where('subjectId', '=', lotteryId).executeTakeFirstOrThrow(),
    )
    expect(audit.details).toMatchObject({ seed: drawn.seed, algorithm: 'hmac-sha256-rank/v1', entryCount: 4, winnerCount: 2 })
    expect(audit.actorId).toBe(staff.id)

    // the stored ranks and winners are what the seed gives
    const entries = await entryRows(tenant, lotteryId)
    const onFirst = entries.filter(e => e.slotId === slots[0].id)
    const recomputed = drawSlot(drawn.seed ?? '', onFirst.map(e => ({ id: e.id, seats: 1 })), 1)
    for (const again of recomputed) {
      const stored = onFirst.find(e => e.id === again.id)
      expect(stored?.drawRank).toBe(again.rank)
      expect(stored?.status).toBe(again.isWinner ? 'won' : 'lost')
    }
    expect(entries.find(e => e.slotId === slots[1].id)?.status).toBe('won')
    const winnerEntry = onFirst.find(e => e.status === 'won')
    const winner = residents.find(r => r.id === winnerEntry?.residentId)
    if (!winner || !winnerEntry) throw new Error('no winner on the first slot')

    // before publication: no booking, no notice, residents see only "drawn"
    expect(await reservationRows(tenant, [slots[0].id, slots[1].id])).toHaveLength(0)
    expect(await messagesOf(tenant, winner.id)).toHaveLength(0)
    const hidden = await winner.get(`/${tenant.slug}/reservations/lotteries/${lotteryId}`)
    expect(hidden.body).toContain('抽選済み(結果発表前)')
    expect(hidden.body).not.toContain('当選(確定してください)')
    expect((await t.app.inject({ method: 'GET', url: `/${tenant.slug}/reservations/lotteries/${lotteryId}/verify` })).body).toContain('まだ公表されていません')

    const before = Date.now()
    expect((await staff.post(`/${tenant.slug}/staff/reservations/lotteries/${lotteryId}/publish`, {})).statusCode).toBe(303)
    const published = await lotteryRow(tenant, lotteryId)
    expect(published.status).toBe('published')
    expect(published.confirmDeadlineAt?.getTime()).toBeGreaterThanOrEqual(before + 72 * 3600_000 - 1000)
    const bookings = await reservationRows(tenant, [slots[0].id, slots[1].id])
    expect(bookings).toHaveLength(2)
    for (const booking of bookings) {
      expect(booking).toMatchObject({ status: 'won', channel: 'lottery' })
      expect(booking.holdExpiresAt?.getTime()).toBe(published.confirmDeadlineAt?.getTime())
    }
    const winnerBooking = bookings.find(b => b.slotId === slots[0].id)
    expect(winnerBooking?.residentId).toBe(winner.id)
    expect(winnerBooking?.lotteryEntryId).toBe(winnerEntry.id)
    expect((await slotRow(tenant, slots[0].id)).remaining).toBe(0)
    expect((await entryRows(tenant, lotteryId)).find(e => e.id === winnerEntry.id)?.reservationId).toBe(winnerBooking?.id)

    // a result notice to every applicant: one per entry
    for (const resident of residents) {
      const messages = await messagesOf(tenant, resident.id)
      const mine = entries.filter(e => e.residentId === resident.id)
      expect(messages).toHaveLength(mine.length)
      for (const entry of mine) expect(messages.map(m => m.template)).toContain(entry.status === 'won' ? 'reservations.lottery.won' : 'reservations.lottery.lost')
    }
    expect((await messagesOf(tenant, winner.id)).find(m => m.template === 'reservations.lottery.won' && m.linkUrl === `/${tenant.slug}/reservations/my/${winnerBooking?.id}`)).toBeDefined()

    // the deadline job is queued for the deadline
    const jobs = await sql<{ due: Date }>`SELECT start_after AS due FROM pgboss.job WHERE name = 'reservations.close-lottery' AND data->>'lotteryId' = ${lotteryId}`.execute(db())
    expect(jobs.rows).toHaveLength(1)
    expect(new Date(jobs.rows[0].due).getTime()).toBe(published.confirmDeadlineAt?.getTime())

    // the public check recomputes the draw and finds it matches
    const verify = await t.app.inject({ method: 'GET', url: `/${tenant.slug}/reservations/lotteries/${lotteryId}/verify` })
    expect(verify.statusCode).toBe(200)
    expect(verify.body).toContain('検証結果:一致しました')
    expect(verify.body).toContain(drawn.seed ?? 'no seed')

    // the winner sees the win and confirms it on booking's page (free resource: no payment)
    const myEntries = await winner.get(`/${tenant.slug}/reservations/lotteries/my`)
    expect(myEntries.body).toContain('当選(確定してください)')
    const myBookingPath = `/${tenant.slug}/reservations/my/${winnerBooking?.id}`
    const myBooking = await winner.get(myBookingPath)
    expect(myBooking.statusCode).toBe(200)
    winner.jar.store(myBooking.headers['set-cookie'])
    const confirm = await t.app.inject({
      method: 'POST',
      url: `${myBookingPath}/payment`,
      headers: { cookie: winner.jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: csrfFrom(myBooking.body), method: 'none' }).toString(),
    })
    expect(confirm.statusCode, confirm.body.slice(0, 300)).toBe(303)
    expect((await reservationRows(tenant, [slots[0].id])).find(b => b.id === winnerBooking?.id)?.status).toBe('confirmed')
    expect((await winner.get(`/${tenant.slug}/reservations/lotteries/my`)).body).toContain('当選・予約済み')
  })

  it('releases unconfirmed wins at the deadline, opens a first-come second round, and tells those without a seat', async () => {
    const tenant = await createTestTenant(t.platform)
    const staff = await asStaff(tenant)
    const { resource, slots } = await lotteryResource(tenant, 2)
    const lotteryId = await createLottery(staff, tenant, resource.id)
    const alice = await asResident(tenant)
    const bob = await asResident(tenant)
    await enter(alice, tenant, lotteryId, slots[0])
    await enter(bob, tenant, lotteryId, slots[0])
    await enter(bob, tenant, lotteryId, slots[1])
    await staff.post(`/${tenant.slug}/staff/reservations/lotteries/${lotteryId}/close`, {})
    await staff.post(`/${tenant.slug}/staff/reservations/lotteries/${lotteryId}/draw`, {})
    await staff.post(`/${tenant.slug}/staff/reservations/lotteries/${lotteryId}/publish`, {})
    const entries = await entryRows(tenant, lotteryId)
    const firstWinner = entries.find(e => e.slotId === slots[0].id && e.status === 'won')
    const firstLoser = entries.find(e => e.slotId === slots[0].id && e.status === 'lost')
    const bobsSecond = entries.find(e => e.slotId === slots[1].id)
    if (!firstWinner || !firstLoser || !bobsSecond) throw new Error('unexpected draw')

    // the first slot's winner takes up the win (confirmed through booking); Bob leaves the second slot unconfirmed
    const deps = requireLotteryRuntime()
    await withTenant(db(), tenant.id, trx => choosePayment(trx, deps, tenant, firstWinner.reservationId ?? '', { method: 'none', actor: { type: 'resident', id: firstWinner.residentId } }))

    // before the deadline the second round cannot open
    expect((await staff.post(`/${tenant.slug}/staff/reservations/lotteries/${lotteryId}/second-round`, {})).statusCode).toBe(409)
    expect(await openSecondRound(deps, tenant.id, lotteryId, { type: 'system' }, new Date())).toBeUndefined()

    // time passes: the deadline is behind us; the job runs
    const past = new Date(Date.now() - 60_000)
    await withTenant(db(), tenant.id, async trx => {
      await reservationsDb(trx).updateTable('reservationLotteries').set({ confirmDeadlineAt: past }).where('id', '=', lotteryId).execute()
      await reservationsDb(trx).updateTable('reservations').set({ holdExpiresAt: past }).where('status', '=', 'won').where('slotId', 'in', [slots[0].id, slots[1].id]).execute()
    })
    await closeLotteryJob.run({ tenantId: tenant.id, lotteryId }, { db: db(), logger: t.platform.logger, config: t.config, mailer: t.platform.mailer })

    const lottery = await lotteryRow(tenant, lotteryId)
    expect(lottery.status).toBe('second_round')
    expect(lottery.secondRoundAt).not.toBeNull()
    const after = await entryRows(tenant, lotteryId)
    expect(after.find(e => e.id === firstWinner.id)?.status).toBe('confirmed')
    expect(after.find(e => e.id === bobsSecond.id)?.status).toBe('released')
    expect(after.find(e => e.id === firstLoser.id)?.status).toBe('lost')
    const released = (await reservationRows(tenant, [slots[1].id]))[0]
    expect(released.status).toBe('expired')
    expect((await slotRow(tenant, slots[1].id)).remaining).toBe(1)
    expect((await slotRow(tenant, slots[0].id)).remaining).toBe(0)
    expect((await messagesOf(tenant, bob.id)).filter(m => m.template === 'reservations.lottery.second-round')).toHaveLength(1)
    const audit = await withTenant(db(), tenant.id, trx => trx.selectFrom('auditLog').select(['action', 'actorType']).where('tenantId', '=', tenant.id).where('action', '=', 'reservations.lottery-second-round').execute())
    expect(audit).toEqual([{ action: 'reservations.lottery-second-round', actorType: 'system' }])

    // running the job again changes nothing
    await closeLotteryJob.run({ tenantId: tenant.id, lotteryId }, { db: db(), logger: t.platform.logger, config: t.config, mailer: t.platform.mailer })
    expect((await messagesOf(tenant, bob.id)).filter(m => m.template === 'reservations.lottery.second-round')).toHaveLength(1)

    // second round: the freed slot is bookable first-come, from the lottery page
    const page = await alice.get(`/${tenant.slug}/reservations/lotteries/${lotteryId}`)
    expect(page.body).toContain(`/${tenant.slug}/reservations/slots/${slots[1].id}`)
    const slotPage = await alice.get(`/${tenant.slug}/reservations/slots/${slots[1].id}`)
    expect(slotPage.statusCode).toBe(200)
    alice.jar.store(slotPage.headers['set-cookie'])
    const key = /name="idempotencyKey" value="([^"]+)"/.exec(slotPage.body)?.[1] ?? randomUUID()
    const hold = await t.app.inject({
      method: 'POST',
      url: `/${tenant.slug}/reservations/slots/${slots[1].id}/hold`,
      headers: { cookie: alice.jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: csrfFrom(slotPage.body), partySize: '2', idempotencyKey: key }).toString(),
    })
    expect(hold.statusCode, hold.body.slice(0, 300)).toBe(303)
    const secondRound = (await reservationRows(tenant, [slots[1].id])).find(b => b.status === 'held')
    expect(secondRound?.residentId).toBe(alice.id)
    expect((await slotRow(tenant, slots[1].id)).remaining).toBe(0)
  })

  it('shows a mismatch on the verification page when a stored result was altered', async () => {
    const tenant = await createTestTenant(t.platform)
    const staff = await asStaff(tenant)
    const { resource, slots } = await lotteryResource(tenant, 1)
    const lotteryId = await createLottery(staff, tenant, resource.id)
    const one = await asResident(tenant)
    const two = await asResident(tenant)
    await enter(one, tenant, lotteryId, slots[0])
    await enter(two, tenant, lotteryId, slots[0])
    await staff.post(`/${tenant.slug}/staff/reservations/lotteries/${lotteryId}/close`, {})
    await staff.post(`/${tenant.slug}/staff/reservations/lotteries/${lotteryId}/draw`, {})
    await staff.post(`/${tenant.slug}/staff/reservations/lotteries/${lotteryId}/publish`, {})
    const url = `/${tenant.slug}/reservations/lotteries/${lotteryId}/verify`
    expect((await t.app.inject({ method: 'GET', url })).body).toContain('検証結果:一致しました')
    // someone swaps the ranks in the database
    await withTenant(db(), tenant.id, trx => sql`UPDATE reservation_lottery_entries SET draw_rank = 3 - draw_rank WHERE lottery_id = ${lotteryId}`.execute(trx))
    const tampered = await t.app.inject({ method: 'GET', url })
    expect(tampered.body).toContain('検証結果:一致しない箇所があります')
    expect(tampered.body).toContain('不一致')
  })
})
