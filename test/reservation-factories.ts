/**
 * Reservations test data: a facility with one resource, its fee rule and slots, inserted as the
 * setup pages store them. Each test builds its own (random codes), as STYLE.md asks.
 */
import { randomBytes } from 'node:crypto'
import { withTenant } from '../src/platform/db/tenant-context.js'
import type { Platform } from '../src/platform/platform.js'
import type { TenantContext } from '../src/platform/tenancy/tenant-service.js'
import { reservationsDb, type Facility, type Resource, type ReservationResourcesTable, type Slot } from '../src/modules/reservations/reservation-tables.js'
import { tokyoInstant } from '../src/modules/reservations/reservation-time.js'
import { addCalendarDays } from '../src/jp/calendar-date.js'
import { tokyoDate } from '../src/modules/reservations/reservation-time.js'
import type { Insertable } from 'kysely'

const code = (prefix: string) => `${prefix}-${randomBytes(3).toString('hex')}`

export async function createTestFacility(platform: Platform, tenant: TenantContext, overrides: Partial<{ closedWeekdays: number[]; isClosedOnHolidays: boolean; isClosedYearEnd: boolean; name: string }> = {}): Promise<Facility> {
  return withTenant(platform.database.db, tenant.id, trx =>
    reservationsDb(trx)
      .insertInto('reservationFacilities')
      .values({
        tenantId: tenant.id,
        code: code('fac'),
        names: JSON.stringify({ ja: overrides.name ?? 'テスト市民センター', en: 'Test Community Centre' }),
        address: 'デモ市本町1-1',
        closedWeekdays: overrides.closedWeekdays ?? [],
        isClosedOnHolidays: overrides.isClosedOnHolidays ?? false,
        isClosedYearEnd: overrides.isClosedYearEnd ?? true,
      })
      .returningAll()
      .executeTakeFirstOrThrow(),
  )
}

export type TestResourceOptions = Partial<Omit<Insertable<ReservationResourcesTable>, 'tenantId' | 'facilityId' | 'names'>> & {
  facilityId?: string
  name?: string
  /** one fee rule over the whole day (0 = free, the default) */
  residentFeeYen?: number
  nonResidentFeeYen?: number
}

/** A resource (a space by default) in a new facility unless one is given, with an all-day fee rule. */
export async function createTestResource(platform: Platform, tenant: TenantContext, options: TestResourceOptions = {}): Promise<Resource> {
  const { facilityId: givenFacility, name, residentFeeYen = 0, nonResidentFeeYen, ...columns } = options
  const facilityId = givenFacility ?? (await createTestFacility(platform, tenant)).id
  return withTenant(platform.database.db, tenant.id, async trx => {
    const db = reservationsDb(trx)
    const resource = await db
      .insertInto('reservationResources')
      .values({
        tenantId: tenant.id,
        facilityId,
        code: code('res'),
        kind: 'space',
        category: 'meeting-room',
        names: JSON.stringify({ ja: name ?? '会議室A', en: 'Meeting room A' }),
        capacityPeople: 20,
        ...columns,
      })
      .returningAll()
      .executeTakeFirstOrThrow()
    await db
      .insertInto('reservationFeeRules')
      .values({ tenantId: tenant.id, resourceId: resource.id, bandStart: '00:00', bandEnd: '23:59', residentFeeYen, nonResidentFeeYen: nonResidentFeeYen ?? residentFeeYen })
      .execute()
    return resource
  })
}

export interface TestSlotSpec {
  /** Tokyo date; default: `daysAhead` days from today */
  date?: string
  daysAhead?: number
  start?: string
  end?: string
  capacity?: number
  lotteryId?: string
}

/** Slots inserted directly (as generateSlots would make them), remaining = capacity. */
export async function createTestSlots(platform: Platform, tenant: TenantContext, resourceId: string, specs: TestSlotSpec[]): Promise<Slot[]> {
  return withTenant(platform.database.db, tenant.id, async trx => {
    const slots: Slot[] = []
    for (const spec of specs) {
      const date = spec.date ?? addCalendarDays(tokyoDate(new Date()), spec.daysAhead ?? 7)
      const capacity = spec.capacity ?? 1
      slots.push(
        await reservationsDb(trx)
          .insertInto('reservationSlots')
          .values({ tenantId: tenant.id, resourceId, startsAt: tokyoInstant(date, spec.start ?? '09:00'), endsAt: tokyoInstant(date, spec.end ?? '12:00'), capacity, remaining: capacity, lotteryId: spec.lotteryId ?? null, source: 'manual' })
          .returningAll()
          .executeTakeFirstOrThrow(),
      )
    }
    return slots
  })
}

/** One resource with one slot `daysAhead` days out: the smallest thing a booking test needs. */
export async function createTestSlot(platform: Platform, tenant: TenantContext, options: TestResourceOptions & TestSlotSpec = {}): Promise<{ resource: Resource; slot: Slot }> {
  const { date, daysAhead, start, end, capacity, lotteryId, ...resourceOptions } = options
  const resource = await createTestResource(platform, tenant, resourceOptions)
  const [slot] = await createTestSlots(platform, tenant, resource.id, [{ date, daysAhead, start, end, capacity, lotteryId }])
  if (!slot) throw new Error('no slot created')
  return { resource, slot }
}
