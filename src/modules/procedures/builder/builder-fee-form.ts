/**
 * The fee editor's forms: payment timing and methods, fee items (unit price × a number field)
 * and exemptions (減免: a condition and the items it waives).
 */
import { FIELD_ID_PATTERN, listFields, type FeeRules, type ProcedureDocument } from '../form/form-definition.js'
import type { FeeExemption, FeeItem } from './builder-edits.js'
import { conditionToForm, feeConditionCandidates, integer, list, localized, localizedToForm, readConditionForm, text, type FormProblem, type FormValues } from './builder-form-values.js'

export const FEE_TIMINGS = ['on-submission', 'after-approval'] as const
export const PAYMENT_METHODS = ['online', 'pay-easy', 'counter'] as const

export function feeSettingsToForm(fee: FeeRules): FormValues {
  return { timing: fee.timing, methods: [...fee.methods] }
}

export function readFeeSettingsForm(form: FormValues): { settings?: Pick<FeeRules, 'timing' | 'methods'>; problems: FormProblem[] } {
  const problems: FormProblem[] = []
  const timing = text(form, 'timing')
  if (!(FEE_TIMINGS as readonly string[]).includes(timing)) problems.push({ field: 'timing', key: 'builder.form.chooseFromList' })
  const methods = list(form, 'methods').filter((m): m is FeeRules['methods'][number] => (PAYMENT_METHODS as readonly string[]).includes(m))
  if (methods.length === 0) problems.push({ field: 'methods', key: 'builder.fee.methodRequired' })
  if (problems.length > 0) return { problems }
  return { settings: { timing: timing as FeeRules['timing'], methods }, problems }
}

/** Number fields a fee item may multiply by. */
export function quantityCandidates(doc: ProcedureDocument) {
  return listFields(doc.form).filter(f => f.type === 'number')
}

export function feeItemToForm(item: FeeItem): FormValues {
  return { id: item.id, ...localizedToForm('label', item.label), unitYen: String(item.unitYen), quantityField: item.quantityField ?? '', ...conditionToForm(item.showIf) }
}

export function readFeeItemForm(form: FormValues, doc: ProcedureDocument, current: FeeItem | undefined): { item?: FeeItem; problems: FormProblem[] } {
  const problems: FormProblem[] = []
  const id = text(form, 'id')
  if (!FIELD_ID_PATTERN.test(id)) problems.push({ field: 'id', key: 'builder.element.idFormat' })
  const label = localized(form, 'label', problems, { required: true, max: 200 })
  const unitYen = integer(form, 'unitYen', problems, { min: 0, max: 10_000_000, required: true })
  const quantityField = text(form, 'quantityField')
  if (quantityField !== '' && !quantityCandidates(doc).some(f => f.id === quantityField)) problems.push({ field: 'quantityField', key: 'builder.form.chooseFromList' })
  const showIf = readConditionForm(form, feeConditionCandidates(doc), current?.showIf, problems)
  if (problems.length > 0 || !label || unitYen === undefined) return { problems }
  return { item: { id, label, unitYen, ...(quantityField ? { quantityField } : {}), ...(showIf ? { showIf } : {}) }, problems }
}

export function exemptionToForm(exemption: FeeExemption): FormValues {
  return { ...localizedToForm('label', exemption.label), items: [...(exemption.items ?? [])], ...conditionToForm(exemption.when) }
}

export function readExemptionForm(form: FormValues, doc: ProcedureDocument, current: FeeExemption | undefined): { exemption?: FeeExemption; problems: FormProblem[] } {
  const problems: FormProblem[] = []
  const label = localized(form, 'label', problems, { required: true, max: 200 })
  const known = doc.fee?.items.map(i => i.id) ?? []
  const items = list(form, 'items').filter(id => known.includes(id))
  const when = readConditionForm(form, feeConditionCandidates(doc), current?.when, problems, { required: true })
  if (problems.length > 0 || !label || !when) return { problems }
  // none ticked, or all of them: the exemption waives the whole fee (also items added later)
  const waivesAll = items.length === 0 || items.length === known.length
  return { exemption: { label, when, ...(waivesAll ? {} : { items }) }, problems }
}
