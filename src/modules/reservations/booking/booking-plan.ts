/** Every rule of a new booking checked against the rows, before a seat is taken (shared by create and reschedule). */
import type { Transaction } from 'kysely'
import type { Database } from '../../../platform/db/schema.js'
import type { TenantContext } from '../../../platform/tenancy/tenant-service.js'
import type { FeeBreakdown, Facility, Reservation, ReservationGroup, Resource, Slot } from '../reservation-tables.js'
import { UUID_PATTERN } from '../reservation-request.js'
import { tokyoDate } from '../reservation-time.js'
import { alreadyBooked, bookingNotFound, closedDay, exemptionNotAllowed, groupLimitReached, groupNotAllowed, idempotencyKeyReused, invalidBookingInput, invalidPartySize, limitReached, lotterySlot, notOpenYet, outsideWindow, partyTooLarge, purposeNotAllowed, residentsOnly, slotInPast, slotTaken, tooLate } from './booking-errors.js'
import { checkWindow, computeFee, isAddressInTenant, isValidPartySize, maxPartySize, seatsFor } from './booking-rules.js'
import * as repository from './booking-repository.js'
import { isClosedOn } from '../setup/index.js'
import type { NewBookingInput, CreatedBooking } from './booking-types.js'

type Trx = Transaction<Database>

/** Everything checked and computed before a seat is taken. */
export interface BookingPlan {
  slot: Slot
  resource: Resource
  facility: Facility
  group?: ReservationGroup
  isResidentRate: boolean
  seats: number
  fee: FeeBreakdown
}

export const isUuid = (value: string | undefined) => value === undefined || UUID_PATTERN.test(value)

/** The replayed booking of an idempotency key, or IDEMPOTENCY_KEY_REUSED when the request differs. */
export function replayOf(existing: Reservation, input: Pick<NewBookingInput, 'requestHash' | 'slotId'>): CreatedBooking {
  const isSameRequest = input.requestHash !== undefined ? existing.requestHash === input.requestHash : existing.slotId === input.slotId
  if (!isSameRequest) throw idempotencyKeyReused()
  return { reservation: existing, isNew: false }
}

/** Checks every rule of a new booking; throws the refusal, writes nothing. */
export async function planBooking(trx: Trx, tenant: TenantContext, input: NewBookingInput, now: Date, options: { excludeReservationId?: string } = {}): Promise<BookingPlan> {
  if (!isUuid(input.slotId) || !isUuid(input.groupId) || !isUuid(input.applicant.residentId)) throw bookingNotFound()
  if (!isValidPartySize(input.partySize)) throw invalidPartySize()
  const name = input.applicant.name.trim()
  if (name.length < 1 || name.length > 100) throw invalidBookingInput()

  const slot = await repository.findSlot(trx, tenant.id, input.slotId)
  if (!slot) throw bookingNotFound()
  const resource = await repository.findResource(trx, tenant.id, slot.resourceId)
  if (!resource || resource.status !== 'active') throw bookingNotFound()
  if (slot.startsAt.getTime() <= now.getTime()) throw slotInPast()
  if (slot.status === 'closed') throw closedDay()
  // The morning rush is mostly refusals: a slot already without the seats is answered here,
  // before the other lookups. Only a shortcut: the row may be a moment old, and takeSeats' guarded
  // UPDATE still decides for everyone who gets past it.
  // A party above the resource's maximum is told that first, below.
  if (!input.isSeatAlreadyHeld && input.partySize <= maxPartySize(resource) && slot.remaining < seatsFor(resource.kind, input.partySize, slot.capacity)) throw slotTaken()
  const facility = await repository.findFacility(trx, tenant.id, resource.facilityId)
  if (!facility || facility.status !== 'active') throw bookingNotFound()

  const closures = await repository.listClosuresOn(trx, tenant.id, facility.id, resource.id, tokyoDate(slot.startsAt))
  if (isClosedOn(facility, closures, tokyoDate(slot.startsAt), resource.id)) throw closedDay()

  // A lottery slot is drawn, not booked first-come, until its lottery opens the second round.
  if (slot.lotteryId && input.start.kind !== 'won') {
    const lotteryStatus = await repository.findLotteryStatus(trx, tenant.id, slot.lotteryId)
    if (lotteryStatus !== 'second_round' && lotteryStatus !== 'cancelled') throw lotterySlot()
  }

  const isOverride = input.isStaffOverride === true && input.createdByStaffId !== undefined
  const residentId = input.applicant.residentId
  const resident = residentId ? await repository.findResidentForBooking(trx, tenant.id, residentId) : undefined
  if (residentId && !resident) throw bookingNotFound()

  let group: ReservationGroup | undefined
  if (input.groupId) {
    group = await repository.findGroupForBooking(trx, tenant.id, input.groupId)
    if (!group || group.status !== 'approved') throw groupNotAllowed()
    // Residents book for a group they represent or belong to; staff book for any approved group.
    if (!input.createdByStaffId) {
      const isMember = residentId !== undefined && (group.representativeResidentId === residentId || (await repository.isGroupMember(trx, tenant.id, group.id, residentId)))
      if (!isMember) throw groupNotAllowed()
    }
  }

  const isResidentRate =
    (group !== undefined && group.isResidentGroup) ||
    isAddressInTenant(resident, tenant.name) ||
    (input.createdByStaffId !== undefined && !residentId && input.isResidentRateConfirmedByStaff === true)

  if (input.start.kind === 'hold' && !isOverride && resource.opensAt && resource.opensAt.getTime() > now.getTime()) throw notOpenYet()
  // Lottery winners were inside the window when they applied; staff may override it.
  if (input.start.kind !== 'won' && !isOverride) {
    const window = checkWindow({
      slotStartsAt: slot.startsAt,
      now,
      isResidentRate,
      residentWindowDays: resource.residentWindowDays,
      nonResidentWindowDays: resource.nonResidentWindowDays,
      groupPriorityDays: group?.priorityDays,
      minLeadHours: resource.minLeadHours,
    })
    if (!window.isOpen) {
      switch (window.reason) {
        case 'past':
          throw slotInPast()
        case 'residents-only':
          throw residentsOnly()
        case 'too-early':
          throw outsideWindow(window.days ?? 0)
        case 'too-late':
          throw tooLate(window.hours ?? 0)
      }
    }
  }

  if (!isOverride && input.partySize > maxPartySize(resource)) throw partyTooLarge(maxPartySize(resource))

  let purposePercent = 100
  if (input.purposeCode) {
    const purpose = await repository.findPurpose(trx, tenant.id, input.purposeCode)
    if (!purpose || (resource.purposes.length > 0 && !resource.purposes.includes(purpose.code))) throw purposeNotAllowed()
    purposePercent = purpose.feePercent
  }
  let exemptionPercentOff = 0
  if (input.exemptionCode) {
    const exemption = await repository.findExemption(trx, tenant.id, input.exemptionCode)
    if (!exemption) throw exemptionNotAllowed()
    if (exemption.isGroupOnly && group?.exemptionCode !== exemption.code) throw exemptionNotAllowed()
    exemptionPercentOff = exemption.percentOff
  }

  if (residentId) {
    const live = await repository.findLiveOnSlot(trx, tenant.id, slot.id, residentId)
    if (live && live.id !== options.excludeReservationId) throw alreadyBooked()
  }
  if (!isOverride && input.start.kind !== 'won') {
    if (residentId && !group) {
      const active = await repository.countActiveForResident(trx, tenant.id, residentId, resource.id, now, options.excludeReservationId)
      if (active >= resource.maxActivePerResident) throw limitReached(resource.maxActivePerResident)
    }
    if (group) {
      const active = await repository.countActiveForGroup(trx, tenant.id, group.id, now, options.excludeReservationId)
      if (active >= group.maxActiveBookings) throw groupLimitReached(group.maxActiveBookings)
    }
  }

  const rules = await repository.listFeeRules(trx, tenant.id, resource.id)
  const fee = computeFee({
    startsAt: slot.startsAt,
    endsAt: slot.endsAt,
    rules,
    isResidentRate,
    purposeCode: input.purposeCode,
    purposePercent,
    exemptionCode: input.exemptionCode,
    exemptionPercentOff,
  })
  return { slot, resource, facility, group, isResidentRate, seats: seatsFor(resource.kind, input.partySize, slot.capacity), fee }
}
