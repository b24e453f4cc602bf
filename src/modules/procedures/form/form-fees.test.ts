import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { FeeRulesSchema, parseProcedureDocument, type FeeRules } from './form-definition.js'
import { calculateFee } from './form-fees.js'

const text = (ja: string) => ({ ja })

/** The 住民票の写し template's fee rules: 300円 per copy, exempt for official use or 生活保護. */
function juminhyoFee(): FeeRules {
  const parsed = parseProcedureDocument(JSON.parse(readFileSync(new URL('../templates/juminhyo-copy.json', import.meta.url), 'utf8')))
  if (!parsed.ok || !parsed.document.fee) throw new Error('the juminhyo-copy template must parse and have a fee')
  return parsed.document.fee
}

/** A 粗大ごみ-like fee: tickets per item, a fixed handling charge, an express item on request. */
function ticketFee(exemptions: FeeRules['exemptions'] = []): FeeRules {
  return FeeRulesSchema.parse({
    items: [
      { id: 'tickets', label: text('処理券'), unitYen: 400, quantityField: 'ticketCount' },
      { id: 'handling', label: text('手数料'), unitYen: 200 },
      { id: 'express', label: text('急ぎ'), unitYen: 1000, showIf: { field: 'express', equals: 'yes' } },
    ],
    exemptions,
  })
}

describe('calculateFee', () => {
  it('charges 300 yen per copy: two copies cost 600 yen', () => {
    const fee = calculateFee(juminhyoFee(), { copies: 2, purpose: 'employment', welfare: 'no' })
    expect(fee.lines).toEqual([{ itemId: 'copyFee', label: expect.objectContaining({ ja: '住民票の写し 手数料' }), unitYen: 300, quantity: 2, amountYen: 600, exemptedBy: undefined }])
    expect(fee.totalYen).toBe(600)
  })

  it('leaves out a line whose quantity is zero or missing', () => {
    expect(calculateFee(juminhyoFee(), { copies: 0 })).toEqual({ lines: [], totalYen: 0 })
    expect(calculateFee(juminhyoFee(), {})).toEqual({ lines: [], totalYen: 0 })
  })

  it('never charges a fraction: a non-integer, negative or text quantity gives no line', () => {
    for (const copies of [1.5, -2, '2', true]) {
      expect(calculateFee(juminhyoFee(), { copies })).toEqual({ lines: [], totalYen: 0 })
    }
  })

  it('zeroes the fee for official use and names the exemption on the line', () => {
    const fee = calculateFee(juminhyoFee(), { copies: 3, purpose: 'official', welfare: 'no' })
    expect(fee.totalYen).toBe(0)
    expect(fee.lines[0]).toMatchObject({ quantity: 3, amountYen: 0, exemptedBy: { ja: '公用請求のため免除' } })
  })

  it('zeroes the fee for a 生活保護 procedure', () => {
    expect(calculateFee(juminhyoFee(), { copies: 3, purpose: 'employment', welfare: 'yes' }).totalYen).toBe(0)
  })

  it('charges a conditional item only when its condition holds', () => {
    expect(calculateFee(ticketFee(), { ticketCount: 2, express: 'no' }).lines.map(l => l.itemId)).toEqual(['tickets', 'handling'])
    const express = calculateFee(ticketFee(), { ticketCount: 2, express: 'yes' })
    expect(express.lines.map(l => l.itemId)).toEqual(['tickets', 'handling', 'express'])
    expect(express.totalYen).toBe(800 + 200 + 1000)
  })

  it('charges an item without a quantity field once', () => {
    expect(calculateFee(ticketFee(), {}).lines).toEqual([expect.objectContaining({ itemId: 'handling', quantity: 1, amountYen: 200 })])
  })

  it('zeroes every item when an exemption lists no items', () => {
    const rules = ticketFee([{ label: text('全額免除'), when: { field: 'welfare', equals: 'yes' } }])
    const fee = calculateFee(rules, { ticketCount: 2, express: 'yes', welfare: 'yes' })
    expect(fee.lines.map(l => [l.itemId, l.amountYen])).toEqual([['tickets', 0], ['handling', 0], ['express', 0]])
    expect(fee.totalYen).toBe(0)
  })

  it('zeroes only the listed items when an exemption names them', () => {
    const rules = ticketFee([{ label: text('処理券のみ免除'), when: { field: 'welfare', equals: 'yes' }, items: ['tickets'] }])
    const fee = calculateFee(rules, { ticketCount: 2, express: 'yes', welfare: 'yes' })
    expect(fee.lines.map(l => [l.itemId, l.amountYen, l.exemptedBy?.ja])).toEqual([
      ['tickets', 0, '処理券のみ免除'],
      ['handling', 200, undefined],
      ['express', 1000, undefined],
    ])
    expect(fee.totalYen).toBe(1200)
  })

  it('does not exempt anything when the exemption condition does not hold', () => {
    const rules = ticketFee([{ label: text('全額免除'), when: { field: 'welfare', equals: 'yes' } }])
    expect(calculateFee(rules, { ticketCount: 1, welfare: 'no' }).totalYen).toBe(600)
  })

  it('returns whole yen for every line and the total', () => {
    const fee = calculateFee(ticketFee(), { ticketCount: 7, express: 'yes' })
    expect([...fee.lines.map(l => l.amountYen), fee.totalYen].every(Number.isInteger)).toBe(true)
    expect(fee.totalYen).toBe(7 * 400 + 200 + 1000)
  })

  it('charges nothing for a procedure without fee rules', () => {
    expect(calculateFee(undefined, { copies: 2 })).toEqual({ lines: [], totalYen: 0 })
  })
})
