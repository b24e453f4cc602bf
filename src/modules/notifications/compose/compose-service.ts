/**
 * Writing a notice and sending it. The compose page saves a draft (one per compose token, so a
 * double click on 確認 makes one), the confirm page shows what each channel will say and how
 * many residents each will reach, and 送信 decides — in one transaction, with the notice locked —
 * whether it waits for approval, waits for its scheduled time, or goes now.
 */
import { randomUUID } from 'node:crypto'
import type { Transaction } from 'kysely'
import { recordAudit } from '../../../platform/audit/audit-log.js'
import type { Database } from '../../../platform/db/schema.js'
import { withTenant } from '../../../platform/db/tenant-context.js'
import { countDeliveryTargets, insertNotice, queueNoticeDeliveries } from '../delivery/index.js'
import type { DeliveryChannel, Notice } from '../notification-tables.js'
import { auditActor, type ComposeDeps, type ComposeRequest } from './compose-context.js'
import { ComposeFormProblem, noticeNotFound, staleNotice } from './compose-errors.js'
import { deleteDraftNotice, findApprovalThreshold, findNotice, lockNotice, setNoticeStatus, updateDraftNotice, type DraftFields } from './compose-repository.js'
import { approvalReasons, scheduledTimeProblem, sendOutcome, type ApprovalReason, type SendOutcome } from './compose-rules.js'
import { parseComposeForm, type ComposeForm } from './compose-schemas.js'
import { describeAudience, findTemplateForCompose, findTopicName, loadComposeChoices, loadDistrictFeatures, type AudienceDescription, type ComposeChoices, type TemplateInUse } from './compose-sources.js'
import { contentOfForm, formOfNotice, resolveDraftFields } from './draft-content.js'
import { listPlaceholders } from '../templates/template-placeholders.js'
import { renderNoticePreviews, type NoticePreview } from './notice-preview.js'

type Trx = Transaction<Database>

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export interface DraftConfirmation {
  notice: Notice
  audience: AudienceDescription
  topicName: string | null
  recipients: number
  byChannel: Record<DeliveryChannel, number>
  approvalReasons: ApprovalReason[]
  threshold: number
  previews: NoticePreview[]
}

export type SendResult = { outcome: SendOutcome; recipients: number } | { outcome: 'already-sent' }

export function createComposeService(deps: ComposeDeps) {
  const { db, config, clock } = deps

  /**
   * A staff notice for the compose pages. A draft is its author's work in progress: for anyone
   * else it does not exist. Once sent, the caller sees that it is no longer a draft.
   */
  async function getOwnDraft(trx: Trx, request: ComposeRequest, noticeId: string, lock: boolean): Promise<Notice> {
    const notice = lock ? await lockNotice(trx, request.tenant.id, noticeId) : await findNotice(trx, request.tenant.id, noticeId)
    if (!notice || notice.source !== 'staff' || (notice.status === 'draft' && notice.createdByStaffId !== request.actor.id)) throw noticeNotFound()
    return notice
  }

  async function checkForm(trx: Trx, request: ComposeRequest, form: ComposeForm): Promise<DraftFields> {
    const parsed = parseComposeForm(form, clock())
    // The database checks run even when the form has errors, so that every problem shows at once.
    const resolved = await resolveDraftFields(trx, request.tenant.id, parsed.ok ? parsed.input : undefined, form)
    const errors = { ...(parsed.ok ? {} : parsed.errors), ...resolved.errors }
    if (!parsed.ok || Object.keys(errors).length > 0 || !resolved.fields) throw new ComposeFormProblem(errors)
    return resolved.fields
  }

  return {
    /**
     * What the compose form shows besides the form itself: the choices, the template in use
     * (its topic preselected on a new notice) and the placeholders that need values.
     */
    async prepareComposePage(request: ComposeRequest, form: ComposeForm, options: { isFresh?: boolean } = {}): Promise<{ form: ComposeForm; choices: ComposeChoices; template?: TemplateInUse; placeholders: string[] }> {
      return withTenant(db, request.tenant.id, async trx => {
        const choices = await loadComposeChoices(trx, request.tenant.id, request.locale)
        const template = UUID.test(form.templateId) ? await findTemplateForCompose(trx, request.tenant.id, form.templateId.toLowerCase()) : undefined
        const shown = template && options.isFresh ? { ...form, topicId: template.topicId ?? '' } : form
        return { form: template ? shown : { ...form, templateId: '' }, choices, template, placeholders: listPlaceholders(template ? template.content : contentOfForm(form)) }
      })
    },

    /** The districts' boundaries for the map picker. */
    async listDistrictFeatures(request: ComposeRequest) {
      return withTenant(db, request.tenant.id, trx => loadDistrictFeatures(trx, request.tenant.id, request.locale))
    },

    /**
     * Saves the compose form as a draft. The compose token is the idempotency key: posting the
     * same page twice (a double click) returns the draft made the first time.
     */
    async createDraft(request: ComposeRequest, form: ComposeForm): Promise<{ noticeId: string; isNew: boolean }> {
      const token = UUID.test(form.composeToken) ? form.composeToken.toLowerCase() : randomUUID()
      return withTenant(db, request.tenant.id, async trx => {
        const fields = await checkForm(trx, request, form)
        const { notice, isNew } = await insertNotice(
          trx,
          request.tenant.id,
          {
            kind: 'broadcast',
            priority: fields.priority,
            isDigestible: fields.isDigestible,
            topicId: fields.topicId,
            templateId: fields.templateId,
            templateVersion: fields.templateVersion,
            content: fields.content,
            personalisation: fields.personalisation,
            audience: fields.audience,
            linkUrl: fields.linkUrl,
            source: 'staff',
            createdByStaffId: request.actor.id,
            idempotencyKey: `staff-compose:${token}`,
            scheduledAt: fields.scheduledAt,
          },
          'draft',
        )
        if (isNew) {
          await recordAudit(trx, request.tenant.id, {
            actor: auditActor(request.actor),
            action: 'notifications.notice-draft',
            subjectType: 'notice',
            subjectId: notice.id,
            details: { audience: fields.audience.kind, priority: fields.priority },
            requestId: request.requestId,
          })
        }
        return { noticeId: notice.id, isNew }
      })
    },

    /** The draft on its edit form. */
    async getDraftForm(request: ComposeRequest, noticeId: string): Promise<ComposeForm> {
      return withTenant(db, request.tenant.id, async trx => {
        const notice = await getOwnDraft(trx, request, noticeId, false)
        if (notice.status !== 'draft') throw staleNotice()
        return formOfNotice(notice)
      })
    },

    async updateDraft(request: ComposeRequest, noticeId: string, form: ComposeForm): Promise<void> {
      await withTenant(db, request.tenant.id, async trx => {
        const notice = await getOwnDraft(trx, request, noticeId, true)
        if (notice.status !== 'draft') throw staleNotice()
        const fields = await checkForm(trx, request, form)
        if (!(await updateDraftNotice(trx, request.tenant.id, noticeId, fields))) throw staleNotice()
      })
    },

    /** What the confirm page shows: previews per language and channel, counts per channel, whether approval is needed. */
    async confirmDraft(request: ComposeRequest, noticeId: string): Promise<DraftConfirmation | { notice: Notice; isDraft: false }> {
      return withTenant(db, request.tenant.id, async trx => {
        const notice = await getOwnDraft(trx, request, noticeId, false)
        if (notice.status !== 'draft') return { notice, isDraft: false as const }
        const counts = await countDeliveryTargets(trx, request.tenant.id, { audience: notice.audience, priority: notice.priority, topicId: notice.topicId })
        const threshold = await findApprovalThreshold(trx, request.tenant.id)
        return {
          notice,
          audience: await describeAudience(trx, request.tenant.id, notice.audience, request.locale),
          topicName: await findTopicName(trx, request.tenant.id, notice.topicId, request.locale),
          recipients: counts.recipients,
          byChannel: counts.byChannel,
          threshold,
          approvalReasons: approvalReasons({ recipients: counts.recipients, threshold, priority: notice.priority, senderMayApprove: request.actor.permissions.has('notifications.approve') }),
          previews: renderNoticePreviews(notice, config.publicUrl),
        }
      })
    },

    /**
     * Sends a draft: to approval, to its scheduled time, or now. Posting it again (a double
     * click, a retry) finds it no longer a draft and changes nothing.
     */
    async sendDraft(request: ComposeRequest, noticeId: string): Promise<SendResult> {
      return withTenant(db, request.tenant.id, async trx => {
        const notice = await getOwnDraft(trx, request, noticeId, true)
        if (notice.status !== 'draft') return { outcome: 'already-sent' as const }
        const now = clock()
        // The time was checked when the draft was saved; it may have passed while the confirm page was open.
        const late = notice.scheduledAt ? scheduledTimeProblem(notice.scheduledAt, now) : undefined
        if (late) throw new ComposeFormProblem({ scheduledAt: { key: `compose.errors.schedule.${late}` } })
        const counts = await countDeliveryTargets(trx, request.tenant.id, { audience: notice.audience, priority: notice.priority, topicId: notice.topicId })
        if (counts.recipients === 0) throw new ComposeFormProblem({ audienceKind: { key: 'compose.errors.noRecipients' } })
        const threshold = await findApprovalThreshold(trx, request.tenant.id)
        const reasons = approvalReasons({ recipients: counts.recipients, threshold, priority: notice.priority, senderMayApprove: request.actor.permissions.has('notifications.approve') })
        const outcome = sendOutcome({ needsApproval: reasons.length > 0, scheduledAt: notice.scheduledAt, now })
        let recipients = counts.recipients
        switch (outcome) {
          case 'pending_approval':
          case 'scheduled':
            await setNoticeStatus(trx, request.tenant.id, noticeId, outcome, counts.recipients)
            break
          case 'send-now':
            recipients = (await queueNoticeDeliveries(trx, request.tenant.id, noticeId, now)).recipients
            break
        }
        await recordAudit(trx, request.tenant.id, {
          actor: auditActor(request.actor),
          action: 'notifications.notice-send',
          subjectType: 'notice',
          subjectId: noticeId,
          details: { outcome, recipients, byChannel: counts.byChannel, approvalReasons: reasons, scheduledAt: notice.scheduledAt?.toISOString() ?? null },
          requestId: request.requestId,
        })
        return { outcome, recipients }
      })
    },

    /** Throws a draft away. A draft has reached no one, so nothing of it needs keeping. */
    async discardDraft(request: ComposeRequest, noticeId: string): Promise<void> {
      await withTenant(db, request.tenant.id, async trx => {
        const notice = await getOwnDraft(trx, request, noticeId, true)
        if (notice.status !== 'draft' || !(await deleteDraftNotice(trx, request.tenant.id, noticeId))) throw staleNotice()
      })
    },
  }
}

export type ComposeService = ReturnType<typeof createComposeService>
