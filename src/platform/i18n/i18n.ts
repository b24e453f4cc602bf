/**
 * Message catalogs per module; Japanese is the source, やさしい日本語 (ja-easy) and English are
 * complete for every foundation page (a unit test compares the key sets).
 */
export const LOCALES = ['ja', 'ja-easy', 'en'] as const
export type Locale = (typeof LOCALES)[number]

export type Catalog = Record<string, string>
export type CatalogSet = Record<Locale, Catalog>
export type Translate = (key: string, params?: Record<string, string | number>) => string

const catalogs: Record<Locale, Map<string, string>> = { ja: new Map(), 'ja-easy': new Map(), en: new Map() }

/** Registers a module's catalogs; duplicate keys across modules are a programming error. */
export function registerCatalog(set: CatalogSet): void {
  for (const locale of LOCALES) {
    for (const [key, value] of Object.entries(set[locale])) {
      if (catalogs[locale].has(key) && catalogs[locale].get(key) !== value) throw new Error(`duplicate message key ${key}`)
      catalogs[locale].set(key, value)
    }
  }
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value)
}

/** Builds `t` for a locale: missing keys fall back to Japanese, then to the key itself. */
export function translator(locale: Locale): Translate {
  return (key, params) => {
    const template = catalogs[locale].get(key) ?? catalogs.ja.get(key) ?? key
    if (!params) return template
    return template.replace(/\{(\w+)\}/g, (match, name: string) => (name in params ? String(params[name]) : match))
  }
}

/** Keys present in one locale but not another (for the completeness test). */
export function missingKeys(): { locale: Locale; key: string }[] {
  const missing: { locale: Locale; key: string }[] = []
  for (const locale of LOCALES) {
    for (const key of catalogs.ja.keys()) if (!catalogs[locale].has(key)) missing.push({ locale, key })
    for (const key of catalogs[locale].keys()) if (!catalogs.ja.has(key)) missing.push({ locale: 'ja', key })
  }
  return missing
}

/**
 * Picks the locale: explicit choice (query/form) → cookie → Accept-Language → tenant default.
 * Only the tenant's enabled locales are eligible.
 */
export function negotiateLocale(input: {
  choice?: unknown
  cookie?: unknown
  acceptLanguage?: string
  enabled: readonly Locale[]
}): Locale {
  const enabled = input.enabled.length > 0 ? input.enabled : LOCALES
  if (isLocale(input.choice) && enabled.includes(input.choice)) return input.choice
  if (isLocale(input.cookie) && enabled.includes(input.cookie)) return input.cookie
  for (const tag of parseAcceptLanguage(input.acceptLanguage ?? '')) {
    const primary = tag.split('-')[0]
    const candidate: Locale | undefined = tag === 'ja-easy' || tag === 'ja-x-easy' ? 'ja-easy' : primary === 'ja' ? 'ja' : primary === 'en' ? 'en' : undefined
    if (candidate && enabled.includes(candidate)) return candidate
  }
  return enabled[0] ?? 'ja'
}

// Browsers send a handful of distinct Accept-Language values: parse each once.
const parsedAcceptLanguage = new Map<string, string[]>()

function parseAcceptLanguage(header: string): string[] {
  const cached = parsedAcceptLanguage.get(header)
  if (cached) return cached
  const tags = header
    .split(',')
    .map(part => {
      const [tag, ...rest] = part.trim().split(';')
      const q = rest.find(r => r.trim().startsWith('q='))
      return { tag: tag.toLowerCase(), q: q ? Number(q.trim().slice(2)) || 0 : 1 }
    })
    .filter(r => r.tag && r.q > 0)
    .sort((a, b) => b.q - a.q)
    .map(r => r.tag)
  if (parsedAcceptLanguage.size > 1000) parsedAcceptLanguage.clear()
  if (header.length <= 200) parsedAcceptLanguage.set(header, tags)
  return tags
}

/** BCP 47 tag for the html lang attribute (やさしい日本語 is Japanese). */
export function htmlLang(locale: Locale): string {
  return locale === 'en' ? 'en' : 'ja'
}
