import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, csrfFrom, TEST_DB, type TestApp } from '../../../../test/app.js'
import { createTestTenant } from '../../../../test/factories.js'
import { createTestResident } from '../../../../test/notification-factories.js'
import { loginWithEmail } from '../../../../test/resident-login.js'
import { withTenant } from '../../../platform/db/tenant-context.js'
import type { TenantContext } from '../../../platform/tenancy/tenant-service.js'
import { reservationsDb } from '../reservation-tables.js'
import { asSetupStaff, errorSummaryOf, urlencoded, type Form } from './testdata/setup-fixtures.js'

describe(`registered groups (${TEST_DB})`, () => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp()
  })
  afterAll(async () => {
    await t?.close()
  })

  const groupsOf = (tenant: TenantContext) => withTenant(t.platform.database.db, tenant.id, trx => reservationsDb(trx).selectFrom('reservationGroups').selectAll().where('tenantId', '=', tenant.id).orderBy('createdAt').execute())

  async function asResident(tenant: TenantContext) {
    const email = `g-${Math.random().toString(36).slice(2)}@example.jp`
    const resident = await createTestResident(t.platform, tenant, { loginEmail: email })
    const { jar } = await loginWithEmail(t, tenant, email)
    const base = `/${tenant.slug}/reservations/groups`
    const get = (path = '') => t.app.inject({ method: 'GET', url: `${base}${path}`, headers: { cookie: jar.header() } })
    const post = async (form: Form) => {
      const page = await get('/new')
      return t.app.inject({ method: 'POST', url: `${base}/new`, headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' }, payload: urlencoded({ _csrf: csrfFrom(page.body), ...form }) })
    }
    return { resident, get, post }
  }

  it('takes a resident’s application, which staff approve with priority days and an exemption', async () => {
    const tenant = await createTestTenant(t.platform)
    const clerk = await asSetupStaff(t, tenant)
    expect((await clerk.post('/exemptions', { code: 'disability-group', 'name-ja': '障害者団体', percentOff: '50', isGroupOnly: 'yes' })).statusCode).toBe(303)
    const applicant = await asResident(tenant)
    const form = await applicant.get('/new')
    expect(form.statusCode).toBe(200)
    expect(form.body).toContain('障害者団体')
    const applied = await applicant.post({ name: 'ひまわりの会', memberCount: '15', isResidentGroup: 'yes', exemptionCode: 'disability-group', agree: 'yes' })
    expect(applied.statusCode, errorSummaryOf(applied.body)).toBe(303)
    expect(applied.headers.location).toBe(`/${tenant.slug}/reservations/groups?done=applied`)
    const mine = await applicant.get('?done=applied')
    expect(mine.body).toContain('ひまわりの会')
    expect(mine.body).toContain('審査中')

    const [group] = await groupsOf(tenant)
    expect(group).toMatchObject({ name: 'ひまわりの会', memberCount: 15, status: 'pending', representativeResidentId: applicant.resident.id, exemptionCode: 'disability-group' })
    expect(group?.registrationNumber).toMatch(/^G-[34679ACDEFGHJKMNPQRTUVWXY]{4}-[34679ACDEFGHJKMNPQRTUVWXY]{4}$/)
    const members = await withTenant(t.platform.database.db, tenant.id, trx => reservationsDb(trx).selectFrom('reservationGroupMembers').select('residentId').where('tenantId', '=', tenant.id).execute())
    expect(members).toEqual([{ residentId: applicant.resident.id }])

    const pending = await clerk.get('/groups?status=pending')
    expect(pending.body).toContain('ひまわりの会')
    expect((await clerk.get(`/groups/${group?.id}`)).statusCode).toBe(200)
    const badApproval = await clerk.post(`/groups/${group?.id}/approve`, { priorityDays: '999', maxActiveBookings: '8', exemptionCode: 'nope' })
    expect(badApproval.statusCode).toBe(422)
    expect((await groupsOf(tenant))[0]?.status).toBe('pending')
    const approved = await clerk.post(`/groups/${group?.id}/approve`, { priorityDays: '30', maxActiveBookings: '6', exemptionCode: 'disability-group', isResidentGroup: 'yes' })
    expect(approved.statusCode, errorSummaryOf(approved.body)).toBe(303)
    expect((await groupsOf(tenant))[0]).toMatchObject({ status: 'approved', priorityDays: 30, maxActiveBookings: 6, exemptionCode: 'disability-group', approvedByStaffId: clerk.staff.id })
    // approving twice is a conflict, not a silent overwrite
    expect((await clerk.post(`/groups/${group?.id}/approve`, { priorityDays: '0', maxActiveBookings: '1' })).statusCode).toBe(409)
    expect((await clerk.post(`/groups/${group?.id}/suspend`)).statusCode).toBe(303)
    expect((await groupsOf(tenant))[0]?.status).toBe('suspended')
    const audit = await withTenant(t.platform.database.db, tenant.id, trx => trx.selectFrom('auditLog').select('action').where('tenantId', '=', tenant.id).where('action', 'like', 'reservations.%group%').execute())
    expect(audit.map(row => row.action)).toEqual(expect.arrayContaining(['reservations.read-group', 'reservations.approve-group', 'reservations.suspend-group']))
  })

  it('refuses an application without a name or confirmation, storing nothing', async () => {
    const tenant = await createTestTenant(t.platform)
    const applicant = await asResident(tenant)
    const refused = await applicant.post({ name: '', memberCount: '0', exemptionCode: 'made-up' })
    expect(refused.statusCode).toBe(422)
    const summary = errorSummaryOf(refused.body)
    expect(summary).toContain('入力してください')
    expect(summary).toContain('1から10000までの整数')
    expect(summary).toContain('選択肢から選んでください')
    expect(summary).toContain('チェックを入れてください')
    expect(await groupsOf(tenant)).toEqual([])
  })

  it('lets staff reject a pending application', async () => {
    const tenant = await createTestTenant(t.platform)
    const clerk = await asSetupStaff(t, tenant)
    const applicant = await asResident(tenant)
    await applicant.post({ name: 'テスト同好会', memberCount: '3', agree: 'yes' })
    const [group] = await groupsOf(tenant)
    expect((await clerk.post(`/groups/${group?.id}/reject`)).statusCode).toBe(303)
    expect((await groupsOf(tenant))[0]?.status).toBe('rejected')
    expect((await applicant.get()).body).toContain('却下')
  })

  it('asks a visitor who is not logged in to log in before applying', async () => {
    const tenant = await createTestTenant(t.platform)
    const page = await t.app.inject({ method: 'GET', url: `/${tenant.slug}/reservations/groups/new` })
    expect([302, 303, 401]).toContain(page.statusCode)
  })
})
