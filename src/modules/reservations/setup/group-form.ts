/** The 団体登録 application (resident) and the approval form (staff). Pure. */
import { boundedText, integer, isTicked, text, type FormProblem, type FormResult, type FormValues } from './setup-form-values.js'

const K = 'reservations.setup.form.'

export interface GroupApplicationValues {
  name: string
  memberCount: number
  isResidentGroup: boolean
  /** an exemption the group asks for (staff confirm it when approving) */
  exemptionCode: string | null
}

export function readGroupApplication(form: FormValues, exemptionCodes: readonly string[]): FormResult<GroupApplicationValues> {
  const problems: FormProblem[] = []
  const name = boundedText(form, 'name', problems, { max: 100, required: true, singleLine: true })
  const memberCount = integer(form, 'memberCount', problems, { min: 1, max: 10000 })
  const exemption = text(form, 'exemptionCode')
  if (exemption !== '' && !exemptionCodes.includes(exemption)) problems.push({ field: 'exemptionCode', key: `${K}choice` })
  if (!isTicked(form, 'agree')) problems.push({ field: 'agree', key: 'reservations.setup.groupApply.agreeRequired' })
  if (problems.length > 0) return { ok: false, problems }
  return { ok: true, values: { name, memberCount, isResidentGroup: isTicked(form, 'isResidentGroup'), exemptionCode: exemption || null } }
}

export interface GroupApprovalValues {
  priorityDays: number
  maxActiveBookings: number
  exemptionCode: string | null
  isResidentGroup: boolean
}

export function readGroupApproval(form: FormValues, exemptionCodes: readonly string[]): FormResult<GroupApprovalValues> {
  const problems: FormProblem[] = []
  const priorityDays = integer(form, 'priorityDays', problems, { min: 0, max: 365 })
  const maxActiveBookings = integer(form, 'maxActiveBookings', problems, { min: 1, max: 200 })
  const exemption = text(form, 'exemptionCode')
  if (exemption !== '' && !exemptionCodes.includes(exemption)) problems.push({ field: 'exemptionCode', key: `${K}choice` })
  if (problems.length > 0) return { ok: false, problems }
  return { ok: true, values: { priorityDays, maxActiveBookings, exemptionCode: exemption || null, isResidentGroup: isTicked(form, 'isResidentGroup') } }
}
