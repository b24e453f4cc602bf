/**
 * SQL of the garbage calendars: calendar versions, categories, the sorting dictionary, districts
 * (read by code) and the reminders already planned. Every function takes an executor bound to the
 * tenant (withTenant), so row-level security applies; tenant_id is also filtered explicitly.
 */
import { sql, type Kysely, type Transaction } from 'kysely'
import type { Database } from '../../../platform/db/schema.js'
import type { LocalizedNames } from '../notification-tables.js'
import { GarbageCalendarSchema, type GarbageCalendar, type ReminderChoice } from './garbage-rules.js'
import type { CsvEncoding } from './garbage-csv.js'
import type { SortingEntry } from './garbage-dictionary.js'
import { garbageDb, type CalendarChange, type GarbageCategory, type LocalizedTexts } from './garbage-tables.js'

type Executor = Kysely<Database> | Transaction<Database>

export interface StoredCalendar {
  version: number
  calendar: GarbageCalendar
  change: CalendarChange
  createdAt: Date
  createdByStaffId: string | null
}

// Parsing a calendar of a few hundred rules costs more than reading it; the reminder planner
// reads every tenant's calendar each minute, so parsed calendars are kept per (tenant, version).
const parsedCalendars = new Map<string, GarbageCalendar>()
const MAX_PARSED_CALENDARS = 1_000

function parseStoredCalendar(tenantId: string, version: number, value: unknown): GarbageCalendar {
  const key = `${tenantId}:${version}`
  const cached = parsedCalendars.get(key)
  if (cached) return cached
  const calendar = GarbageCalendarSchema.parse(value)
  if (parsedCalendars.size >= MAX_PARSED_CALENDARS) parsedCalendars.clear()
  parsedCalendars.set(key, calendar)
  return calendar
}

/** The tenant's current calendar (highest version), or undefined before the first import. */
export async function findCurrentCalendar(executor: Executor, tenantId: string): Promise<StoredCalendar | undefined> {
  const row = await garbageDb(executor)
    .selectFrom('garbageCalendarVersions')
    .select(['version', 'calendar', 'change', 'createdAt', 'createdByStaffId'])
    .where('tenantId', '=', tenantId)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst()
  if (!row) return undefined
  return { version: row.version, calendar: parseStoredCalendar(tenantId, row.version, row.calendar), change: row.change, createdAt: row.createdAt, createdByStaffId: row.createdByStaffId }
}

/** Stores a calendar as the next version; concurrent writers of one tenant take turns. */
export async function insertCalendarVersion(
  trx: Transaction<Database>,
  tenantId: string,
  input: { calendar: GarbageCalendar; change: CalendarChange; sourceEncoding?: CsvEncoding | null; staffId?: string | null },
): Promise<number> {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${'garbage-calendar:' + tenantId}))`.execute(trx)
  const db = garbageDb(trx)
  const last = await db.selectFrom('garbageCalendarVersions').select(eb => eb.fn.max('version').as('version')).where('tenantId', '=', tenantId).executeTakeFirst()
  const version = (last?.version ?? 0) + 1
  await db
    .insertInto('garbageCalendarVersions')
    .values({
      tenantId,
      version,
      calendar: JSON.stringify(input.calendar),
      change: input.change,
      sourceEncoding: input.sourceEncoding ?? null,
      createdByStaffId: input.staffId ?? null,
    })
    .execute()
  return version
}

export async function listCategories(executor: Executor, tenantId: string): Promise<GarbageCategory[]> {
  return garbageDb(executor).selectFrom('garbageCategories').selectAll().where('tenantId', '=', tenantId).orderBy('sortOrder').orderBy('name').execute()
}

export async function findCategory(executor: Executor, tenantId: string, id: string): Promise<GarbageCategory | undefined> {
  return garbageDb(executor).selectFrom('garbageCategories').selectAll().where('tenantId', '=', tenantId).where('id', '=', id).executeTakeFirst()
}

/** Adds a category row for each name not yet known, after the existing ones. */
export async function ensureCategories(trx: Transaction<Database>, tenantId: string, names: readonly string[]): Promise<void> {
  const db = garbageDb(trx)
  const existing = await db.selectFrom('garbageCategories').select(['name', 'sortOrder']).where('tenantId', '=', tenantId).execute()
  const known = new Set(existing.map(row => row.name))
  let next = existing.reduce((max, row) => Math.max(max, row.sortOrder), 0)
  const missing = [...new Set(names)].filter(name => !known.has(name))
  if (missing.length === 0) return
  await db
    .insertInto('garbageCategories')
    .values(missing.map(name => ({ tenantId, name, sortOrder: (next += 10) })))
    .onConflict(oc => oc.columns(['tenantId', 'name']).doNothing())
    .execute()
}

export interface CategoryInput {
  names: LocalizedTexts
  descriptions: LocalizedTexts
  colour: string | null
  linkUrl: string | null
  sortOrder?: number
}

/** Inserts or updates a category by its Japanese name. */
export async function upsertCategory(trx: Transaction<Database>, tenantId: string, name: string, input: CategoryInput): Promise<void> {
  await garbageDb(trx)
    .insertInto('garbageCategories')
    .values({ tenantId, name, names: JSON.stringify(input.names), descriptions: JSON.stringify(input.descriptions), colour: input.colour, linkUrl: input.linkUrl, sortOrder: input.sortOrder ?? 0 })
    .onConflict(oc =>
      oc.columns(['tenantId', 'name']).doUpdateSet({
        names: JSON.stringify(input.names),
        descriptions: JSON.stringify(input.descriptions),
        colour: input.colour,
        linkUrl: input.linkUrl,
        ...(input.sortOrder !== undefined ? { sortOrder: input.sortOrder } : {}),
        updatedAt: new Date(),
      }),
    )
    .execute()
}

export async function updateCategory(trx: Transaction<Database>, tenantId: string, id: string, input: CategoryInput): Promise<boolean> {
  const result = await garbageDb(trx)
    .updateTable('garbageCategories')
    .set({ names: JSON.stringify(input.names), descriptions: JSON.stringify(input.descriptions), colour: input.colour, linkUrl: input.linkUrl, updatedAt: new Date() })
    .where('tenantId', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst()
  return result.numUpdatedRows > 0n
}

/** The sorting dictionary in file order. */
export async function listSortingEntries(executor: Executor, tenantId: string): Promise<SortingEntry[]> {
  const rows = await garbageDb(executor)
    .selectFrom('garbageSortingEntries')
    .select(['item', 'reading', 'category', 'instructions'])
    .where('tenantId', '=', tenantId)
    .orderBy('position')
    .execute()
  return rows.map(row => ({ item: row.item, category: row.category, ...(row.reading ? { reading: row.reading } : {}), ...(row.instructions ? { instructions: row.instructions } : {}) }))
}

export async function summariseSortingEntries(executor: Executor, tenantId: string): Promise<{ count: number; updatedAt: Date | null }> {
  const row = await garbageDb(executor)
    .selectFrom('garbageSortingEntries')
    .select(eb => [eb.fn.countAll<number>().as('count'), eb.fn.max('updatedAt').as('updatedAt')])
    .where('tenantId', '=', tenantId)
    .executeTakeFirst()
  return { count: Number(row?.count ?? 0), updatedAt: row?.updatedAt ?? null }
}

// PostgreSQL takes at most 65,535 parameters a statement; 6 a row.
const INSERT_BATCH_ROWS = 2_000

/** Replaces the whole dictionary (inside the caller's transaction: readers see old or new, never half). */
export async function replaceSortingEntries(trx: Transaction<Database>, tenantId: string, entries: readonly SortingEntry[]): Promise<void> {
  const db = garbageDb(trx)
  await db.deleteFrom('garbageSortingEntries').where('tenantId', '=', tenantId).execute()
  for (let start = 0; start < entries.length; start += INSERT_BATCH_ROWS) {
    const batch = entries.slice(start, start + INSERT_BATCH_ROWS)
    await db
      .insertInto('garbageSortingEntries')
      .values(batch.map((entry, index) => ({
        tenantId,
        position: start + index + 1,
        item: entry.item,
        reading: entry.reading ?? null,
        category: entry.category,
        instructions: entry.instructions ?? null,
      })))
      .execute()
  }
}

export interface DistrictRow {
  id: string
  code: string
  names: LocalizedNames
  sortOrder: number
}

/** The tenant's districts (owned by the audience area), in their display order. */
export async function listDistricts(executor: Executor, tenantId: string): Promise<DistrictRow[]> {
  return garbageDb(executor).selectFrom('districts').select(['id', 'code', 'names', 'sortOrder']).where('tenantId', '=', tenantId).orderBy('sortOrder').orderBy('code').execute()
}

/** The id of the tenant's topic with this key (e.g. 'gomi'), if it has one. */
export async function findTopicId(executor: Executor, tenantId: string, key: string): Promise<string | undefined> {
  const row = await garbageDb(executor).selectFrom('notificationTopics').select('id').where('tenantId', '=', tenantId).where('key', '=', key).executeTakeFirst()
  return row?.id
}

/**
 * Claims one reminder (district, day, slot): true for the first caller only. The claim and the
 * notice are written in the same transaction, so a crash between them leaves neither.
 */
export async function claimReminder(trx: Transaction<Database>, tenantId: string, input: { districtCode: string; date: string; slot: ReminderChoice; sendAt: Date }): Promise<boolean> {
  const row = await garbageDb(trx)
    .insertInto('garbageRemindersSent')
    .values({ tenantId, districtCode: input.districtCode, collectionDate: input.date, slot: input.slot, sendAt: input.sendAt })
    .onConflict(oc => oc.columns(['tenantId', 'districtCode', 'collectionDate', 'slot']).doNothing())
    .returning('districtCode')
    .executeTakeFirst()
  return row !== undefined
}

export async function recordReminderNotice(trx: Transaction<Database>, tenantId: string, input: { districtCode: string; date: string; slot: ReminderChoice; noticeId: string; recipientCount: number }): Promise<void> {
  await garbageDb(trx)
    .updateTable('garbageRemindersSent')
    .set({ noticeId: input.noticeId, recipientCount: input.recipientCount, updatedAt: new Date() })
    .where('tenantId', '=', tenantId)
    .where('districtCode', '=', input.districtCode)
    .where('collectionDate', '=', input.date)
    .where('slot', '=', input.slot)
    .execute()
}

/** Which of these (district, day, slot) reminders were already planned. */
export async function listPlannedReminders(executor: Executor, tenantId: string, dates: readonly string[]): Promise<Set<string>> {
  if (dates.length === 0) return new Set()
  const rows = await garbageDb(executor)
    .selectFrom('garbageRemindersSent')
    .select(['districtCode', 'collectionDate', 'slot'])
    .where('tenantId', '=', tenantId)
    .where('collectionDate', 'in', [...dates])
    .execute()
  return new Set(rows.map(row => reminderKey(row.districtCode, row.collectionDate, row.slot)))
}

export function reminderKey(districtCode: string, date: string, slot: ReminderChoice): string {
  return `${districtCode}\u0000${date}\u0000${slot}`
}

/**
 * Residents of a district who chose this reminder, selected in SQL (profile → district by code).
 * Returns the ids for the notice's audience.
 */
export async function listReminderRecipients(executor: Executor, tenantId: string, districtCode: string, slot: ReminderChoice): Promise<string[]> {
  const result = await sql<{ ids: string[] | null }>`
    SELECT array_agg(p.resident_id ORDER BY p.resident_id) AS ids
    FROM resident_notification_profiles p
    JOIN districts d ON d.tenant_id = p.tenant_id AND d.id = p.district_id
    WHERE p.tenant_id = ${tenantId} AND d.code = ${districtCode} AND p.garbage_reminder = ${slot}`.execute(executor)
  return result.rows[0]?.ids ?? []
}
