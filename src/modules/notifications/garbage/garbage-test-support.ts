/**
 * Test support of the garbage integration tests: districts, residents with profiles, multipart
 * uploads as a browser sends them, and reading the month table and the iCalendar feed back.
 */
import { sql } from 'kysely'
import type { Platform } from '../../../platform/platform.js'
import { withTenant } from '../../../platform/db/tenant-context.js'
import type { TenantContext } from '../../../platform/tenancy/tenant-service.js'
import type { GarbageReminder } from '../notification-tables.js'
import { unfoldIcal } from './garbage-ical.js'
import { garbageDb } from './garbage-tables.js'

/** A 2027 calendar: 中央一丁目 and 中央二丁目, written as staff do (codes and names mixed). */
export const RULES_2027 = [
  '地区,分別区分,種類,曜日,第何週,日付,祝日の扱い,備考',
  'chuo-1,燃えるごみ,毎週,月・木,,,翌営業日,朝8時30分まで',
  'chuo-1,資源ごみ,第N曜日,水,2・4,,翌営業日,',
  'chuo-1,不燃ごみ,第N曜日,火,1,,休み,',
  'chuo-1,ペットボトル,毎週,金,,,収集,',
  '中央二丁目,燃えるごみ,毎週,火・金,,,収集,',
  '中央二丁目,資源ごみ,第N曜日,水,1・3,,休み,',
].join('\r\n')

export async function insertDistricts(platform: Platform, tenant: TenantContext, rows: { code: string; ja: string; en?: string }[]): Promise<Record<string, string>> {
  return withTenant(platform.database.db, tenant.id, async trx => {
    const ids: Record<string, string> = {}
    let order = 0
    for (const row of rows) {
      const inserted = await garbageDb(trx)
        .insertInto('districts')
        .values({ tenantId: tenant.id, code: row.code, names: JSON.stringify({ ja: row.ja, ...(row.en ? { en: row.en } : {}) }), sortOrder: (order += 10) })
        .returning('id')
        .executeTakeFirstOrThrow()
      ids[row.code] = inserted.id
    }
    return ids
  })
}

/** A resident with a notification profile in a district (or none) and a reminder choice. */
export async function insertResident(platform: Platform, tenant: TenantContext, input: { districtId?: string; reminder?: GarbageReminder; locale?: 'ja' | 'ja-easy' | 'en' }): Promise<string> {
  return withTenant(platform.database.db, tenant.id, async trx => {
    const resident = await trx.insertInto('residents').values({ tenantId: tenant.id, displayName: 'テスト 住民', locale: input.locale ?? 'ja' }).returning('id').executeTakeFirstOrThrow()
    if (input.districtId !== undefined || input.reminder !== undefined) {
      await garbageDb(trx)
        .insertInto('residentNotificationProfiles')
        .values({ tenantId: tenant.id, residentId: resident.id, districtId: input.districtId ?? null, garbageReminder: input.reminder ?? 'none', language: input.locale ?? 'ja' })
        .execute()
    }
    return resident.id
  })
}

export async function countCalendarVersions(platform: Platform, tenant: TenantContext): Promise<number> {
  return withTenant(platform.database.db, tenant.id, async trx => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM garbage_calendar_versions`.execute(trx)).rows[0]?.n ?? 0)
}

/** A multipart/form-data body the way a browser sends it: the CSRF field first, then the file. */
export async function multipartUpload(csrf: string, file: { content: Buffer | string; filename: string; type?: string }): Promise<{ payload: Buffer; contentType: string }> {
  const form = new FormData()
  form.append('_csrf', csrf)
  form.append('file', new Blob([new Uint8Array(Buffer.from(file.content))], { type: file.type ?? 'text/csv' }), file.filename)
  const response = new Response(form)
  return { payload: Buffer.from(await response.arrayBuffer()), contentType: response.headers.get('content-type') ?? '' }
}

/** The inner HTML of the month table's cell for a day, found by its visually-hidden date. */
export function monthCell(html: string, label: string): string | undefined {
  const table = html.split('class="table garbage-month"')[1]?.split('</table>')[0] ?? ''
  return table
    .split('<td')
    .slice(1)
    .map(cell => cell.split('</td>')[0] ?? '')
    .find(cell => cell.includes(`<span class="visually-hidden">${label}</span>`))
}

/** The rows of the "next 14 days" table: [row header, cell]. */
export function upcomingRows(html: string): [string, string][] {
  const table = html.split('id="upcoming-caption"')[1]?.split('</table>')[0] ?? ''
  return table
    .split('<tr>')
    .slice(2)
    .map(row => {
      const header = /<th scope="row"[^>]*>([\s\S]*?)<\/th>/.exec(row)?.[1] ?? ''
      const cell = /<td[^>]*>([\s\S]*?)<\/td>/.exec(row)?.[1] ?? ''
      return [header, cell]
    })
}

export interface ParsedEvent {
  uid: string
  date: string
  end: string
  summary: string
  description?: string
}

/** Reads VEVENTs back from a feed (unfolded, unescaped enough for assertions). */
export function parseVevents(ics: string): ParsedEvent[] {
  return unfoldIcal(ics)
    .split('BEGIN:VEVENT\r\n')
    .slice(1)
    .map(block => {
      const lines = block.split('\r\n')
      const value = (name: string) => lines.find(line => line.startsWith(name))?.slice(name.length)
      return {
        uid: value('UID:') ?? '',
        date: value('DTSTART;VALUE=DATE:') ?? '',
        end: value('DTEND;VALUE=DATE:') ?? '',
        summary: (value('SUMMARY:') ?? '').replace(/\\([,;\\])/g, '$1'),
        description: value('DESCRIPTION:')?.replace(/\\n/g, '\n').replace(/\\([,;\\])/g, '$1'),
      }
    })
}

/** Strips tags, to compare what a reader sees. */
export function textOf(html: string): string {
  return html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim()
}
