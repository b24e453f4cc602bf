import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, TEST_DB, type TestApp } from '../../../../test/app.js'
import { createTestTenant } from '../../../../test/factories.js'
import { addCalendarDays } from '../../../jp/calendar-date.js'
import { withTenant } from '../../../platform/db/tenant-context.js'
import { reservationsDb } from '../reservation-tables.js'
import { tokyoDate, tokyoTime } from '../reservation-time.js'
import { DEMO_SLOT_DAYS, generateSlots, isClosedOn, seedSetupDemo } from './index.js'

describe(`setup demo (${TEST_DB})`, () => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp()
  })
  afterAll(async () => {
    await t?.close()
  })

  it('seeds the documented codes, 60 days of slots that respect closures, a rush opening tomorrow, and groups', async () => {
    const tenant = await createTestTenant(t.platform)
    const now = new Date()
    const today = tokyoDate(now)
    const demo = await withTenant(t.platform.database.db, tenant.id, trx => seedSetupDemo(trx, tenant.id, now))
    expect(Object.keys(demo.facilities).sort()).toEqual(['city-hall', 'civic-centre', 'gym', 'health-centre'])
    expect(Object.keys(demo.resources).sort()).toEqual(['arena', 'counter-visit', 'flu-vaccine', 'meeting-a', 'meeting-b', 'tennis', 'washitsu'])

    await withTenant(t.platform.database.db, tenant.id, async trx => {
      const db = reservationsDb(trx)
      const resources = await db.selectFrom('reservationResources').selectAll().where('tenantId', '=', tenant.id).execute()
      const byCode = new Map(resources.map(r => [r.code, r]))
      expect(byCode.get('meeting-a')).toMatchObject({ capacityPeople: 18, equipment: expect.arrayContaining(['projector', 'whiteboard']) })
      expect(byCode.get('arena')?.bookingMode).toBe('lottery')
      const flu = byCode.get('flu-vaccine')
      expect(flu).toMatchObject({ waitlistMode: 'broadcast', queueMinutes: 30 })
      expect(flu?.opensAt && flu.opensAt.getTime() > now.getTime()).toBe(true)
      expect(flu?.opensAt && tokyoTime(flu.opensAt)).toBe('09:00')

      const slots = await db.selectFrom('reservationSlots').selectAll().where('tenantId', '=', tenant.id).where('status', '=', 'open').execute()
      const fluSlots = slots.filter(slot => slot.resourceId === flu?.id)
      expect(fluSlots.length).toBeGreaterThan(100)
      expect(new Set(fluSlots.map(slot => slot.capacity))).toEqual(new Set([20]))
      expect(fluSlots.every(slot => slot.endsAt.getTime() - slot.startsAt.getTime() === 30 * 60_000)).toBe(true)
      const counterSlots = slots.filter(slot => slot.resourceId === demo.resources['counter-visit'])
      expect(counterSlots.every(slot => slot.endsAt.getTime() - slot.startsAt.getTime() === 15 * 60_000)).toBe(true)
      const dates = slots.map(slot => tokyoDate(slot.startsAt)).sort()
      expect(dates[0]).toBe(today)
      expect(dates.at(-1)).toBe(addCalendarDays(today, DEMO_SLOT_DAYS))

      const facilities = await db.selectFrom('reservationFacilities').selectAll().where('tenantId', '=', tenant.id).execute()
      const closures = await db.selectFrom('reservationClosures').selectAll().where('tenantId', '=', tenant.id).execute()
      expect(closures.some(closure => closure.facilityId === demo.facilities['civic-centre'])).toBe(true)
      for (const slot of slots) {
        const resource = resources.find(r => r.id === slot.resourceId)
        const facility = facilities.find(f => f.id === resource?.facilityId)
        if (!resource || !facility) throw new Error('slot without resource')
        expect(isClosedOn(facility, closures, tokyoDate(slot.startsAt), resource.id), `${resource.code} ${slot.startsAt.toISOString()}`).toBe(false)
      }

      const feeRules = await db.selectFrom('reservationFeeRules').selectAll().where('resourceId', '=', demo.resources['meeting-a'] ?? '').orderBy('bandStart').execute()
      expect(feeRules.map(rule => [rule.bandStart, rule.bandEnd])).toEqual([
        ['09:00:00', '12:00:00'],
        ['13:00:00', '17:00:00'],
        ['18:00:00', '21:00:00'],
      ])
      expect(feeRules.every(rule => rule.nonResidentFeeYen > rule.residentFeeYen)).toBe(true)
      expect((await db.selectFrom('reservationPurposes').select(['code', 'feePercent']).where('tenantId', '=', tenant.id).orderBy('sortOrder').execute())).toEqual([
        { code: 'general', feePercent: 100 },
        { code: 'commercial', feePercent: 200 },
      ])
      const groups = await db.selectFrom('reservationGroups').select('status').where('tenantId', '=', tenant.id).execute()
      expect(groups.map(g => g.status).sort()).toEqual(['approved', 'approved', 'pending'])

      // generating again over the demo range changes nothing
      expect(await generateSlots(trx, tenant.id, demo.resources['meeting-a'] ?? '', today, addCalendarDays(today, DEMO_SLOT_DAYS))).toEqual({ created: 0, updated: 0, closed: 0, conflicts: [] })
    })
  })
})
