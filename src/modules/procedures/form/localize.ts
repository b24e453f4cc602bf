import type { Locale } from '../../../platform/i18n/i18n.js'
import type { LocalizedText } from './form-definition.js'

/** Staff-written text in the reader's language, falling back to Japanese. */
export function localize(text: LocalizedText | undefined, locale: Locale): string {
  if (!text) return ''
  return (locale === 'ja' ? text.ja : text[locale]) || text.ja
}
