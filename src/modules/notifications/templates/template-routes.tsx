/**
 * Staff pages of templates under `/:tenant/staff/notifications/templates`. Reading, previewing
 * and test sends need 'notifications.send' (whoever sends notices uses templates); creating and
 * editing need 'notifications.manage'.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { isUuid } from '../../../platform/http/params.js'
import { tenantOf } from '../../../platform/http/pipeline.js'
import { unauthenticated, isAppError } from '../../../platform/errors.js'
import { pageContext } from '../../../platform/views/page-context.js'
import type { Config } from '../../../platform/config.js'
import { NOTICE_LANGUAGES, type NoticeLanguage } from '../notification-tables.js'
import { renderEmailHtml, renderNotice } from './render-notice.js'
import { formValuesOf, parseTemplateForm, readFormValues } from './template-form.js'
import type { StaffRequest, TemplateService } from './template-service.js'
import { sampleValues } from './template-samples.js'
import { TemplateListPage } from './template-list-page.js'
import { TemplateFormPage } from './template-form-page.js'
import { TemplateDetailPage } from './template-detail-page.js'
import { previewQuery, TemplatePreviewPage } from './template-preview-page.js'
import { templatesBase, translateErrors } from './template-views.js'

const manage = { auth: 'staff', permission: 'notifications.manage' } as const
const use = { auth: 'staff', permission: 'notifications.send' } as const

/**
 * The email preview is a document of its own, shown in a sandboxed frame: the CSP `sandbox`
 * gives it an opaque origin with no scripts, forms or navigation, and the inline styles a mail
 * needs are allowed only here. Only this console may frame it.
 */
const EMAIL_PREVIEW_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'; sandbox"

function staffRequest(req: FastifyRequest): StaffRequest {
  const tenant = tenantOf(req)
  if (!req.staff) throw unauthenticated('AUTH.STAFF_LOGIN_REQUIRED')
  return { tenant, actor: req.staff, requestId: req.id }
}

function templateIdOf(req: FastifyRequest): string | undefined {
  const { templateId } = req.params as { templateId: string }
  return isUuid(templateId) ? templateId.toLowerCase() : undefined
}

function versionOf(value: unknown): number | undefined {
  const text = typeof value === 'string' ? value : ''
  return /^[1-9][0-9]{0,8}$/.test(text) ? Number(text) : undefined
}

function languageOf(value: unknown, fallback: NoticeLanguage): NoticeLanguage {
  return (NOTICE_LANGUAGES as readonly string[]).includes(String(value)) ? (value as NoticeLanguage) : fallback
}

const TestSendSchema = z.object({ email: z.email({ message: 'notifications.templates.errors.emailInvalid' }).max(254, { message: 'notifications.templates.errors.emailInvalid' }) })

export function registerTemplateRoutes(app: FastifyInstance, service: TemplateService, config: Pick<Config, 'publicUrl'>) {
  const base = '/:tenant/staff/notifications/templates'

  app.get(base, { config: use }, async (req, reply) => {
    const templates = await service.listTemplates(staffRequest(req))
    return reply.html(<TemplateListPage ctx={pageContext(req)} templates={templates} canManage={req.staff?.permissions.has('notifications.manage') ?? false} />)
  })

  app.get(`${base}/new`, { config: manage }, async (req, reply) => {
    const topics = await service.listTopicChoices(staffRequest(req))
    return reply.html(<TemplateFormPage ctx={pageContext(req)} values={{}} topics={topics} />)
  })

  app.post(base, { config: manage }, async (req, reply) => {
    const request = staffRequest(req)
    const values = readFormValues(req.body)
    const parsed = parseTemplateForm(values, true)
    const outcome = parsed.ok ? await service.createTemplate(request, parsed.key, parsed.details, parsed.content) : parsed
    if (!outcome.ok) {
      const topics = await service.listTopicChoices(request)
      return reply.html(<TemplateFormPage ctx={pageContext(req)} values={values} errors={translateErrors(req.t, outcome.errors)} topics={topics} />, 422)
    }
    return reply.redirect(`/${request.tenant.slug}/staff/notifications/templates/${outcome.templateId}?done=created`, 303)
  })

  app.get(`${base}/:templateId`, { config: use }, async (req, reply) => {
    const templateId = templateIdOf(req)
    if (!templateId) return reply.callNotFound()
    const query = req.query as { version?: string; done?: string }
    const detail = await service.getTemplateDetail(staffRequest(req), templateId, versionOf(query.version))
    const notice = query.done === 'created' || query.done === 'saved' || query.done === 'unchanged' ? req.t(`notifications.templates.done.${query.done}`, { version: detail.template.currentVersion }) : undefined
    return reply.html(<TemplateDetailPage ctx={pageContext(req)} detail={detail} canManage={req.staff?.permissions.has('notifications.manage') ?? false} notice={notice} />)
  })

  app.get(`${base}/:templateId/edit`, { config: manage }, async (req, reply) => {
    const templateId = templateIdOf(req)
    if (!templateId) return reply.callNotFound()
    const request = staffRequest(req)
    const detail = await service.getTemplateDetail(request, templateId)
    const topics = await service.listTopicChoices(request)
    return reply.html(<TemplateFormPage ctx={pageContext(req)} templateId={templateId} values={formValuesOf(detail.template, detail.current.content)} topics={topics} />)
  })

  app.post(`${base}/:templateId`, { config: manage }, async (req, reply) => {
    const templateId = templateIdOf(req)
    if (!templateId) return reply.callNotFound()
    const request = staffRequest(req)
    const detail = await service.getTemplateDetail(request, templateId)
    const values = { ...readFormValues(req.body), key: detail.template.key }
    const parsed = parseTemplateForm(values, false)
    const outcome = parsed.ok ? await service.saveTemplate(request, templateId, parsed.details, parsed.content, parsed.baseVersion) : parsed
    if (!outcome.ok) {
      const topics = await service.listTopicChoices(request)
      return reply.html(<TemplateFormPage ctx={pageContext(req)} templateId={templateId} values={values} errors={translateErrors(req.t, outcome.errors)} topics={topics} />, 422)
    }
    return reply.redirect(`/${request.tenant.slug}/staff/notifications/templates/${templateId}?done=${outcome.isNewVersion ? 'saved' : 'unchanged'}`, 303)
  })

  /** The version, language and sample values a preview (or a test send) asks for. */
  async function previewOf(req: FastifyRequest, input: Record<string, unknown>) {
    const templateId = templateIdOf(req)
    if (!templateId) return undefined
    const detail = await service.getTemplateDetail(staffRequest(req), templateId, versionOf(input.version))
    const language = languageOf(input.lang, req.locale)
    const values = sampleValues(detail.current.placeholders, input)
    const rendered = renderNotice(detail.current.content, language, values)
    return { detail, language, values, rendered }
  }

  async function renderPreview(req: FastifyRequest, reply: FastifyReply, input: Record<string, unknown>, options: { status?: number; errors?: Record<string, string>; notice?: string; testEmail?: string } = {}) {
    const preview = await previewOf(req, input)
    if (!preview) return reply.callNotFound()
    reply.header('cache-control', 'no-store')
    return reply.html(
      <TemplatePreviewPage
        ctx={pageContext(req)}
        version={preview.detail.current}
        language={preview.language}
        values={preview.values}
        rendered={preview.rendered}
        testEmail={options.testEmail ?? req.staff?.email ?? ''}
        errors={options.errors}
        notice={options.notice}
      />,
      options.status ?? 200,
    )
  }

  app.get(`${base}/:templateId/preview`, { config: use }, async (req, reply) => {
    const query = (req.query ?? {}) as Record<string, unknown>
    return renderPreview(req, reply, query, { notice: query.sent === '1' ? req.t('notifications.templates.testSend.sent') : undefined })
  })

  app.get(`${base}/:templateId/preview/email`, { config: use }, async (req, reply) => {
    const preview = await previewOf(req, (req.query ?? {}) as Record<string, unknown>)
    if (!preview) return reply.callNotFound()
    // The unsubscribe link only shows where it will be: a real one is signed per resident.
    const html = renderEmailHtml(preview.rendered, { lang: preview.rendered.language, tenantName: tenantOf(req).name, banner: req.t('notifications.templates.preview.sampleBanner'), unsubscribeUrl: `${config.publicUrl}/${tenantOf(req).slug}` })
    return reply
      .header('content-security-policy', EMAIL_PREVIEW_CSP)
      .header('x-frame-options', 'SAMEORIGIN')
      .header('cache-control', 'no-store')
      .type('text/html; charset=utf-8')
      .send(html)
  })

  app.post(`${base}/:templateId/test-send`, { config: use }, async (req, reply) => {
    const request = staffRequest(req)
    const body = (req.body ?? {}) as Record<string, unknown>
    const email = typeof body.email === 'string' ? body.email.trim() : ''
    const parsed = TestSendSchema.safeParse({ email })
    if (!parsed.success) return renderPreview(req, reply, body, { status: 422, errors: { email: req.t('notifications.templates.errors.emailInvalid') }, testEmail: email })
    // A test send goes to yourself only: the page must not become a way to mail anyone from the city.
    if (parsed.data.email.toLowerCase() !== (req.staff?.email ?? '').toLowerCase()) {
      return renderPreview(req, reply, body, { status: 422, errors: { email: req.t('notifications.templates.errors.testSendOwnAddressOnly') }, testEmail: email })
    }
    const preview = await previewOf(req, body)
    if (!preview) return reply.callNotFound()
    try {
      await service.sendTestEmail(request, preview.detail.template.id, { version: preview.detail.current.version, language: preview.language, email: parsed.data.email, values: preview.values })
    } catch (error) {
      if (isAppError(error) && error.code === 'NOTIFICATIONS.TEST_SEND_LIMITED') return renderPreview(req, reply, body, { status: 429, errors: { email: req.t(error.messageKey) }, testEmail: email })
      if (isAppError(error)) throw error
      return renderPreview(req, reply, body, { status: 503, errors: { email: req.t('notifications.templates.errors.testSendFailed') }, testEmail: email })
    }
    return reply.redirect(`${templatesBase(pageContext(req))}/${preview.detail.template.id}/preview?${previewQuery(preview.detail.current.version, preview.language, preview.values)}&sent=1#test-send`, 303)
  })
}
