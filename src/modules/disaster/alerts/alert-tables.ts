/**
 * Kysely types of the tables the alerts area owns (migrations/0014_disaster_alerts.sql).
 * Repositories view a platform executor through `alertsDb()` to reach them.
 */
import type { ColumnType, Generated, Kysely, Selectable, Transaction } from 'kysely'
import type { Database } from '../../../platform/db/schema.js'
import type { CapMsgType } from '../cap/cap-document.js'
import type { EvacuationLevel, Hazard } from '../cap/cap-evacuation.js'

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>
type CreatedAt = ColumnType<Date, Date | string | undefined, never>
type Json<T> = ColumnType<T, string, string>
type JsonDefault<T> = ColumnType<T, string | undefined, string>

export const DISASTER_MODES = ['off', 'active', 'training'] as const
export type DisasterModeState = (typeof DISASTER_MODES)[number]

export const ALERT_LANGUAGES = ['ja', 'ja-easy', 'en'] as const
export type AlertLanguage = (typeof ALERT_LANGUAGES)[number]

/** What residents read, per language. */
export interface AlertText {
  headline: string
  description: string
  instruction: string
}
export type AlertTexts = Record<AlertLanguage, AlertText>

export type AlertState = 'draft' | 'active' | 'cancelled' | 'discarded'

/** A change waiting to be issued: a first 発令 (Alert), a 更新 (Update) or a 解除 (Cancel). */
export interface AlertProposal {
  msgType: CapMsgType
  level: EvacuationLevel
  hazards: Hazard[]
  districtIds: string[]
  texts: AlertTexts
  requestedBy: string | null
  requestedAt: string
  /** under the two-person rule: issued by a second person's approval */
  awaitingApproval: boolean
}

export interface EmergencyContact {
  label: Partial<Record<AlertLanguage, string>> & { ja: string }
  phone: string
}

export interface DisasterSettingsTable {
  tenantId: string
  twoPersonRule: ColumnType<boolean, boolean | undefined, boolean>
  emergencyContacts: JsonDefault<EmergencyContact[]>
  updatedAt: Timestamp
}

export interface DisasterModeChangesTable {
  tenantId: string
  id: Generated<string>
  state: DisasterModeState
  previousState: DisasterModeState
  reason: string
  scope: string
  banner: string
  lineMenu: string
  changedByStaffId: string | null
  changedAt: CreatedAt
}

export interface EvacuationAlertsTable {
  tenantId: string
  id: Generated<string>
  state: ColumnType<AlertState, AlertState | undefined, AlertState>
  isTraining: boolean
  level: EvacuationLevel
  hazards: Hazard[]
  districtIds: string[]
  texts: Json<AlertTexts>
  revision: ColumnType<number, number | undefined, number>
  proposal: ColumnType<AlertProposal | null, string | null | undefined, string | null>
  source: ColumnType<'staff' | 'sensor', 'staff' | 'sensor' | undefined, never>
  sensorId: string | null
  sensorReading: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>
  createdByStaffId: string | null
  createdAt: CreatedAt
  updatedAt: Timestamp
  issuedAt: ColumnType<Date | null, Date | null | undefined, Date | null>
  cancelledAt: ColumnType<Date | null, Date | null | undefined, Date | null>
}

export interface EvacuationAlertRevisionsTable {
  tenantId: string
  alertId: string
  revision: number
  msgType: CapMsgType
  isTraining: boolean
  level: EvacuationLevel
  hazards: Hazard[]
  districtIds: string[]
  texts: Json<AlertTexts>
  capIdentifier: string
  capSent: Date
  capXml: string
  noticeId: string | null
  recipients: number
  requestedByStaffId: string | null
  approvedByStaffId: string | null
  issuedAt: CreatedAt
}

export interface LalertRelaysTable {
  tenantId: string
  alertId: string
  revision: number
  status: ColumnType<'pending' | 'accepted' | 'failed' | 'skipped', 'pending' | 'accepted' | 'failed' | 'skipped' | undefined, 'pending' | 'accepted' | 'failed' | 'skipped'>
  attempts: ColumnType<number, number | undefined, number>
  receipt: string | null
  lastError: string | null
  updatedAt: Timestamp
}

export interface AlertsDatabase extends Database {
  disasterSettings: DisasterSettingsTable
  disasterModeChanges: DisasterModeChangesTable
  evacuationAlerts: EvacuationAlertsTable
  evacuationAlertRevisions: EvacuationAlertRevisionsTable
  lalertRelays: LalertRelaysTable
}

export function alertsDb<T extends Kysely<Database> | Transaction<Database>>(executor: T): T extends Transaction<Database> ? Transaction<AlertsDatabase> : Kysely<AlertsDatabase> {
  return executor as never
}

export type EvacuationAlert = Selectable<EvacuationAlertsTable>
export type EvacuationAlertRevision = Selectable<EvacuationAlertRevisionsTable>
export type DisasterModeChange = Selectable<DisasterModeChangesTable>
