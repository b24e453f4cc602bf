/**
 * Resident routes: catalogue, procedure page, apply flow (page by page, check answers, submit),
 * My applications (detail, withdraw, correct and resubmit, pay, documents).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Platform } from '../../platform/platform.js'
import { pageContext } from '../../platform/views/page-context.js'
import { tenantOf } from '../../platform/http/pipeline.js'
import { isUuid } from '../../platform/http/params.js'
import { withTenant } from '../../platform/db/tenant-context.js'
import { findStoredFile, readMultipartForm, sendStoredFile } from '../../platform/files/index.js'
import type { TenantContext } from '../../platform/tenancy/tenant-service.js'
import { CATEGORIES, LIFE_EVENTS, type FormPage, type ProcedureDocument } from './form/form-definition.js'
import { tokyoToday, validateField, type AnswerError, type Answers, type FileValue } from './form/form-answers.js'
import { pruneHiddenAnswers, visibleElements, visiblePages } from './form/form-conditions.js'
import { calculateFee } from './form/form-fees.js'
import { translateAnswerError } from './form/form-fields.js'
import { createApplicationService, findPublished, isOpenForApplications } from './application-service.js'
import { answersBefore, createPageSubmission } from './page-submission.js'
import { listApplicationEvents } from './application-repository.js'
import { listPublishedProcedures } from './procedure-repository.js'
import { CataloguePage, ProcedurePage, StartPage } from './catalogue-pages.js'
import { CheckAnswersPage, FormPageView, SubmittedPage } from './apply-pages.js'
import { ApplicationDetailPage, MyApplicationsPage, PayPage, WithdrawPage } from './my-application-pages.js'
import { findDepartmentName, findDocument, listDocuments, listResidentApplications, listStaffViews } from './my-application-repository.js'
import { renderReceipt } from './receipt-document.js'
import { AnswersInvalidError, applicationNotFound, procedureNotFound } from './procedure-errors.js'
import type { Application } from './procedure-tables.js'
import type { ApplicationPayments } from './application-payments.js'

type Params = { tenant: string; id: string; pageId: string; slug: string; documentId: string; fileId: string }

export function registerResidentProcedureRoutes(app: FastifyInstance, platform: Platform, payments: ApplicationPayments) {
  const service = createApplicationService(platform)
  const { db } = platform.database
  const pages = createPageSubmission(platform)
  const base = (tenant: TenantContext, id: string) => `/${tenant.slug}/applications/${id}`

  function errorListOf(req: FastifyRequest, errors: AnswerError[]) {
    return errors.map(e => ({ field: e.path, message: translateAnswerError(e, req.locale, req.t) }))
  }

  async function renderPage(req: FastifyRequest, reply: FastifyReply, input: { application: Application; doc: ProcedureDocument; page: FormPage; values: Answers; raw?: Record<string, string | string[]>; errors?: AnswerError[]; postalStatus?: Record<string, string>; status?: number }) {
    const tenant = tenantOf(req)
    const { application, doc, page } = input
    const merged = { ...application.answers, ...input.values }
    const pages = visiblePages(doc.form, merged)
    const index = Math.max(0, pages.findIndex(p => p.id === page.id))
    const previous = pages[index - 1]
    const errorList = errorListOf(req, input.errors ?? [])
    return reply.header('cache-control', 'no-store').html(
      <FormPageView
        ctx={pageContext(req)}
        doc={doc}
        page={page}
        pageNumber={index + 1}
        pageCount={pages.length + 1}
        action={`${base(tenant, application.id)}/pages/${page.id}`}
        backHref={previous ? `${base(tenant, application.id)}/pages/${previous.id}` : application.status === 'draft' ? `/${tenant.slug}/procedures/${doc.slug}` : base(tenant, application.id)}
        earlier={answersBefore(doc, merged, page.id)}
        fields={{ values: input.values, raw: input.raw, errors: Object.fromEntries(errorList.map(e => [e.field, e.message])), postalStatus: input.postalStatus }}
        errorList={errorList}
      />,
      input.status ?? (errorList.length > 0 ? 422 : 200),
    )
  }

  async function loadEditable(req: FastifyRequest) {
    const tenant = tenantOf(req)
    const { id } = req.params as Params
    if (!isUuid(id)) throw applicationNotFound()
    const loaded = await service.getOwnApplication(tenant.id, req.resident!.id, id) // auth: 'resident' guarantees req.resident
    return { tenant, ...loaded }
  }

  // ── Catalogue ─────────────────────────────────────────────────────────────
  app.get('/:tenant/procedures', { config: { auth: 'public' } }, async (req, reply) => {
    const tenant = tenantOf(req)
    const q = req.query as { q?: unknown; category?: unknown; lifeEvent?: unknown }
    const query = typeof q.q === 'string' ? q.q.slice(0, 100) : ''
    const category = typeof q.category === 'string' && (CATEGORIES as readonly string[]).includes(q.category) ? q.category : ''
    const lifeEvent = typeof q.lifeEvent === 'string' && (LIFE_EVENTS as readonly string[]).includes(q.lifeEvent) ? q.lifeEvent : ''
    const entries = await withTenant(db, tenant.id, trx => listPublishedProcedures(trx, tenant.id, { query: query.trim() || undefined, category: category || undefined, lifeEvent: lifeEvent || undefined }))
    return reply.html(<CataloguePage ctx={pageContext(req)} tenant={tenant} entries={entries} query={query} category={category} lifeEvent={lifeEvent} />)
  })

  app.get('/:tenant/procedures/:slug', { config: { auth: 'public' } }, async (req, reply) => {
    const tenant = tenantOf(req)
    const { slug } = req.params as Params
    const published = await withTenant(db, tenant.id, trx => findPublished(trx, tenant.id, slug))
    if (!published) throw procedureNotFound()
    return reply.html(<ProcedurePage ctx={pageContext(req)} tenant={tenant} doc={published.document} isOpen={isOpenForApplications(published.document, new Date())} />)
  })

  app.get('/:tenant/procedures/:slug/apply', { config: { auth: 'resident' } }, async (req, reply) => {
    const tenant = tenantOf(req)
    const { slug } = req.params as Params
    const published = await withTenant(db, tenant.id, trx => findPublished(trx, tenant.id, slug))
    if (!published) throw procedureNotFound()
    const drafts = await withTenant(db, tenant.id, trx => listResidentApplications(trx, tenant.id, req.resident!.id)) // auth: resident
    const resumable = drafts.some(r => r.application.status === 'draft' && r.application.procedureId === published.procedureId)
    return reply.header('cache-control', 'no-store').html(<StartPage ctx={pageContext(req)} tenant={tenant} doc={published.document} resumable={resumable} />)
  })

  app.post('/:tenant/procedures/:slug/apply', { config: { auth: 'resident' } }, async (req, reply) => {
    const tenant = tenantOf(req)
    const { slug } = req.params as Params
    const application = await service.startApplication(tenant.id, req.resident!, slug) // auth: resident
    return reply.redirect(`${base(tenant, application.id)}/continue`, 303)
  })

  // ── Apply flow ────────────────────────────────────────────────────────────
  app.get('/:tenant/applications/:id/continue', { config: { auth: 'resident' } }, async (req, reply) => {
    const { tenant, application, document } = await loadEditable(req)
    if (application.status !== 'draft' && application.status !== 'correction_requested') return reply.redirect(base(tenant, application.id), 303)
    const pages = visiblePages(document.form, application.answers)
    const target = (application.status === 'draft' && application.currentPage && pages.find(p => p.id === application.currentPage)) || pages[0]
    return reply.redirect(application.currentPage === 'check' || !target ? `${base(tenant, application.id)}/check` : `${base(tenant, application.id)}/pages/${target.id}`, 303)
  })

  app.get('/:tenant/applications/:id/pages/:pageId', { config: { auth: 'resident' } }, async (req, reply) => {
    const { tenant, application, document } = await loadEditable(req)
    if (application.status !== 'draft' && application.status !== 'correction_requested') return reply.redirect(base(tenant, application.id), 303)
    const page = visiblePages(document.form, application.answers).find(p => p.id === (req.params as Params).pageId)
    if (!page) throw applicationNotFound()
    // After a failed submission the check page links here with ?check=1: show this page's problems.
    const errors = (req.query as { check?: string }).check
      ? visibleElements(page, answersBefore(document, application.answers, page.id), application.answers)
          .flatMap(e => (e.type === 'heading' || e.type === 'paragraph' ? [] : validateField(e, application.answers[e.id], e.id, { today: tokyoToday() })))
      : []
    return renderPage(req, reply, { application, doc: document, page, values: application.answers, errors })
  })

  app.post('/:tenant/applications/:id/pages/:pageId', { config: { auth: 'resident' } }, async (req, reply) => {
    const { tenant, application, document } = await loadEditable(req)
    if (application.status !== 'draft' && application.status !== 'correction_requested') return reply.redirect(base(tenant, application.id), 303)
    const page = visiblePages(document.form, application.answers).find(p => p.id === (req.params as Params).pageId)
    if (!page) throw applicationNotFound()
    const outcome = await pages.submitPage({ tenantId: tenant.id, applicationId: application.id, doc: document, page, saved: application.answers, form: readMultipartForm(req), t: req.t })
    const residentId = req.resident!.id // auth: resident
    switch (outcome.kind) {
      case 'stay':
        if (outcome.save) await service.savePageAnswers(tenant.id, residentId, application.id, page, outcome.values, page.id)
        return renderPage(req, reply, { application, doc: document, page, values: outcome.values, raw: outcome.raw, errors: outcome.errors, postalStatus: outcome.postalStatus })
      case 'save-for-later':
        // Save for later keeps what could be read; it never blocks on errors.
        await service.savePageAnswers(tenant.id, residentId, application.id, page, outcome.values, page.id)
        return reply.redirect(`/${tenant.slug}/applications?saved=1`, 303)
      case 'continue':
        await service.savePageAnswers(tenant.id, residentId, application.id, page, outcome.values, outcome.next?.id ?? 'check')
        return reply.redirect(outcome.next ? `${base(tenant, application.id)}/pages/${outcome.next.id}` : `${base(tenant, application.id)}/check`, 303)
      default: {
        const unreachable: never = outcome
        return unreachable
      }
    }
  })

  async function renderCheck(req: FastifyRequest, reply: FastifyReply, loaded: Awaited<ReturnType<typeof loadEditable>>, declarationError?: string, status = 200) {
    const { tenant, application, document } = loaded
    const answers = pruneHiddenAnswers(document.form, application.answers)
    const fee = calculateFee(document.fee, answers)
    const pages = visiblePages(document.form, answers)
    const last = pages[pages.length - 1]
    return reply.header('cache-control', 'no-store').html(
      <CheckAnswersPage
        ctx={pageContext(req)}
        doc={document}
        answers={answers}
        feeLines={fee.lines}
        feeTotal={fee.totalYen}
        action={`${base(tenant, application.id)}/submit`}
        changeHref={(pageId, fieldId) => `${base(tenant, application.id)}/pages/${pageId}#${fieldId}`}
        backHref={last ? `${base(tenant, application.id)}/pages/${last.id}` : base(tenant, application.id)}
        isCorrection={application.status === 'correction_requested'}
        declarationError={declarationError}
      />,
      status,
    )
  }

  app.get('/:tenant/applications/:id/check', { config: { auth: 'resident' } }, async (req, reply) => {
    const loaded = await loadEditable(req)
    if (loaded.application.status !== 'draft' && loaded.application.status !== 'correction_requested') return reply.redirect(base(loaded.tenant, loaded.application.id), 303)
    return renderCheck(req, reply, loaded)
  })

  app.post('/:tenant/applications/:id/submit', { config: { auth: 'resident' } }, async (req, reply) => {
    const loaded = await loadEditable(req)
    const { tenant, application, document } = loaded
    // A repeated submit (double-click, back button, retry) lands on the same confirmation.
    if (application.status !== 'draft' && application.status !== 'correction_requested') return reply.redirect(`${base(tenant, application.id)}/submitted`, 303)
    if ((req.body as { declaration?: unknown } | undefined)?.declaration !== 'yes') return renderCheck(req, reply, loaded, req.t('procedures.check.declarationRequired'), 422)
    try {
      if (application.status === 'correction_requested') {
        await service.resubmitApplication(tenant.id, req.resident!.id, application.id) // auth: resident
        return reply.redirect(`${base(tenant, application.id)}?resubmitted=1`, 303)
      }
      await service.submitApplication(tenant.id, req.resident!, application.id) // auth: resident
    } catch (error) {
      if (error instanceof AnswersInvalidError) {
        // Send the resident to the first page with a problem, showing its messages.
        const first = error.errors[0]?.path.split(/[.[]/)[0]
        const page = visiblePages(document.form, application.answers).find(p => p.elements.some(e => e.id === first))
        if (page) return reply.redirect(`${base(tenant, application.id)}/pages/${page.id}?check=1`, 303)
      }
      throw error
    }
    return reply.redirect(`${base(tenant, application.id)}/submitted`, 303)
  })

  app.get('/:tenant/applications/:id/submitted', { config: { auth: 'resident' } }, async (req, reply) => {
    const { tenant, application, document } = await loadEditable(req)
    if (!application.receiptNumber) return reply.redirect(`${base(tenant, application.id)}/check`, 303)
    return reply.header('cache-control', 'no-store').html(
      <SubmittedPage
        ctx={pageContext(req)}
        doc={document}
        receiptNumber={application.receiptNumber}
        detailHref={base(tenant, application.id)}
        receiptPdfHref={`${base(tenant, application.id)}/receipt.pdf`}
        payHref={application.paymentState === 'due' && document.fee?.timing === 'on-submission' ? `${base(tenant, application.id)}/pay` : undefined}
      />,
    )
  })

  // ── My applications ──────────────────────────────────────────────────────
  app.get('/:tenant/applications', { config: { auth: 'resident' } }, async (req, reply) => {
    const tenant = tenantOf(req)
    const rows = await withTenant(db, tenant.id, trx => listResidentApplications(trx, tenant.id, req.resident!.id)) // auth: resident
    return reply.header('cache-control', 'no-store').html(<MyApplicationsPage ctx={pageContext(req)} tenant={tenant} rows={rows} />)
  })

  app.get('/:tenant/applications/:id', { config: { auth: 'resident' } }, async (req, reply) => {
    const { tenant, application, document } = await loadEditable(req)
    if (application.status === 'draft') return reply.redirect(`${base(tenant, application.id)}/continue`, 303)
    const { events, views, documents } = await withTenant(db, tenant.id, async trx => ({
      events: await listApplicationEvents(trx, tenant.id, application.id),
      views: await listStaffViews(trx, tenant.id, application.id),
      documents: await listDocuments(trx, tenant.id, application.id),
    }))
    const payment = await payments.findApplicationPayment(tenant.id, application.paymentId)
    const q = req.query as { resubmitted?: string; withdrawn?: string; paid?: string }
    const notice = q.resubmitted ? req.t('procedures.detail.resubmitted') : q.withdrawn ? req.t('procedures.detail.withdrawn') : undefined
    const correction = [...events].reverse().find(e => e.toStatus === 'correction_requested')
    return reply.header('cache-control', 'no-store').html(
      <ApplicationDetailPage
        ctx={pageContext(req)}
        tenant={tenant}
        application={application}
        doc={document}
        events={events.filter(e => e.action !== 'save-draft')}
        views={views}
        documents={documents}
        correctionMessage={correction?.message ?? undefined}
        notice={notice}
        payment={payment ? { status: payment.status, method: payment.method, payEasy: payment.payEasy as never } : undefined}
      />,
    )
  })

  app.get('/:tenant/applications/:id/withdraw', { config: { auth: 'resident' } }, async (req, reply) => {
    const { tenant, application, document } = await loadEditable(req)
    if (application.status !== 'submitted' && application.status !== 'correction_requested') return reply.redirect(base(tenant, application.id), 303)
    return reply.html(<WithdrawPage ctx={pageContext(req)} tenant={tenant} application={application} doc={document} />)
  })

  app.post('/:tenant/applications/:id/withdraw', { config: { auth: 'resident' } }, async (req, reply) => {
    const tenant = tenantOf(req)
    const { id } = req.params as Params
    if (!isUuid(id)) throw applicationNotFound()
    const reasonRaw = (req.body as { reason?: unknown } | undefined)?.reason
    const reason = typeof reasonRaw === 'string' ? reasonRaw.normalize('NFC').replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '').trim().slice(0, 500) : ''
    await service.withdrawApplication(tenant.id, req.resident!.id, id, reason || null) // auth: resident
    return reply.redirect(`${base(tenant, id)}?withdrawn=1`, 303)
  })

  app.post('/:tenant/applications/:id/discard', { config: { auth: 'resident' } }, async (req, reply) => {
    const tenant = tenantOf(req)
    const { id } = req.params as Params
    if (!isUuid(id)) throw applicationNotFound()
    await service.discardDraft(tenant.id, req.resident!.id, id) // auth: resident
    return reply.redirect(`/${tenant.slug}/applications`, 303)
  })

  // ── Paying ────────────────────────────────────────────────────────────────
  app.get('/:tenant/applications/:id/pay', { config: { auth: 'resident' } }, async (req, reply) => {
    const { tenant, application, document } = await loadEditable(req)
    if (application.paymentState !== 'due') return reply.redirect(base(tenant, application.id), 303)
    return reply.header('cache-control', 'no-store').html(<PayPage ctx={pageContext(req)} tenant={tenant} application={application} doc={document} methods={document.fee?.methods ?? ['online']} />)
  })

  app.post('/:tenant/applications/:id/pay', { config: { auth: 'resident' } }, async (req, reply) => {
    const tenant = tenantOf(req)
    const { id } = req.params as Params
    if (!isUuid(id)) throw applicationNotFound()
    const method = (req.body as { method?: unknown } | undefined)?.method
    if (method !== 'online' && method !== 'pay-easy' && method !== 'counter') {
      const { application, document } = await loadEditable(req)
      return reply.html(<PayPage ctx={pageContext(req)} tenant={tenant} application={application} doc={document} methods={document.fee?.methods ?? ['online']} />, 422)
    }
    const payment = await payments.startApplicationPayment(tenant, req.resident!.id, id, method) // auth: resident
    if (payment.method === 'online' && payment.redirectUrl) return reply.redirect(payment.redirectUrl, 303)
    return reply.redirect(base(tenant, id), 303)
  })

  // ── Documents and attachments ─────────────────────────────────────────────
  app.get('/:tenant/applications/:id/receipt.pdf', { config: { auth: 'resident' } }, async (req, reply) => {
    const { tenant, application, document } = await loadEditable(req)
    if (!application.receiptNumber) throw applicationNotFound()
    const departmentName = await withTenant(db, tenant.id, trx => findDepartmentName(trx, tenant.id, application.departmentId))
    const pdf = await renderReceipt({ tenant, departmentName, application, doc: document, publicUrl: platform.config.publicUrl, t: req.t, locale: req.locale })
    return reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', `attachment; filename="receipt-${application.receiptNumber}.pdf"`)
      .header('cache-control', 'private, no-store')
      .send(pdf)
  })

  app.get('/:tenant/applications/:id/documents/:documentId.pdf', { config: { auth: 'resident' } }, async (req, reply) => {
    const { tenant, application } = await loadEditable(req)
    const { documentId } = req.params as Params
    if (!isUuid(documentId)) throw applicationNotFound()
    const doc = await withTenant(db, tenant.id, trx => findDocument(trx, tenant.id, application.id, documentId))
    if (!doc) throw applicationNotFound()
    return reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', `attachment; filename="notice-${application.receiptNumber ?? application.id}.pdf"`)
      .header('cache-control', 'private, no-store')
      .send(doc.content)
  })

  app.get('/:tenant/applications/:id/files/:fileId', { config: { auth: 'resident' } }, async (req, reply) => {
    const { tenant, application } = await loadEditable(req)
    const { fileId } = req.params as Params
    const referenced = Object.values(application.answers).some(v => typeof v === 'object' && v !== null && !Array.isArray(v) && (v as FileValue).fileId === fileId)
    if (!referenced) throw applicationNotFound()
    const file = await withTenant(db, tenant.id, trx => findStoredFile(trx, tenant.id, fileId))
    if (!file) throw applicationNotFound()
    return sendStoredFile(reply, file, { disposition: 'attachment' })
  })
}
