/**
 * `((placeholders))` in notice texts: what a text asks for, whether the names are usable, and
 * whether the values given cover them. A name is letters, digits, `_`, `.` and `-` (up to 40), so
 * `((date))` and `((event.place))` work and a typo such as `((日付))` or `((place)` is caught when
 * the template is saved rather than reaching a resident as literal brackets.
 */
import type { NoticeContent, NoticeLanguage, NoticeTexts } from '../notification-tables.js'

export const PLACEHOLDER_NAME = /^[a-zA-Z0-9_.-]{1,40}$/
/** Anything between double brackets, valid or not; a stray `((` without its `))` is found apart. */
const BRACKETED = /\(\(([^()\n]{0,80})\)\)/g

export interface PlaceholderToken {
  name: string
  isValid: boolean
}

/** Every `((…))` in a text, in order, with whether its name can be filled. */
export function findPlaceholderTokens(text: string): PlaceholderToken[] {
  return [...text.matchAll(BRACKETED)].map(match => {
    const name = (match[1] ?? '').trim()
    return { name, isValid: PLACEHOLDER_NAME.test(match[1] ?? '') }
  })
}

/** True when `((` or `))` is left over once every complete `((…))` is taken out. */
export function hasUnclosedPlaceholder(text: string): boolean {
  const rest = text.replace(BRACKETED, '')
  return rest.includes('((') || rest.includes('))')
}

/** Every string inside a LINE flex message (texts, labels, alt texts, URIs), depth-limited. */
export function flexStrings(value: unknown, depth = 0): string[] {
  if (depth > 30) return []
  if (typeof value === 'string') return [value]
  if (Array.isArray(value)) return value.flatMap(item => flexStrings(item, depth + 1))
  if (value && typeof value === 'object') return Object.values(value as Record<string, unknown>).flatMap(item => flexStrings(item, depth + 1))
  return []
}

/** The texts of one language that residents can receive, flex strings included. */
export function textsOf(texts: NoticeTexts): string[] {
  return [texts.subject, texts.body, texts.sms, texts.push, texts.line, ...(texts.lineFlex ? flexStrings(texts.lineFlex) : [])].filter((text): text is string => typeof text === 'string')
}

/** The placeholder names one language uses, sorted, once each (invalid names left out). */
export function listLanguagePlaceholders(texts: NoticeTexts): string[] {
  const names = new Set<string>()
  for (const text of textsOf(texts)) for (const token of findPlaceholderTokens(text)) if (token.isValid) names.add(token.name)
  return [...names].sort()
}

/** The placeholder names a notice's content uses in any language, sorted, once each. */
export function listPlaceholders(content: NoticeContent): string[] {
  const names = new Set<string>()
  for (const texts of Object.values(content)) if (texts) for (const name of listLanguagePlaceholders(texts)) names.add(name)
  return [...names].sort()
}

/**
 * The placeholder names the content needs that `values` does not give (sorted). Empty means the
 * notice can be rendered in every language; a caller answers anything else with a 4xx naming them.
 */
export function checkPersonalisation(content: NoticeContent, values: Record<string, string>): string[] {
  return listPlaceholders(content).filter(name => typeof values[name] !== 'string')
}

export interface PlaceholderMismatch {
  language: NoticeLanguage
  placeholder: string
  /** missing: Japanese has it and this language does not; extra: this language has it and Japanese does not */
  kind: 'missing' | 'extra'
}

/**
 * Every language must ask for the same values: otherwise a notice that is complete in Japanese
 * fails (or shows a gap) for the residents who read it in English. Japanese is the reference.
 */
export function findPlaceholderMismatches(content: NoticeContent): PlaceholderMismatch[] {
  const reference = content.ja
  if (!reference) return []
  const expected = new Set(listLanguagePlaceholders(reference))
  const mismatches: PlaceholderMismatch[] = []
  for (const [language, texts] of Object.entries(content) as [NoticeLanguage, NoticeTexts | undefined][]) {
    if (language === 'ja' || !texts) continue
    const used = new Set(listLanguagePlaceholders(texts))
    for (const name of expected) if (!used.has(name)) mismatches.push({ language, placeholder: name, kind: 'missing' })
    for (const name of used) if (!expected.has(name)) mismatches.push({ language, placeholder: name, kind: 'extra' })
  }
  return mismatches
}
