/**
 * Kysely types of the tables this module owns (migrations/0004_procedures.sql). Repositories
 * view a platform transaction through `proceduresDb()` to reach them.
 */
import type { ColumnType, Generated, Kysely, Selectable, Transaction } from 'kysely'
import type { Database } from '../../platform/db/schema.js'
import type { ProcedureDocument } from './form/form-definition.js'
import type { Answers } from './form/form-answers.js'
import type { FeeLine } from './form/form-fees.js'

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>
type CreatedAt = ColumnType<Date, never, never>
type Json<T> = ColumnType<T, string, string>

export type ProcedureStatus = 'draft' | 'published' | 'archived'
export type ApplicationStatus = 'draft' | 'submitted' | 'in_review' | 'correction_requested' | 'pending_approval' | 'approved' | 'rejected' | 'withdrawn'
export type PaymentState = 'none' | 'due' | 'paid' | 'refunded' | 'waived'
export type ApplicationChannel = 'online' | 'counter' | 'api'
export type Decision = 'approved' | 'rejected'

export interface ProceduresTable {
  tenantId: string
  id: Generated<string>
  slug: string
  departmentId: string | null
  draftDocument: Json<ProcedureDocument>
  draftUpdatedAt: Timestamp
  draftUpdatedBy: string | null
  publishedVersionId: string | null
  status: Generated<ProcedureStatus>
  category: string
  searchText: Generated<string>
  createdAt: CreatedAt
  updatedAt: Timestamp
}

export interface ProcedureVersionsTable {
  tenantId: string
  id: Generated<string>
  procedureId: string
  version: number
  document: Json<ProcedureDocument>
  jsonSchema: Json<Record<string, unknown>>
  uiSchema: Json<Record<string, unknown>>
  publishedAt: Timestamp
  publishedBy: string | null
  createdAt: CreatedAt
  updatedAt: Timestamp
}

export interface ApplicationsTable {
  tenantId: string
  id: Generated<string>
  procedureId: string
  versionId: string
  residentId: string | null
  receiptNumber: string | null
  status: Generated<ApplicationStatus>
  answers: Json<Answers>
  currentPage: string | null
  feeYen: Generated<number>
  feeLines: Json<FeeLine[]>
  paymentState: Generated<PaymentState>
  paymentId: string | null
  channel: Generated<ApplicationChannel>
  apiKeyId: string | null
  enteredByStaffId: string | null
  departmentId: string | null
  assigneeStaffId: string | null
  idempotencyKey: string | null
  requestHash: string | null
  submittedAt: Date | null
  dueAt: Date | null
  decidedAt: Date | null
  decision: Decision | null
  decisionReason: string | null
  proposedDecision: Decision | null
  proposedReason: string | null
  proposedBy: string | null
  createdAt: CreatedAt
  updatedAt: Timestamp
}

export interface ApplicationEventsTable {
  tenantId: string
  id: Generated<string>
  applicationId: string
  fromStatus: ApplicationStatus | null
  toStatus: ApplicationStatus
  action: string
  actorType: 'resident' | 'staff' | 'system' | 'api'
  actorId: string | null
  message: string | null
  occurredAt: Generated<Date>
  createdAt: CreatedAt
  updatedAt: Timestamp
}

export interface ApplicationNotesTable {
  tenantId: string
  id: Generated<string>
  applicationId: string
  staffUserId: string
  body: string
  createdAt: CreatedAt
  updatedAt: Timestamp
}

export interface ApplicationSecretsTable {
  tenantId: string
  applicationId: string
  fieldPath: string
  ciphertext: string
  createdAt: CreatedAt
  updatedAt: Timestamp
}

export interface ApplicationApprovalsTable {
  tenantId: string
  id: Generated<string>
  applicationId: string
  round: Generated<number>
  step: number
  status: Generated<'pending' | 'approved' | 'returned'>
  decidedBy: string | null
  onBehalfOf: string | null
  comment: string | null
  decidedAt: Date | null
  createdAt: CreatedAt
  updatedAt: Timestamp
}

export interface ApprovalDelegationsTable {
  tenantId: string
  id: Generated<string>
  fromStaffId: string
  toStaffId: string
  startsOn: ColumnType<string, string, string>
  endsOn: ColumnType<string, string, string>
  createdAt: CreatedAt
  updatedAt: Timestamp
}

export interface ApplicationDocumentsTable {
  tenantId: string
  id: Generated<string>
  applicationId: string
  kind: 'receipt' | 'notice'
  title: string
  content: Buffer
  issuedAt: Generated<Date>
  createdAt: CreatedAt
  updatedAt: Timestamp
}

export interface SavedInboxFiltersTable {
  tenantId: string
  id: Generated<string>
  staffUserId: string
  name: string
  query: string
  createdAt: CreatedAt
  updatedAt: Timestamp
}

export interface ProcedureTables {
  procedures: ProceduresTable
  procedureVersions: ProcedureVersionsTable
  applications: ApplicationsTable
  applicationEvents: ApplicationEventsTable
  applicationNotes: ApplicationNotesTable
  applicationSecrets: ApplicationSecretsTable
  applicationApprovals: ApplicationApprovalsTable
  approvalDelegations: ApprovalDelegationsTable
  applicationDocuments: ApplicationDocumentsTable
  savedInboxFilters: SavedInboxFiltersTable
}

export type ProceduresDatabase = Database & ProcedureTables
export type ProceduresExecutor = Kysely<ProceduresDatabase> | Transaction<ProceduresDatabase>

/** The same connection or transaction, typed to see this module's tables too. */
export function proceduresDb<T extends Kysely<Database> | Transaction<Database>>(executor: T): T extends Transaction<Database> ? Transaction<ProceduresDatabase> : Kysely<ProceduresDatabase> {
  return executor as never
}

export type Procedure = Selectable<ProceduresTable>
export type ProcedureVersion = Selectable<ProcedureVersionsTable>
export type Application = Selectable<ApplicationsTable>
export type ApplicationEvent = Selectable<ApplicationEventsTable>
