import { describe, expect, it } from 'vitest'
import { tokyoInstant } from '../reservation-time.js'
import {
  cancellationFee,
  checkWindow,
  computeFee,
  dayKindOf,
  holdDeadline,
  isAddressInTenant,
  isBeforeCancelDeadline,
  maxPartySize,
  paymentDeadline,
  refundDueYen,
  reminderAt,
  seatsFor,
  windowDays,
  type FeeRuleInput,
} from './booking-rules.js'
import { isClosedOn } from '../setup/index.js'

const at = (date: string, time: string) => tokyoInstant(date, time)
const HOUR = 3_600_000

describe('resident rate', () => {
  it('counts a registered address in the municipality as resident', () => {
    expect(isAddressInTenant({ addressPrefecture: '東京都', addressCity: 'デモ市' }, 'デモ市')).toBe(true)
    expect(isAddressInTenant({ addressPrefecture: '東京都', addressCity: 'デモ市中央' }, 'デモ市')).toBe(true)
  })

  it('counts the address read from the My Number Card when nothing was registered', () => {
    expect(isAddressInTenant({ addressPrefecture: null, addressCity: null, verifiedAddress: '東京都デモ市中央一丁目２番３号' }, 'デモ市')).toBe(true)
  })

  it('treats other towns, missing addresses and unknown residents as non-residents', () => {
    expect(isAddressInTenant({ addressPrefecture: '神奈川県', addressCity: '横浜市' }, 'デモ市')).toBe(false)
    expect(isAddressInTenant({ addressPrefecture: null, addressCity: null }, 'デモ市')).toBe(false)
    expect(isAddressInTenant(undefined, 'デモ市')).toBe(false)
  })
})

describe('booking windows', () => {
  const base = { residentWindowDays: 90, nonResidentWindowDays: 30, minLeadHours: 2 }
  const now = at('2026-12-01', '10:00')

  it('lets residents book 90 days ahead and non-residents only 30', () => {
    const slot = at('2027-01-15', '09:00') // 45 days out
    expect(checkWindow({ ...base, now, slotStartsAt: slot, isResidentRate: true })).toEqual({ isOpen: true })
    expect(checkWindow({ ...base, now, slotStartsAt: slot, isResidentRate: false })).toEqual({ isOpen: false, reason: 'too-early', days: 30 })
  })

  it('counts whole Tokyo days: the last day of the window is open at any time', () => {
    expect(checkWindow({ ...base, now, slotStartsAt: at('2026-12-31', '20:00'), isResidentRate: false }).isOpen).toBe(true)
    expect(checkWindow({ ...base, now, slotStartsAt: at('2027-01-01', '09:00'), isResidentRate: false }).isOpen).toBe(false)
  })

  it("adds a group's priority days to its window", () => {
    const slot = at('2027-03-15', '09:00') // 104 days out
    expect(checkWindow({ ...base, now, slotStartsAt: slot, isResidentRate: true }).isOpen).toBe(false)
    expect(checkWindow({ ...base, now, slotStartsAt: slot, isResidentRate: true, groupPriorityDays: 30 }).isOpen).toBe(true)
    expect(windowDays({ isResidentRate: true, residentWindowDays: 90, nonResidentWindowDays: 30, groupPriorityDays: 30 })).toBe(120)
  })

  it('refuses non-residents entirely when their window is 0', () => {
    expect(checkWindow({ ...base, nonResidentWindowDays: 0, now, slotStartsAt: at('2026-12-02', '09:00'), isResidentRate: false })).toEqual({ isOpen: false, reason: 'residents-only' })
  })

  it('closes bookings min_lead_hours before the start, and past slots always', () => {
    expect(checkWindow({ ...base, now, slotStartsAt: new Date(now.getTime() + HOUR), isResidentRate: true })).toEqual({ isOpen: false, reason: 'too-late', hours: 2 })
    expect(checkWindow({ ...base, now, slotStartsAt: new Date(now.getTime() - 1), isResidentRate: true })).toEqual({ isOpen: false, reason: 'past' })
    expect(checkWindow({ ...base, now, slotStartsAt: new Date(now.getTime() + 2 * HOUR), isResidentRate: true }).isOpen).toBe(true)
  })
})

describe('fees', () => {
  const bands: FeeRuleInput[] = [
    { dayKind: 'all', bandStart: '09:00:00', bandEnd: '12:00:00', residentFeeYen: 1200, nonResidentFeeYen: 2400 },
    { dayKind: 'all', bandStart: '13:00:00', bandEnd: '17:00:00', residentFeeYen: 1600, nonResidentFeeYen: 3200 },
    { dayKind: 'all', bandStart: '18:00:00', bandEnd: '21:00:00', residentFeeYen: 1800, nonResidentFeeYen: 3600 },
  ]

  it('charges a whole band for a slot that covers it, at the resident or non-resident rate', () => {
    const slot = { startsAt: at('2026-12-01', '09:00'), endsAt: at('2026-12-01', '12:00'), rules: bands }
    expect(computeFee({ ...slot, isResidentRate: true }).totalYen).toBe(1200)
    expect(computeFee({ ...slot, isResidentRate: false }).totalYen).toBe(2400)
  })

  it('prorates bands by the minutes the slot overlaps them and floors each band', () => {
    // 10:00–15:00: 2 of 3 hours of the morning (800), 2 of 4 hours of the afternoon (800)
    const fee = computeFee({ startsAt: at('2026-12-01', '10:00'), endsAt: at('2026-12-01', '15:00'), rules: bands, isResidentRate: true })
    expect(fee.bands).toEqual([
      { bandStart: '09:00', bandEnd: '12:00', minutes: 120, yen: 800 },
      { bandStart: '13:00', bandEnd: '17:00', minutes: 120, yen: 800 },
    ])
    expect(fee.totalYen).toBe(1600)
    // 10 minutes of a 1,000 yen hour: 166.66… → 166
    expect(computeFee({ startsAt: at('2026-12-01', '09:00'), endsAt: at('2026-12-01', '09:10'), rules: [{ dayKind: 'all', bandStart: '09:00', bandEnd: '10:00', residentFeeYen: 1000, nonResidentFeeYen: 1000 }], isResidentRate: true }).totalYen).toBe(166)
  })

  it('multiplies by the purpose percent and takes the exemption off, flooring the total', () => {
    const slot = { startsAt: at('2026-12-01', '09:00'), endsAt: at('2026-12-01', '12:00'), rules: bands, isResidentRate: true }
    expect(computeFee({ ...slot, purposeCode: 'commercial', purposePercent: 200 }).totalYen).toBe(2400)
    expect(computeFee({ ...slot, exemptionCode: 'disability-group', exemptionPercentOff: 50 }).totalYen).toBe(600)
    expect(computeFee({ ...slot, exemptionCode: 'school-event', exemptionPercentOff: 100 }).totalYen).toBe(0)
    expect(computeFee({ ...slot, rules: [{ ...bands[0]!, residentFeeYen: 1001 }], exemptionCode: 'x', exemptionPercentOff: 50 }).totalYen).toBe(500)
    const breakdown = computeFee({ ...slot, purposeCode: 'commercial', purposePercent: 200, exemptionCode: 'disability-group', exemptionPercentOff: 50 })
    expect(breakdown).toMatchObject({ baseYen: 1200, purposePercent: 200, exemptionPercentOff: 50, totalYen: 1200, isResidentRate: true })
  })

  it('uses weekend-and-holiday rules on Saturdays, Sundays and national holidays, weekday rules otherwise', () => {
    const rules: FeeRuleInput[] = [
      { dayKind: 'weekday', bandStart: '09:00', bandEnd: '12:00', residentFeeYen: 1000, nonResidentFeeYen: 2000 },
      { dayKind: 'weekend_holiday', bandStart: '09:00', bandEnd: '12:00', residentFeeYen: 1500, nonResidentFeeYen: 3000 },
    ]
    const fee = (date: string) => computeFee({ startsAt: at(date, '09:00'), endsAt: at(date, '12:00'), rules, isResidentRate: true }).totalYen
    expect(fee('2026-12-01')).toBe(1000) // Tuesday
    expect(fee('2026-12-05')).toBe(1500) // Saturday
    expect(fee('2026-11-23')).toBe(1500) // 勤労感謝の日 (Monday)
    expect(dayKindOf('2027-01-11')).toBe('weekend_holiday') // 成人の日
  })

  it('is free when no fee band covers the slot', () => {
    expect(computeFee({ startsAt: at('2026-12-01', '12:00'), endsAt: at('2026-12-01', '13:00'), rules: bands, isResidentRate: true }).totalYen).toBe(0)
  })
})

describe('deadlines', () => {
  const now = at('2026-12-01', '10:00')

  it('gives unpaid bookings payment_deadline_hours, but never later than an hour before the start', () => {
    expect(paymentDeadline(now, at('2026-12-20', '09:00'), 72)).toEqual(new Date(now.getTime() + 72 * HOUR))
    expect(paymentDeadline(now, at('2026-12-02', '09:00'), 72)).toEqual(at('2026-12-02', '08:00'))
  })

  it('holds a slot hold_minutes, never past its start', () => {
    expect(holdDeadline(now, at('2026-12-02', '09:00'), 10)).toEqual(new Date(now.getTime() + 10 * 60_000))
    expect(holdDeadline(now, new Date(now.getTime() + 5 * 60_000), 10)).toEqual(new Date(now.getTime() + 5 * 60_000))
  })

  it('reminds N days before the slot date at the reminder time, or not at all with 0 days', () => {
    expect(reminderAt(at('2026-12-10', '09:00'), 1, '18:00:00', tokyoInstant)).toEqual(at('2026-12-09', '18:00'))
    expect(reminderAt(at('2026-12-10', '09:00'), 0, '18:00:00', tokyoInstant)).toBeUndefined()
  })
})

describe('cancellation', () => {
  const slotStartsAt = at('2026-12-10', '09:00')
  const rules = { cancellationFeeHours: 72, cancellationFeePercent: 50 }

  it('charges the percentage of the fee inside the fee window only', () => {
    expect(cancellationFee({ ...rules, status: 'confirmed', feeYen: 1200, slotStartsAt, now: new Date(slotStartsAt.getTime() - 24 * HOUR) })).toBe(600)
    expect(cancellationFee({ ...rules, status: 'confirmed', feeYen: 1200, slotStartsAt, now: new Date(slotStartsAt.getTime() - 73 * HOUR) })).toBe(0)
  })

  it('never charges for a hold, an unpaid booking, a free booking or without a rule', () => {
    const now = new Date(slotStartsAt.getTime() - 24 * HOUR)
    expect(cancellationFee({ ...rules, status: 'held', feeYen: 1200, slotStartsAt, now })).toBe(0)
    expect(cancellationFee({ ...rules, status: 'awaiting_payment', feeYen: 1200, slotStartsAt, now })).toBe(0)
    expect(cancellationFee({ ...rules, status: 'confirmed', feeYen: 0, slotStartsAt, now })).toBe(0)
    expect(cancellationFee({ cancellationFeeHours: 0, cancellationFeePercent: 50, status: 'confirmed', feeYen: 1200, slotStartsAt, now })).toBe(0)
  })

  it('lets residents cancel until the deadline, and always let go of a hold', () => {
    expect(isBeforeCancelDeadline({ status: 'confirmed', slotStartsAt, now: new Date(slotStartsAt.getTime() - 25 * HOUR), cancelDeadlineHours: 24 })).toBe(true)
    expect(isBeforeCancelDeadline({ status: 'confirmed', slotStartsAt, now: new Date(slotStartsAt.getTime() - 23 * HOUR), cancelDeadlineHours: 24 })).toBe(false)
    expect(isBeforeCancelDeadline({ status: 'held', slotStartsAt, now: new Date(slotStartsAt.getTime() - HOUR), cancelDeadlineHours: 24 })).toBe(true)
  })

  it('owes back what was paid minus the cancellation fee, only for paid bookings that ended', () => {
    expect(refundDueYen({ status: 'cancelled', paidAt: new Date(), feeYen: 1200, cancellationFeeYen: 600 })).toBe(600)
    expect(refundDueYen({ status: 'cancelled', paidAt: null, feeYen: 1200, cancellationFeeYen: 0 })).toBe(0)
    expect(refundDueYen({ status: 'confirmed', paidAt: new Date(), feeYen: 1200, cancellationFeeYen: 0 })).toBe(0)
  })
})

describe('party size and seats', () => {
  it('bounds a space by its capacity and an appointment by max_party_size', () => {
    expect(maxPartySize({ kind: 'space', capacityPeople: 18, maxPartySize: 1 })).toBe(18)
    expect(maxPartySize({ kind: 'appointment', capacityPeople: 20, maxPartySize: 4 })).toBe(4)
  })

  it('takes the whole slot for a space and one seat per person for an appointment', () => {
    expect(seatsFor('space', 12, 1)).toBe(1)
    expect(seatsFor('appointment', 3, 20)).toBe(3)
  })
})

describe('closed days', () => {
  const facility = { id: 'f1', closedWeekdays: [1], isClosedOnHolidays: true, isClosedYearEnd: true }

  it('closes on regular closed weekdays, national holidays, the year end and closure rows', () => {
    expect(isClosedOn(facility, [], '2026-11-30')).toBe(true) // Monday
    expect(isClosedOn({ ...facility, closedWeekdays: [] }, [], '2026-11-23')).toBe(true) // holiday
    expect(isClosedOn({ ...facility, closedWeekdays: [], isClosedOnHolidays: false }, [], '2026-11-23')).toBe(false)
    expect(isClosedOn({ ...facility, closedWeekdays: [] }, [], '2026-12-30')).toBe(true)
    expect(isClosedOn({ ...facility, closedWeekdays: [] }, [{ facilityId: 'f1', resourceId: null, startsOn: '2026-12-02', endsOn: '2026-12-03' }], '2026-12-03')).toBe(true)
    expect(isClosedOn({ ...facility, closedWeekdays: [] }, [{ facilityId: null, resourceId: 'r2', startsOn: '2026-12-02', endsOn: '2026-12-03' }], '2026-12-03', 'r1')).toBe(false)
    expect(isClosedOn({ ...facility, closedWeekdays: [] }, [], '2026-12-01')).toBe(false)
  })
})
