import type { Platform } from '../../platform.js'
import type { TenantContext } from '../../tenancy/tenant-service.js'
import type { ApiKeyScope } from './api-key-format.js'
import { createApiKeyService, type CreatedApiKey } from './api-key-service.js'

/**
 * Creates a key through the real service (hashed, audited) as the given staff member, for
 * integration tests that exercise the API rather than the staff page.
 */
export function createTestApiKey(
  platform: Platform,
  tenant: TenantContext,
  staffId: string,
  options: { scopes?: ApiKeyScope[]; name?: string; rateLimitPerMinute?: number; expiresOn?: string | null } = {},
): Promise<CreatedApiKey> {
  const actor = { id: staffId, email: 'test@example.jp', displayName: 'test', assignments: [], permissions: new Set(['admin.api-keys'] as const) }
  return createApiKeyService({ db: platform.database.db }).createApiKey(
    { tenant, actor, requestId: 'test' },
    {
      name: options.name ?? 'テスト端末',
      scopes: options.scopes ?? ['procedures:read', 'applications:write', 'applications:read'],
      rateLimitPerMinute: options.rateLimitPerMinute ?? 120,
      expiresOn: options.expiresOn ?? null,
    },
  )
}
