/**
 * Vacancy search: which resources have open seats when. Shared by the public pages and
 * `GET /api/v1/{tenant}/availability`.
 *
 * Two queries whatever the number of resources or slots (no N+1): the matching resources with
 * their facility, fee rules and the closure rows that touch the range (aggregated as JSON), then
 * every open slot of those resources in the range with its lottery's status. Closed dates come
 * from the setup area's pure closure rules; fees from the booking area's fee computation.
 *
 * The executor must be a tenant transaction (`withTenant`): row-level security applies, and the
 * tenant id is compared as well.
 */
import { sql, type Kysely } from 'kysely'
import { jsonArrayFrom } from 'kysely/helpers/postgres'
import { addCalendarDays, findIsoDateParts } from '../../../jp/calendar-date.js'
import { AppError } from '../../../platform/errors.js'
import type { Database } from '../../../platform/db/schema.js'
import type { Executor } from '../../../platform/db/tenant-context.js'
import { computeFee, type FeeRuleInput } from '../booking/index.js'
import { reservationsDb, type BookingMode, type DayKind, type LocalizedText, type ResourceCategory, type ResourceKind } from '../reservation-tables.js'
import { UUID_PATTERN } from '../reservation-request.js'
import { tokyoDate, tokyoInstant } from '../reservation-time.js'
import { closedReason } from '../setup/index.js'
import { datesOfRange, MAX_SEARCH_DAYS, slotMode } from './availability-rules.js'

export { datesOfRange, MAX_SEARCH_DAYS, slotMode } from './availability-rules.js'

export interface AvailabilityQuery {
  /** first Tokyo date, 'YYYY-MM-DD' */
  from: string
  /** how many days from `from` (1–31) */
  days: number
  kind?: ResourceKind
  category?: ResourceCategory
  facilityId?: string
  resourceId?: string
  /** people the space must hold */
  capacity?: number
  /** every one of these equipment codes */
  equipment?: string[]
  /** only slots with at least this many seats left (default: all slots, full ones too) */
  minRemaining?: number
}

export interface AvailableSlot {
  slotId: string
  startsAt: Date
  endsAt: Date
  capacity: number
  remaining: number
  /** 'lottery' while the slot's lottery is not yet in its second round */
  mode: BookingMode
  lotteryId: string | null
  /** resident-rate fee of the slot for the general purpose, before exemptions */
  residentFeeYen: number
  nonResidentFeeYen: number
}

export interface ResourceAvailability {
  resourceId: string
  resourceCode: string
  resourceNames: LocalizedText
  kind: ResourceKind
  category: ResourceCategory
  capacityPeople: number
  equipment: string[]
  facilityId: string
  facilityNames: LocalizedText
  /** Tokyo dates in the range the resource is closed (休館日, holidays, closures) */
  closedDates: string[]
  slots: AvailableSlot[]
}

/** RESERVATIONS.INVALID_SEARCH: the search's date, period or filters are not valid. */
export const invalidSearch = () => new AppError('BAD_REQUEST', 'RESERVATIONS.INVALID_SEARCH', 'reservations.search.error.invalid')

interface FeeRuleRow {
  dayKind: DayKind
  bandStart: string
  bandEnd: string
  residentFeeYen: number
  nonResidentFeeYen: number
}

interface ClosureJsonRow {
  id: string
  reasons: Partial<LocalizedText>
  facilityId: string | null
  resourceId: string | null
  startsOn: string
  endsOn: string
}

/** Callers validate their own input (with their own messages); this guard keeps a bad query a 400, never a 500. */
function assertValidQuery(query: AvailabilityQuery): void {
  const isWhole = (value: number | undefined, min: number, max: number) => value === undefined || (Number.isInteger(value) && value >= min && value <= max)
  const isUuid = (value: string | undefined) => value === undefined || UUID_PATTERN.test(value)
  if (
    typeof query.from !== 'string' ||
    !findIsoDateParts(query.from) ||
    !isWhole(query.days, 1, MAX_SEARCH_DAYS) ||
    !isWhole(query.capacity, 0, 100000) ||
    !isWhole(query.minRemaining, 0, 100000) ||
    !isUuid(query.facilityId) ||
    !isUuid(query.resourceId) ||
    (query.equipment !== undefined && (!Array.isArray(query.equipment) || query.equipment.some(code => typeof code !== 'string')))
  )
    throw invalidSearch()
}

/** Why a date is closed (the setup area's closure rules). */
export type ClosedReason = NonNullable<ReturnType<typeof closedReason>>

/** What the public pages show besides: why each closed date is closed. */
export interface ResourceAvailabilityWithReasons extends ResourceAvailability {
  /** closed date → why (closure row, 年末年始, national holiday, regular closed weekday) */
  closedReasons: Record<string, ClosedReason>
}

/**
 * Resources matching the query (active, in an active facility) and the slots of the range on
 * their open days. Slots that have already started, slots staff closed and slots on closed dates
 * (a closure added after the slots were generated: booking refuses them) are left out. Order:
 * facility, resource (sort order, then code), slots by start.
 */
export async function findAvailability(executor: Executor, tenantId: string, query: AvailabilityQuery, now: Date = new Date()): Promise<ResourceAvailability[]> {
  const found = await findAvailabilityWithReasons(executor, tenantId, query, now)
  return found.map(({ closedReasons, ...availability }) => {
    void closedReasons
    return availability
  })
}

/** findAvailability with the reason of each closed date (for the pages). */
export async function findAvailabilityWithReasons(executor: Executor, tenantId: string, query: AvailabilityQuery, now: Date = new Date()): Promise<ResourceAvailabilityWithReasons[]> {
  assertValidQuery(query)
  const days = query.days
  const until = addCalendarDays(query.from, days - 1)
  const rangeStart = tokyoInstant(query.from, '00:00')
  const rangeEnd = tokyoInstant(addCalendarDays(query.from, days), '00:00')
  // Transaction extends Kysely: one typed view for either.
  const db = reservationsDb(executor as Kysely<Database>)
  const equipment = [...new Set(query.equipment ?? [])]

  const resources = await db
    .selectFrom('reservationResources as r')
    .innerJoin('reservationFacilities as f', join => join.onRef('f.tenantId', '=', 'r.tenantId').onRef('f.id', '=', 'r.facilityId'))
    .where('r.tenantId', '=', tenantId)
    .where('r.status', '=', 'active')
    .where('f.status', '=', 'active')
    .$if(query.kind !== undefined, qb => qb.where('r.kind', '=', query.kind as ResourceKind))
    .$if(query.category !== undefined, qb => qb.where('r.category', '=', query.category as ResourceCategory))
    .$if(query.facilityId !== undefined, qb => qb.where('r.facilityId', '=', query.facilityId as string))
    .$if(query.resourceId !== undefined, qb => qb.where('r.id', '=', query.resourceId as string))
    .$if(query.capacity !== undefined, qb => qb.where('r.capacityPeople', '>=', query.capacity as number))
    .$if(equipment.length > 0, qb => qb.where(sql<boolean>`r.equipment @> cast(${equipment} as text[])`))
    .select(eb => [
      'r.id',
      'r.code',
      'r.names',
      'r.kind',
      'r.category',
      'r.capacityPeople',
      'r.equipment',
      'r.facilityId',
      'f.names as facilityNames',
      'f.closedWeekdays',
      'f.isClosedOnHolidays',
      'f.isClosedYearEnd',
      jsonArrayFrom(
        eb
          .selectFrom('reservationFeeRules as fr')
          .select(['fr.dayKind', 'fr.bandStart', 'fr.bandEnd', 'fr.residentFeeYen', 'fr.nonResidentFeeYen'])
          .whereRef('fr.tenantId', '=', 'r.tenantId')
          .whereRef('fr.resourceId', '=', 'r.id'),
      ).as('feeRules'),
      jsonArrayFrom(
        eb
          .selectFrom('reservationClosures as c')
          .select(['c.id', 'c.reasons', 'c.facilityId', 'c.resourceId', 'c.startsOn', 'c.endsOn'])
          .whereRef('c.tenantId', '=', 'r.tenantId')
          .where('c.startsOn', '<=', until)
          .where('c.endsOn', '>=', query.from)
          .where(inner => inner.or([inner.and([inner('c.facilityId', 'is', null), inner('c.resourceId', 'is', null)]), inner('c.facilityId', '=', inner.ref('r.facilityId')), inner('c.resourceId', '=', inner.ref('r.id'))])),
      ).as('closures'),
    ])
    .orderBy('f.sortOrder')
    .orderBy('f.code')
    .orderBy('r.sortOrder')
    .orderBy('r.code')
    .execute()
  if (resources.length === 0) return []

  const slots = await db
    .selectFrom('reservationSlots as s')
    .leftJoin('reservationLotteries as l', join => join.onRef('l.tenantId', '=', 's.tenantId').onRef('l.id', '=', 's.lotteryId'))
    .select(['s.id', 's.resourceId', 's.startsAt', 's.endsAt', 's.capacity', 's.remaining', 's.lotteryId', 'l.status as lotteryStatus'])
    .where('s.tenantId', '=', tenantId)
    .where(
      's.resourceId',
      'in',
      resources.map(resource => resource.id),
    )
    .where('s.status', '=', 'open')
    .where('s.startsAt', '>=', rangeStart)
    .where('s.startsAt', '<', rangeEnd)
    .where('s.startsAt', '>', now)
    .$if(query.minRemaining !== undefined, qb => qb.where('s.remaining', '>=', query.minRemaining as number))
    .orderBy('s.resourceId')
    .orderBy('s.startsAt')
    .execute()

  const slotsByResource = new Map<string, typeof slots>()
  for (const slot of slots) {
    const list = slotsByResource.get(slot.resourceId)
    if (list) list.push(slot)
    else slotsByResource.set(slot.resourceId, [slot])
  }

  const dates = datesOfRange(query.from, days)
  return resources.map(resource => {
    const facility = { id: resource.facilityId, closedWeekdays: resource.closedWeekdays, isClosedOnHolidays: resource.isClosedOnHolidays, isClosedYearEnd: resource.isClosedYearEnd }
    const closures = (resource.closures as ClosureJsonRow[]).map(closure => ({ ...closure, startsOn: String(closure.startsOn).slice(0, 10), endsOn: String(closure.endsOn).slice(0, 10) }))
    const closedReasons: Record<string, ClosedReason> = {}
    for (const date of dates) {
      const reason = closedReason(facility, closures, date, resource.id)
      if (reason) closedReasons[date] = reason
    }
    const closedDates = Object.keys(closedReasons)
    const closed = new Set(closedDates)
    const rules: FeeRuleInput[] = (resource.feeRules as FeeRuleRow[]).map(rule => ({ ...rule, residentFeeYen: Number(rule.residentFeeYen), nonResidentFeeYen: Number(rule.nonResidentFeeYen) }))
    const resourceSlots = (slotsByResource.get(resource.id) ?? [])
      .filter(slot => !closed.has(tokyoDate(new Date(slot.startsAt))))
      .map(slot => {
        const startsAt = new Date(slot.startsAt)
        const endsAt = new Date(slot.endsAt)
        return {
          slotId: slot.id,
          startsAt,
          endsAt,
          capacity: slot.capacity,
          remaining: slot.remaining,
          mode: slotMode(slot.lotteryId, slot.lotteryStatus),
          lotteryId: slot.lotteryId,
          residentFeeYen: computeFee({ startsAt, endsAt, rules, isResidentRate: true }).totalYen,
          nonResidentFeeYen: computeFee({ startsAt, endsAt, rules, isResidentRate: false }).totalYen,
        }
      })
    return {
      resourceId: resource.id,
      resourceCode: resource.code,
      resourceNames: resource.names,
      kind: resource.kind,
      category: resource.category,
      capacityPeople: resource.capacityPeople,
      equipment: resource.equipment,
      facilityId: resource.facilityId,
      facilityNames: resource.facilityNames,
      closedDates,
      slots: resourceSlots,
      closedReasons,
    }
  })
}
