/** Small pieces the lottery pages share: names in the reader's language, slot dates, status tags. */
import type { Locale, Translate } from '../../../platform/i18n/i18n.js'
import { Tag, type TagTone } from '../../../platform/views/components/index.js'
import { toCalendarDateParts, toDayOfWeek } from '../../../jp/calendar-date.js'
import type { LocalizedText, LotteryEntryStatus, LotteryStatus, ReservationStatus } from '../reservation-tables.js'
import { tokyoDate, tokyoTime } from '../reservation-time.js'

export function localized(text: Partial<LocalizedText> | undefined, locale: Locale): string {
  return text?.[locale] || text?.ja || ''
}

/** '2025年6月1日(日)' / '2025/6/1 (Sun)' for a Tokyo calendar date. */
export function dateLabel(t: Translate, date: string): string {
  const { year, month, day } = toCalendarDateParts(date)
  return t('reservations.lottery.dateLabel', { year, month, day, weekday: t(`reservations.weekday.${toDayOfWeek(date)}`) })
}

/** A slot's day and time on the Tokyo clock: '2025年6月1日(日) 09:00–12:00'. */
export function slotLabel(t: Translate, slot: { startsAt: Date; endsAt: Date }): string {
  return `${dateLabel(t, tokyoDate(slot.startsAt))} ${tokyoTime(slot.startsAt)}–${tokyoTime(slot.endsAt)}`
}

export function periodLabel(t: Translate, from: string, until: string): string {
  return from === until ? dateLabel(t, from) : t('reservations.lottery.period', { from: dateLabel(t, from), until: dateLabel(t, until) })
}

const LOTTERY_TONES: Record<LotteryStatus, TagTone> = {
  open: 'green',
  closed: 'yellow',
  drawn: 'yellow',
  published: 'blue',
  second_round: 'blue',
  cancelled: 'grey',
}

export function LotteryStatusTag({ t, status }: { t: Translate; status: LotteryStatus }) {
  return <Tag tone={LOTTERY_TONES[status]}>{t(`reservations.lottery.status.${status}`)}</Tag>
}

/**
 * How an entry reads to its resident. Before publication a drawn entry shows only "drawn"; after
 * it, a win follows its booking (to confirm, taken up, or lapsed).
 */
export function residentEntryState(entry: { status: LotteryEntryStatus; reservationStatus: ReservationStatus | null }, lotteryStatus: LotteryStatus): { key: string; tone: TagTone } {
  const isPublished = lotteryStatus === 'published' || lotteryStatus === 'second_round'
  switch (entry.status) {
    case 'entered':
      return { key: 'entered', tone: 'blue' }
    case 'withdrawn':
      return { key: 'withdrawn', tone: 'grey' }
    case 'lost':
      return isPublished ? { key: 'lost', tone: 'grey' } : { key: 'drawn', tone: 'yellow' }
    case 'won':
    case 'confirmed':
    case 'released': {
      if (!isPublished) return { key: 'drawn', tone: 'yellow' }
      const booking = entry.reservationStatus
      if (entry.status === 'released' || booking === 'expired' || booking === 'cancelled') return { key: 'released', tone: 'grey' }
      if (booking === 'won') return { key: 'wonToConfirm', tone: 'red' }
      return { key: 'confirmed', tone: 'green' }
    }
  }
}

export function EntryStateTag({ t, state }: { t: Translate; state: { key: string; tone: TagTone } }) {
  return <Tag tone={state.tone}>{t(`reservations.lottery.entryState.${state.key}`)}</Tag>
}

/** Staff see the stored status as it is (they run the draw before it is public). */
export function StaffEntryStatusTag({ t, status }: { t: Translate; status: LotteryEntryStatus }) {
  const tone: Record<LotteryEntryStatus, TagTone> = { entered: 'blue', withdrawn: 'grey', won: 'green', lost: 'grey', confirmed: 'green', released: 'yellow' }
  return <Tag tone={tone[status]}>{t(`reservations.lottery.entryStatus.${status}`)}</Tag>
}

/** Success banners after a redirect: `?done=<key>` → reservations.lottery.done.<key>. */
export const DONE_KEYS = ['created', 'closed', 'drawn', 'published', 'secondRound', 'entered', 'withdrawn'] as const

export function doneMessage(t: Translate, query: unknown): string | undefined {
  const done = (query as Record<string, unknown> | undefined)?.done
  return typeof done === 'string' && (DONE_KEYS as readonly string[]).includes(done) ? t(`reservations.lottery.done.${done}`) : undefined
}
