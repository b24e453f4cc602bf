import { describe, expect, it } from 'vitest'
import { countsAfterCheckIn, countsAfterCheckOut, distanceMetres, lalertOpeningOf, occupancyOf, parsePoint, shownStatus, totalsOf } from './shelter-rules.js'
import { groupedPass, shelterPassKey, signShelterPass, verifyShelterPass } from './shelter-pass.js'

const zero = { registeredEvacuees: 0, registeredHouseholds: 0, manualEvacuees: 0, manualHouseholds: 0 }

describe('shelter status and counts', () => {
  it('shows an open shelter at capacity as full, and leaves closed and unlimited ones alone', () => {
    expect(shownStatus('open', 299, 300)).toBe('open')
    expect(shownStatus('open', 300, 300)).toBe('full')
    expect(shownStatus('open', 5000, null)).toBe('open')
    expect(shownStatus('closed', 500, 300)).toBe('closed')
    expect(shownStatus('full', 3, 300)).toBe('full')
  })

  it('grades occupancy below 50, 80 and 100 percent', () => {
    expect(occupancyOf(10, 100)).toEqual({ level: 'low', percent: 10 })
    expect(occupancyOf(50, 100).level).toBe('medium')
    expect(occupancyOf(80, 100).level).toBe('high')
    expect(occupancyOf(100, 100).level).toBe('full')
    expect(occupancyOf(3, null)).toEqual({ level: 'unknown', percent: null })
  })

  it('adds the staff head count to those checked in', () => {
    expect(totalsOf({ registeredEvacuees: 5, registeredHouseholds: 2, manualEvacuees: 10, manualHouseholds: 4 })).toEqual({ evacuees: 15, households: 6 })
  })

  it('moves the counts by the household on check-in and never below zero on check-out', () => {
    const after = countsAfterCheckIn(zero, 3)
    expect(after).toMatchObject({ registeredEvacuees: 3, registeredHouseholds: 1 })
    expect(countsAfterCheckOut(after, 3)).toMatchObject({ registeredEvacuees: 0, registeredHouseholds: 0 })
    expect(countsAfterCheckOut(zero, 3)).toMatchObject({ registeredEvacuees: 0, registeredHouseholds: 0 })
    expect(() => countsAfterCheckIn(zero, 0)).toThrow()
  })

  it('maps the status to Lアラート 開設 / 未開設 / 閉鎖', () => {
    expect(lalertOpeningOf('open', new Date())).toBe('開設')
    expect(lalertOpeningOf('full', new Date())).toBe('開設')
    expect(lalertOpeningOf('closed', null)).toBe('未開設')
    expect(lalertOpeningOf('closed', new Date())).toBe('閉鎖')
  })

  it('measures distances on the sphere and accepts only points in Japan', () => {
    // 東京駅 → 皇居 (about 1.1 km)
    const d = distanceMetres({ latitude: 35.6812, longitude: 139.7671 }, { latitude: 35.6852, longitude: 139.7528 })
    expect(d).toBeGreaterThan(1300)
    expect(d).toBeLessThan(1400)
    expect(parsePoint('35.68', '139.76')).toEqual({ latitude: 35.68, longitude: 139.76 })
    expect(parsePoint('139.76', '35.68')).toBeUndefined()
    expect(parsePoint('x', '1')).toBeUndefined()
    expect(parsePoint(undefined, '139')).toBeUndefined()
  })
})

describe('the shelter pass', () => {
  const key = shelterPassKey('a-session-secret-of-at-least-32-characters!')
  const tenant = '11111111-1111-4111-8111-111111111111'
  const resident = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d'

  it('identifies the resident it was signed for, typed with spaces or lower case', () => {
    const pass = signShelterPass(key, tenant, resident)
    expect(pass).toMatch(/^SP1-[0-9A-F]{32}-[A-Z0-9]{16}$/)
    expect(verifyShelterPass(key, tenant, pass)).toBe(resident)
    expect(verifyShelterPass(key, tenant, groupedPass(pass).toLowerCase())).toBe(resident)
  })

  it('refuses a pass of another tenant, another key, or with one character changed', () => {
    const pass = signShelterPass(key, tenant, resident)
    expect(verifyShelterPass(key, '22222222-2222-4222-8222-222222222222', pass)).toBeUndefined()
    expect(verifyShelterPass(shelterPassKey('another-secret-of-at-least-32-characters!!'), tenant, pass)).toBeUndefined()
    const tampered = pass.replace(/.$/, c => (c === 'A' ? 'B' : 'A'))
    expect(verifyShelterPass(key, tenant, tampered)).toBeUndefined()
    const otherResident = pass.replace('0A1B', '0A1C')
    expect(verifyShelterPass(key, tenant, otherResident)).toBeUndefined()
    expect(verifyShelterPass(key, tenant, '')).toBeUndefined()
    expect(verifyShelterPass(key, tenant, 'x'.repeat(500))).toBeUndefined()
  })

  it('holds no personal data: only the prefix, the resident id and the MAC', () => {
    const pass = signShelterPass(key, tenant, resident)
    expect(pass.replace(/-/g, '')).toHaveLength(3 + 32 + 16)
  })
})
