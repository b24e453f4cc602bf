/**
 * What the lottery tells residents, through the notify port (inbox + email, or the notifications
 * hub's channels): the result of each entry at publication, and the opening of the second round.
 * Sent in the caller's transaction; each idempotency key delivers once.
 */
import { defineNotificationTemplate } from '../../../platform/notify/notify.js'
import type { Executor } from '../../../platform/db/tenant-context.js'
import type { TenantContext } from '../../../platform/tenancy/tenant-service.js'
import type { ReservationDeps } from '../reservation-deps.js'
import type { LocalizedText, Lottery } from '../reservation-tables.js'
import { tokyoDate, tokyoTime } from '../reservation-time.js'

export const lotteryWonTemplate = defineNotificationTemplate({
  id: 'reservations.lottery.won',
  subjectKey: 'reservations.lottery.notice.won.subject',
  bodyKey: 'reservations.lottery.notice.won.body',
  channels: ['inbox', 'email'],
})

export const lotteryLostTemplate = defineNotificationTemplate({
  id: 'reservations.lottery.lost',
  subjectKey: 'reservations.lottery.notice.lost.subject',
  bodyKey: 'reservations.lottery.notice.lost.body',
  channels: ['inbox', 'email'],
})

export const lotterySecondRoundTemplate = defineNotificationTemplate({
  id: 'reservations.lottery.second-round',
  subjectKey: 'reservations.lottery.notice.secondRound.subject',
  bodyKey: 'reservations.lottery.notice.secondRound.body',
  channels: ['inbox', 'email'],
})

/** '2025/06/01 09:00' on the Tokyo clock: the same text reads in every UI language. */
export function noticeDateTime(instant: Date): string {
  return `${tokyoDate(instant).replace(/-/g, '/')} ${tokyoTime(instant)}`
}

/** Placeholders every lottery notice can use, in each language (the templates pick theirs). */
function lotteryData(lottery: Lottery, resourceNames: LocalizedText): Record<string, string> {
  return {
    title: lottery.titles.ja,
    titleEasy: lottery.titles['ja-easy'] ?? lottery.titles.ja,
    titleEn: lottery.titles.en ?? lottery.titles.ja,
    resource: resourceNames.ja,
    resourceEasy: resourceNames['ja-easy'] ?? resourceNames.ja,
    resourceEn: resourceNames.en ?? resourceNames.ja,
  }
}

export interface ResultNotice {
  residentId: string
  entryId: string
  slot: { startsAt: Date; endsAt: Date }
  /** the win's booking, for the winner's link */
  reservationId?: string
  confirmBy?: Date
}

/** One notice per entry: 当選 with the deadline and a link to confirm, or 落選 with the second round's date. */
export async function sendResultNotice(trx: Executor, deps: ReservationDeps, tenant: TenantContext, lottery: Lottery, resourceNames: LocalizedText, notice: ResultNotice): Promise<void> {
  const data = {
    ...lotteryData(lottery, resourceNames),
    slot: `${noticeDateTime(notice.slot.startsAt)}–${tokyoTime(notice.slot.endsAt)}`,
    deadline: noticeDateTime(notice.confirmBy ?? lottery.confirmDeadlineAt ?? new Date()),
  }
  const isWinner = notice.reservationId !== undefined
  await deps.platform.notifier.notify(trx, tenant.id, { residentId: notice.residentId }, isWinner ? lotteryWonTemplate : lotteryLostTemplate, data, {
    idempotencyKey: `reservations.lottery-result:${notice.entryId}`,
    linkUrl: isWinner ? `/${tenant.slug}/reservations/my/${notice.reservationId}` : `/${tenant.slug}/reservations/lotteries/${lottery.id}`,
  })
}

/** Tells a resident who did not get (or keep) a seat that the rest is now first-come. */
export async function sendSecondRoundNotice(trx: Executor, deps: ReservationDeps, tenant: TenantContext, lottery: Lottery, resourceNames: LocalizedText, residentId: string): Promise<void> {
  await deps.platform.notifier.notify(trx, tenant.id, { residentId }, lotterySecondRoundTemplate, lotteryData(lottery, resourceNames), {
    idempotencyKey: `reservations.lottery-second-round:${lottery.id}:${residentId}`,
    linkUrl: `/${tenant.slug}/reservations/lotteries/${lottery.id}`,
  })
}
