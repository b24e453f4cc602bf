/**
 * Kysely types of the shelters area's tables (migrations/0015_disaster_shelters.sql), reached
 * through `sheltersDb()`, which views a platform executor with these tables added.
 */
import type { ColumnType, Generated, Kysely, Selectable, Transaction } from 'kysely'
import type { Database } from '../../../platform/db/schema.js'
import type { ShelterHazard } from './shelter-csv.js'

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>
type CreatedAt = ColumnType<Date, Date | string | undefined, never>
type Json<T> = ColumnType<T, string, string>
type JsonDefault<T> = ColumnType<T, string | undefined, string>

/** Names per UI language; `ja` is always present. */
export interface ShelterNames {
  ja: string
  'ja-easy'?: string
  en?: string
}

export const SHELTER_STATUSES = ['open', 'closed', 'full'] as const
export type ShelterStatus = (typeof SHELTER_STATUSES)[number]

export const SHELTER_NEEDS = ['water', 'food', 'blankets', 'medicine', 'milk', 'diapers', 'toilets', 'power', 'staff'] as const
export type ShelterNeed = (typeof SHELTER_NEEDS)[number]

export const IMPORT_SOURCES = ['standard', 'gsi-emergency', 'gsi-shelter'] as const
export type ImportSource = (typeof IMPORT_SOURCES)[number]

export interface SheltersTable {
  tenantId: string
  id: Generated<string>
  code: string
  names: Json<ShelterNames>
  nameKana: Generated<string>
  address: string
  latitude: number | null
  longitude: number | null
  lgCode: string
  isEmergencyPlace: Generated<boolean>
  isShelter: Generated<boolean>
  hazards: ColumnType<ShelterHazard[], ShelterHazard[] | undefined, ShelterHazard[]>
  capacity: number | null
  phone: Generated<string>
  url: Generated<string>
  notes: Generated<string>
  isAccessible: Generated<boolean>
  status: ColumnType<ShelterStatus, ShelterStatus | undefined, ShelterStatus>
  openedAt: Date | null
  registeredEvacuees: Generated<number>
  registeredHouseholds: Generated<number>
  manualEvacuees: Generated<number>
  manualHouseholds: Generated<number>
  needs: ColumnType<ShelterNeed[], ShelterNeed[] | undefined, ShelterNeed[]>
  needsNote: Generated<string>
  statusUpdatedAt: Date | null
  statusUpdatedBy: string | null
  createdAt: CreatedAt
  updatedAt: Timestamp
}

export interface ShelterStatusHistoryTable {
  tenantId: string
  id: Generated<string>
  shelterId: string
  status: ShelterStatus
  evacuees: number
  households: number
  needs: ColumnType<ShelterNeed[], ShelterNeed[] | undefined, ShelterNeed[]>
  needsNote: Generated<string>
  changedBy: string | null
  changedAt: CreatedAt
}

export interface ShelterCheckInsTable {
  tenantId: string
  id: Generated<string>
  shelterId: string
  residentId: string | null
  name: Generated<string>
  nameKana: Generated<string>
  householdSize: Generated<number>
  notes: Generated<string>
  clientToken: string
  checkedInAt: Timestamp
  checkedInBy: string | null
  checkedOutAt: Date | null
  checkedOutBy: string | null
  createdAt: CreatedAt
  updatedAt: Timestamp
}

/** One note of an import report as stored (the reader's ShelterCsvNote). */
export interface StoredNote {
  line: number
  column?: string
  key: string
  params?: Record<string, string | number>
}

export interface ShelterImportRunsTable {
  tenantId: string
  id: Generated<string>
  source: ImportSource
  fileName: Generated<string>
  encoding: 'utf-8' | 'shift_jis'
  format: Generated<string>
  createdCount: Generated<number>
  updatedCount: Generated<number>
  fixed: JsonDefault<StoredNote[]>
  rejected: JsonDefault<StoredNote[]>
  createdBy: string | null
  createdAt: CreatedAt
}

export interface ShelterTables {
  shelters: SheltersTable
  shelterStatusHistory: ShelterStatusHistoryTable
  shelterCheckIns: ShelterCheckInsTable
  shelterImportRuns: ShelterImportRunsTable
}

export type SheltersDatabase = Database & ShelterTables

/** The same connection or transaction, typed to see this area's tables too. */
export function sheltersDb<T extends Kysely<Database> | Transaction<Database>>(executor: T): T extends Transaction<Database> ? Transaction<SheltersDatabase> : Kysely<SheltersDatabase> {
  return executor as never
}

export type Shelter = Selectable<SheltersTable>
export type ShelterCheckIn = Selectable<ShelterCheckInsTable>
export type ShelterImportRun = Selectable<ShelterImportRunsTable>
export type ShelterStatusChange = Selectable<ShelterStatusHistoryTable>
