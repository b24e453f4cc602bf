/**
 * The notices API's write and read. A notice is created in one transaction with everything it
 * needs checked first (template and version, texts, personalisation, audience, schedule), so a
 * refused request stores nothing; sending goes through the delivery engine like a staff notice.
 *
 * Reading: `GET /notices/:id` answers for any notice the municipality's API keys created (not
 * only the calling key's), so an integrator can rotate its key without losing sight of notices
 * scheduled earlier. The answer holds states and counts only — no texts, personalisation or
 * recipients — so a key that may read sees nothing personal.
 */
import type { Transaction } from 'kysely'
import type { Database } from '../../../platform/db/schema.js'
import { withTenant } from '../../../platform/db/tenant-context.js'
import { recordAudit } from '../../../platform/audit/audit-log.js'
import type { ApiKeyPrincipal } from '../../../platform/auth/api-keys/index.js'
import type { Platform } from '../../../platform/platform.js'
import { isAppError } from '../../../platform/errors.js'
import { notificationsDb, type Audience, type Notice, type NoticeContent, type NoticeStatus } from '../notification-tables.js'
import { countDeliveryTargets, insertNotice, queueNoticeDeliveries, summariseNoticeProgress, type NoticeProgress } from '../delivery/index.js'
import { checkNoticeContent, checkPersonalisation, getTemplateVersionByKey } from '../templates/index.js'
import { checkStatusCallbackUrl, type AudienceRequest, type CreateNoticeBody } from './notices-api-schemas.js'

type Trx = Transaction<Database>

/** A notice may be scheduled up to a year ahead; a little clock skew in the past counts as now. */
export const MAX_SCHEDULE_AHEAD_MS = 366 * 24 * 3_600_000
export const SCHEDULE_SKEW_MS = 60_000
const DEFAULT_APPROVAL_THRESHOLD = 1000

export interface ProblemItem {
  path: string
  code: string
  messageKey: string
  params?: Record<string, string | number>
}

export interface NoticeProblem {
  ok: false
  status: number
  code: string
  messageKey: string
  errors: ProblemItem[]
}

export interface CreatedNoticeJson {
  id: string
  status: NoticeStatus
  recipientCount: number | null
  scheduledAt: string | null
  links: { status: string }
}

export interface CreatedNotice {
  ok: true
  /** 201 created (sending or scheduled); 202 accepted, waiting for a supervisor's approval */
  status: 201 | 202
  body: CreatedNoticeJson
  replayed: boolean
}

export interface NoticeStatusJson {
  id: string
  status: NoticeStatus
  kind: Notice['kind']
  priority: Notice['priority']
  template: { key: string; version: number } | null
  recipientCount: number | null
  createdAt: string
  scheduledAt: string | null
  approvedAt: string | null
  completedAt: string | null
  cancelledAt: string | null
  deliveries: NoticeProgress
}

const problem = (status: number, code: string, messageKey: string, errors: ProblemItem[] = []): NoticeProblem => ({ ok: false, status, code, messageKey, errors })

/** Client keys are the client's own: kept per API key, two integrators never collide. */
export function scopedIdempotencyKey(apiKeyId: string, clientKey: string): string {
  return `api:${apiKeyId}:${clientKey}`
}

export function noticeStatusPath(tenantSlug: string, noticeId: string): string {
  return `/api/v1/${tenantSlug}/notices/${noticeId}`
}

/** Was the notice made to wait for approval (now or before)? Such a notice answers 202, replays too. */
function neededApproval(notice: Notice): boolean {
  return notice.status === 'pending_approval' || notice.status === 'rejected' || notice.approvedAt !== null
}

function createdResponse(tenantSlug: string, notice: Notice, replayed: boolean): CreatedNotice {
  return {
    ok: true,
    status: neededApproval(notice) ? 202 : 201,
    replayed,
    body: { id: notice.id, status: notice.status, recipientCount: notice.recipientCount, scheduledAt: notice.scheduledAt?.toISOString() ?? null, links: { status: noticeStatusPath(tenantSlug, notice.id) } },
  }
}

async function findByIdempotencyKey(trx: Trx, tenantId: string, key: string): Promise<Notice | undefined> {
  return notificationsDb(trx).selectFrom('notices').selectAll().where('tenantId', '=', tenantId).where('idempotencyKey', '=', key).executeTakeFirst()
}

/** The audience as the engine takes it, with ids checked to exist in this municipality. */
async function resolveAudience(trx: Trx, tenantId: string, request: AudienceRequest): Promise<{ audience: Audience; topicId: string | null } | NoticeProblem> {
  const db = notificationsDb(trx)
  if ('everyone' in request) return { audience: { kind: 'everyone' }, topicId: null }
  if ('topic' in request) {
    const topic = await db.selectFrom('notificationTopics').select('id').where('tenantId', '=', tenantId).where('key', '=', request.topic).executeTakeFirst()
    if (!topic) return problem(422, 'NOTIFICATIONS.AUDIENCE_NOT_FOUND', 'notifications.api.errors.audienceNotFound', [{ path: 'audience.topic', code: 'unknown_topic', messageKey: 'notifications.api.errors.unknownTopic', params: { topic: request.topic } }])
    return { audience: { kind: 'topic', topicId: topic.id }, topicId: topic.id }
  }
  if ('segment' in request) {
    const segment = await db.selectFrom('segments').select('id').where('tenantId', '=', tenantId).where('id', '=', request.segment).executeTakeFirst()
    if (!segment) return problem(422, 'NOTIFICATIONS.AUDIENCE_NOT_FOUND', 'notifications.api.errors.audienceNotFound', [{ path: 'audience.segment', code: 'unknown_segment', messageKey: 'notifications.api.errors.unknownSegment' }])
    return { audience: { kind: 'segment', segmentId: segment.id }, topicId: null }
  }
  const codes = [...new Set(request.districts)]
  const found = await db.selectFrom('districts').select(['id', 'code']).where('tenantId', '=', tenantId).where('code', 'in', codes).execute()
  const known = new Set(found.map(row => row.code))
  const unknown = codes.filter(code => !known.has(code))
  if (unknown.length > 0) {
    return problem(
      422,
      'NOTIFICATIONS.AUDIENCE_NOT_FOUND',
      'notifications.api.errors.audienceNotFound',
      unknown.slice(0, 50).map(code => ({ path: `audience.districts[${request.districts.indexOf(code)}]`, code: 'unknown_district', messageKey: 'notifications.api.errors.unknownDistrict', params: { district: code } })),
    )
  }
  return { audience: { kind: 'districts', districtIds: found.map(row => row.id) }, topicId: null }
}

/** The texts to send (a template version or the request's own) with their template reference. */
async function resolveContent(trx: Trx, tenantId: string, body: CreateNoticeBody): Promise<{ content: NoticeContent; templateId: string | null; templateVersion: number | null; topicId: string | null } | NoticeProblem> {
  if (body.template) {
    try {
      const found = await getTemplateVersionByKey(trx, tenantId, body.template.key, body.template.version)
      return { content: found.content, templateId: found.template.id, templateVersion: found.version, topicId: found.template.topicId }
    } catch (error) {
      if (!isAppError(error) || error.kind !== 'NOT_FOUND') throw error
      if (error.code === 'NOTIFICATIONS.TEMPLATE_VERSION_NOT_FOUND') return problem(422, error.code, 'notifications.api.errors.templateVersionNotFound', [{ path: 'template.version', code: 'unknown_version', messageKey: 'notifications.api.errors.templateVersionNotFound' }])
      return problem(422, 'NOTIFICATIONS.TEMPLATE_NOT_FOUND', 'notifications.api.errors.templateNotFound', [{ path: 'template.key', code: 'unknown_template', messageKey: 'notifications.api.errors.templateNotFound' }])
    }
  }
  const content = (body.content ?? {}) as NoticeContent
  const issues = checkNoticeContent(content)
  if (issues.length > 0) {
    return problem(
      422,
      'NOTIFICATIONS.CONTENT_INVALID',
      'notifications.api.errors.contentInvalid',
      issues.map(issue => ({ path: `content.${issue.language}.${issue.field}`, code: issue.code, messageKey: `notifications.templates.errors.${issue.code}`, params: { ...issue.params, language: issue.language } })),
    )
  }
  return { content, templateId: null, templateVersion: null, topicId: null }
}

function checkSchedule(scheduledAt: string | undefined, now: Date): Date | null | NoticeProblem {
  if (!scheduledAt) return null
  const at = new Date(scheduledAt)
  if (at.getTime() < now.getTime() - SCHEDULE_SKEW_MS) return problem(422, 'NOTIFICATIONS.SCHEDULE_IN_PAST', 'notifications.api.errors.scheduleInPast', [{ path: 'scheduledAt', code: 'past', messageKey: 'notifications.api.errors.scheduleInPast' }])
  if (at.getTime() > now.getTime() + MAX_SCHEDULE_AHEAD_MS) return problem(422, 'NOTIFICATIONS.SCHEDULE_TOO_FAR', 'notifications.api.errors.scheduleTooFar', [{ path: 'scheduledAt', code: 'too_far', messageKey: 'notifications.api.errors.scheduleTooFar' }])
  // A time already reached (within the skew) is "now": the notice goes out straight away.
  return at.getTime() <= now.getTime() ? null : at
}

const isProblem = (value: unknown): value is NoticeProblem => typeof value === 'object' && value !== null && (value as { ok?: unknown }).ok === false

export function createNoticesApiService(platform: Platform) {
  const { db } = platform.database
  const { config } = platform

  return {
    /**
     * Creates a notice from an API request: replays an earlier one with the same Idempotency-Key
     * and body, refuses the key with another body, and otherwise checks everything before one
     * insert. Audiences over the municipality's approval threshold wait for a supervisor (202).
     */
    async createNotice(tenant: { id: string; slug: string }, apiKey: ApiKeyPrincipal, body: CreateNoticeBody, input: { idempotencyKey: string; requestHash: string }, now = new Date()): Promise<CreatedNotice | NoticeProblem> {
      const idempotencyKey = scopedIdempotencyKey(apiKey.id, input.idempotencyKey)
      const replay = (notice: Notice) =>
        notice.requestHash === input.requestHash ? createdResponse(tenant.slug, notice, true) : problem(422, 'NOTIFICATIONS.IDEMPOTENCY_KEY_REUSED', 'notifications.api.errors.idempotencyKeyReused')

      if (body.statusCallback) {
        const check = checkStatusCallbackUrl(body.statusCallback.url, config.isProduction)
        if (check !== 'ok') return problem(422, 'NOTIFICATIONS.CALLBACK_URL_INVALID', 'notifications.api.errors.callbackUrlInvalid', [{ path: 'statusCallback.url', code: check, messageKey: `notifications.api.errors.callbackUrl.${check}` }])
      }
      const scheduledAt = checkSchedule(body.scheduledAt, now)
      if (isProblem(scheduledAt)) return scheduledAt

      return withTenant(db, tenant.id, async (trx): Promise<CreatedNotice | NoticeProblem> => {
        const existing = await findByIdempotencyKey(trx, tenant.id, idempotencyKey)
        if (existing) return replay(existing)

        const source = await resolveContent(trx, tenant.id, body)
        if (isProblem(source)) return source
        const personalisation = body.personalisation ?? {}
        const missing = checkPersonalisation(source.content, personalisation)
        if (missing.length > 0) {
          return problem(422, 'NOTIFICATIONS.PERSONALISATION_MISSING', 'notifications.api.errors.personalisationMissing', missing.map(name => ({ path: `personalisation.${name}`, code: 'missing', messageKey: 'notifications.api.errors.placeholderMissing', params: { placeholder: name } })))
        }

        let audience: Audience
        let topicId = source.topicId
        if (body.recipient) {
          const resident = await trx.selectFrom('residents').select('id').where('tenantId', '=', tenant.id).where('id', '=', body.recipient.residentId).executeTakeFirst()
          if (!resident) return problem(422, 'NOTIFICATIONS.RECIPIENT_NOT_FOUND', 'notifications.api.errors.recipientNotFound', [{ path: 'recipient.residentId', code: 'unknown_resident', messageKey: 'notifications.api.errors.recipientNotFound' }])
          audience = { kind: 'residents', residentIds: [resident.id] }
        } else {
          const resolved = await resolveAudience(trx, tenant.id, body.audience as AudienceRequest)
          if (isProblem(resolved)) return resolved
          audience = resolved.audience
          topicId = resolved.topicId ?? topicId
        }
        const kind = body.recipient ? 'transactional' : 'broadcast'
        const priority = body.priority ?? 'normal'

        let status: NoticeStatus = scheduledAt ? 'scheduled' : 'sending'
        if (!body.recipient) {
          const settings = await notificationsDb(trx).selectFrom('notificationSettings').select('approvalThreshold').where('tenantId', '=', tenant.id).executeTakeFirst()
          const targets = await countDeliveryTargets(trx, tenant.id, { audience, priority, topicId, kind })
          // As in staff compose: a large send, or a critical one (it overrides residents' topic
          // choices and quiet hours), waits for a supervisor's approval.
          if (targets.recipients > (settings?.approvalThreshold ?? DEFAULT_APPROVAL_THRESHOLD) || priority === 'critical') status = 'pending_approval'
        }

        const { notice, isNew } = await insertNotice(
          trx,
          tenant.id,
          {
            kind,
            priority,
            topicId,
            templateId: source.templateId,
            templateVersion: source.templateVersion,
            content: source.content,
            personalisation,
            audience,
            linkUrl: body.linkUrl ?? null,
            source: 'api',
            apiKeyId: apiKey.id,
            idempotencyKey,
            requestHash: input.requestHash,
            scheduledAt,
            statusCallback: body.statusCallback ?? null,
          },
          status,
        )
        // A concurrent first try with the same key got there first: this one is its replay.
        if (!isNew) return replay(notice)
        let created = notice
        if (status === 'sending') {
          const queued = await queueNoticeDeliveries(trx, tenant.id, notice.id, now)
          created = { ...notice, status: 'sending', recipientCount: queued.recipients }
        }
        await recordAudit(trx, tenant.id, {
          actor: { type: 'system', id: null },
          action: 'notifications.notice-create',
          subjectType: 'notice',
          subjectId: notice.id,
          details: { source: 'api', apiKeyId: apiKey.id, status: created.status, kind, priority, template: body.template ?? null, audience: body.recipient ? 'resident' : Object.keys(body.audience ?? {})[0] },
        })
        return createdResponse(tenant.slug, created, false)
      })
    },

    /** A notice the municipality's API keys created, with its deliveries by channel and state; anyone else's is undefined. */
    async findNoticeStatus(tenantId: string, noticeId: string): Promise<NoticeStatusJson | undefined> {
      return withTenant(db, tenantId, async trx => {
        const notice = await notificationsDb(trx)
          .selectFrom('notices as n')
          .leftJoin('notificationTemplates as t', join => join.onRef('t.tenantId', '=', 'n.tenantId').onRef('t.id', '=', 'n.templateId'))
          .selectAll('n')
          .select('t.key as templateKey')
          .where('n.tenantId', '=', tenantId)
          .where('n.id', '=', noticeId)
          .where('n.source', '=', 'api')
          .executeTakeFirst()
        if (!notice) return undefined
        const deliveries = await summariseNoticeProgress(trx, tenantId, noticeId)
        const iso = (date: Date | null) => date?.toISOString() ?? null
        return {
          id: notice.id,
          status: notice.status,
          kind: notice.kind,
          priority: notice.priority,
          template: notice.templateKey && notice.templateVersion ? { key: notice.templateKey, version: notice.templateVersion } : null,
          recipientCount: notice.recipientCount,
          createdAt: notice.createdAt.toISOString(),
          scheduledAt: iso(notice.scheduledAt),
          approvedAt: iso(notice.approvedAt),
          completedAt: iso(notice.completedAt),
          cancelledAt: iso(notice.cancelledAt),
          deliveries,
        }
      })
    },
  }
}
export type NoticesApiService = ReturnType<typeof createNoticesApiService>

