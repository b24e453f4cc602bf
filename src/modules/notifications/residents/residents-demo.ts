import type { Transaction } from 'kysely'
import type { Database } from '../../../platform/db/schema.js'
import { notificationsDb, type DeliveryChannel, type ExternalChannel, type NoticeLanguage } from '../notification-tables.js'
import { DEFAULT_CHANNEL_ORDER } from './preference-form.js'

/**
 * Demo data of this area for デモ市: the residents of the development IdP's test cards get a
 * notification profile (language, district, garbage reminder the evening before), a verified
 * email address, and the default topics on their channels. Runs after the audience demo, so the
 * districts and topics exist; without districts the district is left unset.
 */
interface DemoProfile {
  subject: string
  email: string
  language: NoticeLanguage
  /** a district code of the audience demo (audience/audience-demo.ts) */
  districtCode: string
  /** a home location inside that district (the centre of its cell) */
  home?: { lat: number; lng: number }
  phone?: string
  householdHasChildren?: boolean
  allowsAnswerTargeting?: boolean
  quiet?: [string, string]
}

const DEMO_PROFILES: DemoProfile[] = [
  { subject: 'dev-card-yamada-taro', email: 'yamada.taro@demo.yakuba.localhost', language: 'ja', districtCode: 'chuo-1', home: { lat: 35.6765, lng: 139.763 }, quiet: ['22:00', '07:00'] },
  { subject: 'dev-card-yoshida-hanako', email: 'yoshida.hanako@demo.yakuba.localhost', language: 'ja', districtCode: 'kita-1', householdHasChildren: true, allowsAnswerTargeting: true },
  // Development-only numbers: the fake SMS provider reaches nobody.
  { subject: 'dev-card-sato-kenichi', email: 'sato.kenichi@demo.yakuba.localhost', language: 'ja', districtCode: 'minami-2', phone: '+819000000003' },
  { subject: 'dev-card-takahashi-yoshi', email: 'takahashi.yoshi@demo.yakuba.localhost', language: 'ja-easy', districtCode: 'chuo-2', phone: '+819000000004' },
  { subject: 'dev-card-nguyen-thi-lan', email: 'nguyen.thi.lan@demo.yakuba.localhost', language: 'vi', districtCode: 'kita-2' },
]

export async function seedResidentsDemo(trx: Transaction<Database>, tenantId: string): Promise<void> {
  const db = notificationsDb(trx)
  const districts = await db.selectFrom('districts').select(['id', 'code']).where('tenantId', '=', tenantId).execute()
  const defaultTopics = await db.selectFrom('notificationTopics').select(['id']).where('tenantId', '=', tenantId).where('isDefault', '=', true).execute()
  const identities = await trx
    .selectFrom('residentIdentities')
    .select(['residentId', 'subject'])
    .where('tenantId', '=', tenantId)
    .where('provider', '=', 'digital-auth-app')
    .where(
      'subject',
      'in',
      DEMO_PROFILES.map(p => p.subject),
    )
    .execute()
  const now = new Date()
  for (const profile of DEMO_PROFILES) {
    const residentId = identities.find(i => i.subject === profile.subject)?.residentId
    if (!residentId) continue
    const district = districts.find(d => d.code === profile.districtCode)
    await db
      .insertInto('residentNotificationProfiles')
      .values({
        tenantId,
        residentId,
        language: profile.language,
        districtId: district?.id ?? null,
        homeLat: district && profile.home ? profile.home.lat : null,
        homeLng: district && profile.home ? profile.home.lng : null,
        quietStart: profile.quiet?.[0] ?? null,
        quietEnd: profile.quiet?.[1] ?? null,
        garbageReminder: 'evening-before',
        householdHasChildren: profile.householdHasChildren ?? null,
        allowsAnswerTargeting: profile.allowsAnswerTargeting ?? false,
        channelOrder: [...DEFAULT_CHANNEL_ORDER],
      })
      .onConflict(oc => oc.columns(['tenantId', 'residentId']).doNothing())
      .execute()
    const channels: { channel: ExternalChannel; address: string }[] = [{ channel: 'email', address: profile.email }, ...(profile.phone ? [{ channel: 'sms' as const, address: profile.phone }] : [])]
    for (const c of channels) {
      const existing = await db.selectFrom('residentChannels').select('id').where('tenantId', '=', tenantId).where('residentId', '=', residentId).where('channel', '=', c.channel).where('removedAt', 'is', null).executeTakeFirst()
      if (!existing) await db.insertInto('residentChannels').values({ tenantId, residentId, channel: c.channel, address: c.address, verifiedAt: now }).execute()
    }
    const subscribed: DeliveryChannel[] = ['inbox', ...channels.map(c => c.channel)]
    for (const topic of defaultTopics) {
      await db
        .insertInto('topicSubscriptions')
        .values({ tenantId, residentId, topicId: topic.id, channels: subscribed })
        .onConflict(oc => oc.columns(['tenantId', 'residentId', 'topicId']).doNothing())
        .execute()
    }
  }
}
