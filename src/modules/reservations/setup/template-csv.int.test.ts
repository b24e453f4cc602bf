import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, TEST_DB, type TestApp } from '../../../../test/app.js'
import { createTestTenant } from '../../../../test/factories.js'
import { createTestResource } from '../../../../test/reservation-factories.js'
import { withTenant } from '../../../platform/db/tenant-context.js'
import type { TenantContext } from '../../../platform/tenancy/tenant-service.js'
import { encodeShiftJis } from '../../../jp/shift-jis.js'
import { reservationsDb } from '../reservation-tables.js'
import { asSetupStaff, errorSummaryOf } from './testdata/setup-fixtures.js'

describe(`slot template CSV (${TEST_DB})`, () => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp()
  })
  afterAll(async () => {
    await t?.close()
  })

  const templatesOf = (tenant: TenantContext) =>
    withTenant(t.platform.database.db, tenant.id, trx =>
      reservationsDb(trx)
        .selectFrom('reservationSlotTemplates as t')
        .innerJoin('reservationResources as r', join => join.onRef('r.tenantId', '=', 't.tenantId').onRef('r.id', '=', 't.resourceId'))
        .select(['r.code', 't.weekdays', 't.startTime', 't.endTime', 't.capacity', 't.validFrom', 't.validUntil'])
        .where('t.tenantId', '=', tenant.id)
        .orderBy('r.code')
        .orderBy('t.startTime')
        .execute(),
    )

  it('imports templates for several resources from a UTF-8 file with BOM, replacing theirs only', async () => {
    const tenant = await createTestTenant(t.platform)
    const clerk = await asSetupStaff(t, tenant)
    const counter = await createTestResource(t.platform, tenant, { code: 'counter-a', kind: 'appointment', category: 'counter' })
    const room = await createTestResource(t.platform, tenant, { code: 'room-a' })
    const untouched = await createTestResource(t.platform, tenant, { code: 'room-b' })
    await withTenant(t.platform.database.db, tenant.id, async trx => {
      const db = reservationsDb(trx)
      for (const resourceId of [room.id, untouched.id]) await db.insertInto('reservationSlotTemplates').values({ tenantId: tenant.id, resourceId, weekdays: [0], startTime: '18:00', endTime: '21:00', capacity: 1, validFrom: '2030-01-01' }).execute()
    })
    void counter
    const csv = '\uFEFF予約対象コード,曜日,開始時刻,終了時刻,定員,適用開始日,適用終了日\r\ncounter-a,平日,09:00,09:15,2,2030/4/1,\r\ncounter-a,"月,水",9:15,9:30,2,2030-04-01,2030-09-30\r\nROOM-A,土日,13:00,17:00,1,2030-04-01,\r\n'
    const imported = await clerk.upload('/templates/import', { name: 'templates.csv', content: csv })
    expect(imported.statusCode, errorSummaryOf(imported.body)).toBe(303)
    expect(imported.headers.location).toBe(`${clerk.base}/templates?done=imported&count=3`)
    expect((await clerk.get('/templates?done=imported&count=3')).body).toContain('3件取り込みました')
    expect(await templatesOf(tenant)).toEqual([
      { code: 'counter-a', weekdays: [1, 2, 3, 4, 5], startTime: '09:00:00', endTime: '09:15:00', capacity: 2, validFrom: '2030-04-01', validUntil: null },
      { code: 'counter-a', weekdays: [1, 3], startTime: '09:15:00', endTime: '09:30:00', capacity: 2, validFrom: '2030-04-01', validUntil: '2030-09-30' },
      { code: 'room-a', weekdays: [0, 6], startTime: '13:00:00', endTime: '17:00:00', capacity: 1, validFrom: '2030-04-01', validUntil: null },
      { code: 'room-b', weekdays: [0], startTime: '18:00:00', endTime: '21:00:00', capacity: 1, validFrom: '2030-01-01', validUntil: null },
    ])
  })

  it('exports UTF-8 with a BOM and Shift_JIS, and a Shift_JIS file imports back unchanged', async () => {
    const tenant = await createTestTenant(t.platform)
    const clerk = await asSetupStaff(t, tenant)
    const resource = await createTestResource(t.platform, tenant, { code: 'washitsu' })
    await withTenant(t.platform.database.db, tenant.id, trx =>
      reservationsDb(trx).insertInto('reservationSlotTemplates').values({ tenantId: tenant.id, resourceId: resource.id, weekdays: [1, 3, 5], startTime: '09:00', endTime: '12:00', capacity: 1, validFrom: '2030-01-01', validUntil: '2030-12-31' }).execute(),
    )
    const utf8 = await clerk.get('/templates.csv')
    expect(utf8.statusCode).toBe(200)
    expect(utf8.headers['content-type']).toContain('text/csv')
    expect([...utf8.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const expected = '予約対象コード,曜日,開始時刻,終了時刻,定員,適用開始日,適用終了日\r\nwashitsu,月・水・金,09:00,12:00,1,2030-01-01,2030-12-31\r\n'
    expect(utf8.rawPayload.subarray(3).toString('utf8')).toBe(expected)
    const sjis = await clerk.get(`/templates.csv?encoding=shift_jis&resource=${resource.id}`)
    expect(Buffer.compare(sjis.rawPayload, encodeShiftJis(expected).bytes)).toBe(0)

    const reimported = await clerk.upload('/templates/import', { name: 'sjis.csv', content: sjis.rawPayload })
    expect(reimported.statusCode, errorSummaryOf(reimported.body)).toBe(303)
    expect(await templatesOf(tenant)).toEqual([{ code: 'washitsu', weekdays: [1, 3, 5], startTime: '09:00:00', endTime: '12:00:00', capacity: 1, validFrom: '2030-01-01', validUntil: '2030-12-31' }])
  })

  it('reports every problem with its line and column, translated, and stores nothing', async () => {
    const tenant = await createTestTenant(t.platform)
    const clerk = await asSetupStaff(t, tenant)
    const resource = await createTestResource(t.platform, tenant, { code: 'room-a' })
    await withTenant(t.platform.database.db, tenant.id, trx =>
      reservationsDb(trx).insertInto('reservationSlotTemplates').values({ tenantId: tenant.id, resourceId: resource.id, weekdays: [0], startTime: '18:00', endTime: '21:00', capacity: 1, validFrom: '2030-01-01' }).execute(),
    )
    const csv = [
      '予約対象コード,曜日,開始時刻,終了時刻,定員,適用開始日,適用終了日',
      'room-a,月,09:00,12:00,1,2030-04-01,',
      'room-a,月火,11:00,13:00,1,2030-04-01,',
      'room-z,月,09:00,10:00,1,2030-04-01,',
      'room-a,火曜,25:00,10:00,0,2030-02-30,',
      'room-a,水,07:00,08:00,1,2030-04-01,',
    ].join('\n')
    const failed = await clerk.upload('/templates/import', { name: 'bad.csv', content: csv })
    expect(failed.statusCode).toBe(422)
    expect(errorSummaryOf(failed.body)).toContain('問題があるため、何も保存していません')
    const body = failed.body
    expect(body).toContain('3行目「開始時刻」: 2行目と同じ曜日・期間で時間が重なっています。')
    expect(body).toContain('4行目「予約対象コード」: 予約対象コード「room-z」は登録されていません。')
    expect(body).toContain('5行目「開始時刻」: 「25:00」は時刻として読めません')
    expect(body).toContain('5行目「定員」: 「0」は定員として使えません')
    expect(body).toContain('5行目「適用開始日」: 「2030-02-30」は日付として読めません')
    expect(body).toContain('6行目「開始時刻」: 施設の開館時間(09:00〜21:00)の外です。')
    expect(await templatesOf(tenant)).toHaveLength(1)

    const noColumn = await clerk.upload('/templates/import', { name: 'x.csv', content: '予約対象コード,曜日\nroom-a,月\n' })
    expect(noColumn.statusCode).toBe(422)
    expect(noColumn.body).toContain('列「開始時刻」がありません。')
    const workbook = await clerk.upload('/templates/import', { name: 'x.xlsx', content: Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00]) })
    expect(workbook.body).toContain('Excelブック(.xlsx)です')
    const none = await clerk.upload('/templates/import')
    expect(none.statusCode).toBe(422)
    expect(none.body).toContain('ファイルが選ばれていないか、空です。')
    expect(await templatesOf(tenant)).toHaveLength(1)
  })
})
