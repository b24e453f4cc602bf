/** How the search pages write names, dates, times and money in the visitor's language (pure). */
import { toDayOfWeek } from '../../../jp/calendar-date.js'
import type { Locale, Translate } from '../../../platform/i18n/i18n.js'
import type { LocalizedText } from '../reservation-tables.js'
import type { ClosedReason } from './availability.js'

/** The text in the visitor's language, else Japanese (always present). */
export function localized(texts: Partial<LocalizedText> | undefined, locale: Locale): string {
  if (!texts) return ''
  return texts[locale] || texts.ja || ''
}

const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** '4月1日(火)' / 'Tue 1 Apr'. */
export function formatDay(date: string, t: Translate, locale: Locale): string {
  const month = Number(date.slice(5, 7))
  const day = Number(date.slice(8, 10))
  const weekday = t(`reservations.weekday.${toDayOfWeek(date)}`)
  if (locale === 'en') return `${weekday} ${day} ${EN_MONTHS[month - 1] ?? ''}`
  return `${month}月${day}日(${weekday})`
}

/** '2025年4月1日(火)' / 'Tue 1 Apr 2025'. */
export function formatDayWithYear(date: string, t: Translate, locale: Locale): string {
  const year = date.slice(0, 4)
  return locale === 'en' ? `${formatDay(date, t, locale)} ${year}` : `${year}年${formatDay(date, t, locale)}`
}

/** Times as the Tokyo clock shows them, '9:00' rather than '09:00'. */
export function formatTime(time: string): string {
  const [hours = '0', minutes = '00'] = time.split(':')
  return `${Number(hours)}:${minutes.padStart(2, '0')}`
}

export function formatTimeRange(start: string, end: string): string {
  return `${formatTime(start)}–${formatTime(end)}`
}

/** '1,200円' / '¥1,200', or 無料 for 0. */
export function formatYen(amount: number, t: Translate): string {
  return amount === 0 ? t('reservations.free') : t('reservations.yen', { amount: amount.toLocaleString('ja-JP') })
}

/** An equipment code's name; a code the catalog does not know is shown as it is. */
export function equipmentLabel(code: string, t: Translate): string {
  const key = `reservations.search.equipment.${code}`
  const label = t(key)
  return label === key ? code : label
}

/** Why a date is closed, in words: '臨時休館(工事のため)', '年末年始', '祝日(成人の日)', '定休日'. */
export function closedReasonText(reason: ClosedReason | undefined, t: Translate, locale: Locale): string {
  if (!reason) return t('reservations.closed')
  switch (reason.kind) {
    case 'closure': {
      const text = localized(reason.reasons, locale)
      return text ? t('reservations.search.closedFor', { reason: text }) : t('reservations.search.closedSpecial')
    }
    case 'year-end':
      return t('reservations.search.closedYearEnd')
    case 'holiday':
      return t('reservations.search.closedHoliday', { name: reason.name })
    case 'weekday':
      return t('reservations.search.closedWeekday')
  }
}
