import { sql } from 'kysely'
import { z } from 'zod'
import { recordAudit } from '../audit/audit-log.js'
import { isValidLgCode } from '../../jp/lg-code.js'
import { AppError } from '../errors.js'
import type { Db } from '../db/tenant-context.js'
import { parseTenantSettings, TenantSettingsSchema, type TenantSettings } from './tenant-settings.js'

export interface TenantContext {
  id: string
  slug: string
  name: string
  nameEn: string
  lgCode: string
  settings: TenantSettings
}

export const RESERVED_SLUGS = new Set(['api', 'static', 'healthz', 'readyz', 'metrics', 'dev-idp', 'dev-pay', 'dev-line', 'dev-sms', 'dev-push', 'dev-mail', 'dev', 'favicon.ico', 'robots.txt', 'staff', 'admin'])

export const CreateTenantSchema = z.object({
  slug: z
    .string()
    .regex(/^[a-z][a-z0-9-]{1,39}$/, 'slug: 2–40 lower-case letters, digits or hyphens, starting with a letter')
    .refine(s => !RESERVED_SLUGS.has(s), 'slug: this name is reserved'),
  name: z.string().trim().min(1).max(100),
  nameEn: z.string().trim().min(1).max(100),
  lgCode: z.string().refine(isValidLgCode, 'lgCode: not a valid 全国地方公共団体コード (6 digits with check digit)'),
  settings: TenantSettingsSchema.partial().optional(),
})
export type CreateTenantInput = z.input<typeof CreateTenantSchema>

const tenantExists = () => new AppError('CONFLICT', 'TENANCY.ALREADY_EXISTS', 'errors.tenantExists')

/** Tenant registry with a short in-process cache (settings change rarely; 30 s staleness is fine). */
export function createTenantService(db: Db) {
  const cache = new Map<string, { tenant: TenantContext | undefined; at: number }>()
  const TTL_MS = 30_000

  function toContext(row: { id: string; slug: string; name: string; nameEn: string; lgCode: string; settings: unknown }): TenantContext {
    return { id: row.id, slug: row.slug, name: row.name, nameEn: row.nameEn, lgCode: row.lgCode, settings: parseTenantSettings(row.settings) }
  }

  return {
    async findTenantBySlug(slug: string): Promise<TenantContext | undefined> {
      const hit = cache.get(slug)
      if (hit && Date.now() - hit.at < TTL_MS) return hit.tenant
      if (!/^[a-z][a-z0-9-]{1,39}$/.test(slug)) return undefined
      const row = await db
        .selectFrom('tenants')
        .select(['id', 'slug', 'name', 'nameEn', 'lgCode', 'settings'])
        .where('slug', '=', slug)
        .where('status', '=', 'active')
        .executeTakeFirst()
      const tenant = row ? toContext(row) : undefined
      // Misses are not cached (random slugs must not grow memory); hits are bounded too.
      if (tenant) {
        if (cache.size >= 10_000) cache.clear()
        cache.set(slug, { tenant, at: Date.now() })
      }
      return tenant
    },

    async listTenants(): Promise<TenantContext[]> {
      const rows = await db
        .selectFrom('tenants')
        .select(['id', 'slug', 'name', 'nameEn', 'lgCode', 'settings'])
        .where('status', '=', 'active')
        .orderBy('lgCode')
        .execute()
      return rows.map(toContext)
    },

    forget(slug: string) {
      cache.delete(slug)
    },
  }
}
export type TenantService = ReturnType<typeof createTenantService>

/**
 * Creates a municipality and opens its audit chain with the creation, in one transaction. Runs
 * as the schema owner (operators only: the app role may not insert tenants), so it takes the
 * owner's Kysely instance.
 */
export async function createTenant(ownerDb: Db, input: CreateTenantInput): Promise<TenantContext> {
  const parsed = CreateTenantSchema.parse(input)
  const settings = TenantSettingsSchema.parse(parsed.settings ?? {})
  return ownerDb.transaction().execute(async trx => {
    const existing = await trx
      .selectFrom('tenants')
      .select('id')
      .where(eb => eb.or([eb('slug', '=', parsed.slug), eb('lgCode', '=', parsed.lgCode)]))
      .executeTakeFirst()
    if (existing) throw tenantExists()
    const row = await trx
      .insertInto('tenants')
      .values({ slug: parsed.slug, name: parsed.name, nameEn: parsed.nameEn, lgCode: parsed.lgCode, settings: JSON.stringify(settings) })
      .returning(['id', 'slug', 'name', 'nameEn', 'lgCode', 'settings'])
      .executeTakeFirstOrThrow()
    await sql`SELECT set_config('app.tenant_id', ${row.id}, true)`.execute(trx)
    await recordAudit(trx, row.id, { actor: { type: 'operator' }, action: 'tenancy.create-tenant', subjectType: 'tenant', subjectId: row.id, details: { slug: row.slug } })
    return { ...row, settings: parseTenantSettings(row.settings) }
  })
}
