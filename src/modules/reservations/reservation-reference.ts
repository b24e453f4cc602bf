/** Human references of bookings (予約番号) and the codes printed as QR for check-in. */
import { randomBytes, randomInt } from 'node:crypto'

// No 0/O, 1/I/L, 2/Z, 5/S, 8/B: read aloud over the phone and typed from paper without mistakes.
export const REFERENCE_ALPHABET = '34679ACDEFGHJKMNPQRTUVWXY'

/** 予約番号 like `R-4KQ-7XW-3MC`: 9 random characters (about 41 bits), unique per tenant by constraint. */
export function newReservationReference(): string {
  let body = ''
  for (let i = 0; i < 9; i++) body += REFERENCE_ALPHABET[randomInt(REFERENCE_ALPHABET.length)]
  return `R-${body.slice(0, 3)}-${body.slice(3, 6)}-${body.slice(6, 9)}`
}

/** The check-in code behind the permit's QR code: 10 characters, about 46 bits, typed in when there is no camera. */
export function newCheckInCode(): string {
  const bytes = randomBytes(10)
  let code = ''
  for (const byte of bytes) code += REFERENCE_ALPHABET[byte % REFERENCE_ALPHABET.length]
  return code
}

/** Normalises a typed reference or code: upper case, no spaces or hyphens, full-width folded. */
export function normaliseTypedCode(text: string): string {
  return text
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s\-ー－]/g, '')
}
