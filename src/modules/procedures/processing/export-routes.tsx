import type { FastifyInstance } from 'fastify'
import { contentDisposition } from '../../../platform/files/index.js'
import { isUuid } from '../../../platform/http/params.js'
import { pageContext } from '../../../platform/views/page-context.js'
import { DEFAULT_FILTER, parseInboxFilter } from './inbox-filters.js'
import { ExportPage, ExportStatusPage } from './export-pages.js'
import { ExportOptionsSchema, type ExportDownload, type ExportService } from './export-service.js'
import { processingRequest } from './processing-context.js'
import { formErrors, formFields } from './processing-schemas.js'
import { translateErrors } from './processing-views.js'
import type { FastifyReply } from 'fastify'

const config = { auth: 'staff', permission: 'procedures.process' } as const

function sendDownload(reply: FastifyReply, download: ExportDownload) {
  return reply
    .status(200)
    .header('content-type', download.contentType)
    .header('content-disposition', contentDisposition('attachment', download.fileName))
    .header('cache-control', 'private, no-store')
    .header('x-content-type-options', 'nosniff')
    .send(download.body)
}

/** 申請データの出力 (CSV / JSON), streamed or built in the background with a progress page. */
export function registerExportRoutes(app: FastifyInstance, exports: ExportService) {
  app.get('/:tenant/staff/applications/export', { config }, async (req, reply) => {
    const parsed = parseInboxFilter(req.query)
    return reply.html(<ExportPage ctx={pageContext(req)} filter={parsed.ok ? parsed.filter : DEFAULT_FILTER} />)
  })

  app.post('/:tenant/staff/applications/export', { config }, async (req, reply) => {
    const request = processingRequest(req)
    const filter = parseInboxFilter(req.body)
    const form = formFields(req.body, ['format', 'encoding', 'background'])
    const options = ExportOptionsSchema.safeParse(form)
    if (!filter.ok || !options.success) {
      const errors = options.success ? {} : formErrors(options.error)
      return reply.html(<ExportPage ctx={pageContext(req)} filter={filter.ok ? filter.filter : DEFAULT_FILTER} form={form} errors={translateErrors(req.t, filter.ok ? errors : { ...errors, format: 'processing.export.errors.filter' })} />, 422)
    }
    const started = await exports.startExport(request, filter.filter, options.data)
    if (started.kind === 'background') return reply.redirect(`/${request.tenant.slug}/staff/applications/exports/${started.exportId}`, 303)
    return sendDownload(reply, started)
  })

  app.get('/:tenant/staff/applications/exports/:exportId', { config }, async (req, reply) => {
    const { exportId } = req.params as { exportId: string }
    if (!isUuid(exportId)) return reply.callNotFound()
    const row = await exports.getExport(processingRequest(req), exportId.toLowerCase())
    reply.header('cache-control', 'no-store')
    return reply.html(<ExportStatusPage ctx={pageContext(req)} row={row} />)
  })

  app.get('/:tenant/staff/applications/exports/:exportId/download', { config }, async (req, reply) => {
    const { exportId } = req.params as { exportId: string }
    if (!isUuid(exportId)) return reply.callNotFound()
    return sendDownload(reply, await exports.openDownload(processingRequest(req), exportId.toLowerCase()))
  })
}
