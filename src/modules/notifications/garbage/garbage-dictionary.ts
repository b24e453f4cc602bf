/**
 * Fuzzy search of the sorting dictionary (ごみ分別辞典): residents type ペットボトル, ぺっとぼとる
 * or ﾍﾟｯﾄﾎﾞﾄﾙ, miss a ー or a small っ, or type the kanji; all should find the same entry.
 */
import { toHiragana } from '../../../jp/kana.js'

/** One item of the dictionary. */
export interface SortingEntry {
  /** 品目 as written, e.g. ペットボトル, 傘. */
  item: string
  /** よみがな in hiragana or katakana, e.g. かさ; lets a kana query find a kanji item. */
  reading?: string
  /** 分別区分, e.g. 資源ごみ. */
  category: string
  /** 出し方, e.g. キャップとラベルを外して. */
  instructions?: string
}

export type SortingMatchKind = 'exact' | 'prefix' | 'substring' | 'fuzzy'

export interface SortingMatch {
  entry: SortingEntry
  match: SortingMatchKind
  /** Edit distance for 'fuzzy' matches, 0 otherwise. */
  distance: number
}

const SMALL_TO_LARGE: Readonly<Record<string, string>> = {
  ぁ: 'あ', ぃ: 'い', ぅ: 'う', ぇ: 'え', ぉ: 'お', っ: 'つ', ゃ: 'や', ゅ: 'ゆ', ょ: 'よ', ゎ: 'わ', ゕ: 'か', ゖ: 'け',
}

/**
 * The search key of a text: NFKC (half-width kana, full-width letters), katakana → hiragana, lower
 * case, small kana → large, and without ー, spaces and ・ — so ペットボトル, ぺっとぼとる,
 * ﾍﾟｯﾄﾎﾞﾄﾙ and ペツトボトル share one key.
 */
export function toSearchKey(text: string): string {
  return toHiragana(text.normalize('NFKC'))
    .toLowerCase()
    .replace(/[ぁぃぅぇぉっゃゅょゎゕゖ]/g, small => SMALL_TO_LARGE[small] ?? small)
    .replace(/[ー〜~\-‐－・･\s]/g, '')
}

/** Levenshtein distance over code points, giving up (returning limit + 1) once past `limit`. */
export function editDistance(a: string, b: string, limit = Number.POSITIVE_INFINITY): number {
  const left = [...a]
  const right = [...b]
  if (Math.abs(left.length - right.length) > limit) return limit + 1
  let previous = Array.from({ length: right.length + 1 }, (_, index) => index)
  for (let i = 1; i <= left.length; i++) {
    const current = [i]
    let rowMinimum = i
    for (let j = 1; j <= right.length; j++) {
      const cost = left[i - 1] === right[j - 1] ? 0 : 1
      const value = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost)
      current.push(value)
      rowMinimum = Math.min(rowMinimum, value)
    }
    if (rowMinimum > limit) return limit + 1
    previous = current
  }
  return previous[right.length] ?? limit + 1
}

// One typo in a short word is already a different word half the time; one-or-two-character
// queries (傘, 缶) would match every short item, so they get no fuzzy matching at all.
const MIN_FUZZY_QUERY_LENGTH = 3
const LONG_QUERY_LENGTH = 6

function allowedDistance(queryLength: number): number {
  if (queryLength < MIN_FUZZY_QUERY_LENGTH) return 0
  return queryLength < LONG_QUERY_LENGTH ? 1 : 2
}

const RANK: Readonly<Record<SortingMatchKind, number>> = { exact: 0, prefix: 1, substring: 2, fuzzy: 3 }

function matchKey(query: string, key: string, limit: number): { match: SortingMatchKind; distance: number } | undefined {
  if (key === '') return undefined
  if (key === query) return { match: 'exact', distance: 0 }
  if (key.startsWith(query)) return { match: 'prefix', distance: 0 }
  if (key.includes(query)) return { match: 'substring', distance: 0 }
  if (limit === 0) return undefined
  const distance = editDistance(query, key, limit)
  return distance <= limit ? { match: 'fuzzy', distance } : undefined
}

function isBetter(a: { match: SortingMatchKind; distance: number }, b: { match: SortingMatchKind; distance: number }): boolean {
  return RANK[a.match] < RANK[b.match] || (RANK[a.match] === RANK[b.match] && a.distance < b.distance)
}

/**
 * Finds dictionary entries for a query, matching the item name and its reading, best first:
 * exact > prefix > substring > fuzzy (edit distance ≤ 1 for 3–5 characters, ≤ 2 from 6), then
 * closer, then shorter item names. An empty query finds nothing.
 */
export function searchSortingDictionary(entries: readonly SortingEntry[], query: string, limit = 20): SortingMatch[] {
  const key = toSearchKey(query)
  if (key === '') return []
  const maxDistance = allowedDistance([...key].length)
  const matches: (SortingMatch & { order: number })[] = []
  entries.forEach((entry, order) => {
    let best: { match: SortingMatchKind; distance: number } | undefined
    for (const candidate of [entry.item, entry.reading ?? '']) {
      const found = matchKey(key, toSearchKey(candidate), maxDistance)
      if (found && (!best || isBetter(found, best))) best = found
    }
    if (best) matches.push({ entry, ...best, order })
  })
  matches.sort((a, b) =>
    RANK[a.match] - RANK[b.match]
    || a.distance - b.distance
    || [...a.entry.item].length - [...b.entry.item].length
    || a.order - b.order)
  return matches.slice(0, Math.max(0, limit)).map(({ entry, match, distance }) => ({ entry, match, distance }))
}
