/** The tenant of a job or a payment settlement, read in its own transaction (they carry only the tenant id). */
import type { Executor } from '../../../platform/db/tenant-context.js'
import { parseTenantSettings } from '../../../platform/tenancy/tenant-settings.js'
import type { TenantContext } from '../../../platform/tenancy/tenant-service.js'

export async function tenantContextOf(trx: Executor, tenantId: string): Promise<TenantContext | undefined> {
  const row = await trx.selectFrom('tenants').select(['id', 'slug', 'name', 'nameEn', 'lgCode', 'settings']).where('id', '=', tenantId).executeTakeFirst()
  return row ? { id: row.id, slug: row.slug, name: row.name, nameEn: row.nameEn, lgCode: row.lgCode, settings: parseTenantSettings(row.settings) } : undefined
}
