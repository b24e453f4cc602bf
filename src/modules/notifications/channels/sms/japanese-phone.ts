/**
 * Japanese telephone numbers as residents type them — 「090-1234-5678」, 「０９０ー１２３４ー５６７８」,
 * 「+81 90 1234 5678」, 「+81 (0)90…」 — normalised to E.164 (`+819012345678`), and classified so
 * that SMS is offered only to numbers that can receive it.
 *
 * Numbering plan (総務省 電気通信番号計画): mobile 070 / 080 / 090 and, since the 2026 allocation,
 * 060, each followed by 8 digits; 050 IP telephony (11 digits, no SMS); 020 M2M / pagers (no SMS to
 * people); 0120 / 0800 free dial, 0570 navi dial, 0180 / 0990 services (non-geographic); every
 * other `0` + 9 digits is a fixed line with an area code.
 */

export type JapanesePhoneKind = 'mobile' | 'landline' | 'ip-phone' | 'non-geographic'

export interface JapanesePhone {
  /** `+81` followed by the national number without its trunk `0` */
  e164: string
  kind: JapanesePhoneKind
  /** the national form with the trunk `0`, for display: 09012345678 */
  national: string
}

// Hyphens and dashes residents (and IMEs) produce: ASCII, full-width, katakana long vowel mark,
// minus sign, en/em dash, hyphen, non-breaking hyphen, small hyphen-minus.
const SEPARATORS = /[\s\u3000\-‐‑‒–—―−－ー﹣()（）.．]/g

function toHalfWidth(input: string): string {
  return input.replace(/[０-９＋]/g, ch => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
}

function classify(national: string): JapanesePhoneKind | undefined {
  if (/^0[6789]0\d{8}$/.test(national)) return 'mobile'
  if (/^050\d{8}$/.test(national)) return 'ip-phone'
  if (/^020\d{8}$/.test(national)) return 'non-geographic'
  if (/^0(120|800)\d{6,7}$/.test(national) || /^0(570|180|990)\d{6}$/.test(national)) return 'non-geographic'
  // A fixed line: 0 + 9 digits; 0X0 prefixes are never area codes (they are the services above).
  if (/^0[1-9][1-9]\d{7}$/.test(national)) return 'landline'
  return undefined
}

/** Parses a Japanese number in any common written form; undefined when it is not one. */
export function parseJapanesePhone(input: string): JapanesePhone | undefined {
  if (input.length > 40) return undefined
  const compact = toHalfWidth(input.normalize('NFKC')).replace(SEPARATORS, '')
  let national: string
  if (/^\+81/.test(compact)) national = compact.slice(3)
  else if (/^0081/.test(compact)) national = compact.slice(4)
  else if (/^0\d+$/.test(compact)) national = compact
  else return undefined
  if (!/^\d+$/.test(national)) return undefined
  // "+81 (0)90…" and "+81 090…": the trunk 0 written after the country code is a common slip.
  if (!national.startsWith('0')) national = `0${national}`
  const kind = classify(national)
  if (!kind) return undefined
  return { e164: `+81${national.slice(1)}`, kind, national }
}

/** E.164 of a Japanese number (any kind), or undefined when the input is not one. */
export function normalizeJapanesePhone(input: string): string | undefined {
  return parseJapanesePhone(input)?.e164
}

/** Only mobile numbers receive SMS; fixed lines, IP phones and service numbers do not. */
export function isSmsCapablePhone(phone: JapanesePhone): boolean {
  return phone.kind === 'mobile'
}

/** 090-1234-5678 from +819012345678 (display only). */
export function formatJapanesePhone(e164: string): string {
  const parsed = parseJapanesePhone(e164)
  if (!parsed) return e164
  const n = parsed.national
  if (n.length === 11) return `${n.slice(0, 3)}-${n.slice(3, 7)}-${n.slice(7)}`
  return n
}
