/**
 * SQL of a resident's notification profile and topic subscriptions. Every function takes the
 * caller's transaction (bound to the tenant) so a whole settings save is one transaction.
 */
import type { Transaction } from 'kysely'
import type { Database } from '../../../platform/db/schema.js'
import {
  notificationsDb,
  type DeliveryChannel,
  type ExternalChannel,
  type GarbageReminder,
  type LocalizedNames,
  type NoticeLanguage,
  type ResidentNotificationProfile,
} from '../notification-tables.js'

type Trx = Transaction<Database>

export interface TopicRow {
  id: string
  key: string
  names: LocalizedNames
  descriptions: Partial<Record<NoticeLanguage, string>>
  isDefault: boolean
}

export interface DistrictOption {
  id: string
  code: string
  names: LocalizedNames
}

export interface ProfileValues {
  language: NoticeLanguage
  districtId: string | null
  homeLat: number | null
  homeLng: number | null
  quietStart: string | null
  quietEnd: string | null
  wantsDigest: boolean
  garbageReminder: GarbageReminder
  householdHasChildren: boolean | null
  allowsAnswerTargeting: boolean
  channelOrder: ExternalChannel[]
}

export async function findProfile(trx: Trx, tenantId: string, residentId: string): Promise<ResidentNotificationProfile | undefined> {
  return notificationsDb(trx).selectFrom('residentNotificationProfiles').selectAll().where('tenantId', '=', tenantId).where('residentId', '=', residentId).executeTakeFirst()
}

/** Inserts or replaces the profile; returns the row as stored. */
export async function upsertProfile(trx: Trx, tenantId: string, residentId: string, values: ProfileValues): Promise<ResidentNotificationProfile> {
  const row = { ...values, channelOrder: values.channelOrder, updatedAt: new Date() }
  return notificationsDb(trx)
    .insertInto('residentNotificationProfiles')
    .values({ tenantId, residentId, ...row })
    .onConflict(oc => oc.columns(['tenantId', 'residentId']).doUpdateSet(row))
    .returningAll()
    .executeTakeFirstOrThrow()
}

export async function listTopics(trx: Trx, tenantId: string): Promise<TopicRow[]> {
  return notificationsDb(trx)
    .selectFrom('notificationTopics')
    .select(['id', 'key', 'names', 'descriptions', 'isDefault'])
    .where('tenantId', '=', tenantId)
    .orderBy('sortOrder')
    .orderBy('key')
    .execute()
}

export async function listDistrictOptions(trx: Trx, tenantId: string): Promise<DistrictOption[]> {
  return notificationsDb(trx).selectFrom('districts').select(['id', 'code', 'names']).where('tenantId', '=', tenantId).orderBy('sortOrder').orderBy('code').execute()
}

export async function districtExists(trx: Trx, tenantId: string, districtId: string): Promise<boolean> {
  const row = await notificationsDb(trx).selectFrom('districts').select('id').where('tenantId', '=', tenantId).where('id', '=', districtId).executeTakeFirst()
  return row !== undefined
}

/** topicId → channels */
export async function listSubscriptions(trx: Trx, tenantId: string, residentId: string): Promise<Map<string, DeliveryChannel[]>> {
  const rows = await notificationsDb(trx).selectFrom('topicSubscriptions').select(['topicId', 'channels']).where('tenantId', '=', tenantId).where('residentId', '=', residentId).execute()
  return new Map(rows.map(r => [r.topicId, r.channels]))
}

/** Sets one topic's channels; an empty list deletes the row (no row = not subscribed). */
export async function replaceSubscription(trx: Trx, tenantId: string, residentId: string, topicId: string, channels: DeliveryChannel[]): Promise<void> {
  const db = notificationsDb(trx)
  if (channels.length === 0) {
    await db.deleteFrom('topicSubscriptions').where('tenantId', '=', tenantId).where('residentId', '=', residentId).where('topicId', '=', topicId).execute()
    return
  }
  await db
    .insertInto('topicSubscriptions')
    .values({ tenantId, residentId, topicId, channels })
    .onConflict(oc => oc.columns(['tenantId', 'residentId', 'topicId']).doUpdateSet({ channels, updatedAt: new Date() }))
    .execute()
}

/**
 * Takes a channel out of the resident's subscriptions (one topic, or all), deleting rows left
 * empty. Returns the topics that changed.
 */
export async function removeChannelFromSubscriptions(trx: Trx, tenantId: string, residentId: string, channel: DeliveryChannel, topicId: string | null): Promise<string[]> {
  const db = notificationsDb(trx)
  let query = db.selectFrom('topicSubscriptions').select(['topicId', 'channels']).where('tenantId', '=', tenantId).where('residentId', '=', residentId)
  if (topicId) query = query.where('topicId', '=', topicId)
  const rows = await query.forUpdate().execute()
  const changed: string[] = []
  for (const row of rows) {
    if (!row.channels.includes(channel)) continue
    await replaceSubscription(
      trx,
      tenantId,
      residentId,
      row.topicId,
      row.channels.filter(c => c !== channel),
    )
    changed.push(row.topicId)
  }
  return changed
}

/**
 * A newly verified channel joins the resident's default topics: the rows they already have, and
 * — for a resident who has never saved settings — new rows with the inbox too, so that "new
 * residents are subscribed to default topics on all their channels" holds.
 */
export async function addChannelToDefaultTopics(trx: Trx, tenantId: string, residentId: string, channel: ExternalChannel): Promise<void> {
  const topics = (await listTopics(trx, tenantId)).filter(t => t.isDefault)
  if (topics.length === 0) return
  const hasProfile = (await findProfile(trx, tenantId, residentId)) !== undefined
  const current = await listSubscriptions(trx, tenantId, residentId)
  for (const topic of topics) {
    const channels = current.get(topic.id)
    if (channels) {
      if (!channels.includes(channel)) await replaceSubscription(trx, tenantId, residentId, topic.id, [...channels, channel])
    } else if (!hasProfile) {
      await replaceSubscription(trx, tenantId, residentId, topic.id, ['inbox', channel])
    }
  }
}

export async function topicExists(trx: Trx, tenantId: string, topicId: string): Promise<boolean> {
  const row = await notificationsDb(trx).selectFrom('notificationTopics').select('id').where('tenantId', '=', tenantId).where('id', '=', topicId).executeTakeFirst()
  return row !== undefined
}

export async function findResidentLocaleAndEmail(trx: Trx, tenantId: string, residentId: string) {
  return trx.selectFrom('residents').select(['id', 'locale', 'email', 'emailVerifiedAt']).where('tenantId', '=', tenantId).where('id', '=', residentId).executeTakeFirst()
}
