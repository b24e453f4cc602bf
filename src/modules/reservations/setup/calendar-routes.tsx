/**
 * Staff routes (reservations.manage): closures, a resource's templates / exceptions / "generate
 * slots", and the template CSV (export as UTF-8 with BOM or Shift_JIS; multipart import, CSRF
 * checked before the file is read).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { readMultipartForm } from '../../../platform/files/index.js'
import { pageContext } from '../../../platform/views/page-context.js'
import { tokyoDate } from '../reservation-time.js'
import { addCalendarDays } from '../../../jp/calendar-date.js'
import { staffRequest, uuidParam, UUID_PATTERN } from '../reservation-request.js'
import { ClosuresPage, TemplateCsvPage, TemplatesPage } from './calendar-pages.js'
import type { CalendarService } from './calendar-service.js'
import { formValuesOf, type FormProblem, type FormValues } from './setup-form-values.js'
import { doneNotice, generationFromQuery, generationQuery, manageConfig as config, queryValue, SETUP_BASE, setupPath } from './setup-route-helpers.js'
import { collectErrors } from './setup-views.js'
import type { CsvProblem } from './template-csv.js'

const DONE = ['closure-added', 'closure-deleted', 'templates-added', 'template-deleted', 'exception-added', 'exception-deleted', 'generated', 'imported'] as const
const TEMPLATE_FIELDS = ['weekdays', 'startTime', 'endTime', 'slotMinutes', 'capacity', 'validFrom', 'validUntil']
const EXCEPTION_FIELDS = ['onDate', 'kind', 'exceptionStart', 'exceptionEnd', 'exceptionCapacity']

export function registerCalendarRoutes(app: FastifyInstance, calendar: CalendarService): void {
  const closuresPage = async (req: FastifyRequest, reply: FastifyReply, input: { values?: FormValues; problems?: FormProblem[] } = {}) => {
    const ctx = pageContext(req)
    const request = staffRequest(req)
    const data = await calendar.closuresPageData(request, new Date())
    const generation = generationFromQuery(req)
    const conflicts = await calendar.conflictSlots(request, generation.conflictIds)
    const errors = collectErrors(ctx, input.problems ?? [])
    return reply.html(
      <ClosuresPage ctx={ctx} {...data} state={{ values: input.values ?? {}, errors: errors.fields }} summary={errors.summary} notice={input.problems ? undefined : doneNotice(req, DONE)} counts={generation.counts} conflicts={conflicts} />,
      input.problems ? 422 : 200,
    )
  }

  app.get(`${SETUP_BASE}/closures`, { config }, async (req, reply) => closuresPage(req, reply))

  app.post(`${SETUP_BASE}/closures`, { config }, async (req, reply) => {
    const values = formValuesOf(req.body)
    const outcome = await calendar.addClosure(staffRequest(req), values, new Date())
    if (!outcome.ok) return closuresPage(req, reply, { values, problems: outcome.problems })
    const query = outcome.result ? `&${generationQuery(outcome.result)}` : ''
    return reply.redirect(setupPath(req, `/closures?done=closure-added${query}`), 303)
  })

  app.post(`${SETUP_BASE}/closures/:closureId/delete`, { config }, async (req, reply) => {
    const id = uuidParam(req, 'closureId')
    if (!id) return reply.callNotFound()
    const result = await calendar.deleteClosure(staffRequest(req), id, new Date())
    return reply.redirect(setupPath(req, `/closures?done=closure-deleted&${generationQuery(result)}`), 303)
  })

  const templatesPage = async (req: FastifyRequest, reply: FastifyReply, resourceId: string, input: { form?: 'template' | 'exception' | 'generate'; values?: FormValues; problems?: FormProblem[] } = {}) => {
    const ctx = pageContext(req)
    const request = staffRequest(req)
    const now = new Date()
    const data = await calendar.templatePageData(request, resourceId, now)
    const generation = input.problems ? { counts: undefined, conflictIds: [] } : generationFromQuery(req)
    const conflicts = await calendar.conflictSlots(request, generation.conflictIds)
    const errors = collectErrors(ctx, input.problems ?? [])
    const today = tokyoDate(now)
    const state = (form: 'template' | 'exception' | 'generate', defaults: FormValues) => ({ values: input.form === form && input.values ? input.values : defaults, errors: input.form === form ? errors.fields : {} })
    const from = data.slots.lastStartsAt && tokyoDate(data.slots.lastStartsAt) >= today ? addCalendarDays(tokyoDate(data.slots.lastStartsAt), 1) : today
    return reply.html(
      <TemplatesPage
        ctx={ctx}
        {...data}
        templateState={state('template', { validFrom: today, capacity: '1' })}
        exceptionState={state('exception', { kind: 'cancel' })}
        generateState={state('generate', { from, until: addCalendarDays(from, 59) })}
        summary={errors.summary}
        notice={input.problems ? undefined : doneNotice(req, DONE)}
        counts={generation.counts}
        conflicts={conflicts}
      />,
      input.problems ? 422 : 200,
    )
  }

  const withResource = (handler: (req: FastifyRequest, reply: FastifyReply, resourceId: string) => Promise<unknown>) => async (req: FastifyRequest, reply: FastifyReply) => {
    const resourceId = uuidParam(req, 'resourceId')
    if (!resourceId) return reply.callNotFound()
    return handler(req, reply, resourceId)
  }
  const back = (req: FastifyRequest, resourceId: string, query: string) => setupPath(req, `/resources/${resourceId}/templates?${query}`)

  app.get(`${SETUP_BASE}/resources/:resourceId/templates`, { config }, withResource((req, reply, id) => templatesPage(req, reply, id)))

  app.post(
    `${SETUP_BASE}/resources/:resourceId/templates`,
    { config },
    withResource(async (req, reply, id) => {
      const values = formValuesOf(req.body)
      const outcome = await calendar.addTemplates(staffRequest(req), id, values)
      if (!outcome.ok) return templatesPage(req, reply, id, { form: 'template', values, problems: outcome.problems.map(p => (TEMPLATE_FIELDS.includes(p.field) ? p : { ...p, field: 'startTime' })) })
      return reply.redirect(back(req, id, 'done=templates-added'), 303)
    }),
  )

  app.post(
    `${SETUP_BASE}/resources/:resourceId/templates/:templateId/delete`,
    { config },
    withResource(async (req, reply, id) => {
      const templateId = uuidParam(req, 'templateId')
      if (!templateId) return reply.callNotFound()
      await calendar.deleteTemplate(staffRequest(req), id, templateId)
      return reply.redirect(back(req, id, 'done=template-deleted'), 303)
    }),
  )

  app.post(
    `${SETUP_BASE}/resources/:resourceId/exceptions`,
    { config },
    withResource(async (req, reply, id) => {
      const values = formValuesOf(req.body)
      const outcome = await calendar.addException(staffRequest(req), id, values)
      if (!outcome.ok) return templatesPage(req, reply, id, { form: 'exception', values, problems: outcome.problems.map(p => (EXCEPTION_FIELDS.includes(p.field) ? p : { ...p, field: 'onDate' })) })
      return reply.redirect(back(req, id, 'done=exception-added'), 303)
    }),
  )

  app.post(
    `${SETUP_BASE}/resources/:resourceId/exceptions/:exceptionId/delete`,
    { config },
    withResource(async (req, reply, id) => {
      const exceptionId = uuidParam(req, 'exceptionId')
      if (!exceptionId) return reply.callNotFound()
      await calendar.deleteException(staffRequest(req), id, exceptionId)
      return reply.redirect(back(req, id, 'done=exception-deleted'), 303)
    }),
  )

  app.post(
    `${SETUP_BASE}/resources/:resourceId/generate`,
    { config },
    withResource(async (req, reply, id) => {
      const values = formValuesOf(req.body)
      const outcome = await calendar.generate(staffRequest(req), id, values)
      if (!outcome.ok) return templatesPage(req, reply, id, { form: 'generate', values, problems: outcome.problems })
      return reply.redirect(back(req, id, `done=generated&${outcome.result ? generationQuery(outcome.result) : ''}`), 303)
    }),
  )

  const csvPage = async (req: FastifyRequest, reply: FastifyReply, problems?: CsvProblem[]) => {
    const data = await calendar.templatesCsvPageData(staffRequest(req))
    return reply.html(<TemplateCsvPage ctx={pageContext(req)} {...data} problems={problems} notice={problems ? undefined : doneNotice(req, DONE)} />, problems ? 422 : 200)
  }

  app.get(`${SETUP_BASE}/templates`, { config }, async (req, reply) => csvPage(req, reply))

  app.get(`${SETUP_BASE}/templates.csv`, { config }, async (req, reply) => {
    const encoding = queryValue(req, 'encoding') === 'shift_jis' ? 'shift_jis' : 'utf-8'
    const resource = queryValue(req, 'resource')
    if (resource !== undefined && !UUID_PATTERN.test(resource)) return reply.callNotFound()
    const bytes = await calendar.exportTemplates(staffRequest(req), encoding, resource?.toLowerCase())
    return reply
      .header('content-type', `text/csv; charset=${encoding === 'shift_jis' ? 'Shift_JIS' : 'utf-8'}`)
      .header('content-disposition', `attachment; filename="slot-templates${encoding === 'shift_jis' ? '-sjis' : ''}.csv"`)
      .header('cache-control', 'no-store')
      .send(bytes)
  })

  app.post(`${SETUP_BASE}/templates/import`, { config }, async (req, reply) => {
    const file = readMultipartForm(req).files.find(part => part.field === 'file')
    const outcome = await calendar.importTemplates(staffRequest(req), file?.content)
    if (!outcome.ok) return csvPage(req, reply, outcome.problems)
    return reply.redirect(setupPath(req, `/templates?done=imported&count=${outcome.templates}`), 303)
  })
}
