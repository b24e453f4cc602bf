import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { KyselyPlugin } from 'kysely'
import { createTestApp, TEST_DB, type TestApp } from '../../../../test/app.js'
import { createTestTenant } from '../../../../test/factories.js'
import { createTestFacility, createTestResource, createTestSlots } from '../../../../test/reservation-factories.js'
import { addCalendarDays, toDayOfWeek } from '../../../jp/calendar-date.js'
import { isNationalHoliday, isYearEndClosure, listHolidays } from '../../../jp/holidays.js'
import { withTenant } from '../../../platform/db/tenant-context.js'
import type { TenantContext } from '../../../platform/tenancy/tenant-service.js'
import { reservationsDb, type LotteryStatus } from '../reservation-tables.js'
import { tokyoDate, tokyoInstant } from '../reservation-time.js'
import { findAvailability, findAvailabilityWithReasons, type AvailabilityQuery } from './availability.js'

describe(`findAvailability (${TEST_DB})`, () => {
  let t: TestApp
  let tenant: TenantContext
  const today = tokyoDate(new Date())
  const day = (n: number) => addCalendarDays(today, n)

  const find = (query: AvailabilityQuery, now?: Date, on: TenantContext = tenant) => withTenant(t.platform.database.db, on.id, trx => findAvailability(trx, on.id, query, now))

  async function createLottery(resourceId: string, status: LotteryStatus): Promise<string> {
    return withTenant(t.platform.database.db, tenant.id, async trx => {
      const row = await reservationsDb(trx)
        .insertInto('reservationLotteries')
        .values({
          tenantId: tenant.id,
          titles: JSON.stringify({ ja: 'テスト抽選' }),
          resourceId,
          slotsFrom: day(20),
          slotsUntil: day(21),
          applicationsOpenAt: new Date(Date.now() - 86400000),
          applicationsCloseAt: new Date(Date.now() + 86400000),
          status,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      return row.id
    })
  }

  /** A facility open every day (no 年末年始 closure), so tests not about closures do not depend on today's date. */
  const openFacility = () => createTestFacility(t.platform, tenant, { isClosedYearEnd: false })

  beforeAll(async () => {
    t = await createTestApp()
    tenant = await createTestTenant(t.platform)
  })
  afterAll(async () => t?.close())

  it('filters by capacity, equipment, kind and category', async () => {
    const facility = await openFacility()
    const small = await createTestResource(t.platform, tenant, { facilityId: facility.id, name: '小会議室', capacityPeople: 10, equipment: ['whiteboard'] })
    const large = await createTestResource(t.platform, tenant, { facilityId: facility.id, name: '大会議室', capacityPeople: 30, equipment: ['projector', 'whiteboard'] })
    const washitsu = await createTestResource(t.platform, tenant, { facilityId: facility.id, name: '和室', capacityPeople: 25, category: 'japanese-room', equipment: ['projector'] })
    const clinic = await createTestResource(t.platform, tenant, { facilityId: facility.id, name: '予防接種', capacityPeople: 20, kind: 'appointment', category: 'vaccination' })
    const ids = (list: { resourceId: string }[]) => list.map(item => item.resourceId).filter(id => [small.id, large.id, washitsu.id, clinic.id].includes(id)).sort()
    const base = { from: day(1), days: 7, facilityId: facility.id }

    expect(ids(await find(base))).toEqual([small.id, large.id, washitsu.id, clinic.id].sort())
    expect(ids(await find({ ...base, capacity: 20 }))).toEqual([large.id, washitsu.id, clinic.id].sort())
    expect(ids(await find({ ...base, equipment: ['projector', 'whiteboard'] }))).toEqual([large.id])
    expect(ids(await find({ ...base, equipment: ['projector'], capacity: 26 }))).toEqual([large.id])
    expect(ids(await find({ ...base, kind: 'appointment' }))).toEqual([clinic.id])
    expect(ids(await find({ ...base, category: 'japanese-room' }))).toEqual([washitsu.id])
    expect(ids(await find({ ...base, resourceId: small.id }))).toEqual([small.id])
  })

  it('lists full slots with no seats left, and leaves them out when at least one seat is asked for', async () => {
    const resource = await createTestResource(t.platform, tenant, { facilityId: (await openFacility()).id, kind: 'appointment', category: 'counter', capacityPeople: 2 })
    const [full, open] = await createTestSlots(t.platform, tenant, resource.id, [
      { date: day(3), start: '09:00', end: '09:15', capacity: 2 },
      { date: day(3), start: '09:15', end: '09:30', capacity: 2 },
    ])
    if (!full || !open) throw new Error('slots missing')
    await withTenant(t.platform.database.db, tenant.id, trx => reservationsDb(trx).updateTable('reservationSlots').set({ remaining: 0 }).where('tenantId', '=', tenant.id).where('id', '=', full.id).execute())

    const [all] = await find({ from: day(3), days: 1, resourceId: resource.id })
    expect(all?.slots.map(slot => [slot.slotId, slot.capacity, slot.remaining])).toEqual([
      [full.id, 2, 0],
      [open.id, 2, 2],
    ])
    const [withSeats] = await find({ from: day(3), days: 1, resourceId: resource.id, minRemaining: 1 })
    expect(withSeats?.slots.map(slot => slot.slotId)).toEqual([open.id])
  })

  it('reports closed dates (a national holiday for a facility closed on holidays, a closed weekday, a closure row) and hides their slots', async () => {
    // a holiday whose neighbours are ordinary days, so each closed date has exactly one reason
    const isPlain = (date: string) => !isNationalHoliday(date) && !isYearEndClosure(date)
    const holiday = listHolidays(day(3), day(400)).find(candidate => !isYearEndClosure(candidate.date) && [-1, 1, 2].every(offset => isPlain(addCalendarDays(candidate.date, offset))))
    if (!holiday) throw new Error('no national holiday in the next 400 days')
    const from = addCalendarDays(holiday.date, -1)
    const weekdayClosed = addCalendarDays(holiday.date, 1)
    const closureDate = addCalendarDays(holiday.date, 2)
    const facility = await createTestFacility(t.platform, tenant, { isClosedOnHolidays: true, isClosedYearEnd: false, closedWeekdays: [toDayOfWeek(weekdayClosed)] })
    const resource = await createTestResource(t.platform, tenant, { facilityId: facility.id })
    const other = await createTestResource(t.platform, tenant, { facilityId: facility.id })
    await withTenant(t.platform.database.db, tenant.id, trx =>
      reservationsDb(trx)
        .insertInto('reservationClosures')
        .values({ tenantId: tenant.id, resourceId: resource.id, startsOn: closureDate, endsOn: closureDate, reasons: JSON.stringify({ ja: '床の張り替え', en: 'New floor' }) })
        .execute(),
    )
    const dates = [from, holiday.date, weekdayClosed, closureDate]
    const slots = await createTestSlots(t.platform, tenant, resource.id, dates.map(date => ({ date })))
    await createTestSlots(t.platform, tenant, other.id, [{ date: closureDate }])

    const [found] = await withTenant(t.platform.database.db, tenant.id, trx => findAvailabilityWithReasons(trx, tenant.id, { from, days: 4, resourceId: resource.id }))
    expect(found?.closedDates).toEqual([holiday.date, weekdayClosed, closureDate])
    expect(found?.closedReasons[holiday.date]).toEqual({ kind: 'holiday', name: holiday.name })
    expect(found?.closedReasons[weekdayClosed]).toEqual({ kind: 'weekday', weekday: toDayOfWeek(weekdayClosed) })
    expect(found?.closedReasons[closureDate]).toMatchObject({ kind: 'closure', scope: 'resource', reasons: { ja: '床の張り替え' } })
    expect(found?.slots.map(slot => slot.slotId)).toEqual([slots[0]?.id])
    // the resource closure is not the other room's
    const [neighbour] = await find({ from: closureDate, days: 1, resourceId: other.id })
    expect(neighbour?.closedDates).toEqual([])
    expect(neighbour?.slots).toHaveLength(1)
  })

  it('marks slots of a running lottery as lottery and those of a lottery in its second round as first-come', async () => {
    const resource = await createTestResource(t.platform, tenant, { facilityId: (await openFacility()).id, category: 'gym', bookingMode: 'lottery' })
    const running = await createLottery(resource.id, 'published')
    const secondRound = await createLottery(resource.id, 'second_round')
    const [drawn, remainder, plain] = await createTestSlots(t.platform, tenant, resource.id, [
      { date: day(20), start: '09:00', end: '12:00', lotteryId: running },
      { date: day(20), start: '13:00', end: '17:00', lotteryId: secondRound },
      { date: day(21), start: '09:00', end: '12:00' },
    ])
    const [found] = await find({ from: day(20), days: 2, resourceId: resource.id })
    expect(found?.slots.map(slot => [slot.slotId, slot.mode, slot.lotteryId])).toEqual([
      [drawn?.id, 'lottery', running],
      [remainder?.id, 'first_come', secondRound],
      [plain?.id, 'first_come', null],
    ])
  })

  it('hides suspended resources, resources of suspended facilities, closed slots, slots already started and other tenants', async () => {
    const suspended = await createTestResource(t.platform, tenant, { status: 'suspended' })
    const facility = await createTestFacility(t.platform, tenant)
    const inSuspendedFacility = await createTestResource(t.platform, tenant, { facilityId: facility.id })
    await withTenant(t.platform.database.db, tenant.id, trx => reservationsDb(trx).updateTable('reservationFacilities').set({ status: 'suspended' }).where('tenantId', '=', tenant.id).where('id', '=', facility.id).execute())
    const active = await createTestResource(t.platform, tenant, { facilityId: (await openFacility()).id })
    const [closedSlot, earlySlot, lateSlot] = await createTestSlots(t.platform, tenant, active.id, [
      { date: day(5), start: '08:00', end: '09:00' },
      { date: day(5), start: '09:00', end: '12:00' },
      { date: day(5), start: '13:00', end: '17:00' },
    ])
    await createTestSlots(t.platform, tenant, suspended.id, [{ date: day(5) }])
    await withTenant(t.platform.database.db, tenant.id, trx => reservationsDb(trx).updateTable('reservationSlots').set({ status: 'closed' }).where('tenantId', '=', tenant.id).where('id', '=', closedSlot?.id ?? '').execute())

    const everything = await find({ from: day(5), days: 1 })
    const ids = everything.map(item => item.resourceId)
    expect(ids).toContain(active.id)
    expect(ids).not.toContain(suspended.id)
    expect(ids).not.toContain(inSuspendedFacility.id)
    expect(everything.find(item => item.resourceId === active.id)?.slots.map(slot => slot.slotId)).toEqual([earlySlot?.id, lateSlot?.id])

    const duringTheMorning = tokyoInstant(day(5), '10:00')
    const [later] = await find({ from: day(5), days: 1, resourceId: active.id }, duringTheMorning)
    expect(later?.slots.map(slot => slot.slotId)).toEqual([lateSlot?.id])

    const stranger = await createTestTenant(t.platform)
    expect(await find({ from: day(5), days: 1 }, undefined, stranger)).toEqual([])
  })

  it('gives each slot its resident and non-resident fee for the general purpose, band by band', async () => {
    const resource = await createTestResource(t.platform, tenant, { facilityId: (await openFacility()).id, residentFeeYen: 0 })
    await withTenant(t.platform.database.db, tenant.id, trx =>
      reservationsDb(trx)
        .insertInto('reservationFeeRules')
        .values([
          { tenantId: tenant.id, resourceId: resource.id, bandStart: '09:00', bandEnd: '12:00', residentFeeYen: 2000, nonResidentFeeYen: 3000 },
          { tenantId: tenant.id, resourceId: resource.id, bandStart: '13:00', bandEnd: '17:00', residentFeeYen: 2400, nonResidentFeeYen: 3600 },
        ])
        .execute(),
    )
    await createTestSlots(t.platform, tenant, resource.id, [
      { date: day(6), start: '09:00', end: '12:00' },
      { date: day(6), start: '13:00', end: '15:00' },
    ])
    const [found] = await find({ from: day(6), days: 1, resourceId: resource.id })
    expect(found?.slots.map(slot => [slot.residentFeeYen, slot.nonResidentFeeYen])).toEqual([
      [2000, 3000],
      [1200, 1800],
    ])
  })

  it('reads everything in two queries however many resources and slots match (no N+1)', async () => {
    const facility = await openFacility()
    for (let index = 0; index < 4; index += 1) {
      const resource = await createTestResource(t.platform, tenant, { facilityId: facility.id })
      await createTestSlots(t.platform, tenant, resource.id, [1, 2, 3].map(offset => ({ date: day(8 + offset), start: '09:00', end: '12:00' })))
    }
    let queries = 0
    const counter: KyselyPlugin = {
      transformQuery: args => {
        queries += 1
        return args.node
      },
      transformResult: async args => args.result,
    }
    const found = await withTenant(t.platform.database.db, tenant.id, trx => findAvailability(trx.withPlugin(counter), tenant.id, { from: day(9), days: 3, facilityId: facility.id }))
    expect(found).toHaveLength(4)
    expect(found.every(item => item.slots.length === 3)).toBe(true)
    expect(queries).toBe(2)
  })

  it('refuses a malformed query as a bad request, not a server error', async () => {
    await expect(find({ from: '2026-02-30', days: 7 })).rejects.toMatchObject({ status: 400, code: 'RESERVATIONS.INVALID_SEARCH' })
    await expect(find({ from: day(1), days: 0 })).rejects.toMatchObject({ status: 400 })
    await expect(find({ from: day(1), days: 7, capacity: Number.NaN })).rejects.toMatchObject({ status: 400 })
    await expect(find({ from: day(1), days: 7, resourceId: 'not-a-uuid' })).rejects.toMatchObject({ status: 400 })
  })
})
