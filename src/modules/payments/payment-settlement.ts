import type { Transaction } from 'kysely'
import type { AuditActor } from '../../platform/audit/audit-log.js'
import type { Database } from '../../platform/db/schema.js'
import type { SettlementStatus } from './payment-rules.js'
import type { Payment, PaymentStatus } from './payment-tables.js'

/** What changed, passed to a settlement handler beside the payment itself. */
export interface PaymentStatusChange {
  from: PaymentStatus
  to: SettlementStatus
  actor: AuditActor
}

/**
 * Called inside the transaction that moved the payment: whatever the handler writes commits or
 * rolls back with the status change (a throwing handler makes the webhook fail and the provider
 * redeliver it).
 */
export type PaymentStatusHandler = (trx: Transaction<Database>, payment: Payment, change: PaymentStatusChange) => Promise<void>

/**
 * One handler per purpose, process-wide. Modules register at module load (top level of a file
 * their index.ts imports), not inside registerXxx(app): the expiry job runs in `yakuba worker`
 * processes that build no app, and must reach the same handler.
 */
const handlers = new Map<string, PaymentStatusHandler>()

/**
 * Tells the module that owns `purpose` when one of its payments is captured, failed, cancelled,
 * refunded or expired. Registering again for the same purpose replaces the handler. Returns a
 * function that removes it (tests).
 */
export function onPaymentStatusChanged(purpose: string, handler: PaymentStatusHandler): () => void {
  handlers.set(purpose, handler)
  return () => {
    if (handlers.get(purpose) === handler) handlers.delete(purpose)
  }
}

/** Runs the purpose's handler, if any (payments whose purpose nobody handles settle silently). */
export async function runSettlementHandler(trx: Transaction<Database>, payment: Payment, change: PaymentStatusChange): Promise<void> {
  const handler = handlers.get(payment.purpose)
  if (handler) await handler(trx, payment, change)
}
