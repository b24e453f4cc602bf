import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createTestApp, TEST_DB, type TestApp } from '../../../../test/app.js'
import { createTestTenant } from '../../../../test/factories.js'
import { createTestResident } from '../../../../test/notification-factories.js'
import { createTestResource, createTestSlot, createTestSlots, type TestResourceOptions, type TestSlotSpec } from '../../../../test/reservation-factories.js'
import { useFakePayments } from '../../../../test/fake-payments.js'
import { addCalendarDays } from '../../../jp/calendar-date.js'
import { withTenant } from '../../../platform/db/tenant-context.js'
import { isAppError } from '../../../platform/errors.js'
import type { TenantContext } from '../../../platform/tenancy/tenant-service.js'
import { createPaymentService } from '../../payments/index.js'
import type { ReservationDeps } from '../reservation-deps.js'
import { reservationsDb, type Reservation } from '../reservation-tables.js'
import { tokyoDate, tokyoInstant } from '../reservation-time.js'
import { cancelBooking, choosePayment, createBooking, expireDueBookings, rescheduleBooking, sendBookingReminder, settleReservationPayment, type NewBookingInput } from './index.js'

const HOUR = 3_600_000

describe(`booking core (${TEST_DB})`, () => {
  let t: TestApp
  let deps: ReservationDeps

  beforeAll(async () => {
    t = await createTestApp()
    deps = { platform: t.platform, payments: createPaymentService(t.platform) }
  })
  afterAll(async () => {
    await t?.close()
  })
  beforeEach(() => {
    useFakePayments(t)
  })

  const db = () => t.platform.database.db
  const inTenant = <T,>(tenant: TenantContext, fn: Parameters<typeof withTenant<T>>[2]) => withTenant(db(), tenant.id, fn)

  /** A resident of the test city (テスト市) unless `address` says otherwise. */
  async function resident(tenant: TenantContext, address: { prefecture: string; city: string } | null = { prefecture: '東京都', city: 'テスト市' }) {
    const created = await createTestResident(t.platform, tenant, { loginEmail: `r-${randomUUID().slice(0, 8)}@example.jp` })
    if (address) await inTenant(tenant, trx => trx.updateTable('residents').set({ addressPrefecture: address.prefecture, addressCity: address.city }).where('id', '=', created.id).execute())
    return created.id
  }

  function input(slotId: string, residentId: string, overrides: Partial<NewBookingInput> = {}): NewBookingInput {
    return {
      slotId,
      partySize: 1,
      applicant: { residentId, name: 'テスト 住民' },
      channel: 'web',
      start: { kind: 'hold' },
      idempotencyKey: randomUUID(),
      actor: { type: 'resident', id: residentId },
      ...overrides,
    }
  }

  function book(tenant: TenantContext, data: NewBookingInput, now = new Date()) {
    return inTenant(tenant, trx => createBooking(trx, deps, tenant, data, now))
  }

  async function refusal(promise: Promise<unknown>): Promise<string> {
    try {
      await promise
    } catch (error) {
      if (isAppError(error)) return `${error.status} ${error.code}`
      throw error
    }
    throw new Error('expected a refusal')
  }

  async function reservationsOf(tenant: TenantContext): Promise<Reservation[]> {
    return inTenant(tenant, trx => reservationsDb(trx).selectFrom('reservations').selectAll().where('tenantId', '=', tenant.id).orderBy('createdAt').execute())
  }

  async function slotOf(tenant: TenantContext, slotId: string) {
    return inTenant(tenant, trx => reservationsDb(trx).selectFrom('reservationSlots').selectAll().where('id', '=', slotId).executeTakeFirstOrThrow())
  }

  /** capacity − remaining = Σ seats of live bookings, for every slot of the tenant. */
  async function expectSeatsBalance(tenant: TenantContext) {
    const rows = await inTenant(tenant, trx =>
      reservationsDb(trx)
        .selectFrom('reservationSlots as s')
        .leftJoin('reservations as r', join => join.onRef('r.slotId', '=', 's.id').on('r.status', 'in', ['held', 'won', 'awaiting_payment', 'confirmed', 'checked_in']))
        .select(eb => ['s.id', 's.capacity', 's.remaining', eb.fn.coalesce(eb.fn.sum<number>('r.seats'), eb.lit(0)).as('live')])
        .where('s.tenantId', '=', tenant.id)
        .groupBy(['s.id', 's.capacity', 's.remaining'])
        .execute(),
    )
    for (const row of rows) expect(row.capacity - row.remaining).toBe(Number(row.live))
  }

  async function setup(options: TestResourceOptions & TestSlotSpec = {}) {
    const tenant = await createTestTenant(t.platform)
    const { resource, slot } = await createTestSlot(t.platform, tenant, options)
    return { tenant, resource, slot }
  }

  describe('windows', () => {
    it('lets a resident book 60 days ahead but refuses a non-resident, storing nothing', async () => {
      const { tenant, slot } = await setup({ daysAhead: 60, residentWindowDays: 90, nonResidentWindowDays: 30 })
      const outsider = await resident(tenant, { prefecture: '神奈川県', city: '横浜市' })
      expect(await refusal(book(tenant, input(slot.id, outsider)))).toBe('422 RESERVATIONS.OUTSIDE_WINDOW')
      expect(await reservationsOf(tenant)).toHaveLength(0)
      expect((await slotOf(tenant, slot.id)).remaining).toBe(1)

      const local = await resident(tenant)
      const { reservation } = await book(tenant, input(slot.id, local))
      expect(reservation).toMatchObject({ status: 'held', isResidentRate: true, seats: 1 })
      await expectSeatsBalance(tenant)
    })

    it('gives an approved resident group its priority days beyond the resident window', async () => {
      const { tenant, slot } = await setup({ daysAhead: 100, residentWindowDays: 90 })
      const representative = await resident(tenant)
      expect(await refusal(book(tenant, input(slot.id, representative)))).toBe('422 RESERVATIONS.OUTSIDE_WINDOW')
      const group = await inTenant(tenant, trx =>
        reservationsDb(trx)
          .insertInto('reservationGroups')
          .values({ tenantId: tenant.id, registrationNumber: `G-${randomUUID().slice(0, 6)}`, name: 'テスト山の会', representativeResidentId: representative, memberCount: 10, status: 'approved', priorityDays: 30 })
          .returningAll()
          .executeTakeFirstOrThrow(),
      )
      const { reservation } = await book(tenant, input(slot.id, representative, { groupId: group.id }))
      expect(reservation.groupId).toBe(group.id)
    })

    it('refuses a group the resident does not belong to, and a pending group', async () => {
      const { tenant, slot } = await setup({ daysAhead: 10 })
      const someone = await resident(tenant)
      const other = await resident(tenant)
      const group = await inTenant(tenant, trx =>
        reservationsDb(trx)
          .insertInto('reservationGroups')
          .values({ tenantId: tenant.id, registrationNumber: `G-${randomUUID().slice(0, 6)}`, name: '他人の会', representativeResidentId: other, memberCount: 5, status: 'approved' })
          .returningAll()
          .executeTakeFirstOrThrow(),
      )
      expect(await refusal(book(tenant, input(slot.id, someone, { groupId: group.id })))).toBe('422 RESERVATIONS.GROUP_NOT_ALLOWED')
      await inTenant(tenant, trx => reservationsDb(trx).updateTable('reservationGroups').set({ status: 'pending' }).where('id', '=', group.id).execute())
      expect(await refusal(book(tenant, input(slot.id, other, { groupId: group.id })))).toBe('422 RESERVATIONS.GROUP_NOT_ALLOWED')
      expect(await reservationsOf(tenant)).toHaveLength(0)
    })

    it('closes bookings min_lead_hours before the start and refuses past slots', async () => {
      const tenant = await createTestTenant(t.platform)
      const resource = await createTestResource(t.platform, tenant, { minLeadHours: 48 })
      const [soon] = await createTestSlots(t.platform, tenant, resource.id, [{ daysAhead: 1, start: '21:00', end: '22:00' }])
      const now = tokyoInstant(tokyoDate(new Date()), '08:00')
      const someone = await resident(tenant)
      expect(await refusal(book(tenant, input(soon!.id, someone), now))).toBe('422 RESERVATIONS.TOO_LATE')
      expect(await refusal(book(tenant, input(soon!.id, someone), new Date(soon!.startsAt.getTime() + HOUR)))).toBe('422 RESERVATIONS.SLOT_IN_PAST')
      expect(await reservationsOf(tenant)).toHaveLength(0)
    })
  })

  describe('fees and exemptions', () => {
    it('charges the resident or non-resident rate, times the purpose percent, computed on the server', async () => {
      const { tenant, slot } = await setup({ daysAhead: 10, residentFeeYen: 1439, nonResidentFeeYen: 2878, nonResidentWindowDays: 30 })
      // the factory's rule covers 00:00–23:59 (1,439 minutes); a 09:00–12:00 slot is 180 of them
      await inTenant(tenant, trx => reservationsDb(trx).insertInto('reservationPurposes').values({ tenantId: tenant.id, code: 'commercial', names: JSON.stringify({ ja: '営利目的' }), feePercent: 200 }).execute())
      const local = await resident(tenant)
      const outsider = await resident(tenant, null)
      const [a, b] = await createTestSlots(t.platform, tenant, slot.resourceId, [{ daysAhead: 11 }, { daysAhead: 12 }])
      expect((await book(tenant, input(slot.id, local))).reservation.feeYen).toBe(180)
      expect((await book(tenant, input(a!.id, outsider))).reservation.feeYen).toBe(360)
      const commercial = (await book(tenant, input(b!.id, local, { purposeCode: 'commercial' }))).reservation
      expect(commercial.feeYen).toBe(360)
      expect(commercial.feeBreakdown).toMatchObject({ baseYen: 180, purposePercent: 200, isResidentRate: true })
    })

    it('allows a group-only exemption only to a group holding it, and refuses unknown purposes', async () => {
      const { tenant, slot, resource } = await setup({ daysAhead: 10, residentFeeYen: 1439 })
      const [second] = await createTestSlots(t.platform, tenant, resource.id, [{ daysAhead: 11 }])
      await inTenant(tenant, async trx => {
        await reservationsDb(trx).insertInto('reservationFeeExemptions').values({ tenantId: tenant.id, code: 'disability-group', names: JSON.stringify({ ja: '障害者団体' }), percentOff: 50, isGroupOnly: true }).execute()
      })
      const member = await resident(tenant)
      expect(await refusal(book(tenant, input(slot.id, member, { exemptionCode: 'disability-group' })))).toBe('422 RESERVATIONS.EXEMPTION_NOT_ALLOWED')
      expect(await refusal(book(tenant, input(slot.id, member, { purposeCode: 'no-such-purpose' })))).toBe('422 RESERVATIONS.PURPOSE_NOT_ALLOWED')
      const group = await inTenant(tenant, trx =>
        reservationsDb(trx)
          .insertInto('reservationGroups')
          .values({ tenantId: tenant.id, registrationNumber: `G-${randomUUID().slice(0, 6)}`, name: 'ひまわり会', representativeResidentId: member, memberCount: 5, status: 'approved', exemptionCode: 'disability-group' })
          .returningAll()
          .executeTakeFirstOrThrow(),
      )
      const { reservation } = await book(tenant, input(second!.id, member, { groupId: group.id, exemptionCode: 'disability-group' }))
      expect(reservation.feeYen).toBe(90)
      expect(reservation.exemptionCode).toBe('disability-group')
    })
  })

  describe('closed days and lotteries', () => {
    it('refuses a closed slot, a closure day and a lottery slot before its second round', async () => {
      const { tenant, slot, resource } = await setup({ daysAhead: 10 })
      const someone = await resident(tenant)
      await inTenant(tenant, trx => reservationsDb(trx).updateTable('reservationSlots').set({ status: 'closed' }).where('id', '=', slot.id).execute())
      expect(await refusal(book(tenant, input(slot.id, someone)))).toBe('422 RESERVATIONS.CLOSED_DAY')

      const [closureDay] = await createTestSlots(t.platform, tenant, resource.id, [{ daysAhead: 20 }])
      await inTenant(tenant, trx =>
        reservationsDb(trx)
          .insertInto('reservationClosures')
          .values({ tenantId: tenant.id, resourceId: resource.id, startsOn: tokyoDate(closureDay!.startsAt), endsOn: tokyoDate(closureDay!.startsAt) })
          .execute(),
      )
      expect(await refusal(book(tenant, input(closureDay!.id, someone)))).toBe('422 RESERVATIONS.CLOSED_DAY')

      const lottery = await inTenant(tenant, trx =>
        reservationsDb(trx)
          .insertInto('reservationLotteries')
          .values({ tenantId: tenant.id, titles: JSON.stringify({ ja: '抽選' }), resourceId: resource.id, slotsFrom: addCalendarDays(tokyoDate(new Date()), 30), slotsUntil: addCalendarDays(tokyoDate(new Date()), 30), applicationsOpenAt: new Date(Date.now() - HOUR), applicationsCloseAt: new Date(Date.now() + HOUR) })
          .returningAll()
          .executeTakeFirstOrThrow(),
      )
      const [drawn] = await createTestSlots(t.platform, tenant, resource.id, [{ daysAhead: 30, lotteryId: lottery.id }])
      expect(await refusal(book(tenant, input(drawn!.id, someone)))).toBe('422 RESERVATIONS.LOTTERY_SLOT')
      await inTenant(tenant, trx => reservationsDb(trx).updateTable('reservationLotteries').set({ status: 'second_round' }).where('id', '=', lottery.id).execute())
      expect((await book(tenant, input(drawn!.id, someone))).reservation.status).toBe('held')
      expect(await reservationsOf(tenant)).toHaveLength(1)
    })
  })

  describe('provisional holds and expiry', () => {
    it('holds for hold_minutes, then the sweep expires the hold and gives the seat back', async () => {
      const { tenant, slot } = await setup({ daysAhead: 5, holdMinutes: 10 })
      const someone = await resident(tenant)
      const now = new Date()
      const { reservation } = await book(tenant, input(slot.id, someone), now)
      expect(reservation.holdExpiresAt).toEqual(new Date(now.getTime() + 10 * 60_000))
      expect((await slotOf(tenant, slot.id)).remaining).toBe(0)

      expect(await inTenant(tenant, trx => expireDueBookings(trx, deps, tenant, new Date(now.getTime() + 5 * 60_000)))).toBe(0)
      expect(await inTenant(tenant, trx => expireDueBookings(trx, deps, tenant, new Date(now.getTime() + 11 * 60_000)))).toBe(1)
      const [expired] = await reservationsOf(tenant)
      expect(expired).toMatchObject({ status: 'expired' })
      expect((await slotOf(tenant, slot.id)).remaining).toBe(1)
      await expectSeatsBalance(tenant)
      // paying for an expired hold is refused, and changes nothing
      expect(await refusal(inTenant(tenant, trx => choosePayment(trx, deps, tenant, reservation.id, { method: 'counter', actor: { type: 'resident', id: someone } }, new Date(now.getTime() + 12 * 60_000))))).toBe(
        '409 RESERVATIONS.STATE_CHANGED',
      )
    })

    it('refuses to pay a hold past its deadline even before the sweep ran', async () => {
      const { tenant, slot } = await setup({ daysAhead: 5, holdMinutes: 10, residentFeeYen: 1000 })
      const someone = await resident(tenant)
      const now = new Date()
      const { reservation } = await book(tenant, input(slot.id, someone), now)
      expect(await refusal(inTenant(tenant, trx => choosePayment(trx, deps, tenant, reservation.id, { method: 'counter', actor: { type: 'resident', id: someone } }, new Date(now.getTime() + 11 * 60_000))))).toBe(
        '409 RESERVATIONS.HOLD_EXPIRED',
      )
      expect((await reservationsOf(tenant))[0]?.status).toBe('held')
    })

    it('confirms a free hold, and releases an unpaid counter booking at its payment deadline', async () => {
      const { tenant, slot, resource } = await setup({ daysAhead: 10, residentFeeYen: 1439, paymentDeadlineHours: 48 })
      const [free] = await createTestSlots(t.platform, tenant, (await createTestResource(t.platform, tenant)).id, [{ daysAhead: 3 }])
      const someone = await resident(tenant)
      const now = new Date()
      const held = await book(tenant, input(free!.id, someone), now)
      const confirmed = await inTenant(tenant, trx => choosePayment(trx, deps, tenant, held.reservation.id, { method: 'none', actor: { type: 'resident', id: someone } }, now))
      expect(confirmed.reservation).toMatchObject({ status: 'confirmed', paymentMethod: 'none' })

      const paid = await book(tenant, input(slot.id, someone), now)
      expect(await refusal(inTenant(tenant, trx => choosePayment(trx, deps, tenant, paid.reservation.id, { method: 'none', actor: { type: 'resident', id: someone } }, now)))).toBe('422 RESERVATIONS.PAYMENT_REQUIRED')
      const counter = await inTenant(tenant, trx => choosePayment(trx, deps, tenant, paid.reservation.id, { method: 'counter', actor: { type: 'resident', id: someone } }, now))
      expect(counter.reservation).toMatchObject({ status: 'awaiting_payment', paymentMethod: 'counter', paymentDueAt: new Date(now.getTime() + 48 * HOUR) })
      const payment = await inTenant(tenant, trx => deps.payments.findPayment(trx, tenant.id, counter.reservation.paymentId!))
      expect(payment).toMatchObject({ method: 'counter', amountYen: 180, purpose: 'reservation', subjectId: paid.reservation.id })

      expect(await inTenant(tenant, trx => expireDueBookings(trx, deps, tenant, new Date(now.getTime() + 47 * HOUR)))).toBe(0)
      expect(await inTenant(tenant, trx => expireDueBookings(trx, deps, tenant, new Date(now.getTime() + 49 * HOUR)))).toBe(1)
      expect((await slotOf(tenant, slot.id)).remaining).toBe(1)
      void resource
      await expectSeatsBalance(tenant)
    })
  })

  describe('idempotency and limits', () => {
    it('returns the first booking for a repeated key, takes the seat once, and refuses the key with another request', async () => {
      const { tenant, slot, resource } = await setup({ daysAhead: 5, capacity: 3, kind: 'appointment', maxPartySize: 3 })
      const someone = await resident(tenant)
      const request = input(slot.id, someone, { requestHash: 'hash-1' })
      const first = await book(tenant, request)
      const again = await book(tenant, request)
      expect(first.isNew).toBe(true)
      expect(again).toMatchObject({ isNew: false, reservation: { id: first.reservation.id } })
      expect((await slotOf(tenant, slot.id)).remaining).toBe(2)
      expect(await refusal(book(tenant, { ...request, requestHash: 'hash-2', partySize: 2 }))).toBe('422 RESERVATIONS.IDEMPOTENCY_KEY_REUSED')
      expect(await reservationsOf(tenant)).toHaveLength(1)
      void resource
    })

    it('refuses a second live booking of the same slot, a party above the limit and bookings beyond the resident limit', async () => {
      const tenant = await createTestTenant(t.platform)
      const resource = await createTestResource(t.platform, tenant, { kind: 'appointment', maxPartySize: 2, maxActivePerResident: 2 })
      const slots = await createTestSlots(t.platform, tenant, resource.id, [{ daysAhead: 3, capacity: 5 }, { daysAhead: 4, capacity: 5 }, { daysAhead: 5, capacity: 5 }])
      const someone = await resident(tenant)
      await book(tenant, input(slots[0]!.id, someone))
      expect(await refusal(book(tenant, input(slots[0]!.id, someone)))).toBe('409 RESERVATIONS.ALREADY_BOOKED')
      expect(await refusal(book(tenant, input(slots[1]!.id, someone, { partySize: 3 })))).toBe('422 RESERVATIONS.PARTY_TOO_LARGE')
      await book(tenant, input(slots[1]!.id, someone, { partySize: 2 }))
      expect(await refusal(book(tenant, input(slots[2]!.id, someone)))).toBe('422 RESERVATIONS.LIMIT_REACHED')
      expect((await slotOf(tenant, slots[2]!.id)).remaining).toBe(5)
      await expectSeatsBalance(tenant)
    })

    it('answers SLOT_TAKEN when the last seat is gone, and lets staff override windows but never capacity', async () => {
      const { tenant, slot } = await setup({ daysAhead: 200, residentWindowDays: 90 })
      const first = await resident(tenant)
      const second = await resident(tenant)
      const staffInput = (residentId: string) => input(slot.id, residentId, { start: { kind: 'direct', paymentMethod: 'none' }, channel: 'phone', createdByStaffId: randomUUID(), isStaffOverride: true, actor: { type: 'system' } })
      const { reservation } = await book(tenant, staffInput(first))
      expect(reservation.status).toBe('confirmed')
      expect(await refusal(book(tenant, staffInput(second)))).toBe('409 RESERVATIONS.SLOT_TAKEN')
      expect(await reservationsOf(tenant)).toHaveLength(1)
    })

    it('answers 404 for a slot id that is not a uuid or belongs to another tenant', async () => {
      const { tenant } = await setup({ daysAhead: 5 })
      const other = await setup({ daysAhead: 5 })
      const someone = await resident(tenant)
      expect(await refusal(book(tenant, input('not-a-uuid', someone)))).toBe('404 RESERVATIONS.NOT_FOUND')
      expect(await refusal(book(tenant, input(other.slot.id, someone)))).toBe('404 RESERVATIONS.NOT_FOUND')
      expect(await reservationsOf(tenant)).toHaveLength(0)
      expect((await slotOf(other.tenant, other.slot.id)).remaining).toBe(1)
    })
  })

  describe('cancellation', () => {
    async function confirmedPaid(options: TestResourceOptions & TestSlotSpec) {
      const { tenant, slot, resource } = await setup({ residentFeeYen: 1439, ...options })
      const someone = await resident(tenant)
      const { reservation } = await book(tenant, input(slot.id, someone))
      const counter = await inTenant(tenant, trx => choosePayment(trx, deps, tenant, reservation.id, { method: 'counter', actor: { type: 'resident', id: someone } }))
      const payment = await inTenant(tenant, trx => deps.payments.findPayment(trx, tenant.id, counter.reservation.paymentId!))
      await inTenant(tenant, trx => settleReservationPayment(trx, payment!, { from: 'created', to: 'captured', actor: { type: 'system' } }))
      return { tenant, slot, resource, someone, reservation: (await reservationsOf(tenant))[0]! }
    }

    it('charges the cancellation fee inside its window, frees the seat and records the refund due', async () => {
      const { tenant, slot, someone, reservation } = await confirmedPaid({ daysAhead: 2, cancelDeadlineHours: 1, cancellationFeeHours: 72, cancellationFeePercent: 50 })
      expect(reservation).toMatchObject({ status: 'confirmed', feeYen: 180 })
      const cancelled = await inTenant(tenant, trx => cancelBooking(trx, deps, tenant, reservation.id, { by: 'resident', isDeadlineEnforced: true, actor: { type: 'resident', id: someone } }))
      expect(cancelled).toMatchObject({ status: 'cancelled', cancelledBy: 'resident', cancellationFeeYen: 90 })
      expect((await slotOf(tenant, slot.id)).remaining).toBe(1)
      const audit = await inTenant(tenant, trx => trx.selectFrom('auditLog').select(['action', 'details']).where('tenantId', '=', tenant.id).where('action', '=', 'reservations.refund-due').execute())
      expect(audit).toHaveLength(1)
      expect(audit[0]?.details).toMatchObject({ refundYen: 90 })
      await expectSeatsBalance(tenant)
    })

    it('costs nothing outside the fee window', async () => {
      const { tenant, someone, reservation } = await confirmedPaid({ daysAhead: 10, cancellationFeeHours: 72, cancellationFeePercent: 50 })
      const cancelled = await inTenant(tenant, trx => cancelBooking(trx, deps, tenant, reservation.id, { by: 'resident', isDeadlineEnforced: true, actor: { type: 'resident', id: someone } }))
      expect(cancelled.cancellationFeeYen).toBe(0)
    })

    it('refuses a resident past the cancel deadline but lets staff cancel', async () => {
      const { tenant, someone, reservation } = await confirmedPaid({ daysAhead: 1, start: '23:00', end: '23:30', cancelDeadlineHours: 72 })
      expect(await refusal(inTenant(tenant, trx => cancelBooking(trx, deps, tenant, reservation.id, { by: 'resident', isDeadlineEnforced: true, actor: { type: 'resident', id: someone } })))).toBe(
        '422 RESERVATIONS.CANCEL_DEADLINE_PASSED',
      )
      expect((await reservationsOf(tenant))[0]?.status).toBe('confirmed')
      const staff = await inTenant(tenant, trx => cancelBooking(trx, deps, tenant, reservation.id, { by: 'staff', reason: '施設の故障', isDeadlineEnforced: false, isFeeWaived: true, actor: { type: 'system' } }))
      expect(staff).toMatchObject({ status: 'cancelled', cancelledBy: 'staff', cancelReason: '施設の故障', cancellationFeeYen: 0 })
    })
  })

  describe('payments', () => {
    it('stays awaiting payment after a failed capture, and confirms when the payment comes in late after expiry while the seat is free', async () => {
      const { tenant, slot } = await setup({ daysAhead: 10, residentFeeYen: 1439 })
      const someone = await resident(tenant)
      const now = new Date()
      const { reservation } = await book(tenant, input(slot.id, someone), now)
      const online = await inTenant(tenant, trx => choosePayment(trx, deps, tenant, reservation.id, { method: 'online', actor: { type: 'resident', id: someone } }, now))
      expect(online.redirectUrl).toBeTruthy()
      const payment = (await inTenant(tenant, trx => deps.payments.findPayment(trx, tenant.id, online.reservation.paymentId!)))!
      await inTenant(tenant, trx => settleReservationPayment(trx, payment, { from: 'pending', to: 'failed', actor: { type: 'system' } }))
      expect((await reservationsOf(tenant))[0]?.status).toBe('awaiting_payment')

      await inTenant(tenant, trx => expireDueBookings(trx, deps, tenant, new Date(now.getTime() + 100 * HOUR)))
      expect((await reservationsOf(tenant))[0]?.status).toBe('expired')
      await inTenant(tenant, trx => settleReservationPayment(trx, payment, { from: 'pending', to: 'captured', actor: { type: 'system' } }))
      expect((await reservationsOf(tenant))[0]).toMatchObject({ status: 'confirmed', paymentId: payment.id })
      expect((await slotOf(tenant, slot.id)).remaining).toBe(0)
      await expectSeatsBalance(tenant)
    })

    it('keeps a late-paid booking expired and records the refund when its seat went to someone else', async () => {
      const { tenant, slot } = await setup({ daysAhead: 10, residentFeeYen: 1439 })
      const first = await resident(tenant)
      const second = await resident(tenant)
      const now = new Date()
      const { reservation } = await book(tenant, input(slot.id, first), now)
      const online = await inTenant(tenant, trx => choosePayment(trx, deps, tenant, reservation.id, { method: 'online', actor: { type: 'resident', id: first } }, now))
      await inTenant(tenant, trx => expireDueBookings(trx, deps, tenant, new Date(now.getTime() + 100 * HOUR)))
      await book(tenant, input(slot.id, second))
      const payment = (await inTenant(tenant, trx => deps.payments.findPayment(trx, tenant.id, online.reservation.paymentId!)))!
      await inTenant(tenant, trx => settleReservationPayment(trx, payment, { from: 'pending', to: 'captured', actor: { type: 'system' } }))
      const late = (await reservationsOf(tenant)).find(r => r.id === reservation.id)
      expect(late).toMatchObject({ status: 'expired', paymentId: payment.id })
      expect(late?.paidAt).not.toBeNull()
      const audit = await inTenant(tenant, trx => trx.selectFrom('auditLog').select(['details']).where('tenantId', '=', tenant.id).where('action', '=', 'reservations.refund-due').execute())
      expect(audit[0]?.details).toMatchObject({ refundYen: 180 })
      await expectSeatsBalance(tenant)
    })
  })

  describe('reschedule and reminders', () => {
    it('moves a confirmed booking to another slot without fee, freeing the old seat', async () => {
      const tenant = await createTestTenant(t.platform)
      const resource = await createTestResource(t.platform, tenant)
      const [from, to] = await createTestSlots(t.platform, tenant, resource.id, [{ daysAhead: 5 }, { daysAhead: 6 }])
      const someone = await resident(tenant)
      const { reservation } = await book(tenant, input(from!.id, someone))
      await inTenant(tenant, trx => choosePayment(trx, deps, tenant, reservation.id, { method: 'none', actor: { type: 'resident', id: someone } }))
      const key = randomUUID()
      const moved = await inTenant(tenant, trx => rescheduleBooking(trx, deps, tenant, reservation.id, { newSlotId: to!.id, idempotencyKey: key, isDeadlineEnforced: true, actor: { type: 'resident', id: someone } }))
      expect(moved).toMatchObject({ status: 'confirmed', slotId: to!.id, rescheduledFromId: reservation.id })
      const again = await inTenant(tenant, trx => rescheduleBooking(trx, deps, tenant, reservation.id, { newSlotId: to!.id, idempotencyKey: key, isDeadlineEnforced: true, actor: { type: 'resident', id: someone } }))
      expect(again.id).toBe(moved.id)
      const old = (await reservationsOf(tenant)).find(r => r.id === reservation.id)
      expect(old).toMatchObject({ status: 'cancelled', cancelReason: 'rescheduled', cancellationFeeYen: 0 })
      expect((await slotOf(tenant, from!.id)).remaining).toBe(1)
      expect((await slotOf(tenant, to!.id)).remaining).toBe(0)
      await expectSeatsBalance(tenant)
    })

    it('sends the reminder of a confirmed booking and skips a cancelled one', async () => {
      const { tenant, slot } = await setup({ daysAhead: 5 })
      const someone = await resident(tenant)
      const { reservation } = await book(tenant, input(slot.id, someone))
      expect(await inTenant(tenant, trx => sendBookingReminder(trx, deps, tenant, reservation.id))).toBe(false)
      await inTenant(tenant, trx => choosePayment(trx, deps, tenant, reservation.id, { method: 'none', actor: { type: 'resident', id: someone } }))
      expect(await inTenant(tenant, trx => sendBookingReminder(trx, deps, tenant, reservation.id))).toBe(true)
      await inTenant(tenant, trx => cancelBooking(trx, deps, tenant, reservation.id, { by: 'resident', isDeadlineEnforced: true, actor: { type: 'resident', id: someone } }))
      expect(await inTenant(tenant, trx => sendBookingReminder(trx, deps, tenant, reservation.id))).toBe(false)
    })
  })
})
