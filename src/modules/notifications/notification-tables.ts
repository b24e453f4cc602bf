/**
 * Kysely types of the tables this module owns (migrations/0007_notifications_core.sql and the
 * later notifications migrations). Repositories view a platform executor through
 * `notificationsDb()` to reach them.
 */
import type { ColumnType, Generated, Kysely, Selectable, Transaction } from 'kysely'
import type { Database } from '../../platform/db/schema.js'

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>
type CreatedAt = ColumnType<Date, Date | string | undefined, never>
type Json<T> = ColumnType<T, string, string>
type JsonDefault<T> = ColumnType<T, string | undefined, string>

/** Channels a delivery can go through. The inbox is implicit: every resident has it. */
export const DELIVERY_CHANNELS = ['inbox', 'email', 'line', 'sms', 'push'] as const
export type DeliveryChannel = (typeof DELIVERY_CHANNELS)[number]
/** Channels a resident holds an address for. */
export const EXTERNAL_CHANNELS = ['email', 'line', 'sms', 'push'] as const
export type ExternalChannel = (typeof EXTERNAL_CHANNELS)[number]

/** Languages a notice can be written in and a resident can ask for (UI locales are ja, ja-easy, en). */
export const NOTICE_LANGUAGES = ['ja', 'ja-easy', 'en', 'zh-Hans', 'zh-Hant', 'ko', 'vi', 'pt', 'tl', 'ne', 'id'] as const
export type NoticeLanguage = (typeof NOTICE_LANGUAGES)[number]

export type DeliveryStatus = 'created' | 'sending' | 'delivered' | 'temporary_failure' | 'permanent_failure' | 'cancelled'
export const TERMINAL_DELIVERY_STATUSES = ['delivered', 'permanent_failure', 'cancelled'] as const satisfies readonly DeliveryStatus[]
export type NoticeStatus = 'draft' | 'pending_approval' | 'scheduled' | 'sending' | 'completed' | 'cancelled' | 'rejected'
export type NoticeKind = 'broadcast' | 'transactional' | 'reminder'
export type NoticePriority = 'critical' | 'normal'
export type NoticeSource = 'staff' | 'api' | 'module'
export type GarbageReminder = 'none' | 'evening-before' | 'same-morning'
export type LineMenuMode = 'normal' | 'disaster'

/** Texts of one language. `subject` and `body` are required; the rest fall back to them. */
export interface NoticeTexts {
  subject: string
  body: string
  /** SMS text (short); falls back to subject + link */
  sms?: string
  /** web push body; falls back to the subject */
  push?: string
  /** LINE: plain text (falls back to subject + body) or a flex message's alt text is the subject */
  line?: string
  /** LINE flex message contents (a bubble), optional */
  lineFlex?: Record<string, unknown>
}
export type NoticeContent = Partial<Record<NoticeLanguage, NoticeTexts>>

/** Who a notice goes to. Resolved to resident ids in SQL (audience/audience-query.ts). */
export type Audience =
  | { kind: 'everyone' }
  | { kind: 'topic'; topicId: string }
  | { kind: 'segment'; segmentId: string }
  | { kind: 'districts'; districtIds: string[] }
  | { kind: 'area'; geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown } }
  | { kind: 'residents'; residentIds: string[] }

export interface NotificationSettingsTable {
  tenantId: string
  approvalThreshold: Generated<number>
  digestHour: Generated<number>
  lineChannelId: string | null
  lineChannelSecretEnc: string | null
  lineAccessTokenEnc: string | null
  lineLoginChannelId: string | null
  lineLoginChannelSecretEnc: string | null
  lineMenuMode: Generated<LineMenuMode>
  rateLimits: JsonDefault<Partial<Record<ExternalChannel, number>>>
  createdAt: CreatedAt
  updatedAt: Timestamp
}

export type LocalizedNames = Partial<Record<NoticeLanguage, string>> & { ja: string }

export interface NotificationTopicsTable {
  tenantId: string
  id: Generated<string>
  key: string
  names: Json<LocalizedNames>
  descriptions: JsonDefault<Partial<Record<NoticeLanguage, string>>>
  isDefault: Generated<boolean>
  sortOrder: Generated<number>
  createdAt: CreatedAt
  updatedAt: Timestamp
}

export interface DistrictsTable {
  tenantId: string
  id: Generated<string>
  code: string
  names: Json<LocalizedNames>
  geometry: Json<{ type: 'Polygon' | 'MultiPolygon'; coordinates: unknown } | null> | null
  minLng: number | null
  minLat: number | null
  maxLng: number | null
  maxLat: number | null
  sortOrder: Generated<number>
  createdAt: CreatedAt
  updatedAt: Timestamp
}

export interface ResidentNotificationProfilesTable {
  tenantId: string
  residentId: string
  language: Generated<NoticeLanguage>
  districtId: string | null
  homeLat: number | null
  homeLng: number | null
  /** 'HH:MM:SS' local time */
  quietStart: string | null
  quietEnd: string | null
  wantsDigest: Generated<boolean>
  garbageReminder: Generated<GarbageReminder>
  householdHasChildren: boolean | null
  allowsAnswerTargeting: Generated<boolean>
  /** opted out of every non-urgent bulk email (one-click unsubscribe from a notice without a topic) */
  isBulkEmailOff: Generated<boolean>
  channelOrder: Generated<ExternalChannel[]>
  createdAt: CreatedAt
  updatedAt: Timestamp
}

export interface ResidentChannelsTable {
  tenantId: string
  id: Generated<string>
  residentId: string
  channel: ExternalChannel
  address: string
  details: JsonDefault<Record<string, string>>
  verifiedAt: Date | null
  verificationCodeHash: string | null
  verificationExpiresAt: Date | null
  verificationAttempts: Generated<number>
  removedAt: Date | null
  removedReason: string | null
  createdAt: CreatedAt
  updatedAt: Timestamp
}

export interface TopicSubscriptionsTable {
  tenantId: string
  residentId: string
  topicId: string
  channels: DeliveryChannel[]
  createdAt: CreatedAt
  updatedAt: Timestamp
}

export interface SegmentsTable {
  tenantId: string
  id: Generated<string>
  name: string
  definition: Json<Record<string, unknown>>
  createdByStaffId: string | null
  createdAt: CreatedAt
  updatedAt: Timestamp
}

export interface NotificationTemplatesTable {
  tenantId: string
  id: Generated<string>
  key: string
  name: string
  topicId: string | null
  currentVersion: Generated<number>
  archivedAt: Date | null
  createdAt: CreatedAt
  updatedAt: Timestamp
}

export interface NotificationTemplateVersionsTable {
  tenantId: string
  templateId: string
  version: number
  content: Json<NoticeContent>
  placeholders: Generated<string[]>
  createdByStaffId: string | null
  createdAt: CreatedAt
  updatedAt: Timestamp
}

export interface NoticesTable {
  tenantId: string
  id: Generated<string>
  kind: NoticeKind
  priority: Generated<NoticePriority>
  isDigestible: Generated<boolean>
  isTraining: Generated<boolean>
  topicId: string | null
  templateId: string | null
  templateVersion: number | null
  content: Json<NoticeContent>
  personalisation: JsonDefault<Record<string, string>>
  audience: Json<Audience>
  linkUrl: string | null
  status: Generated<NoticeStatus>
  scheduledAt: Date | null
  recipientCount: number | null
  source: NoticeSource
  createdByStaffId: string | null
  apiKeyId: string | null
  approvedByStaffId: string | null
  approvedAt: Date | null
  decisionNote: string | null
  cancelledByStaffId: string | null
  cancelledAt: Date | null
  deliveriesCreatedAt: Date | null
  completedAt: Date | null
  idempotencyKey: string | null
  requestHash: string | null
  statusCallbackUrl: string | null
  statusCallbackTokenEnc: string | null
  createdAt: CreatedAt
  updatedAt: Timestamp
}

export interface DeliveriesTable {
  tenantId: string
  /** bigint identity: pg returns it as a string */
  id: ColumnType<string, never, never>
  noticeId: string
  residentId: string
  channel: DeliveryChannel
  status: Generated<DeliveryStatus>
  priority: Generated<number>
  isDigest: Generated<boolean>
  attempts: Generated<number>
  nextAttemptAt: Generated<Date>
  batchId: string | null
  claimedAt: Date | null
  providerRef: string | null
  error: string | null
  failoverOf: string | null
  createdAt: CreatedAt
  sentAt: Date | null
  deliveredAt: Date | null
  failedAt: Date | null
  updatedAt: Timestamp
}

export interface LineWebhookEventsTable {
  tenantId: string
  webhookEventId: string
  eventType: string
  receivedAt: Generated<Date>
  createdAt: CreatedAt
  updatedAt: Timestamp
}

export interface LineFollowersTable {
  tenantId: string
  lineUserId: string
  isFollowing: boolean
  residentId: string | null
  followedAt: Date | null
  unfollowedAt: Date | null
  createdAt: CreatedAt
  updatedAt: Timestamp
}

export interface LineRichMenusTable {
  tenantId: string
  mode: LineMenuMode
  richMenuId: string
  definition: Json<Record<string, unknown>>
  createdAt: CreatedAt
  updatedAt: Timestamp
}

export interface NotificationTables {
  notificationSettings: NotificationSettingsTable
  notificationTopics: NotificationTopicsTable
  districts: DistrictsTable
  residentNotificationProfiles: ResidentNotificationProfilesTable
  residentChannels: ResidentChannelsTable
  topicSubscriptions: TopicSubscriptionsTable
  segments: SegmentsTable
  notificationTemplates: NotificationTemplatesTable
  notificationTemplateVersions: NotificationTemplateVersionsTable
  notices: NoticesTable
  deliveries: DeliveriesTable
  lineWebhookEvents: LineWebhookEventsTable
  lineFollowers: LineFollowersTable
  lineRichMenus: LineRichMenusTable
}

export type NotificationsDatabase = Database & NotificationTables
export type NotificationsExecutor = Kysely<NotificationsDatabase> | Transaction<NotificationsDatabase>

/** The same connection or transaction, typed to see this module's tables too. */
export function notificationsDb<T extends Kysely<Database> | Transaction<Database>>(executor: T): T extends Transaction<Database> ? Transaction<NotificationsDatabase> : Kysely<NotificationsDatabase> {
  return executor as never
}

export type Notice = Selectable<NoticesTable>
export type Delivery = Selectable<DeliveriesTable>
export type ResidentChannel = Selectable<ResidentChannelsTable>
export type NotificationTopic = Selectable<NotificationTopicsTable>
export type District = Selectable<DistrictsTable>
export type ResidentNotificationProfile = Selectable<ResidentNotificationProfilesTable>
