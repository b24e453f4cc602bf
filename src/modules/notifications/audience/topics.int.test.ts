import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, TEST_DB, type TestApp } from '../../../../test/app.js'
import { createTestTenant } from '../../../../test/factories.js'
import { withTenant } from '../../../platform/db/tenant-context.js'
import type { TenantContext } from '../../../platform/tenancy/tenant-service.js'
import { notificationsDb } from '../notification-tables.js'
import { listTopics } from './index.js'
import { asStaff, createResident, errorSummaryOf } from './testdata/audience-fixtures.js'

describe(`topics (${TEST_DB})`, () => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp()
  })
  afterAll(async () => {
    await t?.close()
  })

  const topicsOf = (tenant: TenantContext) => withTenant(t.platform.database.db, tenant.id, trx => listTopics(trx, tenant.id))

  const bousai = { key: 'bousai', 'name-ja': '防災', 'name-ja-easy': 'ぼうさい', 'name-en': 'Disaster prevention', 'description-ja': '避難情報など', isDefault: 'yes' }

  it('lets a clerk add topics in three languages and more, listed in order for residents’ pages', async () => {
    const tenant = await createTestTenant(t.platform)
    const clerk = await asStaff(t, tenant, 'clerk')
    const created = await clerk.post('/topics/new', { ...bousai, 'name-vi': 'Phòng chống thiên tai' })
    expect(created.statusCode, errorSummaryOf(created.body)).toBe(303)
    expect(created.headers.location).toBe(`/${tenant.slug}/staff/notifications/topics?done=created`)
    expect((await clerk.post('/topics/new', { key: 'kosodate', 'name-ja': '子育て' })).statusCode).toBe(303)

    const list = await clerk.get('/topics?done=created')
    expect(list.statusCode).toBe(200)
    expect(list.body).toContain('トピックを追加しました。')
    expect(list.body).toContain('防災')
    expect(list.body.indexOf('防災')).toBeLessThan(list.body.indexOf('子育て'))

    const topics = await topicsOf(tenant)
    expect(topics.map(topic => [topic.key, topic.isDefault, topic.sortOrder])).toEqual([
      ['bousai', true, 1],
      ['kosodate', false, 2],
    ])
    expect(topics[0].names).toEqual({ ja: '防災', 'ja-easy': 'ぼうさい', en: 'Disaster prevention', vi: 'Phòng chống thiên tai' })
    expect(topics[0].descriptions).toEqual({ ja: '避難情報など' })
  })

  it('refuses a missing Japanese name, a bad key and a key already used, with 422 and nothing stored', async () => {
    const tenant = await createTestTenant(t.platform)
    const clerk = await asStaff(t, tenant, 'clerk')
    const missing = await clerk.post('/topics/new', { key: 'Bad Key!', 'name-ja': '' })
    expect(missing.statusCode).toBe(422)
    expect(errorSummaryOf(missing.body)).toContain('キーは半角英小文字')
    expect(errorSummaryOf(missing.body)).toContain('入力してください。')
    expect(missing.body).toContain('href="#name-ja"')
    await clerk.post('/topics/new', bousai)
    const taken = await clerk.post('/topics/new', { ...bousai, 'name-ja': '防災2' })
    expect(taken.statusCode).toBe(422)
    expect(errorSummaryOf(taken.body)).toContain('このキーはほかのトピックで使われています。')
    expect((await topicsOf(tenant)).map(topic => topic.names.ja)).toEqual(['防災'])
  })

  it('edits names and the default flag but keeps the key', async () => {
    const tenant = await createTestTenant(t.platform)
    const clerk = await asStaff(t, tenant, 'clerk')
    await clerk.post('/topics/new', bousai)
    const [topic] = await topicsOf(tenant)
    const page = await clerk.get(`/topics/${topic.id}`)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('value="Disaster prevention"')
    const saved = await clerk.post(`/topics/${topic.id}`, { key: 'changed', 'name-ja': '防災・防犯', 'name-en': 'Safety' })
    expect(saved.statusCode, errorSummaryOf(saved.body)).toBe(303)
    const [after] = await topicsOf(tenant)
    expect(after).toMatchObject({ key: 'bousai', names: { ja: '防災・防犯', en: 'Safety' }, isDefault: false })
  })

  it('moves topics up and down', async () => {
    const tenant = await createTestTenant(t.platform)
    const clerk = await asStaff(t, tenant, 'clerk')
    for (const [key, name] of [['bousai', '防災'], ['gomi', 'ごみ'], ['event', 'イベント']]) await clerk.post('/topics/new', { key, 'name-ja': name })
    const event = (await topicsOf(tenant)).find(topic => topic.key === 'event')
    expect((await clerk.post(`/topics/${event?.id}/move`, { direction: 'up' })).statusCode).toBe(303)
    expect((await topicsOf(tenant)).map(topic => topic.key)).toEqual(['bousai', 'event', 'gomi'])
    const bousaiTopic = (await topicsOf(tenant)).find(topic => topic.key === 'bousai')
    await clerk.post(`/topics/${bousaiTopic?.id}/move`, { direction: 'down' })
    await clerk.post(`/topics/${bousaiTopic?.id}/move`, { direction: 'down' })
    await clerk.post(`/topics/${bousaiTopic?.id}/move`, { direction: 'down' })
    expect((await topicsOf(tenant)).map(topic => [topic.key, topic.sortOrder])).toEqual([
      ['event', 1],
      ['gomi', 2],
      ['bousai', 3],
    ])
  })

  it('deletes a topic with its subscriptions after confirmation, but refuses one used by a notice', async () => {
    const tenant = await createTestTenant(t.platform)
    const clerk = await asStaff(t, tenant, 'clerk')
    await clerk.post('/topics/new', bousai)
    await clerk.post('/topics/new', { key: 'event', 'name-ja': 'イベント' })
    const [first, second] = await topicsOf(tenant)
    const residentId = await createResident(t, tenant)
    await withTenant(t.platform.database.db, tenant.id, async trx => {
      await notificationsDb(trx).insertInto('topicSubscriptions').values({ tenantId: tenant.id, residentId, topicId: second.id, channels: ['inbox'] }).execute()
      await notificationsDb(trx)
        .insertInto('notices')
        .values({ tenantId: tenant.id, kind: 'broadcast', topicId: first.id, content: JSON.stringify({ ja: { subject: '訓練', body: '避難訓練です' } }), audience: JSON.stringify({ kind: 'everyone' }), source: 'staff' })
        .execute()
    })

    const confirm = await clerk.get(`/topics/${second.id}/delete`)
    expect(confirm.body).toContain('1人の住民がこのトピックを受け取る設定にしています。')
    expect((await clerk.post(`/topics/${second.id}/delete`)).statusCode).toBe(303)
    expect((await topicsOf(tenant)).map(topic => topic.key)).toEqual(['bousai'])
    const subscriptions = await withTenant(t.platform.database.db, tenant.id, trx => notificationsDb(trx).selectFrom('topicSubscriptions').selectAll().execute())
    expect(subscriptions).toEqual([])

    const refused = await clerk.post(`/topics/${first.id}/delete`)
    expect(refused.statusCode).toBe(409)
    expect(errorSummaryOf(refused.body)).toContain('このトピックは 1件のお知らせと 0件のテンプレートで使われているため、削除できません。')
    expect((await topicsOf(tenant)).map(topic => topic.key)).toEqual(['bousai'])
  })

  it('answers 403 to staff without notifications.manage (an outsourced operator) and writes nothing', async () => {
    const tenant = await createTestTenant(t.platform)
    const operator = await asStaff(t, tenant, 'outsourced_operator')
    expect((await operator.get('/topics')).statusCode).toBe(403)
    expect((await operator.get('/topics/new')).statusCode).toBe(403)
    expect((await operator.post('/topics/new', bousai)).statusCode).toBe(403)
    expect(await topicsOf(tenant)).toEqual([])
  })

  it('keeps each municipality’s topics to itself', async () => {
    const tenant = await createTestTenant(t.platform)
    const other = await createTestTenant(t.platform)
    const clerk = await asStaff(t, tenant, 'clerk')
    await clerk.post('/topics/new', bousai)
    const [topic] = await topicsOf(tenant)
    const otherClerk = await asStaff(t, other, 'clerk')
    expect((await otherClerk.get(`/topics/${topic.id}`)).statusCode).toBe(404)
    expect((await otherClerk.post(`/topics/${topic.id}/delete`)).statusCode).toBe(404)
    expect(await topicsOf(other)).toEqual([])
    expect(await topicsOf(tenant)).toHaveLength(1)
  })
})
