import { z } from 'zod'
import type { Executor } from '../db/tenant-context.js'
import { withTenant } from '../db/tenant-context.js'
import { translator, isLocale, LOCALES, type Locale } from '../i18n/i18n.js'
import { defineJob, type JobContext } from '../jobs/define-job.js'
import type { JobQueue } from '../jobs/job-queue.js'
import { renderMailHtml } from './mail-html.js'

/**
 * The notify port: every module tells residents things through `notify()`. It enqueues a job in
 * the caller's transaction (the outbox), so a notice exists exactly when the business write
 * commits. The foundation delivers to the inbox and by email; the notifications hub, when
 * installed (setNotifyHub), takes residents' notifications over and adds LINE, SMS and push
 * behind the same port.
 */
export type Recipient = { residentId: string } | { email: string; locale?: Locale }

export interface NotificationTemplate {
  id: string
  /** message keys; `{placeholders}` are filled from data */
  subjectKey: string
  bodyKey: string
  channels: readonly ('inbox' | 'email')[]
}

const templates = new Map<string, NotificationTemplate>()

export function defineNotificationTemplate(template: NotificationTemplate): NotificationTemplate {
  templates.set(template.id, template)
  return template
}

const DeliverPayload = z.object({
  tenantId: z.uuid(),
  recipient: z.union([z.object({ residentId: z.uuid() }), z.object({ email: z.email(), locale: z.enum(['ja', 'ja-easy', 'en']).optional() })]),
  template: z.string().min(1),
  data: z.record(z.string(), z.union([z.string(), z.number()])),
  linkUrl: z.string().optional(),
  idempotencyKey: z.string().min(1).max(200),
})

export const deliverNotification = defineJob({
  name: 'notify.deliver-message',
  payload: DeliverPayload,
  retryLimit: 8,
  retryDelaySeconds: 15,
  async run(payload, ctx: JobContext) {
    const template = templates.get(payload.template)
    if (!template) throw new Error(`unknown notification template ${payload.template}`)
    const target = await withTenant(ctx.db, payload.tenantId, async trx => {
      if (!('residentId' in payload.recipient)) return { email: payload.recipient.email, locale: payload.recipient.locale ?? 'ja', residentId: undefined }
      const resident = await trx
        .selectFrom('residents')
        .select(['id', 'email', 'locale', 'emailVerifiedAt'])
        .where('tenantId', '=', payload.tenantId)
        .where('id', '=', payload.recipient.residentId)
        .executeTakeFirst()
      if (!resident) return undefined
      return { email: resident.emailVerifiedAt ? resident.email : null, locale: resident.locale, residentId: resident.id }
    })
    if (!target) return // the resident was deleted meanwhile: nothing to deliver
    const t = translator(isLocale(target.locale) ? target.locale : 'ja')
    const subject = t(template.subjectKey, payload.data)
    const body = t(template.bodyKey, payload.data)

    if (template.channels.includes('inbox') && target.residentId) {
      const residentId = target.residentId
      await withTenant(ctx.db, payload.tenantId, trx =>
        trx
          .insertInto('messages')
          .values({ tenantId: payload.tenantId, residentId, template: template.id, subject, body, linkUrl: payload.linkUrl ?? null, idempotencyKey: payload.idempotencyKey })
          .onConflict(oc => oc.columns(['tenantId', 'idempotencyKey']).where('idempotencyKey', 'is not', null).doNothing())
          .execute(),
      )
    }
    if (template.channels.includes('email') && target.email) {
      // The inbox links within the site; an email needs the absolute address.
      const linkUrl = payload.linkUrl?.startsWith('/') && !payload.linkUrl.startsWith('//') ? `${ctx.config.publicUrl}${payload.linkUrl}` : payload.linkUrl
      await sendLoggedMail(ctx, payload.tenantId, { to: target.email, subject, body, linkUrl, template: template.id, idempotencyKey: payload.idempotencyKey, lang: target.locale === 'en' ? 'en' : 'ja' })
    }
  },
})

export interface LoggedMail {
  to: string
  subject: string
  body: string
  linkUrl?: string
  template: string
  idempotencyKey: string
  lang: string
}

/** Addresses are personal data: keep them out of error text that is logged and stored. */
export function redactAddresses(message: string): string {
  return message.replace(/[^\s<>"'@]+@[^\s<>"'@]+/g, '<address>').slice(0, 500)
}

/**
 * Sends one mail at most once per idempotency key, recording it in mail_log (bodies only in
 * development, for the mail viewer). Throws on failure so that the job is retried.
 */
export async function sendLoggedMail(ctx: JobContext, tenantId: string, mail: LoggedMail): Promise<void> {
  const text = mail.linkUrl ? `${mail.body}\n\n${mail.linkUrl}` : mail.body
  const logged = await withTenant(ctx.db, tenantId, async trx => {
    const existing = await trx.selectFrom('mailLog').select(['id', 'status']).where('tenantId', '=', tenantId).where('idempotencyKey', '=', mail.idempotencyKey).executeTakeFirst()
    if (existing) return existing
    return trx
      .insertInto('mailLog')
      .values({ tenantId, toAddress: mail.to, subject: mail.subject, template: mail.template, idempotencyKey: mail.idempotencyKey, textBody: ctx.config.devMailbox ? text : null, htmlBody: null })
      .returning(['id', 'status'])
      .executeTakeFirstOrThrow()
  })
  if (logged.status === 'sent') return // a retry after the mail went out: do not send twice
  const html = renderMailHtml({ subject: mail.subject, body: mail.body, linkUrl: mail.linkUrl, lang: mail.lang })
  try {
    const { messageId } = await ctx.mailer.send({ to: mail.to, subject: mail.subject, text, html })
    await withTenant(ctx.db, tenantId, trx =>
      trx
        .updateTable('mailLog')
        .set({ status: 'sent', sentAt: new Date(), providerMessageId: messageId, htmlBody: ctx.config.devMailbox ? html : null, updatedAt: new Date() })
        .where('tenantId', '=', tenantId)
        .where('id', '=', logged.id)
        .execute(),
    )
  } catch (error) {
    const reason = redactAddresses((error as Error).message)
    await withTenant(ctx.db, tenantId, trx =>
      trx.updateTable('mailLog').set({ status: 'failed', error: reason, updatedAt: new Date() }).where('tenantId', '=', tenantId).where('id', '=', logged.id).execute(),
    )
    throw new Error(`mail delivery failed: ${reason}`) // pg-boss retries with backoff
  }
}

export interface NotifyOptions {
  idempotencyKey: string
  linkUrl?: string
}

/** What the notify port hands to the notifications hub for a resident: the message in every UI language. */
export interface HubNotification {
  tenantId: string
  residentId: string
  template: NotificationTemplate
  /** subject and body per locale, translated with the caller's data */
  texts: Record<Locale, { subject: string; body: string }>
  linkUrl?: string
  idempotencyKey: string
}

/**
 * The notifications hub, when the deployment has it: it turns a resident's notification into a
 * transactional notice with a delivery on each of the resident's channels (inbox at once, LINE,
 * email, SMS, push by its delivery engine), inside the caller's transaction.
 */
export type NotifyHub = (trx: Executor, notification: HubNotification) => Promise<void>

let notifyHub: NotifyHub | undefined

/** Installs (or, with undefined, removes) the hub behind the notify port. */
export function setNotifyHub(hub: NotifyHub | undefined): void {
  notifyHub = hub
}

function translateEverywhere(template: NotificationTemplate, data: Record<string, string | number>): Record<Locale, { subject: string; body: string }> {
  const texts = {} as Record<Locale, { subject: string; body: string }>
  for (const locale of LOCALES) {
    const t = translator(locale)
    texts[locale] = { subject: t(template.subjectKey, data), body: t(template.bodyKey, data) }
  }
  return texts
}

export function createNotifier(jobs: JobQueue) {
  return {
    /**
     * Delivers in the caller's transaction (the hub's delivery rows, or a queued job: the
     * outbox); the same idempotency key never delivers twice. A resident goes through the hub
     * when there is one; an email address alone always by mail.
     */
    async notify(trx: Executor, tenantId: string, recipient: Recipient, template: NotificationTemplate, data: Record<string, string | number>, options: NotifyOptions) {
      if (notifyHub && 'residentId' in recipient) {
        await notifyHub(trx, { tenantId, residentId: recipient.residentId, template, texts: translateEverywhere(template, data), linkUrl: options.linkUrl, idempotencyKey: options.idempotencyKey })
        return
      }
      await jobs.enqueue(trx, deliverNotification, { tenantId, recipient, template: template.id, data, linkUrl: options.linkUrl, idempotencyKey: options.idempotencyKey }, { idempotencyKey: `notify:${options.idempotencyKey}` })
    },
  }
}
export type Notifier = ReturnType<typeof createNotifier>
