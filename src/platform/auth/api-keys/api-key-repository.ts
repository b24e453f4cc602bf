/**
 * SQL for `api_keys` (migrations/0005_api_keys.sql). Every function takes the caller's executor,
 * bound to the tenant by withTenant (row-level security applies).
 */
import type { ColumnType, Generated } from 'kysely'
import type { Executor } from '../../db/tenant-context.js'
import type { ApiKeyScope } from './api-key-format.js'

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>
type CreatedAt = ColumnType<Date, Date | string | undefined, never>

export interface ApiKeysTable {
  tenantId: string
  id: Generated<string>
  name: string
  keyPrefix: string
  keyHash: string
  scopes: ColumnType<ApiKeyScope[], ApiKeyScope[], ApiKeyScope[]>
  rateLimitPerMinute: Generated<number>
  createdBy: string
  lastUsedAt: Date | null
  expiresAt: Date | null
  revokedAt: Date | null
  revokedBy: string | null
  createdAt: CreatedAt
  updatedAt: Timestamp
}

// The table joins the shared Database interface by augmentation (as stored_files does), so
// platform/db/schema.ts need not know about it.
declare module '../../db/schema.js' {
  interface Database {
    apiKeys: ApiKeysTable
  }
}

/** A key as staff see it: everything but the hash. */
export interface ApiKeyRow {
  id: string
  name: string
  keyPrefix: string
  scopes: ApiKeyScope[]
  rateLimitPerMinute: number
  createdBy: string
  createdByName: string
  lastUsedAt: Date | null
  expiresAt: Date | null
  revokedAt: Date | null
  createdAt: Date
}

/** What authentication needs of a key. */
export interface ApiKeyCredential {
  id: string
  tenantId: string
  scopes: ApiKeyScope[]
  rateLimitPerMinute: number
  lastUsedAt: Date | null
  expiresAt: Date | null
  revokedAt: Date | null
}

export function listApiKeys(trx: Executor, tenantId: string): Promise<ApiKeyRow[]> {
  return trx
    .selectFrom('apiKeys as k')
    .innerJoin('staffUsers as s', join => join.onRef('s.tenantId', '=', 'k.tenantId').onRef('s.id', '=', 'k.createdBy'))
    .select(['k.id', 'k.name', 'k.keyPrefix', 'k.scopes', 'k.rateLimitPerMinute', 'k.createdBy', 's.displayName as createdByName', 'k.lastUsedAt', 'k.expiresAt', 'k.revokedAt', 'k.createdAt'])
    .where('k.tenantId', '=', tenantId)
    .orderBy('k.revokedAt', 'desc')
    .orderBy('k.createdAt', 'desc')
    .limit(500)
    .execute()
}

export function findApiKeyForUpdate(trx: Executor, tenantId: string, id: string) {
  return trx.selectFrom('apiKeys').select(['id', 'name', 'keyPrefix', 'scopes', 'revokedAt']).where('tenantId', '=', tenantId).where('id', '=', id).forUpdate().executeTakeFirst()
}

export function findApiKeyByHash(trx: Executor, tenantId: string, keyHash: string): Promise<ApiKeyCredential | undefined> {
  return trx
    .selectFrom('apiKeys')
    .select(['id', 'tenantId', 'scopes', 'rateLimitPerMinute', 'lastUsedAt', 'expiresAt', 'revokedAt'])
    .where('tenantId', '=', tenantId)
    .where('keyHash', '=', keyHash)
    .executeTakeFirst()
}

export function insertApiKey(
  trx: Executor,
  tenantId: string,
  values: { name: string; keyPrefix: string; keyHash: string; scopes: ApiKeyScope[]; rateLimitPerMinute: number; expiresAt: Date | null; createdBy: string },
) {
  return trx
    .insertInto('apiKeys')
    .values({ tenantId, ...values })
    .returning(['id', 'name', 'keyPrefix', 'scopes', 'rateLimitPerMinute', 'expiresAt', 'createdAt'])
    .executeTakeFirstOrThrow()
}

export async function markApiKeyRevoked(trx: Executor, tenantId: string, id: string, staffId: string): Promise<void> {
  const now = new Date()
  await trx.updateTable('apiKeys').set({ revokedAt: now, revokedBy: staffId, updatedAt: now }).where('tenantId', '=', tenantId).where('id', '=', id).where('revokedAt', 'is', null).execute()
}

/** Guarded so concurrent requests of one key write at most once per resolution window. */
export async function touchApiKeyLastUsed(trx: Executor, tenantId: string, id: string, now: Date, staleBefore: Date): Promise<void> {
  await trx
    .updateTable('apiKeys')
    .set({ lastUsedAt: now })
    .where('tenantId', '=', tenantId)
    .where('id', '=', id)
    .where(eb => eb.or([eb('lastUsedAt', 'is', null), eb('lastUsedAt', '<', staleBefore)]))
    .execute()
}
