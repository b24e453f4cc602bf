import { describe, expect, it } from 'vitest'
import { RECEIPT_ALPHABET } from './application-lifecycle.js'
import { generateReceiptNumber, normalizeReceiptNumber } from './receipt-number.js'

const FORMAT = /^[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{2}$/

const compact = (receipt: string) => receipt.replace(/-/g, '')
const grouped = (chars: string) => `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8)}`

function generateMany(count: number): string[] {
  return Array.from({ length: count }, generateReceiptNumber)
}

describe('generateReceiptNumber', () => {
  it('uses thirty characters without look-alikes: no 0 O 1 I L U', () => {
    expect(RECEIPT_ALPHABET).toHaveLength(30)
    expect(new Set(RECEIPT_ALPHABET).size).toBe(30)
    for (const lookAlike of '0O1ILU') expect(RECEIPT_ALPHABET).not.toContain(lookAlike)
  })

  it('writes ten characters in groups of four, four and two', () => {
    expect(generateReceiptNumber()).toMatch(FORMAT)
  })

  it('generates 10,000 numbers that are all valid, canonical and different', () => {
    const numbers = generateMany(10_000)
    expect(numbers.filter(n => !FORMAT.test(n) || normalizeReceiptNumber(n) !== n)).toEqual([])
    // 30^9 bodies: a repeat among 10,000 has a chance of about one in 400,000.
    expect(new Set(numbers).size).toBe(10_000)
  })
})

describe('normalizeReceiptNumber', () => {
  it('rejects every swap of two different neighbouring characters', () => {
    const accepted: string[] = []
    for (const number of generateMany(2_000)) {
      const chars = compact(number)
      for (let i = 0; i < chars.length - 1; i++) {
        if (chars[i] === chars[i + 1]) continue
        const swapped = chars.slice(0, i) + chars[i + 1] + chars[i] + chars.slice(i + 2)
        if (normalizeReceiptNumber(swapped) !== undefined) accepted.push(`${number} → ${grouped(swapped)}`)
      }
    }
    expect(accepted).toEqual([])
  })

  it('rejects at least nine in ten single-character mistakes, and every mistake in the check character', () => {
    let tried = 0
    let caught = 0
    for (const number of generateMany(200)) {
      const chars = compact(number)
      for (let i = 0; i < chars.length; i++) {
        for (const replacement of RECEIPT_ALPHABET) {
          if (replacement === chars[i]) continue
          const changed = chars.slice(0, i) + replacement + chars.slice(i + 1)
          const rejected = normalizeReceiptNumber(changed) === undefined
          if (i === 9) expect(rejected).toBe(true)
          tried++
          if (rejected) caught++
        }
      }
    }
    expect(caught / tried).toBeGreaterThanOrEqual(0.9)
  })

  it('accepts lower case, full-width characters, spaces and other dashes', () => {
    const number = generateReceiptNumber()
    const chars = compact(number)
    const fullWidth = [...number].map(c => (c === '-' ? 'ー' : String.fromCharCode(c.charCodeAt(0) + 0xfee0))).join('')
    for (const typed of [number.toLowerCase(), chars, ` ${chars.slice(0, 4)} ${chars.slice(4, 8)} ${chars.slice(8)} `, fullWidth, grouped(chars).replace(/-/g, '－')]) {
      expect(normalizeReceiptNumber(typed)).toBe(number)
    }
  })

  it.each([
    ['too short', 'ABCD-EFGH-J'],
    ['too long', 'ABCD-EFGH-JKM'],
    ['empty', ''],
  ])('rejects a number that is %s', (_name, typed) => {
    expect(normalizeReceiptNumber(typed)).toBeUndefined()
  })

  it('rejects characters outside the alphabet, even where the check would hold', () => {
    const chars = compact(generateReceiptNumber())
    for (const outside of ['0', '1', 'U', '@']) {
      expect(normalizeReceiptNumber(outside + chars.slice(1))).toBeUndefined()
    }
  })
})
