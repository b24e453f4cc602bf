import { beforeAll, describe, expect, it } from 'vitest'
import { registerCatalog, translator } from '../../../platform/i18n/i18n.js'
import { reservationsCatalog } from '../reservations-catalog.js'
import { searchCatalog } from './search-catalog.js'
import { closedReasonText, equipmentLabel, formatDay, formatDayWithYear, formatTimeRange, formatYen, localized } from './search-format.js'

describe('how the search pages write things', () => {
  beforeAll(() => {
    registerCatalog(reservationsCatalog)
    registerCatalog(searchCatalog)
  })

  it('writes dates with the weekday in each language', () => {
    expect(formatDay('2026-04-29', translator('ja'), 'ja')).toBe('4月29日(水)')
    expect(formatDayWithYear('2026-04-29', translator('ja'), 'ja')).toBe('2026年4月29日(水)')
    expect(formatDay('2026-04-29', translator('en'), 'en')).toBe('Wed 29 Apr')
  })

  it('writes times without a leading zero and fees in yen, 0 as free', () => {
    expect(formatTimeRange('09:00:00', '12:00:00')).toBe('9:00–12:00')
    expect(formatYen(1200, translator('ja'))).toBe('1,200円')
    expect(formatYen(0, translator('ja'))).toBe('無料')
    expect(formatYen(1200, translator('en'))).toBe('¥1,200')
  })

  it('names known equipment and shows an unknown code as it is', () => {
    expect(equipmentLabel('projector', translator('ja'))).toBe('プロジェクター')
    expect(equipmentLabel('trampoline', translator('ja'))).toBe('trampoline')
  })

  it('says why a day is closed', () => {
    const t = translator('ja')
    expect(closedReasonText({ kind: 'holiday', name: '昭和の日' }, t, 'ja')).toBe('休館(祝日: 昭和の日)')
    expect(closedReasonText({ kind: 'year-end' }, t, 'ja')).toBe('休館(年末年始)')
    expect(closedReasonText({ kind: 'weekday', weekday: 1 }, t, 'ja')).toBe('休館(定休日)')
    expect(closedReasonText({ kind: 'closure', scope: 'facility', reasons: { ja: '設備点検', en: 'Inspection' } }, translator('en'), 'en')).toBe('Closed (Inspection)')
    expect(closedReasonText({ kind: 'closure', scope: 'tenant', reasons: {} }, t, 'ja')).toBe('臨時休館')
  })

  it('falls back to Japanese names when a language is missing', () => {
    expect(localized({ ja: '会議室A', en: 'Meeting room A' }, 'en')).toBe('Meeting room A')
    expect(localized({ ja: '和室' }, 'ja-easy')).toBe('和室')
  })
})
