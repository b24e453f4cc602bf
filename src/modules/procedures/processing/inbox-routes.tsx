import type { FastifyInstance } from 'fastify'
import { isUuid, pageNumber } from '../../../platform/http/params.js'
import { pageContext } from '../../../platform/views/page-context.js'
import { DEFAULT_FILTER, parseInboxFilter } from './inbox-filters.js'
import { InboxPage } from './inbox-pages.js'
import type { InboxService } from './inbox-service.js'
import { processingRequest } from './processing-context.js'
import { FormProblem } from './processing-errors.js'
import { doneNotice, translateErrors } from './processing-views.js'

const config = { auth: 'staff', permission: 'procedures.process' } as const

function queryValue(query: unknown, name: string): string | undefined {
  const value = typeof query === 'object' && query !== null ? (query as Record<string, unknown>)[name] : undefined
  return typeof value === 'string' ? value : undefined
}

function bodyValue(body: unknown, name: string): string {
  const value = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : undefined
  return typeof value === 'string' ? value : ''
}

/** 受付一覧 and saved filters. */
export function registerInboxRoutes(app: FastifyInstance, inbox: InboxService) {
  app.get('/:tenant/staff/applications', { config }, async (req, reply) => {
    const request = processingRequest(req)
    const [options, savedFilters] = [await inbox.listFilterOptions(request), await inbox.listSavedFilters(request)]
    const ctx = pageContext(req)
    const parsed = parseInboxFilter(req.query)
    reply.header('cache-control', 'no-store')
    if (!parsed.ok) {
      return reply.html(<InboxPage ctx={ctx} filter={DEFAULT_FILTER} rawFilter={parsed.raw} errors={translateErrors(req.t, parsed.errors)} options={options} savedFilters={savedFilters} />, 422)
    }
    const data = await inbox.listInbox(request, parsed.filter, pageNumber(queryValue(req.query, 'page')))
    const notice = doneNotice(req.t, queryValue(req.query, 'done'), ['filterSaved', 'filterDeleted'])
    return reply.html(<InboxPage ctx={ctx} filter={parsed.filter} options={options} data={data} savedFilters={savedFilters} notice={notice} />)
  })

  app.post('/:tenant/staff/applications/saved-filters', { config }, async (req, reply) => {
    const request = processingRequest(req)
    const name = bodyValue(req.body, 'name')
    const query = bodyValue(req.body, 'query')
    let saved: string
    try {
      saved = await inbox.saveFilter(request, { name, query })
    } catch (error) {
      if (!(error instanceof FormProblem)) throw error
      const parsed = parseInboxFilter(Object.fromEntries(new URLSearchParams(query)))
      const filter = parsed.ok ? parsed.filter : DEFAULT_FILTER
      const [options, savedFilters] = [await inbox.listFilterOptions(request), await inbox.listSavedFilters(request)]
      const data = await inbox.listInbox(request, filter, 1)
      return reply.html(<InboxPage ctx={pageContext(req)} filter={filter} options={options} data={data} savedFilters={savedFilters} saveErrors={translateErrors(req.t, error.errors)} saveName={name.slice(0, 100)} />, 422)
    }
    return reply.redirect(`/${request.tenant.slug}/staff/applications?${saved ? `${saved}&` : ''}done=filterSaved`, 303)
  })

  app.post('/:tenant/staff/applications/saved-filters/:filterId/delete', { config }, async (req, reply) => {
    const { filterId } = req.params as { filterId: string }
    if (!isUuid(filterId)) return reply.callNotFound()
    const request = processingRequest(req)
    await inbox.deleteFilter(request, filterId.toLowerCase())
    return reply.redirect(`/${request.tenant.slug}/staff/applications?done=filterDeleted`, 303)
  })
}
