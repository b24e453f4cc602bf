import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, csrfFrom, TEST_DB, type TestApp } from '../../../test/app.js'
import { createTestDepartment, createTestStaff, createTestTenant, loginStaff } from '../../../test/factories.js'
import { publishTestProcedure, templateDocument } from '../../../test/procedure-factories.js'
import { withTenant } from '../../platform/db/tenant-context.js'
import type { TenantContext } from '../../platform/tenancy/tenant-service.js'
import { proceduresDb } from './procedure-tables.js'

describe(`counter-assisted applications (${TEST_DB})`, () => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp()
  })
  afterAll(async () => t?.close())

  async function asStaff(tenant: TenantContext, role: Parameters<typeof createTestStaff>[2], departmentCode?: string) {
    const staff = await createTestStaff(t.platform, tenant, role, { departmentCode })
    const jar = await loginStaff(t, tenant, staff)
    const get = (path: string) => t.app.inject({ method: 'GET', url: `/${tenant.slug}${path}`, headers: { cookie: jar.header() } })
    const post = async (path: string, payload: Record<string, string>) => {
      const page = await get('/staff/counter')
      return t.app.inject({ method: 'POST', url: `/${tenant.slug}${path}`, headers: { cookie: jar.header() }, payload: { _csrf: csrfFrom(page.body), ...payload } })
    }
    return { staff, get, post }
  }

  it('lets a clerk fill a procedure for a resident at the counter and submit after the resident confirms', async () => {
    const tenant = await createTestTenant(t.platform)
    await publishTestProcedure(t.platform, tenant, templateDocument('dog-registration'))
    const clerk = await asStaff(tenant, 'clerk', 'kankyo')

    const missing = await clerk.post('/staff/counter', { procedure: 'dog-registration' })
    expect(missing.statusCode).toBe(422)
    expect(missing.body).toContain('本人確認に使った書類を選んでください')

    const start = await clerk.post('/staff/counter', { procedure: 'dog-registration', identityCheck: 'driving-licence', residentEmail: '' })
    expect(start.statusCode).toBe(303)
    const first = String(start.headers.location)
    expect(first).toMatch(/\/staff\/counter\/[0-9a-f-]+\/pages\/owner$/)
    const base = first.replace(/\/pages\/owner$/, '').replace(`/${tenant.slug}`, '')
    const owner = await clerk.post(`${base}/pages/owner`, {
      'ownerName.familyName': '佐藤', 'ownerName.givenName': '健一', 'ownerName.familyNameKana': 'サトウ', 'ownerName.givenNameKana': 'ケンイチ',
      'ownerAddress.postalCode': '1000001', 'ownerAddress.prefecture': '東京都', 'ownerAddress.city': '千代田区', 'ownerAddress.street': '1-1',
      phone: '0312345678', email: 'sato@example.jp',
    })
    expect(owner.statusCode).toBe(303)
    await clerk.post(`${base}/pages/dog`, { dogName: 'ハチ', breed: '秋田犬', colour: '白', sex: 'male', dogBirthdate: '2025-01-01' })
    const rabies = await clerk.post(`${base}/pages/rabies`, { vaccinationDate: '2026-04-01', clinic: '駅前動物病院', needsTag: 'no' })
    expect(rabies.headers.location).toBe(`/${tenant.slug}${base}/confirm`)

    const confirm = await clerk.get(`${base}/confirm`)
    expect(confirm.body).toContain('住民の方に確認していただく画面です')
    expect(confirm.body).toContain('ハチ')
    const unconfirmed = await clerk.post(`${base}/confirm`, {})
    expect(unconfirmed.statusCode, unconfirmed.body.slice(0, 3000)).toBe(422)
    const done = await clerk.post(`${base}/confirm`, { declaration: 'yes' })
    expect(done.statusCode).toBe(303)

    const [row] = await withTenant(t.platform.database.db, tenant.id, trx => proceduresDb(trx).selectFrom('applications').selectAll().where('tenantId', '=', tenant.id).execute())
    expect(row?.status).toBe('submitted')
    expect(row?.channel).toBe('counter')
    expect(row?.enteredByStaffId).toBe(clerk.staff.id)
    expect(row?.feeYen).toBe(3000)
    const audit = await withTenant(t.platform.database.db, tenant.id, trx => trx.selectFrom('auditLog').select(['action', 'details']).where('tenantId', '=', tenant.id).where('subjectId', '=', row?.id ?? '').orderBy('seq').execute())
    expect(audit.map(a => a.action)).toEqual(['application.counter-start', 'application.counter-submit'])
    expect(JSON.stringify(audit[0]?.details)).toContain('driving-licence')
  })

  it('keeps a partner organisation out of procedures routed to another department', async () => {
    const tenant = await createTestTenant(t.platform)
    await publishTestProcedure(t.platform, tenant, templateDocument('dog-registration'))
    await createTestDepartment(t.platform, tenant, 'school-1', '第一小学校')
    const school = await asStaff(tenant, 'partner_member', 'school-1')
    const start = await school.post('/staff/counter', { procedure: 'dog-registration', identityCheck: 'passport' })
    expect(start.statusCode).toBe(403)
  })
})
