/**
 * Kysely types of the garbage-calendar tables (migrations/0009_notifications_garbage.sql).
 * `garbageDb()` views a platform executor with these and the hub's tables.
 */
import type { ColumnType, Generated, Kysely, Selectable, Transaction } from 'kysely'
import type { Database } from '../../../platform/db/schema.js'
import type { NotificationTables } from '../notification-tables.js'
import type { GarbageCalendar, ReminderChoice } from './garbage-rules.js'
import type { CsvEncoding } from './garbage-csv.js'

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>
type CreatedAt = ColumnType<Date, Date | string | undefined, never>
type Json<T> = ColumnType<T, string, string>
type JsonDefault<T> = ColumnType<T, string | undefined, string>

/** Texts per UI language; the Japanese name of a category is its `name`. */
export type LocalizedTexts = Partial<Record<'ja' | 'ja-easy' | 'en', string>>

export type CalendarChange = 'import' | 'settings' | 'demo'

export interface GarbageCalendarVersionsTable {
  tenantId: string
  version: number
  calendar: Json<GarbageCalendar>
  change: CalendarChange
  sourceEncoding: CsvEncoding | null
  createdByStaffId: string | null
  createdAt: CreatedAt
  updatedAt: Timestamp
}

export interface GarbageCategoriesTable {
  tenantId: string
  id: Generated<string>
  name: string
  names: JsonDefault<LocalizedTexts>
  descriptions: JsonDefault<LocalizedTexts>
  colour: string | null
  linkUrl: string | null
  sortOrder: Generated<number>
  createdAt: CreatedAt
  updatedAt: Timestamp
}

export interface GarbageSortingEntriesTable {
  tenantId: string
  id: Generated<string>
  position: number
  item: string
  reading: string | null
  category: string
  instructions: string | null
  createdAt: CreatedAt
  updatedAt: Timestamp
}

export interface GarbageRemindersSentTable {
  tenantId: string
  districtCode: string
  /** 'YYYY-MM-DD' (date columns are read as strings) */
  collectionDate: string
  slot: ReminderChoice
  sendAt: Date
  noticeId: string | null
  recipientCount: Generated<number>
  createdAt: CreatedAt
  updatedAt: Timestamp
}

export interface GarbageTables {
  garbageCalendarVersions: GarbageCalendarVersionsTable
  garbageCategories: GarbageCategoriesTable
  garbageSortingEntries: GarbageSortingEntriesTable
  garbageRemindersSent: GarbageRemindersSentTable
}

export type GarbageDatabase = Database & NotificationTables & GarbageTables
export type GarbageExecutor = Kysely<GarbageDatabase> | Transaction<GarbageDatabase>

/** The same connection or transaction, typed to see the garbage and hub tables too. */
export function garbageDb(executor: Kysely<Database> | Transaction<Database>): GarbageExecutor {
  return executor as unknown as GarbageExecutor
}

export type GarbageCategory = Selectable<GarbageCategoriesTable>
export type GarbageSortingRow = Selectable<GarbageSortingEntriesTable>
