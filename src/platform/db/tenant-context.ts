import { CompiledQuery, sql, type Kysely, type Transaction } from 'kysely'
import type { Database } from './schema.js'

export type Db = Kysely<Database>
export type Executor = Kysely<Database> | Transaction<Database>

/**
 * Runs `fn` in a transaction bound to one tenant: `app.tenant_id` is set transaction-locally,
 * so row-level security shows and accepts only that tenant's rows.
 */
export async function withTenant<T>(db: Db, tenantId: string, fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  return db.transaction().execute(async trx => {
    await sql`SELECT set_config('app.tenant_id', ${tenantId}, true)`.execute(trx)
    return fn(trx)
  })
}

/** Raw SQL through an executor in pg-boss's `executeSql` shape (used to enqueue inside a transaction). */
export function executeSqlOn(executor: Executor) {
  return async (text: string, values: unknown[] = []) => {
    const result = await executor.executeQuery(CompiledQuery.raw(text, values))
    return { rows: result.rows as unknown[] }
  }
}
