/**
 * Kysely types of the tables this module owns (migrations/0013_reservations_core.sql).
 * Repositories view a platform executor through `reservationsDb()` to reach them.
 *
 * Column conventions from the driver: `time` columns read as 'HH:MM:SS' strings, `date` columns
 * as 'YYYY-MM-DD' strings, smallint[] as number[], text[] as string[], bigint as number.
 */
import type { ColumnType, Generated, Kysely, Selectable, Transaction } from 'kysely'
import type { Database } from '../../platform/db/schema.js'

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>
type CreatedAt = ColumnType<Date, Date | string | undefined, never>
type Json<T> = ColumnType<T, string, string>
type JsonDefault<T> = ColumnType<T, string | undefined, string>
/** 'HH:MM' or 'HH:MM:SS' in, 'HH:MM:SS' out */
type TimeOfDay = string
/** 'YYYY-MM-DD' */
type DateString = string

/** Names and texts per UI language; `ja` is always present. */
export interface LocalizedText {
  ja: string
  'ja-easy'?: string
  en?: string
}

export const RESOURCE_KINDS = ['space', 'appointment'] as const
export type ResourceKind = (typeof RESOURCE_KINDS)[number]
export const RESOURCE_CATEGORIES = ['meeting-room', 'japanese-room', 'gym', 'court', 'hall', 'studio', 'vaccination', 'health-check', 'counter', 'consultation'] as const
export type ResourceCategory = (typeof RESOURCE_CATEGORIES)[number]
export const BOOKING_MODES = ['first_come', 'lottery'] as const
export type BookingMode = (typeof BOOKING_MODES)[number]
export const WAITLIST_MODES = ['none', 'sequential', 'broadcast'] as const
export type WaitlistMode = (typeof WAITLIST_MODES)[number]
export const DAY_KINDS = ['all', 'weekday', 'weekend_holiday'] as const
export type DayKind = (typeof DAY_KINDS)[number]

export const RESERVATION_STATUSES = ['held', 'won', 'awaiting_payment', 'confirmed', 'checked_in', 'no_show', 'cancelled', 'expired'] as const
export type ReservationStatus = (typeof RESERVATION_STATUSES)[number]
/** Statuses that hold seats on the slot. */
export const LIVE_RESERVATION_STATUSES = ['held', 'won', 'awaiting_payment', 'confirmed', 'checked_in'] as const satisfies readonly ReservationStatus[]
export const PAYMENT_METHODS_FOR_BOOKING = ['none', 'online', 'counter'] as const
export type BookingPaymentMethod = (typeof PAYMENT_METHODS_FOR_BOOKING)[number]
export const BOOKING_CHANNELS = ['web', 'api', 'phone', 'counter', 'lottery', 'waitlist'] as const
export type BookingChannel = (typeof BOOKING_CHANNELS)[number]
export type CancelledBy = 'resident' | 'staff' | 'system'

export type LotteryStatus = 'open' | 'closed' | 'drawn' | 'published' | 'second_round' | 'cancelled'
export type LotteryEntryStatus = 'entered' | 'withdrawn' | 'won' | 'lost' | 'confirmed' | 'released'
export type WaitlistEntryStatus = 'waiting' | 'offered' | 'claimed' | 'expired' | 'withdrawn' | 'closed'
export type GroupStatus = 'pending' | 'approved' | 'rejected' | 'suspended'
export type SlotExceptionKind = 'cancel' | 'capacity' | 'extra'

/** How a booking's fee was reached (stored with the booking, printed on the permit). */
export interface FeeBreakdown {
  /** fee of each fee band the slot overlaps, prorated by minutes */
  bands: { bandStart: string; bandEnd: string; minutes: number; yen: number }[]
  baseYen: number
  isResidentRate: boolean
  purposeCode?: string
  purposePercent: number
  exemptionCode?: string
  exemptionPercentOff: number
  totalYen: number
}

export interface ReservationFacilitiesTable {
  tenantId: string
  id: Generated<string>
  code: string
  names: Json<LocalizedText>
  descriptions: JsonDefault<Partial<LocalizedText>>
  address: Generated<string>
  phone: Generated<string>
  latitude: number | null
  longitude: number | null
  openingTime: ColumnType<TimeOfDay, TimeOfDay | undefined, TimeOfDay>
  closingTime: ColumnType<TimeOfDay, TimeOfDay | undefined, TimeOfDay>
  closedWeekdays: ColumnType<number[], number[] | undefined, number[]>
  isClosedOnHolidays: Generated<boolean>
  isClosedYearEnd: Generated<boolean>
  status: Generated<'active' | 'suspended'>
  sortOrder: Generated<number>
  createdAt: CreatedAt
  updatedAt: Timestamp
}

export interface ReservationPurposesTable {
  tenantId: string
  code: string
  names: Json<LocalizedText>
  feePercent: Generated<number>
  sortOrder: Generated<number>
  createdAt: CreatedAt
  updatedAt: Timestamp
}

export interface ReservationFeeExemptionsTable {
  tenantId: string
  code: string
  names: Json<LocalizedText>
  proofNotes: JsonDefault<Partial<LocalizedText>>
  percentOff: number
  isGroupOnly: Generated<boolean>
  sortOrder: Generated<number>
  createdAt: CreatedAt
  updatedAt: Timestamp
}

export interface ReservationResourcesTable {
  tenantId: string
  id: Generated<string>
  facilityId: string
  code: string
  kind: ResourceKind
  category: ResourceCategory
  names: Json<LocalizedText>
  descriptions: JsonDefault<Partial<LocalizedText>>
  capacityPeople: number
  equipment: ColumnType<string[], string[] | undefined, string[]>
  purposes: ColumnType<string[], string[] | undefined, string[]>
  bookingMode: Generated<BookingMode>
  residentWindowDays: Generated<number>
  nonResidentWindowDays: Generated<number>
  minLeadHours: Generated<number>
  holdMinutes: Generated<number>
  paymentDeadlineHours: Generated<number>
  allowsCounterPayment: Generated<boolean>
  cancelDeadlineHours: Generated<number>
  cancellationFeeHours: Generated<number>
  cancellationFeePercent: Generated<number>
  maxActivePerResident: Generated<number>
  maxPartySize: Generated<number>
  reminderDaysBefore: Generated<number>
  reminderTime: ColumnType<TimeOfDay, TimeOfDay | undefined, TimeOfDay>
  waitlistMode: Generated<WaitlistMode>
  offerMinutes: Generated<number>
  opensAt: Date | null
  queueMinutes: Generated<number>
  queueRatePerSecond: Generated<number>
  status: Generated<'active' | 'suspended'>
  sortOrder: Generated<number>
  createdAt: CreatedAt
  updatedAt: Timestamp
}

export interface ReservationFeeRulesTable {
  tenantId: string
  id: Generated<string>
  resourceId: string
  dayKind: ColumnType<DayKind, DayKind | undefined, DayKind>
  bandStart: TimeOfDay
  bandEnd: TimeOfDay
  residentFeeYen: number
  nonResidentFeeYen: number
  createdAt: CreatedAt
  updatedAt: Timestamp
}

export interface ReservationClosuresTable {
  tenantId: string
  id: Generated<string>
  facilityId: string | null
  resourceId: string | null
  startsOn: DateString
  endsOn: DateString
  reasons: JsonDefault<Partial<LocalizedText>>
  createdAt: CreatedAt
  updatedAt: Timestamp
}

export interface ReservationSlotTemplatesTable {
  tenantId: string
  id: Generated<string>
  resourceId: string
  weekdays: number[]
  startTime: TimeOfDay
  endTime: TimeOfDay
  capacity: number
  validFrom: DateString
  validUntil: DateString | null
  createdAt: CreatedAt
  updatedAt: Timestamp
}

export interface ReservationSlotExceptionsTable {
  tenantId: string
  id: Generated<string>
  resourceId: string
  onDate: DateString
  kind: SlotExceptionKind
  startTime: TimeOfDay | null
  endTime: TimeOfDay | null
  capacity: number | null
  createdAt: CreatedAt
  updatedAt: Timestamp
}

export interface ReservationGroupsTable {
  tenantId: string
  id: Generated<string>
  registrationNumber: string
  name: string
  representativeResidentId: string | null
  memberCount: number
  isResidentGroup: Generated<boolean>
  status: Generated<GroupStatus>
  priorityDays: Generated<number>
  maxActiveBookings: Generated<number>
  exemptionCode: string | null
  approvedByStaffId: string | null
  approvedAt: Date | null
  createdAt: CreatedAt
  updatedAt: Timestamp
}

export interface ReservationGroupMembersTable {
  tenantId: string
  groupId: string
  residentId: string
  createdAt: CreatedAt
}

export interface ReservationLotteriesTable {
  tenantId: string
  id: Generated<string>
  titles: Json<LocalizedText>
  resourceId: string
  slotsFrom: DateString
  slotsUntil: DateString
  applicationsOpenAt: Date
  applicationsCloseAt: Date
  maxEntriesPerApplicant: Generated<number>
  confirmHours: Generated<number>
  status: Generated<LotteryStatus>
  seed: string | null
  drawnAt: Date | null
  drawnByStaffId: string | null
  publishedAt: Date | null
  confirmDeadlineAt: Date | null
  secondRoundAt: Date | null
  createdAt: CreatedAt
  updatedAt: Timestamp
}

export interface ReservationSlotsTable {
  tenantId: string
  id: Generated<string>
  resourceId: string
  startsAt: Date
  endsAt: Date
  capacity: number
  remaining: number
  status: Generated<'open' | 'closed'>
  lotteryId: string | null
  source: Generated<'template' | 'exception' | 'manual'>
  createdAt: CreatedAt
  updatedAt: Timestamp
}

export interface ReservationsTable {
  tenantId: string
  id: Generated<string>
  reference: string
  slotId: string
  resourceId: string
  residentId: string | null
  groupId: string | null
  applicantName: string
  applicantPhone: string | null
  applicantEmail: string | null
  partySize: number
  seats: number
  purposeCode: string | null
  exemptionCode: string | null
  isResidentRate: boolean
  feeYen: number
  feeBreakdown: JsonDefault<FeeBreakdown | Record<string, never>>
  status: ReservationStatus
  paymentMethod: ColumnType<BookingPaymentMethod, BookingPaymentMethod | undefined, BookingPaymentMethod>
  paymentId: string | null
  paidAt: Date | null
  holdExpiresAt: Date | null
  paymentDueAt: Date | null
  channel: BookingChannel
  createdByStaffId: string | null
  apiKeyId: string | null
  checkInCode: string
  confirmedAt: Date | null
  checkedInAt: Date | null
  checkedInByStaffId: string | null
  noShowAt: Date | null
  cancelledAt: Date | null
  cancelledBy: CancelledBy | null
  cancelReason: string | null
  cancellationFeeYen: Generated<number>
  expiredAt: Date | null
  rescheduledFromId: string | null
  lotteryEntryId: string | null
  waitlistEntryId: string | null
  idempotencyKey: string | null
  requestHash: string | null
  createdAt: CreatedAt
  updatedAt: Timestamp
}

export interface ReservationLotteryEntriesTable {
  tenantId: string
  id: Generated<string>
  lotteryId: string
  slotId: string
  residentId: string | null
  groupId: string | null
  partySize: Generated<number>
  purposeCode: string | null
  status: Generated<LotteryEntryStatus>
  drawRank: number | null
  reservationId: string | null
  idempotencyKey: string | null
  createdAt: CreatedAt
  updatedAt: Timestamp
}

export interface ReservationWaitlistEntriesTable {
  tenantId: string
  id: Generated<string>
  slotId: string
  resourceId: string
  residentId: string | null
  partySize: Generated<number>
  status: Generated<WaitlistEntryStatus>
  heldSeats: Generated<number>
  claimTokenHash: string | null
  offeredAt: Date | null
  offerExpiresAt: Date | null
  claimedReservationId: string | null
  createdAt: CreatedAt
  updatedAt: Timestamp
}

export interface ReservationQueueCountersTable {
  tenantId: string
  resourceId: string
  opensAt: Date
  issued: Generated<number>
  updatedAt: Timestamp
}

export interface ReservationTables {
  reservationFacilities: ReservationFacilitiesTable
  reservationPurposes: ReservationPurposesTable
  reservationFeeExemptions: ReservationFeeExemptionsTable
  reservationResources: ReservationResourcesTable
  reservationFeeRules: ReservationFeeRulesTable
  reservationClosures: ReservationClosuresTable
  reservationSlotTemplates: ReservationSlotTemplatesTable
  reservationSlotExceptions: ReservationSlotExceptionsTable
  reservationGroups: ReservationGroupsTable
  reservationGroupMembers: ReservationGroupMembersTable
  reservationLotteries: ReservationLotteriesTable
  reservationSlots: ReservationSlotsTable
  reservations: ReservationsTable
  reservationLotteryEntries: ReservationLotteryEntriesTable
  reservationWaitlistEntries: ReservationWaitlistEntriesTable
  reservationQueueCounters: ReservationQueueCountersTable
}

export type ReservationsDatabase = Database & ReservationTables
export type ReservationsExecutor = Kysely<ReservationsDatabase> | Transaction<ReservationsDatabase>

/** The same connection or transaction, typed to see this module's tables too. */
export function reservationsDb<T extends Kysely<Database> | Transaction<Database>>(executor: T): T extends Transaction<Database> ? Transaction<ReservationsDatabase> : Kysely<ReservationsDatabase> {
  return executor as never
}

export type Facility = Selectable<ReservationFacilitiesTable>
export type Purpose = Selectable<ReservationPurposesTable>
export type FeeExemption = Selectable<ReservationFeeExemptionsTable>
export type Resource = Selectable<ReservationResourcesTable>
export type FeeRule = Selectable<ReservationFeeRulesTable>
export type Closure = Selectable<ReservationClosuresTable>
export type SlotTemplate = Selectable<ReservationSlotTemplatesTable>
export type SlotException = Selectable<ReservationSlotExceptionsTable>
export type ReservationGroup = Selectable<ReservationGroupsTable>
export type Lottery = Selectable<ReservationLotteriesTable>
export type Slot = Selectable<ReservationSlotsTable>
export type Reservation = Selectable<ReservationsTable>
export type LotteryEntry = Selectable<ReservationLotteryEntriesTable>
export type WaitlistEntry = Selectable<ReservationWaitlistEntriesTable>
