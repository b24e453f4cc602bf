import { recordAudit, type AuditActor } from '../../../../platform/audit/audit-log.js'
import { withTenant } from '../../../../platform/db/tenant-context.js'
import type { Platform } from '../../../../platform/platform.js'
import type { TenantContext } from '../../../../platform/tenancy/tenant-service.js'
import type { LineMenuMode } from '../../notification-tables.js'
import { LineApiError, type LineClient } from './line-client.js'
import { findLineCredentials } from './line-credentials.js'
import { lineApiFailed, lineMenusMissing, lineNotConfigured } from './line-errors.js'
import { renderRichMenuImage } from './line-rich-menu-image.js'
import { isOwnRichMenuName, LINE_MENU_MODES, planLineRichMenus } from './line-rich-menus.js'
import { findNotificationSettings, listLineRichMenus, saveLineMenuMode, saveLineRichMenu } from './line-repository.js'
import { createTenantLineClient } from './line-transport.js'

/**
 * Rich menus on the LINE platform. `refreshLineRichMenus` (staff) creates both menus with their
 * images, stores their ids, shows the current mode's menu to everyone and removes the menus it
 * replaced; `switchLineMenuMode` (the disaster module, or staff) shows the other stored menu.
 * LINE calls are retried on 429 and 5xx with a doubling backoff; a lasting failure is a clear
 * error and changes nothing stored. No database transaction stays open during a LINE call (in
 * embedded mode one open transaction pauses every request), so work on one municipality's
 * menus is serialised in-process instead.
 */

const RETRY = { maxAttempts: 5, backoffMs: 500, maxBackoffMs: 4000, timeoutMs: 15_000 } as const

const queues = new Map<string, Promise<unknown>>()

/** Runs `work` after any earlier menu work of the same tenant has finished. */
async function oneAtATime<T>(tenantId: string, work: () => Promise<T>): Promise<T> {
  const previous = queues.get(tenantId) ?? Promise.resolve()
  const next = previous.catch(() => undefined).then(work)
  queues.set(tenantId, next)
  try {
    return await next
  } finally {
    if (queues.get(tenantId) === next) queues.delete(tenantId)
  }
}

function failed(platform: Platform, tenantId: string, error: unknown, step: string): never {
  if (error instanceof LineApiError) {
    platform.logger.warn({ tenantId, step, status: error.status, requestId: error.requestId, error: error.message }, 'LINE rich menu call failed')
    throw lineApiFailed()
  }
  throw error
}

async function tenantClient(platform: Platform, tenantId: string, options: { backoffMs?: number } = {}): Promise<LineClient | undefined> {
  const credentials = await withTenant(platform.database.db, tenantId, trx => findLineCredentials(trx, platform.config, tenantId))
  return credentials ? createTenantLineClient(platform, credentials, { ...RETRY, ...options }) : undefined
}

export interface RefreshedMenus {
  normal: string
  disaster: string
  mode: LineMenuMode
}

/** Creates (again) both rich menus of the municipality and shows the current mode's one. */
export async function refreshLineRichMenus(platform: Platform, tenant: TenantContext, actor: AuditActor, requestId?: string): Promise<RefreshedMenus> {
  return oneAtATime(tenant.id, async () => {
    const client = await tenantClient(platform, tenant.id)
    if (!client) throw lineNotConfigured()
    const plans = planLineRichMenus({ slug: tenant.slug, publicUrl: platform.config.publicUrl, contactPhone: tenant.settings.contact.phone })
    const created: Partial<Record<LineMenuMode, string>> = {}
    try {
      for (const mode of LINE_MENU_MODES) {
        const image = await renderRichMenuImage(plans[mode], tenant.settings.brandColour)
        const richMenuId = await client.createRichMenu(plans[mode].menu)
        created[mode] = richMenuId
        await client.uploadRichMenuImage(richMenuId, image, 'image/png')
      }
    } catch (error) {
      // Half-made menus would linger on the account: remove what this attempt created.
      for (const richMenuId of Object.values(created)) await client.deleteRichMenu(richMenuId).catch(() => undefined)
      failed(platform, tenant.id, error, 'create')
    }
    const menus = { normal: created.normal as string, disaster: created.disaster as string }
    const { previous, mode } = await withTenant(platform.database.db, tenant.id, async trx => {
      const now = new Date()
      const previous = await listLineRichMenus(trx, tenant.id)
      for (const menuMode of LINE_MENU_MODES) await saveLineRichMenu(trx, tenant.id, menuMode, menus[menuMode], plans[menuMode].menu as unknown as Record<string, unknown>, now)
      const settings = await findNotificationSettings(trx, tenant.id)
      await recordAudit(trx, tenant.id, { actor, action: 'notifications.line-rich-menus-refresh', subjectType: 'line-rich-menus', details: { normal: menus.normal, disaster: menus.disaster }, requestId })
      return { previous, mode: settings?.lineMenuMode ?? 'normal' }
    })
    try {
      await client.setDefaultRichMenu(menus[mode])
    } catch (error) {
      failed(platform, tenant.id, error, 'set-default')
    }
    await removeReplacedMenus(platform, tenant, client, previous.map(p => p.richMenuId), new Set(Object.values(menus)))
    return { ...menus, mode }
  })
}

/** Deletes the menus a refresh replaced and any of ours an interrupted refresh left behind. */
async function removeReplacedMenus(platform: Platform, tenant: TenantContext, client: LineClient, replaced: string[], keep: Set<string>) {
  try {
    const leftovers = (await client.listRichMenus()).filter(menu => isOwnRichMenuName(tenant.slug, menu.name)).map(menu => menu.richMenuId)
    for (const richMenuId of new Set([...replaced, ...leftovers])) if (!keep.has(richMenuId)) await client.deleteRichMenu(richMenuId).catch(() => undefined)
  } catch (error) {
    // Cleaning up is a courtesy: the new menus are in place whatever happens here.
    platform.logger.info({ tenantId: tenant.id, error: (error as Error).message }, 'LINE rich menu cleanup skipped')
  }
}

/**
 * Shows the stored menu of `mode` to every user of the municipality's official account and
 * records the mode. A municipality without LINE only records the mode; one whose menus were not
 * created yet records it too (the menus follow it when staff create them) and logs a warning.
 * LINE refusing or failing for good throws an AppError (503, NOTIFICATIONS.LINE_API_FAILED) and
 * records nothing.
 */
export async function switchLineMenuMode(platform: Platform, tenantId: string, mode: 'normal' | 'disaster', options: { backoffMs?: number } = {}): Promise<void> {
  await oneAtATime(tenantId, async () => {
    const { db } = platform.database
    const richMenuId = await withTenant(db, tenantId, async trx => (await listLineRichMenus(trx, tenantId)).find(menu => menu.mode === mode)?.richMenuId)
    const client = await tenantClient(platform, tenantId, options)
    if (client && richMenuId) {
      try {
        await client.setDefaultRichMenu(richMenuId)
      } catch (error) {
        failed(platform, tenantId, error, 'switch')
      }
    } else if (client) {
      platform.logger.warn({ tenantId, mode }, 'LINE menu mode recorded, but no rich menu exists for it yet')
    }
    await withTenant(db, tenantId, async trx => {
      await saveLineMenuMode(trx, tenantId, mode, new Date())
      await recordAudit(trx, tenantId, { actor: { type: 'system' }, action: 'notifications.line-menu-mode', subjectType: 'line-rich-menus', details: { mode, applied: Boolean(client && richMenuId) } })
    })
  })
}

/** Staff switching by hand: the same, but refused when there is no menu to show. */
export async function switchLineMenuModeByStaff(platform: Platform, tenant: TenantContext, mode: LineMenuMode, actor: AuditActor, requestId?: string): Promise<void> {
  const menus = await withTenant(platform.database.db, tenant.id, trx => listLineRichMenus(trx, tenant.id))
  if (!menus.some(menu => menu.mode === mode)) throw lineMenusMissing()
  await switchLineMenuMode(platform, tenant.id, mode)
  await withTenant(platform.database.db, tenant.id, trx => recordAudit(trx, tenant.id, { actor, action: 'notifications.line-menu-mode-manual', subjectType: 'line-rich-menus', details: { mode }, requestId }))
}
