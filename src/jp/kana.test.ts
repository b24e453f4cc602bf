import { describe, it, expect } from 'vitest'
import { isHiragana, isKatakana, normalizeText, toHiragana, toKatakana } from './kana.js'

describe('normalizeText', () => {
  it('folds full-width letters, digits and half-width kana with NFKC', () => {
    expect(normalizeText('ＡＢＣ１２３')).toBe('ABC123')
    expect(normalizeText('ﾔﾏﾀﾞ ﾀﾛｳ')).toBe('ヤマダ タロウ')
  })

  it('trims and collapses runs of half- and full-width spaces into one ASCII space', () => {
    expect(normalizeText('　山田　 太郎  ')).toBe('山田 太郎')
    expect(normalizeText('東京都\t千代田区\n千代田')).toBe('東京都 千代田区 千代田')
  })

  it('leaves empty and blank text empty', () => {
    expect(normalizeText('')).toBe('')
    expect(normalizeText('　 ')).toBe('')
  })
})

describe('isKatakana', () => {
  it('accepts furigana with long vowels, middle dots and spaces', () => {
    expect(isKatakana('ヤマダ タロウ')).toBe(true)
    expect(isKatakana('ヤマダ　タロウ')).toBe(true)
    expect(isKatakana('スミス・ジョーンズ')).toBe(true)
    expect(isKatakana('ヴァイオリン')).toBe(true)
    expect(isKatakana('ァィゥェォッャュョヮヵヶ')).toBe(true)
  })

  it('accepts half-width katakana because it is read after NFKC', () => {
    expect(isKatakana('ﾔﾏﾀﾞ ﾀﾛｳ')).toBe(true)
  })

  it('rejects hiragana, kanji, Latin letters and empty or mark-only text', () => {
    expect(isKatakana('やまだ')).toBe(false)
    expect(isKatakana('山田')).toBe(false)
    expect(isKatakana('ヤマダ1')).toBe(false)
    expect(isKatakana('')).toBe(false)
    expect(isKatakana(' ')).toBe(false)
    expect(isKatakana('ー・')).toBe(false)
  })
})

describe('isHiragana', () => {
  it('accepts hiragana with small kana, ゔ and the long-vowel mark', () => {
    expect(isHiragana('やまだ たろう')).toBe(true)
    expect(isHiragana('らーめん')).toBe(true)
    expect(isHiragana('ゔぁいおりん')).toBe(true)
    expect(isHiragana('ちょっと')).toBe(true)
  })

  it('rejects katakana, kanji and empty text', () => {
    expect(isHiragana('ヤマダ')).toBe(false)
    expect(isHiragana('やま田')).toBe(false)
    expect(isHiragana('')).toBe(false)
  })
})

describe('toKatakana and toHiragana', () => {
  it('converts hiragana to katakana including ゔ, small kana and iteration marks', () => {
    expect(toKatakana('やまだ たろう')).toBe('ヤマダ タロウ')
    expect(toKatakana('ゔぁ')).toBe('ヴァ')
    expect(toKatakana('ゕゖっゃ')).toBe('ヵヶッャ')
    expect(toKatakana('いすゞ')).toBe('イスヾ')
  })

  it('converts katakana to hiragana including ヴ and small ヵヶ', () => {
    expect(toHiragana('ヤマダ タロウ')).toBe('やまだ たろう')
    expect(toHiragana('ヴィーナス')).toBe('ゔぃーなす')
    expect(toHiragana('ヵヶ')).toBe('ゕゖ')
  })

  it('leaves long-vowel marks, kanji, Latin and ヷ-ヺ alone', () => {
    expect(toKatakana('らーめん屋A')).toBe('ラーメン屋A')
    expect(toHiragana('ラーメン屋A')).toBe('らーめん屋A')
    expect(toHiragana('ヷヺ')).toBe('ヷヺ')
  })

  it('round-trips every convertible kana', () => {
    const hiragana = Array.from({ length: 0x3096 - 0x3041 + 1 }, (_, i) => String.fromCharCode(0x3041 + i)).join('')
    expect(toHiragana(toKatakana(hiragana))).toBe(hiragana)
    expect(isKatakana(toKatakana(hiragana))).toBe(true)
  })
})
