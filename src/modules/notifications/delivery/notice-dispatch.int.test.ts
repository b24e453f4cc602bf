import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, TEST_DB, type TestApp } from '../../../../test/app.js'
import { createTestTenant } from '../../../../test/factories.js'
import { createTestResident, createTestTopic } from '../../../../test/notification-factories.js'
import { withTenant } from '../../../platform/db/tenant-context.js'
import type { TenantContext } from '../../../platform/tenancy/tenant-service.js'
import { notificationsDb, type Audience } from '../notification-tables.js'
import { cancelNoticeDeliveries, countDeliveryTargets, insertNotice, queueNoticeDeliveries, summariseNoticeProgress, type NewNotice } from './index.js'

const content = { ja: { subject: 'お知らせ', body: '本文です。' }, en: { subject: 'Notice', body: 'Body.' } }

function notice(audience: Audience, overrides: Partial<NewNotice> = {}): NewNotice {
  return { kind: 'broadcast', priority: 'normal', content, audience, source: 'staff', ...overrides }
}

describe(`delivery rows: who gets what, when (${TEST_DB})`, () => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp()
  })
  afterAll(async () => {
    await t?.close()
  })

  const inTenant = <T>(tenant: TenantContext, fn: Parameters<typeof withTenant<T>>[2]) => withTenant(t.platform.database.db, tenant.id, fn)

  async function deliveriesOf(tenant: TenantContext, noticeId: string) {
    return inTenant(tenant, trx =>
      notificationsDb(trx).selectFrom('deliveries').selectAll().where('tenantId', '=', tenant.id).where('noticeId', '=', noticeId).orderBy('residentId').orderBy('channel').execute(),
    )
  }

  async function queue(tenant: TenantContext, input: NewNotice, now = new Date()) {
    return inTenant(tenant, async trx => {
      const { notice: stored } = await insertNotice(trx, tenant.id, input, 'sending')
      const made = await queueNoticeDeliveries(trx, tenant.id, stored.id, now)
      return { notice: stored, ...made }
    })
  }

  it('follows topic preferences for normal notices and overrides them, never a removed channel, for critical ones', async () => {
    const tenant = await createTestTenant(t.platform)
    const topic = await createTestTopic(t.platform, tenant, 'bosai')
    const lineOnly = await createTestResident(t.platform, tenant, { channels: { line: true, email: true }, topics: [{ topicId: topic.id, channels: ['inbox', 'line'] }] })
    const unsubscribed = await createTestResident(t.platform, tenant, { channels: { email: true } })
    const removedLine = await createTestResident(t.platform, tenant, { channels: { email: true }, removedChannels: { line: true }, unverifiedChannels: { sms: true }, topics: [{ topicId: topic.id, channels: ['email'] }] })

    const normal = await queue(tenant, notice({ kind: 'everyone' }, { topicId: topic.id }))
    const normalRows = await deliveriesOf(tenant, normal.notice.id)
    expect(normalRows.filter(r => r.residentId === lineOnly.id).map(r => r.channel).sort()).toEqual(['inbox', 'line'])
    expect(normalRows.filter(r => r.residentId === unsubscribed.id)).toEqual([])
    expect(normalRows.filter(r => r.residentId === removedLine.id).map(r => r.channel)).toEqual(['email'])
    expect(normal).toMatchObject({ recipients: 2, deliveries: 3 })

    const critical = await queue(tenant, notice({ kind: 'everyone' }, { topicId: topic.id, priority: 'critical' }))
    const criticalRows = await deliveriesOf(tenant, critical.notice.id)
    const channelsOf = (id: string) => criticalRows.filter(r => r.residentId === id).map(r => r.channel).sort()
    expect(channelsOf(lineOnly.id)).toEqual(['email', 'inbox', 'line'])
    expect(channelsOf(unsubscribed.id)).toEqual(['email', 'inbox'])
    expect(channelsOf(removedLine.id)).toEqual(['email', 'inbox'])
    expect(criticalRows.every(r => r.priority === 0)).toBe(true)
  })

  it('gives a reminder to whoever asked for it, on the channels of their topic subscription if they hold one', async () => {
    const tenant = await createTestTenant(t.platform)
    const topic = await createTestTopic(t.platform, tenant, 'gomi')
    const lineOnly = await createTestResident(t.platform, tenant, { channels: { line: true, email: true }, topics: [{ topicId: topic.id, channels: ['inbox', 'line'] }] })
    const unsubscribed = await createTestResident(t.platform, tenant, { channels: { email: true } })
    const made = await queue(tenant, notice({ kind: 'residents', residentIds: [lineOnly.id, unsubscribed.id] }, { kind: 'reminder', source: 'module', topicId: topic.id }))
    const rows = await deliveriesOf(tenant, made.notice.id)
    const channelsOf = (id: string) => rows.filter(r => r.residentId === id).map(r => r.channel).sort()
    expect(channelsOf(lineOnly.id)).toEqual(['inbox', 'line'])
    expect(channelsOf(unsubscribed.id)).toEqual(['email', 'inbox'])
    expect(made).toMatchObject({ recipients: 2, deliveries: 4 })
  })

  it('sends no non-urgent bulk mail to a resident who unsubscribed from all of it, but still the critical ones', async () => {
    const tenant = await createTestTenant(t.platform)
    const resident = await createTestResident(t.platform, tenant, { channels: { line: true, email: true } })
    await inTenant(tenant, trx =>
      notificationsDb(trx).insertInto('residentNotificationProfiles').values({ tenantId: tenant.id, residentId: resident.id, isBulkEmailOff: true }).onConflict(oc => oc.columns(['tenantId', 'residentId']).doUpdateSet({ isBulkEmailOff: true })).execute(),
    )
    const normal = await queue(tenant, notice({ kind: 'residents', residentIds: [resident.id] }))
    expect((await deliveriesOf(tenant, normal.notice.id)).map(r => r.channel).sort()).toEqual(['inbox', 'line'])
    const critical = await queue(tenant, notice({ kind: 'residents', residentIds: [resident.id] }, { priority: 'critical' }))
    expect((await deliveriesOf(tenant, critical.notice.id)).map(r => r.channel).sort()).toEqual(['email', 'inbox', 'line'])
  })

  it('counts the same recipients and channels it then creates', async () => {
    const tenant = await createTestTenant(t.platform)
    await createTestResident(t.platform, tenant, { channels: { line: true, email: true } })
    await createTestResident(t.platform, tenant, { channels: { push: true, sms: true } })
    await createTestResident(t.platform, tenant)
    const counted = await inTenant(tenant, trx => countDeliveryTargets(trx, tenant.id, { audience: { kind: 'everyone' }, priority: 'normal' }))
    expect(counted).toEqual({ recipients: 3, byChannel: { inbox: 3, email: 1, line: 1, sms: 1, push: 1 } })
    const made = await queue(tenant, notice({ kind: 'everyone' }))
    expect(made).toMatchObject({ recipients: 3, deliveries: 7 })
  })

  it('sends a drill (訓練) to the inbox only', async () => {
    const tenant = await createTestTenant(t.platform)
    const resident = await createTestResident(t.platform, tenant, { channels: { line: true, email: true } })
    const made = await queue(tenant, notice({ kind: 'residents', residentIds: [resident.id] }, { priority: 'critical', isTraining: true }))
    expect((await deliveriesOf(tenant, made.notice.id)).map(r => r.channel)).toEqual(['inbox'])
  })

  it('holds a normal notice until quiet hours end but not a critical one, nor the inbox', async () => {
    const tenant = await createTestTenant(t.platform)
    const resident = await createTestResident(t.platform, tenant, { channels: { line: true }, profile: { quietStart: '22:00', quietEnd: '07:00' } })
    // 23:30 in Tokyo
    const now = new Date('2025-06-01T14:30:00Z')
    const normal = await queue(tenant, notice({ kind: 'residents', residentIds: [resident.id] }), now)
    const rows = await deliveriesOf(tenant, normal.notice.id)
    expect(rows.find(r => r.channel === 'line')?.nextAttemptAt.toISOString()).toBe('2025-06-01T22:00:00.000Z')
    expect(rows.find(r => r.channel === 'inbox')?.nextAttemptAt.toISOString()).toBe(now.toISOString())
    const critical = await queue(tenant, notice({ kind: 'residents', residentIds: [resident.id] }, { priority: 'critical' }), now)
    expect((await deliveriesOf(tenant, critical.notice.id)).find(r => r.channel === 'line')?.nextAttemptAt.toISOString()).toBe(now.toISOString())
  })

  it('puts a digestible notice into the daily digest of residents who chose one', async () => {
    const tenant = await createTestTenant(t.platform)
    const digestReader = await createTestResident(t.platform, tenant, { channels: { email: true }, profile: { wantsDigest: true } })
    const other = await createTestResident(t.platform, tenant, { channels: { email: true } })
    const now = new Date('2025-06-01T01:00:00Z') // 10:00 in Tokyo; the digest goes at 18:00
    const made = await queue(tenant, notice({ kind: 'everyone' }, { isDigestible: true }), now)
    const rows = await deliveriesOf(tenant, made.notice.id)
    const email = (id: string) => rows.find(r => r.residentId === id && r.channel === 'email')
    expect(email(digestReader.id)).toMatchObject({ isDigest: true })
    expect(email(digestReader.id)?.nextAttemptAt.toISOString()).toBe('2025-06-01T09:00:00.000Z')
    expect(email(other.id)).toMatchObject({ isDigest: false })
    expect(rows.find(r => r.residentId === digestReader.id && r.channel === 'inbox')).toMatchObject({ isDigest: false })
  })

  it('returns the existing notice for a repeated idempotency key and queues only once', async () => {
    const tenant = await createTestTenant(t.platform)
    const resident = await createTestResident(t.platform, tenant, { channels: { line: true } })
    const input = notice({ kind: 'residents', residentIds: [resident.id] }, { idempotencyKey: 'same-key', source: 'api' })
    const first = await queue(tenant, input)
    const second = await queue(tenant, input)
    expect(second.notice.id).toBe(first.notice.id)
    expect(second).toMatchObject({ recipients: 1, deliveries: 2 })
    expect(await deliveriesOf(tenant, first.notice.id)).toHaveLength(2)
  })

  it('cancels what has not gone and reports progress by channel and state', async () => {
    const tenant = await createTestTenant(t.platform)
    const staff = null
    const a = await createTestResident(t.platform, tenant, { channels: { line: true } })
    const b = await createTestResident(t.platform, tenant, { channels: { email: true } })
    const made = await queue(tenant, notice({ kind: 'residents', residentIds: [a.id, b.id] }))
    await inTenant(tenant, trx =>
      notificationsDb(trx).updateTable('deliveries').set({ status: 'delivered', deliveredAt: new Date() }).where('tenantId', '=', tenant.id).where('noticeId', '=', made.notice.id).where('channel', '=', 'inbox').execute(),
    )
    const cancelled = await inTenant(tenant, trx => cancelNoticeDeliveries(trx, tenant.id, made.notice.id, staff))
    expect(cancelled).toBe(2)
    const progress = await inTenant(tenant, trx => summariseNoticeProgress(trx, tenant.id, made.notice.id))
    expect(progress.total).toBe(4)
    expect(progress.terminal).toBe(4)
    expect(progress.byChannel.inbox.delivered).toBe(2)
    expect(progress.byChannel.line.cancelled).toBe(1)
    expect(progress.byChannel.email.cancelled).toBe(1)
    const stored = await inTenant(tenant, trx => notificationsDb(trx).selectFrom('notices').select(['status', 'completedAt']).where('tenantId', '=', tenant.id).where('id', '=', made.notice.id).executeTakeFirstOrThrow())
    expect(stored.status).toBe('cancelled')
  })
})
