/** Test support for the setup integration tests: staff browsing the setup pages, forms as posted. */
import { csrfFrom, type TestApp } from '../../../../../test/app.js'
import { createTestStaff, loginStaff } from '../../../../../test/factories.js'
import type { StaffRole } from '../../../../platform/db/schema.js'
import type { TenantContext } from '../../../../platform/tenancy/tenant-service.js'

export type Form = Record<string, string | string[]>

export function urlencoded(form: Form): string {
  const params = new URLSearchParams()
  for (const [name, value] of Object.entries(form)) for (const v of [value].flat()) params.append(name, v)
  return params.toString()
}

export function multipart(boundary: string, fields: Form, file?: { field: string; name: string; content: string | Buffer }): Buffer {
  const parts: Buffer[] = Object.entries(fields).flatMap(([name, value]) => [value].flat().map(v => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${v}\r\n`)))
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${file.field}"; filename="${file.name}"\r\nContent-Type: text/csv\r\n\r\n`))
    parts.push(Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content))
    parts.push(Buffer.from('\r\n'))
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`))
  return Buffer.concat(parts)
}

/** A logged-in staff member of the tenant, browsing /:tenant/staff/reservations/setup/…. */
export async function asSetupStaff(t: TestApp, tenant: TenantContext, role: StaffRole = 'clerk') {
  const staff = await createTestStaff(t.platform, tenant, role)
  const jar = await loginStaff(t, tenant, staff)
  const home = await t.app.inject({ method: 'GET', url: `/${tenant.slug}/staff`, headers: { cookie: jar.header() } })
  const csrf = csrfFrom(home.body)
  const base = `/${tenant.slug}/staff/reservations/setup`
  const get = (path: string) => t.app.inject({ method: 'GET', url: `${base}${path}`, headers: { cookie: jar.header() } })
  const post = (path: string, form: Form = {}) =>
    t.app.inject({ method: 'POST', url: `${base}${path}`, headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' }, payload: urlencoded({ _csrf: csrf, ...form }) })
  const upload = (path: string, file?: { name: string; content: string | Buffer }) =>
    t.app.inject({ method: 'POST', url: `${base}${path}`, headers: { cookie: jar.header(), 'content-type': 'multipart/form-data; boundary=yakubaBoundary' }, payload: multipart('yakubaBoundary', { _csrf: csrf }, file ? { field: 'file', ...file } : undefined) })
  return { staff, get, post, upload, base }
}

/** The text of the error summary (for assertion messages and checks). */
export function errorSummaryOf(html: string): string {
  const match = /<div class="error-summary"[\s\S]*?<\/div>/.exec(html)
  return match ? match[0].replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim() : ''
}

/** A complete, valid resource form for a facility. */
export function resourceForm(facilityId: string, overrides: Form = {}): Form {
  return {
    facilityId,
    code: 'room-1',
    kind: 'space',
    category: 'meeting-room',
    'name-ja': '会議室1',
    'name-en': 'Room 1',
    capacityPeople: '12',
    equipment: ['projector', 'whiteboard'],
    bookingMode: 'first_come',
    residentWindowDays: '90',
    nonResidentWindowDays: '30',
    minLeadHours: '2',
    holdMinutes: '10',
    paymentDeadlineHours: '72',
    allowsCounterPayment: 'yes',
    cancelDeadlineHours: '24',
    cancellationFeeHours: '72',
    cancellationFeePercent: '50',
    maxActivePerResident: '4',
    maxPartySize: '12',
    reminderDaysBefore: '1',
    reminderTime: '18:00',
    waitlistMode: 'sequential',
    offerMinutes: '30',
    queueMinutes: '0',
    queueRatePerSecond: '50',
    status: 'active',
    sortOrder: '0',
    ...overrides,
  }
}
