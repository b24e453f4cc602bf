/**
 * Kana and text normalisation for what residents type: names, フリガナ (furigana), addresses.
 *
 * Input arrives from phones, PCs with different IMEs and scanned forms, so the same name can come
 * as half-width ｶﾞ, full-width ガ or with ideographic spaces; NFKC folds these into one spelling.
 */

// Katakana letters ァ..ヺ (incl. ヴ ヵ ヶ ヷ..ヺ), iteration marks ヽヾ, and small letters ㇰ..ㇿ (Ainu).
const KATAKANA_LETTER = '\\u30A1-\\u30FA\\u30FD\\u30FE\\u31F0-\\u31FF'
// Hiragana letters ぁ..ゖ (incl. ゔ ゕ ゖ) and iteration marks ゝゞ.
const HIRAGANA_LETTER = '\\u3041-\\u3096\\u309D\\u309E'
// ー and ・ separate or lengthen sounds in both scripts; a space separates family and given names.
const SHARED_MARKS = 'ー・ '

const KATAKANA_TEXT = new RegExp(`^[${KATAKANA_LETTER}${SHARED_MARKS}]+$`)
const HIRAGANA_TEXT = new RegExp(`^[${HIRAGANA_LETTER}${SHARED_MARKS}]+$`)
const HAS_KATAKANA_LETTER = new RegExp(`[${KATAKANA_LETTER}]`)
const HAS_HIRAGANA_LETTER = new RegExp(`[${HIRAGANA_LETTER}]`)

// The hiragana and katakana blocks are parallel, 0x60 apart, for ぁ..ゖ / ァ..ヶ and ゝゞ / ヽヾ.
const SCRIPT_OFFSET = 0x60
const HIRAGANA_CONVERTIBLE = /[\u3041-\u3096\u309D\u309E]/g
const KATAKANA_CONVERTIBLE = /[\u30A1-\u30F6\u30FD\u30FE]/g

/**
 * Normalises free text: NFKC (full-width ASCII → ASCII, half-width kana → full-width), trims, and
 * collapses each run of whitespace (including the ideographic space) into one ASCII space.
 */
export function normalizeText(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, ' ').trim()
}

/**
 * Tells whether text is katakana, as a フリガナ field expects: katakana letters, ー, ・ and spaces,
 * after NFKC so half-width ｶﾀｶﾅ counts. Empty text or text of only marks is not katakana.
 */
export function isKatakana(text: string): boolean {
  const normalized = text.normalize('NFKC')
  return KATAKANA_TEXT.test(normalized) && HAS_KATAKANA_LETTER.test(normalized)
}

/** Tells whether text is hiragana (letters, ー, ・ and spaces, after NFKC); empty text is not. */
export function isHiragana(text: string): boolean {
  const normalized = text.normalize('NFKC')
  return HIRAGANA_TEXT.test(normalized) && HAS_HIRAGANA_LETTER.test(normalized)
}

/**
 * Converts hiragana to katakana (ゔ → ヴ, ゝ → ヽ) and leaves every other character alone.
 * It does not normalise; call normalizeText first when the input may hold half-width kana.
 */
export function toKatakana(text: string): string {
  return text.replace(HIRAGANA_CONVERTIBLE, char => String.fromCharCode(char.charCodeAt(0) + SCRIPT_OFFSET))
}

/**
 * Converts katakana to hiragana (ヴ → ゔ, ヶ → ゖ) and leaves every other character alone.
 * ヷ ヸ ヹ ヺ stay katakana because hiragana has no single characters for them.
 */
export function toHiragana(text: string): string {
  return text.replace(KATAKANA_CONVERTIBLE, char => String.fromCharCode(char.charCodeAt(0) - SCRIPT_OFFSET))
}
