/**
 * Kysely types of the tables this module owns (migrations/0002_payments_core.sql). Repositories
 * view a platform executor through `paymentsDb()` to reach them.
 */
import type { ColumnType, Generated, Kysely, Selectable, Transaction } from 'kysely'
import type { Database } from '../../platform/db/schema.js'

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>
type CreatedAt = ColumnType<Date, never, never>
type Json<T> = ColumnType<T, string, string>

export const PAYMENT_STATUSES = ['created', 'pending', 'captured', 'failed', 'cancelled', 'refunded', 'expired'] as const
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number]

export const PAYMENT_METHODS = ['online', 'pay-easy', 'counter'] as const
export type PaymentMethod = (typeof PAYMENT_METHODS)[number]

/** What a resident needs to pay by Pay-easy at an ATM or in online banking. */
export interface PayEasyReference {
  /** 収納機関番号 (5 digits) */
  collectorCode: string
  /** お客様番号 (digits, the last one a check digit) */
  customerNumber: string
  /** 確認番号 (6 digits) */
  confirmationNumber: string
  /** 支払期限, 'YYYY-MM-DD' in Japan time */
  dueDate: string
}

export interface PaymentsTable {
  tenantId: string
  id: string
  purpose: string
  subjectId: string
  subjectReference: string
  residentId: string | null
  amountYen: number
  description: string
  status: Generated<PaymentStatus>
  method: PaymentMethod
  provider: string
  providerPaymentId: string | null
  redirectUrl: string | null
  payEasy: ColumnType<PayEasyReference | null, string | null, string | null>
  idempotencyKey: string
  returnUrl: string
  expiresAt: Date | null
  capturedAt: Date | null
  failedAt: Date | null
  cancelledAt: Date | null
  refundedAt: Date | null
  expiredAt: Date | null
  createdAt: CreatedAt
  updatedAt: Timestamp
}

export interface PaymentEventsTable {
  tenantId: string
  id: Generated<string>
  paymentId: string
  provider: string
  providerEventId: string
  type: string
  occurredAt: Date
  receivedAt: Generated<Date>
  applied: boolean
  ignoredReason: string | null
  payload: Json<unknown>
  createdAt: CreatedAt
  updatedAt: Timestamp
}

export interface PaymentTables {
  payments: PaymentsTable
  paymentEvents: PaymentEventsTable
}

export type PaymentsDatabase = Database & PaymentTables
export type PaymentsExecutor = Kysely<PaymentsDatabase> | Transaction<PaymentsDatabase>

/** The same connection or transaction, typed to see this module's tables too. */
export function paymentsDb(executor: Kysely<Database> | Transaction<Database>): PaymentsExecutor {
  return executor as unknown as PaymentsExecutor
}

/** A payment as stored (what settlement hooks receive). */
export type Payment = Selectable<PaymentsTable>
export type PaymentEvent = Selectable<PaymentEventsTable>
