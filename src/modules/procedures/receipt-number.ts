/**
 * 受付番号: `K7M4-PQ9X-2C`. Nine random characters from an alphabet without look-alikes
 * (0/O, 1/I/L, U) plus a check character, so a number read over the phone or typed at a
 * kiosk is caught when two neighbours are swapped and in most cases when one character is wrong.
 */
import { randomInt } from 'node:crypto'
import { RECEIPT_ALPHABET } from './application-lifecycle.js'

const BASE = RECEIPT_ALPHABET.length // 30

// Weights 10…2 fall by one per position, so swapping neighbours always changes the sum; the check
// character counts with weight 1, so swapping it with the last body character (weight 2) does too.
function checkCharacter(body: string): string {
  let sum = 0
  for (let i = 0; i < body.length; i++) sum += RECEIPT_ALPHABET.indexOf(body[i] as string) * (10 - i)
  return RECEIPT_ALPHABET[(BASE - (sum % BASE)) % BASE] as string
}

export function generateReceiptNumber(): string {
  let body = ''
  for (let i = 0; i < 9; i++) body += RECEIPT_ALPHABET[randomInt(BASE)]
  const full = body + checkCharacter(body)
  return `${full.slice(0, 4)}-${full.slice(4, 8)}-${full.slice(8)}`
}

/** Normalises what a person typed (全角, lower case, spaces, O for 0…) to the canonical form, or undefined. */
export function normalizeReceiptNumber(text: string): string | undefined {
  const compact = text.normalize('NFKC').toUpperCase().replace(/[\s\-‐－ー―]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1')
  if (!/^[2-9A-HJKMNP-TV-Z]{10}$/.test(compact)) return undefined
  if (checkCharacter(compact.slice(0, 9)) !== compact[9]) return undefined
  return `${compact.slice(0, 4)}-${compact.slice(4, 8)}-${compact.slice(8)}`
}
