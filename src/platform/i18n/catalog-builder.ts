import type { CatalogSet } from './i18n.js'

/** key → [日本語, やさしい日本語, English]; one row per message keeps the three complete. */
export type Messages = Record<string, [string, string, string]>

export function buildCatalog(messages: Messages): CatalogSet {
  const pick = (index: 0 | 1 | 2) => Object.fromEntries(Object.entries(messages).map(([key, texts]) => [key, texts[index]]))
  return { ja: pick(0), 'ja-easy': pick(1), en: pick(2) }
}
