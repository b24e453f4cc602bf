import type { Locale } from '../i18n/i18n.js'
import { formatWareki } from '../../jp/wareki.js'

const dateTime = {
  ja: new Intl.DateTimeFormat('ja-JP', { timeZone: 'Asia/Tokyo', dateStyle: 'medium', timeStyle: 'short' }),
  en: new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Tokyo', dateStyle: 'medium', timeStyle: 'short' }),
}

/** Times are stored in UTC and always shown in Japan time. */
export function formatDateTime(value: Date | string, locale: Locale): string {
  return (locale === 'en' ? dateTime.en : dateTime.ja).format(new Date(value))
}

/** A calendar date ('YYYY-MM-DD') with its 和暦 beside it for Japanese readers. */
export function formatDate(value: string, locale: Locale): string {
  if (locale === 'en') return value
  const [y, m, d] = value.split('-').map(Number)
  return `${y}年${m}月${d}日(${formatWareki(value)})`
}
