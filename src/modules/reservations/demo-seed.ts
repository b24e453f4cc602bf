/**
 * Demo data for デモ市's reservations, in dependency order: facilities, resources, fees and
 * slots; bookings in every state (past ones checked in or not, for the report); lotteries; a
 * full vaccination slot with its waitlist.
 */
import type { Transaction } from 'kysely'
import type { Database } from '../../platform/db/schema.js'
import { seedSetupDemo } from './setup/setup-demo.js'
import { seedBookingDemo } from './booking/booking-demo.js'
import { seedLotteryDemo } from './lottery/lottery-demo.js'
import { seedWaitlistDemo } from './waitlist/waitlist-demo.js'

export async function seedReservationsDemo(trx: Transaction<Database>, tenantId: string): Promise<void> {
  const now = new Date()
  const setup = await seedSetupDemo(trx, tenantId, now)
  await seedBookingDemo(trx, tenantId, setup, now)
  await seedLotteryDemo(trx, tenantId, setup, now)
  await seedWaitlistDemo(trx, tenantId, setup, now)
}
