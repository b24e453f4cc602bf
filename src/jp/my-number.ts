/**
 * 個人番号 (myNumber): the 12-digit individual number, 11 digits plus a check digit.
 *
 * Only format checks live here. Whether a number may be collected, stored or shown at all is
 * decided by the procedure (番号法 limits its use); never log the value, log maskMyNumber()'s.
 *
 * Check digit (行政手続における特定の個人を識別するための番号の利用等に関する法律施行令 / 総務省令):
 *   Pn = the nth of the 11 digits counted from the right, Qn = n + 1 (n ≤ 6) or n − 5 (n ≥ 7),
 *   remainder = Σ Pn × Qn mod 11, check = 0 when remainder ≤ 1, else 11 − remainder.
 */

// People copy numbers from the card as 1234 5678 9012 or 1234-5678-9012.
const SEPARATORS = /[\s\-‐‑‒–—―−ｰー]/g
const VISIBLE_DIGITS = 4

function stripSeparators(text: string): string {
  return text.normalize('NFKC').replace(SEPARATORS, '')
}

/**
 * Computes the check digit for the first 11 digits of a 個人番号.
 * Throws RangeError when the input is not exactly eleven ASCII digits.
 */
export function computeMyNumberCheckDigit(elevenDigits: string): number {
  // The message never repeats the input: a near-miss is still someone's 個人番号.
  if (!/^\d{11}$/.test(elevenDigits)) throw new RangeError('Not 11 digits')
  let sum = 0
  for (let n = 1; n <= 11; n++) {
    const digit = Number(elevenDigits[11 - n])
    const weight = n <= 6 ? n + 1 : n - 5
    sum += digit * weight
  }
  const remainder = sum % 11
  return remainder <= 1 ? 0 : 11 - remainder
}

/**
 * Tells whether text is a well-formed 個人番号: after NFKC and removing spaces and hyphens it is
 * exactly 12 digits with the right check digit. It cannot tell whether the number was issued.
 */
export function isValidMyNumber(text: string): boolean {
  const digits = stripSeparators(text)
  if (!/^\d{12}$/.test(digits)) return false
  return computeMyNumberCheckDigit(digits.slice(0, 11)) === Number(digits[11])
}

/**
 * Hides all but the last four characters for display and logs: '123456789018' → '********9018'.
 * Separators are dropped first; input of four characters or fewer is masked entirely.
 */
export function maskMyNumber(text: string): string {
  const compact = stripSeparators(text)
  if (compact.length <= VISIBLE_DIGITS) return '*'.repeat(compact.length)
  return '*'.repeat(compact.length - VISIBLE_DIGITS) + compact.slice(-VISIBLE_DIGITS)
}
