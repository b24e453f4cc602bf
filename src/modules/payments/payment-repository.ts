import type { Insertable } from 'kysely'
import type { Executor } from '../../platform/db/tenant-context.js'
import { paymentsDb, type Payment, type PaymentEvent, type PaymentEventsTable, type PaymentsTable, type PaymentStatus } from './payment-tables.js'

/** SQL of the payments module and nothing else. Every function takes the caller's executor. */

export async function findPaymentByIdempotencyKey(trx: Executor, tenantId: string, idempotencyKey: string): Promise<Payment | undefined> {
  return paymentsDb(trx).selectFrom('payments').selectAll().where('tenantId', '=', tenantId).where('idempotencyKey', '=', idempotencyKey).executeTakeFirst()
}

/** Inserts unless the idempotency key is taken (a concurrent twin); undefined then. */
export async function insertPayment(trx: Executor, row: Insertable<PaymentsTable>): Promise<Payment | undefined> {
  return paymentsDb(trx)
    .insertInto('payments')
    .values(row)
    .onConflict(oc => oc.columns(['tenantId', 'idempotencyKey']).doNothing())
    .returningAll()
    .executeTakeFirst()
}

/** One payment; `forUpdate` locks it until the transaction ends (serialises status changes). */
export async function findPayment(trx: Executor, tenantId: string, id: string, options: { forUpdate?: boolean } = {}): Promise<Payment | undefined> {
  let query = paymentsDb(trx).selectFrom('payments').selectAll().where('tenantId', '=', tenantId).where('id', '=', id)
  if (options.forUpdate) query = query.forUpdate()
  return query.executeTakeFirst()
}

export async function findPaymentByProviderId(trx: Executor, tenantId: string, provider: string, providerPaymentId: string): Promise<Payment | undefined> {
  return paymentsDb(trx)
    .selectFrom('payments')
    .selectAll()
    .where('tenantId', '=', tenantId)
    .where('provider', '=', provider)
    .where('providerPaymentId', '=', providerPaymentId)
    .forUpdate()
    .executeTakeFirst()
}

export async function findResidentPayment(trx: Executor, tenantId: string, residentId: string, id: string): Promise<Payment | undefined> {
  return paymentsDb(trx).selectFrom('payments').selectAll().where('tenantId', '=', tenantId).where('residentId', '=', residentId).where('id', '=', id).executeTakeFirst()
}

const TIME_COLUMN = {
  pending: undefined,
  created: undefined,
  captured: 'capturedAt',
  failed: 'failedAt',
  cancelled: 'cancelledAt',
  refunded: 'refundedAt',
  expired: 'expiredAt',
} as const satisfies Record<PaymentStatus, keyof PaymentsTable | undefined>

/** Moves a payment from `from` to `to` (compare-and-set: nothing happens if it is no longer `from`). */
export async function updatePaymentStatus(trx: Executor, tenantId: string, id: string, from: PaymentStatus, to: PaymentStatus, at: Date): Promise<Payment | undefined> {
  const column = TIME_COLUMN[to]
  return paymentsDb(trx)
    .updateTable('payments')
    .set({ status: to, updatedAt: at, ...(column ? { [column]: at } : {}) })
    .where('tenantId', '=', tenantId)
    .where('id', '=', id)
    .where('status', '=', from)
    .returningAll()
    .executeTakeFirst()
}

/** Records a provider event unless the same (provider, event id) was recorded before: undefined then. */
export async function insertPaymentEvent(trx: Executor, row: Insertable<PaymentEventsTable>): Promise<{ id: string } | undefined> {
  return paymentsDb(trx)
    .insertInto('paymentEvents')
    .values(row)
    .onConflict(oc => oc.columns(['tenantId', 'provider', 'providerEventId']).doNothing())
    .returning('id')
    .executeTakeFirst()
}

export async function listPaymentEvents(trx: Executor, tenantId: string, paymentId: string): Promise<PaymentEvent[]> {
  return paymentsDb(trx).selectFrom('paymentEvents').selectAll().where('tenantId', '=', tenantId).where('paymentId', '=', paymentId).orderBy('receivedAt').orderBy('id').execute()
}

export interface PaymentFilter {
  status?: PaymentStatus
  /** created at or after */
  from?: Date
  /** created before */
  before?: Date
}

function filtered(trx: Executor, tenantId: string, filter: PaymentFilter) {
  let query = paymentsDb(trx).selectFrom('payments').where('tenantId', '=', tenantId)
  if (filter.status) query = query.where('status', '=', filter.status)
  if (filter.from) query = query.where('createdAt', '>=', filter.from)
  if (filter.before) query = query.where('createdAt', '<', filter.before)
  return query
}

export async function listPayments(trx: Executor, tenantId: string, filter: PaymentFilter, page: { offset: number; limit: number }): Promise<Payment[]> {
  return filtered(trx, tenantId, filter).selectAll().orderBy('createdAt', 'desc').orderBy('id').offset(page.offset).limit(page.limit).execute()
}

export async function countPayments(trx: Executor, tenantId: string, filter: PaymentFilter): Promise<number> {
  const row = await filtered(trx, tenantId, filter)
    .select(eb => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow()
  return Number(row.count)
}

/** Online checkouts past their expiry and still unpaid, locked (skipping ones another worker holds). */
export async function listOverdueCheckouts(trx: Executor, tenantId: string, now: Date, limit: number): Promise<Payment[]> {
  return paymentsDb(trx)
    .selectFrom('payments')
    .selectAll()
    .where('tenantId', '=', tenantId)
    .where('status', '=', 'created')
    .where('method', '=', 'online')
    .where('expiresAt', '<=', now)
    .orderBy('expiresAt')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute()
}

/** Payments captured, or refunded, within [from, before): the lines of a reconciliation file. */
export async function listSettledBetween(trx: Executor, tenantId: string, from: Date, before: Date): Promise<Payment[]> {
  return paymentsDb(trx)
    .selectFrom('payments')
    .selectAll()
    .where('tenantId', '=', tenantId)
    .where(eb => eb.or([eb.and([eb('capturedAt', '>=', from), eb('capturedAt', '<', before)]), eb.and([eb('refundedAt', '>=', from), eb('refundedAt', '<', before)])]))
    .orderBy('capturedAt')
    .orderBy('id')
    .execute()
}

export async function findTenantNames(trx: Executor, tenantId: string): Promise<{ slug: string; name: string } | undefined> {
  return trx.selectFrom('tenants').select(['slug', 'name']).where('id', '=', tenantId).executeTakeFirst()
}
