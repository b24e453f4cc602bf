import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, TEST_DB, type TestApp } from '../../../../test/app.js'
import { createTestTenant } from '../../../../test/factories.js'
import { createTestFacility, createTestResource } from '../../../../test/reservation-factories.js'
import { withTenant } from '../../../platform/db/tenant-context.js'
import type { TenantContext } from '../../../platform/tenancy/tenant-service.js'
import { reservationsDb } from '../reservation-tables.js'
import { tokyoDate, tokyoInstant, tokyoTime } from '../reservation-time.js'
import { takeSeats } from '../seats/slot-seats.js'
import { generateSlots } from './index.js'

describe(`generateSlots (${TEST_DB})`, () => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp()
  })
  afterAll(async () => {
    await t?.close()
  })

  const inTenant = <T>(tenant: TenantContext, fn: Parameters<typeof withTenant<T>>[2]) => withTenant(t.platform.database.db, tenant.id, fn)
  const addTemplate = (tenant: TenantContext, resourceId: string, template: { weekdays: number[]; start: string; end: string; capacity: number; validFrom?: string }) =>
    inTenant(tenant, trx =>
      reservationsDb(trx)
        .insertInto('reservationSlotTemplates')
        .values({ tenantId: tenant.id, resourceId, weekdays: template.weekdays, startTime: template.start, endTime: template.end, capacity: template.capacity, validFrom: template.validFrom ?? '2029-01-01' })
        .returningAll()
        .executeTakeFirstOrThrow(),
    )
  const generate = (tenant: TenantContext, resourceId: string, from: string, until: string) => inTenant(tenant, trx => generateSlots(trx, tenant.id, resourceId, from, until))
  const slotsOf = (tenant: TenantContext, resourceId: string) =>
    inTenant(tenant, trx => reservationsDb(trx).selectFrom('reservationSlots').selectAll().where('tenantId', '=', tenant.id).where('resourceId', '=', resourceId).orderBy('startsAt').execute())
  const describeSlots = async (tenant: TenantContext, resourceId: string) =>
    (await slotsOf(tenant, resourceId)).map(slot => `${tokyoDate(slot.startsAt)} ${tokyoTime(slot.startsAt)} ${slot.status} ${slot.remaining}/${slot.capacity}`)

  it('makes the template slots of open days only, skipping holidays and closed weekdays, and changes nothing when run again', async () => {
    const tenant = await createTestTenant(t.platform)
    const facility = await createTestFacility(t.platform, tenant, { isClosedOnHolidays: true, closedWeekdays: [2] })
    const resource = await createTestResource(t.platform, tenant, { facilityId: facility.id, kind: 'appointment', category: 'counter' })
    await addTemplate(tenant, resource.id, { weekdays: [1, 2, 3, 4, 5], start: '09:00', end: '09:30', capacity: 3 })
    // 2030-02-08 Fri … 2030-02-13 Wed; 02-11 is 建国記念の日, Tuesdays are closed
    const first = await generate(tenant, resource.id, '2030-02-08', '2030-02-13')
    expect(first).toEqual({ created: 2, updated: 0, closed: 0, conflicts: [] })
    expect(await describeSlots(tenant, resource.id)).toEqual(['2030-02-08 09:00 open 3/3', '2030-02-13 09:00 open 3/3'])
    expect(await generate(tenant, resource.id, '2030-02-08', '2030-02-13')).toEqual({ created: 0, updated: 0, closed: 0, conflicts: [] })
    expect(await slotsOf(tenant, resource.id)).toHaveLength(2)
  })

  it('skips 年末年始 when the facility observes it', async () => {
    const tenant = await createTestTenant(t.platform)
    const resource = await createTestResource(t.platform, tenant)
    await addTemplate(tenant, resource.id, { weekdays: [0, 1, 2, 3, 4, 5, 6], start: '13:00', end: '17:00', capacity: 1 })
    await generate(tenant, resource.id, '2029-12-27', '2030-01-05')
    expect((await slotsOf(tenant, resource.id)).map(slot => tokyoDate(slot.startsAt))).toEqual(['2029-12-27', '2029-12-28', '2030-01-04', '2030-01-05'])
  })

  it('applies exceptions and a new closure, closing empty slots but never one that holds seats, and reports it', async () => {
    const tenant = await createTestTenant(t.platform)
    const resource = await createTestResource(t.platform, tenant, { kind: 'appointment', category: 'vaccination' })
    await addTemplate(tenant, resource.id, { weekdays: [1, 2, 3, 4, 5], start: '10:00', end: '10:30', capacity: 10 })
    await generate(tenant, resource.id, '2030-03-04', '2030-03-06')
    const [monday, tuesday] = await slotsOf(tenant, resource.id)
    await inTenant(tenant, trx => takeSeats(trx, tenant.id, tuesday?.id ?? '', 4))

    await inTenant(tenant, async trx => {
      const db = reservationsDb(trx)
      await db.insertInto('reservationSlotExceptions').values({ tenantId: tenant.id, resourceId: resource.id, onDate: '2030-03-04', kind: 'capacity', capacity: 6 }).execute()
      await db.insertInto('reservationSlotExceptions').values({ tenantId: tenant.id, resourceId: resource.id, onDate: '2030-03-05', kind: 'capacity', capacity: 2 }).execute()
      await db.insertInto('reservationSlotExceptions').values({ tenantId: tenant.id, resourceId: resource.id, onDate: '2030-03-06', kind: 'extra', startTime: '14:00', endTime: '14:30', capacity: 5 }).execute()
    })
    const changed = await generate(tenant, resource.id, '2030-03-04', '2030-03-06')
    expect(changed).toMatchObject({ created: 1, updated: 2, closed: 0 })
    // Tuesday's slot holds 4 seats: its capacity stops at 4 (0 left) and it is reported
    expect(changed.conflicts.map(c => c.slotId)).toEqual([tuesday?.id])
    expect(await describeSlots(tenant, resource.id)).toEqual(['2030-03-04 10:00 open 6/6', '2030-03-05 10:00 open 0/4', '2030-03-06 10:00 open 10/10', '2030-03-06 14:00 open 5/5'])

    await inTenant(tenant, trx => reservationsDb(trx).insertInto('reservationClosures').values({ tenantId: tenant.id, facilityId: resource.facilityId, startsOn: '2030-03-04', endsOn: '2030-03-05', reasons: JSON.stringify({ ja: '臨時休館' }) }).execute())
    const closedDays = await generate(tenant, resource.id, '2030-03-04', '2030-03-06')
    expect(closedDays.closed).toBe(1)
    expect(closedDays.conflicts.map(c => c.slotId)).toEqual([tuesday?.id])
    const after = await slotsOf(tenant, resource.id)
    expect(after.find(slot => slot.id === monday?.id)?.status).toBe('closed')
    expect(after.find(slot => slot.id === tuesday?.id)).toMatchObject({ status: 'open', capacity: 4, remaining: 0 })
  })

  it('closes the empty slots of a template that went, and reopens them when it comes back', async () => {
    const tenant = await createTestTenant(t.platform)
    const resource = await createTestResource(t.platform, tenant)
    const template = await addTemplate(tenant, resource.id, { weekdays: [1], start: '09:00', end: '12:00', capacity: 1 })
    await generate(tenant, resource.id, '2030-04-01', '2030-04-08')
    await inTenant(tenant, trx => reservationsDb(trx).deleteFrom('reservationSlotTemplates').where('tenantId', '=', tenant.id).where('id', '=', template.id).execute())
    expect(await generate(tenant, resource.id, '2030-04-01', '2030-04-08')).toEqual({ created: 0, updated: 0, closed: 2, conflicts: [] })
    await addTemplate(tenant, resource.id, { weekdays: [1], start: '09:00', end: '12:00', capacity: 1 })
    expect(await generate(tenant, resource.id, '2030-04-01', '2030-04-08')).toEqual({ created: 0, updated: 2, closed: 0, conflicts: [] })
    expect(await describeSlots(tenant, resource.id)).toEqual(['2030-04-01 09:00 open 1/1', '2030-04-08 09:00 open 1/1'])
    expect((await slotsOf(tenant, resource.id))[0]?.startsAt).toEqual(tokyoInstant('2030-04-01', '09:00'))
  })
})
