/**
 * Demo bookings of デモ市 (after the setup demo): upcoming confirmed bookings of the test-card
 * residents (a paid meeting room, a group booking with its 減免, a free counter visit), and three
 * weeks of past bookings on the civic centre's rooms — checked in, no-shows, cancellations and
 * expired holds — so that the desk's utilisation report has figures. Past slots are inserted as
 * they would have been generated then, with their remaining seats matching the live bookings.
 * Deterministic: the same pattern every time (no randomness beyond references and codes).
 */
import type { Transaction } from 'kysely'
import type { Database } from '../../../platform/db/schema.js'
import { addCalendarDays, toDayOfWeek } from '../../../jp/calendar-date.js'
import { reservationsDb, type ReservationStatus, type Resource, type Slot } from '../reservation-tables.js'
import { newCheckInCode, newReservationReference } from '../reservation-reference.js'
import { tokyoDate, tokyoInstant } from '../reservation-time.js'
import { takeSeats } from '../seats/slot-seats.js'
import type { SetupDemo } from '../setup/setup-demo.js'
import { computeFee } from './booking-rules.js'

type Trx = Transaction<Database>

const DEMO_SUBJECTS = ['dev-card-yamada-taro', 'dev-card-yoshida-hanako', 'dev-card-sato-kenichi', 'dev-card-takahashi-yoshi'] as const
const PAST_DAYS = 21
const ROOM_BANDS = [
  { start: '09:00', end: '12:00' },
  { start: '13:00', end: '17:00' },
  { start: '18:00', end: '21:00' },
]
/** What became of the past bookings, in a repeating pattern (mostly used, some no-shows and cancellations). */
const PAST_OUTCOMES: (ReservationStatus | null)[] = ['checked_in', null, 'checked_in', 'checked_in', 'no_show', null, 'checked_in', 'cancelled', 'checked_in', null, 'checked_in', 'expired', 'checked_in', 'no_show', null]

interface DemoResident {
  id: string
  name: string
}

export async function seedBookingDemo(trx: Transaction<Database>, tenantId: string, setup: SetupDemo, now: Date): Promise<void> {
  const db = reservationsDb(trx)
  const identities = await trx
    .selectFrom('residentIdentities as i')
    .innerJoin('residents as r', join => join.onRef('r.tenantId', '=', 'i.tenantId').onRef('r.id', '=', 'i.residentId'))
    .select(['i.subject', 'r.id', 'r.displayName'])
    .where('i.tenantId', '=', tenantId)
    .where('i.subject', 'in', [...DEMO_SUBJECTS])
    .execute()
  const residents: DemoResident[] = DEMO_SUBJECTS.map(subject => identities.find(i => i.subject === subject)).flatMap(row => (row ? [{ id: row.id, name: row.displayName || 'デモ 住民' }] : []))
  if (residents.length === 0) return
  const resourceIds = ['meeting-a', 'meeting-b', 'washitsu', 'counter-visit'].map(code => setup.resources[code])
  if (resourceIds.some(id => id === undefined)) return // the setup demo is not there: nothing to book on
  const resources = await db.selectFrom('reservationResources').selectAll().where('tenantId', '=', tenantId).execute()
  const byCode = (code: string) => resources.find(r => r.code === code)

  await seedUpcoming(trx, tenantId, now, residents, byCode)
  for (const code of ['meeting-a', 'meeting-b', 'washitsu']) {
    const resource = byCode(code)
    if (resource) await seedPast(trx, tenantId, now, resource, residents)
  }
}

async function feeOf(trx: Trx, tenantId: string, resource: Resource, slot: Slot, options: { purposePercent?: number; purposeCode?: string; exemptionCode?: string; exemptionPercentOff?: number } = {}) {
  const rules = await reservationsDb(trx).selectFrom('reservationFeeRules').selectAll().where('tenantId', '=', tenantId).where('resourceId', '=', resource.id).execute()
  return computeFee({ startsAt: slot.startsAt, endsAt: slot.endsAt, rules, isResidentRate: true, ...options })
}

/** The first open slot of a resource at least `daysAhead` days out, with a seat left and no lottery. */
async function firstOpenSlot(trx: Trx, tenantId: string, resourceId: string, now: Date, daysAhead: number): Promise<Slot | undefined> {
  return reservationsDb(trx)
    .selectFrom('reservationSlots')
    .selectAll()
    .where('tenantId', '=', tenantId)
    .where('resourceId', '=', resourceId)
    .where('status', '=', 'open')
    .where('remaining', '>=', 1)
    .where('lotteryId', 'is', null)
    .where('startsAt', '>=', tokyoInstant(addCalendarDays(tokyoDate(now), daysAhead), '00:00'))
    .orderBy('startsAt')
    .limit(1)
    .executeTakeFirst()
}

async function seedUpcoming(trx: Trx, tenantId: string, now: Date, residents: DemoResident[], byCode: (code: string) => Resource | undefined): Promise<void> {
  const db = reservationsDb(trx)
  const plans: { code: string; daysAhead: number; resident: DemoResident | undefined; partySize: number; purposeCode?: string; exemptionCode?: string; groupName?: string; isPaid: boolean }[] = [
    { code: 'meeting-a', daysAhead: 5, resident: residents[0], partySize: 12, purposeCode: 'general', isPaid: true },
    { code: 'washitsu', daysAhead: 9, resident: residents[2], partySize: 10, purposeCode: 'general', exemptionCode: 'disability-group', groupName: 'ひまわり障害者福祉会', isPaid: true },
    { code: 'counter-visit', daysAhead: 3, resident: residents[3], partySize: 1, isPaid: false },
    { code: 'meeting-b', daysAhead: 12, resident: residents[1], partySize: 6, purposeCode: 'general', exemptionCode: 'school-event', isPaid: false },
  ]
  for (const plan of plans) {
    const resource = byCode(plan.code)
    if (!resource || !plan.resident) continue
    const slot = await firstOpenSlot(trx, tenantId, resource.id, now, plan.daysAhead)
    if (!slot) continue
    const purpose = plan.purposeCode ? await db.selectFrom('reservationPurposes').selectAll().where('tenantId', '=', tenantId).where('code', '=', plan.purposeCode).executeTakeFirst() : undefined
    const exemption = plan.exemptionCode ? await db.selectFrom('reservationFeeExemptions').selectAll().where('tenantId', '=', tenantId).where('code', '=', plan.exemptionCode).executeTakeFirst() : undefined
    const group = plan.groupName ? await db.selectFrom('reservationGroups').selectAll().where('tenantId', '=', tenantId).where('name', '=', plan.groupName).where('status', '=', 'approved').executeTakeFirst() : undefined
    if (plan.exemptionCode && (!exemption || (exemption.isGroupOnly && !group))) continue
    const fee = await feeOf(trx, tenantId, resource, slot, { purposeCode: purpose?.code, purposePercent: purpose?.feePercent, exemptionCode: exemption?.code, exemptionPercentOff: exemption?.percentOff })
    const taken = await takeSeats(trx, tenantId, slot.id, 1)
    if (!taken) continue
    const bookedAt = new Date(now.getTime() - 2 * 86_400_000)
    await db
      .insertInto('reservations')
      .values({
        tenantId,
        reference: newReservationReference(),
        slotId: slot.id,
        resourceId: resource.id,
        residentId: plan.resident.id,
        groupId: group?.id ?? null,
        applicantName: plan.resident.name,
        partySize: resource.kind === 'space' ? Math.min(plan.partySize, resource.capacityPeople) : plan.partySize,
        seats: 1,
        purposeCode: purpose?.code ?? null,
        exemptionCode: exemption?.code ?? null,
        isResidentRate: true,
        feeYen: fee.totalYen,
        feeBreakdown: JSON.stringify(fee),
        status: 'confirmed',
        // Paid at the facility counter before the demo began (no payments row: the receipt predates the system).
        paymentMethod: fee.totalYen > 0 ? 'counter' : 'none',
        paidAt: fee.totalYen > 0 && plan.isPaid ? bookedAt : null,
        confirmedAt: bookedAt,
        channel: 'web',
        checkInCode: newCheckInCode(),
      })
      .execute()
  }
}

/** Three weeks of past bookings on a room, slot by slot, following PAST_OUTCOMES. */
async function seedPast(trx: Trx, tenantId: string, now: Date, resource: Resource, residents: DemoResident[]): Promise<void> {
  const db = reservationsDb(trx)
  const facility = await db.selectFrom('reservationFacilities').select(['closedWeekdays']).where('tenantId', '=', tenantId).where('id', '=', resource.facilityId).executeTakeFirst()
  const today = tokyoDate(now)
  let index = resource.code.length // a different phase per room
  for (let daysAgo = PAST_DAYS; daysAgo >= 1; daysAgo--) {
    const date = addCalendarDays(today, -daysAgo)
    if (facility?.closedWeekdays.includes(toDayOfWeek(date))) continue
    for (const band of ROOM_BANDS) {
      const outcome = PAST_OUTCOMES[index++ % PAST_OUTCOMES.length] ?? null
      const isLive = outcome === 'checked_in' || outcome === 'no_show'
      const slot = await db
        .insertInto('reservationSlots')
        .values({ tenantId, resourceId: resource.id, startsAt: tokyoInstant(date, band.start), endsAt: tokyoInstant(date, band.end), capacity: 1, remaining: isLive ? 0 : 1, source: 'template' })
        .onConflict(oc => oc.doNothing())
        .returningAll()
        .executeTakeFirst()
      if (!slot || !outcome) continue
      const resident = residents[index % residents.length]
      if (!resident) continue
      const fee = await feeOf(trx, tenantId, resource, slot, { purposeCode: 'general', purposePercent: 100 })
      const bookedAt = new Date(slot.startsAt.getTime() - ((index % 9) + 3) * 86_400_000)
      await db
        .insertInto('reservations')
        .values({
          tenantId,
          reference: newReservationReference(),
          slotId: slot.id,
          resourceId: resource.id,
          residentId: resident.id,
          applicantName: resident.name,
          partySize: Math.max(1, Math.min(resource.capacityPeople, 3 + (index % 6))),
          seats: 1,
          purposeCode: 'general',
          isResidentRate: true,
          feeYen: fee.totalYen,
          feeBreakdown: JSON.stringify(fee),
          status: outcome,
          paymentMethod: outcome === 'expired' ? 'none' : fee.totalYen > 0 ? 'counter' : 'none',
          paidAt: outcome === 'checked_in' || outcome === 'no_show' ? bookedAt : null,
          holdExpiresAt: outcome === 'expired' ? new Date(bookedAt.getTime() + 10 * 60_000) : null,
          confirmedAt: outcome === 'expired' ? null : bookedAt,
          checkedInAt: outcome === 'checked_in' ? new Date(slot.startsAt.getTime() - 5 * 60_000) : null,
          noShowAt: outcome === 'no_show' ? slot.endsAt : null,
          cancelledAt: outcome === 'cancelled' ? new Date(slot.startsAt.getTime() - 4 * 86_400_000) : null,
          cancelledBy: outcome === 'cancelled' ? 'resident' : null,
          expiredAt: outcome === 'expired' ? new Date(bookedAt.getTime() + 10 * 60_000) : null,
          channel: index % 5 === 0 ? 'phone' : 'web',
          checkInCode: newCheckInCode(),
        })
        .execute()
    }
  }
}
