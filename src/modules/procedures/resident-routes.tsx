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
import { inspectUpload, storeUpload, createFileDeps, findStoredFile, readMultipartForm, sendStoredFile } from '../../platform/files/index.js'
import { lookupAddress, normalizePostalCode } from '../../jp/postal.js'
import type { TenantContext } from '../../platform/tenancy/tenant-service.js'
import { CATEGORIES, LIFE_EVENTS, type FormPage, type ProcedureDocument } from './form/form-definition.js'
import { readPageForm, tokyoToday, validateField, type AnswerError, type Answers, type AddressValue, type FileValue, type GroupItem } from './form/form-answers.js'
import { pruneHiddenAnswers, visibleElements, visiblePages } from './form/form-conditions.js'
import { calculateFee } from './form/form-fees.js'
import { translateAnswerError } from './form/form-fields.js'
import { createApplicationService, findPublished, isOpenForApplications } from './application-service.js'
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

/** Answers of the visible pages before `pageId` (what conditions on that page may look at). */
export function answersBefore(doc: ProcedureDocument, answers: Answers, pageId: string): Answers {
  const earlier: Answers = {}
  for (const page of visiblePages(doc.form, answers)) {
    if (page.id === pageId) break
    for (const element of visibleElements(page, earlier, answers)) if (element.id in answers) earlier[element.id] = answers[element.id] as Answers[string]
  }
  return earlier
}

/** Applies "add another" / "remove" to a page's values (no validation: the page re-renders). */
export function applyGroupEdit(page: FormPage, values: Answers, add?: string, remove?: string): boolean {
  if (add) {
    const group = page.elements.find(e => e.id === add && e.type === 'repeatingGroup')
    if (!group || group.type !== 'repeatingGroup') return false
    const items = (Array.isArray(values[add]) ? values[add] : []) as GroupItem[]
    const shown = items.length > 0 ? items : Array.from({ length: Math.max(1, group.minItems) }, () => ({}))
    if (shown.length < group.maxItems) values[add] = [...shown, {}]
    return true
  }
  if (remove) {
    const [id, indexText] = remove.split(':')
    const group = page.elements.find(e => e.id === id && e.type === 'repeatingGroup')
    if (!group || !id) return false
    const items = (Array.isArray(values[id]) ? values[id] : []) as GroupItem[]
    values[id] = items.filter((_, i) => i !== Number(indexText))
    return true
  }
  return false
}

/** Fills prefecture / city / town from each address field's postal code (the no-JS lookup). */
export async function fillAddresses(page: FormPage, values: Answers, t: FastifyRequest['t']): Promise<Record<string, string>> {
  const status: Record<string, string> = {}
  for (const element of page.elements) {
    if (element.type !== 'address') continue
    const value = (values[element.id] ?? {}) as Partial<AddressValue>
    const postal = value.postalCode ? normalizePostalCode(value.postalCode) : undefined
    if (!postal) {
      status[element.id] = t('procedures.form.address.notFound')
      continue
    }
    const [found] = await lookupAddress(postal)
    if (!found) {
      status[element.id] = t('procedures.form.address.notFound')
      continue
    }
    values[element.id] = { ...value, postalCode: postal, prefecture: found.prefecture, city: found.city, town: found.town } as AddressValue
    status[element.id] = t('procedures.form.address.foundServer')
  }
  return status
}

export function registerResidentProcedureRoutes(app: FastifyInstance, platform: Platform, payments: ApplicationPayments) {
  const service = createApplicationService(platform)
  const { db } = platform.database
  const fileDeps = createFileDeps(platform.config, platform.logger)
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
    const form = readMultipartForm(req)
    const body = form.fields
    const earlier = answersBefore(document, application.answers, page.id)
    // Files: a new upload replaces, "remove" clears, otherwise the saved file stays.
    const files: Answers = {}
    const fileErrors: AnswerError[] = []
    for (const element of page.elements) {
      if (element.type !== 'file') continue
      const part = form.files.find(f => f.field === element.id && f.content.length > 0)
      if (part) {
        // Scan and re-encode outside any transaction; only the insert runs inside one.
        const inspected = await inspectUpload({ content: part.content, declaredName: part.filename, declaredType: part.mimetype, allowedTypes: element.accept, maxBytes: element.maxBytes, ownerType: 'procedures.application', ownerId: application.id }, fileDeps)
        if (inspected.ok) {
          const file = await withTenant(db, tenant.id, trx => storeUpload(trx, tenant.id, inspected, fileDeps))
          files[element.id] = { fileId: file.id, name: file.originalName, mediaType: file.mediaType, sizeBytes: file.sizeBytes } satisfies FileValue
        } else fileErrors.push({ path: element.id, messageKey: inspected.messageKey, label: element.label, params: inspected.params })
      } else if (body[`${element.id}.remove`] !== 'yes' && application.answers[element.id] !== undefined) {
        files[element.id] = application.answers[element.id] as FileValue
      }
    }
    const parsed = readPageForm(page, body, earlier, { today: tokyoToday() }, files)
    const action = typeof body._action === 'string' ? body._action : ''
    const add = typeof body._addItem === 'string' ? body._addItem : undefined
    const remove = typeof body._removeItem === 'string' ? body._removeItem : undefined
    if (applyGroupEdit(page, parsed.values, add, remove)) {
      await service.savePageAnswers(tenant.id, req.resident!.id, application.id, page, parsed.values, page.id) // auth: resident
      return renderPage(req, reply, { application, doc: document, page, values: parsed.values, status: 200 })
    }
    if (body.postalLookup) {
      const postalStatus = await fillAddresses(page, parsed.values, req.t)
      await service.savePageAnswers(tenant.id, req.resident!.id, application.id, page, parsed.values, page.id) // auth: resident
      return renderPage(req, reply, { application, doc: document, page, values: parsed.values, postalStatus, status: 200 })
    }
    if (action === 'save') {
      // Save for later keeps what could be read; it never blocks on errors.
      await service.savePageAnswers(tenant.id, req.resident!.id, application.id, page, parsed.values, page.id) // auth: resident
      return reply.redirect(`/${tenant.slug}/applications?saved=1`, 303)
    }
    const errors = [...fileErrors, ...parsed.errors.filter(e => !fileErrors.some(f => f.path === e.path))]
    if (errors.length > 0) return renderPage(req, reply, { application, doc: document, page, values: parsed.values, raw: parsed.raw, errors })
    const merged = pruneHiddenAnswers(document.form, { ...application.answers, ...parsed.values })
    const pages = visiblePages(document.form, merged)
    const next = pages[pages.findIndex(p => p.id === page.id) + 1]
    await service.savePageAnswers(tenant.id, req.resident!.id, application.id, page, parsed.values, next ? next.id : 'check') // auth: resident
    return reply.redirect(next ? `${base(tenant, application.id)}/pages/${next.id}` : `${base(tenant, application.id)}/check`, 303)
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
