import { randomBytes, randomInt } from 'node:crypto'
import { generate } from 'otplib'
import { completeLgCode } from '../src/jp/lg-code.js'
import { createTenant, type TenantContext } from '../src/platform/tenancy/tenant-service.js'
import { createStaffAccount } from '../src/platform/cli/staff-admin.js'
import { encryptField } from '../src/platform/crypto.js'
import { createTotpSecret } from '../src/platform/auth/staff/credentials.js'
import type { StaffRole } from '../src/platform/db/schema.js'
import type { FEATURES } from '../src/platform/tenancy/tenant-settings.js'
import { withTenant } from '../src/platform/db/tenant-context.js'
import type { Platform } from '../src/platform/platform.js'
import type { TestApp } from './app.js'
import { CookieJar, csrfFrom } from './app.js'

/** A fresh municipality per test, with a random slug and a random valid 地方公共団体コード. */
export async function createTestTenant(platform: Platform, overrides: { languages?: ('ja' | 'ja-easy' | 'en')[]; features?: (typeof FEATURES)[number][] } = {}): Promise<TenantContext> {
  for (;;) {
    const five = `${String(randomInt(1, 48)).padStart(2, '0')}${String(randomInt(0, 1000)).padStart(3, '0')}`
    try {
      return await platform.database.withOwner(db =>
        createTenant(db, {
          slug: `t-${randomBytes(5).toString('hex')}`,
          name: 'テスト市',
          nameEn: 'Test City',
          lgCode: completeLgCode(five),
          settings: { languages: overrides.languages ?? ['ja', 'ja-easy', 'en'], ...(overrides.features ? { features: overrides.features } : {}) },
        }),
      )
    } catch (error) {
      if ((error as { code?: string }).code !== 'TENANCY.ALREADY_EXISTS') throw error
    }
  }
}

export interface TestStaff {
  id: string
  email: string
  password: string
  totpSecret?: string
}

export async function createTestStaff(platform: Platform, tenant: TenantContext, role: StaffRole = 'administrator', options: { enrolled?: boolean; departmentCode?: string } = {}): Promise<TestStaff> {
  const email = `${role}-${randomBytes(4).toString('hex')}@example.jp`
  const password = `pw-${randomBytes(8).toString('hex')}`
  const totpSecret = options.enrolled === false ? undefined : createTotpSecret()
  const { id } = await platform.database.withOwner(db =>
    createStaffAccount(db, {
      tenantId: tenant.id,
      email,
      displayName: `テスト ${role}`,
      role,
      departmentCode: options.departmentCode,
      password,
      totpSecretEncrypted: totpSecret ? encryptField(platform.config.dataEncryptionKey, totpSecret) : undefined,
    }),
  )
  return { id, email, password, totpSecret }
}

export async function createTestDepartment(platform: Platform, tenant: TenantContext, code = `d-${randomBytes(3).toString('hex')}`, name = 'テスト課') {
  return withTenant(platform.database.db, tenant.id, trx =>
    trx.insertInto('departments').values({ tenantId: tenant.id, code, name, nameEn: 'Test Division' }).returningAll().executeTakeFirstOrThrow(),
  )
}

/** The TOTP code for now, or for a later 30 s step (a code is accepted once, so a second login uses the next step's). */
export function totpNow(secret: string, stepsAhead = 0): Promise<string> {
  return generate({ secret, epoch: Math.floor(Date.now() / 1000) + stepsAhead * 30 } as never)
}

/** Logs a staff member in through the real pages (password, then TOTP); returns their cookie jar. */
export async function loginStaff(t: TestApp, tenant: TenantContext, staff: TestStaff, options: { stepsAhead?: number } = {}): Promise<CookieJar> {
  if (!staff.totpSecret) throw new Error('loginStaff needs an enrolled staff member')
  const jar = new CookieJar()
  const page = await t.app.inject({ method: 'GET', url: `/${tenant.slug}/staff/login` })
  jar.store(page.headers['set-cookie'])
  const login = await t.app.inject({ method: 'POST', url: `/${tenant.slug}/staff/login`, headers: { cookie: jar.header() }, payload: { _csrf: csrfFrom(page.body), email: staff.email, password: staff.password } })
  if (login.statusCode !== 303) throw new Error(`staff login failed: ${login.statusCode}`)
  jar.store(login.headers['set-cookie'])
  const mfa = await t.app.inject({ method: 'POST', url: `/${tenant.slug}/staff/mfa`, headers: { cookie: jar.header() }, payload: { _csrf: csrfFrom(page.body), code: await totpNow(staff.totpSecret, options.stepsAhead ?? 0) } })
  if (mfa.statusCode !== 303) throw new Error(`staff MFA failed: ${mfa.statusCode}`)
  jar.store(mfa.headers['set-cookie'])
  return jar
}
