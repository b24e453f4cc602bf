import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { LOCALES } from '../../platform/i18n/i18n.js'
import { STAFF_ROLES } from '../../platform/auth/permissions.js'
import { adminCatalog } from './admin-catalog.js'
import { departmentOfAccess, escapeLikePattern, isDisablingSelf, isLocked, isRemovingOwnLastAdministratorRole, pageCountOf } from './admin-rules.js'
import { fieldErrors, formFields, isUuid, PageQuerySchema } from './admin-forms.js'
import { CreateDepartmentSchema } from './department-schemas.js'
import { AddRoleAssignmentSchema, CreateStaffAccountSchema } from './staff-account-schemas.js'
import { AuditLogFilterSchema } from './audit-log-schemas.js'
import { ResidentSearchSchema } from './resident-lookup-schemas.js'

const ME = '11111111-1111-4111-8111-111111111111'
const OTHER = '22222222-2222-4222-8222-222222222222'
const DEPT = '33333333-3333-4333-8333-333333333333'

describe('removing role assignments', () => {
  const mine = [
    { id: 'a1', role: 'administrator' as const },
    { id: 'a2', role: 'clerk' as const },
  ]

  it('refuses to remove an administrator’s own last administrator role', () => {
    expect(isRemovingOwnLastAdministratorRole(ME, ME, mine, 'a1')).toBe(true)
  })

  it('lets an administrator remove their own other roles', () => {
    expect(isRemovingOwnLastAdministratorRole(ME, ME, mine, 'a2')).toBe(false)
  })

  it('lets an administrator remove one of two own administrator roles', () => {
    const two = [...mine, { id: 'a3', role: 'administrator' as const }]
    expect(isRemovingOwnLastAdministratorRole(ME, ME, two, 'a1')).toBe(false)
  })

  it('lets an administrator remove another person’s last administrator role', () => {
    expect(isRemovingOwnLastAdministratorRole(ME, OTHER, mine, 'a1')).toBe(false)
  })
})

describe('account status rules', () => {
  it('refuses disabling one’s own account only', () => {
    expect(isDisablingSelf(ME, ME)).toBe(true)
    expect(isDisablingSelf(ME, OTHER)).toBe(false)
  })

  it('treats an account as locked only until lockedUntil', () => {
    const now = new Date('2025-04-01T00:00:00Z')
    expect(isLocked(null, now)).toBe(false)
    expect(isLocked(new Date('2025-04-01T00:10:00Z'), now)).toBe(true)
    expect(isLocked(new Date('2025-03-31T23:59:00Z'), now)).toBe(false)
  })
})

describe('attributing a resident lookup to a department', () => {
  it('records no department when a role grants the permission municipality-wide', () => {
    expect(departmentOfAccess([{ role: 'clerk', departmentId: DEPT }, { role: 'supervisor', departmentId: null }], 'residents.read-basic-info')).toBeUndefined()
  })

  it('records the department whose role grants the permission', () => {
    expect(departmentOfAccess([{ role: 'partner_member', departmentId: OTHER }, { role: 'clerk', departmentId: DEPT }], 'residents.read-basic-info')).toBe(DEPT)
  })
})

describe('search text', () => {
  it('escapes LIKE wildcards so % and _ match literally', () => {
    expect(escapeLikePattern('100%_a\\b')).toBe('100\\%\\_a\\\\b')
  })

  it('rejects control characters and markup in a resident search, and over 100 characters', () => {
    expect(ResidentSearchSchema.safeParse({ q: '<script>' }).success).toBe(false)
    expect(ResidentSearchSchema.safeParse({ q: 'a\u0000b' }).success).toBe(false)
    expect(ResidentSearchSchema.safeParse({ q: 'あ'.repeat(101) }).success).toBe(false)
    expect(ResidentSearchSchema.parse({ q: '　山田　 太郎 ' }).q).toBe('山田 太郎')
  })
})

describe('form parsing', () => {
  const t = (key: string, params?: Record<string, string | number>) => (params ? `${key}(${JSON.stringify(params)})` : key)

  it('reads a repeated or missing field as empty instead of crashing', () => {
    expect(formFields({ code: ['a', 'b'] }, ['code', 'name'])).toEqual({ code: '', name: '' })
  })

  it('accepts only well-formed uuids as ids', () => {
    expect(isUuid(DEPT)).toBe(true)
    expect(isUuid('-'.repeat(36))).toBe(false)
    expect(isUuid("1' OR 1=1")).toBe(false)
  })

  it('validates department codes like the database does, with translated field errors', () => {
    const bad = CreateDepartmentSchema.safeParse({ code: 'Kosodate Shien', name: '', nameEn: 'x'.repeat(101) })
    expect(bad.success).toBe(false)
    if (bad.success) return
    expect(fieldErrors(bad.error, t)).toEqual({
      code: 'admin.departments.errors.codeFormat',
      name: 'admin.departments.errors.nameRequired',
      nameEn: 'admin.form.tooLong({"max":100})',
    })
    expect(CreateDepartmentSchema.parse({ code: ' kosodate-1 ', name: '子育て支援課', nameEn: '' })).toEqual({ code: 'kosodate-1', name: '子育て支援課', nameEn: '' })
  })

  it('refuses markup in names', () => {
    expect(CreateDepartmentSchema.safeParse({ code: 'x', name: '<script>alert(1)</script>', nameEn: '' }).success).toBe(false)
  })

  it('applies the password policy and normalises the email of a new account', () => {
    const input = { email: ' Sato@Example.JP ', displayName: '佐藤 花子', password: 'short', role: 'clerk', departmentId: '' }
    const bad = CreateStaffAccountSchema.safeParse(input)
    expect(bad.success).toBe(false)
    if (!bad.success) expect(fieldErrors(bad.error, t)).toEqual({ password: 'admin.staff.errors.passwordTooShort' })
    const good = CreateStaffAccountSchema.parse({ ...input, password: 'correct horse battery' })
    expect(good).toMatchObject({ email: 'sato@example.jp', role: 'clerk', departmentId: null })
  })

  it('accepts only known roles and department ids', () => {
    expect(AddRoleAssignmentSchema.safeParse({ role: 'superuser', departmentId: '' }).success).toBe(false)
    expect(AddRoleAssignmentSchema.safeParse({ role: 'clerk', departmentId: 'not-a-uuid' }).success).toBe(false)
    expect(AddRoleAssignmentSchema.parse({ role: 'clerk', departmentId: DEPT })).toEqual({ role: 'clerk', departmentId: DEPT })
  })

  it('takes page numbers from 1 and audit action prefixes of safe characters only', () => {
    expect(PageQuerySchema.parse(undefined)).toBe(1)
    expect(PageQuerySchema.parse('3')).toBe(3)
    for (const bad of ['0', '-1', 'abc', '1e3', '9999999']) expect(PageQuerySchema.safeParse(bad).success).toBe(false)
    expect(AuditLogFilterSchema.safeParse({ action: 'auth.' }).success).toBe(true)
    expect(AuditLogFilterSchema.safeParse({ action: "auth.%' --" }).success).toBe(false)
    expect(pageCountOf(0, 50)).toBe(1)
    expect(pageCountOf(101, 50)).toBe(3)
  })
})

describe('admin catalog', () => {
  it('has the same keys in ja, ja-easy and en, none empty', () => {
    const jaKeys = Object.keys(adminCatalog.ja).sort()
    for (const locale of LOCALES) {
      expect(Object.keys(adminCatalog[locale]).sort()).toEqual(jaKeys)
      for (const [key, value] of Object.entries(adminCatalog[locale])) expect({ key, empty: value.trim() === '' }).toEqual({ key, empty: false })
    }
  })

  it('has every message the module’s code uses', () => {
    const dir = import.meta.dirname
    const source = readdirSync(dir)
      .filter(f => /\.(ts|tsx)$/.test(f) && !f.includes('.test.') && f !== 'admin-catalog.ts')
      .map(f => readFileSync(join(dir, f), 'utf8'))
      .join('\n')
    // audit action names (admin.create-department …) are not messages
    const literal = [...source.matchAll(/['`](admin\.[a-zA-Z]+\.[a-zA-Z0-9.-]+|admin\.(?:done|yes|no|errorTitlePrefix))(?::\$?\{?[a-z0-9]*\}?)?['`]/g)].map(m => m[1])
    const dynamic = [
      ...STAFF_ROLES.flatMap(r => [`admin.roles.${r}`, `admin.roleHints.${r}`]),
      ...['residents', 'departments', 'staff', 'audit', 'sessions'].flatMap(c => [`admin.home.cards.${c}.title`, `admin.home.cards.${c}.description`]),
      ...['staff', 'resident', 'system', 'operator', 'anonymous'].map(a => `admin.audit.actorTypes.${a}`),
      ...['male', 'female', 'other', 'unknown'].map(g => `admin.residents.genders.${g}`),
      ...['digital-auth-app', 'email', 'line'].map(p => `admin.residents.providers.${p}`),
      ...['created', 'renamed'].map(d => `admin.departments.done.${d}`),
      ...['created', 'role-added', 'role-removed', 'disabled', 'enabled', 'mfa-reset', 'unlocked'].map(d => `admin.staff.done.${d}`),
      ...['home', 'residents', 'departments', 'staff', 'audit', 'sessions'].map(k => `staffNav.${k}`),
      'admin.form.tooLong',
    ]
    const missing = [...new Set([...literal, ...dynamic])].filter(key => !(key in adminCatalog.ja))
    expect(missing).toEqual([])
  })

  it('names the roles as the municipality does', () => {
    expect(adminCatalog.ja['admin.roles.supervisor']).toBe('監督者(係長・課長)')
    expect(adminCatalog.ja['staffNav.departments']).toBe('所属(課)の管理')
  })
})
