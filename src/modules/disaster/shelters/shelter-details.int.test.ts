import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, csrfFrom, TEST_DB, type TestApp } from '../../../../test/app.js'
import { createTestStaff, createTestTenant, loginStaff } from '../../../../test/factories.js'
import type { StaffRole } from '../../../platform/db/schema.js'
import { withTenant } from '../../../platform/db/tenant-context.js'
import type { TenantContext } from '../../../platform/tenancy/tenant-service.js'
import { sheltersDb } from './shelter-tables.js'

describe(`shelter details typed by staff (${TEST_DB})`, () => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp()
  })
  afterAll(async () => t?.close())

  async function asStaff(tenant: TenantContext, role: StaffRole) {
    const staff = await createTestStaff(t.platform, tenant, role)
    const jar = await loginStaff(t, tenant, staff)
    const csrf = csrfFrom((await t.app.inject({ method: 'GET', url: `/${tenant.slug}/staff`, headers: { cookie: jar.header() } })).body)
    const base = `/${tenant.slug}/staff/disaster/shelters`
    return {
      get: (path: string) => t.app.inject({ method: 'GET', url: `${base}${path}`, headers: { cookie: jar.header() } }),
      post: (path: string, payload: Record<string, string | string[]>) => t.app.inject({ method: 'POST', url: `${base}${path}`, headers: { cookie: jar.header() }, payload: { _csrf: csrf, ...payload } }),
    }
  }

  const form = { code: 'F-01', nameJa: '中央福祉センター', nameEasy: 'ちゅうおう ふくし センター', nameEn: 'Chuo Welfare Centre', address: 'テスト市中央1-2-3', latitude: '35.681', longitude: '139.767', kinds: 'shelter', hazards: ['flood', 'earthquake'], capacity: '120', phone: '03-1234-5678', accessible: 'on' }

  it('adds a place, refuses its number twice and bad input, edits it without touching its status, and shows it to the public', async () => {
    const tenant = await createTestTenant(t.platform, { features: ['disaster'] })
    const manager = await asStaff(tenant, 'clerk')

    expect((await manager.get('/new')).statusCode).toBe(200)
    const bad = await manager.post('/new', { ...form, latitude: '91', capacity: 'many' })
    expect(bad.statusCode).toBe(422)
    expect(bad.body).toContain('緯度は20〜46の数値で入力してください。')
    expect(bad.body).toContain('想定収容人数は0〜1,000,000の整数で入力してください。')

    const created = await manager.post('/new', form)
    expect(created.statusCode).toBe(303)
    const id = /\/shelters\/([0-9a-f-]{36})\?done=details$/.exec(String(created.headers.location))?.[1] ?? ''
    const again = await manager.post('/new', { ...form, nameJa: '別の場所' })
    expect(again.statusCode).toBe(409)
    expect(again.body).toContain('この番号の避難所はすでにあります。')

    // Open it with an evacuee count, then edit the details: the status stays.
    expect((await manager.post(`/${id}/status`, { status: 'open', manualEvacuees: '10', manualHouseholds: '4', needsNote: '' })).statusCode).toBe(303)
    const edit = await manager.get(`/${id}/edit`)
    expect(edit.body).toContain('value="Chuo Welfare Centre"')
    expect((await manager.post(`/${id}/edit`, { ...form, code: 'CHANGED', nameEn: 'Chuo Welfare Center', capacity: '150' })).statusCode).toBe(303)
    const row = await withTenant(t.platform.database.db, tenant.id, trx => sheltersDb(trx).selectFrom('shelters').selectAll().where('id', '=', id).executeTakeFirstOrThrow())
    expect([row.code, row.names.en, row.capacity, row.status, row.manualEvacuees, row.isShelter, row.isEmergencyPlace, row.isAccessible, row.hazards]).toEqual(['F-01', 'Chuo Welfare Center', 150, 'open', 10, true, false, true, ['flood', 'earthquake']])

    const api = (await t.app.inject({ method: 'GET', url: `/api/v1/${tenant.slug}/shelters` })).json() as { shelters: { code: string; status: string }[] }
    expect(api.shelters.map(s => [s.code, s.status])).toEqual([['F-01', 'open']])
    const audit = await withTenant(t.platform.database.db, tenant.id, trx => trx.selectFrom('auditLog').select('action').where('subjectId', '=', id).execute())
    expect(audit.map(a => a.action)).toEqual(expect.arrayContaining(['disaster.shelter-create', 'disaster.shelter-edit']))

    // Running a shelter does not include editing its details.
    const operator = await asStaff(tenant, 'outsourced_operator')
    expect((await operator.get(`/${id}/edit`)).statusCode).toBe(403)
    expect((await operator.post('/new', { ...form, code: 'F-02' })).statusCode).toBe(403)
  })
})
