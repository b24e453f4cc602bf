/** Test support for the audience integration tests: residents with profiles, staff browsing the pages. */
import { sql } from 'kysely'
import { csrfFrom, type TestApp } from '../../../../../test/app.js'
import { createTestStaff, loginStaff } from '../../../../../test/factories.js'
import type { StaffRole } from '../../../../platform/db/schema.js'
import { withTenant } from '../../../../platform/db/tenant-context.js'
import type { TenantContext } from '../../../../platform/tenancy/tenant-service.js'
import { notificationsDb, type NoticeLanguage } from '../../notification-tables.js'

export type Form = Record<string, string | string[]>

export function urlencoded(form: Form): string {
  const params = new URLSearchParams()
  for (const [name, value] of Object.entries(form)) for (const v of [value].flat()) params.append(name, v)
  return params.toString()
}

export function multipart(boundary: string, fields: Form, file?: { field: string; name: string; content: string | Buffer }): Buffer {
  const parts: Buffer[] = Object.entries(fields).flatMap(([name, value]) => [value].flat().map(v => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${v}\r\n`)))
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${file.field}"; filename="${file.name}"\r\nContent-Type: application/geo+json\r\n\r\n`))
    parts.push(Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content))
    parts.push(Buffer.from('\r\n'))
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`))
  return Buffer.concat(parts)
}

/** A logged-in staff member of the tenant, browsing /:tenant/staff/notifications/…. */
export async function asStaff(t: TestApp, tenant: TenantContext, role: StaffRole = 'clerk') {
  const staff = await createTestStaff(t.platform, tenant, role)
  const jar = await loginStaff(t, tenant, staff)
  const home = await t.app.inject({ method: 'GET', url: `/${tenant.slug}/staff`, headers: { cookie: jar.header() } })
  const csrf = csrfFrom(home.body)
  const base = `/${tenant.slug}/staff/notifications`
  const get = (path: string) => t.app.inject({ method: 'GET', url: `${base}${path}`, headers: { cookie: jar.header() } })
  const post = (path: string, form: Form = {}) =>
    t.app.inject({ method: 'POST', url: `${base}${path}`, headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' }, payload: urlencoded({ _csrf: csrf, ...form }) })
  const upload = (path: string, fields: Form, file?: { field: string; name: string; content: string | Buffer }) =>
    t.app.inject({ method: 'POST', url: `${base}${path}`, headers: { cookie: jar.header(), 'content-type': 'multipart/form-data; boundary=yakubaBoundary' }, payload: multipart('yakubaBoundary', { _csrf: csrf, ...fields }, file) })
  return { staff, get, post, upload, base }
}

export interface ResidentSpec {
  name?: string
  locale?: 'ja' | 'ja-easy' | 'en'
  /** no resident_basic_info row when undefined */
  birthdate?: string
  /** no profile row when undefined */
  profile?: {
    language?: NoticeLanguage
    districtId?: string | null
    homeLat?: number | null
    homeLng?: number | null
    householdHasChildren?: boolean | null
    allowsAnswerTargeting?: boolean
  }
}

/** Inserts a resident (and optionally their verified basic info and notification profile). */
export async function createResident(t: TestApp, tenant: TenantContext, spec: ResidentSpec = {}): Promise<string> {
  return withTenant(t.platform.database.db, tenant.id, async trx => {
    const { id } = await trx.insertInto('residents').values({ tenantId: tenant.id, displayName: spec.name ?? 'テスト 住民', locale: spec.locale ?? 'ja' }).returning('id').executeTakeFirstOrThrow()
    if (spec.birthdate) {
      await trx
        .insertInto('residentBasicInfo')
        .values({ tenantId: tenant.id, residentId: id, name: spec.name ?? 'テスト 住民', address: '東京都デモ市中央一丁目1番1号', birthdate: spec.birthdate, gender: 'unknown', provider: 'digital-auth-app', verifiedAt: new Date() })
        .execute()
    }
    if (spec.profile) {
      const p = spec.profile
      await notificationsDb(trx)
        .insertInto('residentNotificationProfiles')
        .values({
          tenantId: tenant.id,
          residentId: id,
          language: p.language ?? 'ja',
          districtId: p.districtId ?? null,
          homeLat: p.homeLat ?? null,
          homeLng: p.homeLng ?? null,
          householdHasChildren: p.householdHasChildren ?? null,
          allowsAnswerTargeting: p.allowsAnswerTargeting ?? false,
        })
        .execute()
    }
    return id
  })
}

/** The date `years` years before today in Asia/Tokyo, shifted by `days` (YYYY-MM-DD). */
export function birthdateForAge(years: number, days = 0): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date())
  const [y, m, d] = today.split('-').map(Number)
  const date = new Date(Date.UTC(y - years, m - 1, d + days))
  return date.toISOString().slice(0, 10)
}

/** An application to a published procedure with the given answers and status. */
export async function createApplication(t: TestApp, tenant: TenantContext, input: { procedureId: string; versionId: string; residentId: string; status: string; answers: Record<string, unknown> }): Promise<void> {
  await withTenant(t.platform.database.db, tenant.id, trx =>
    sql`INSERT INTO applications (tenant_id, procedure_id, version_id, resident_id, status, answers)
        VALUES (${tenant.id}, ${input.procedureId}::uuid, ${input.versionId}::uuid, ${input.residentId}::uuid, ${input.status}, ${JSON.stringify(input.answers)}::jsonb)`.execute(trx),
  )
}

/** The text of the error summary of a page (for failure messages). */
export function errorSummaryOf(body: string): string {
  return body.match(/error-summary__list">(.*?)<\/ul>/s)?.[1]?.replace(/<[^>]+>/g, ' ') ?? ''
}

/** A page's text without tags (sentences split across elements read as one). */
export function textOf(body: string): string {
  return body.replace(/<[^>]+>/g, '')
}
