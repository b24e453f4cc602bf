import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, TEST_DB, type TestApp } from '../../../../test/app.js'
import { createTestTenant } from '../../../../test/factories.js'
import { createTestFacility, createTestResource, createTestSlots } from '../../../../test/reservation-factories.js'
import { addCalendarDays } from '../../../jp/calendar-date.js'
import { withTenant } from '../../../platform/db/tenant-context.js'
import type { TenantContext } from '../../../platform/tenancy/tenant-service.js'
import { reservationsDb, type Resource, type Slot } from '../reservation-tables.js'
import { tokyoDate } from '../reservation-time.js'

/** The text of an HTML fragment, tags removed and spaces collapsed. */
const textOf = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim()

/** The <table> whose caption contains `caption`. */
function tableWithCaption(html: string, caption: string): string | undefined {
  return [...html.matchAll(/<table[\s\S]*?<\/table>/g)].map(match => match[0]).find(table => textOf(/<caption[\s\S]*?<\/caption>/.exec(table)?.[0] ?? '').includes(caption))
}

describe(`the public vacancy search pages (${TEST_DB})`, () => {
  let t: TestApp
  let tenant: TenantContext
  let room: Resource
  let hall: Resource
  let lotteryId: string
  let openSlot: Slot
  let fullSlot: Slot
  let lotterySlot: Slot
  const today = tokyoDate(new Date())
  const day = (n: number) => addCalendarDays(today, n)
  // a weekday-ish date well inside the range, away from 年末年始 (facilities here do not close then)
  const date = day(2)

  const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers })
  const base = () => `/${tenant.slug}/reservations`

  beforeAll(async () => {
    t = await createTestApp()
    tenant = await createTestTenant(t.platform)
    const facility = await createTestFacility(t.platform, tenant, { name: 'みなと市民センター', isClosedYearEnd: false })
    room = await createTestResource(t.platform, tenant, { facilityId: facility.id, name: 'さくら会議室', capacityPeople: 18, equipment: ['projector', 'whiteboard'], residentFeeYen: 0 })
    hall = await createTestResource(t.platform, tenant, { facilityId: facility.id, name: 'ひまわりホール', category: 'hall', capacityPeople: 200, equipment: ['stage'], residentFeeYen: 1200, nonResidentFeeYen: 2400 })
    await withTenant(t.platform.database.db, tenant.id, trx =>
      reservationsDb(trx)
        .insertInto('reservationFeeRules')
        .values({ tenantId: tenant.id, resourceId: room.id, bandStart: '09:00', bandEnd: '12:00', residentFeeYen: 1500, nonResidentFeeYen: 3000 })
        .execute(),
    )
    lotteryId = await withTenant(t.platform.database.db, tenant.id, async trx => {
      const row = await reservationsDb(trx)
        .insertInto('reservationLotteries')
        .values({ tenantId: tenant.id, titles: JSON.stringify({ ja: 'ホール抽選' }), resourceId: hall.id, slotsFrom: date, slotsUntil: date, applicationsOpenAt: new Date(Date.now() - 3600_000), applicationsCloseAt: new Date(Date.now() + 3600_000) })
        .returning('id')
        .executeTakeFirstOrThrow()
      return row.id
    })
    ;[openSlot, fullSlot] = (await createTestSlots(t.platform, tenant, room.id, [
      { date, start: '09:00', end: '12:00' },
      { date, start: '13:00', end: '17:00' },
    ])) as [Slot, Slot]
    ;[lotterySlot] = (await createTestSlots(t.platform, tenant, hall.id, [{ date, start: '09:00', end: '12:00', lotteryId }])) as [Slot]
    await withTenant(t.platform.database.db, tenant.id, trx => reservationsDb(trx).updateTable('reservationSlots').set({ remaining: 0 }).where('tenantId', '=', tenant.id).where('id', '=', fullSlot.id).execute())
    // closed the day after: a tenant-wide 臨時休館
    await withTenant(t.platform.database.db, tenant.id, trx =>
      reservationsDb(trx)
        .insertInto('reservationClosures')
        .values({ tenantId: tenant.id, startsOn: day(3), endsOn: day(3), reasons: JSON.stringify({ ja: '選挙の開票', en: 'Election count' }) })
        .execute(),
    )
  })
  afterAll(async () => t?.close())

  it('shows the entry page without login, with links to my bookings and the lotteries', async () => {
    const res = await get(base())
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain('<h1>施設予約</h1>')
    expect(res.body).toContain(`href="${base()}/my"`)
    expect(res.body).toContain(`href="${base()}/lotteries"`)
    expect(textOf(res.body)).toContain('マイ予約')
    expect(res.body).toMatch(/<link rel="stylesheet" href="\/static\/reservations.css"/)
  })

  it('shows an availability table per resource with a caption, column and row headers, and a link per slot', async () => {
    const res = await get(`${base()}?date=${date}&days=2`)
    expect(res.statusCode).toBe(200)
    const table = tableWithCaption(res.body, 'さくら会議室')
    if (!table) throw new Error('no table for さくら会議室')
    expect(textOf(/<caption[\s\S]*?<\/caption>/.exec(table)?.[0] ?? '')).toContain('みなと市民センター')
    expect(table).toContain('<th scope="col"')
    expect(table).toContain('<th scope="row"')
    expect(textOf(table)).toContain('9:00–12:00')
    expect(textOf(table)).toContain('13:00–17:00')
    expect(table).toContain(`href="${base()}/slots/${openSlot.id}"`)
    expect(table).toContain(`href="${base()}/slots/${fullSlot.id}"`)
    expect(textOf(table)).toMatch(/○ 空き/)
    expect(textOf(table)).toMatch(/× 満/)
    // the closure of the next day is a row saying why
    expect(textOf(table)).toContain('休館(選挙の開票)')
    const hallTable = tableWithCaption(res.body, 'ひまわりホール') ?? ''
    expect(hallTable).toContain(`href="${base()}/lotteries/${lotteryId}"`)
    expect(hallTable).not.toContain(lotterySlot.id)
    expect(textOf(hallTable)).toContain('抽選')
  })

  it('filters by capacity and equipment from the query string', async () => {
    const big = await get(`${base()}?date=${date}&capacity=${encodeURIComponent('５０')}`)
    expect(big.statusCode).toBe(200)
    expect(tableWithCaption(big.body, 'ひまわりホール')).toBeDefined()
    expect(tableWithCaption(big.body, 'さくら会議室')).toBeUndefined()
    const projector = await get(`${base()}?date=${date}&equipment=projector&equipment=whiteboard`)
    expect(tableWithCaption(projector.body, 'さくら会議室')).toBeDefined()
    expect(tableWithCaption(projector.body, 'ひまわりホール')).toBeUndefined()
    expect(projector.body).toMatch(/<input[^>]*value="projector"[^>]*checked/)
    const none = await get(`${base()}?date=${date}&capacity=5000`)
    expect(none.statusCode).toBe(200)
    expect(textOf(none.body)).toContain('条件に合う施設・予約枠はありません。')
  })

  it('answers bad query values with 400 and a translated error summary, never a server error', async () => {
    const bad = await get(`${base()}?date=2026-02-30&capacity=ten`)
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain('error-summary')
    expect(textOf(bad.body)).toContain('利用日を「2025-04-01」のように正しい日付で入力してください')
    expect(textOf(bad.body)).toContain('利用人数は1から10000までの数字で入力してください')
    expect(bad.body).toContain('aria-invalid="true"')
    expect(bad.body).not.toContain('<table')

    const english = await get(`${base()}?days=99`, { 'accept-language': 'en' })
    expect(english.statusCode).toBe(400)
    expect(textOf(english.body)).toContain('Choose a period of 1 to 31 days')

    const odd = [
      'date[]=x',
      'date=2026-01-01&date=2026-01-02',
      'days=-1',
      'days=1e309',
      'kind=castle',
      'category=%00',
      'capacity=1e309',
      `capacity=${'9'.repeat(500)}`,
      'equipment=%3Cscript%3E',
      `equipment=${'a'.repeat(200)}`,
      `date=${'2'.repeat(5000)}`,
      'date=%E2%80%AE',
    ]
    for (const query of odd) {
      const res = await get(`${base()}?${query}`)
      // `date[]` is another parameter name (ignored: 200); everything else is refused with 400
      expect(res.statusCode, query).toBe(query.startsWith('date[]') ? 200 : 400)
    }
    const past = await get(`${base()}?date=${day(-1)}`)
    expect(past.statusCode).toBe(400)
    expect(textOf(past.body)).toContain('利用日は今日以降の日付を入力してください')
  })

  it('shows a resource with its facility, equipment, fee table and a week of availability', async () => {
    const res = await get(`${base()}/resources/${room.id}?week=${date}`)
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain('<h1>さくら会議室</h1>')
    const text = textOf(res.body)
    expect(text).toContain('みなと市民センター')
    expect(text).toContain('定員18人')
    expect(text).toContain('プロジェクター、ホワイトボード')
    const fees = tableWithCaption(res.body, '料金表') ?? ''
    expect(fees).toContain('<th scope="col"')
    expect(textOf(fees)).toContain('9:00–12:00 1,500円 3,000円')
    const week = tableWithCaption(res.body, 'さくら会議室の空き状況') ?? ''
    expect(week).toContain('<th scope="row"')
    expect(week).toContain(`href="${base()}/slots/${openSlot.id}"`)
    expect(res.body).toContain(`href="${base()}/resources/${room.id}?week=${addCalendarDays(date, 7)}#week"`)
    expect(res.body).toContain(`href="${base()}/resources/${room.id}?week=${today}#week"`)
    expect(res.body).toContain('data-calendar-source')
    expect(res.body).toContain('<script src="/static/reservations-calendar.js" type="module"')
  })

  it('answers 404 for an unknown, malformed or suspended resource and 400 for a bad week', async () => {
    expect((await get(`${base()}/resources/00000000-0000-4000-8000-000000000000`)).statusCode).toBe(404)
    expect((await get(`${base()}/resources/not-a-uuid`)).statusCode).toBe(404)
    const suspended = await createTestResource(t.platform, tenant, { status: 'suspended' })
    expect((await get(`${base()}/resources/${suspended.id}`)).statusCode).toBe(404)
    expect((await get(`${base()}/resources/${suspended.id}/availability.json`)).statusCode).toBe(404)
    const badWeek = await get(`${base()}/resources/${room.id}?week=someday`)
    expect(badWeek.statusCode).toBe(400)
    expect(textOf(badWeek.body)).toContain('利用日を「2025-04-01」のように正しい日付で入力してください')
  })

  it('serves the month calendar JSON with per-day counts and slot links', async () => {
    const res = await get(`${base()}/resources/${room.id}/availability.json?from=${date}&days=2`)
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toContain('application/json')
    const body = res.json() as { from: string; days: number; closedDates: string[]; dates: { date: string; openSlots: number; fullSlots: number; isClosed: boolean }[]; slots: { slotId: string; start: string; remaining: number; url: string; residentFeeYen: number }[] }
    expect(body).toMatchObject({ from: date, days: 2, closedDates: [day(3)] })
    expect(body.dates).toEqual([expect.objectContaining({ date, openSlots: 1, fullSlots: 1, isClosed: false }), expect.objectContaining({ date: day(3), openSlots: 0, isClosed: true })])
    expect(body.slots.map(slot => [slot.slotId, slot.start, slot.remaining, slot.url])).toEqual([
      [openSlot.id, '09:00', 1, `${base()}/slots/${openSlot.id}`],
      [fullSlot.id, '13:00', 0, `${base()}/slots/${fullSlot.id}`],
    ])
    expect(body.slots[0]?.residentFeeYen).toBe(1500)

    const bad = await get(`${base()}/resources/${room.id}/availability.json?from=yesterday&days=2`)
    expect(bad.statusCode).toBe(400)
    expect(bad.headers['content-type']).toContain('application/problem+json')
    expect(bad.json()).toMatchObject({ code: 'RESERVATIONS.INVALID_SEARCH', status: 400 })
    expect((await get(`${base()}/resources/${room.id}/availability.json?days=100`)).statusCode).toBe(400)
  })

  it('speaks English when asked', async () => {
    const res = await get(`${base()}?date=${date}&days=1`, { 'accept-language': 'en' })
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain('<h1>Facility booking</h1>')
    expect(textOf(res.body)).toContain('My bookings')
  })
})
