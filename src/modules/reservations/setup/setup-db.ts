/** The reservations tables seen through any executor (a transaction in practice: every query runs inside withTenant). */
import type { Transaction } from 'kysely'
import type { Database } from '../../../platform/db/schema.js'
import type { Executor } from '../../../platform/db/tenant-context.js'
import { reservationsDb } from '../reservation-tables.js'

export const rdb = (executor: Executor) => reservationsDb(executor as Transaction<Database>)

/** Postgres unique violation (two staff saving the same code at once: the constraint decides). */
export const isUniqueViolation = (error: unknown): boolean => (error as { code?: string }).code === '23505'
/** Postgres foreign key violation (a purpose still used by bookings, …). */
export const isForeignKeyViolation = (error: unknown): boolean => (error as { code?: string }).code === '23503'
