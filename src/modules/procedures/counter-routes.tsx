/**
 * Counter-assisted entry (代理入力) under /:tenant/staff/counter: choose the procedure and record
 * the identity check, fill the pages for the resident, hand the tablet over for confirmation.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Platform } from '../../platform/platform.js'
import { pageContext, type PageContext } from '../../platform/views/page-context.js'
import { tenantOf } from '../../platform/http/pipeline.js'
import { isUuid } from '../../platform/http/params.js'
import { Layout } from '../../platform/views/layout.js'
import { StaffNav } from '../../platform/views/staff-nav.js'
import { Button, CsrfField, ErrorSummary, Radios, Select, TextField } from '../../platform/views/components/index.js'
import { readMultipartForm } from '../../platform/files/index.js'
import type { ProcedureDocument, FormPage } from './form/form-definition.js'
import type { AnswerError, Answers } from './form/form-answers.js'
import { pruneHiddenAnswers, visiblePages } from './form/form-conditions.js'
import { calculateFee } from './form/form-fees.js'
import { translateAnswerError } from './form/form-fields.js'
import { localize } from './form/localize.js'
import { CheckAnswersPage, FormPageView } from './apply-pages.js'
import { answersBefore, createPageSubmission } from './page-submission.js'
import { createCounterService, IDENTITY_CHECKS, StartCounterSchema } from './counter-service.js'
import type { CatalogueEntry } from './procedure-repository.js'
import type { Application } from './procedure-tables.js'
import { AnswersInvalidError, applicationNotFound } from './procedure-errors.js'

function CounterStartPage({ ctx, procedures, values, errors }: { ctx: PageContext; procedures: CatalogueEntry[]; values: Record<string, string>; errors: { field: string; message: string }[] }) {
  const { t, locale } = ctx
  const slug = ctx.tenant?.slug ?? ''
  const errorOf = (field: string) => errors.find(e => e.field === field)?.message
  return (
    <Layout ctx={ctx} title={`${errors.length > 0 ? t('procedures.form.errorTitlePrefix') : ''}${t('procedures.counter.title')}`} area="staff" nav={<StaffNav ctx={ctx} />}>
      <ErrorSummary title={t('procedures.form.errorSummary')} errors={errors} />
      <h1>{t('procedures.counter.title')}</h1>
      <p>{t('procedures.counter.lead')}</p>
      <form method="post" action={`/${slug}/staff/counter`}>
        <CsrfField token={ctx.csrfToken} />
        <Select name="procedure" label={t('procedures.counter.procedure')} value={values.procedure ?? ''} error={errorOf('procedure')} options={[{ value: '', label: t('procedures.form.selectPrompt') }, ...procedures.map(p => ({ value: p.slug, label: localize(p.document.title, locale) }))]} />
        <Radios name="identityCheck" legend={t('procedures.counter.identityCheck')} hint={t('procedures.counter.identityHint')} value={values.identityCheck} error={errorOf('identityCheck')} options={IDENTITY_CHECKS.map(c => ({ value: c, label: t(`procedures.counter.identity.${c}`) }))} />
        <TextField name="residentEmail" type="email" label={t('procedures.counter.residentEmail')} hint={t('procedures.counter.residentEmailHint')} value={values.residentEmail ?? ''} error={errorOf('residentEmail')} autocomplete="off" />
        <Button>{t('procedures.counter.start')}</Button>
      </form>
    </Layout>
  )
}

function CounterDonePage({ ctx, application, doc }: { ctx: PageContext; application: Application; doc: ProcedureDocument }) {
  const { t, locale } = ctx
  return (
    <Layout ctx={ctx} title={t('procedures.submitted.title')} area="staff" nav={<StaffNav ctx={ctx} />}>
      <div class="panel panel--confirmation">
        <h1 class="panel__title">{t('procedures.submitted.title')}</h1>
        <div class="panel__body">
          {t('procedures.submitted.receipt')}
          <br />
          <strong class="receipt-number">{application.receiptNumber}</strong>
        </div>
      </div>
      <p>{localize(doc.title, locale)}</p>
      <p>{application.feeYen > 0 ? t('procedures.counter.feeDue', { amount: application.feeYen.toLocaleString('ja-JP') }) : null}</p>
      <p>
        <a href={`/${ctx.tenant?.slug ?? ''}/staff/counter`}>{t('procedures.counter.next')}</a>
      </p>
    </Layout>
  )
}

export function registerCounterRoutes(app: FastifyInstance, platform: Platform) {
  const counter = createCounterService(platform)
  const pages = createPageSubmission(platform)
  const route = { config: { auth: 'staff' as const, permission: 'procedures.process' as const } }
  const base = (slug: string, id: string) => `/${slug}/staff/counter/${id}`

  async function load(req: FastifyRequest) {
    const { id } = req.params as { id: string }
    if (!isUuid(id)) throw applicationNotFound()
    return { tenant: tenantOf(req), ...(await counter.getCounterApplication(tenantOf(req).id, req.staff!, id)) } // auth: 'staff'
  }

  function renderCounterPage(req: FastifyRequest, reply: FastifyReply, input: { application: Application; doc: ProcedureDocument; page: FormPage; values: Answers; raw?: Record<string, string | string[]>; errors?: AnswerError[]; postalStatus?: Record<string, string> }) {
    const tenant = tenantOf(req)
    const merged = { ...input.application.answers, ...input.values }
    const pages = visiblePages(input.doc.form, merged)
    const index = Math.max(0, pages.findIndex(p => p.id === input.page.id))
    const errorList = (input.errors ?? []).map(e => ({ field: e.path, message: translateAnswerError(e, req.locale, req.t) }))
    const previous = pages[index - 1]
    return reply.header('cache-control', 'no-store').html(
      <FormPageView
        ctx={pageContext(req)}
        doc={input.doc}
        page={input.page}
        pageNumber={index + 1}
        pageCount={pages.length + 1}
        action={`${base(tenant.slug, input.application.id)}/pages/${input.page.id}`}
        backHref={previous ? `${base(tenant.slug, input.application.id)}/pages/${previous.id}` : `/${tenant.slug}/staff/counter`}
        earlier={answersBefore(input.doc, merged, input.page.id)}
        fields={{ values: input.values, raw: input.raw, errors: Object.fromEntries(errorList.map(e => [e.field, e.message])), postalStatus: input.postalStatus }}
        errorList={errorList}
        mode="counter"
      />,
      errorList.length > 0 ? 422 : 200,
    )
  }

  app.get('/:tenant/staff/counter', route, async (req, reply) => {
    const procedures = await counter.listProcedures(tenantOf(req).id)
    return reply.html(<CounterStartPage ctx={pageContext(req)} procedures={procedures} values={{}} errors={[]} />)
  })

  app.post('/:tenant/staff/counter', route, async (req, reply) => {
    const tenant = tenantOf(req)
    const body = (req.body ?? {}) as Record<string, unknown>
    const parsed = StartCounterSchema.safeParse(body)
    if (!parsed.success) {
      const procedures = await counter.listProcedures(tenant.id)
      const errors = parsed.error.issues.map(i => ({ field: String(i.path[0] ?? 'procedure'), message: req.t(i.message) }))
      const values = Object.fromEntries(['procedure', 'identityCheck', 'residentEmail'].map(k => [k, typeof body[k] === 'string' ? (body[k] as string).slice(0, 254) : '']))
      return reply.html(<CounterStartPage ctx={pageContext(req)} procedures={procedures} values={values} errors={errors} />, 422)
    }
    const application = await counter.startCounterApplication(tenant.id, req.staff!, parsed.data, req.id) // auth: 'staff'
    return reply.redirect(`${base(tenant.slug, application.id)}/pages/${application.currentPage ?? ''}`, 303)
  })

  app.get('/:tenant/staff/counter/:id/pages/:pageId', route, async (req, reply) => {
    const { tenant, application, document } = await load(req)
    if (application.status !== 'draft') return reply.redirect(`${base(tenant.slug, application.id)}/done`, 303)
    const page = visiblePages(document.form, application.answers).find(p => p.id === (req.params as { pageId: string }).pageId)
    if (!page) throw applicationNotFound()
    return renderCounterPage(req, reply, { application, doc: document, page, values: application.answers })
  })

  app.post('/:tenant/staff/counter/:id/pages/:pageId', route, async (req, reply) => {
    const { tenant, application, document } = await load(req)
    if (application.status !== 'draft') return reply.redirect(`${base(tenant.slug, application.id)}/done`, 303)
    const page = visiblePages(document.form, application.answers).find(p => p.id === (req.params as { pageId: string }).pageId)
    if (!page) throw applicationNotFound()
    const outcome = await pages.submitPage({ tenantId: tenant.id, applicationId: application.id, doc: document, page, saved: application.answers, form: readMultipartForm(req), t: req.t })
    const staff = req.staff! // auth: 'staff'
    switch (outcome.kind) {
      case 'stay':
        if (outcome.save) await counter.saveCounterPage(tenant.id, staff, application.id, page, outcome.values, page.id)
        return renderCounterPage(req, reply, { application, doc: document, page, values: outcome.values, raw: outcome.raw, errors: outcome.errors, postalStatus: outcome.postalStatus })
      // The counter has no "save for later" button; a crafted post is treated as a page re-render.
      case 'save-for-later':
        return renderCounterPage(req, reply, { application, doc: document, page, values: outcome.values })
      case 'continue':
        await counter.saveCounterPage(tenant.id, staff, application.id, page, outcome.values, outcome.next?.id ?? 'check')
        return reply.redirect(outcome.next ? `${base(tenant.slug, application.id)}/pages/${outcome.next.id}` : `${base(tenant.slug, application.id)}/confirm`, 303)
      default: {
        const unreachable: never = outcome
        return unreachable
      }
    }
  })

  async function renderConfirm(req: FastifyRequest, reply: FastifyReply, loaded: Awaited<ReturnType<typeof load>>, declarationError?: string) {
    const { tenant, application, document } = loaded
    const answers = pruneHiddenAnswers(document.form, application.answers)
    const fee = calculateFee(document.fee, answers)
    const pages = visiblePages(document.form, answers)
    return reply.header('cache-control', 'no-store').html(
      <CheckAnswersPage
        ctx={pageContext(req)}
        doc={document}
        answers={answers}
        feeLines={fee.lines}
        feeTotal={fee.totalYen}
        action={`${base(tenant.slug, application.id)}/confirm`}
        changeHref={(pageId, fieldId) => `${base(tenant.slug, application.id)}/pages/${pageId}#${fieldId}`}
        backHref={`${base(tenant.slug, application.id)}/pages/${pages[pages.length - 1]?.id ?? ''}`}
        isCorrection={false}
        declarationError={declarationError}
        mode="counter"
      />,
      declarationError ? 422 : 200,
    )
  }

  app.get('/:tenant/staff/counter/:id/confirm', route, async (req, reply) => {
    const loaded = await load(req)
    if (loaded.application.status !== 'draft') return reply.redirect(`${base(loaded.tenant.slug, loaded.application.id)}/done`, 303)
    return renderConfirm(req, reply, loaded)
  })

  app.post('/:tenant/staff/counter/:id/confirm', route, async (req, reply) => {
    const loaded = await load(req)
    const { tenant, application, document } = loaded
    if (application.status !== 'draft') return reply.redirect(`${base(tenant.slug, application.id)}/done`, 303)
    if ((req.body as { declaration?: unknown } | undefined)?.declaration !== 'yes') return renderConfirm(req, reply, loaded, req.t('procedures.check.declarationRequired'))
    try {
      await counter.submitCounterApplication(tenant.id, req.staff!, application.id, req.id) // auth: 'staff'
    } catch (error) {
      if (error instanceof AnswersInvalidError) {
        const first = error.errors[0]?.path.split(/[.[]/)[0]
        const page = visiblePages(document.form, application.answers).find(p => p.elements.some(e => e.id === first))
        if (page) return reply.redirect(`${base(tenant.slug, application.id)}/pages/${page.id}`, 303)
      }
      throw error
    }
    return reply.redirect(`${base(tenant.slug, application.id)}/done`, 303)
  })

  app.get('/:tenant/staff/counter/:id/done', route, async (req, reply) => {
    const { application, document } = await load(req)
    if (!application.receiptNumber) throw applicationNotFound()
    return reply.html(<CounterDonePage ctx={pageContext(req)} application={application} doc={document} />)
  })
}
