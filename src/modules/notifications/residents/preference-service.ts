/**
 * A resident's notification settings: reading them with their defaults, saving them in one
 * transaction (profile, subscriptions, audit), and the email one-click unsubscribe.
 */
import type { Platform } from '../../../platform/platform.js'
import { withTenant } from '../../../platform/db/tenant-context.js'
import { recordAudit } from '../../../platform/audit/audit-log.js'
import { isLocale } from '../../../platform/i18n/i18n.js'
import type { Transaction } from 'kysely'
import type { Database } from '../../../platform/db/schema.js'
import { notificationsDb, type DeliveryChannel, type NoticeLanguage, type ResidentChannel } from '../notification-tables.js'
import { isSmsAvailable } from '../channels/sms/sms-transport.js'
import { isWebPushAvailable, resolveVapidKeys } from '../channels/push/push-sender.js'
import { listActiveChannels } from './channel-repository.js'
import { districtForPoint } from '../audience/district-repository.js'
import { DEFAULT_CHANNEL_ORDER, type FormProblems, type SettingsInput } from './preference-form.js'
import {
  districtExists,
  findProfile,
  findResidentLocaleAndEmail,
  listDistrictOptions,
  listSubscriptions,
  listTopics,
  removeChannelFromSubscriptions,
  replaceSubscription,
  topicExists,
  upsertProfile,
  type DistrictOption,
  type ProfileValues,
  type TopicRow,
} from './preference-repository.js'
import type { UnsubscribeTarget } from './unsubscribe-link.js'

export interface SettingsView {
  profile: ProfileValues
  hasProfile: boolean
  topics: TopicRow[]
  districts: DistrictOption[]
  /** topicId → channels (the stored rows; for a resident who never saved, the default topics on every offered channel) */
  subscriptions: Map<string, DeliveryChannel[]>
  channels: ResidentChannel[]
  /** inbox and the resident's verified channels: what the topic matrix offers */
  offeredChannels: DeliveryChannel[]
  loginEmail?: string
  isSmsAvailable: boolean
  pushPublicKey?: string
}

/** Verified, active channel types of a resident, in the matrix's column order. */
export function offeredChannelsOf(channels: ResidentChannel[]): DeliveryChannel[] {
  const verified = new Set(channels.filter(c => c.verifiedAt && !c.removedAt).map(c => c.channel))
  return ['inbox', ...(['email', 'line', 'sms', 'push'] as const).filter(c => verified.has(c))]
}

function defaultProfile(locale: string | undefined): ProfileValues {
  const language: NoticeLanguage = isLocale(locale) ? locale : 'ja'
  return {
    language,
    districtId: null,
    homeLat: null,
    homeLng: null,
    quietStart: null,
    quietEnd: null,
    wantsDigest: false,
    garbageReminder: 'none',
    householdHasChildren: null,
    allowsAnswerTargeting: false,
    channelOrder: [...DEFAULT_CHANNEL_ORDER],
  }
}

/** 'HH:MM:SS' from the database → 'HH:MM' for the form. */
const minutesOf = (time: string | null) => (time ? time.slice(0, 5) : null)

const PERSONAL_FIELDS = ['districtId', 'homeLat', 'homeLng', 'householdHasChildren', 'allowsAnswerTargeting'] as const

export type SaveOutcome = { ok: true; changed: string[] } | { ok: false; problems: FormProblems }

export function createPreferenceService(platform: Platform) {
  const { db } = platform.database
  const { config } = platform

  return {
    async loadSettings(tenantId: string, residentId: string): Promise<SettingsView> {
      return withTenant(db, tenantId, async trx => {
        const resident = await findResidentLocaleAndEmail(trx, tenantId, residentId)
        const stored = await findProfile(trx, tenantId, residentId)
        const topics = await listTopics(trx, tenantId)
        const channels = await listActiveChannels(trx, tenantId, residentId)
        const offeredChannels = offeredChannelsOf(channels)
        let subscriptions = await listSubscriptions(trx, tenantId, residentId)
        if (!stored && subscriptions.size === 0) subscriptions = new Map(topics.filter(t => t.isDefault).map(t => [t.id, offeredChannels]))
        const profile: ProfileValues = stored
          ? {
              language: stored.language,
              districtId: stored.districtId,
              homeLat: stored.homeLat,
              homeLng: stored.homeLng,
              quietStart: minutesOf(stored.quietStart),
              quietEnd: minutesOf(stored.quietEnd),
              wantsDigest: stored.wantsDigest,
              garbageReminder: stored.garbageReminder,
              householdHasChildren: stored.householdHasChildren,
              allowsAnswerTargeting: stored.allowsAnswerTargeting,
              channelOrder: stored.channelOrder,
            }
          : defaultProfile(resident?.locale)
        return {
          profile,
          hasProfile: stored !== undefined,
          topics,
          districts: await listDistrictOptions(trx, tenantId),
          subscriptions,
          channels,
          offeredChannels,
          loginEmail: resident?.email && resident.emailVerifiedAt ? resident.email : undefined,
          isSmsAvailable: isSmsAvailable(config),
          pushPublicKey: isWebPushAvailable(config) ? resolveVapidKeys(config)?.publicKey : undefined,
        }
      })
    },

    /**
     * Saves the whole settings form in one transaction. Idempotent: the same input leaves the
     * same rows. A home location decides the district (point in polygon); a location outside
     * every district is refused, so the resident is not silently left without one.
     */
    async saveSettings(tenantId: string, residentId: string, input: SettingsInput, requestId?: string): Promise<SaveOutcome> {
      return withTenant(db, tenantId, async (trx): Promise<SaveOutcome> => {
        const stored = await findProfile(trx, tenantId, residentId)
        const resident = await findResidentLocaleAndEmail(trx, tenantId, residentId)
        const before: ProfileValues = stored
          ? { ...stored, quietStart: minutesOf(stored.quietStart), quietEnd: minutesOf(stored.quietEnd) }
          : defaultProfile(resident?.locale)

        let districtId = input.districtId
        let homeLat = before.homeLat
        let homeLng = before.homeLng
        if (input.home === null) {
          homeLat = null
          homeLng = null
        } else if (input.home) {
          homeLat = input.home.lat
          homeLng = input.home.lng
        }
        if (homeLat !== null && homeLng !== null) {
          const found = await districtForPoint(trx, tenantId, homeLat, homeLng)
          if (!found) return { ok: false, problems: { homeLat: { key: 'notifications.residents.errors.outsideDistricts' } } }
          districtId = found
        } else if (districtId && !(await districtExists(trx, tenantId, districtId))) {
          return { ok: false, problems: { districtId: { key: 'notifications.residents.errors.districtUnknown' } } }
        }

        const values: ProfileValues = {
          language: input.language,
          districtId,
          homeLat,
          homeLng,
          quietStart: input.quietStart,
          quietEnd: input.quietEnd,
          wantsDigest: input.wantsDigest,
          garbageReminder: input.garbageReminder,
          householdHasChildren: input.householdHasChildren,
          allowsAnswerTargeting: input.allowsAnswerTargeting,
          channelOrder: input.channelOrder,
        }
        const changed = (Object.keys(values) as (keyof ProfileValues)[]).filter(key => JSON.stringify(values[key]) !== JSON.stringify(before[key]))
        if (!stored || changed.length > 0) await upsertProfile(trx, tenantId, residentId, values)

        // Channels the form did not offer (not verified now) keep whatever the row had.
        const offered = offeredChannelsOf(await listActiveChannels(trx, tenantId, residentId))
        const current = await listSubscriptions(trx, tenantId, residentId)
        const changedTopics: string[] = []
        for (const [topicId, ticked] of input.subscriptions) {
          const existing = current.get(topicId) ?? []
          const next = [...offered.filter(c => ticked.includes(c)), ...existing.filter(c => !offered.includes(c))]
          if (next.length === existing.length && next.every(c => existing.includes(c))) continue
          await replaceSubscription(trx, tenantId, residentId, topicId, next)
          changedTopics.push(topicId)
        }

        const personal = changed.filter(key => (PERSONAL_FIELDS as readonly string[]).includes(key))
        if (changed.length > 0 || changedTopics.length > 0) {
          await recordAudit(trx, tenantId, {
            actor: { type: 'resident', id: residentId },
            action: 'notifications.update-preferences',
            subjectType: 'resident',
            subjectId: residentId,
            // Which fields changed, never their values (a location or household is personal data).
            details: { fields: changed, personalFields: personal, topics: changedTopics.length },
            requestId,
          })
        }
        return { ok: true, changed: [...changed, ...(changedTopics.length > 0 ? ['subscriptions'] : [])] }
      })
    },

    /**
     * RFC 8058 one-click unsubscribe: email leaves that topic (or every topic). Idempotent — a
     * mail provider may POST twice; the second finds nothing to change. Returns the topics changed.
     */
    async unsubscribeEmail(tenantId: string, target: UnsubscribeTarget, via: 'one-click' | 'page'): Promise<{ changedTopics: number; isKnown: boolean }> {
      return withTenant(db, tenantId, async trx => {
        const resident = await findResidentLocaleAndEmail(trx, tenantId, target.residentId)
        if (!resident) return { changedTopics: 0, isKnown: false }
        if (target.topicId && !(await topicExists(trx, tenantId, target.topicId))) return { changedTopics: 0, isKnown: false }
        const changed = await removeChannelFromSubscriptions(trx, tenantId, target.residentId, 'email', target.topicId)
        // From a mail without a topic: no more non-urgent bulk mail at all, topic or not.
        if (!target.topicId && (await switchOffBulkEmail(trx, tenantId, target.residentId))) changed.push('bulk-email')
        if (changed.length > 0) {
          await recordAudit(trx, tenantId, {
            actor: { type: 'resident', id: target.residentId },
            action: 'notifications.unsubscribe-email',
            subjectType: 'resident',
            subjectId: target.residentId,
            details: { via, topicId: target.topicId, topics: changed.length },
          })
        }
        return { changedTopics: changed.length, isKnown: true }
      })
    },

    /** The name of an unsubscribe target's topic, for the confirmation page. */
    async describeUnsubscribe(tenantId: string, target: UnsubscribeTarget): Promise<{ isKnown: boolean; topic?: TopicRow }> {
      return withTenant(db, tenantId, async trx => {
        const resident = await findResidentLocaleAndEmail(trx, tenantId, target.residentId)
        if (!resident) return { isKnown: false }
        if (!target.topicId) return { isKnown: true }
        const topic = (await listTopics(trx, tenantId)).find(t => t.id === target.topicId)
        return topic ? { isKnown: true, topic } : { isKnown: false }
      })
    },
  }
}

export type PreferenceService = ReturnType<typeof createPreferenceService>

/** Sets is_bulk_email_off (creating the profile with defaults if needed); true when it changed. */
async function switchOffBulkEmail(trx: Transaction<Database>, tenantId: string, residentId: string): Promise<boolean> {
  const before = await notificationsDb(trx).selectFrom('residentNotificationProfiles').select('isBulkEmailOff').where('tenantId', '=', tenantId).where('residentId', '=', residentId).executeTakeFirst()
  if (before?.isBulkEmailOff) return false
  await notificationsDb(trx)
    .insertInto('residentNotificationProfiles')
    .values({ tenantId, residentId, isBulkEmailOff: true })
    .onConflict(oc => oc.columns(['tenantId', 'residentId']).doUpdateSet({ isBulkEmailOff: true, updatedAt: new Date() }))
    .execute()
  return true
}
