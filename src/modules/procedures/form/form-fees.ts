/**
 * Calculated fees: each item is unit price × the answer to a number field (or × 1), items can
 * be conditional, and exemptions (減免) zero some or all items when an answer matches.
 * Amounts are integer yen; the server always recalculates, never trusting a posted fee.
 */
import type { FeeRules, LocalizedText } from './form-definition.js'
import type { Answers } from './form-answers.js'
import { evaluateCondition } from './form-conditions.js'

export interface FeeLine {
  itemId: string
  label: LocalizedText
  unitYen: number
  quantity: number
  amountYen: number
  exemptedBy?: LocalizedText
}

export interface FeeCalculation {
  lines: FeeLine[]
  totalYen: number
}

export function calculateFee(rules: FeeRules | undefined, answers: Answers): FeeCalculation {
  if (!rules) return { lines: [], totalYen: 0 }
  const activeExemptions = rules.exemptions.filter(e => evaluateCondition(e.when, answers))
  const lines: FeeLine[] = []
  for (const item of rules.items) {
    if (item.showIf && !evaluateCondition(item.showIf, answers)) continue
    const quantity = item.quantityField ? quantityOf(answers[item.quantityField]) : 1
    if (quantity === 0) continue
    const exemption = activeExemptions.find(e => !e.items || e.items.includes(item.id))
    const amountYen = exemption ? 0 : item.unitYen * quantity
    if (!Number.isSafeInteger(amountYen)) throw new RangeError('fee out of range')
    lines.push({ itemId: item.id, label: item.label, unitYen: item.unitYen, quantity, amountYen, exemptedBy: exemption?.label })
  }
  return { lines, totalYen: lines.reduce((sum, line) => sum + line.amountYen, 0) }
}

function quantityOf(value: unknown): number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : 0
}
