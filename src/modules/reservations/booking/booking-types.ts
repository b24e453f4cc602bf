/** The shapes the booking core is called with (other areas build these). */
import { type AuditActor } from '../../../platform/audit/audit-log.js'
import type { BookingChannel, CancelledBy, Reservation } from '../reservation-tables.js'

/** Payments of bookings carry this purpose; the settlement handler (booking-settlement.ts) hears their outcome. */
export const RESERVATION_PAYMENT_PURPOSE = 'reservation'


/** Who the booking is for. */
export interface BookingApplicant {
  /** the resident's account; absent for a phone booking by someone without one */
  residentId?: string
  name: string
  phone?: string
  email?: string
}

export type BookingStart =
  /** first-come (web, API, waitlist claim): a provisional hold of the resource's hold_minutes */
  | { kind: 'hold' }
  /** a lottery win: held until `confirmBy` (the lottery's confirmation deadline) */
  | { kind: 'won'; confirmBy: Date }
  /** staff desk or API: straight to confirmed (fee 0 or 'none'), or awaiting counter payment */
  | { kind: 'direct'; paymentMethod: 'none' | 'counter' }

export interface NewBookingInput {
  slotId: string
  partySize: number
  purposeCode?: string
  exemptionCode?: string
  groupId?: string
  applicant: BookingApplicant
  channel: BookingChannel
  start: BookingStart
  /** unique per tenant; a repeat returns the first booking (isNew false) */
  idempotencyKey: string
  /** hash of the request; the same key with another hash is RESERVATIONS.IDEMPOTENCY_KEY_REUSED (422) */
  requestHash?: string
  createdByStaffId?: string
  apiKeyId?: string
  lotteryEntryId?: string
  waitlistEntryId?: string
  /** the seats were already taken for this booking (a sequential waitlist offer): do not take them again */
  isSeatAlreadyHeld?: boolean
  /** staff may book outside the residents' windows and limits (never past the slot's capacity) */
  isStaffOverride?: boolean
  /**
   * Staff only (createdByStaffId set): the applicant without an account lives in the municipality
   * (checked by staff, e.g. over the phone), so the resident rate and window apply.
   */
  isResidentRateConfirmedByStaff?: boolean
  actor: AuditActor
  requestId?: string
}

export interface CreatedBooking {
  reservation: Reservation
  isNew: boolean
}


export interface PaymentChoice {
  method: 'none' | 'online' | 'counter'
  actor: AuditActor
  requestId?: string
}


export interface CancelOptions {
  by: CancelledBy
  reason?: string
  /** residents must respect the resource's cancel deadline; staff and the system need not */
  isDeadlineEnforced: boolean
  /** staff cancelling for the facility's own reasons (a breakdown, a closure): no cancellation fee */
  isFeeWaived?: boolean
  actor: AuditActor
  requestId?: string
}


export interface RescheduleOptions {
  newSlotId: string
  /** unique per tenant: a repeated submit returns the booking made the first time */
  idempotencyKey: string
  isDeadlineEnforced: boolean
  actor: AuditActor
  requestId?: string
}
