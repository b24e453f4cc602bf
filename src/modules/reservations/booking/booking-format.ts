/** How the booking pages and the permit write names, dates, times and money. */
import { toDayOfWeek } from '../../../jp/calendar-date.js'
import type { Locale, Translate } from '../../../platform/i18n/i18n.js'
import type { LocalizedText } from '../reservation-tables.js'
import { tokyoDate, tokyoTime } from '../reservation-time.js'

/** The name in the reader's language, falling back to Japanese. */
export function localized(names: Partial<LocalizedText> | undefined, locale: Locale): string {
  if (!names) return ''
  return names[locale] || names.ja || ''
}

/** '2026年12月1日(火)' / '2026-12-01 (Tue)' for a Tokyo date. */
export function formatSlotDate(date: string, t: Translate, locale: Locale): string {
  const weekday = t(`reservations.weekday.${toDayOfWeek(date)}`)
  if (locale === 'en') return `${date} (${weekday})`
  const [y, m, d] = date.split('-').map(Number)
  return `${y}年${m}月${d}日(${weekday})`
}

/** '2026年12月1日(火) 09:00〜12:00' in Tokyo time. */
export function formatSlotRange(startsAt: Date, endsAt: Date, t: Translate, locale: Locale): string {
  return `${formatSlotDate(tokyoDate(startsAt), t, locale)} ${tokyoTime(startsAt)}〜${tokyoTime(endsAt)}`
}

/** A moment on the Tokyo clock: '2026年12月1日(火) 18:00'. */
export function formatMoment(instant: Date, t: Translate, locale: Locale): string {
  return `${formatSlotDate(tokyoDate(instant), t, locale)} ${tokyoTime(instant)}`
}

/** '3,000円' / '¥3,000'; 0 is '無料' / 'Free'. */
export function formatYen(amount: number, t: Translate, options: { zeroAsFree?: boolean } = {}): string {
  if (amount === 0 && options.zeroAsFree !== false) return t('reservations.free')
  return t('reservations.yen', { amount: amount.toLocaleString('ja-JP') })
}
