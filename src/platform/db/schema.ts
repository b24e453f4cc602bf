import type { ColumnType, Generated, Insertable, Selectable } from 'kysely'

/** Kysely table types (camelCase through CamelCasePlugin). One interface per table. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>
type CreatedAt = ColumnType<Date, never, never>
type Json<T> = ColumnType<T, string, string>

export interface TenantsTable {
  id: Generated<string>
  slug: string
  name: string
  nameEn: string
  lgCode: string
  settings: Json<unknown>
  status: Generated<'active' | 'suspended'>
  createdAt: CreatedAt
  updatedAt: Timestamp
}

export interface DepartmentsTable {
  tenantId: string
  id: Generated<string>
  code: string
  name: string
  nameEn: Generated<string>
  createdAt: CreatedAt
  updatedAt: Timestamp
}

export type StaffRole = 'administrator' | 'supervisor' | 'clerk' | 'outsourced_operator' | 'partner_member'

export interface StaffUsersTable {
  tenantId: string
  id: Generated<string>
  email: string
  displayName: string
  passwordHash: string
  totpSecretEncrypted: string | null
  totpEnrolledAt: Date | null
  totpLastTimeStep: number | null
  recoveryCodeHashes: Json<string[]>
  status: Generated<'active' | 'disabled'>
  failedLoginCount: Generated<number>
  lockedUntil: Date | null
  lastLoginAt: Date | null
  createdAt: CreatedAt
  updatedAt: Timestamp
}

export interface StaffRoleAssignmentsTable {
  tenantId: string
  id: Generated<string>
  staffUserId: string
  role: StaffRole
  departmentId: string | null
  createdAt: CreatedAt
  updatedAt: Timestamp
}

export type Locale = 'ja' | 'ja-easy' | 'en'

export interface ResidentsTable {
  tenantId: string
  id: Generated<string>
  email: string | null
  emailVerifiedAt: Date | null
  displayName: Generated<string>
  locale: Generated<Locale>
  postalCode: string | null
  addressPrefecture: string | null
  addressCity: string | null
  addressTown: string | null
  addressStreet: string | null
  phone: string | null
  createdAt: CreatedAt
  updatedAt: Timestamp
}

export type IdentityProviderId = 'digital-auth-app' | 'email' | 'line'

export interface ResidentIdentitiesTable {
  tenantId: string
  id: Generated<string>
  residentId: string
  provider: IdentityProviderId
  subject: string
  assurance: 'low' | 'high'
  lastLoginAt: Date | null
  createdAt: CreatedAt
  updatedAt: Timestamp
}

export type Gender = 'male' | 'female' | 'other' | 'unknown'

export interface ResidentBasicInfoTable {
  tenantId: string
  residentId: string
  name: string
  nameKana: string | null
  address: string
  birthdate: string
  gender: Gender
  provider: string
  verifiedAt: Date
  createdAt: CreatedAt
  updatedAt: Timestamp
}

export interface SessionsTable {
  tenantId: string
  id: Generated<string>
  tokenHash: string
  kind: 'resident' | 'staff'
  residentId: string | null
  staffUserId: string | null
  stage: 'mfa_enrol' | 'mfa' | 'complete'
  assurance: 'low' | 'high'
  userAgent: string
  ip: string
  createdAt: CreatedAt
  updatedAt: Timestamp
  lastSeenAt: Timestamp
  idleExpiresAt: Date
  absoluteExpiresAt: Date
  revokedAt: Date | null
}

export interface LoginAttemptsTable {
  tenantId: string
  id: Generated<string>
  kind: 'oidc' | 'magic_link'
  lookupHash: string
  payload: Json<unknown>
  expiresAt: Date
  usedAt: Date | null
  createdAt: CreatedAt
  updatedAt: Timestamp
}

export interface MessagesTable {
  tenantId: string
  id: Generated<string>
  residentId: string
  template: string
  subject: string
  body: string
  linkUrl: string | null
  idempotencyKey: string | null
  readAt: Date | null
  createdAt: CreatedAt
  updatedAt: Timestamp
}

export interface MailLogTable {
  tenantId: string
  id: Generated<string>
  toAddress: string
  subject: string
  textBody: string | null
  htmlBody: string | null
  template: string
  idempotencyKey: string | null
  status: Generated<'queued' | 'sent' | 'failed'>
  providerMessageId: string | null
  error: string | null
  sentAt: Date | null
  createdAt: CreatedAt
  updatedAt: Timestamp
}

export type ActorType = 'staff' | 'resident' | 'system' | 'operator' | 'anonymous'

export interface AuditLogTable {
  tenantId: string
  seq: number
  id: Generated<string>
  occurredAt: Date
  actorType: ActorType
  actorId: string | null
  action: string
  subjectType: string | null
  subjectId: string | null
  details: Json<Record<string, unknown>>
  requestId: string | null
  prevHash: string
  hash: string
}

export interface IdempotencyKeysTable {
  tenantId: string
  scope: string
  key: string
  response: Json<unknown>
  createdAt: CreatedAt
  updatedAt: Timestamp
}

export interface Database {
  tenants: TenantsTable
  departments: DepartmentsTable
  staffUsers: StaffUsersTable
  staffRoleAssignments: StaffRoleAssignmentsTable
  residents: ResidentsTable
  residentIdentities: ResidentIdentitiesTable
  residentBasicInfo: ResidentBasicInfoTable
  sessions: SessionsTable
  loginAttempts: LoginAttemptsTable
  messages: MessagesTable
  mailLog: MailLogTable
  auditLog: AuditLogTable
  idempotencyKeys: IdempotencyKeysTable
}

export type Tenant = Selectable<TenantsTable>
export type StaffUser = Selectable<StaffUsersTable>
export type Resident = Selectable<ResidentsTable>
export type Session = Selectable<SessionsTable>
export type NewAuditRow = Insertable<AuditLogTable>
