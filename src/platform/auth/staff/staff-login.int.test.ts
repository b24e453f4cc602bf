import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generate } from 'otplib'
import { sql } from 'kysely'
import { createTestApp, CookieJar, csrfFrom, TEST_DB, type TestApp } from '../../../../test/app.js'
import { createTestStaff, createTestTenant, loginStaff } from '../../../../test/factories.js'
import { withTenant } from '../../db/tenant-context.js'
import type { TenantContext } from '../../tenancy/tenant-service.js'

async function passwordStep(t: TestApp, tenant: TenantContext, email: string, password: string) {
  const jar = new CookieJar()
  const page = await t.app.inject({ method: 'GET', url: `/${tenant.slug}/staff/login` })
  jar.store(page.headers['set-cookie'])
  const res = await t.app.inject({ method: 'POST', url: `/${tenant.slug}/staff/login`, headers: { cookie: jar.header() }, payload: { _csrf: csrfFrom(page.body), email, password } })
  jar.store(res.headers['set-cookie'])
  return { jar, res, csrf: csrfFrom(page.body) }
}

describe(`staff login with password and TOTP (${TEST_DB})`, () => {
  let t: TestApp
  let tenant: TenantContext
  beforeAll(async () => {
    t = await createTestApp({ LOGIN_MAX_FAILURES: '3' })
    tenant = await createTestTenant(t.platform)
  })
  afterAll(async () => t?.close())

  it('enrols TOTP on first login with a QR code, shows recovery codes once, then opens the console', async () => {
    const staff = await createTestStaff(t.platform, tenant, 'clerk', { enrolled: false })
    const { jar, res, csrf } = await passwordStep(t, tenant, staff.email, staff.password)
    expect(res.statusCode).toBe(303)
    expect(res.headers.location).toBe(`/${tenant.slug}/staff/mfa/enrol`)
    const console0 = await t.app.inject({ method: 'GET', url: `/${tenant.slug}/staff`, headers: { cookie: jar.header() } })
    expect(console0.statusCode).toBe(303) // not before MFA
    const enrol = await t.app.inject({ method: 'GET', url: `/${tenant.slug}/staff/mfa/enrol`, headers: { cookie: jar.header() } })
    expect(enrol.statusCode).toBe(200)
    expect(enrol.body).toContain('<svg')
    const secret = /data-testid="totp-secret">([A-Z2-7]+)</.exec(enrol.body)?.[1]
    expect(secret).toBeDefined()
    const wrong = await t.app.inject({ method: 'POST', url: `/${tenant.slug}/staff/mfa/enrol`, headers: { cookie: jar.header() }, payload: { _csrf: csrf, code: '000000' } })
    expect(wrong.statusCode).toBe(422)
    expect(wrong.body).toContain('確認コードが正しくありません')
    const done = await t.app.inject({ method: 'POST', url: `/${tenant.slug}/staff/mfa/enrol`, headers: { cookie: jar.header() }, payload: { _csrf: csrf, code: await generate({ secret: secret as string }) } })
    expect(done.statusCode).toBe(200)
    const codes = [...done.body.matchAll(/<code>([a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4})<\/code>/g)].map(m => m[1])
    expect(codes).toHaveLength(10)
    jar.store(done.headers['set-cookie'])
    const home = await t.app.inject({ method: 'GET', url: `/${tenant.slug}/staff`, headers: { cookie: jar.header() } })
    expect(home.statusCode).toBe(200)

    // A recovery code works once.
    const again = await passwordStep(t, tenant, staff.email, staff.password)
    expect(again.res.headers.location).toBe(`/${tenant.slug}/staff/mfa`)
    const viaRecovery = await t.app.inject({ method: 'POST', url: `/${tenant.slug}/staff/mfa`, headers: { cookie: again.jar.header() }, payload: { _csrf: again.csrf, code: codes[0].toUpperCase() } })
    expect(viaRecovery.statusCode).toBe(303)
    const third = await passwordStep(t, tenant, staff.email, staff.password)
    const reused = await t.app.inject({ method: 'POST', url: `/${tenant.slug}/staff/mfa`, headers: { cookie: third.jar.header() }, payload: { _csrf: third.csrf, code: codes[0] } })
    expect(reused.statusCode).toBe(422)
  })

  it('accepts a TOTP code only once (no replay within its window)', async () => {
    const staff = await createTestStaff(t.platform, tenant, 'clerk')
    const code = await generate({ secret: staff.totpSecret as string })
    const first = await passwordStep(t, tenant, staff.email, staff.password)
    const ok = await t.app.inject({ method: 'POST', url: `/${tenant.slug}/staff/mfa`, headers: { cookie: first.jar.header() }, payload: { _csrf: first.csrf, code } })
    expect(ok.statusCode).toBe(303)
    const second = await passwordStep(t, tenant, staff.email, staff.password)
    const replay = await t.app.inject({ method: 'POST', url: `/${tenant.slug}/staff/mfa`, headers: { cookie: second.jar.header() }, payload: { _csrf: second.csrf, code } })
    expect(replay.statusCode).toBe(422)
  })

  it('locks the account after repeated failures without revealing it, and audits every failure', async () => {
    const staff = await createTestStaff(t.platform, tenant, 'clerk')
    for (let i = 0; i < 3; i++) {
      const { res } = await passwordStep(t, tenant, staff.email, 'wrong password!')
      expect(res.statusCode).toBe(401)
      expect(res.body).toContain('メールアドレスまたはパスワードが正しくありません')
    }
    // While locked even the right password fails — with the same answer as a wrong one.
    const { res } = await passwordStep(t, tenant, staff.email, staff.password)
    expect(res.statusCode).toBe(401)
    expect(res.body).toContain('メールアドレスまたはパスワードが正しくありません')
    expect(res.headers['set-cookie']?.toString() ?? '').not.toContain('yakuba_staff=')
    const failures = await withTenant(t.platform.database.db, tenant.id, trx =>
      trx.selectFrom('auditLog').select(['action', 'details']).where('subjectId', '=', staff.id).where('action', '=', 'auth.staff-login-failed').execute(),
    )
    expect(failures.length).toBe(4)
  })

  it('answers an unknown account exactly like a wrong password', async () => {
    const { res } = await passwordStep(t, tenant, 'nobody@example.jp', 'whatever-password')
    expect(res.statusCode).toBe(401)
    expect(res.body).toContain('メールアドレスまたはパスワードが正しくありません')
  })

  it('lists the staff member’s sessions and revokes another one', async () => {
    const staff = await createTestStaff(t.platform, tenant, 'clerk')
    const laptop = await loginStaff(t, tenant, staff)
    const phone = await loginStaff(t, tenant, staff, { stepsAhead: 1 }) // a code is accepted once: use the next step's
    const list = await t.app.inject({ method: 'GET', url: `/${tenant.slug}/staff/sessions`, headers: { cookie: laptop.header() } })
    expect(list.statusCode).toBe(200)
    const ids = [...list.body.matchAll(/sessions\/([0-9a-f-]{36})\/revoke/g)].map(m => m[1])
    expect(ids).toHaveLength(1) // the other session; the current one is marked, not revocable
    const revoke = await t.app.inject({ method: 'POST', url: `/${tenant.slug}/staff/sessions/${ids[0]}/revoke`, headers: { cookie: laptop.header() }, payload: { _csrf: csrfFrom(list.body) } })
    expect(revoke.statusCode).toBe(303)
    const phoneAfter = await t.app.inject({ method: 'GET', url: `/${tenant.slug}/staff`, headers: { cookie: phone.header() } })
    expect(phoneAfter.statusCode).toBe(303)
    expect(phoneAfter.headers.location).toBe(`/${tenant.slug}/staff/login`)
    const bogus = await t.app.inject({ method: 'POST', url: `/${tenant.slug}/staff/sessions/------------------------------------/revoke`, headers: { cookie: laptop.header() }, payload: { _csrf: csrfFrom(list.body) } })
    expect(bogus.statusCode).toBe(404)
  })

  it('ends a session after its idle timeout and after its absolute lifetime', async () => {
    const staff = await createTestStaff(t.platform, tenant, 'clerk')
    for (const column of ['idle_expires_at', 'absolute_expires_at'] as const) {
      const jar = await loginStaff(t, tenant, staff, { stepsAhead: column === 'idle_expires_at' ? 0 : 1 })
      expect((await t.app.inject({ method: 'GET', url: `/${tenant.slug}/staff`, headers: { cookie: jar.header() } })).statusCode).toBe(200)
      await t.platform.database.withOwner(db =>
        sql`UPDATE sessions SET ${sql.raw(column)} = now() - interval '1 second' WHERE tenant_id = ${tenant.id} AND staff_user_id = ${staff.id}`.execute(db),
      )
      const expired = await t.app.inject({ method: 'GET', url: `/${tenant.slug}/staff`, headers: { cookie: jar.header() } })
      expect(expired.statusCode).toBe(303)
      expect(expired.headers.location).toBe(`/${tenant.slug}/staff/login`)
    }
  })

  it('does not let a staff session from one municipality into another', async () => {
    const other = await createTestTenant(t.platform)
    const staff = await createTestStaff(t.platform, tenant, 'administrator')
    const jar = await loginStaff(t, tenant, staff)
    const cookie = jar.get('yakuba_staff')
    const res = await t.app.inject({ method: 'GET', url: `/${other.slug}/staff`, headers: { cookie: `yakuba_staff=${cookie}` } })
    expect(res.statusCode).toBe(303)
    expect(res.headers.location).toBe(`/${other.slug}/staff/login`)
  })
})
