import { describe, expect, it } from 'vitest'
import { formatJapanesePhone, isSmsCapablePhone, normalizeJapanesePhone, parseJapanesePhone } from './japanese-phone.js'

describe('normalizeJapanesePhone', () => {
  it.each([
    ['090-1234-5678', '+819012345678'],
    ['09012345678', '+819012345678'],
    ['080 1234 5678', '+818012345678'],
    ['070-1234-5678', '+817012345678'],
    ['060-1234-5678', '+816012345678'],
    ['０９０－１２３４－５６７８', '+819012345678'],
    ['０９０ー１２３４ー５６７８', '+819012345678'],
    ['090−1234−5678', '+819012345678'],
    ['(090) 1234-5678', '+819012345678'],
    ['+81 90-1234-5678', '+819012345678'],
    ['+81 (0)90 1234 5678', '+819012345678'],
    ['+81 090 1234 5678', '+819012345678'],
    ['＋８１９０１２３４５６７８', '+819012345678'],
    ['0081 90 1234 5678', '+819012345678'],
    ['03-1234-5678', '+81312345678'],
    ['0120-123-456', '+81120123456'],
  ])('reads %s as %s', (input, e164) => {
    expect(normalizeJapanesePhone(input)).toBe(e164)
  })

  it.each(['', '090-1234-567', '090-1234-56789', '12345', '+1 415 555 0100', '090-abcd-5678', 'tel:09012345678', '0'.repeat(50)])('refuses %s', input => {
    expect(normalizeJapanesePhone(input)).toBeUndefined()
  })
})

describe('parseJapanesePhone', () => {
  it('classifies mobile, fixed, IP and service numbers so that only mobiles are offered SMS', () => {
    const kinds = ['090-1234-5678', '03-1234-5678', '0463-12-3456', '050-1234-5678', '020-1234-5678', '0120-123-456', '0570-123-456'].map(n => parseJapanesePhone(n)?.kind)
    expect(kinds).toEqual(['mobile', 'landline', 'landline', 'ip-phone', 'non-geographic', 'non-geographic', 'non-geographic'])
    expect(isSmsCapablePhone(parseJapanesePhone('080-1234-5678')!)).toBe(true)
    expect(isSmsCapablePhone(parseJapanesePhone('03-1234-5678')!)).toBe(false)
  })

  it('formats an E.164 mobile number the way residents write it', () => {
    expect(formatJapanesePhone('+819012345678')).toBe('090-1234-5678')
  })
})
