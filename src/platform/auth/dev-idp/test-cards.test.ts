import { describe, expect, it } from 'vitest'

import { parseBasicFourInfo } from '../oidc/basic-four-info.js'
import { DEMO_CITY_ADDRESS_PREFIX, testCards } from './test-cards.js'

describe('test cards', () => {
  it('has at least five cards with unique ids and subjects', () => {
    expect(testCards.length).toBeGreaterThanOrEqual(5)
    expect(new Set(testCards.map(card => card.id)).size).toBe(testCards.length)
    expect(new Set(testCards.map(card => card.subject)).size).toBe(testCards.length)
  })

  it('covers a name outside the BMP (𠮷)', () => {
    const withSurrogatePair = testCards.filter(card => [...card.basicFourInfo.name].some(char => (char.codePointAt(0) ?? 0) > 0xffff))

    expect(withSurrogatePair.map(card => card.basicFourInfo.name)).toContain('𠮷田　花子')
  })

  it('covers an address over 80 characters with building and room', () => {
    const long = testCards.filter(card => [...card.basicFourInfo.address].length > 80)

    expect(long).toHaveLength(1)
    expect(long[0].basicFourInfo.address).toMatch(/号室$/)
  })

  it('covers a resident born in 昭和 and a foreign resident with a latin name', () => {
    const showa = testCards.filter(card => card.basicFourInfo.birthdate >= '1926-12-25' && card.basicFourInfo.birthdate <= '1989-01-07')
    const latin = testCards.filter(card => /^[A-Z ]+$/.test(card.basicFourInfo.name))

    expect(showa.some(card => card.basicFourInfo.birthdate < '1945-01-01')).toBe(true)
    expect(latin).toHaveLength(1)
    expect(latin[0].basicFourInfo.nameKana).toMatch(/^[ァ-ヶー　]+$/)
  })

  it('lives in the demo city and survives the RP’s own claim parsing unchanged', () => {
    for (const card of testCards) {
      const { nameKana: _kana, ...claims } = card.basicFourInfo

      expect(card.basicFourInfo.address.startsWith(DEMO_CITY_ADDRESS_PREFIX)).toBe(true)
      expect(parseBasicFourInfo(claims)).toEqual(claims)
    }
  })
})
