/**
 * Keeps every active resource's slots generated ahead of its booking windows, so that the day
 * which enters a three-month window tomorrow has its slots without anyone pressing 予約枠を作る.
 * Forward only: it starts after the last open slot a resource has (or today), so slots staff
 * already generated, edited or closed are never touched. generateSlots is idempotent, so two
 * workers running it at once, or a rerun after a crash, create nothing twice (the slots'
 * UNIQUE (tenant_id, resource_id, starts_at) backs that up).
 */
import { startBackgroundLoop } from '../../../platform/jobs/background-loop.js'
import type { Platform } from '../../../platform/platform.js'
import { recordAudit } from '../../../platform/audit/audit-log.js'
import { withTenant } from '../../../platform/db/tenant-context.js'
import { addCalendarDays } from '../../../jp/calendar-date.js'
import { reservationsDb } from '../reservation-tables.js'
import { tokyoDate } from '../reservation-time.js'
import { summariseSlots } from './calendar-repository.js'
import { generateSlots, MAX_GENERATION_DAYS } from './slot-generation.js'

/** How often the loop runs: often enough that a missed run (a restart) costs nothing. */
export const SLOT_EXTENSION_INTERVAL_MS = 6 * 60 * 60 * 1000
/** Days generated beyond the longest window, so a late run still finds the next days ready. */
export const SLOT_EXTENSION_MARGIN_DAYS = 7

export interface SlotExtensionResult {
  resources: number
  created: number
}

/** The last Tokyo date a resource's slots should reach: its longest window (groups' priority days included) plus the margin. */
export function extensionHorizon(today: string, resource: { residentWindowDays: number; nonResidentWindowDays: number }, groupPriorityDays: number): string {
  const days = Math.max(resource.residentWindowDays, resource.nonResidentWindowDays) + Math.max(0, groupPriorityDays) + SLOT_EXTENSION_MARGIN_DAYS
  return addCalendarDays(today, Math.min(days, MAX_GENERATION_DAYS - 1))
}

/** One pass over one tenant: each active resource with templates is extended in its own short transaction. */
export async function extendTenantSlots(platform: Platform, tenantId: string, now: Date = new Date()): Promise<SlotExtensionResult> {
  const db = platform.database.db
  const today = tokyoDate(now)
  const { resources, groupPriorityDays } = await withTenant(db, tenantId, async trx => {
    const rdb = reservationsDb(trx)
    const withTemplates = await rdb
      .selectFrom('reservationResources as r')
      .select(['r.id', 'r.residentWindowDays', 'r.nonResidentWindowDays'])
      .where('r.tenantId', '=', tenantId)
      .where('r.status', '=', 'active')
      .where(eb => eb.exists(eb.selectFrom('reservationSlotTemplates as t').select('t.id').whereRef('t.tenantId', '=', 'r.tenantId').whereRef('t.resourceId', '=', 'r.id')))
      .orderBy('r.id')
      .execute()
    const priority = await rdb.selectFrom('reservationGroups').select(eb => eb.fn.max('priorityDays').as('days')).where('tenantId', '=', tenantId).where('status', '=', 'approved').executeTakeFirst()
    return { resources: withTemplates, groupPriorityDays: Number(priority?.days ?? 0) }
  })
  let created = 0
  for (const resource of resources) {
    const until = extensionHorizon(today, resource, groupPriorityDays)
    created += await withTenant(db, tenantId, async trx => {
      const { lastStartsAt } = await summariseSlots(trx, tenantId, resource.id, new Date(0))
      const next = lastStartsAt ? addCalendarDays(tokyoDate(lastStartsAt), 1) : today
      const from = next > today ? next : today
      if (from > until) return 0
      const result = await generateSlots(trx, tenantId, resource.id, from, until)
      if (result.created > 0) {
        await recordAudit(trx, tenantId, { actor: { type: 'system' }, action: 'reservations.extend-slots', subjectType: 'reservation_resource', subjectId: resource.id, details: { from, until, created: result.created } })
      }
      return result.created
    })
  }
  return { resources: resources.length, created }
}

/** One pass over every active tenant; a tenant that fails is logged and the others go on. */
export async function extendAllSlots(platform: Platform, now: Date = new Date()): Promise<SlotExtensionResult> {
  const total: SlotExtensionResult = { resources: 0, created: 0 }
  for (const tenant of await platform.tenants.listTenants()) {
    try {
      const result = await extendTenantSlots(platform, tenant.id, now)
      total.resources += result.resources
      total.created += result.created
    } catch (error) {
      platform.logger.error({ err: error, tenantId: tenant.id }, 'slot extension failed for a tenant')
    }
  }
  return total
}

/** The loop beside the job workers (src/jobs.ts backgroundLoops): at start, then every interval. */
export function startSlotExtension(platform: Platform): { stop(): Promise<void> } {
  return startBackgroundLoop(platform, 'slot extension', SLOT_EXTENSION_INTERVAL_MS, async () => {
    const result = await extendAllSlots(platform)
    if (result.created > 0) platform.logger.info(result, 'reservation slots extended')
  })
}
