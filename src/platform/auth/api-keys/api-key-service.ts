import { recordAudit } from '../../audit/audit-log.js'
import { forbidden } from '../../errors.js'
import { withTenant, type Db } from '../../db/tenant-context.js'
import type { StaffPrincipal } from '../../http/types.js'
import type { TenantContext } from '../../tenancy/tenant-service.js'
import {
  apiKeyInvalidity,
  generateApiKey,
  isLastUsedStale,
  LAST_USED_RESOLUTION_MS,
  normalizeScopes,
  parseApiKey,
  type ApiKeyRejection,
  type ApiKeyScope,
} from './api-key-format.js'
import { apiKeyNotFound } from './api-key-errors.js'
import { findApiKeyByHash, findApiKeyForUpdate, insertApiKey, listApiKeys, markApiKeyRevoked, touchApiKeyLastUsed, type ApiKeyRow } from './api-key-repository.js'
import { endOfTokyoDay, type CreateApiKeyInput } from './api-key-schemas.js'

/** The caller of a key-management action: who, where, under which request id (for audit). */
export interface StaffRequest {
  tenant: TenantContext
  actor: StaffPrincipal
  requestId: string
}

/** The key a request was authenticated with (`req.apiKey`). */
export interface ApiKeyPrincipal {
  id: string
  tenantId: string
  scopes: ApiKeyScope[]
  rateLimitPerMinute: number
}

export interface CreatedApiKey {
  id: string
  name: string
  /** The whole key: shown once, never stored. */
  key: string
  scopes: ApiKeyScope[]
  expiresAt: Date | null
}

function requireKeyAdmin(actor: StaffPrincipal): void {
  // Checked here too although routes declare it: the service may be called from elsewhere.
  if (!actor.permissions.has('admin.api-keys')) throw forbidden('AUTH.PERMISSION_DENIED')
}

/** Key management for the staff console: list, create (secret returned once), revoke. Each change audited. */
export function createApiKeyService({ db }: { db: Db }) {
  return {
    async listApiKeys({ tenant, actor }: StaffRequest): Promise<ApiKeyRow[]> {
      requireKeyAdmin(actor)
      return withTenant(db, tenant.id, trx => listApiKeys(trx, tenant.id))
    },

    async createApiKey({ tenant, actor, requestId }: StaffRequest, input: CreateApiKeyInput): Promise<CreatedApiKey> {
      requireKeyAdmin(actor)
      const secret = generateApiKey(tenant.slug)
      const scopes = normalizeScopes(input.scopes)
      return withTenant(db, tenant.id, async trx => {
        const row = await insertApiKey(trx, tenant.id, {
          name: input.name,
          keyPrefix: secret.keyPrefix,
          keyHash: secret.keyHash,
          scopes,
          rateLimitPerMinute: input.rateLimitPerMinute,
          expiresAt: input.expiresOn ? endOfTokyoDay(input.expiresOn) : null,
          createdBy: actor.id,
        })
        await recordAudit(trx, tenant.id, {
          actor: { type: 'staff', id: actor.id },
          action: 'api-key.create',
          subjectType: 'api_key',
          subjectId: row.id,
          details: { name: row.name, keyPrefix: row.keyPrefix, scopes, rateLimitPerMinute: row.rateLimitPerMinute, expiresAt: row.expiresAt?.toISOString() ?? null },
          requestId,
        })
        return { id: row.id, name: row.name, key: secret.key, scopes, expiresAt: row.expiresAt }
      })
    },

    /** Revoking twice is harmless (the second time records nothing). */
    async revokeApiKey({ tenant, actor, requestId }: StaffRequest, id: string): Promise<void> {
      requireKeyAdmin(actor)
      await withTenant(db, tenant.id, async trx => {
        const key = await findApiKeyForUpdate(trx, tenant.id, id)
        if (!key) throw apiKeyNotFound()
        if (key.revokedAt) return
        await markApiKeyRevoked(trx, tenant.id, id, actor.id)
        await recordAudit(trx, tenant.id, {
          actor: { type: 'staff', id: actor.id },
          action: 'api-key.revoke',
          subjectType: 'api_key',
          subjectId: id,
          details: { name: key.name, keyPrefix: key.keyPrefix, scopes: key.scopes },
          requestId,
        })
      })
    },
  }
}
export type ApiKeyService = ReturnType<typeof createApiKeyService>

export type ApiKeyAuthentication = { ok: true; apiKey: ApiKeyPrincipal } | { ok: false; reason: ApiKeyRejection }

/**
 * Checks a presented key against the municipality in the URL. A key of another municipality is
 * refused before any lookup (its slug differs), and RLS would not find it anyway.
 */
export async function authenticateApiKey(db: Db, tenant: TenantContext, presented: string | undefined, now = new Date()): Promise<ApiKeyAuthentication> {
  if (!presented) return { ok: false, reason: 'missing' }
  const parsed = parseApiKey(presented)
  if (!parsed) return { ok: false, reason: 'malformed' }
  if (parsed.tenantSlug !== tenant.slug) return { ok: false, reason: 'wrong-tenant' }
  return withTenant(db, tenant.id, async trx => {
    const key = await findApiKeyByHash(trx, tenant.id, parsed.keyHash)
    if (!key) return { ok: false, reason: 'unknown' } as const
    const invalid = apiKeyInvalidity(key, now)
    if (invalid) return { ok: false, reason: invalid } as const
    if (isLastUsedStale(key.lastUsedAt, now)) await touchApiKeyLastUsed(trx, tenant.id, key.id, now, new Date(now.getTime() - LAST_USED_RESOLUTION_MS))
    return { ok: true, apiKey: { id: key.id, tenantId: key.tenantId, scopes: key.scopes, rateLimitPerMinute: key.rateLimitPerMinute } } as const
  })
}
