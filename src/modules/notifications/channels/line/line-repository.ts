import { sql, type Transaction } from 'kysely'
import type { Database } from '../../../../platform/db/schema.js'
import { notificationsDb, type LineMenuMode, type NoticeLanguage } from '../../notification-tables.js'

/** SQL of the LINE channel: webhook replay protection, followers, links, settings, rich menus. */

type Trx = Transaction<Database>

/** Records a webhook event as handled; false when it was handled before (a redelivery). */
export async function recordLineWebhookEvent(trx: Trx, tenantId: string, webhookEventId: string, eventType: string): Promise<boolean> {
  const inserted = await notificationsDb(trx)
    .insertInto('lineWebhookEvents')
    .values({ tenantId, webhookEventId, eventType: eventType.slice(0, 100) })
    .onConflict(oc => oc.columns(['tenantId', 'webhookEventId']).doNothing())
    .returning('webhookEventId')
    .executeTakeFirst()
  return inserted !== undefined
}

export async function recordLineFollow(trx: Trx, tenantId: string, lineUserId: string, isFollowing: boolean, at: Date): Promise<void> {
  const change = isFollowing ? { isFollowing, followedAt: at, unfollowedAt: null } : { isFollowing, unfollowedAt: at }
  await notificationsDb(trx)
    .insertInto('lineFollowers')
    .values({ tenantId, lineUserId, ...change })
    .onConflict(oc => oc.columns(['tenantId', 'lineUserId']).doUpdateSet({ ...change, updatedAt: at }))
    .execute()
}

export async function findLineFollower(trx: Trx, tenantId: string, lineUserId: string) {
  return notificationsDb(trx).selectFrom('lineFollowers').selectAll().where('tenantId', '=', tenantId).where('lineUserId', '=', lineUserId).executeTakeFirst()
}

/** The resident a LINE user is linked to (LINE Login identity), if any. */
export async function findResidentOfLineUser(trx: Trx, tenantId: string, lineUserId: string): Promise<string | undefined> {
  const row = await trx
    .selectFrom('residentIdentities')
    .select('residentId')
    .where('tenantId', '=', tenantId)
    .where('provider', '=', 'line')
    .where('subject', '=', lineUserId)
    .executeTakeFirst()
  return row?.residentId
}

export async function findLineIdentityOfResident(trx: Trx, tenantId: string, residentId: string) {
  return trx
    .selectFrom('residentIdentities')
    .select(['subject', 'createdAt'])
    .where('tenantId', '=', tenantId)
    .where('provider', '=', 'line')
    .where('residentId', '=', residentId)
    .executeTakeFirst()
}

export async function insertLineIdentity(trx: Trx, tenantId: string, residentId: string, lineUserId: string, at: Date): Promise<void> {
  await trx.insertInto('residentIdentities').values({ tenantId, residentId, provider: 'line', subject: lineUserId, assurance: 'low', lastLoginAt: at }).execute()
}

export async function touchLineIdentity(trx: Trx, tenantId: string, lineUserId: string, at: Date): Promise<void> {
  await trx.updateTable('residentIdentities').set({ lastLoginAt: at, updatedAt: at }).where('tenantId', '=', tenantId).where('provider', '=', 'line').where('subject', '=', lineUserId).execute()
}

export async function deleteLineIdentities(trx: Trx, tenantId: string, residentId: string): Promise<number> {
  const result = await trx.deleteFrom('residentIdentities').where('tenantId', '=', tenantId).where('provider', '=', 'line').where('residentId', '=', residentId).executeTakeFirst()
  return Number(result.numDeletedRows)
}

export async function findActiveLineChannel(trx: Trx, tenantId: string, residentId: string) {
  return notificationsDb(trx)
    .selectFrom('residentChannels')
    .select(['id', 'address', 'verifiedAt', 'createdAt'])
    .where('tenantId', '=', tenantId)
    .where('residentId', '=', residentId)
    .where('channel', '=', 'line')
    .where('removedAt', 'is', null)
    .executeTakeFirst()
}

/** The resident holding this LINE user id as an active channel address (any resident). */
export async function findActiveLineChannelByAddress(trx: Trx, tenantId: string, lineUserId: string) {
  return notificationsDb(trx)
    .selectFrom('residentChannels')
    .select(['id', 'residentId'])
    .where('tenantId', '=', tenantId)
    .where('channel', '=', 'line')
    .where('address', '=', lineUserId)
    .where('removedAt', 'is', null)
    .executeTakeFirst()
}

export async function insertLineChannel(trx: Trx, tenantId: string, residentId: string, lineUserId: string, at: Date): Promise<void> {
  await notificationsDb(trx).insertInto('residentChannels').values({ tenantId, residentId, channel: 'line', address: lineUserId, verifiedAt: at }).execute()
}

/** Removes the resident's active LINE channel (the row stays, so "removed" differs from "never had"). */
export async function removeLineChannelOfResident(trx: Trx, tenantId: string, residentId: string, reason: string, at: Date): Promise<number> {
  const result = await notificationsDb(trx)
    .updateTable('residentChannels')
    .set({ removedAt: at, removedReason: reason, updatedAt: at })
    .where('tenantId', '=', tenantId)
    .where('residentId', '=', residentId)
    .where('channel', '=', 'line')
    .where('removedAt', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows)
}

/** Unfollow (block): every active channel with this LINE user id stops receiving. */
export async function removeLineChannelsOfLineUser(trx: Trx, tenantId: string, lineUserId: string, reason: string, at: Date): Promise<number> {
  const result = await notificationsDb(trx)
    .updateTable('residentChannels')
    .set({ removedAt: at, removedReason: reason, updatedAt: at })
    .where('tenantId', '=', tenantId)
    .where('channel', '=', 'line')
    .where('address', '=', lineUserId)
    .where('removedAt', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows)
}

/**
 * Follow again: the channel an unfollow removed comes back, unless the resident has since
 * removed it themselves, linked another LINE account, or unlinked this one.
 */
export async function restoreLineChannelAfterFollow(trx: Trx, tenantId: string, residentId: string, lineUserId: string, unfollowReason: string, at: Date): Promise<boolean> {
  const db = notificationsDb(trx)
  if (await findActiveLineChannel(trx, tenantId, residentId)) return false
  const latest = await db
    .selectFrom('residentChannels')
    .select(['id', 'address', 'removedReason'])
    .where('tenantId', '=', tenantId)
    .where('residentId', '=', residentId)
    .where('channel', '=', 'line')
    .orderBy('removedAt', 'desc')
    .limit(1)
    .executeTakeFirst()
  if (!latest || latest.address !== lineUserId || latest.removedReason !== unfollowReason) return false
  await db.updateTable('residentChannels').set({ removedAt: null, removedReason: null, updatedAt: at }).where('tenantId', '=', tenantId).where('id', '=', latest.id).execute()
  return true
}

export async function setLineFollowerResident(trx: Trx, tenantId: string, lineUserId: string, residentId: string | null, isFollowing: boolean | undefined, at: Date): Promise<void> {
  await notificationsDb(trx)
    .insertInto('lineFollowers')
    .values({ tenantId, lineUserId, residentId, isFollowing: isFollowing ?? false, followedAt: isFollowing ? at : null })
    .onConflict(oc =>
      oc.columns(['tenantId', 'lineUserId']).doUpdateSet(eb => ({
        residentId,
        // LINE's friendship answer is fresher than our last follow event; unknown keeps ours.
        isFollowing: isFollowing === undefined ? eb.ref('lineFollowers.isFollowing') : isFollowing,
        updatedAt: at,
      })),
    )
    .execute()
}

export async function clearLineFollowerResident(trx: Trx, tenantId: string, residentId: string, at: Date): Promise<void> {
  await notificationsDb(trx).updateTable('lineFollowers').set({ residentId: null, updatedAt: at }).where('tenantId', '=', tenantId).where('residentId', '=', residentId).execute()
}

/** The language to answer a resident in: their notice language, else their UI locale. */
export async function findResidentLanguage(trx: Trx, tenantId: string, residentId: string): Promise<NoticeLanguage | undefined> {
  const row = await notificationsDb(trx)
    .selectFrom('residents')
    .leftJoin('residentNotificationProfiles', join => join.onRef('residentNotificationProfiles.tenantId', '=', 'residents.tenantId').onRef('residentNotificationProfiles.residentId', '=', 'residents.id'))
    .select(['residents.locale', 'residentNotificationProfiles.language'])
    .where('residents.tenantId', '=', tenantId)
    .where('residents.id', '=', residentId)
    .executeTakeFirst()
  return row ? (row.language ?? row.locale) : undefined
}

export async function findNotificationSettings(trx: Trx, tenantId: string) {
  return notificationsDb(trx).selectFrom('notificationSettings').selectAll().where('tenantId', '=', tenantId).executeTakeFirst()
}

export interface LineCredentialColumns {
  lineChannelId?: string | null
  lineChannelSecretEnc?: string | null
  lineAccessTokenEnc?: string | null
  lineLoginChannelId?: string | null
  lineLoginChannelSecretEnc?: string | null
}

/** Writes only the given credential columns (a blank form field keeps the stored value). */
export async function saveLineCredentialColumns(trx: Trx, tenantId: string, columns: LineCredentialColumns, at: Date): Promise<void> {
  await notificationsDb(trx)
    .insertInto('notificationSettings')
    .values({ tenantId, ...columns })
    .onConflict(oc => oc.column('tenantId').doUpdateSet({ ...columns, updatedAt: at }))
    .execute()
}

export async function saveLineMenuMode(trx: Trx, tenantId: string, mode: LineMenuMode, at: Date): Promise<void> {
  await notificationsDb(trx)
    .insertInto('notificationSettings')
    .values({ tenantId, lineMenuMode: mode })
    .onConflict(oc => oc.column('tenantId').doUpdateSet({ lineMenuMode: mode, updatedAt: at }))
    .execute()
}

export async function listLineRichMenus(trx: Trx, tenantId: string) {
  return notificationsDb(trx).selectFrom('lineRichMenus').select(['mode', 'richMenuId', 'updatedAt']).where('tenantId', '=', tenantId).orderBy('mode').execute()
}

export async function saveLineRichMenu(trx: Trx, tenantId: string, mode: LineMenuMode, richMenuId: string, definition: Record<string, unknown>, at: Date): Promise<void> {
  const values = { richMenuId, definition: JSON.stringify(definition) }
  await notificationsDb(trx)
    .insertInto('lineRichMenus')
    .values({ tenantId, mode, ...values })
    .onConflict(oc => oc.columns(['tenantId', 'mode']).doUpdateSet({ ...values, updatedAt: at }))
    .execute()
}

export async function countLineFollowers(trx: Trx, tenantId: string): Promise<{ following: number; linked: number }> {
  const row = await notificationsDb(trx)
    .selectFrom('lineFollowers')
    .select([sql<number>`count(*) FILTER (WHERE is_following)::int`.as('following'), sql<number>`count(*) FILTER (WHERE is_following AND resident_id IS NOT NULL)::int`.as('linked')])
    .where('tenantId', '=', tenantId)
    .executeTakeFirstOrThrow()
  return { following: row.following, linked: row.linked }
}
