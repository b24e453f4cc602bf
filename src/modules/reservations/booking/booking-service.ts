/**
 * The resident journey's service: each function opens one short tenant transaction and calls the
 * core (booking-core.ts). Routes parse, call one of these, and render or redirect.
 */
import { createHash } from 'node:crypto'
import { withTenant } from '../../../platform/db/tenant-context.js'
import type { TenantContext } from '../../../platform/tenancy/tenant-service.js'
import type { Payment } from '../../payments/index.js'
import type { ReservationDeps } from '../reservation-deps.js'
import type { FeeExemption, Purpose, Reservation, ReservationGroup, Resource } from '../reservation-tables.js'
import { addCalendarDays } from '../../../jp/calendar-date.js'
import { tokyoDate, tokyoInstant } from '../reservation-time.js'
import { cancelBooking, choosePayment, createBooking, previewCancellation, rescheduleBooking } from './booking-core.js'
import { applicantNameRequired, bookingNotFound, bookingStateChanged } from './booking-errors.js'
import { rememberApplicantName } from './applicant-name.js'
import { isClosedOn } from '../setup/index.js'
import { findResidentBooking, findSlotView, listRescheduleSlots, listResidentBookings, type BookingDetail, type SlotView } from './booking-queries.js'
import { findResidentAddress, findResource, findSlot, listClosuresOn, listExemptions, listPurposes, listResidentGroups } from './booking-repository.js'
import { checkWindow, computeFee, isAddressInTenant, refundDueYen, windowDays } from './booking-rules.js'

/** What a visitor may do on a slot page, first reason first. */
export type SlotState = 'past' | 'closed' | 'lottery' | 'not-open-yet' | 'full' | 'residents-only' | 'too-early' | 'too-late' | 'open'

export interface SlotPageData {
  view: SlotView
  state: SlotState
  residentFeeYen: number
  nonResidentFeeYen: number
  /** the fee this visitor would pay (general purpose), when logged in */
  isResidentRate?: boolean
  windowOpensOn?: string
  purposes: Purpose[]
  exemptions: FeeExemption[]
  groups: ReservationGroup[]
  /** the logged-in resident's own name (from the My Number card); '' when the account has none, and the form asks */
  accountName: string
}

export interface HoldForm {
  partySize: number
  purposeCode?: string
  exemptionCode?: string
  groupId?: string
  /** the name typed on the form; used only when the account has no name of its own */
  applicantName?: string
  idempotencyKey: string
}

export function createBookingService(deps: ReservationDeps) {
  const { db } = deps.platform.database

  return {
    /** The resource a slot belongs to (what the waiting room's gate looks at). */
    async findResourceOfSlot(tenant: TenantContext, slotId: string): Promise<Resource> {
      return withTenant(db, tenant.id, async trx => {
        const slot = await findSlot(trx, tenant.id, slotId)
        const resource = slot ? await findResource(trx, tenant.id, slot.resourceId) : undefined
        if (!resource) throw bookingNotFound()
        return resource
      })
    },

    async loadSlotPage(tenant: TenantContext, slotId: string, residentId: string | undefined, now: Date = new Date()): Promise<SlotPageData> {
      return withTenant(db, tenant.id, async trx => {
        const view = await findSlotView(trx, tenant.id, slotId)
        if (!view || view.resource.status !== 'active' || view.facility.status !== 'active') throw bookingNotFound()
        const { slot, resource, facility } = view
        const feeOf = (isResidentRate: boolean) => computeFee({ startsAt: slot.startsAt, endsAt: slot.endsAt, rules: view.feeRules, isResidentRate }).totalYen
        const resident = residentId ? await findResidentAddress(trx, tenant.id, residentId) : undefined
        const groups = residentId ? await listResidentGroups(trx, tenant.id, residentId) : []
        const isResidentRate = residentId ? isAddressInTenant(resident, tenant.name) || groups.some(g => g.isResidentGroup) : undefined
        const closures = await listClosuresOn(trx, tenant.id, facility.id, resource.id, tokyoDate(slot.startsAt))
        let state: SlotState = 'open'
        let windowOpensOn: string | undefined
        if (slot.startsAt.getTime() <= now.getTime()) state = 'past'
        else if (slot.status === 'closed' || isClosedOn(facility, closures, tokyoDate(slot.startsAt), resource.id)) state = 'closed'
        else if (slot.lotteryId && view.lotteryStatus !== 'second_round' && view.lotteryStatus !== 'cancelled') state = 'lottery'
        else if (resource.opensAt && resource.opensAt.getTime() > now.getTime()) state = 'not-open-yet'
        else if (slot.remaining <= 0) state = 'full'
        else {
          const priority = Math.max(0, ...groups.map(g => g.priorityDays))
          const window = checkWindow({
            slotStartsAt: slot.startsAt,
            now,
            isResidentRate: isResidentRate ?? true,
            residentWindowDays: resource.residentWindowDays,
            nonResidentWindowDays: resource.nonResidentWindowDays,
            groupPriorityDays: priority,
            minLeadHours: resource.minLeadHours,
          })
          if (!window.isOpen) {
            state = window.reason === 'past' ? 'past' : window.reason
            if (window.reason === 'too-early' && window.days) windowOpensOn = addCalendarDays(tokyoDate(slot.startsAt), -window.days)
          }
        }
        const allPurposes = await listPurposes(trx, tenant.id)
        const purposes = resource.purposes.length > 0 ? allPurposes.filter(p => resource.purposes.includes(p.code)) : allPurposes
        const groupExemptions = new Set(groups.map(g => g.exemptionCode).filter((code): code is string => code !== null))
        const exemptions = (await listExemptions(trx, tenant.id)).filter(e => !e.isGroupOnly || groupExemptions.has(e.code))
        return { view, state, residentFeeYen: feeOf(true), nonResidentFeeYen: feeOf(false), isResidentRate, windowOpensOn, purposes, exemptions, groups, accountName: resident?.displayName ?? '' }
      })
    },

    /** The provisional hold (idempotent on the form's key: a double submit or a retry returns the same booking). */
    async holdSlot(tenant: TenantContext, resident: { id: string; displayName: string }, slotId: string, form: HoldForm, requestId: string, now: Date = new Date()): Promise<Reservation> {
      const requestHash = createHash('sha256')
        .update(JSON.stringify([slotId, form.partySize, form.purposeCode ?? '', form.exemptionCode ?? '', form.groupId ?? '']))
        .digest('hex')
      const { reservation } = await withTenant(db, tenant.id, async trx => {
        const account = await findResidentAddress(trx, tenant.id, resident.id)
        const accountName = account?.displayName || resident.displayName
        if (!accountName && !form.applicantName) throw applicantNameRequired()
        if (!accountName && form.applicantName) await rememberApplicantName(trx, tenant.id, resident.id, form.applicantName)
        return createBooking(
          trx,
          deps,
          tenant,
          {
            slotId,
            partySize: form.partySize,
            purposeCode: form.purposeCode,
            exemptionCode: form.exemptionCode,
            groupId: form.groupId,
            applicant: { residentId: resident.id, name: accountName || form.applicantName || '', phone: account?.phone ?? undefined, email: account?.email ?? undefined },
            channel: 'web',
            start: { kind: 'hold' },
            idempotencyKey: `web:${resident.id}:${form.idempotencyKey}`,
            requestHash,
            actor: { type: 'resident', id: resident.id },
            requestId,
          },
          now,
        )
      })
      return reservation
    },

    async listMyBookings(tenant: TenantContext, residentId: string) {
      return withTenant(db, tenant.id, trx => listResidentBookings(trx, tenant.id, residentId))
    },

    /** One of the resident's bookings with its payment and what cancelling would cost now. */
    async getMyBooking(tenant: TenantContext, residentId: string, reservationId: string, now: Date = new Date()): Promise<BookingDetail & { payment?: Payment; cancellation: Awaited<ReturnType<typeof previewCancellation>>; refundDueYen: number }> {
      return withTenant(db, tenant.id, async trx => {
        const detail = await findResidentBooking(trx, tenant.id, residentId, reservationId)
        if (!detail) throw bookingNotFound()
        const payment = detail.reservation.paymentId ? await deps.payments.findPayment(trx, tenant.id, detail.reservation.paymentId) : undefined
        const cancellation = await previewCancellation(trx, tenant, detail.reservation, now)
        const refund = refundDueYen(detail.reservation)
        return { ...detail, payment, cancellation, refundDueYen: payment?.status === 'refunded' ? 0 : refund }
      })
    },

    async choosePaymentMethod(tenant: TenantContext, residentId: string, reservationId: string, method: 'none' | 'online' | 'counter', requestId: string) {
      return withTenant(db, tenant.id, async trx => {
        const own = await findResidentBooking(trx, tenant.id, residentId, reservationId)
        if (!own) throw bookingNotFound()
        return choosePayment(trx, deps, tenant, reservationId, { method, actor: { type: 'resident', id: residentId }, requestId })
      })
    },

    async cancelMyBooking(tenant: TenantContext, residentId: string, reservationId: string, requestId: string) {
      return withTenant(db, tenant.id, async trx => {
        const own = await findResidentBooking(trx, tenant.id, residentId, reservationId)
        if (!own) throw bookingNotFound()
        return cancelBooking(trx, deps, tenant, reservationId, { by: 'resident', isDeadlineEnforced: true, actor: { type: 'resident', id: residentId }, requestId })
      })
    },

    /** The slots the booking may move to: the same resource, open, from now until the end of the resident window. */
    async loadReschedule(tenant: TenantContext, residentId: string, reservationId: string, now: Date = new Date()) {
      return withTenant(db, tenant.id, async trx => {
        const detail = await findResidentBooking(trx, tenant.id, residentId, reservationId)
        if (!detail) throw bookingNotFound()
        const { reservation, view } = detail
        if (reservation.status !== 'confirmed' && reservation.status !== 'awaiting_payment') throw bookingStateChanged()
        const days = windowDays({ isResidentRate: reservation.isResidentRate, residentWindowDays: view.resource.residentWindowDays, nonResidentWindowDays: view.resource.nonResidentWindowDays })
        const until = tokyoInstant(addCalendarDays(tokyoDate(now), Math.max(1, days) + 1), '00:00')
        const earliest = new Date(now.getTime() + view.resource.minLeadHours * 3_600_000)
        const slots = await listRescheduleSlots(trx, tenant.id, view.resource.id, earliest, until, reservation.seats, reservation.slotId)
        const cancellation = await previewCancellation(trx, tenant, reservation, now)
        const sameFee = slots.filter(s => computeFee({ startsAt: s.startsAt, endsAt: s.endsAt, rules: view.feeRules, isResidentRate: reservation.isResidentRate }).baseYen === (reservation.feeBreakdown as { baseYen?: number }).baseYen)
        return { detail, slots: sameFee, isAllowed: cancellation.isAllowed, deadlineHours: cancellation.deadlineHours }
      })
    },

    async rescheduleMyBooking(tenant: TenantContext, residentId: string, reservationId: string, newSlotId: string, idempotencyKey: string, requestId: string) {
      return withTenant(db, tenant.id, async trx => {
        const own = await findResidentBooking(trx, tenant.id, residentId, reservationId)
        if (!own) throw bookingNotFound()
        return rescheduleBooking(trx, deps, tenant, reservationId, { newSlotId, idempotencyKey: `web-reschedule:${residentId}:${idempotencyKey}`, isDeadlineEnforced: true, actor: { type: 'resident', id: residentId }, requestId })
      })
    },
  }
}

export type BookingService = ReturnType<typeof createBookingService>
