import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, TEST_DB, type CookieJar, type TestApp } from '../../../../test/app.js'
import { createTestStaff, createTestTenant, loginStaff } from '../../../../test/factories.js'
import { createTestFacility, createTestResource, createTestSlots } from '../../../../test/reservation-factories.js'
import { addCalendarDays } from '../../../jp/calendar-date.js'
import { withTenant } from '../../../platform/db/tenant-context.js'
import type { TenantContext } from '../../../platform/tenancy/tenant-service.js'
import { createPaymentService } from '../../payments/index.js'
import { createBooking } from '../booking/index.js'
import { reservationsDb, type ReservationStatus, type Slot } from '../reservation-tables.js'
import { tokyoDate, tokyoInstant } from '../reservation-time.js'

describe(`the utilisation report and the calendar (${TEST_DB})`, () => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp()
  })
  afterAll(async () => t?.close())

  const db = () => t.platform.database.db
  const base = (tenant: TenantContext) => `/${tenant.slug}/staff/reservations`

  async function asClerk(tenant: TenantContext) {
    const staff = await createTestStaff(t.platform, tenant, 'clerk')
    const jar: CookieJar = await loginStaff(t, tenant, staff)
    const get = (url: string) => t.app.inject({ method: 'GET', url, headers: { cookie: jar.header() } })
    return { get, jar, id: staff.id }
  }

  /** Books a slot as it was booked two days before it, then gives the booking the status the test needs. */
  async function bookAs(tenant: TenantContext, slot: Slot, status: ReservationStatus, partySize = 1): Promise<string> {
    const deps = { platform: t.platform, payments: createPaymentService(t.platform) }
    const bookedAt = new Date(slot.startsAt.getTime() - 2 * 86_400_000)
    return withTenant(db(), tenant.id, async trx => {
      const { reservation } = await createBooking(
        trx,
        deps,
        tenant,
        { slotId: slot.id, partySize, applicant: { name: '集計 用子' }, channel: 'counter', start: { kind: 'direct', paymentMethod: 'counter' }, idempotencyKey: randomUUID(), actor: { type: 'system' } },
        bookedAt,
      )
      if (status !== 'confirmed') {
        await reservationsDb(trx)
          .updateTable('reservations')
          .set({ status, checkedInAt: status === 'checked_in' ? slot.startsAt : null, cancelledAt: status === 'cancelled' ? bookedAt : null, expiredAt: status === 'expired' ? bookedAt : null })
          .where('tenantId', '=', tenant.id)
          .where('id', '=', reservation.id)
          .execute()
      }
      return reservation.reference
    })
  }

  /** Two facilities with known bookings over two days ten days ago, and some that must not count. */
  async function knownRows(tenant: TenantContext) {
    const d1 = addCalendarDays(tokyoDate(new Date()), -10)
    const d2 = addCalendarDays(d1, 1)
    const hall = await createTestFacility(t.platform, tenant, { name: 'レポート会館', isClosedYearEnd: false })
    const clinic = await createTestFacility(t.platform, tenant, { name: '集計保健センター', isClosedYearEnd: false })
    const room = await createTestResource(t.platform, tenant, { facilityId: hall.id, name: '会議室' })
    const vaccine = await createTestResource(t.platform, tenant, { facilityId: clinic.id, name: '予防接種', kind: 'appointment', maxPartySize: 5 })
    const [morning, afternoon, evening, morning2, outside, closed] = await createTestSlots(t.platform, tenant, room.id, [
      { date: d1, start: '09:00', end: '12:00' },
      { date: d1, start: '13:00', end: '17:00' },
      { date: d1, start: '18:00', end: '21:00' },
      { date: d2, start: '09:00', end: '12:00' },
      { date: addCalendarDays(d1, -10), start: '09:00', end: '12:00' },
      { date: d2, start: '13:00', end: '17:00' },
    ])
    const [shots] = await createTestSlots(t.platform, tenant, vaccine.id, [{ date: d1, start: '10:00', end: '10:30', capacity: 10 }])
    if (!morning || !afternoon || !evening || !morning2 || !outside || !closed || !shots) throw new Error('slots missing')
    const references = {
      checkedIn: await bookAs(tenant, morning, 'checked_in'),
      noShow: await bookAs(tenant, afternoon, 'no_show'),
      cancelled: await bookAs(tenant, evening, 'cancelled'),
      outside: await bookAs(tenant, outside, 'confirmed'),
    }
    await bookAs(tenant, shots, 'checked_in', 3)
    await bookAs(tenant, shots, 'confirmed', 2)
    await bookAs(tenant, shots, 'expired', 4)
    await withTenant(db(), tenant.id, trx => reservationsDb(trx).updateTable('reservationSlots').set({ status: 'closed' }).where('tenantId', '=', tenant.id).where('id', '=', closed.id).execute())
    return { d1, d2, hall, references }
  }

  const cells = (html: string, rowHeader: string) => {
    const row = new RegExp(`<th scope="row"[^>]*>${rowHeader}</th>(.*?)</tr>`, 's').exec(html)?.[1] ?? ''
    return [...row.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map(m => m[1])
  }

  it('shows occupancy by facility and time band, cancellations and no-shows, from the rows of the period', async () => {
    const tenant = await createTestTenant(t.platform)
    const { d1, d2 } = await knownRows(tenant)
    const clerk = await asClerk(tenant)
    const page = await clerk.get(`${base(tenant)}/report?from=${d1}&to=${d2}`)
    expect(page.statusCode).toBe(200)
    // columns: slots, seats offered, seats booked, occupancy, use, cancellations, no-shows
    expect(cells(page.body, 'レポート会館 午前')).toEqual(['2', '2', '1', '50.0%', '50.0%', '0', '0'])
    expect(cells(page.body, 'レポート会館 午後')).toEqual(['1', '1', '1', '100.0%', '0.0%', '0', '1'])
    expect(cells(page.body, 'レポート会館 夜間')).toEqual(['1', '1', '0', '0.0%', '0.0%', '1', '0'])
    expect(cells(page.body, 'レポート会館 全時間帯')).toEqual(['4', '4', '2', '50.0%', '25.0%', '1', '1'])
    expect(cells(page.body, '集計保健センター 午前')).toEqual(['1', '10', '5', '50.0%', '30.0%', '0', '0'])
    expect(cells(page.body, '全施設の合計')).toEqual(['5', '14', '7', '50.0%', '28.6%', '1', '1'])
    expect(page.body).toMatch(/<svg[^>]*role="img"[^>]*aria-labelledby="occupancy-chart-title occupancy-chart-desc"/)
    expect(page.body).toContain('レポート会館 午後 100.0%')

    const empty = await clerk.get(`${base(tenant)}/report?from=${addCalendarDays(d1, -100)}&to=${addCalendarDays(d1, -90)}`)
    expect(empty.body).toContain('この期間の予約枠・予約はありません。')
  })

  it('exports the same figures as CSV in UTF-8 with a BOM or in Shift_JIS, and audits the export', async () => {
    const tenant = await createTestTenant(t.platform)
    const { d1, d2 } = await knownRows(tenant)
    const clerk = await asClerk(tenant)
    const utf8 = await clerk.get(`${base(tenant)}/report.csv?from=${d1}&to=${d2}&encoding=utf8`)
    expect(utf8.statusCode).toBe(200)
    expect(utf8.headers['content-type']).toBe('text/csv; charset=utf-8')
    expect(utf8.headers['content-disposition']).toBe(`attachment; filename="reservations-report-${d1}-${d2}.csv"`)
    expect([...utf8.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const text = utf8.rawPayload.subarray(3).toString('utf8')
    const lines = text.split('\r\n')
    expect(lines[0]).toBe('集計開始日,集計終了日,施設,時間帯,枠数,提供した席,予約件数,予約された席,稼働率(%),受付済みの席,利用率(%),取消し(件),無断欠席(件)')
    expect(lines).toContain(`${d1},${d2},レポート会館,午前,2,2,1,1,50.0,1,50.0,0,0`)
    expect(lines).toContain(`${d1},${d2},集計保健センター,午前,1,10,2,5,50.0,3,30.0,0,0`)
    expect(lines).toContain(`${d1},${d2},全施設の合計,全時間帯,5,14,4,7,50.0,4,28.6,1,1`)
    expect(lines).toContain(`${d1},${d2},集計保健センター,夜間,0,0,0,0,,0,,0,0`)

    const sjis = await clerk.get(`${base(tenant)}/report.csv?from=${d1}&to=${d2}&encoding=sjis`)
    expect(sjis.statusCode).toBe(200)
    expect(sjis.headers['content-type']).toBe('text/csv; charset=Shift_JIS')
    expect(sjis.headers['x-unencodable-characters']).toBeUndefined()
    expect(new TextDecoder('shift_jis').decode(sjis.rawPayload)).toBe(text)

    const exports = await withTenant(db(), tenant.id, trx => trx.selectFrom('auditLog').select(['actorId', 'details']).where('tenantId', '=', tenant.id).where('action', '=', 'reservations.export-report').execute())
    expect(exports).toHaveLength(2)
    expect(exports[0]).toMatchObject({ actorId: clerk.id, details: { from: d1, to: d2, encoding: 'utf8' } })
  })

  it('refuses a reversed or malformed period with 422 and an unknown encoding with a 4xx', async () => {
    const tenant = await createTestTenant(t.platform)
    const clerk = await asClerk(tenant)
    const reversed = await clerk.get(`${base(tenant)}/report?from=2026-05-02&to=2026-05-01`)
    expect(reversed.statusCode).toBe(422)
    expect(reversed.body).toContain('href="#to"')
    expect((await clerk.get(`${base(tenant)}/report.csv?from=2026-02-30&to=2026-03-01`)).statusCode).toBe(422)
    expect((await clerk.get(`${base(tenant)}/report.csv?from=2026-03-01&to=2026-03-02&encoding=latin1`)).statusCode).toBe(422)
  })

  it("shows a facility's week, resource by resource, with the references booked and links to book open slots", async () => {
    const tenant = await createTestTenant(t.platform)
    const { d1, hall, references } = await knownRows(tenant)
    const clerk = await asClerk(tenant)
    const page = await clerk.get(`${base(tenant)}/calendar?facility=${hall.id}&week=${d1}`)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain(references.checkedIn)
    expect(page.body).toContain(references.noShow)
    expect(page.body).not.toContain(references.cancelled)
    expect(page.body).toContain('<th scope="row" class="table__header table__cell">会議室</th>')

    const nextWeek = addCalendarDays(tokyoDate(new Date()), 7)
    const room = await withTenant(db(), tenant.id, trx => reservationsDb(trx).selectFrom('reservationResources').select('id').where('tenantId', '=', tenant.id).where('facilityId', '=', hall.id).executeTakeFirstOrThrow())
    const [open] = await createTestSlots(t.platform, tenant, room.id, [{ date: nextWeek, start: '09:00', end: '12:00' }])
    const week = await clerk.get(`${base(tenant)}/calendar?facility=${hall.id}&week=${nextWeek}`)
    expect(week.body).toContain(`href="${base(tenant)}/bookings/new?slot=${open?.id}"`)
    expect(week.body).toContain('rel="prev"')
    // the week runs Monday to Sunday whatever day was asked for
    expect(week.body).toMatch(/name="week"[^>]*value="(\d{4}-\d{2}-\d{2})"/)
    const monday = /name="week"[^>]*value="(\d{4}-\d{2}-\d{2})"/.exec(week.body)?.[1] ?? ''
    expect(new Date(`${monday}T00:00:00Z`).getUTCDay()).toBe(1)
    expect(tokyoInstant(monday, '00:00').getTime()).toBeLessThanOrEqual(tokyoInstant(nextWeek, '00:00').getTime())
  })
})
