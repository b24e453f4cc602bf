import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, csrfFrom, TEST_DB, type CookieJar, type TestApp } from '../../../test/app.js'
import { createTestDepartment, createTestStaff, createTestTenant, loginStaff } from '../../../test/factories.js'
import { withTenant } from '../../platform/db/tenant-context.js'
import type { TenantContext } from '../../platform/tenancy/tenant-service.js'

describe(`admin console (${TEST_DB})`, () => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp()
  })
  afterAll(async () => t?.close())

  /** A logged-in staff member of a fresh tenant, with helpers to browse as them. */
  async function asStaff(tenant: TenantContext, role: Parameters<typeof createTestStaff>[2] = 'administrator', options: Parameters<typeof createTestStaff>[3] = {}) {
    const staff = await createTestStaff(t.platform, tenant, role, options)
    const jar = await loginStaff(t, tenant, staff)
    const home = await t.app.inject({ method: 'GET', url: `/${tenant.slug}/staff`, headers: { cookie: jar.header() } })
    const csrf = csrfFrom(home.body)
    const get = (path: string) => t.app.inject({ method: 'GET', url: `/${tenant.slug}${path}`, headers: { cookie: jar.header() } })
    const post = (path: string, payload: Record<string, string | string[]> = {}) =>
      t.app.inject({ method: 'POST', url: `/${tenant.slug}${path}`, headers: { cookie: jar.header() }, payload: { _csrf: csrf, ...payload } })
    return { staff, jar, home, get, post }
  }

  function auditRows(tenant: TenantContext, action: string) {
    return withTenant(t.platform.database.db, tenant.id, trx =>
      trx.selectFrom('auditLog').select(['actorType', 'actorId', 'subjectType', 'subjectId', 'details', 'requestId']).where('tenantId', '=', tenant.id).where('action', '=', action).orderBy('seq').execute(),
    )
  }

  function db<T>(tenant: TenantContext, fn: Parameters<typeof withTenant<T>>[2]) {
    return withTenant(t.platform.database.db, tenant.id, fn)
  }

  async function isLoggedIn(tenant: TenantContext, jar: CookieJar) {
    const res = await t.app.inject({ method: 'GET', url: `/${tenant.slug}/staff`, headers: { cookie: jar.header() } })
    return res.statusCode === 200
  }

  it('greets staff by name with their translated roles and only the cards their role allows', async () => {
    const tenant = await createTestTenant(t.platform)
    const department = await createTestDepartment(t.platform, tenant, 'kosodate', '子育て支援課')
    const clerk = await asStaff(tenant, 'clerk', { departmentCode: department.code })
    expect(clerk.home.statusCode).toBe(200)
    expect(clerk.home.body).toContain('テスト clerkさん、こんにちは')
    expect(clerk.home.body).toContain('担当職員(子育て支援課)')
    expect(clerk.home.body).toContain(`href="/${tenant.slug}/staff/residents"`)
    expect(clerk.home.body).not.toContain(`href="/${tenant.slug}/staff/admin/staff"`)
    expect(clerk.home.body).toContain('申請の処理')
    expect(clerk.home.body).toContain(`href="/${tenant.slug}/staff/counter"`)

    const admin = await asStaff(tenant)
    expect(admin.home.body).toContain('管理者(市区町村全体)')
    expect(admin.home.body).toContain(`href="/${tenant.slug}/staff/admin/audit"`)
  })

  it('lets an administrator create and rename a department, each change audited', async () => {
    const tenant = await createTestTenant(t.platform)
    const admin = await asStaff(tenant)
    const created = await admin.post('/staff/admin/departments', { code: 'kosodate-shien', name: '子育て支援課', nameEn: 'Child Support Division' })
    expect(created.statusCode).toBe(303)
    expect(created.headers.location).toBe(`/${tenant.slug}/staff/admin/departments?done=created`)
    const list = await admin.get('/staff/admin/departments?done=created')
    expect(list.body).toContain('所属を追加しました。')
    expect(list.body).toContain('子育て支援課')

    const row = await db(tenant, trx => trx.selectFrom('departments').selectAll().where('code', '=', 'kosodate-shien').executeTakeFirstOrThrow())
    const [audit] = await auditRows(tenant, 'admin.create-department')
    expect(audit).toMatchObject({ actorType: 'staff', actorId: admin.staff.id, subjectType: 'department', subjectId: row.id })
    expect(audit.requestId).toBeTruthy()

    const renamed = await admin.post(`/staff/admin/departments/${row.id}`, { name: 'こども家庭課', nameEn: '' })
    expect(renamed.statusCode).toBe(303)
    const after = await db(tenant, trx => trx.selectFrom('departments').select(['name', 'code']).where('id', '=', row.id).executeTakeFirstOrThrow())
    expect(after).toEqual({ name: 'こども家庭課', code: 'kosodate-shien' })
    expect(await auditRows(tenant, 'admin.rename-department')).toHaveLength(1)
  })

  it('answers a duplicate or malformed department with 422 and field errors, writing nothing', async () => {
    const tenant = await createTestTenant(t.platform)
    const admin = await asStaff(tenant)
    await createTestDepartment(t.platform, tenant, 'soumu', '総務課')

    const duplicate = await admin.post('/staff/admin/departments', { code: 'soumu', name: '別の課', nameEn: '' })
    expect(duplicate.statusCode).toBe(422)
    expect(duplicate.body).toContain('このコードはすでに使われています')
    expect(duplicate.body).toContain('href="#code"')

    const malformed = await admin.post('/staff/admin/departments', { code: 'Sou Mu!', name: '<script>alert(1)</script>', nameEn: 'x'.repeat(5000) })
    expect(malformed.statusCode).toBe(422)
    expect(malformed.body).toContain('コードは半角の英小文字')
    expect(malformed.body).toContain('使えない文字')
    expect(malformed.body).toContain('100文字以内で入力してください')
    expect(malformed.body).not.toContain('<script>alert(1)</script>')

    const repeated = await admin.post('/staff/admin/departments', { code: ['a', 'b'], name: '課', nameEn: '' })
    expect(repeated.statusCode).toBe(422)

    const english = await t.app.inject({ method: 'POST', url: `/${tenant.slug}/staff/admin/departments?lang=en`, headers: { cookie: admin.jar.header() }, payload: { _csrf: csrfFrom(admin.home.body), code: '', name: '', nameEn: '' } })
    expect(english.statusCode).toBe(422)
    expect(english.body).toContain('Enter a code.')

    const count = await db(tenant, trx => trx.selectFrom('departments').select(eb => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow())
    expect(Number(count.n)).toBe(1)
    expect(await auditRows(tenant, 'admin.create-department')).toHaveLength(0)
  })

  it('creates a staff account with a role in a department, audited, who must enrol MFA at first login', async () => {
    const tenant = await createTestTenant(t.platform)
    const admin = await asStaff(tenant)
    const department = await createTestDepartment(t.platform, tenant)
    const res = await admin.post('/staff/admin/staff/new', { email: 'Yamada@Example.JP', displayName: '山田 花子', password: 'a long initial passphrase', role: 'clerk', departmentId: department.id })
    expect(res.statusCode).toBe(303)
    const id = /\/staff\/admin\/staff\/([0-9a-f-]{36})\?done=created$/.exec(String(res.headers.location))?.[1]
    expect(id).toBeDefined()

    const stored = await db(tenant, trx => trx.selectFrom('staffUsers').select(['email', 'displayName', 'status', 'totpEnrolledAt']).where('id', '=', id as string).executeTakeFirstOrThrow())
    expect(stored).toEqual({ email: 'yamada@example.jp', displayName: '山田 花子', status: 'active', totpEnrolledAt: null })
    const roles = await db(tenant, trx => trx.selectFrom('staffRoleAssignments').select(['role', 'departmentId']).where('staffUserId', '=', id as string).execute())
    expect(roles).toEqual([{ role: 'clerk', departmentId: department.id }])
    const [audit] = await auditRows(tenant, 'admin.create-staff-user')
    expect(audit).toMatchObject({ actorId: admin.staff.id, subjectType: 'staff_user', subjectId: id, details: { role: 'clerk', departmentId: department.id } })

    const detail = await admin.get(`/staff/admin/staff/${id}?done=created`)
    expect(detail.statusCode).toBe(200)
    expect(detail.body).toContain('職員アカウントを作成しました。')
    expect(detail.body).toContain('担当職員')
    expect(detail.body).toContain('未設定')

    const list = await admin.get('/staff/admin/staff')
    expect(list.statusCode).toBe(200)
    expect(list.body).toContain('山田 花子')

    const again = await admin.post('/staff/admin/staff/new', { email: 'yamada@example.jp', displayName: '山田 太郎', password: 'another long passphrase', role: 'clerk', departmentId: '' })
    expect(again.statusCode).toBe(422)
    expect(again.body).toContain('このメールアドレスの職員アカウントはすでにあります')

    const weak = await admin.post('/staff/admin/staff/new', { email: 'x@example.jp', displayName: '', password: 'short', role: 'root', departmentId: randomUUID() })
    expect(weak.statusCode).toBe(422)
    expect(weak.body).toContain('初期パスワードは12文字以上')
    expect(weak.body).toContain('役割を選んでください')
    expect(weak.body).not.toContain('value="short"')

    const unknownDepartment = await admin.post('/staff/admin/staff/new', { email: 'z@example.jp', displayName: 'Z', password: 'a long initial passphrase', role: 'clerk', departmentId: randomUUID() })
    expect(unknownDepartment.statusCode).toBe(422)
    expect(unknownDepartment.body).toContain('所属を一覧から選んでください')
  })

  it('adds and removes role assignments, refusing duplicates', async () => {
    const tenant = await createTestTenant(t.platform)
    const admin = await asStaff(tenant)
    const clerk = await createTestStaff(t.platform, tenant, 'clerk')
    const added = await admin.post(`/staff/admin/staff/${clerk.id}/roles`, { role: 'supervisor', departmentId: '' })
    expect(added.statusCode).toBe(303)
    const duplicate = await admin.post(`/staff/admin/staff/${clerk.id}/roles`, { role: 'supervisor', departmentId: '' })
    expect(duplicate.statusCode).toBe(422)
    expect(duplicate.body).toContain('この役割はこの所属ですでに割り当てられています')

    const supervisor = await db(tenant, trx => trx.selectFrom('staffRoleAssignments').select('id').where('staffUserId', '=', clerk.id).where('role', '=', 'supervisor').executeTakeFirstOrThrow())
    const removed = await admin.post(`/staff/admin/staff/${clerk.id}/roles/${supervisor.id}/delete`)
    expect(removed.statusCode).toBe(303)
    expect(removed.headers.location).toContain('done=role-removed')
    const roles = await db(tenant, trx => trx.selectFrom('staffRoleAssignments').select('role').where('staffUserId', '=', clerk.id).execute())
    expect(roles).toEqual([{ role: 'clerk' }])
    expect(await auditRows(tenant, 'admin.add-role')).toHaveLength(1)
    expect(await auditRows(tenant, 'admin.remove-role')).toHaveLength(1)
  })

  it('does not let an administrator remove their own last administrator role or disable themselves', async () => {
    const tenant = await createTestTenant(t.platform)
    const admin = await asStaff(tenant)
    const own = await db(tenant, trx => trx.selectFrom('staffRoleAssignments').select('id').where('staffUserId', '=', admin.staff.id).executeTakeFirstOrThrow())

    const remove = await admin.post(`/staff/admin/staff/${admin.staff.id}/roles/${own.id}/delete`)
    expect(remove.statusCode).toBe(409)
    expect(remove.body).toContain('自分の最後の管理者の役割は外せません')
    const disable = await admin.post(`/staff/admin/staff/${admin.staff.id}/disable`)
    expect(disable.statusCode).toBe(409)
    expect(disable.body).toContain('自分のアカウントは利用停止にできません')

    expect(await db(tenant, trx => trx.selectFrom('staffRoleAssignments').select('id').where('staffUserId', '=', admin.staff.id).execute())).toHaveLength(1)
    expect(await isLoggedIn(tenant, admin.jar)).toBe(true)
    expect(await auditRows(tenant, 'admin.remove-role')).toHaveLength(0)
  })

  it('resets MFA (ending their sessions), unlocks, disables and enables another account', async () => {
    const tenant = await createTestTenant(t.platform)
    const admin = await asStaff(tenant)
    const clerk = await asStaff(tenant, 'clerk')
    expect(await isLoggedIn(tenant, clerk.jar)).toBe(true)

    expect((await admin.post(`/staff/admin/staff/${clerk.staff.id}/reset-mfa`)).statusCode).toBe(303)
    expect(await isLoggedIn(tenant, clerk.jar)).toBe(false)
    const reset = await db(tenant, trx => trx.selectFrom('staffUsers').select(['totpSecretEncrypted', 'totpEnrolledAt', 'recoveryCodeHashes']).where('id', '=', clerk.staff.id).executeTakeFirstOrThrow())
    expect(reset).toEqual({ totpSecretEncrypted: null, totpEnrolledAt: null, recoveryCodeHashes: [] })
    expect(await auditRows(tenant, 'admin.reset-staff-mfa')).toHaveLength(1)

    await db(tenant, trx => trx.updateTable('staffUsers').set({ failedLoginCount: 3, lockedUntil: new Date(Date.now() + 600_000) }).where('id', '=', clerk.staff.id).execute())
    const lockedPage = await admin.get(`/staff/admin/staff/${clerk.staff.id}`)
    expect(lockedPage.body).toContain('ロックを解除する')
    expect((await admin.post(`/staff/admin/staff/${clerk.staff.id}/unlock`)).statusCode).toBe(303)
    const unlocked = await db(tenant, trx => trx.selectFrom('staffUsers').select(['failedLoginCount', 'lockedUntil']).where('id', '=', clerk.staff.id).executeTakeFirstOrThrow())
    expect(unlocked).toEqual({ failedLoginCount: 0, lockedUntil: null })

    expect((await admin.post(`/staff/admin/staff/${clerk.staff.id}/disable`)).statusCode).toBe(303)
    expect(await db(tenant, trx => trx.selectFrom('staffUsers').select('status').where('id', '=', clerk.staff.id).executeTakeFirstOrThrow())).toEqual({ status: 'disabled' })
    const enabled = await admin.post(`/staff/admin/staff/${clerk.staff.id}/enable`)
    expect(enabled.headers.location).toBe(`/${tenant.slug}/staff/admin/staff/${clerk.staff.id}?done=enabled`)
    for (const action of ['admin.unlock-staff-user', 'admin.disable-staff-user', 'admin.enable-staff-user']) expect(await auditRows(tenant, action)).toHaveLength(1)
  })

  it('refuses clerks every admin page with 403', async () => {
    const tenant = await createTestTenant(t.platform)
    const clerk = await asStaff(tenant, 'clerk')
    for (const path of ['/staff/admin/departments', '/staff/admin/staff', '/staff/admin/staff/new', `/staff/admin/staff/${clerk.staff.id}`, '/staff/admin/audit']) {
      expect({ path, status: (await clerk.get(path)).statusCode }).toEqual({ path, status: 403 })
    }
    expect((await clerk.post('/staff/admin/departments', { code: 'x', name: 'x', nameEn: '' })).statusCode).toBe(403)
    expect((await clerk.post(`/staff/admin/staff/${clerk.staff.id}/roles`, { role: 'administrator', departmentId: '' })).statusCode).toBe(403)
    const roles = await db(tenant, trx => trx.selectFrom('staffRoleAssignments').select('role').where('staffUserId', '=', clerk.staff.id).execute())
    expect(roles).toEqual([{ role: 'clerk' }])

    const anonymous = await t.app.inject({ method: 'GET', url: `/${tenant.slug}/staff/admin/staff` })
    expect(anonymous.statusCode).toBe(303)
    expect(anonymous.headers.location).toBe(`/${tenant.slug}/staff/login`)
  })

  it('records resident.search without the query text, and resident.read-basic-info for every reading', async () => {
    const tenant = await createTestTenant(t.platform)
    const department = await createTestDepartment(t.platform, tenant, 'shimin', '市民課')
    const clerk = await asStaff(tenant, 'clerk', { departmentCode: department.code })
    const residentId = await db(tenant, async trx => {
      const resident = await trx.insertInto('residents').values({ tenantId: tenant.id, email: 'taro@example.jp', displayName: 'たろう' }).returning('id').executeTakeFirstOrThrow()
      await trx
        .insertInto('residentBasicInfo')
        .values({ tenantId: tenant.id, residentId: resident.id, name: '山田 太郎', nameKana: 'ヤマダ タロウ', address: '東京都千代田区霞が関1-1-1', birthdate: '1985-04-01', gender: 'male', provider: 'digital-auth-app', verifiedAt: new Date('2025-04-01T00:00:00Z') })
        .execute()
      await trx.insertInto('residents').values({ tenantId: tenant.id, email: 'other@example.jp', displayName: '100%_さん' }).execute()
      return resident.id
    })

    const search = await clerk.get(`/staff/residents?q=${encodeURIComponent('山田')}`)
    expect(search.statusCode).toBe(200)
    expect(search.body).toContain(`href="/${tenant.slug}/staff/residents/${residentId}"`)
    expect(search.body).not.toContain('霞が関')
    const [searchAudit] = await auditRows(tenant, 'resident.search')
    expect(searchAudit.details).toEqual({ queryLength: 2 })
    expect(JSON.stringify(searchAudit)).not.toContain('山田')

    const wildcard = await clerk.get(`/staff/residents?q=${encodeURIComponent('%')}`)
    expect(wildcard.body).toContain('100%_さん')
    expect(wildcard.body).not.toContain('山田 太郎')

    const byEmail = await clerk.get('/staff/residents?q=TARO%40example')
    expect(byEmail.body).toContain('山田 太郎')

    const detail = await clerk.get(`/staff/residents/${residentId}`)
    expect(detail.statusCode).toBe(200)
    expect(detail.headers['cache-control']).toBe('no-store')
    expect(detail.body).toContain('東京都千代田区霞が関1-1-1')
    expect(detail.body).toContain('1985年4月1日(昭和60年4月1日)')
    expect(detail.body).toContain('男性')
    expect(detail.body).toContain('デジタル認証アプリ')
    const reads = await auditRows(tenant, 'resident.read-basic-info')
    expect(reads).toHaveLength(1)
    expect(reads[0]).toMatchObject({ actorType: 'staff', actorId: clerk.staff.id, subjectType: 'resident', subjectId: residentId, details: { department: department.id } })

    await clerk.get(`/staff/residents/${residentId}`)
    expect(await auditRows(tenant, 'resident.read-basic-info')).toHaveLength(2)

    const partner = await asStaff(tenant, 'partner_member')
    expect((await partner.get(`/staff/residents/${residentId}`)).statusCode).toBe(403)
    expect(await auditRows(tenant, 'resident.read-basic-info')).toHaveLength(2)
  })

  it('shows the audit log newest first, filtered by action prefix, and audits the viewing', async () => {
    const tenant = await createTestTenant(t.platform)
    const admin = await asStaff(tenant)
    await admin.post('/staff/admin/departments', { code: 'a', name: 'A課', nameEn: '' })
    const page = await admin.get('/staff/admin/audit?action=admin.')
    expect(page.statusCode).toBe(200)
    const body = page.body
    expect(body).toContain('admin.create-department')
    expect(body).not.toContain('<code>auth.staff-login</code>')
    expect(body.indexOf('admin.read-audit-log')).toBeLessThan(body.indexOf('admin.create-department'))
    expect(body).toContain('テスト administrator')
    const [viewing] = await auditRows(tenant, 'admin.read-audit-log')
    expect(viewing).toMatchObject({ actorId: admin.staff.id, details: { page: 1, actionPrefix: 'admin.' } })

    const all = await admin.get('/staff/admin/audit')
    expect(all.body).toContain('auth.staff-login')
    expect((await admin.get('/staff/admin/audit?page=999')).statusCode).toBe(200)
  })

  it('renders every console page in ja, ja-easy and en with no untranslated message keys', async () => {
    const tenant = await createTestTenant(t.platform)
    const department = await createTestDepartment(t.platform, tenant)
    const admin = await asStaff(tenant)
    const residentId = await db(tenant, async trx => (await trx.insertInto('residents').values({ tenantId: tenant.id, displayName: '佐藤' }).returning('id').executeTakeFirstOrThrow()).id)
    const paths = [
      '/staff',
      '/staff/admin/departments?done=created',
      `/staff/admin/departments/${department.id}`,
      '/staff/admin/staff',
      '/staff/admin/staff/new',
      `/staff/admin/staff/${admin.staff.id}?done=mfa-reset`,
      '/staff/admin/audit',
      '/staff/residents?q=%E4%BD%90%E8%97%A4',
      `/staff/residents/${residentId}`,
    ]
    for (const lang of ['ja', 'ja-easy', 'en']) {
      for (const path of paths) {
        const res = await admin.get(`${path}${path.includes('?') ? '&' : '?'}lang=${lang}`)
        const leaked = res.body.match(/\b(?:admin\.[a-zA-Z]+\.[a-zA-Z][\w.-]*|staffNav\.\w+|common\.\w+)/g) ?? []
        expect({ lang, path, status: res.statusCode, leaked }).toEqual({ lang, path, status: 200, leaked: [] })
      }
    }
  })

  it('answers bad ids and bad input with a translated 4xx, never a 5xx', async () => {
    const tenant = await createTestTenant(t.platform)
    const admin = await asStaff(tenant)
    const unknown = randomUUID()
    const cases: [string, () => ReturnType<typeof admin.get>, number][] = [
      ['resident id not a uuid', () => admin.get('/staff/residents/not-a-uuid'), 404],
      ['resident id of hyphens', () => admin.get(`/staff/residents/${'-'.repeat(36)}`), 404],
      ['unknown resident', () => admin.get(`/staff/residents/${unknown}`), 404],
      ['staff id not a uuid', () => admin.get("/staff/admin/staff/1' OR '1'='1"), 404],
      ['unknown staff', () => admin.get(`/staff/admin/staff/${unknown}`), 404],
      ['unknown department', () => admin.get(`/staff/admin/departments/${unknown}`), 404],
      ['rename unknown department', () => admin.post(`/staff/admin/departments/${unknown}`, { name: 'x', nameEn: '' }), 404],
      ['role for unknown staff', () => admin.post(`/staff/admin/staff/${unknown}/roles`, { role: 'clerk', departmentId: '' }), 404],
      ['remove unknown assignment', () => admin.post(`/staff/admin/staff/${admin.staff.id}/roles/${unknown}/delete`), 404],
      ['remove bad assignment id', () => admin.post(`/staff/admin/staff/${admin.staff.id}/roles/zzz/delete`), 404],
      ['disable unknown staff', () => admin.post(`/staff/admin/staff/${unknown}/disable`), 404],
      ['audit page not a number', () => admin.get('/staff/admin/audit?page=abc'), 400],
      ['staff page negative', () => admin.get('/staff/admin/staff?page=-1'), 400],
      ['audit action with quotes', () => admin.get(`/staff/admin/audit?action=${encodeURIComponent("auth.' OR 1=1 --")}`), 422],
      ['search with markup', () => admin.get(`/staff/residents?q=${encodeURIComponent('<script>alert(1)</script>')}`), 422],
      ['search too long', () => admin.get(`/staff/residents?q=${'a'.repeat(500)}`), 422],
      ['staff form with arrays', () => admin.post('/staff/admin/staff/new', { email: ['a@b.jp', 'c@d.jp'], displayName: 'x', password: 'x', role: ['clerk', 'administrator'], departmentId: '' }), 422],
      ['role with bad department', () => admin.post(`/staff/admin/staff/${admin.staff.id}/roles`, { role: 'clerk', departmentId: 'nope' }), 422],
    ]
    for (const [name, run, status] of cases) {
      const res = await run()
      expect({ name, status: res.statusCode }).toEqual({ name, status })
      expect(res.body).not.toContain('errors.')
      expect(res.body).not.toContain('admin.form')
    }
    const missingCsrf = await t.app.inject({ method: 'POST', url: `/${tenant.slug}/staff/admin/departments`, headers: { cookie: admin.jar.header() }, payload: { code: 'x', name: 'x', nameEn: '' } })
    expect(missingCsrf.statusCode).toBe(403)
  })
})
