/**
 * Japanese telephone numbers as residents type them into contact fields.
 *
 * Validation is structural, after the 総務省 numbering plan; it cannot tell whether a number is
 * in service:
 * - 10 digits, 0 + area code + subscriber number (固定電話), and 0120 / 0570 / 0990 / 0180
 *   service numbers: 0, then two digits that are not 0 (0X0 prefixes are never geographic).
 * - 11 digits with a 0X0 prefix: 090 / 080 / 070 mobile, 050 IP phone, 020 M2M/pager,
 *   0800 toll-free. 060 is reserved and 010 is the international prefix, so both are rejected.
 * Short numbers (110, 119, #7119) and international numbers other than +81 are not accepted.
 */

// Parentheses appear in 03(1234)5678; dashes include the ー that kana input mode produces.
const SEPARATORS = /[\s()\-‐‑‒–—―−ｰー]/g
const TEN_DIGIT_NUMBER = /^0[1-9][1-9]\d{7}$/
const ELEVEN_DIGIT_NUMBER = /^0[25789]0\d{8}$/
const SERVICE_PREFIXES = ['0120', '0570', '0990', '0180'] as const

/**
 * Reduces a phone number to its digits in domestic form: NFKC, removes spaces, hyphens and
 * parentheses, and turns +81 into the trunk 0 ('+81 90-1234-5678' → '09012345678',
 * '+81 (0)3-1234-5678' → '0312345678'). Returns undefined when anything but digits remains.
 */
export function normalizePhoneNumber(text: string): string | undefined {
  const compact = text.normalize('NFKC').trim()
  const international = compact.startsWith('+81')
  // "+81 (0)3…" keeps a bracketed trunk 0 that must not be doubled.
  const digits = (international ? compact.slice(3) : compact).replace(SEPARATORS, '')
  if (!/^\d+$/.test(digits)) return undefined
  if (!international) return digits
  return digits.startsWith('0') ? digits : `0${digits}`
}

/** Tells whether text is a plausible Japanese phone number (see the module comment for the rules). */
export function isValidPhoneNumber(text: string): boolean {
  const digits = normalizePhoneNumber(text)
  if (!digits) return false
  return TEN_DIGIT_NUMBER.test(digits) || ELEVEN_DIGIT_NUMBER.test(digits)
}

/**
 * Writes a phone number with hyphens where the split is fixed by its prefix: 090-1234-5678,
 * 050-1234-5678, 0800-123-4567, 0120-123-456, 03-1234-5678, 06-1234-5678. Other landlines return
 * bare digits, because their area code is 3–5 digits long and only the 総務省 table tells which.
 * Returns undefined when the number is not valid.
 */
export function formatPhoneNumber(text: string): string | undefined {
  const digits = normalizePhoneNumber(text)
  if (!digits || !isValidPhoneNumber(digits)) return undefined
  if (digits.length === 11) {
    if (digits.startsWith('0800')) return splitDigits(digits, [4, 3, 4])
    return splitDigits(digits, [3, 4, 4])
  }
  if (SERVICE_PREFIXES.some(prefix => digits.startsWith(prefix))) return splitDigits(digits, [4, 3, 3])
  // 03 (Tokyo) and 06 (Osaka) are the only two-digit area codes.
  if (digits.startsWith('03') || digits.startsWith('06')) return splitDigits(digits, [2, 4, 4])
  return digits
}

function splitDigits(digits: string, lengths: readonly number[]): string {
  const groups: string[] = []
  let start = 0
  for (const length of lengths) {
    groups.push(digits.slice(start, start + length))
    start += length
  }
  return groups.join('-')
}
