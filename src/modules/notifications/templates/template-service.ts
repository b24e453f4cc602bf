/**
 * Templates: create, save (a change to the texts adds a version; earlier versions stay readable
 * and notices record the one they used), read for others (compose, the API), and the test send
 * of the rendered email to the staff member's own address.
 */
import { randomUUID } from 'node:crypto'
import { sql, type Transaction } from 'kysely'
import type { Database } from '../../../platform/db/schema.js'
import { withTenant } from '../../../platform/db/tenant-context.js'
import { recordAudit } from '../../../platform/audit/audit-log.js'
import type { Platform } from '../../../platform/platform.js'
import type { StaffPrincipal } from '../../../platform/http/types.js'
import type { TenantContext } from '../../../platform/tenancy/tenant-service.js'
import type { NoticeContent, NoticeLanguage } from '../notification-tables.js'
import { listPlaceholders } from './template-placeholders.js'
import { renderEmailHtml, renderNotice } from './render-notice.js'
import { templateNotFound, templateVersionNotFound, testSendLimited } from './template-errors.js'
import type { FormErrors, TemplateDetails } from './template-form.js'
import { emailChromeTexts } from './templates-catalog.js'
import {
  findTemplate,
  findTemplateByKey,
  findTemplateVersion,
  insertTemplate,
  insertTemplateVersion,
  selectTemplates,
  selectTemplateVersions,
  selectTopicChoices,
  takeNextVersion,
  updateTemplateDetails,
  type TemplateListRow,
  type TemplateRow,
  type TemplateVersionSummary,
} from './template-repository.js'

type Trx = Transaction<Database>

/** Who is acting, where: what every staff call needs for audit. */
export interface StaffRequest {
  tenant: TenantContext
  actor: StaffPrincipal
  requestId: string
}

export interface TemplateVersion {
  template: TemplateRow
  version: number
  content: NoticeContent
  placeholders: string[]
}

/** Test sends per staff member per hour: enough to check a template, too few to mail anyone at scale. */
export const TEST_SEND_LIMIT_PER_HOUR = 10

/**
 * A template with its content at `version` (default: the current one). Throws NOT_FOUND for an
 * unknown template or version, so callers answer 404 / a 4xx problem.
 */
export async function getTemplateVersion(trx: Trx, tenantId: string, templateId: string, version?: number): Promise<TemplateVersion> {
  const template = await findTemplate(trx, tenantId, templateId)
  if (!template || template.currentVersion === 0) throw templateNotFound()
  return readVersion(trx, tenantId, template, version)
}

/** The same, by the template's key (what API clients name). */
export async function getTemplateVersionByKey(trx: Trx, tenantId: string, key: string, version?: number): Promise<TemplateVersion> {
  const template = await findTemplateByKey(trx, tenantId, key)
  if (!template || template.currentVersion === 0 || template.archivedAt) throw templateNotFound()
  return readVersion(trx, tenantId, template, version)
}

async function readVersion(trx: Trx, tenantId: string, template: TemplateRow, version?: number): Promise<TemplateVersion> {
  const wanted = version ?? template.currentVersion
  const row = await findTemplateVersion(trx, tenantId, template.id, wanted)
  if (!row) throw templateVersionNotFound(wanted)
  return { template, version: row.version, content: row.content, placeholders: row.placeholders }
}

/** The content of a template version (contract name used by compose and delivery). */
export async function templateContentFor(trx: Trx, tenantId: string, templateId: string, version?: number): Promise<{ content: NoticeContent; version: number; placeholders: string[] }> {
  const { content, version: number, placeholders } = await getTemplateVersion(trx, tenantId, templateId, version)
  return { content, version: number, placeholders }
}

/** The tenant's templates (not archived), by name, with their topic's names. Not paginated: a municipality has tens. */
export function listTemplates(trx: Trx, tenantId: string): Promise<TemplateListRow[]> {
  return selectTemplates(trx, tenantId)
}

/** JSON with keys sorted: jsonb does not keep key order, so equal content must compare equal. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (value && typeof value === 'object') {
    return `{${Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`)
      .join(',')}}`
  }
  return JSON.stringify(value)
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505'
}

const actorOf = (request: StaffRequest) => ({ type: 'staff' as const, id: request.actor.id })

export type SaveOutcome = { ok: true; templateId: string; version: number; isNewVersion: boolean } | { ok: false; errors: FormErrors }

export interface TemplateDetail {
  template: TemplateRow
  current: TemplateVersion
  versions: TemplateVersionSummary[]
}

export interface TestSendInput {
  version: number
  language: NoticeLanguage
  email: string
  values: Record<string, string>
}

export function createTemplateService(platform: Platform) {
  const { db } = platform.database

  return {
    listTemplates(request: StaffRequest): Promise<TemplateListRow[]> {
      return withTenant(db, request.tenant.id, trx => listTemplates(trx, request.tenant.id))
    },

    listTopicChoices(request: StaffRequest) {
      return withTenant(db, request.tenant.id, trx => selectTopicChoices(trx, request.tenant.id))
    },

    /** Creates a template with its first version; a key already used is a form error. */
    async createTemplate(request: StaffRequest, key: string, details: TemplateDetails, content: NoticeContent): Promise<SaveOutcome> {
      const tenantId = request.tenant.id
      try {
        return await withTenant(db, tenantId, async (trx): Promise<SaveOutcome> => {
          if (await findTemplateByKey(trx, tenantId, key)) return { ok: false, errors: { key: { key: 'notifications.templates.errors.keyTaken' } } }
          if (details.topicId && !(await topicExists(trx, tenantId, details.topicId))) return { ok: false, errors: { topicId: { key: 'notifications.templates.errors.topicInvalid' } } }
          const template = await insertTemplate(trx, tenantId, { key, ...details })
          const version = await takeNextVersion(trx, tenantId, template.id, 0)
          if (version !== 1) throw new Error('a new template must start at version 1')
          const placeholders = listPlaceholders(content)
          await insertTemplateVersion(trx, tenantId, { templateId: template.id, version, content, placeholders, createdByStaffId: request.actor.id })
          await recordAudit(trx, tenantId, { actor: actorOf(request), action: 'notifications.template-create', subjectType: 'notification_template', subjectId: template.id, details: { key, version, placeholders }, requestId: request.requestId })
          return { ok: true, templateId: template.id, version, isNewVersion: true }
        })
      } catch (error) {
        // Two staff creating the same key at once: the second is told, as if it had been checked.
        if (isUniqueViolation(error)) return { ok: false, errors: { key: { key: 'notifications.templates.errors.keyTaken' } } }
        throw error
      }
    },

    /**
     * Saves the form over the template. Changed texts add a version; a change of name or topic
     * alone does not. Saving over a version someone else replaced meanwhile is refused, so no
     * change is lost without the staff member seeing it.
     */
    async saveTemplate(request: StaffRequest, templateId: string, details: TemplateDetails, content: NoticeContent, baseVersion: number): Promise<SaveOutcome> {
      const tenantId = request.tenant.id
      return withTenant(db, tenantId, async (trx): Promise<SaveOutcome> => {
        const template = await findTemplate(trx, tenantId, templateId)
        if (!template) throw templateNotFound()
        if (template.currentVersion !== baseVersion) return { ok: false, errors: { versions: { key: 'notifications.templates.errors.staleVersion', params: { version: template.currentVersion } } } }
        if (details.topicId && !(await topicExists(trx, tenantId, details.topicId))) return { ok: false, errors: { topicId: { key: 'notifications.templates.errors.topicInvalid' } } }
        const current = await findTemplateVersion(trx, tenantId, templateId, template.currentVersion)
        if (details.name !== template.name || details.topicId !== template.topicId) await updateTemplateDetails(trx, tenantId, templateId, details)
        if (current && canonicalJson(current.content) === canonicalJson(content)) {
          await recordAudit(trx, tenantId, { actor: actorOf(request), action: 'notifications.template-rename', subjectType: 'notification_template', subjectId: templateId, details: { name: details.name, topicId: details.topicId }, requestId: request.requestId })
          return { ok: true, templateId, version: template.currentVersion, isNewVersion: false }
        }
        const version = await takeNextVersion(trx, tenantId, templateId, baseVersion)
        if (version === undefined) return { ok: false, errors: { versions: { key: 'notifications.templates.errors.staleVersion', params: { version: baseVersion + 1 } } } }
        const placeholders = listPlaceholders(content)
        await insertTemplateVersion(trx, tenantId, { templateId, version, content, placeholders, createdByStaffId: request.actor.id })
        await recordAudit(trx, tenantId, { actor: actorOf(request), action: 'notifications.template-save', subjectType: 'notification_template', subjectId: templateId, details: { key: template.key, version, placeholders }, requestId: request.requestId })
        return { ok: true, templateId, version, isNewVersion: true }
      })
    },

    /** A template, one of its versions (default current) and the version history. */
    async getTemplateDetail(request: StaffRequest, templateId: string, version?: number): Promise<TemplateDetail> {
      const tenantId = request.tenant.id
      return withTenant(db, tenantId, async trx => {
        const current = await getTemplateVersion(trx, tenantId, templateId, version)
        const versions = await selectTemplateVersions(trx, tenantId, templateId)
        return { template: current.template, current, versions }
      })
    },

    /**
     * Sends the template as rendered for `language` with sample values, marked 見本, to the
     * address the staff member gave (their own, prefilled). Limited per staff member and hour,
     * counted from the audit log so the limit holds across processes; every send is audited.
     */
    async sendTestEmail(request: StaffRequest, templateId: string, input: TestSendInput, now = new Date()): Promise<void> {
      const tenantId = request.tenant.id
      const texts = emailChromeTexts(input.language)
      const prepared = await withTenant(db, tenantId, async trx => {
        const { content, version } = await getTemplateVersion(trx, tenantId, templateId, input.version)
        const recent = await trx
          .selectFrom('auditLog')
          .select(sql<number>`count(*)::int`.as('count'))
          .where('tenantId', '=', tenantId)
          // template entries only: the (tenant, subject type) index keeps this off the whole log
          .where('subjectType', '=', 'notification_template')
          .where('actorType', '=', 'staff')
          .where('actorId', '=', request.actor.id)
          .where('action', '=', 'notifications.template-test-send')
          .where('occurredAt', '>', new Date(now.getTime() - 3_600_000))
          .executeTakeFirstOrThrow()
        if (recent.count >= TEST_SEND_LIMIT_PER_HOUR) throw testSendLimited()
        const rendered = renderNotice(content, input.language, input.values)
        const subject = `${texts.sampleSubjectPrefix}${rendered.subject}`
        const html = renderEmailHtml({ ...rendered, subject }, { lang: rendered.language, tenantName: request.tenant.name, banner: texts.sampleBanner })
        const text = `${texts.sampleBanner}\n\n${rendered.text}`
        const logged = await trx
          .insertInto('mailLog')
          .values({ tenantId, toAddress: input.email, subject, template: 'notifications.template-test', idempotencyKey: `template-test:${randomUUID()}`, textBody: platform.config.devMailbox ? text : null, htmlBody: platform.config.devMailbox ? html : null })
          .returning('id')
          .executeTakeFirstOrThrow()
        await recordAudit(trx, tenantId, {
          actor: actorOf(request),
          action: 'notifications.template-test-send',
          subjectType: 'notification_template',
          subjectId: templateId,
          details: { version, language: rendered.language, to: input.email },
          requestId: request.requestId,
        })
        return { mailLogId: logged.id, subject, html, text }
      })
      try {
        const { messageId } = await platform.mailer.send({ to: input.email, subject: prepared.subject, text: prepared.text, html: prepared.html })
        await withTenant(db, tenantId, trx => trx.updateTable('mailLog').set({ status: 'sent', sentAt: new Date(), providerMessageId: messageId, updatedAt: new Date() }).where('tenantId', '=', tenantId).where('id', '=', prepared.mailLogId).execute())
      } catch (error) {
        await withTenant(db, tenantId, trx => trx.updateTable('mailLog').set({ status: 'failed', error: 'test send failed', updatedAt: new Date() }).where('tenantId', '=', tenantId).where('id', '=', prepared.mailLogId).execute())
        // The error text can hold the address: log its code only.
        platform.logger.warn({ code: (error as { code?: unknown }).code, requestId: request.requestId }, 'template test send failed')
        throw error
      }
    },
  }
}

export type TemplateService = ReturnType<typeof createTemplateService>

async function topicExists(trx: Trx, tenantId: string, topicId: string): Promise<boolean> {
  const topics = await selectTopicChoices(trx, tenantId)
  return topics.some(topic => topic.id === topicId)
}
