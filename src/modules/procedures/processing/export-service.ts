import { Readable } from 'node:stream'
import { z } from 'zod'
import { recordAudit } from '../../../platform/audit/audit-log.js'
import { withTenant } from '../../../platform/db/tenant-context.js'
import { forbidden } from '../../../platform/errors.js'
import { departmentScope } from './access-rules.js'
import { exportFileName } from './export-format.js'
import { countMatching, findExport, findExportPart, insertExport } from './export-repository.js'
import { exportChunks } from './export-stream.js'
import type { ApplicationExport, ExportCriteria, ExportEncoding, ExportFormat } from './export-tables.js'
import type { InboxFilter } from './inbox-filters.js'
import { buildExportJob } from './jobs/build-export.js'
import { exportNotFound, exportNotReady } from './processing-errors.js'
import type { ProcessingDeps, ProcessingRequest } from './processing-context.js'

/** Up to this many applications are streamed straight to the browser; more are built in the background. */
export const EXPORT_DIRECT_LIMIT = 2000
export const EXPORT_TTL_MS = 24 * 60 * 60 * 1000

/**
 * Shift_JIS is not offered: it needs an encoder (iconv-lite), which is not a dependency. UTF-8
 * with a BOM opens correctly in Excel; without a BOM for systems that read plain UTF-8.
 */
export const EXPORT_ENCODINGS = ['utf-8-bom', 'utf-8', 'shift_jis'] as const

export const ExportOptionsSchema = z.object({
  format: z.enum(['csv', 'json'], { message: 'processing.export.errors.format' }),
  encoding: z.enum(EXPORT_ENCODINGS, { message: 'processing.export.errors.encoding' }),
  background: z.union([z.literal(''), z.literal('1')]).transform(v => v === '1'),
})
export type ExportOptions = z.infer<typeof ExportOptionsSchema>

export interface ExportDownload {
  fileName: string
  contentType: string
  body: Readable
}

export type ExportStart = ({ kind: 'direct' } & ExportDownload) | { kind: 'background'; exportId: string }

function contentTypeOf(format: ExportFormat, encoding: ExportEncoding): string {
  if (format === 'json') return 'application/json; charset=utf-8'
  return `text/csv; charset=${encoding === 'shift_jis' ? 'shift_jis' : 'utf-8'}; header=present`
}

/**
 * Exports of the filtered applications for core systems (申請管理). Exports are personal data:
 * requesting and downloading are audited, background files expire after a day and only their
 * requester can download them.
 */
export function createExportService({ db, jobs, clock }: ProcessingDeps) {
  return {
    /** Streams the file now, or (large, or asked for) starts a background build and returns its id. */
    async startExport({ tenant, actor, requestId }: ProcessingRequest, filter: InboxFilter, options: ExportOptions): Promise<ExportStart> {
      if (!actor.permissions.has('procedures.process')) throw forbidden('AUTH.PERMISSION_DENIED')
      const now = clock()
      const scope = departmentScope(actor.assignments, 'procedures.process')
      // 'me' is fixed now: a background job has no "me"
      const resolved: InboxFilter = { ...filter, assignee: filter.assignee === 'me' ? actor.id : filter.assignee }
      const criteria: ExportCriteria = { filter: resolved, scope, requestedAt: now.toISOString() }
      const { format, encoding } = options
      const started = await withTenant(db, tenant.id, async trx => {
        const count = await countMatching(trx, tenant.id, { filter: resolved, scope, staffId: actor.id, now })
        const background = options.background || count > EXPORT_DIRECT_LIMIT
        const exportId = background ? await insertExport(trx, tenant.id, { staffUserId: actor.id, format, encoding, criteria, totalCount: count, expiresAt: new Date(now.getTime() + EXPORT_TTL_MS) }) : undefined
        if (exportId) await jobs.enqueue(trx, buildExportJob, { tenantId: tenant.id, exportId })
        await recordAudit(trx, tenant.id, {
          actor: { type: 'staff', id: actor.id },
          action: 'application.export',
          subjectType: exportId ? 'application-export' : undefined,
          subjectId: exportId,
          details: { format, encoding, count, background, procedureId: resolved.procedure || null, departmentId: resolved.department || null, status: resolved.status, scope: scope.kind === 'all' ? 'all' : scope.ids },
          requestId,
        })
        return { exportId }
      })
      if (started.exportId) return { kind: 'background', exportId: started.exportId }
      const chunks = exportChunks(db, tenant.id, { filter: resolved, scope, staffId: actor.id, now }, format, encoding)
      return {
        kind: 'direct',
        fileName: exportFileName(now, format),
        contentType: contentTypeOf(format, encoding),
        body: Readable.from((async function* () {
          for await (const chunk of chunks) yield chunk.bytes
        })()),
      }
    },

    /** `get*`: the requester's own export (anyone else's is not found). */
    async getExport({ tenant, actor }: ProcessingRequest, id: string): Promise<ApplicationExport> {
      const row = await withTenant(db, tenant.id, trx => findExport(trx, tenant.id, id))
      if (!row || row.staffUserId !== actor.id || row.expiresAt.getTime() < clock().getTime()) throw exportNotFound()
      return row
    },

    /** The finished file, streamed part by part (audited). */
    async openDownload({ tenant, actor, requestId }: ProcessingRequest, id: string): Promise<ExportDownload> {
      const row = await withTenant(db, tenant.id, async trx => {
        const found = await findExport(trx, tenant.id, id)
        if (!found || found.staffUserId !== actor.id || found.expiresAt.getTime() < clock().getTime()) throw exportNotFound()
        if (found.status !== 'ready') throw exportNotReady()
        await recordAudit(trx, tenant.id, {
          actor: { type: 'staff', id: actor.id },
          action: 'application.export-download',
          subjectType: 'application-export',
          subjectId: id,
          details: { format: found.format, count: found.doneCount },
          requestId,
        })
        return found
      })
      const parts = async function* () {
        for (let seq = 0; ; seq++) {
          const part = await withTenant(db, tenant.id, trx => findExportPart(trx, tenant.id, id, seq))
          if (!part) return
          yield part
        }
      }
      return { fileName: exportFileName(row.createdAt, row.format), contentType: contentTypeOf(row.format, row.encoding), body: Readable.from(parts()) }
    },
  }
}
export type ExportService = ReturnType<typeof createExportService>
