/**
 * Staff routes of the form builder: the procedure list, create (blank / template), import,
 * the builder page, publish, archive, export and preview. Every route needs `procedures.manage`.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { isLocale } from '../../../platform/i18n/i18n.js'
import { readMultipartForm } from '../../../platform/files/index.js'
import { pageContext } from '../../../platform/views/page-context.js'
import { listProcedureTemplates } from '../templates/procedure-templates.js'
import { formValuesOf, text, type FormProblem, type FormValues } from './builder-form-values.js'
import { ImportPage, ProcedureListPage } from './builder-list-pages.js'
import { BuilderOverviewPage, type OverviewProps } from './builder-overview-page.js'
import { PreviewPage } from './builder-preview-page.js'
import { BASE, builderParams, config, doneNotice, overviewSummary, queryValue } from './builder-route-helpers.js'
import { builderRequest, MAX_IMPORT_CHARACTERS, type ProcedureBuilderService } from './builder-service.js'
import { collectErrors } from './builder-views.js'

/** Renders the builder page (after a redirect, or with problems at 422). */
export async function renderOverview(req: FastifyRequest, reply: FastifyReply, builder: ProcedureBuilderService, id: string, extra: Omit<OverviewProps, 'ctx' | 'view' | 'departments'> = {}, status = 200) {
  const request = builderRequest(req)
  const [view, departments] = await Promise.all([builder.getProcedure(request, id), builder.listDepartments(request)])
  return reply.html(<BuilderOverviewPage ctx={pageContext(req)} view={view} departments={departments} notice={status === 200 ? doneNotice(req) : undefined} {...extra} />, status)
}

export function registerBuilderRoutes(app: FastifyInstance, builder: ProcedureBuilderService) {
  const listPage = async (req: FastifyRequest, reply: FastifyReply, create?: { values: FormValues; problems: FormProblem[] }) => {
    const procedures = await builder.listProcedures(builderRequest(req))
    const ctx = pageContext(req)
    const errors = create ? collectErrors(ctx, create.problems, []) : undefined
    return reply.html(
      <ProcedureListPage ctx={ctx} procedures={procedures} templates={listProcedureTemplates()} create={create && errors ? { values: create.values, errors: errors.fields } : undefined} summary={errors?.summary} notice={doneNotice(req)} />,
      create ? 422 : 200,
    )
  }

  app.get(BASE, { config }, async (req, reply) => listPage(req, reply))

  app.post(BASE, { config }, async (req, reply) => {
    const values = formValuesOf(req.body)
    const outcome = await builder.createProcedure(builderRequest(req), { source: text(values, 'source'), slug: text(values, 'slug').toLowerCase(), title: text(values, 'titleJa') })
    if (!outcome.ok) return listPage(req, reply, { values, problems: outcome.problems })
    return reply.redirect(`/${req.tenant?.slug}/staff/procedures/${outcome.id}?done=created`, 303)
  })

  app.get(`${BASE}/import`, { config }, async (req, reply) => reply.html(<ImportPage ctx={pageContext(req)} />))

  app.post(`${BASE}/import`, { config }, async (req, reply) => {
    const { fields, files } = readMultipartForm(req)
    const values = formValuesOf(fields)
    const file = files.find(f => f.field === 'file')
    const source = file ? file.content.subarray(0, MAX_IMPORT_CHARACTERS * 4).toString('utf8') : typeof fields.json === 'string' ? fields.json : ''
    const slug = text(values, 'slug').toLowerCase()
    const outcome = await builder.importDocument(builderRequest(req), source, { slug: slug || undefined })
    if (outcome.ok) return reply.redirect(`/${req.tenant?.slug}/staff/procedures/${outcome.id}?done=imported`, 303)
    const ctx = pageContext(req)
    let parsed: unknown
    try {
      parsed = JSON.parse(source)
    } catch {
      parsed = undefined
    }
    const errors = collectErrors(ctx, outcome.formProblems.map(p => (p.field === 'json' && file ? { ...p, field: 'file' } : p)), [])
    return reply.html(
      <ImportPage
        ctx={ctx}
        values={{ json: source.length <= MAX_IMPORT_CHARACTERS ? source : '', slug: outcome.suggestedSlug ?? slug }}
        errors={errors.fields}
        summary={errors.summary}
        problems={outcome.problems}
        source={parsed}
      />,
      422,
    )
  })

  app.get(`${BASE}/:id`, { config }, async (req, reply) => {
    const params = builderParams(req)
    if (!params?.id) return reply.callNotFound()
    return renderOverview(req, reply, builder, params.id)
  })

  app.post(`${BASE}/:id/publish`, { config }, async (req, reply) => {
    const params = builderParams(req)
    if (!params?.id) return reply.callNotFound()
    const outcome = await builder.publish(builderRequest(req), params.id)
    if (outcome.ok) return reply.redirect(`/${req.tenant?.slug}/staff/procedures/${params.id}?done=${outcome.reopened ? 'republished' : 'published'}&version=${outcome.version}`, 303)
    if ('unchanged' in outcome) return renderOverview(req, reply, builder, params.id, { summary: [{ field: 'publish', message: req.t('builder.problems.unchanged') }] }, 422)
    const view = await builder.getProcedure(builderRequest(req), params.id)
    return renderOverview(req, reply, builder, params.id, { summary: overviewSummary(req.t, outcome.problems, view.document, view.document) }, 422)
  })

  app.post(`${BASE}/:id/archive`, { config }, async (req, reply) => {
    const params = builderParams(req)
    if (!params?.id) return reply.callNotFound()
    const outcome = await builder.archive(builderRequest(req), params.id)
    if (!outcome.ok) return renderOverview(req, reply, builder, params.id, { summary: [{ field: 'publish', message: req.t('builder.problems.notPublished') }] }, 422)
    return reply.redirect(`/${req.tenant?.slug}/staff/procedures/${params.id}?done=archived`, 303)
  })

  app.get(`${BASE}/:id/export`, { config }, async (req, reply) => {
    const params = builderParams(req)
    const versionText = queryValue(req, 'version')
    if (!params?.id || (versionText !== undefined && !/^[1-9]\d{0,5}$/.test(versionText))) return reply.callNotFound()
    const exported = await builder.exportDocument(builderRequest(req), params.id, versionText === undefined ? undefined : Number(versionText))
    // the slug is [a-z0-9-] only, so it is safe as a quoted file name
    return reply
      .header('content-type', 'application/json; charset=utf-8')
      .header('content-disposition', `attachment; filename="${exported.slug}.json"`)
      .header('cache-control', 'no-store')
      .send(exported.json)
  })

  app.get(`${BASE}/:id/preview`, { config }, async (req, reply) => {
    const params = builderParams(req)
    if (!params?.id) return reply.callNotFound()
    const view = await builder.getProcedure(builderRequest(req), params.id)
    // not `lang`: that would switch the staff member's own language (the platform reads it)
    const lang = queryValue(req, 'language')
    const page = Number(queryValue(req, 'page') ?? '1')
    return reply.html(<PreviewPage ctx={pageContext(req)} procedureId={params.id} document={view.document} pageNumber={Number.isInteger(page) ? page : 1} language={isLocale(lang) ? lang : req.locale} />)
  })
}
