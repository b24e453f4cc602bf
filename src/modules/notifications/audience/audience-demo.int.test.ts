import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, TEST_DB, type TestApp } from '../../../../test/app.js'
import { createTestTenant } from '../../../../test/factories.js'
import { withTenant } from '../../../platform/db/tenant-context.js'
import { seedAudienceDemo } from './audience-demo.js'
import { districtForPoint, listDistricts, listSegments, listTopics } from './index.js'
import { createResident, birthdateForAge } from './testdata/audience-fixtures.js'

describe(`audience demo data (${TEST_DB})`, () => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp()
  })
  afterAll(async () => {
    await t?.close()
  })

  it('gives デモ市 six districts around 東京駅, five topics and a 65歳以上 segment that counts the right residents', async () => {
    const tenant = await createTestTenant(t.platform)
    const db = t.platform.database.db
    await withTenant(db, tenant.id, trx => seedAudienceDemo(trx, tenant.id))
    const districts = await withTenant(db, tenant.id, trx => listDistricts(trx, tenant.id))
    expect(districts.map(d => d.code)).toEqual(['minami-1', 'chuo-1', 'minami-2', 'kita-1', 'chuo-2', 'kita-2'])
    const topics = await withTenant(db, tenant.id, trx => listTopics(trx, tenant.id))
    expect(topics.map(topic => [topic.key, topic.names.ja, topic.isDefault])).toEqual([
      ['bousai', '防災', true],
      ['kosodate', '子育て', false],
      ['gomi', 'ごみ', true],
      ['event', 'イベント', false],
      ['kenko', '健康', false],
    ])
    // the middle of 中央二丁目 (139.758–139.768, 35.681–35.690 in the demo grid)
    const chuo2 = districts.find(d => d.code === 'chuo-2')
    expect(await withTenant(db, tenant.id, trx => districtForPoint(trx, tenant.id, 35.6852, 139.7631))).toBe(chuo2?.id)

    const [segment] = await withTenant(db, tenant.id, trx => listSegments(trx, tenant.id))
    expect(segment.name).toBe('65歳以上(中央一丁目・中央二丁目)')
    const chuo1 = districts.find(d => d.code === 'chuo-1')
    const elderly = await createResident(t, tenant, { birthdate: birthdateForAge(72), profile: { districtId: chuo1?.id } })
    await createResident(t, tenant, { birthdate: birthdateForAge(40), profile: { districtId: chuo1?.id } })
    await createResident(t, tenant, { birthdate: birthdateForAge(80), profile: { districtId: districts[0].id } })
    const ids = await withTenant(db, tenant.id, async trx =>
      (await sql<{ residentId: string }>`SELECT x FROM notifications_segment_residents(${tenant.id}::uuid, (SELECT definition FROM segments WHERE id = ${segment.id}::uuid)) AS x(resident_id)`.execute(trx)).rows,
    )
    expect(ids.map(r => Object.values(r)[0])).toEqual([elderly])
  })
})
