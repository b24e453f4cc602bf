import { randomBytes, randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, csrfFrom, TEST_DB, type CookieJar, type TestApp } from '../../../../test/app.js'
import { createTestStaff, createTestTenant, loginStaff } from '../../../../test/factories.js'
import { createTestResident } from '../../../../test/notification-factories.js'
import { createTestFacility, createTestSlot, createTestSlots, type TestResourceOptions, type TestSlotSpec } from '../../../../test/reservation-factories.js'
import { addCalendarDays } from '../../../jp/calendar-date.js'
import type { StaffRole } from '../../../platform/db/schema.js'
import { withTenant } from '../../../platform/db/tenant-context.js'
import type { TenantContext } from '../../../platform/tenancy/tenant-service.js'
import { createPaymentService } from '../../payments/index.js'
import { paymentsDb } from '../../payments/payment-tables.js'
import { createBooking } from '../booking/index.js'
import { reservationsDb, type Reservation } from '../reservation-tables.js'
import { tokyoDate, tokyoInstant } from '../reservation-time.js'

describe(`the reservations desk (${TEST_DB})`, () => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp()
  })
  afterAll(async () => t?.close())

  const db = () => t.platform.database.db
  const today = () => tokyoDate(new Date())
  const base = (tenant: TenantContext) => `/${tenant.slug}/staff/reservations`

  function browser(tenant: TenantContext, jar: CookieJar) {
    const get = (url: string) => t.app.inject({ method: 'GET', url, headers: { cookie: jar.header() } })
    const post = async (url: string, payload: Record<string, string>) => {
      const page = await get(`/${tenant.slug}/staff`)
      jar.store(page.headers['set-cookie'])
      const body = new URLSearchParams({ _csrf: csrfFrom(page.body), ...payload })
      return t.app.inject({ method: 'POST', url, headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' }, payload: body.toString() })
    }
    return { get, post }
  }

  async function asStaff(tenant: TenantContext, role: StaffRole = 'clerk') {
    const staff = await createTestStaff(t.platform, tenant, role)
    const jar = await loginStaff(t, tenant, staff)
    return { ...browser(tenant, jar), id: staff.id }
  }

  /** A booking made as the booking core makes one (staff-entered by phone unless told), at `now`. */
  async function book(tenant: TenantContext, slotId: string, options: { now?: Date; partySize?: number; name?: string; residentId?: string; staffId?: string } = {}): Promise<Reservation> {
    const deps = { platform: t.platform, payments: createPaymentService(t.platform) }
    const { reservation } = await withTenant(db(), tenant.id, trx =>
      createBooking(
        trx,
        deps,
        tenant,
        {
          slotId,
          partySize: options.partySize ?? 1,
          applicant: { residentId: options.residentId, name: options.name ?? '山田 太郎', phone: '090-1111-2222' },
          channel: 'phone',
          start: { kind: 'direct', paymentMethod: 'counter' },
          idempotencyKey: randomUUID(),
          createdByStaffId: options.staffId,
          isStaffOverride: true,
          actor: options.staffId ? { type: 'staff', id: options.staffId } : { type: 'system' },
        },
        options.now,
      ),
    )
    return reservation
  }

  const reservation = (tenant: TenantContext, id: string) => withTenant(db(), tenant.id, trx => reservationsDb(trx).selectFrom('reservations').selectAll().where('tenantId', '=', tenant.id).where('id', '=', id).executeTakeFirstOrThrow())
  const slotRemaining = async (tenant: TenantContext, slotId: string) =>
    (await withTenant(db(), tenant.id, trx => reservationsDb(trx).selectFrom('reservationSlots').select('remaining').where('tenantId', '=', tenant.id).where('id', '=', slotId).executeTakeFirstOrThrow())).remaining
  const countBookings = async (tenant: TenantContext) =>
    (await withTenant(db(), tenant.id, trx => reservationsDb(trx).selectFrom('reservations').select(eb => eb.fn.countAll<number>().as('n')).where('tenantId', '=', tenant.id).executeTakeFirstOrThrow())).n
  const audits = (tenant: TenantContext, action: string) =>
    withTenant(db(), tenant.id, trx => trx.selectFrom('auditLog').select(['actorId', 'subjectId', 'details']).where('tenantId', '=', tenant.id).where('action', '=', action).orderBy('seq').execute())

  /** A resource with one slot, in a facility open every day of the year (the tests must not depend on the date they run). */
  async function slotIn(tenant: TenantContext, options: TestResourceOptions & TestSlotSpec) {
    const facility = await createTestFacility(t.platform, tenant, { isClosedYearEnd: false })
    return createTestSlot(t.platform, tenant, { facilityId: facility.id, ...options })
  }

  /** A slot today (Tokyo) that has already begun, and the moment before it to book it at. */
  const earlyToday = () => ({ date: today(), start: '00:00', end: '00:30' })
  const yesterday = () => tokyoInstant(addCalendarDays(today(), -1), '12:00')

  describe('overview and list', () => {
    it("shows today's bookings with counts, links setup and lotteries only for reservations.manage, and audits the names shown", async () => {
      const tenant = await createTestTenant(t.platform)
      const { slot } = await slotIn(tenant, { ...earlyToday(), kind: 'appointment', capacity: 5, maxPartySize: 4 })
      const booked = await book(tenant, slot.id, { now: yesterday(), name: '窓口 花子' })
      const clerk = await asStaff(tenant, 'clerk')
      const page = await clerk.get(base(tenant))
      expect(page.statusCode).toBe(200)
      expect(page.body).toContain('窓口 花子')
      expect(page.body).toContain(booked.reference)
      expect(page.body).toContain(`href="${base(tenant)}/setup"`)
      expect(page.body).toContain(`href="${base(tenant)}/lotteries"`)
      const [read] = await audits(tenant, 'reservations.read-booking')
      expect(read).toMatchObject({ actorId: clerk.id, subjectId: booked.id })

      const operator = await asStaff(tenant, 'outsourced_operator')
      const operatorPage = await operator.get(base(tenant))
      expect(operatorPage.statusCode).toBe(200)
      expect(operatorPage.body).not.toContain(`href="${base(tenant)}/setup"`)
      expect(operatorPage.body).toContain(`href="${base(tenant)}/check-in"`)

      const partner = await asStaff(tenant, 'partner_member')
      expect((await partner.get(base(tenant))).statusCode).toBe(403)
      expect((await partner.get(`${base(tenant)}/bookings`)).statusCode).toBe(403)
    })

    it('lists bookings 50 to a page, filters by reference, status and name, and refuses a malformed filter with 422', async () => {
      const tenant = await createTestTenant(t.platform)
      const { slot } = await slotIn(tenant, { daysAhead: 3, kind: 'appointment', capacity: 60, maxPartySize: 1 })
      const made: Reservation[] = []
      for (let i = 0; i < 51; i++) made.push(await book(tenant, slot.id, { name: i === 7 ? '検索 対象子' : `申込 ${i}` }))
      const clerk = await asStaff(tenant)
      const first = await clerk.get(`${base(tenant)}/bookings`)
      expect(first.statusCode).toBe(200)
      expect(first.body.match(/\/staff\/reservations\/bookings\/[0-9a-f-]{36}"/g)).toHaveLength(50)
      expect(first.body).toContain('51件中 1〜50件目')
      expect(first.body).toMatch(/page=2/)
      const second = await clerk.get(`${base(tenant)}/bookings?from=${today()}&page=2`)
      expect(second.body.match(/\/staff\/reservations\/bookings\/[0-9a-f-]{36}"/g)).toHaveLength(1)

      const target = made[7] as Reservation
      const byReference = await clerk.get(`${base(tenant)}/bookings?reference=${encodeURIComponent(target.reference.toLowerCase().replace(/-/g, ' '))}`)
      expect(byReference.body.match(/\/staff\/reservations\/bookings\/[0-9a-f-]{36}"/g)).toEqual([`/staff/reservations/bookings/${target.id}"`])
      const byName = await clerk.get(`${base(tenant)}/bookings?name=${encodeURIComponent('対象')}`)
      expect(byName.body).toContain(target.reference)
      expect(byName.body).toContain('1件中 1〜1件目')
      const cancelled = await clerk.get(`${base(tenant)}/bookings?status=cancelled`)
      expect(cancelled.body).toContain('条件に合う予約はありません。')

      const bad = await clerk.get(`${base(tenant)}/bookings?from=2026-13-40&reference=R-1`)
      expect(bad.statusCode).toBe(422)
      expect(bad.body).toContain('href="#from"')
      expect(bad.body).toContain('href="#reference"')
    })
  })

  describe('one booking and its actions', () => {
    it("shows the applicant's contact details and audits the read", async () => {
      const tenant = await createTestTenant(t.platform)
      const { slot } = await slotIn(tenant, { daysAhead: 4 })
      const booked = await book(tenant, slot.id, { name: '詳細 見子' })
      const clerk = await asStaff(tenant)
      const page = await clerk.get(`${base(tenant)}/bookings/${booked.id}`)
      expect(page.statusCode).toBe(200)
      expect(page.body).toContain('詳細 見子')
      expect(page.body).toContain('090-1111-2222')
      expect(page.body).toContain(booked.checkInCode)
      const reads = await audits(tenant, 'reservations.read-booking')
      expect(reads).toEqual([expect.objectContaining({ actorId: clerk.id, subjectId: booked.id, details: expect.objectContaining({ view: 'detail' }) })])
      expect((await clerk.get(`${base(tenant)}/bookings/${randomUUID()}`)).statusCode).toBe(404)
      expect((await clerk.get(`${base(tenant)}/bookings/not-a-uuid`)).statusCode).toBe(404)
    })

    it("cancels on the resident's behalf only with a reason, frees the seat and audits it", async () => {
      const tenant = await createTestTenant(t.platform)
      const { slot } = await slotIn(tenant, { daysAhead: 4 })
      const booked = await book(tenant, slot.id)
      expect(await slotRemaining(tenant, slot.id)).toBe(0)
      const clerk = await asStaff(tenant)
      const url = `${base(tenant)}/bookings/${booked.id}/cancel`

      const noReason = await clerk.post(url, { reason: '  ' })
      expect(noReason.statusCode).toBe(422)
      expect(noReason.body).toContain('取消しの理由を入力してください。')
      expect((await reservation(tenant, booked.id)).status).toBe('confirmed')

      const done = await clerk.post(url, { reason: '本人から電話で取消し' })
      expect(done.statusCode).toBe(303)
      expect(done.headers.location).toBe(`${base(tenant)}/bookings/${booked.id}?done=cancelled`)
      expect(await reservation(tenant, booked.id)).toMatchObject({ status: 'cancelled', cancelledBy: 'staff', cancelReason: '本人から電話で取消し' })
      expect(await slotRemaining(tenant, slot.id)).toBe(1)
      expect(await audits(tenant, 'reservations.cancel-booking')).toEqual([expect.objectContaining({ actorId: clerk.id, subjectId: booked.id })])
      const after = await clerk.get(String(done.headers.location))
      expect(after.body).toContain(`予約 ${booked.reference} を取り消しました。`)
    })

    it('confirms a counter payment for staff who may collect money: the payment is captured and the booking confirmed', async () => {
      const tenant = await createTestTenant(t.platform)
      const { slot } = await slotIn(tenant, { daysAhead: 4, residentFeeYen: 3000 })
      const supervisor = await asStaff(tenant, 'supervisor')
      const booked = await book(tenant, slot.id, { staffId: supervisor.id })
      expect(booked).toMatchObject({ status: 'awaiting_payment', paymentMethod: 'counter' })
      expect(booked.paymentId).toBeTruthy()

      const page = await supervisor.get(`${base(tenant)}/bookings/${booked.id}`)
      expect(page.body).toContain(`action="${base(tenant)}/bookings/${booked.id}/confirm-payment"`)
      const done = await supervisor.post(`${base(tenant)}/bookings/${booked.id}/confirm-payment`, {})
      expect(done.statusCode).toBe(303)
      const after = await reservation(tenant, booked.id)
      expect(after.status).toBe('confirmed')
      expect(after.paidAt).not.toBeNull()
      const payment = await withTenant(db(), tenant.id, trx => paymentsDb(trx).selectFrom('payments').select(['status']).where('tenantId', '=', tenant.id).where('id', '=', booked.paymentId as string).executeTakeFirstOrThrow())
      expect(payment.status).toBe('captured')
      expect(await audits(tenant, 'reservations.confirm-counter-payment')).toEqual([expect.objectContaining({ actorId: supervisor.id, subjectId: booked.id })])
      // a double click changes nothing more
      expect((await supervisor.post(`${base(tenant)}/bookings/${booked.id}/confirm-payment`, {})).statusCode).toBe(303)
    })

    it('shows an outsourced operator no counter-payment button and answers 403 when one is posted, changing nothing', async () => {
      const tenant = await createTestTenant(t.platform)
      const { slot } = await slotIn(tenant, { daysAhead: 4, residentFeeYen: 3000 })
      const booked = await book(tenant, slot.id)
      const operator = await asStaff(tenant, 'outsourced_operator')
      const page = await operator.get(`${base(tenant)}/bookings/${booked.id}`)
      expect(page.statusCode).toBe(200)
      expect(page.body).not.toContain('/confirm-payment"')
      expect(page.body).toContain('窓口での支払いの記録は、決済の権限(返金・収納)を持つ職員が行います。')
      const refused = await operator.post(`${base(tenant)}/bookings/${booked.id}/confirm-payment`, {})
      expect(refused.statusCode).toBe(403)
      expect((await reservation(tenant, booked.id)).status).toBe('awaiting_payment')
      const payment = await withTenant(db(), tenant.id, trx => paymentsDb(trx).selectFrom('payments').select(['status']).where('tenantId', '=', tenant.id).where('id', '=', booked.paymentId as string).executeTakeFirstOrThrow())
      expect(payment.status).toBe('created')
      expect(await audits(tenant, 'reservations.confirm-counter-payment')).toEqual([])
    })

    it('checks in from the booking page, once; asks for confirmation on another day; records a no-show only after the start', async () => {
      const tenant = await createTestTenant(t.platform)
      const { resource, slot: todaySlot } = await slotIn(tenant, { ...earlyToday(), kind: 'appointment', capacity: 5, maxPartySize: 4 })
      const [laterSlot] = await createTestSlots(t.platform, tenant, resource.id, [{ daysAhead: 5, capacity: 5 }])
      const clerk = await asStaff(tenant)
      const first = await book(tenant, todaySlot.id, { now: yesterday() })
      const second = await book(tenant, todaySlot.id, { now: yesterday(), partySize: 2 })
      const later = await book(tenant, laterSlot?.id ?? '')
      const path = (id: string) => `${base(tenant)}/bookings/${id}`

      const checkedIn = await clerk.post(`${path(first.id)}/check-in`, {})
      expect(checkedIn.statusCode).toBe(303)
      expect(await reservation(tenant, first.id)).toMatchObject({ status: 'checked_in', checkedInByStaffId: clerk.id })
      const again = await clerk.post(`${path(first.id)}/check-in`, {})
      expect(again.statusCode).toBe(409)
      expect(again.body).toContain('この予約はすでに受付済みです。')
      expect(await audits(tenant, 'reservations.check-in')).toHaveLength(1)

      const tooEarly = await clerk.post(`${path(later.id)}/no-show`, {})
      expect(tooEarly.statusCode).toBe(409)
      expect(tooEarly.body).toContain('利用の開始時刻より前なので、無断欠席は記録できません。')
      const otherDay = await clerk.post(`${path(later.id)}/check-in`, {})
      expect(otherDay.statusCode).toBe(422)
      expect(otherDay.body).toContain('href="#isOtherDayConfirmed"')
      expect((await reservation(tenant, later.id)).status).toBe('confirmed')
      expect((await clerk.post(`${path(later.id)}/check-in`, { isOtherDayConfirmed: '1' })).statusCode).toBe(303)
      expect((await reservation(tenant, later.id)).status).toBe('checked_in')

      expect(await slotRemaining(tenant, todaySlot.id)).toBe(2)
      const noShow = await clerk.post(`${path(second.id)}/no-show`, {})
      expect(noShow.statusCode).toBe(303)
      expect((await reservation(tenant, second.id)).status).toBe('no_show')
      expect(await slotRemaining(tenant, todaySlot.id)).toBe(4)
      expect(await audits(tenant, 'reservations.mark-no-show')).toEqual([expect.objectContaining({ actorId: clerk.id, subjectId: second.id })])
      // a checked-in booking is not a no-show
      expect((await clerk.post(`${path(first.id)}/no-show`, {})).statusCode).toBe(409)
    })
  })

  describe('check-in by code', () => {
    it('finds the booking from a code typed with spaces, in lower case or full width, and checks it in once', async () => {
      const tenant = await createTestTenant(t.platform)
      const { slot } = await slotIn(tenant, { ...earlyToday(), kind: 'appointment', capacity: 5, maxPartySize: 4 })
      const booked = await book(tenant, slot.id, { now: yesterday(), name: '受付 太郎' })
      const code = booked.checkInCode
      const clerk = await asStaff(tenant)
      const url = `${base(tenant)}/check-in`

      expect((await clerk.get(url)).statusCode).toBe(200)
      const spaced = `${code.slice(0, 5).toLowerCase()} ${code.slice(5)}`
      const fullWidth = [...code].map(c => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).join('')
      for (const typed of [spaced, fullWidth, `http://yakuba.test/${tenant.slug}/staff/reservations/check-in?code=${code}`]) {
        const page = await clerk.get(`${url}?code=${encodeURIComponent(typed)}`)
        expect(page.statusCode).toBe(200)
        expect(page.body).toContain('受付 太郎')
        expect(page.body).toContain('>受付する</button>')
      }
      expect((await audits(tenant, 'reservations.read-booking')).filter(a => (a.details as { view?: string }).view === 'check-in')).toHaveLength(3)

      const done = await clerk.post(url, { code: spaced })
      expect(done.statusCode).toBe(303)
      expect(done.headers.location).toBe(`${url}?done=${booked.id}`)
      expect((await clerk.get(String(done.headers.location))).body).toContain(`予約 ${booked.reference}`)
      expect((await reservation(tenant, booked.id)).status).toBe('checked_in')

      const used = await clerk.get(`${url}?code=${code}`)
      expect(used.statusCode).toBe(409)
      expect(used.body).toContain('受付済みです。同じ利用許可証をもう一度使うことはできません。')
      const usedAgain = await clerk.post(url, { code })
      expect(usedAgain.statusCode).toBe(409)
      expect(await audits(tenant, 'reservations.check-in')).toHaveLength(1)
    })

    it('refuses cancelled and unpaid bookings with 409, unknown codes with 404 and malformed ones with 422, writing nothing', async () => {
      const tenant = await createTestTenant(t.platform)
      const { slot } = await slotIn(tenant, { ...earlyToday(), kind: 'appointment', capacity: 5, maxPartySize: 4, residentFeeYen: 500 })
      const unpaid = await book(tenant, slot.id, { now: yesterday() })
      const cancelled = await book(tenant, slot.id, { now: yesterday() })
      const clerk = await asStaff(tenant)
      expect((await clerk.post(`${base(tenant)}/bookings/${cancelled.id}/cancel`, { reason: 'テスト' })).statusCode).toBe(303)
      const url = `${base(tenant)}/check-in`

      const cancelledPage = await clerk.get(`${url}?code=${cancelled.checkInCode}`)
      expect(cancelledPage.statusCode).toBe(409)
      expect(cancelledPage.body).toContain('この予約は取り消されています。受付できません。')
      expect(cancelledPage.body).not.toContain('>受付する</button>')
      expect((await clerk.post(url, { code: cancelled.checkInCode })).statusCode).toBe(409)
      expect((await reservation(tenant, cancelled.id)).status).toBe('cancelled')

      const unpaidPage = await clerk.post(url, { code: unpaid.checkInCode })
      expect(unpaidPage.statusCode).toBe(409)
      expect(unpaidPage.body).toContain('この予約は支払いが済んでいません。')
      expect((await reservation(tenant, unpaid.id)).status).toBe('awaiting_payment')

      const unknown = await clerk.get(`${url}?code=34679ACDEF`)
      expect(unknown.statusCode).toBe(404)
      expect(unknown.body).toContain('この受付コードの予約は見つかりません。')
      expect((await clerk.post(url, { code: '34679ACDEF' })).statusCode).toBe(404)
      const malformed = await clerk.get(`${url}?code=${encodeURIComponent('12345')}`)
      expect(malformed.statusCode).toBe(422)
      expect(malformed.body).toContain('href="#code"')
      expect((await clerk.post(url, { code: 'O0O0O0O0O0' })).statusCode).toBe(422)
      expect(await audits(tenant, 'reservations.check-in')).toEqual([])
    })
  })

  describe('booking on behalf of a resident', () => {
    const formFor = (slotId: string, over: Record<string, string> = {}) => ({
      slotId,
      idempotencyKey: randomUUID(),
      residentId: '',
      applicantName: '電話 予約子',
      applicantPhone: '０９０ー１２３４ー５６７８',
      applicantEmail: '',
      channel: 'phone',
      partySize: '2',
      purposeCode: '',
      exemptionCode: '',
      groupId: '',
      ...over,
    })

    it('chooses a slot by resource and date, then books it by phone for someone without an account, recording the channel and the staff member', async () => {
      const tenant = await createTestTenant(t.platform)
      const date = addCalendarDays(today(), 6)
      const { resource, slot } = await slotIn(tenant, { date, kind: 'appointment', capacity: 4, maxPartySize: 3 })
      const clerk = await asStaff(tenant)
      const chooser = await clerk.get(`${base(tenant)}/bookings/new?resource=${resource.id}&date=${date}`)
      expect(chooser.statusCode).toBe(200)
      expect(chooser.body).toContain(`href="${base(tenant)}/bookings/new?slot=${slot.id}"`)
      const form = await clerk.get(`${base(tenant)}/bookings/new?slot=${slot.id}`)
      expect(form.statusCode).toBe(200)
      expect(form.body).toMatch(/name="idempotencyKey" value="[0-9a-f-]{36}"/)

      const payload = formFor(slot.id, { isResidentRateConfirmed: '1' })
      const done = await clerk.post(`${base(tenant)}/bookings/new`, payload)
      expect(done.statusCode).toBe(303)
      const id = /bookings\/([0-9a-f-]{36})\?done=created$/.exec(String(done.headers.location))?.[1] ?? ''
      expect(await reservation(tenant, id)).toMatchObject({
        status: 'confirmed',
        channel: 'phone',
        createdByStaffId: clerk.id,
        residentId: null,
        applicantName: '電話 予約子',
        applicantPhone: '090-1234-5678',
        partySize: 2,
        seats: 2,
        isResidentRate: true,
      })
      expect(await slotRemaining(tenant, slot.id)).toBe(2)
      expect(await audits(tenant, 'reservations.create-booking')).toEqual([expect.objectContaining({ actorId: clerk.id, subjectId: id, details: expect.objectContaining({ channel: 'phone' }) })])

      // the same form sent twice (a double click) makes one booking
      expect((await clerk.post(`${base(tenant)}/bookings/new`, payload)).headers.location).toBe(done.headers.location)
      expect(await countBookings(tenant)).toBe(1)
    })

    it('books at the counter for a resident found by e-mail, awaiting payment when there is a fee', async () => {
      const tenant = await createTestTenant(t.platform)
      const email = `desk-${randomBytes(4).toString('hex')}@example.jp`
      const resident = await createTestResident(t.platform, tenant, { loginEmail: email })
      const { slot } = await slotIn(tenant, { daysAhead: 6, residentFeeYen: 2000 })
      const clerk = await asStaff(tenant)
      const search = await clerk.get(`${base(tenant)}/bookings/new?slot=${slot.id}&q=${encodeURIComponent(email.slice(0, 10))}`)
      expect(search.statusCode).toBe(200)
      expect(search.body).toContain(`value="${resident.id}"`)
      expect(search.body).toContain(email)
      expect(await audits(tenant, 'reservations.search-residents')).toEqual([expect.objectContaining({ actorId: clerk.id, details: { queryLength: 10, resultCount: 1 } })])

      const done = await clerk.post(`${base(tenant)}/bookings/new`, formFor(slot.id, { residentId: resident.id, applicantName: '', applicantPhone: '', channel: 'counter', partySize: '5' }))
      expect(done.statusCode).toBe(303)
      const id = /bookings\/([0-9a-f-]{36})/.exec(String(done.headers.location))?.[1] ?? ''
      const made = await reservation(tenant, id)
      expect(made).toMatchObject({ status: 'awaiting_payment', paymentMethod: 'counter', channel: 'counter', residentId: resident.id, applicantName: 'テスト 住民', applicantEmail: email })
      expect(made.paymentId).toBeTruthy()
    })

    it('refuses a form without name, telephone or channel with 422 and an error summary, storing nothing', async () => {
      const tenant = await createTestTenant(t.platform)
      const { slot } = await slotIn(tenant, { daysAhead: 6, kind: 'appointment', capacity: 4, maxPartySize: 3 })
      const clerk = await asStaff(tenant)
      const res = await clerk.post(`${base(tenant)}/bookings/new`, formFor(slot.id, { applicantName: '', applicantPhone: '12', channel: '', partySize: '0' }))
      expect(res.statusCode).toBe(422)
      for (const field of ['applicantName', 'applicantPhone', 'channel', 'partySize']) expect(res.body).toContain(`href="#${field}"`)
      expect(res.body).toContain('電話か窓口かを選んでください。')
      expect(await countBookings(tenant)).toBe(0)
      expect(await slotRemaining(tenant, slot.id)).toBe(4)
    })

    it("answers the booking core's refusals with their 4xx beside the form: too many people, a full slot, an unknown slot", async () => {
      const tenant = await createTestTenant(t.platform)
      const { resource, slot } = await slotIn(tenant, { daysAhead: 6, kind: 'appointment', capacity: 2, maxPartySize: 2 })
      const clerk = await asStaff(tenant)
      const tooMany = await clerk.post(`${base(tenant)}/bookings/new`, formFor(slot.id, { partySize: '3' }))
      expect(tooMany.statusCode).toBe(422)
      expect(tooMany.body).toContain('href="#partySize"')
      expect(await countBookings(tenant)).toBe(0)

      const [full] = await createTestSlots(t.platform, tenant, resource.id, [{ daysAhead: 7, capacity: 1 }])
      await book(tenant, full?.id ?? '')
      const taken = await clerk.post(`${base(tenant)}/bookings/new`, formFor(full?.id ?? '', { partySize: '1' }))
      expect(taken.statusCode).toBe(409)
      expect(taken.body).toContain('href="#slot"')
      expect(await countBookings(tenant)).toBe(1)

      expect((await clerk.post(`${base(tenant)}/bookings/new`, formFor(randomUUID()))).statusCode).toBe(404)
      expect((await clerk.post(`${base(tenant)}/bookings/new`, formFor('nope'))).statusCode).toBe(404)
      expect(await countBookings(tenant)).toBe(1)
    })
  })
})
