/**
 * What the `reservations.close-lottery` job needs beyond its JobContext: the reservation deps
 * (notifier, job queue, payments) for booking's expireDueBookings and the result notices, and the
 * tenant's context. registerLottery installs the deps in every process that builds the app; a
 * worker-only process calls installLotteryRuntime from its startup (see lottery/README.md).
 */
import type { Executor } from '../../../platform/db/tenant-context.js'
import { parseTenantSettings } from '../../../platform/tenancy/tenant-settings.js'
import type { TenantContext } from '../../../platform/tenancy/tenant-service.js'
import type { ReservationDeps } from '../reservation-deps.js'

let installed: ReservationDeps | undefined

export function installLotteryRuntime(deps: ReservationDeps): void {
  installed = deps
}

export function requireLotteryRuntime(): ReservationDeps {
  if (!installed) throw new Error('reservations lottery runtime not installed in this process (installLotteryRuntime(deps))')
  return installed
}

/** The tenant of a job, read in its own transaction (a job carries only the tenant id). */
export async function tenantContextById(trx: Executor, tenantId: string): Promise<TenantContext | undefined> {
  const row = await trx.selectFrom('tenants').select(['id', 'slug', 'name', 'nameEn', 'lgCode', 'settings']).where('id', '=', tenantId).executeTakeFirst()
  return row ? { id: row.id, slug: row.slug, name: row.name, nameEn: row.nameEn, lgCode: row.lgCode, settings: parseTenantSettings(row.settings) } : undefined
}
