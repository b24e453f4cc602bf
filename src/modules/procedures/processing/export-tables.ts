/**
 * Kysely types of the export tables this sub-module owns (migrations/0006_procedures_exports.sql).
 */
import type { ColumnType, Generated, Kysely, Selectable, Transaction } from 'kysely'
import type { ProceduresDatabase } from '../procedure-tables.js'
import type { Database } from '../../../platform/db/schema.js'
import type { InboxFilter } from './inbox-filters.js'
import type { DepartmentScope } from './access-rules.js'

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>
type CreatedAt = ColumnType<Date, never, never>
type Json<T> = ColumnType<T, string, string>

export type ExportFormat = 'csv' | 'json'
export type ExportEncoding = 'utf-8-bom' | 'utf-8' | 'shift_jis'
export type ExportStatus = 'queued' | 'running' | 'ready' | 'failed'

/** What an export selects: the inbox filter with 'me' resolved, and the requester's scope. */
export interface ExportCriteria {
  filter: InboxFilter
  scope: DepartmentScope
  /** ISO time of the request: "overdue" means overdue then */
  requestedAt: string
}

export interface ApplicationExportsTable {
  tenantId: string
  id: Generated<string>
  staffUserId: string
  format: ExportFormat
  encoding: ExportEncoding
  criteria: Json<ExportCriteria>
  status: Generated<ExportStatus>
  totalCount: Generated<number>
  doneCount: Generated<number>
  sizeBytes: ColumnType<string | number, number | undefined, number>
  error: string | null
  completedAt: Date | null
  expiresAt: Date
  createdAt: CreatedAt
  updatedAt: Timestamp
}

export interface ApplicationExportPartsTable {
  tenantId: string
  exportId: string
  seq: number
  content: Buffer
  createdAt: CreatedAt
  updatedAt: Timestamp
}

export type ExportsDatabase = ProceduresDatabase & {
  applicationExports: ApplicationExportsTable
  applicationExportParts: ApplicationExportPartsTable
}

export type ApplicationExport = Selectable<ApplicationExportsTable>

/** The same connection or transaction, typed to see the export tables too. */
export function exportsDb(executor: Kysely<Database> | Transaction<Database>): Kysely<ExportsDatabase> {
  return executor as unknown as Kysely<ExportsDatabase>
}
