import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, TEST_DB, type TestApp } from '../../../../test/app.js'
import { createTestTenant } from '../../../../test/factories.js'
import { createTestFacility, createTestResource } from '../../../../test/reservation-factories.js'
import { addCalendarDays } from '../../../jp/calendar-date.js'
import { withTenant } from '../../../platform/db/tenant-context.js'
import type { TenantContext } from '../../../platform/tenancy/tenant-service.js'
import { reservationsDb } from '../reservation-tables.js'
import { tokyoDate, tokyoInstant } from '../reservation-time.js'
import { generateSlots } from './index.js'
import { extendTenantSlots, extensionHorizon, SLOT_EXTENSION_MARGIN_DAYS } from './slot-extension.js'

describe(`slot extension (${TEST_DB})`, () => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp()
  })
  afterAll(async () => t?.close())

  const inTenant = <T>(tenant: TenantContext, fn: Parameters<typeof withTenant<T>>[2]) => withTenant(t.platform.database.db, tenant.id, fn)
  const datesOf = async (tenant: TenantContext, resourceId: string) =>
    (await inTenant(tenant, trx => reservationsDb(trx).selectFrom('reservationSlots').select(['startsAt', 'capacity']).where('tenantId', '=', tenant.id).where('resourceId', '=', resourceId).orderBy('startsAt').execute())).map(slot => ({ date: tokyoDate(slot.startsAt), capacity: slot.capacity }))

  it('generates every day up to the longest window plus the margin, then nothing more on a rerun', async () => {
    const tenant = await createTestTenant(t.platform)
    // open every day of the year, so every date in the range gets its slot whenever the test runs
    const facility = await createTestFacility(t.platform, tenant, { isClosedYearEnd: false })
    const resource = await createTestResource(t.platform, tenant, { facilityId: facility.id, kind: 'appointment', category: 'counter', residentWindowDays: 20, nonResidentWindowDays: 10 })
    await inTenant(tenant, trx => reservationsDb(trx).insertInto('reservationSlotTemplates').values({ tenantId: tenant.id, resourceId: resource.id, weekdays: [0, 1, 2, 3, 4, 5, 6], startTime: '10:00', endTime: '11:00', capacity: 2, validFrom: '2020-01-01' }).execute())
    const unused = await createTestResource(t.platform, tenant, { facilityId: facility.id })

    const now = new Date()
    const today = tokyoDate(now)
    const first = await extendTenantSlots(t.platform, tenant.id, now)
    expect(first).toEqual({ resources: 1, created: 20 + SLOT_EXTENSION_MARGIN_DAYS + 1 })
    const dates = (await datesOf(tenant, resource.id)).map(slot => slot.date)
    expect(dates[0]).toBe(today)
    expect(dates.at(-1)).toBe(addCalendarDays(today, 20 + SLOT_EXTENSION_MARGIN_DAYS))
    expect(await datesOf(tenant, unused.id)).toEqual([])

    expect(await extendTenantSlots(t.platform, tenant.id, now)).toEqual({ resources: 1, created: 0 })
    // a day later exactly one new day enters
    expect(await extendTenantSlots(t.platform, tenant.id, new Date(now.getTime() + 24 * 3600_000))).toEqual({ resources: 1, created: 1 })
    const audits = await inTenant(tenant, trx => trx.selectFrom('auditLog').select(['action', 'actorType']).where('tenantId', '=', tenant.id).where('action', '=', 'reservations.extend-slots').execute())
    expect(audits).toEqual([
      { action: 'reservations.extend-slots', actorType: 'system' },
      { action: 'reservations.extend-slots', actorType: 'system' },
    ])
  })

  it('starts after the last slot staff made, leaving those slots as they are', async () => {
    const tenant = await createTestTenant(t.platform)
    const facility = await createTestFacility(t.platform, tenant, { isClosedYearEnd: false })
    const resource = await createTestResource(t.platform, tenant, { facilityId: facility.id, kind: 'appointment', category: 'counter', residentWindowDays: 5, nonResidentWindowDays: 5 })
    await inTenant(tenant, trx => reservationsDb(trx).insertInto('reservationSlotTemplates').values({ tenantId: tenant.id, resourceId: resource.id, weekdays: [0, 1, 2, 3, 4, 5, 6], startTime: '10:00', endTime: '11:00', capacity: 2, validFrom: '2020-01-01' }).execute())
    const now = new Date()
    const today = tokyoDate(now)
    await inTenant(tenant, trx => generateSlots(trx, tenant.id, resource.id, today, addCalendarDays(today, 2)))
    // staff raised one generated slot's capacity by hand; the extension must not undo it
    await inTenant(tenant, trx =>
      reservationsDb(trx).updateTable('reservationSlots').set({ capacity: 9, remaining: 9 }).where('tenantId', '=', tenant.id).where('resourceId', '=', resource.id).where('startsAt', '=', tokyoInstant(addCalendarDays(today, 1), '10:00')).execute(),
    )
    const result = await extendTenantSlots(t.platform, tenant.id, now)
    expect(result.created).toBe(5 + SLOT_EXTENSION_MARGIN_DAYS - 2)
    const slots = await datesOf(tenant, resource.id)
    expect(slots.find(slot => slot.date === addCalendarDays(today, 1))?.capacity).toBe(9)
    expect(slots.at(-1)?.date).toBe(addCalendarDays(today, 5 + SLOT_EXTENSION_MARGIN_DAYS))
  })

  it('reaches as far as the longest group priority adds, never past one generation call', () => {
    expect(extensionHorizon('2026-12-01', { residentWindowDays: 90, nonResidentWindowDays: 30 }, 30)).toBe(addCalendarDays('2026-12-01', 90 + 30 + SLOT_EXTENSION_MARGIN_DAYS))
    expect(extensionHorizon('2026-12-01', { residentWindowDays: 900, nonResidentWindowDays: 30 }, 0)).toBe(addCalendarDays('2026-12-01', 399))
  })
})
