/**
 * Forms of the processing pages. Messages are catalog keys (translated by the routes); texts
 * are NFC-normalised with line breaks kept, and control characters are refused.
 */
import { z } from 'zod'
import { readDate } from '../form/form-answers.js'
import { REASON_MAX_LENGTH } from './decision-rules.js'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/

function cleanText(value: string): string {
  return value.normalize('NFC').replace(/\r\n?/g, '\n').trim()
}

/** Free text (a message, a reason, a note): required or not, at most `max` characters. */
function text(max: number, requiredKey?: string) {
  return z
    .string()
    .max(max * 4, { message: `processing.form.tooLong:${max}` })
    .transform(cleanText)
    .pipe(
      z
        .string()
        .min(requiredKey ? 1 : 0, { message: requiredKey ?? 'processing.form.invalid' })
        .refine(v => [...v].length <= max, { message: `processing.form.tooLong:${max}` })
        .refine(v => !CONTROL.test(v), { message: 'processing.form.invalidCharacters' }),
    )
}

const uuid = (message: string) => z.string().regex(UUID, { message }).transform(v => v.toLowerCase())
const optionalUuid = z.string().refine(v => v === '' || UUID.test(v), { message: 'processing.form.invalid' }).transform(v => (v === '' ? null : v.toLowerCase()))
const isoDate = (message: string) =>
  z.string().transform((v, ctx) => {
    const date = readDate(v)
    if (!date) {
      ctx.addIssue({ code: 'custom', message })
      return z.NEVER
    }
    return date
  })
const step = z.string().regex(/^[1-9]$/, { message: 'processing.form.invalid' }).transform(Number)

export const AssignSchema = z.object({ assignee: uuid('processing.assign.errors.required') })

export const RequestCorrectionSchema = z.object({ message: text(2000, 'processing.correction.errors.required') })
export type RequestCorrectionInput = z.infer<typeof RequestCorrectionSchema>

export const DecideSchema = z
  .object({
    decision: z.enum(['approved', 'rejected'], { message: 'processing.decide.errors.decisionRequired' }),
    reason: text(REASON_MAX_LENGTH),
  })
  .superRefine((value, ctx) => {
    // A refusal must say why (行政手続法 第8条: 理由の提示).
    if (value.decision === 'rejected' && value.reason === '') ctx.addIssue({ code: 'custom', path: ['reason'], message: 'processing.decide.errors.reasonRequired' })
  })
export type DecideInput = z.infer<typeof DecideSchema>

export const NoteSchema = z.object({ body: text(4000, 'processing.notes.errors.required') })

export const SignSchema = z.object({ step, onBehalfOf: optionalUuid, comment: text(1000) })
export type SignInput = z.infer<typeof SignSchema>

export const ReturnSchema = z.object({ step, onBehalfOf: optionalUuid, comment: text(1000, 'processing.approvals.errors.returnCommentRequired') })
export type ReturnInput = z.infer<typeof ReturnSchema>

export const DelegationSchema = z.object({
  to: uuid('processing.delegations.errors.toRequired'),
  startsOn: isoDate('processing.delegations.errors.startsOn'),
  endsOn: isoDate('processing.delegations.errors.endsOn'),
})
export type DelegationInput = z.infer<typeof DelegationSchema>

export const RevealSchema = z.object({ field: z.string().regex(/^[a-z][a-zA-Z0-9]{0,39}$/, { message: 'processing.form.invalid' }) })

/** Field name → catalog key of its first problem. */
export function formErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {}
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? 'form')
    out[field] ??= issue.message.startsWith('processing.') ? issue.message : 'processing.form.invalid'
  }
  return out
}

/** The named fields of an urlencoded body as strings ('' when missing or repeated). */
export function formFields<const Name extends string>(body: unknown, names: readonly Name[]): Record<Name, string> {
  const source = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {}
  const out = {} as Record<Name, string>
  for (const name of names) {
    const value = source[name]
    out[name] = typeof value === 'string' ? value : ''
  }
  return out
}
