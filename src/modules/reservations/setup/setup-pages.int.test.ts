import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, TEST_DB, type TestApp } from '../../../../test/app.js'
import { createTestTenant } from '../../../../test/factories.js'
import { createTestFacility, createTestResource } from '../../../../test/reservation-factories.js'
import { withTenant } from '../../../platform/db/tenant-context.js'
import type { TenantContext } from '../../../platform/tenancy/tenant-service.js'
import { addCalendarDays, toDayOfWeek } from '../../../jp/calendar-date.js'
import { reservationsDb } from '../reservation-tables.js'
import { tokyoDate, tokyoInstant } from '../reservation-time.js'
import { takeSeats } from '../seats/slot-seats.js'
import { asSetupStaff, errorSummaryOf, resourceForm } from './testdata/setup-fixtures.js'

describe(`setup pages (${TEST_DB})`, () => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp()
  })
  afterAll(async () => {
    await t?.close()
  })

  const db = (tenant: TenantContext) => ({
    facilities: () => withTenant(t.platform.database.db, tenant.id, trx => reservationsDb(trx).selectFrom('reservationFacilities').selectAll().where('tenantId', '=', tenant.id).execute()),
    resources: () => withTenant(t.platform.database.db, tenant.id, trx => reservationsDb(trx).selectFrom('reservationResources').selectAll().where('tenantId', '=', tenant.id).execute()),
    feeRules: () => withTenant(t.platform.database.db, tenant.id, trx => reservationsDb(trx).selectFrom('reservationFeeRules').selectAll().where('tenantId', '=', tenant.id).orderBy('bandStart').execute()),
    purposes: () => withTenant(t.platform.database.db, tenant.id, trx => reservationsDb(trx).selectFrom('reservationPurposes').selectAll().where('tenantId', '=', tenant.id).execute()),
    closures: () => withTenant(t.platform.database.db, tenant.id, trx => reservationsDb(trx).selectFrom('reservationClosures').selectAll().where('tenantId', '=', tenant.id).execute()),
    slots: (resourceId: string) => withTenant(t.platform.database.db, tenant.id, trx => reservationsDb(trx).selectFrom('reservationSlots').selectAll().where('tenantId', '=', tenant.id).where('resourceId', '=', resourceId).orderBy('startsAt').execute()),
  })

  const facilityForm = { code: 'kominkan', 'name-ja': '中央公民館', 'name-en': 'Central Hall', address: 'テスト市本町1-1', openingTime: '9:00', closingTime: '21:00', closedWeekdays: ['1'], isClosedOnHolidays: 'yes', isClosedYearEnd: 'yes', status: 'active' }

  it('lets a clerk add a facility and a resource with all its rules, and the index links every setup page', async () => {
    const tenant = await createTestTenant(t.platform)
    const clerk = await asSetupStaff(t, tenant)
    const created = await clerk.post('/facilities/new', facilityForm)
    expect(created.statusCode, errorSummaryOf(created.body)).toBe(303)
    const [facility] = await db(tenant).facilities()
    expect(facility).toMatchObject({ code: 'kominkan', names: { ja: '中央公民館', en: 'Central Hall' }, openingTime: '09:00:00', closedWeekdays: [1], isClosedOnHolidays: true, isClosedYearEnd: true })
    expect(created.headers.location).toBe(`${clerk.base}/facilities/${facility?.id}?done=facility-created`)

    const resource = await clerk.post('/resources/new', resourceForm(facility?.id ?? '', { opensOn: '2030-05-01', opensTime: '09:00', queueMinutes: '30', waitlistMode: 'broadcast' }))
    expect(resource.statusCode, errorSummaryOf(resource.body)).toBe(303)
    const [stored] = await db(tenant).resources()
    expect(stored).toMatchObject({
      code: 'room-1',
      facilityId: facility?.id,
      kind: 'space',
      capacityPeople: 12,
      equipment: ['projector', 'whiteboard'],
      minLeadHours: 2,
      cancellationFeeHours: 72,
      cancellationFeePercent: 50,
      allowsCounterPayment: true,
      reminderTime: '18:00:00',
      waitlistMode: 'broadcast',
      queueMinutes: 30,
    })
    expect(stored?.opensAt).toEqual(tokyoInstant('2030-05-01', '09:00'))

    const index = await clerk.get('')
    expect(index.statusCode).toBe(200)
    for (const path of ['/facilities', '/purposes', '/exemptions', '/closures', '/templates', '/groups', '/facilities/new', '/resources/new', `/resources/${stored?.id}`, `/resources/${stored?.id}/fees`, `/resources/${stored?.id}/templates`]) {
      expect(index.body).toContain(`href="${clerk.base}${path}"`)
    }
    for (const path of ['/facilities', `/facilities/${facility?.id}`, `/resources/${stored?.id}`, `/resources/${stored?.id}/fees`, `/resources/${stored?.id}/templates`, '/purposes', '/exemptions', '/closures', '/templates', '/groups']) {
      expect((await clerk.get(path)).statusCode, path).toBe(200)
    }
  })

  it('refuses bad facility and resource input with 422, messages on the fields, and nothing stored', async () => {
    const tenant = await createTestTenant(t.platform)
    const clerk = await asSetupStaff(t, tenant)
    const bad = await clerk.post('/facilities/new', { ...facilityForm, code: 'Bad Code', 'name-ja': '', openingTime: '21:00', closingTime: '09:00', latitude: '123' })
    expect(bad.statusCode).toBe(422)
    const summary = errorSummaryOf(bad.body)
    expect(summary).toContain('コードは半角英小文字')
    expect(summary).toContain('閉館時刻は開館時刻より後')
    expect(bad.body).toContain('href="#name-ja"')
    expect(bad.body).toContain('aria-invalid="true"')
    expect(await db(tenant).facilities()).toEqual([])

    const facility = await createTestFacility(t.platform, tenant)
    const badResource = await clerk.post('/resources/new', resourceForm(facility.id, { nonResidentWindowDays: '120', equipment: ['teleporter'], capacityPeople: '0', reminderTime: '25:00' }))
    expect(badResource.statusCode).toBe(422)
    expect(errorSummaryOf(badResource.body)).toContain('市外の方の受付日数')
    expect(badResource.body).toContain('href="#equipment"')
    expect(badResource.body).toContain('href="#reminderTime"')
    const otherTenant = await createTestTenant(t.platform)
    const foreign = await createTestFacility(t.platform, otherTenant)
    expect((await clerk.post('/resources/new', resourceForm(foreign.id))).statusCode).toBe(422)
    expect(await db(tenant).resources()).toEqual([])

    await clerk.post('/resources/new', resourceForm(facility.id))
    const again = await clerk.post('/resources/new', resourceForm(facility.id))
    expect(again.statusCode).toBe(422)
    expect(errorSummaryOf(again.body)).toContain('このコードはすでに使われています')
    expect(await db(tenant).resources()).toHaveLength(1)
  })

  it('edits a resource’s rules and keeps its code', async () => {
    const tenant = await createTestTenant(t.platform)
    const clerk = await asSetupStaff(t, tenant)
    const resource = await createTestResource(t.platform, tenant)
    const page = await clerk.get(`/resources/${resource.id}`)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('value="20"')
    const saved = await clerk.post(`/resources/${resource.id}`, resourceForm(resource.facilityId, { code: 'changed', bookingMode: 'lottery', holdMinutes: '15', status: 'suspended' }))
    expect(saved.statusCode, errorSummaryOf(saved.body)).toBe(303)
    const [after] = await db(tenant).resources()
    expect(after).toMatchObject({ code: resource.code, bookingMode: 'lottery', holdMinutes: 15, status: 'suspended' })
  })

  it('keeps a fee table of bands that do not overlap on the same days', async () => {
    const tenant = await createTestTenant(t.platform)
    const clerk = await asSetupStaff(t, tenant)
    const resource = await createTestResource(t.platform, tenant)
    const [allDay] = await db(tenant).feeRules()
    expect((await clerk.post(`/resources/${resource.id}/fees/${allDay?.id}/delete`)).statusCode).toBe(303)
    expect((await clerk.post(`/resources/${resource.id}/fees`, { dayKind: 'weekday', bandStart: '09:00', bandEnd: '12:00', residentFeeYen: '1,200', nonResidentFeeYen: '2400' })).statusCode).toBe(303)
    expect((await clerk.post(`/resources/${resource.id}/fees`, { dayKind: 'weekend_holiday', bandStart: '09:00', bandEnd: '12:00', residentFeeYen: '1500', nonResidentFeeYen: '3000' })).statusCode).toBe(303)
    const overlap = await clerk.post(`/resources/${resource.id}/fees`, { dayKind: 'all', bandStart: '11:00', bandEnd: '13:00', residentFeeYen: '100', nonResidentFeeYen: '200' })
    expect(overlap.statusCode).toBe(422)
    expect(errorSummaryOf(overlap.body)).toContain('重なっています')
    const negative = await clerk.post(`/resources/${resource.id}/fees`, { dayKind: 'all', bandStart: '13:00', bandEnd: '17:00', residentFeeYen: '-5', nonResidentFeeYen: 'abc' })
    expect(negative.statusCode).toBe(422)
    expect((await db(tenant).feeRules()).map(rule => [rule.dayKind, rule.bandStart, rule.residentFeeYen, rule.nonResidentFeeYen])).toEqual([
      ['weekday', '09:00:00', 1200, 2400],
      ['weekend_holiday', '09:00:00', 1500, 3000],
    ])
    const page = await clerk.get(`/resources/${resource.id}/fees`)
    expect(page.body).toContain('1,200円')
  })

  it('manages purposes and refuses to delete one a resource allows', async () => {
    const tenant = await createTestTenant(t.platform)
    const clerk = await asSetupStaff(t, tenant)
    expect((await clerk.post('/purposes', { code: 'commercial', 'name-ja': '営利目的', feePercent: '200' })).statusCode).toBe(303)
    expect((await clerk.post('/purposes', { code: 'general', 'name-ja': '一般', feePercent: '100' })).statusCode).toBe(303)
    const bad = await clerk.post('/purposes', { code: 'odd', 'name-ja': '変', feePercent: '5000' })
    expect(bad.statusCode).toBe(422)
    expect((await clerk.post('/purposes/commercial', { 'name-ja': '営利', feePercent: '150' })).statusCode).toBe(303)
    await createTestResource(t.platform, tenant, { purposes: ['general'] })
    const refused = await clerk.post('/purposes/general/delete')
    expect(refused.statusCode).toBe(409)
    expect(errorSummaryOf(refused.body)).toContain('削除できません')
    expect((await clerk.post('/purposes/commercial/delete')).statusCode).toBe(303)
    expect((await db(tenant).purposes()).map(p => [p.code, p.feePercent])).toEqual([['general', 100]])
    expect((await clerk.post('/exemptions', { code: 'school-event', 'name-ja': '学校行事', percentOff: '100' })).statusCode).toBe(303)
    expect((await clerk.post('/exemptions', { code: 'zero', 'name-ja': '無効', percentOff: '0' })).statusCode).toBe(422)
  })

  it('closes the empty slots of a new closure at once, lists the booked ones, and reopens them when it is removed', async () => {
    const tenant = await createTestTenant(t.platform)
    const clerk = await asSetupStaff(t, tenant)
    const resource = await createTestResource(t.platform, tenant, { kind: 'appointment', category: 'counter' })
    // a Wednesday two to three weeks ahead, and the Thursday after it
    const start = addCalendarDays(tokyoDate(new Date()), 14)
    const wednesday = addCalendarDays(start, (3 - toDayOfWeek(start) + 7) % 7)
    const thursday = addCalendarDays(wednesday, 1)
    await withTenant(t.platform.database.db, tenant.id, trx =>
      reservationsDb(trx).insertInto('reservationSlotTemplates').values({ tenantId: tenant.id, resourceId: resource.id, weekdays: [3, 4], startTime: '10:00', endTime: '10:30', capacity: 5, validFrom: tokyoDate(new Date()) }).execute(),
    )
    const generated = await clerk.post(`/resources/${resource.id}/generate`, { from: wednesday, until: thursday })
    expect(generated.statusCode, errorSummaryOf(generated.body)).toBe(303)
    expect(generated.headers.location).toContain('done=generated&created=2&updated=0&closed=0')
    const [wednesdaySlot, thursdaySlot] = await db(tenant).slots(resource.id)
    await withTenant(t.platform.database.db, tenant.id, trx => takeSeats(trx, tenant.id, thursdaySlot?.id ?? '', 2))

    const added = await clerk.post('/closures', { scope: `resource:${resource.id}`, startsOn: wednesday, endsOn: thursday, 'reason-ja': '窓口システム更新' })
    expect(added.statusCode, errorSummaryOf(added.body)).toBe(303)
    expect(added.headers.location).toContain(`closed=1&c=${thursdaySlot?.id}`)
    const page = await clerk.get(String(added.headers.location).replace(clerk.base, ''))
    expect(page.body).toContain('予約が入っているため変更できなかった枠が 1件')
    expect(page.body).toContain('窓口システム更新')
    expect((await db(tenant).slots(resource.id)).map(slot => [slot.id, slot.status])).toEqual([
      [wednesdaySlot?.id, 'closed'],
      [thursdaySlot?.id, 'open'],
    ])
    const [closure] = await db(tenant).closures()
    expect(closure).toMatchObject({ facilityId: null, resourceId: resource.id, startsOn: wednesday, endsOn: thursday })

    expect((await clerk.post(`/closures/${closure?.id}/delete`)).statusCode).toBe(303)
    expect((await db(tenant).slots(resource.id)).map(slot => slot.status)).toEqual(['open', 'open'])
  })

  it('refuses a closure with an unknown target or dates the wrong way round, storing nothing', async () => {
    const tenant = await createTestTenant(t.platform)
    const clerk = await asSetupStaff(t, tenant)
    const other = await createTestFacility(t.platform, await createTestTenant(t.platform))
    const bad = await clerk.post('/closures', { scope: `facility:${other.id}`, startsOn: '2030-02-10', endsOn: '2030-02-01', 'reason-ja': '' })
    expect(bad.statusCode).toBe(422)
    const summary = errorSummaryOf(bad.body)
    expect(summary).toContain('選択肢から選んでください')
    expect(summary).toContain('終了日は開始日と同じか後')
    expect(summary).toContain('入力してください')
    expect(await db(tenant).closures()).toEqual([])
  })

  it('adds templates split into slots, and refuses ones outside opening hours or overlapping', async () => {
    const tenant = await createTestTenant(t.platform)
    const clerk = await asSetupStaff(t, tenant)
    const resource = await createTestResource(t.platform, tenant, { kind: 'appointment', category: 'counter' })
    const added = await clerk.post(`/resources/${resource.id}/templates`, { weekdays: ['1', '2', '3', '4', '5'], startTime: '09:00', endTime: '10:00', slotMinutes: '15', capacity: '2', validFrom: '2030-01-01' })
    expect(added.statusCode, errorSummaryOf(added.body)).toBe(303)
    const templates = await withTenant(t.platform.database.db, tenant.id, trx => reservationsDb(trx).selectFrom('reservationSlotTemplates').selectAll().where('tenantId', '=', tenant.id).orderBy('startTime').execute())
    expect(templates.map(template => `${template.startTime}-${template.endTime}×${template.capacity}`)).toEqual(['09:00:00-09:15:00×2', '09:15:00-09:30:00×2', '09:30:00-09:45:00×2', '09:45:00-10:00:00×2'])
    const overlap = await clerk.post(`/resources/${resource.id}/templates`, { weekdays: ['3'], startTime: '09:40', endTime: '10:10', capacity: '1', validFrom: '2030-06-01' })
    expect(overlap.statusCode).toBe(422)
    expect(errorSummaryOf(overlap.body)).toContain('09:30〜09:45')
    const early = await clerk.post(`/resources/${resource.id}/templates`, { weekdays: ['6'], startTime: '06:00', endTime: '07:00', capacity: '1', validFrom: '2030-01-01' })
    expect(early.statusCode).toBe(422)
    expect(errorSummaryOf(early.body)).toContain('開館時間(09:00〜21:00)')
    const noDays = await clerk.post(`/resources/${resource.id}/templates`, { startTime: '18:00', endTime: '19:00', capacity: '1', validFrom: '2030-01-01' })
    expect(noDays.statusCode).toBe(422)
    expect(noDays.body).toContain('href="#weekdays"')
    const badRange = await clerk.post(`/resources/${resource.id}/generate`, { from: '2030-01-01', until: '2032-01-01' })
    expect(badRange.statusCode).toBe(422)
    expect(errorSummaryOf(badRange.body)).toContain('400日以内')
    const badException = await clerk.post(`/resources/${resource.id}/exceptions`, { onDate: '2030-02-30', kind: 'extra' })
    expect(badException.statusCode).toBe(422)
    expect(await db(tenant).slots(resource.id)).toEqual([])
  })

  it('forbids the setup pages to an outsourced operator, who only operates the desk', async () => {
    const tenant = await createTestTenant(t.platform)
    const operator = await asSetupStaff(t, tenant, 'outsourced_operator')
    const resource = await createTestResource(t.platform, tenant)
    for (const path of ['', '/facilities', '/facilities/new', `/resources/${resource.id}`, `/resources/${resource.id}/fees`, `/resources/${resource.id}/templates`, '/purposes', '/exemptions', '/closures', '/templates', '/templates.csv', '/groups']) {
      expect((await operator.get(path)).statusCode, path).toBe(403)
    }
    expect((await operator.post('/facilities/new', facilityForm)).statusCode).toBe(403)
    expect((await operator.post(`/resources/${resource.id}/generate`, { from: '2030-01-01', until: '2030-01-31' })).statusCode).toBe(403)
    expect(await db(tenant).facilities()).toHaveLength(1)
  })
})
