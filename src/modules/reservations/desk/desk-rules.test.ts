import { describe, expect, it } from 'vitest'
import { LOCALES, type Translate } from '../../../platform/i18n/i18n.js'
import { tokyoInstant } from '../reservation-time.js'
import { deskCatalog } from './desk-catalog.js'
import { parseBookingFilter, parseCancellation, parseManualBooking, parseReportPeriod, bookingFormValues } from './desk-forms.js'
import { canMarkNoShow, checkInRefusal, isSlotToday, normalisePhone, parseCheckInCode, parseReference, timeBandOf, weekDates, weekStart } from './desk-rules.js'
import { csvCell, encodeReportCsv, reportCsvRows, toCsv } from './report-csv.js'
import { buildUtilisationReport, occupancyOf, percentOf } from './report-figures.js'

describe('typed check-in codes', () => {
  it('reads a code typed with spaces, hyphens, lower case or full-width characters', () => {
    expect(parseCheckInCode('4KQ7XW3MCA')).toBe('4KQ7XW3MCA')
    expect(parseCheckInCode(' 4kq7 xw3m ca ')).toBe('4KQ7XW3MCA')
    expect(parseCheckInCode('4KQ-7XW-3MC-A')).toBe('4KQ7XW3MCA')
    expect(parseCheckInCode('４ｋｑ７ｘｗ３ｍｃａ')).toBe('4KQ7XW3MCA')
    expect(parseCheckInCode('4KQ7　XW3MCA')).toBe('4KQ7XW3MCA')
  })

  it('reads the code out of the permit QR code address a scanner types', () => {
    expect(parseCheckInCode('http://yakuba.test/demo/staff/reservations/check-in?code=4KQ7XW3MCA')).toBe('4KQ7XW3MCA')
    expect(parseCheckInCode('https://city.example.jp/demo/staff/reservations/check-in?x=1&code=4kq7xw3mca#top')).toBe('4KQ7XW3MCA')
  })

  it('refuses text that cannot be a code: wrong length, or characters codes never use', () => {
    expect(parseCheckInCode('')).toBeUndefined()
    expect(parseCheckInCode('4KQ7XW3MC')).toBeUndefined()
    expect(parseCheckInCode('4KQ7XW3MCAA')).toBeUndefined()
    expect(parseCheckInCode('4KQ7XW3MC0')).toBeUndefined()
    expect(parseCheckInCode('4KQ7XW3MCO')).toBeUndefined()
    expect(parseCheckInCode('https://x.test/?code=%E0%A4%A')).toBeUndefined()
  })
})

describe('typed references', () => {
  it('writes a typed reference the way it is stored', () => {
    expect(parseReference('R-4KQ-7XW-3MC')).toBe('R-4KQ-7XW-3MC')
    expect(parseReference('r4kq 7xw 3mc')).toBe('R-4KQ-7XW-3MC')
    expect(parseReference('4KQ7XW3MC')).toBe('R-4KQ-7XW-3MC')
    expect(parseReference('Ｒ－４ＫＱ－７ＸＷ－３ＭＣ')).toBe('R-4KQ-7XW-3MC')
  })

  it('refuses what cannot be a reference', () => {
    expect(parseReference('R-4KQ-7XW')).toBeUndefined()
    expect(parseReference('R-4KQ-7XW-3M0')).toBeUndefined()
  })
})

describe('telephone numbers', () => {
  it('accepts landlines, mobiles and international numbers typed in any width', () => {
    expect(normalisePhone('03-1234-5678')).toBe('03-1234-5678')
    expect(normalisePhone('０９０ー１２３４ー５６７８')).toBe('090-1234-5678')
    expect(normalisePhone('+81 90 1234 5678')).toBe('+819012345678')
    expect(normalisePhone('(03)1234-5678')).toBe('(03)1234-5678')
  })

  it('refuses numbers too short, too long, or with letters', () => {
    expect(normalisePhone('1234-5678')).toBeUndefined()
    expect(normalisePhone('0312345678901234')).toBeUndefined()
    expect(normalisePhone('03-1234-567X')).toBeUndefined()
  })
})

describe('weeks', () => {
  it('starts every week on its Monday', () => {
    expect(weekStart('2026-06-01')).toBe('2026-06-01') // a Monday
    expect(weekStart('2026-06-07')).toBe('2026-06-01') // the Sunday after it
    expect(weekStart('2026-06-03')).toBe('2026-06-01')
    expect(weekDates('2026-06-01')).toEqual(['2026-06-01', '2026-06-02', '2026-06-03', '2026-06-04', '2026-06-05', '2026-06-06', '2026-06-07'])
  })
})

describe('check-in and no-show rules', () => {
  it('checks in only confirmed bookings and says why not otherwise', () => {
    expect(checkInRefusal('confirmed')).toBeUndefined()
    expect(checkInRefusal('checked_in')).toBe('already-checked-in')
    expect(checkInRefusal('cancelled')).toBe('cancelled')
    expect(checkInRefusal('expired')).toBe('expired')
    expect(checkInRefusal('awaiting_payment')).toBe('not-paid')
    expect(checkInRefusal('held')).toBe('not-confirmed')
    expect(checkInRefusal('won')).toBe('not-confirmed')
    expect(checkInRefusal('no_show')).toBe('no-show')
  })

  it('tells a slot today from one on another day on the Tokyo calendar', () => {
    const slot = tokyoInstant('2026-06-01', '09:00')
    expect(isSlotToday(slot, tokyoInstant('2026-06-01', '00:10'))).toBe(true)
    expect(isSlotToday(slot, tokyoInstant('2026-06-01', '23:50'))).toBe(true)
    expect(isSlotToday(slot, tokyoInstant('2026-05-31', '23:59'))).toBe(false)
  })

  it('records a no-show only for a confirmed booking whose slot has begun', () => {
    const start = tokyoInstant('2026-06-01', '09:00')
    expect(canMarkNoShow('confirmed', start, tokyoInstant('2026-06-01', '08:59'))).toBe(false)
    expect(canMarkNoShow('confirmed', start, start)).toBe(true)
    expect(canMarkNoShow('checked_in', start, tokyoInstant('2026-06-01', '10:00'))).toBe(false)
  })
})

describe('time bands', () => {
  it('puts a slot in 午前, 午後 or 夜間 by its Tokyo starting time', () => {
    expect(timeBandOf(9 * 60)).toBe('morning')
    expect(timeBandOf(11 * 60 + 59)).toBe('morning')
    expect(timeBandOf(12 * 60)).toBe('afternoon')
    expect(timeBandOf(17 * 60 + 59)).toBe('afternoon')
    expect(timeBandOf(18 * 60)).toBe('evening')
  })
})

describe('desk forms', () => {
  const now = tokyoInstant('2026-06-01', '10:00')
  const values = (over: Partial<Record<string, string>>) => bookingFormValues({ channel: 'phone', partySize: '2', applicantName: '山田 花子', applicantPhone: '090-1234-5678', idempotencyKey: '9b2f6a34-5c0e-4a0b-9d1e-2f3a4b5c6d7e', ...over })

  it('lists from today unless a start date is given or cleared', () => {
    expect(parseBookingFilter({}, now).filter.startsFrom).toEqual(tokyoInstant('2026-06-01', '00:00'))
    expect(parseBookingFilter({ from: '' }, now).filter.startsFrom).toBeUndefined()
    const parsed = parseBookingFilter({ from: '2026-05-01', to: '2026-05-31', reference: 'r4kq7xw3mc', status: 'confirmed' }, now)
    expect(parsed.problems).toEqual({})
    expect(parsed.filter).toMatchObject({ startsFrom: tokyoInstant('2026-05-01', '00:00'), startsBefore: tokyoInstant('2026-06-01', '00:00'), reference: 'R-4KQ-7XW-3MC', status: 'confirmed' })
  })

  it('names the filter fields that are wrong', () => {
    expect(Object.keys(parseBookingFilter({ facility: 'x', status: 'gone', from: '2026-02-30', reference: 'R-1' }, now).problems).sort()).toEqual(['facility', 'from', 'reference', 'status'])
  })

  it('accepts a phone booking without an account with a name and a number', () => {
    const parsed = parseManualBooking(values({ isResidentRateConfirmed: '1' }))
    expect(parsed).toMatchObject({ ok: true, input: { channel: 'phone', partySize: 2, applicantName: '山田 花子', applicantPhone: '090-1234-5678', isResidentRateConfirmed: true, isStaffOverride: false } })
  })

  it('requires name, telephone and channel without an account, but not with one', () => {
    const parsed = parseManualBooking(values({ applicantName: '', applicantPhone: '', channel: '' }))
    expect(parsed.ok ? {} : parsed.problems).toEqual({ applicantName: 'reservations.desk.invalid.nameRequired', applicantPhone: 'reservations.desk.invalid.phoneRequired', channel: 'reservations.desk.invalid.channel' })
    const withAccount = parseManualBooking(values({ applicantName: '', applicantPhone: '', residentId: '1b2f6a34-5c0e-4a0b-9d1e-2f3a4b5c6d7e', isResidentRateConfirmed: '1' }))
    expect(withAccount).toMatchObject({ ok: true, input: { residentId: '1b2f6a34-5c0e-4a0b-9d1e-2f3a4b5c6d7e', isResidentRateConfirmed: false } })
  })

  it('refuses a party size that is not a whole number from 1, and a form without its key', () => {
    for (const partySize of ['0', '-1', '1.5', 'two', '']) expect(parseManualBooking(values({ partySize })).ok).toBe(false)
    expect(parseManualBooking(values({ partySize: '３' }))).toMatchObject({ ok: true, input: { partySize: 3 } })
    expect(parseManualBooking(values({ idempotencyKey: '' }))).toMatchObject({ ok: false, problems: { bookingForm: 'reservations.desk.invalid.formExpired' } })
  })

  it('requires a cancellation reason', () => {
    expect(parseCancellation({ reason: '  ' })).toMatchObject({ ok: false })
    expect(parseCancellation({ reason: '本人から電話', isFeeWaived: '1' })).toEqual({ ok: true, reason: '本人から電話', isFeeWaived: true })
  })

  it('defaults the report to four weeks up to today and refuses reversed or overlong periods', () => {
    expect(parseReportPeriod({}, now).period).toEqual({ from: '2026-05-05', to: '2026-06-01' })
    expect(parseReportPeriod({ from: '2026-06-02', to: '2026-06-01' }, now).problems).toEqual({ to: 'reservations.desk.invalid.toBeforeFrom' })
    expect(parseReportPeriod({ from: '2025-01-01', to: '2026-01-02' }, now).problems).toEqual({ to: 'reservations.desk.invalid.periodTooLong' })
    expect(parseReportPeriod({ from: '2025-01-01', to: '2026-01-01' }, now).period).toEqual({ from: '2025-01-01', to: '2026-01-01' })
  })
})

describe('the utilisation figures', () => {
  const facilities = [
    { id: 'f1', names: { ja: '市民センター' } },
    { id: 'f2', names: { ja: '体育館' } },
    { id: 'f3', names: { ja: '休止中の施設' } },
  ]

  it('adds up seats, bookings, cancellations and no-shows per facility and band, and leaves out idle facilities', () => {
    const report = buildUtilisationReport({
      from: '2026-05-01',
      to: '2026-05-31',
      facilities,
      slots: [
        { facilityId: 'f1', band: 'morning', slotCount: 4, capacitySeats: 4 },
        { facilityId: 'f1', band: 'evening', slotCount: 2, capacitySeats: 2 },
        { facilityId: 'f2', band: 'afternoon', slotCount: 1, capacitySeats: 20 },
      ],
      bookings: [
        { facilityId: 'f1', band: 'morning', bookings: 3, bookedSeats: 3, checkedInSeats: 2, cancellations: 1, noShows: 1 },
        { facilityId: 'f2', band: 'afternoon', bookings: 5, bookedSeats: 7, checkedInSeats: 7, cancellations: 0, noShows: 0 },
      ],
    })
    expect(report.facilities.map(f => f.facilityId)).toEqual(['f1', 'f2'])
    const centre = report.facilities[0]
    expect(centre?.bands.morning).toEqual({ slotCount: 4, capacitySeats: 4, bookings: 3, bookedSeats: 3, checkedInSeats: 2, cancellations: 1, noShows: 1 })
    expect(centre?.total).toMatchObject({ slotCount: 6, capacitySeats: 6, bookedSeats: 3 })
    expect(report.total).toMatchObject({ slotCount: 7, capacitySeats: 26, bookedSeats: 10, checkedInSeats: 9, cancellations: 1, noShows: 1 })
    expect(percentOf(occupancyOf(centre?.bands.morning ?? { bookedSeats: 0, capacitySeats: 0 }))).toBe('75.0')
    expect(occupancyOf({ bookedSeats: 0, capacitySeats: 0 })).toBeUndefined()
  })

  it('writes the CSV with a header, a line per band and total, formula-safe cells, in UTF-8 with BOM or Shift_JIS', () => {
    const t: Translate = (key, params) => (deskCatalog.ja[key] ?? key).replace(/\{(\w+)\}/g, (_, name: string) => String(params?.[name] ?? ''))
    const report = buildUtilisationReport({ from: '2026-05-01', to: '2026-05-31', facilities, slots: [{ facilityId: 'f1', band: 'morning', slotCount: 2, capacitySeats: 2 }], bookings: [{ facilityId: 'f1', band: 'morning', bookings: 1, bookedSeats: 1, checkedInSeats: 1, cancellations: 0, noShows: 0 }] })
    const rows = reportCsvRows(report, t, 'ja')
    expect(rows).toHaveLength(1 + 4 + 1)
    expect(rows[1]).toEqual(['2026-05-01', '2026-05-31', '市民センター', '午前', 2, 2, 1, 1, '50.0', 1, '50.0', 0, 0])
    expect(csvCell('=cmd()')).toBe("'=cmd()")
    expect(csvCell('a,"b"')).toBe('"a,""b"""')
    const text = toCsv(rows)
    expect(text.endsWith('\r\n')).toBe(true)
    const utf8 = encodeReportCsv(text, 'utf8')
    expect([...utf8.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const sjis = encodeReportCsv(text, 'sjis')
    expect(sjis.replaced).toBe(0)
    expect(new TextDecoder('shift_jis').decode(sjis.bytes)).toBe(text)
  })
})

describe('desk catalog', () => {
  it('has every message in 日本語, やさしい日本語 and English, with the same placeholders', () => {
    const keys = Object.keys(deskCatalog.ja).sort()
    const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map(m => m[1]).sort()
    for (const locale of LOCALES) {
      expect({ locale, keys: Object.keys(deskCatalog[locale]).sort() }).toEqual({ locale, keys })
      for (const key of keys) expect({ locale, key, names: names(deskCatalog[locale][key] ?? '') }).toEqual({ locale, key, names: names(deskCatalog.ja[key] ?? '') })
    }
    for (const key of keys) expect(key.startsWith('reservations.desk.')).toBe(true)
  })
})
