/**
 * Demo data of the waitlist area: one full テニスコート slot a few days ahead (a sequential
 * waitlist) with 𠮷田 花子 waiting for it. If the booking demo already filled such a slot it is
 * used; otherwise one is filled with a confirmed booking of 佐藤 健一 paid at the counter. Skipped
 * when the setup demo's tennis court or the test-card residents are absent.
 */
import type { Transaction } from 'kysely'
import type { Database } from '../../../platform/db/schema.js'
import { newCheckInCode, newReservationReference } from '../reservation-reference.js'
import { reservationsDb, type FeeBreakdown, type Slot } from '../reservation-tables.js'
import { minutesOfDay, tokyoTime } from '../reservation-time.js'
import { takeSeats } from '../seats/slot-seats.js'
import type { SetupDemo } from '../setup/setup-demo.js'

const DAY_MS = 24 * 60 * 60 * 1000

export async function seedWaitlistDemo(trx: Transaction<Database>, tenantId: string, setup: SetupDemo, now: Date): Promise<void> {
  const resourceId = setup.resources['tennis']
  if (!resourceId) return
  const db = reservationsDb(trx)
  const identities = await trx.selectFrom('residentIdentities').select(['residentId', 'subject']).where('tenantId', '=', tenantId).where('provider', '=', 'digital-auth-app').execute()
  const residentOf = (subject: string) => identities.find(identity => identity.subject === subject)?.residentId
  const waiter = residentOf('dev-card-yoshida-hanako')
  const holder = residentOf('dev-card-sato-kenichi')
  if (!waiter || !holder) return

  const slots = await db
    .selectFrom('reservationSlots')
    .selectAll()
    .where('tenantId', '=', tenantId)
    .where('resourceId', '=', resourceId)
    .where('status', '=', 'open')
    .where('lotteryId', 'is', null)
    .where('startsAt', '>=', new Date(now.getTime() + 3 * DAY_MS))
    .where('startsAt', '<', new Date(now.getTime() + 20 * DAY_MS))
    .orderBy('startsAt')
    .execute()
  const booked = await db.selectFrom('reservations').select(['slotId', 'residentId']).where('tenantId', '=', tenantId).where('resourceId', '=', resourceId).execute()
  const isUsable = (slot: Slot) => !booked.some(b => b.slotId === slot.id && b.residentId === waiter)
  let slot = slots.find(s => s.remaining === 0 && isUsable(s))
  if (!slot) {
    const free = slots.find(s => s.remaining === s.capacity && isUsable(s))
    if (!free || !(await takeSeats(trx, tenantId, free.id, free.capacity))) return
    slot = free
    const fee = await residentFee(trx, tenantId, resourceId, slot)
    await db
      .insertInto('reservations')
      .values({
        tenantId,
        reference: newReservationReference(),
        slotId: slot.id,
        resourceId,
        residentId: holder,
        applicantName: '佐藤　健一',
        partySize: 4,
        seats: slot.capacity,
        purposeCode: 'general',
        isResidentRate: true,
        feeYen: fee.totalYen,
        feeBreakdown: JSON.stringify(fee),
        status: 'confirmed',
        paymentMethod: 'counter',
        paidAt: new Date(now.getTime() - DAY_MS),
        channel: 'web',
        checkInCode: newCheckInCode(),
        confirmedAt: new Date(now.getTime() - DAY_MS),
      })
      .execute()
  }
  await db.insertInto('reservationWaitlistEntries').values({ tenantId, slotId: slot.id, resourceId, residentId: waiter, partySize: 2, createdAt: new Date(now.getTime() - 60 * 60 * 1000) }).execute()
}

/** The resident fee of the slot: each fee band prorated by the minutes the slot overlaps it. */
async function residentFee(trx: Transaction<Database>, tenantId: string, resourceId: string, slot: Slot): Promise<FeeBreakdown> {
  const rules = await reservationsDb(trx).selectFrom('reservationFeeRules').selectAll().where('tenantId', '=', tenantId).where('resourceId', '=', resourceId).where('dayKind', '=', 'all').execute()
  const start = minutesOfDay(tokyoTime(slot.startsAt))
  const end = minutesOfDay(tokyoTime(slot.endsAt))
  const bands = rules.flatMap(rule => {
    const bandStart = minutesOfDay(rule.bandStart)
    const bandEnd = minutesOfDay(rule.bandEnd)
    const minutes = Math.max(0, Math.min(end, bandEnd) - Math.max(start, bandStart))
    return minutes > 0 ? [{ bandStart: rule.bandStart.slice(0, 5), bandEnd: rule.bandEnd.slice(0, 5), minutes, yen: Math.floor((rule.residentFeeYen * minutes) / (bandEnd - bandStart)) }] : []
  })
  const baseYen = bands.reduce((sum, band) => sum + band.yen, 0)
  return { bands, baseYen, isResidentRate: true, purposeCode: 'general', purposePercent: 100, exemptionPercentOff: 0, totalYen: baseYen }
}
