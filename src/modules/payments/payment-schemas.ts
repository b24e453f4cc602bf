import { z } from 'zod'
import { normalizeText } from '../../jp/kana.js'
import { daysBetween, isCalendarDate } from './payment-rules.js'
import { PAYMENT_METHODS, PAYMENT_STATUSES } from './payment-tables.js'

/** What another module passes to createPayment (checked again here: callers are code, but bugs happen). */
export const CreatePaymentSchema = z.object({
  /** e.g. 'procedure-application': whose settlement handler hears about the outcome */
  purpose: z.string().regex(/^[a-z][a-z0-9-]{1,59}$/),
  subjectId: z.guid(),
  /** e.g. the receipt number (受付番号), shown in reconciliation */
  subjectReference: z.string().trim().min(1).max(100),
  residentId: z.guid().nullable().default(null),
  amountYen: z.number().int().positive().max(99_999_999),
  description: z.string().trim().min(1).max(200),
  method: z.enum(PAYMENT_METHODS),
  /** A path inside the tenant, e.g. `/{tenant}/applications/{id}`: where the resident goes afterwards. */
  returnUrl: z.string().min(1).max(500),
  /** Same key → the same payment, ever (a double submit creates nothing new). */
  idempotencyKey: z.string().min(8).max(200),
})
export type CreatePaymentInput = z.input<typeof CreatePaymentSchema>

/** Staff list filters: `?status=&from=&to=` (dates in Japan time, inclusive). */
const optionalDate = z
  .string()
  .trim()
  .refine(v => v === '' || isCalendarDate(v), { message: 'payments.errors.invalidDate' })

export const PaymentListFilterSchema = z
  .object({
    status: z.union([z.literal(''), z.enum(PAYMENT_STATUSES)], { message: 'payments.errors.invalidStatus' }),
    from: optionalDate,
    to: optionalDate,
  })
  .refine(f => !f.from || !f.to || f.from <= f.to, { message: 'payments.errors.dateOrder', path: ['to'] })
export type PaymentListFilter = z.infer<typeof PaymentListFilterSchema>

/** `reconciliation.csv?from=YYYY-MM-DD&to=YYYY-MM-DD&encoding=utf8|sjis` */
export const ReconciliationQuerySchema = z
  .object({
    from: z.string().refine(isCalendarDate),
    to: z.string().refine(isCalendarDate),
    encoding: z.enum(['utf8', 'sjis']).default('utf8'),
  })
  .refine(q => q.from <= q.to && daysBetween(q.from, q.to) <= 366)
export type ReconciliationQuery = z.infer<typeof ReconciliationQuerySchema>

/** Why a refund is given; recorded in the audit log. */
export const RefundFormSchema = z.object({
  reason: z
    .string()
    .transform(normalizeText)
    .pipe(
      z
        .string()
        .min(1, { message: 'payments.errors.reasonRequired' })
        .max(200, { message: 'payments.errors.reasonTooLong' })
        .refine(v => !/[\u0000-\u001f\u007f-\u009f<>]/.test(v), { message: 'payments.errors.invalidCharacters' }),
    ),
})
