import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, TEST_DB, type TestApp } from '../../../../test/app.js'
import { createTestTenant } from '../../../../test/factories.js'
import { withTenant } from '../../../platform/db/tenant-context.js'
import type { TenantContext } from '../../../platform/tenancy/tenant-service.js'
import { GarbageCalendarSchema } from './garbage-rules.js'
import { insertCalendarVersion, upsertCategory } from './garbage-repository.js'
import { garbageReminderTask, planGarbageReminders } from './garbage-reminders.js'
import { garbageDb } from './garbage-tables.js'
import { insertDistricts, insertResident } from './garbage-test-support.js'

/** chuo-1: 燃えるごみ Mon/Thu (holidays move to the next weekday); chuo-2: 燃えるごみ Tue/Fri. */
const CALENDAR = GarbageCalendarSchema.parse({
  rules: [
    { district: 'chuo-1', type: '燃えるごみ', schedule: { kind: 'weekly', daysOfWeek: [1, 4] }, holidayPolicy: 'next-business-day', note: '朝8時30分まで' },
    { district: 'chuo-1', type: '資源ごみ', schedule: { kind: 'nthWeekday', dayOfWeek: 3, weeks: [2, 4] }, holidayPolicy: 'next-business-day' },
    { district: 'chuo-2', type: '燃えるごみ', schedule: { kind: 'weekly', daysOfWeek: [2, 5] }, holidayPolicy: 'collect' },
  ],
  yearEndClosure: 'dec-29',
})

const jst = (local: string) => new Date(`${local}+09:00`)

interface Town {
  tenant: TenantContext
  residents: Record<string, string>
}

describe(`garbage reminders (${TEST_DB})`, () => {
  let t: TestApp
  let town: Town
  let neighbour: Town

  async function createTown(): Promise<Town> {
    const tenant = await createTestTenant(t.platform)
    const districts = await insertDistricts(t.platform, tenant, [{ code: 'chuo-1', ja: '中央一丁目', en: 'Chuo 1' }, { code: 'chuo-2', ja: '中央二丁目' }])
    await withTenant(t.platform.database.db, tenant.id, async trx => {
      await insertCalendarVersion(trx, tenant.id, { calendar: CALENDAR, change: 'demo' })
      await upsertCategory(trx, tenant.id, '燃えるごみ', { names: { 'ja-easy': 'もえるごみ', en: 'Burnable waste' }, descriptions: {}, colour: null, linkUrl: null })
    })
    const residents = {
      eveningChuo1: await insertResident(t.platform, tenant, { districtId: districts['chuo-1'], reminder: 'evening-before' }),
      morningChuo1: await insertResident(t.platform, tenant, { districtId: districts['chuo-1'], reminder: 'same-morning', locale: 'en' }),
      noneChuo1: await insertResident(t.platform, tenant, { districtId: districts['chuo-1'], reminder: 'none' }),
      eveningChuo2: await insertResident(t.platform, tenant, { districtId: districts['chuo-2'], reminder: 'evening-before' }),
      eveningNoDistrict: await insertResident(t.platform, tenant, { reminder: 'evening-before' }),
      noProfile: await insertResident(t.platform, tenant, {}),
    }
    return { tenant, residents }
  }

  async function reminderNotices(tenant: TenantContext) {
    return withTenant(t.platform.database.db, tenant.id, trx =>
      garbageDb(trx).selectFrom('notices').selectAll().where('tenantId', '=', tenant.id).where('kind', '=', 'reminder').orderBy('idempotencyKey').execute(),
    )
  }

  async function deliveriesOf(tenant: TenantContext, noticeId: string) {
    return withTenant(t.platform.database.db, tenant.id, trx =>
      garbageDb(trx).selectFrom('deliveries').select(['residentId', 'channel']).where('tenantId', '=', tenant.id).where('noticeId', '=', noticeId).execute(),
    )
  }

  beforeAll(async () => {
    t = await createTestApp()
    town = await createTown()
    neighbour = await createTown()
  })
  afterAll(async () => t?.close())

  it('plans nothing for 成人の日: chuo-1 collects on Tuesday instead, and the reminder follows the collection', async () => {
    await planGarbageReminders(t.platform, jst('2027-01-10T19:05:00'))
    expect((await reminderNotices(town.tenant)).filter(notice => notice.idempotencyKey?.includes('2027-01-11'))).toEqual([])
  })

  it('sends the evening-before reminder at 19:00 to residents of that district who chose it, once', async () => {
    const now = jst('2027-01-11T19:05:00')
    const first = await planGarbageReminders(t.platform, now)
    // two towns × (chuo-1 moved 燃えるごみ, chuo-2 Tuesday 燃えるごみ); other tenants in the
    // database have no calendar
    expect(first).toBe(4)
    expect(await planGarbageReminders(t.platform, jst('2027-01-11T19:35:00'))).toBe(0)
    const notices = (await reminderNotices(town.tenant)).filter(notice => notice.idempotencyKey?.includes('2027-01-12:evening-before'))
    expect(notices.map(notice => notice.idempotencyKey)).toEqual(['garbage:chuo-1:2027-01-12:evening-before', 'garbage:chuo-2:2027-01-12:evening-before'])
    const [chuo1, chuo2] = notices
    expect(chuo1?.audience).toEqual({ kind: 'residents', residentIds: [town.residents.eveningChuo1] })
    expect(chuo2?.audience).toEqual({ kind: 'residents', residentIds: [town.residents.eveningChuo2] })
    expect(chuo1?.source).toBe('module')
    expect(chuo1?.status).toBe('sending')
    expect(chuo1?.linkUrl).toBe(`/${town.tenant.slug}/garbage/chuo-1`)
    expect(chuo1?.content.ja?.subject).toBe('明日は 燃えるごみ の日です')
    expect(chuo1?.content['ja-easy']?.subject).toBe('あしたは もえるごみ を 出す 日 です')
    expect(chuo1?.content.en?.subject).toBe('Tomorrow is collection day: Burnable waste')
    expect(chuo1?.content.ja?.body).toContain('1月12日(火)(中央一丁目)は 燃えるごみ の収集日です。')
    expect(chuo1?.content.ja?.body).toContain('燃えるごみ: 朝8時30分まで')
    const deliveries = await deliveriesOf(town.tenant, chuo1?.id ?? '')
    expect(deliveries).toEqual([{ residentId: town.residents.eveningChuo1, channel: 'inbox' }])
  })

  it('sends the same-morning reminder at 06:30 only to those who chose the morning', async () => {
    expect(await planGarbageReminders(t.platform, jst('2027-01-12T06:29:00'))).toBe(0)
    // chuo-2 has nobody who chose the morning: claimed, but no notice
    expect(await planGarbageReminders(t.platform, jst('2027-01-12T06:31:00'))).toBe(2)
    const morning = (await reminderNotices(town.tenant)).filter(notice => notice.idempotencyKey?.endsWith('2027-01-12:same-morning'))
    expect(morning.map(notice => notice.audience)).toEqual([{ kind: 'residents', residentIds: [town.residents.morningChuo1] }])
    expect(morning[0]?.content.ja?.subject).toBe('今日は 燃えるごみ の日です')
    const claims = await withTenant(t.platform.database.db, town.tenant.id, trx =>
      garbageDb(trx).selectFrom('garbageRemindersSent').select(['districtCode', 'noticeId', 'recipientCount']).where('collectionDate', '=', '2027-01-12').where('slot', '=', 'same-morning').orderBy('districtCode').execute(),
    )
    expect(claims).toEqual([
      { districtCode: 'chuo-1', noticeId: morning[0]?.id, recipientCount: 1 },
      { districtCode: 'chuo-2', noticeId: null, recipientCount: 0 },
    ])
  })

  it('catches up a reminder missed by less than an hour, and skips one missed by more', async () => {
    // Thursday 1/14: the planner was down from 18:30 to 19:50 — still within the hour
    expect(await planGarbageReminders(t.platform, jst('2027-01-13T19:50:00'))).toBe(2)
    // Friday 1/15 in chuo-2: down until 20:01 — too late, and nothing is claimed
    expect(await planGarbageReminders(t.platform, jst('2027-01-14T20:01:00'))).toBe(0)
    const keys = (await reminderNotices(town.tenant)).map(notice => notice.idempotencyKey)
    expect(keys).toContain('garbage:chuo-1:2027-01-14:evening-before')
    expect(keys).not.toContain('garbage:chuo-2:2027-01-15:evening-before')
  })

  it('plans each reminder once even when two planners run at the same moment', async () => {
    const now = jst('2027-01-18T19:00:30')
    await Promise.all([planGarbageReminders(t.platform, now), planGarbageReminders(t.platform, now), garbageReminderTask.run(t.platform, now)])
    for (const current of [town, neighbour]) {
      const keys = (await reminderNotices(current.tenant)).map(notice => notice.idempotencyKey).filter(key => key?.includes('2027-01-19'))
      expect(keys).toEqual(['garbage:chuo-2:2027-01-19:evening-before'])
    }
    expect(await planGarbageReminders(t.platform, now)).toBe(0)
  })

  it('keeps towns apart: each notice holds only its own residents', async () => {
    for (const current of [town, neighbour]) {
      const own = new Set(Object.values(current.residents))
      for (const notice of await reminderNotices(current.tenant)) {
        const audience = notice.audience as { kind: string; residentIds: string[] }
        expect(audience.residentIds.every(id => own.has(id))).toBe(true)
      }
    }
    const neighbourKeys = (await reminderNotices(neighbour.tenant)).map(notice => notice.idempotencyKey)
    expect(neighbourKeys).toContain('garbage:chuo-1:2027-01-12:evening-before')
  })

  it('uses the gomi topic when the town has one, so topic channel preferences apply', async () => {
    const topicId = await withTenant(t.platform.database.db, town.tenant.id, async trx => {
      const topic = await garbageDb(trx).insertInto('notificationTopics').values({ tenantId: town.tenant.id, key: 'gomi', names: JSON.stringify({ ja: 'ごみ' }) }).returning('id').executeTakeFirstOrThrow()
      await garbageDb(trx).insertInto('topicSubscriptions').values({ tenantId: town.tenant.id, residentId: town.residents.eveningChuo1, topicId: topic.id, channels: ['inbox'] }).execute()
      return topic.id
    })
    expect(await planGarbageReminders(t.platform, jst('2027-01-20T19:00:00'))).toBeGreaterThan(0)
    const notice = (await reminderNotices(town.tenant)).find(row => row.idempotencyKey === 'garbage:chuo-1:2027-01-21:evening-before')
    expect(notice?.topicId).toBe(topicId)
    expect(await deliveriesOf(town.tenant, notice?.id ?? '')).toEqual([{ residentId: town.residents.eveningChuo1, channel: 'inbox' }])
  })
})
