import type { Transaction } from 'kysely'
import type { Database } from '../../../platform/db/schema.js'

/** Demo data of this area for デモ市 (stub: helper fills in). */
export async function seedTemplatesDemo(_trx: Transaction<Database>, _tenantId: string): Promise<void> {}
