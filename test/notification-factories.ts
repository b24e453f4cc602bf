import { randomBytes } from 'node:crypto'
import { sql } from 'kysely'
import { withTenant } from '../src/platform/db/tenant-context.js'
import type { Platform } from '../src/platform/platform.js'
import type { TenantContext } from '../src/platform/tenancy/tenant-service.js'
import { notificationsDb, type DeliveryChannel, type ExternalChannel, type NoticeLanguage } from '../src/modules/notifications/notification-tables.js'

/** A LINE user id in LINE's shape (`U` + 32 hex digits), random. */
export function randomLineUserId(): string {
  return `U${randomBytes(16).toString('hex')}`
}

/** A Japanese mobile number in E.164, random. */
export function randomMobileNumber(): string {
  return `+8190${String(randomBytes(4).readUInt32BE() % 100_000_000).padStart(8, '0')}`
}

export interface TestResidentOptions {
  locale?: 'ja' | 'ja-easy' | 'en'
  /** the address the resident logs in with (residents.email, verified) */
  loginEmail?: string | null
  /** verified channel addresses; `true` makes a random one */
  channels?: Partial<Record<ExternalChannel, string | true>>
  /** channels once held and then removed by the resident */
  removedChannels?: Partial<Record<ExternalChannel, string | true>>
  /** channels registered but never verified */
  unverifiedChannels?: Partial<Record<ExternalChannel, string | true>>
  profile?: {
    language?: NoticeLanguage
    districtId?: string | null
    quietStart?: string | null
    quietEnd?: string | null
    wantsDigest?: boolean
    channelOrder?: ExternalChannel[]
    homeLat?: number | null
    homeLng?: number | null
  }
  topics?: { topicId: string; channels: DeliveryChannel[] }[]
}

export interface TestResident {
  id: string
  addresses: Partial<Record<ExternalChannel, string>>
}

function addressFor(channel: ExternalChannel, given: string | true): string {
  if (given !== true) return given
  switch (channel) {
    case 'email':
      return `r-${randomBytes(5).toString('hex')}@example.jp`
    case 'line':
      return randomLineUserId()
    case 'sms':
      return randomMobileNumber()
    case 'push':
      return `https://push.example.test/send/${randomBytes(12).toString('hex')}`
  }
}

function pushDetails(channel: ExternalChannel): string {
  return JSON.stringify(channel === 'push' ? { p256dh: randomBytes(65).toString('base64url'), auth: randomBytes(16).toString('base64url') } : {})
}

/** A resident with verified channels, a notification profile and topic subscriptions, as the hub stores them. */
export async function createTestResident(platform: Platform, tenant: TenantContext, options: TestResidentOptions = {}): Promise<TestResident> {
  return withTenant(platform.database.db, tenant.id, async trx => {
    const db = notificationsDb(trx)
    const resident = await db
      .insertInto('residents')
      .values({ tenantId: tenant.id, email: options.loginEmail ?? null, emailVerifiedAt: options.loginEmail ? new Date() : null, locale: options.locale ?? 'ja', displayName: 'テスト 住民' })
      .returning('id')
      .executeTakeFirstOrThrow()
    // The magic-link login finds a resident by this identity, as if they had logged in before.
    if (options.loginEmail) await db.insertInto('residentIdentities').values({ tenantId: tenant.id, residentId: resident.id, provider: 'email', subject: options.loginEmail, assurance: 'low' }).execute()
    const addresses: Partial<Record<ExternalChannel, string>> = {}
    const rows: { channel: ExternalChannel; address: string; verified: boolean; removed: boolean }[] = []
    for (const [channel, given] of Object.entries(options.removedChannels ?? {}) as [ExternalChannel, string | true][]) rows.push({ channel, address: addressFor(channel, given), verified: true, removed: true })
    for (const [channel, given] of Object.entries(options.unverifiedChannels ?? {}) as [ExternalChannel, string | true][]) rows.push({ channel, address: addressFor(channel, given), verified: false, removed: false })
    for (const [channel, given] of Object.entries(options.channels ?? {}) as [ExternalChannel, string | true][]) {
      const address = addressFor(channel, given)
      addresses[channel] = address
      rows.push({ channel, address, verified: true, removed: false })
    }
    for (const row of rows) {
      await db
        .insertInto('residentChannels')
        .values({
          tenantId: tenant.id,
          residentId: resident.id,
          channel: row.channel,
          address: row.address,
          details: pushDetails(row.channel),
          verifiedAt: row.verified ? new Date() : null,
          removedAt: row.removed ? new Date() : null,
          removedReason: row.removed ? 'resident' : null,
        })
        .execute()
    }
    if (options.profile) {
      const p = options.profile
      await db
        .insertInto('residentNotificationProfiles')
        .values({
          tenantId: tenant.id,
          residentId: resident.id,
          language: p.language ?? options.locale ?? 'ja',
          districtId: p.districtId ?? null,
          quietStart: p.quietStart ?? null,
          quietEnd: p.quietEnd ?? null,
          wantsDigest: p.wantsDigest ?? false,
          homeLat: p.homeLat ?? null,
          homeLng: p.homeLng ?? null,
          ...(p.channelOrder ? { channelOrder: p.channelOrder } : {}),
        })
        .execute()
    }
    for (const topic of options.topics ?? []) {
      await db.insertInto('topicSubscriptions').values({ tenantId: tenant.id, residentId: resident.id, topicId: topic.topicId, channels: topic.channels }).execute()
    }
    return { id: resident.id, addresses }
  })
}

/** A topic of the tenant (防災, 子育て, …). */
export async function createTestTopic(platform: Platform, tenant: TenantContext, key = `topic-${randomBytes(3).toString('hex')}`, names = { ja: 'テストの話題', 'ja-easy': 'テストの はなし', en: 'Test topic' }) {
  return withTenant(platform.database.db, tenant.id, trx =>
    notificationsDb(trx).insertInto('notificationTopics').values({ tenantId: tenant.id, key, names: JSON.stringify(names) }).returningAll().executeTakeFirstOrThrow(),
  )
}

/** A district of the tenant. */
export async function createTestDistrict(platform: Platform, tenant: TenantContext, code = `d-${randomBytes(3).toString('hex')}`) {
  return withTenant(platform.database.db, tenant.id, trx =>
    notificationsDb(trx).insertInto('districts').values({ tenantId: tenant.id, code, names: JSON.stringify({ ja: `${code}地区`, en: `${code} district` }) }).returningAll().executeTakeFirstOrThrow(),
  )
}

/**
 * Many residents at once (set-based), each with the given verified channels (random LINE ids,
 * unique emails and numbers). For volume and fairness tests; returns how many were made.
 */
export async function createTestResidents(platform: Platform, tenant: TenantContext, count: number, channels: ExternalChannel[] = ['line'], locale: 'ja' | 'ja-easy' | 'en' = 'ja'): Promise<number> {
  const batch = randomBytes(4).toString('hex')
  await withTenant(platform.database.db, tenant.id, async trx => {
    await sql`
      INSERT INTO residents (tenant_id, display_name, locale)
      SELECT ${tenant.id}::uuid, ${`bulk-${batch}-`} || g, ${locale} FROM generate_series(1, ${count}::int) g`.execute(trx)
    for (const channel of channels) {
      const address =
        channel === 'line'
          ? sql`'U' || md5(${batch} || r.id::text)`
          : channel === 'email'
            ? sql`'r-' || replace(r.id::text, '-', '') || '@example.jp'`
            : channel === 'sms'
              ? sql`'+8190' || lpad((abs(hashtext(r.id::text)) % 100000000)::text, 8, '0')`
              : sql`'https://push.example.test/send/' || r.id::text`
      await sql`
        INSERT INTO resident_channels (tenant_id, resident_id, channel, address, verified_at)
        SELECT r.tenant_id, r.id, ${channel}, ${address}, now() FROM residents r
        WHERE r.tenant_id = ${tenant.id}::uuid AND r.display_name LIKE ${`bulk-${batch}-%`}`.execute(trx)
    }
  })
  return count
}
