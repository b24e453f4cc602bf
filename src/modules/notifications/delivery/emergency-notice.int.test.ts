import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, TEST_DB, type TestApp } from '../../../../test/app.js'
import { createTestTenant } from '../../../../test/factories.js'
import { createTestDistrict, createTestResident } from '../../../../test/notification-factories.js'
import { withTenant } from '../../../platform/db/tenant-context.js'
import type { TenantContext } from '../../../platform/tenancy/tenant-service.js'
import { notificationsDb } from '../notification-tables.js'
import { completeFinishedNotices } from './delivery-claims.js'
import { createEmergencyNotice, finishEmergencyNotice, queueEmergencyDeliveries } from './emergency-notice.js'
import { queueNoticeSlice } from './notice-dispatch.js'

describe(`emergency notices queued district by district (${TEST_DB})`, () => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp()
  })
  afterAll(async () => t?.close())

  const inTenant = <T,>(tenant: TenantContext, fn: Parameters<typeof withTenant<T>>[2]) => withTenant(t.platform.database.db, tenant.id, fn)

  async function town() {
    const tenant = await createTestTenant(t.platform)
    const districts = [await createTestDistrict(t.platform, tenant, 'a'), await createTestDistrict(t.platform, tenant, 'b'), await createTestDistrict(t.platform, tenant, 'c'), await createTestDistrict(t.platform, tenant, 'elsewhere')]
    for (const [index, district] of districts.entries()) await createTestResident(t.platform, tenant, { channels: index % 2 === 0 ? { line: true } : { email: true }, profile: { districtId: district.id } })
    return { tenant, districts }
  }

  const input = (districtIds: string[], key: string) => ({ content: { ja: { subject: '避難指示', body: '直ちに避難してください。' } }, districtIds, linkUrl: '/x', isTraining: false, createdByStaffId: null, idempotencyKey: key })

  it('makes every slice, counts the recipients, and is durable before any delivery exists', async () => {
    const { tenant, districts } = await town()
    const ids = districts.slice(0, 3).map(d => d.id)
    const { noticeId } = await inTenant(tenant, trx => createEmergencyNotice(trx, t.platform, tenant.id, input(ids, 'k1')))
    // The safety job is queued with the notice, for later.
    const jobs = await t.platform.database.db.selectFrom('pgboss.job' as never).select(['name', 'data'] as never).where('name' as never, '=', 'notifications.finish-emergency-notice' as never).execute()
    expect(jobs.some(job => (job as { data: { noticeId: string } }).data.noticeId === noticeId)).toBe(true)

    const made = await queueEmergencyDeliveries(t.platform, tenant.id, noticeId)
    expect(made).toEqual({ recipients: 3, deliveries: 6 })
    const notice = await inTenant(tenant, trx => notificationsDb(trx).selectFrom('notices').select(['recipientCount', 'deliveriesCreatedAt', 'priority']).where('id', '=', noticeId).executeTakeFirstOrThrow())
    expect(notice.recipientCount).toBe(3)
    expect(notice.deliveriesCreatedAt).not.toBeNull()
    // Running it again makes nothing more.
    expect(await queueEmergencyDeliveries(t.platform, tenant.id, noticeId)).toEqual({ recipients: 3, deliveries: 0 })
  })

  it('never completes between slices, and the safety job finishes an interrupted queueing', async () => {
    const { tenant, districts } = await town()
    const ids = districts.slice(0, 3).map(d => d.id)
    const { noticeId } = await inTenant(tenant, trx => createEmergencyNotice(trx, t.platform, tenant.id, input(ids, 'k2')))
    // The process made the first slice, then died; its deliveries were all sent.
    await inTenant(tenant, trx => queueNoticeSlice(trx, tenant.id, noticeId, { kind: 'districts', districtIds: [ids[0] as string] }))
    await inTenant(tenant, trx => notificationsDb(trx).updateTable('deliveries').set({ status: 'delivered', deliveredAt: new Date() }).where('noticeId', '=', noticeId).execute())
    expect(await inTenant(tenant, trx => completeFinishedNotices(trx, tenant.id, new Date()))).toEqual([])

    const ctx = { db: t.platform.database.db, logger: t.platform.logger, mailer: t.platform.mailer, config: t.config }
    await finishEmergencyNotice.run({ tenantId: tenant.id, noticeId }, ctx)
    const rows = await inTenant(tenant, trx => notificationsDb(trx).selectFrom('deliveries').select(['residentId', 'channel']).where('noticeId', '=', noticeId).execute())
    expect(rows).toHaveLength(6)
    const notice = await inTenant(tenant, trx => notificationsDb(trx).selectFrom('notices').select(['recipientCount', 'status']).where('id', '=', noticeId).executeTakeFirstOrThrow())
    expect(notice).toEqual({ recipientCount: 3, status: 'sending' })
    // A second run (a retried job) changes nothing.
    await finishEmergencyNotice.run({ tenantId: tenant.id, noticeId }, ctx)
    expect(await inTenant(tenant, trx => notificationsDb(trx).selectFrom('deliveries').select('id').where('noticeId', '=', noticeId).execute())).toHaveLength(6)
  })
})
