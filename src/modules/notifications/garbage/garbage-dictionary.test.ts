import { describe, expect, it } from 'vitest'
import { editDistance, searchSortingDictionary, toSearchKey, type SortingEntry } from './garbage-dictionary.js'

const entries: SortingEntry[] = [
  { item: 'ペットボトルのキャップ', reading: 'ぺっとぼとるのきゃっぷ', category: 'プラスチック' },
  { item: 'ペットボトル', reading: 'ぺっとぼとる', category: '資源ごみ', instructions: 'キャップとラベルを外して' },
  { item: '傘', reading: 'かさ', category: '燃えないごみ' },
  { item: '折りたたみ傘', reading: 'おりたたみがさ', category: '燃えないごみ' },
  { item: 'コーヒーの缶', reading: 'こーひーのかん', category: '資源ごみ' },
  { item: '缶', reading: 'かん', category: '資源ごみ' },
  { item: 'スプレー缶', reading: 'すぷれーかん', category: '有害ごみ' },
  { item: 'カセットボンベ', category: '有害ごみ' },
]

const items = (query: string) => searchSortingDictionary(entries, query).map(match => match.entry.item)

describe('toSearchKey', () => {
  it('folds width, script, small kana and long vowels', () => {
    expect(toSearchKey('ﾍﾟｯﾄﾎﾞﾄﾙ')).toBe(toSearchKey('ペットボトル'))
    expect(toSearchKey('ぺっとぼとる')).toBe(toSearchKey('ペツトボトル'))
    expect(toSearchKey('コーヒー')).toBe('こひ')
    expect(toSearchKey('ＣＤ－Ｒ')).toBe('cdr')
  })
})

describe('searchSortingDictionary', () => {
  it.each(['ペットボトル', 'ぺっとぼとる', 'ﾍﾟｯﾄﾎﾞﾄﾙ', ' ペットボトル '])('finds ペットボトル exactly for %j, the longer item next as a prefix', query => {
    const matches = searchSortingDictionary(entries, query)
    expect(matches.slice(0, 2).map(match => [match.entry.item, match.match])).toEqual([
      ['ペットボトル', 'exact'],
      ['ペットボトルのキャップ', 'prefix'],
    ])
    expect(matches).toHaveLength(2)
  })

  it('matches a kanji query on the name and a kana query on the reading', () => {
    expect(items('傘')).toEqual(['傘', '折りたたみ傘'])
    expect(searchSortingDictionary(entries, 'かさ').map(match => [match.entry.item, match.match])).toEqual([['傘', 'exact']])
    expect(items('カサ')).toEqual(['傘'])
  })

  it('tolerates a missing long vowel or small kana', () => {
    expect(items('こひーのかん')[0]).toBe('コーヒーの缶')
    expect(items('かせつとぼんべ')).toEqual(['カセットボンベ'])
  })

  it('ranks exact > prefix > substring, then shorter item names', () => {
    expect(searchSortingDictionary(entries, 'かん').map(match => [match.entry.item, match.match])).toEqual([
      ['缶', 'exact'],
      ['スプレー缶', 'substring'],
      ['コーヒーの缶', 'substring'],
    ])
  })

  it('allows one typo in short queries and two in long ones, never for 1–2 characters', () => {
    const typo = searchSortingDictionary(entries, 'ぺとぼとる')
    expect(typo.map(match => [match.entry.item, match.match, match.distance])).toEqual([['ペットボトル', 'fuzzy', 1]])
    expect(items('すぷれかむ')).toEqual(['スプレー缶'])
    expect(items('ぺっとばとろ')).toEqual(['ペットボトル'])
    expect(items('ぱっとばとろ')).toEqual([])
    expect(items('かす')).toEqual([])
    expect(items('すぷるかむ')).toEqual([])
  })

  it('finds nothing for an empty query and honours the limit', () => {
    expect(items('  ')).toEqual([])
    expect(searchSortingDictionary(entries, 'かん', 1)).toHaveLength(1)
  })

  it('computes edit distance over code points', () => {
    expect(editDistance('かさ', 'かさ')).toBe(0)
    expect(editDistance('🗑あ', 'あ')).toBe(1)
    expect(editDistance('ぺつとぼとる', 'ぺとぼとる')).toBe(1)
    expect(editDistance('abcdef', 'uvwxyz', 2)).toBe(3)
  })
})
