/**
 * Length and character rules for an SMS body.
 *
 * Japanese text cannot be written in the GSM 7-bit alphabet, so almost every message we send is
 * UCS-2: 70 characters fit one message; a longer text is split into concatenated segments of 67
 * characters each (the 6-byte User Data Header takes 3 characters). Text entirely in the GSM
 * alphabet fits 160 per message, 153 per concatenated segment, and `^{}\[~]|€` take two septets.
 *
 * Limit: 10 segments — 670 UCS-2 characters or 1,530 GSM septets. Japanese carriers' +メッセージ
 * interworking and most gateways accept longer, but old feature phones reassemble unreliably past
 * this, and a notice that long belongs in email or the inbox with a link in the SMS.
 *
 * Characters: control characters (other than line breaks) are refused; emoji and other pictographs
 * are refused because feature phones and some carrier gateways turn them into 〓 or drop the
 * message; characters outside the BMP that are not pictographs (𠮷) are allowed and count as two
 * UCS-2 units, which is how they travel.
 */

export const SMS_MAX_SEGMENTS = 10
export const SMS_UCS2_SINGLE = 70
export const SMS_UCS2_SEGMENT = 67
export const SMS_GSM_SINGLE = 160
export const SMS_GSM_SEGMENT = 153

export type SmsEncoding = 'gsm7' | 'ucs2'
export type SmsTextProblem = 'empty' | 'too_long' | 'control_characters' | 'unsupported_characters'

export type SmsTextCheck =
  | { ok: true; encoding: SmsEncoding; units: number; segments: number }
  | { ok: false; encoding: SmsEncoding; units: number; segments: number; reasons: SmsTextProblem[] }

// GSM 03.38 basic character set and the extension table (escape + char = 2 septets).
const GSM_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
)
const GSM_EXTENSION = new Set('^{}\\[~]|€\f')

const CONTROL = /[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f]/u
// Emoji shown as pictures by default (😀) or forced by VS16; symbols in JIS X 0208 (★ ☆ ※ ©) are fine.
const PICTOGRAPH = /\p{Emoji_Presentation}|\uFE0F/u
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/

function measureGsm(text: string): number | undefined {
  let septets = 0
  for (const ch of text) {
    if (GSM_BASIC.has(ch)) septets += 1
    else if (GSM_EXTENSION.has(ch)) septets += 2
    else return undefined
  }
  return septets
}

/** How many messages a text of `units` takes in an encoding. */
export function countSmsSegments(encoding: SmsEncoding, units: number): number {
  const single = encoding === 'gsm7' ? SMS_GSM_SINGLE : SMS_UCS2_SINGLE
  const segment = encoding === 'gsm7' ? SMS_GSM_SEGMENT : SMS_UCS2_SEGMENT
  if (units === 0) return 0
  return units <= single ? 1 : Math.ceil(units / segment)
}

/** Checks an SMS body: encoding, segments, and why it cannot be sent if it cannot. */
export function checkSmsText(text: string): SmsTextCheck {
  const reasons: SmsTextProblem[] = []
  const septets = measureGsm(text)
  const encoding: SmsEncoding = septets === undefined ? 'ucs2' : 'gsm7'
  // UCS-2 counts UTF-16 code units: a character outside the BMP travels as a surrogate pair.
  const units = septets ?? text.length
  const segments = countSmsSegments(encoding, units)
  if (text.trim().length === 0) reasons.push('empty')
  if (segments > SMS_MAX_SEGMENTS) reasons.push('too_long')
  if (CONTROL.test(text)) reasons.push('control_characters')
  if (PICTOGRAPH.test(text) || LONE_SURROGATE.test(text)) reasons.push('unsupported_characters')
  return reasons.length === 0 ? { ok: true, encoding, units, segments } : { ok: false, encoding, units, segments, reasons }
}

/** The longest text (in characters of the given encoding) that still fits the segment limit. */
export function maxSmsUnits(encoding: SmsEncoding): number {
  return (encoding === 'gsm7' ? SMS_GSM_SEGMENT : SMS_UCS2_SEGMENT) * SMS_MAX_SEGMENTS
}
