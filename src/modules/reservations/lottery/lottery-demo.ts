/**
 * Demo data of the lottery area: an open lottery for next month's slots of the アリーナ (resource
 * code `arena`), taking applications until the day before its first date, with a few entries from
 * デモ市's residents on its first two slots (so the others are still free to enter in a demo).
 * Skipped when the setup demo has no arena or no slots in that month.
 */
import { randomUUID } from 'node:crypto'
import type { Transaction } from 'kysely'
import type { Database } from '../../../platform/db/schema.js'
import { addCalendarDays } from '../../../jp/calendar-date.js'
import type { SetupDemo } from '../setup/setup-demo.js'
import { reservationsDb } from '../reservation-tables.js'
import { tokyoDate, tokyoInstant } from '../reservation-time.js'
import { attachSlots, insertLottery, listLotterySlots } from './lottery-repository.js'

const DAY_MS = 24 * 60 * 60 * 1000

export async function seedLotteryDemo(trx: Transaction<Database>, tenantId: string, setup: SetupDemo, now: Date): Promise<void> {
  const arenaId = setup.resources.arena
  if (!arenaId) return
  const db = reservationsDb(trx)
  const today = tokyoDate(now)
  const [year, month] = today.split('-').map(Number) as [number, number]
  const nextMonth = month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`
  const monthEnd = addCalendarDays(`${addCalendarDays(nextMonth, 32).slice(0, 8)}01`, -1)
  // at least three days to apply, even on the last day of a month
  const soonest = tokyoDate(new Date(now.getTime() + 3 * DAY_MS))
  const slotsFrom = soonest > nextMonth ? soonest : nextMonth
  if (slotsFrom > monthEnd) return
  const [, slotMonth] = slotsFrom.split('-').map(Number) as [number, number]
  const lottery = await insertLottery(trx, {
    tenantId,
    titles: JSON.stringify({ ja: `${slotMonth}月分 総合体育館アリーナ 抽選`, 'ja-easy': `${slotMonth}がつ の アリーナ の ちゅうせん`, en: `Sports hall arena — draw for month ${slotMonth}` }),
    resourceId: arenaId,
    slotsFrom,
    slotsUntil: monthEnd,
    applicationsOpenAt: new Date(now.getTime() - 3 * DAY_MS),
    applicationsCloseAt: tokyoInstant(addCalendarDays(slotsFrom, -1), '17:00'),
    maxEntriesPerApplicant: 3,
    confirmHours: 72,
  })
  const attached = await attachSlots(trx, tenantId, lottery.id, arenaId, tokyoInstant(slotsFrom, '00:00'), tokyoInstant(addCalendarDays(monthEnd, 1), '00:00'))
  if (attached === 0) {
    await db.deleteFrom('reservationLotteries').where('tenantId', '=', tenantId).where('id', '=', lottery.id).execute()
    return
  }
  const slots = await listLotterySlots(trx, tenantId, lottery.id)
  const arena = await db.selectFrom('reservationResources').select('capacityPeople').where('tenantId', '=', tenantId).where('id', '=', arenaId).executeTakeFirst()
  const partySize = Math.min(10, arena?.capacityPeople ?? 1)
  const residents = await db.selectFrom('residents').select('id').where('tenantId', '=', tenantId).orderBy('id').limit(4).execute()
  const plan: [number, number][] = [
    [0, 0],
    [0, 1],
    [0, 2],
    [0, 3],
    [1, 0],
    [1, 2],
  ]
  for (const [slotIndex, residentIndex] of plan) {
    const slot = slots[slotIndex]
    const resident = residents[residentIndex]
    if (!slot || !resident) continue
    await db
      .insertInto('reservationLotteryEntries')
      .values({ tenantId, lotteryId: lottery.id, slotId: slot.id, residentId: resident.id, partySize, idempotencyKey: randomUUID() })
      .execute()
  }
}
