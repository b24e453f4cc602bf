/**
 * 全国地方公共団体コード (lgCode): the 6-digit code of a local government, i.e. the 5-digit
 * JIS X 0402 code (2-digit prefecture + 3-digit municipality) followed by a check digit.
 *
 * Check digit (総務省 / JIS X 0402, modulus 11 with weights 6,5,4,3,2):
 *   sum = d1×6 + d2×5 + d3×4 + d4×3 + d5×2
 *   check = 11 − (sum mod 11), except that 10 becomes 0 and 11 becomes 1,
 * i.e. check = (11 − sum mod 11) mod 10. The "11 becomes 1" case is real: 新宿区 is 131041 and
 * 長野市 202011 (their sums are multiples of 11); a rule that maps 11 to 0 rejects them.
 */

const WEIGHTS = [6, 5, 4, 3, 2] as const
// Data exports write codes with spaces, hyphens or full-width digits (NFKC folds the last).
const SEPARATORS = /[\s\-‐‑‒–—―−ｰー]/g

/**
 * Computes the check digit for a 5-digit JIS code, e.g. '13101' → 6.
 * Throws RangeError when the input is not exactly five ASCII digits.
 */
export function computeLgCheckDigit(fiveDigits: string): number {
  if (!/^\d{5}$/.test(fiveDigits)) throw new RangeError(`Not a 5-digit JIS code: ${fiveDigits}`)
  const sum = WEIGHTS.reduce((total, weight, index) => total + Number(fiveDigits[index]) * weight, 0)
  return (11 - (sum % 11)) % 10
}

/** Appends the check digit to a 5-digit JIS code: '13101' → '131016'. Throws like computeLgCheckDigit. */
export function completeLgCode(fiveDigits: string): string {
  return `${fiveDigits}${computeLgCheckDigit(fiveDigits)}`
}

/**
 * Tells whether text is exactly six ASCII digits, starts with a prefecture code 01–47 and ends
 * with the right check digit.
 */
export function isValidLgCode(text: string): boolean {
  if (!/^\d{6}$/.test(text) || !hasPrefectureCode(text)) return false
  return computeLgCheckDigit(text.slice(0, 5)) === Number(text[5])
}

/**
 * Cleans an lgCode from messy data: NFKC, strips spaces and hyphens, completes a 5-digit JIS
 * code with its check digit, and returns the 6-digit code or undefined when it is not valid.
 * Beware spreadsheets: 011002 that lost its leading zero reads as the 5-digit '11002'; import
 * code columns as text.
 */
export function normalizeLgCode(text: string): string | undefined {
  const digits = text.normalize('NFKC').replace(SEPARATORS, '')
  if (/^\d{5}$/.test(digits)) return hasPrefectureCode(digits) ? completeLgCode(digits) : undefined
  return isValidLgCode(digits) ? digits : undefined
}

// The check digit alone accepts '000001'; no local government sits outside the 47 prefectures.
function hasPrefectureCode(digits: string): boolean {
  const prefectureCode = Number(digits.slice(0, 2))
  return prefectureCode >= 1 && prefectureCode <= 47
}
