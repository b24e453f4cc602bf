import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, TEST_DB, type TestApp } from '../../../../test/app.js'
import { createTestTenant } from '../../../../test/factories.js'
import { publishTestProcedure, templateDocument } from '../../../../test/procedure-factories.js'
import { isAppError } from '../../../platform/errors.js'
import { withTenant } from '../../../platform/db/tenant-context.js'
import type { TenantContext } from '../../../platform/tenancy/tenant-service.js'
import { notificationsDb, type Audience } from '../notification-tables.js'
import { audienceResidentsSql, listDistricts, listSegments } from './index.js'
import { asStaff, birthdateForAge, createApplication, createResident, errorSummaryOf, textOf } from './testdata/audience-fixtures.js'
import { districtFeature, districtsFile, NIHONBASHI_BOW_TIE } from './testdata/districts.js'

/** Two districts side by side: 西 (139.75–139.76) and 東 (139.76–139.77), 35.67–35.69. */
const square = (west: number, east: number) => ({ type: 'Polygon', coordinates: [[[west, 35.67], [east, 35.67], [east, 35.69], [west, 35.69], [west, 35.67]]] })
const TWO_DISTRICTS = districtsFile(districtFeature('nishi', '西町', square(139.75, 139.76)), districtFeature('higashi', '東町', square(139.76, 139.77)))

describe(`segments and audiences (${TEST_DB})`, () => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp()
  })
  afterAll(async () => {
    await t?.close()
  })

  const db = <T,>(tenant: TenantContext, fn: Parameters<typeof withTenant<T>>[2]) => withTenant(t.platform.database.db, tenant.id, fn)

  /** The resident ids an audience means, run as the delivery engine runs it (inside the tenant's transaction; Kysely camel-cases the column). */
  const residentsOf = (tenant: TenantContext, audience: Audience) =>
    db(tenant, async trx => (await sql<{ residentId: string }>`SELECT a.resident_id FROM (${audienceResidentsSql(tenant.id, audience)}) a`.execute(trx)).rows.map(r => r.residentId).sort())

  /** A tenant with the two districts, and a clerk on the pages. */
  async function setUp() {
    const tenant = await createTestTenant(t.platform)
    const clerk = await asStaff(t, tenant, 'clerk')
    expect((await clerk.post('/districts/import', { geojson: TWO_DISTRICTS })).statusCode).toBe(303)
    const [nishi, higashi] = await db(tenant, trx => listDistricts(trx, tenant.id))
    return { tenant, clerk, nishi: nishi.id, higashi: higashi.id }
  }

  /** The count the form shows for these conditions (nothing saved). */
  async function countFor(clerk: Awaited<ReturnType<typeof asStaff>>, form: Record<string, string | string[]>): Promise<number> {
    const res = await clerk.post('/segments/new', { name: '確認', householdHasChildren: 'any', ...form, action: 'count' })
    expect(res.statusCode, errorSummaryOf(res.body)).toBe(200)
    const match = /この条件の対象者: (\d+)人/.exec(textOf(res.body))
    if (!match) throw new Error('no count on the page')
    return Number(match[1])
  }

  it('counts residents by age band on the day of sending in Tokyo, before saving anything', async () => {
    const { tenant, clerk } = await setUp()
    const ages: [string, string | undefined][] = [
      ['17 (turns 18 tomorrow)', birthdateForAge(18, 1)],
      ['18 today', birthdateForAge(18)],
      ['64', birthdateForAge(64, 100)],
      ['65 today', birthdateForAge(65)],
      ['74', birthdateForAge(75, 1)],
      ['75 today', birthdateForAge(75)],
      ['90', birthdateForAge(90, -40)],
      ['unknown', undefined],
    ]
    for (const [name, birthdate] of ages) await createResident(t, tenant, { name, birthdate })
    expect(await countFor(clerk, { ageBands: '0-17' })).toBe(1)
    expect(await countFor(clerk, { ageBands: '18-39' })).toBe(1)
    expect(await countFor(clerk, { ageBands: '65-74' })).toBe(2)
    expect(await countFor(clerk, { ageBands: ['65-74', '75+'] })).toBe(4)
    expect(await countFor(clerk, { ageBands: ['40-64', '75+'] })).toBe(3)
    expect(await db(tenant, trx => listSegments(trx, tenant.id))).toEqual([])
  })

  it('counts by language (the notice language, else the screen language), district and household with children', async () => {
    const { tenant, clerk, nishi, higashi } = await setUp()
    await createResident(t, tenant, { locale: 'ja', profile: { language: 'vi', districtId: nishi, householdHasChildren: true } })
    await createResident(t, tenant, { locale: 'en', profile: { language: 'ja', districtId: higashi, householdHasChildren: false } })
    await createResident(t, tenant, { locale: 'en' }) // no profile: English from the screen language, no district
    await createResident(t, tenant, { locale: 'ja-easy', profile: { language: 'ja-easy', districtId: nishi } })
    expect(await countFor(clerk, { languages: 'en' })).toBe(1)
    expect(await countFor(clerk, { languages: ['vi', 'ja-easy'] })).toBe(2)
    expect(await countFor(clerk, { districtIds: nishi })).toBe(2)
    expect(await countFor(clerk, { districtIds: [nishi, higashi] })).toBe(3)
    expect(await countFor(clerk, { householdHasChildren: 'yes' })).toBe(1)
    expect(await countFor(clerk, { householdHasChildren: 'no' })).toBe(1)
    // conditions of different kinds all apply
    expect(await countFor(clerk, { districtIds: nishi, languages: 'vi' })).toBe(1)
    expect(await countFor(clerk, { districtIds: higashi, languages: 'vi' })).toBe(0)
  })

  it('counts answers from earlier procedures only for residents who consented, and only submitted applications', async () => {
    const { tenant, clerk } = await setUp()
    const { procedure, version } = await publishTestProcedure(t.platform, tenant, templateDocument('sodai-gomi'))
    const apply = async (consent: boolean, status: string, answers: Record<string, unknown>) => {
      const residentId = await createResident(t, tenant, { profile: { allowsAnswerTargeting: consent } })
      await createApplication(t, tenant, { procedureId: procedure.id, versionId: version.id, residentId, status, answers })
      return residentId
    }
    const consented = await apply(true, 'submitted', { childCount: '2', items: ['sofa', 'bed'], agreed: true })
    await apply(false, 'approved', { childCount: '2', items: ['sofa'] }) // no consent
    await apply(true, 'draft', { childCount: '2' }) // a draft is not an answer given
    await apply(true, 'withdrawn', { childCount: '2' })
    const other = await apply(true, 'in_review', { childCount: '3', items: ['sofa'] })

    const answer = (n: number, field: string, value: string) => ({ [`answer${n}Procedure`]: 'sodai-gomi', [`answer${n}Field`]: field, [`answer${n}Value`]: value })
    expect(await countFor(clerk, answer(1, 'childCount', '2'))).toBe(1)
    expect(await countFor(clerk, answer(1, 'items', 'sofa'))).toBe(2) // a multiple choice contains the value
    expect(await countFor(clerk, answer(1, 'agreed', 'true'))).toBe(1)
    expect(await countFor(clerk, { ...answer(1, 'items', 'sofa'), ...answer(2, 'childCount', '3') })).toBe(1)
    expect(await countFor(clerk, answer(1, 'childCount', '9'))).toBe(0)

    const saved = await clerk.post('/segments/new', { name: 'ソファを出した世帯', householdHasChildren: 'any', ...answer(1, 'items', 'sofa'), action: 'save' })
    expect(saved.statusCode, errorSummaryOf(saved.body)).toBe(303)
    const [segment] = await db(tenant, trx => listSegments(trx, tenant.id))
    expect(await residentsOf(tenant, { kind: 'segment', segmentId: segment.id })).toEqual([consented, other].sort())
  })

  it('saves a segment, shows its current count, edits it, and the delivery SQL follows the saved definition', async () => {
    const { tenant, clerk, nishi, higashi } = await setUp()
    const west = await createResident(t, tenant, { birthdate: birthdateForAge(70), profile: { districtId: nishi } })
    const east = await createResident(t, tenant, { birthdate: birthdateForAge(80), profile: { districtId: higashi } })
    await createResident(t, tenant, { birthdate: birthdateForAge(30), profile: { districtId: nishi } })

    const refused = await clerk.post('/segments/new', { name: '', householdHasChildren: 'any', action: 'save' })
    expect(refused.statusCode).toBe(422)
    expect(errorSummaryOf(refused.body)).toContain('入力してください。')
    expect(errorSummaryOf(refused.body)).toContain('条件を1つ以上選んでください。')

    const created = await clerk.post('/segments/new', { name: '65歳以上(西町)', districtIds: nishi, ageBands: ['65-74', '75+'], householdHasChildren: 'any', action: 'save' })
    expect(created.statusCode, errorSummaryOf(created.body)).toBe(303)
    const [segment] = await db(tenant, trx => listSegments(trx, tenant.id))
    expect(created.headers.location).toBe(`/${tenant.slug}/staff/notifications/segments/${segment.id}?done=created`)
    expect(segment.definition).toEqual({ districtIds: [nishi], ageBands: [{ min: 65, max: 74 }, { min: 75 }] })

    const page = await clerk.get(`/segments/${segment.id}`)
    expect(textOf(page.body)).toContain('この条件の対象者: 1人')
    expect(page.body).toMatch(/<input[^>]*name="districtIds"[^>]*value="[^"]*"[^>]*checked/)
    expect(page.body).toContain('data-notice-area-picker')
    const list = await clerk.get('/segments')
    expect(textOf(list.body)).toContain('地区: 西町')
    expect(textOf(list.body)).toContain('年齢: 65〜74歳・75歳以上')

    const audience: Audience = { kind: 'segment', segmentId: segment.id }
    expect(await residentsOf(tenant, audience)).toEqual([west])
    const edited = await clerk.post(`/segments/${segment.id}`, { name: '65歳以上(全域)', districtIds: [nishi, higashi], ageBands: ['65-74', '75+'], householdHasChildren: 'any', action: 'save' })
    expect(edited.statusCode, errorSummaryOf(edited.body)).toBe(303)
    expect(await residentsOf(tenant, audience)).toEqual([west, east].sort())

    // deleted: nobody, and no error in the middle of a send
    expect((await clerk.post(`/segments/${segment.id}/delete`)).statusCode).toBe(303)
    expect(await residentsOf(tenant, audience)).toEqual([])
  })

  it('refuses to delete a segment a scheduled notice is waiting to use', async () => {
    const { tenant, clerk, nishi } = await setUp()
    await clerk.post('/segments/new', { name: '西町', districtIds: nishi, householdHasChildren: 'any', action: 'save' })
    const [segment] = await db(tenant, trx => listSegments(trx, tenant.id))
    await db(tenant, trx =>
      notificationsDb(trx)
        .insertInto('notices')
        .values({ tenantId: tenant.id, kind: 'broadcast', status: 'scheduled', scheduledAt: new Date(Date.now() + 3_600_000), content: JSON.stringify({ ja: { subject: '断水', body: '明日は断水です' } }), audience: JSON.stringify({ kind: 'segment', segmentId: segment.id }), source: 'staff' })
        .execute(),
    )
    const refused = await clerk.post(`/segments/${segment.id}/delete`)
    expect(refused.statusCode).toBe(409)
    expect(errorSummaryOf(refused.body)).toContain('送信待ちのお知らせ 1件')
    expect(await db(tenant, trx => listSegments(trx, tenant.id))).toHaveLength(1)
  })

  it('reaches an area: homes inside it, and residents without a home location whose district centre is inside', async () => {
    const { tenant, clerk, nishi, higashi } = await setUp()
    const homeInside = await createResident(t, tenant, { profile: { homeLat: 35.68, homeLng: 139.755, districtId: higashi } })
    await createResident(t, tenant, { profile: { homeLat: 35.68, homeLng: 139.765, districtId: nishi } }) // home outside the area
    const districtInside = await createResident(t, tenant, { profile: { districtId: nishi } }) // 西町's centre is inside
    await createResident(t, tenant, { profile: { districtId: higashi } }) // 東町's centre is outside
    await createResident(t, tenant) // nothing known
    // an area over the west half and a little of the east: 139.745–139.762
    const area = { type: 'Polygon' as const, coordinates: [[[139.745, 35.665], [139.762, 35.665], [139.762, 35.695], [139.745, 35.695], [139.745, 35.665]]] }
    expect(await residentsOf(tenant, { kind: 'area', geometry: area })).toEqual([homeInside, districtInside].sort())

    // the same as a segment's optional area, combined with other conditions
    expect(await countFor(clerk, { area: JSON.stringify(area) })).toBe(2)
    expect(await countFor(clerk, { area: JSON.stringify(area), districtIds: nishi })).toBe(1)
  })

  it('refuses an invalid or self-intersecting area with NOTIFICATIONS.INVALID_AREA (422), and shows where on the form', async () => {
    const { tenant, clerk } = await setUp()
    for (const geometry of [NIHONBASHI_BOW_TIE, { type: 'Polygon', coordinates: [[[139.75, 35.67], [139.76, 35.67], [139.76, 35.68]]] }, { type: 'Point', coordinates: [139.75, 35.67] }]) {
      let error: unknown
      try {
        await residentsOf(tenant, { kind: 'area', geometry } as Audience)
      } catch (caught) {
        error = caught
      }
      expect(isAppError(error) && [error.code, error.status]).toEqual(['NOTIFICATIONS.INVALID_AREA', 422])
    }
    const res = await clerk.post('/segments/new', { name: '日本橋', householdHasChildren: 'any', area: JSON.stringify(NIHONBASHI_BOW_TIE), action: 'count' })
    expect(res.statusCode).toBe(422)
    expect(errorSummaryOf(res.body)).toContain('範囲の形に問題があります')
    expect(textOf(res.body)).toContain('外周: 輪郭が自分自身と交差しています(1番目と3番目の辺)')
  })

  it('keeps segments and their residents within the municipality', async () => {
    const first = await setUp()
    const second = await setUp()
    await createResident(t, first.tenant, { profile: { districtId: first.nishi } })
    await createResident(t, second.tenant, { profile: { districtId: second.nishi } })
    await first.clerk.post('/segments/new', { name: '西町', districtIds: first.nishi, householdHasChildren: 'any', action: 'save' })
    const [segment] = await db(first.tenant, trx => listSegments(trx, first.tenant.id))
    // another municipality naming this segment id (or these districts) reaches none of its residents
    expect(await residentsOf(second.tenant, { kind: 'segment', segmentId: segment.id })).toEqual([])
    expect(await residentsOf(second.tenant, { kind: 'districts', districtIds: [first.nishi] })).toEqual([])
    expect((await second.clerk.get(`/segments/${segment.id}`)).statusCode).toBe(404)
    const foreign = await second.clerk.post('/segments/new', { name: 'x', districtIds: first.nishi, householdHasChildren: 'any', action: 'save' })
    expect(foreign.statusCode).toBe(422)
    expect(errorSummaryOf(foreign.body)).toContain('選んだ地区が見つかりません')
    expect(await residentsOf(first.tenant, { kind: 'segment', segmentId: segment.id })).toHaveLength(1)
  })

  it('answers 403 to an outsourced operator', async () => {
    const tenant = await createTestTenant(t.platform)
    const operator = await asStaff(t, tenant, 'outsourced_operator')
    expect((await operator.get('/segments')).statusCode).toBe(403)
    expect((await operator.post('/segments/new', { name: 'x', languages: 'ja', action: 'save' })).statusCode).toBe(403)
    expect(await db(tenant, trx => listSegments(trx, tenant.id))).toEqual([])
  })
})
