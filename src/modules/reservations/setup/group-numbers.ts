/** 団体登録番号: `G-XXXX-XXXX` in the booking references' unambiguous alphabet (about 37 bits). */
import { randomInt } from 'node:crypto'
import { REFERENCE_ALPHABET } from '../reservation-reference.js'

export function newGroupRegistrationNumber(): string {
  let body = ''
  for (let i = 0; i < 8; i++) body += REFERENCE_ALPHABET[randomInt(REFERENCE_ALPHABET.length)]
  return `G-${body.slice(0, 4)}-${body.slice(4)}`
}
