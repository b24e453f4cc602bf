import { z } from 'zod'
import { withTenant } from '../../../../platform/db/tenant-context.js'
import { defineJob } from '../../../../platform/jobs/define-job.js'
import { deleteExpiredExports, deleteExportParts, findExport, insertExportPart, updateExport } from '../export-repository.js'
import { exportChunks } from '../export-stream.js'

/**
 * Builds a large export in the background: the file is written as ordered parts, with the
 * progress (n of N applications) on the export row for the status page. A retry starts over.
 */
export const buildExportJob = defineJob({
  name: 'procedures.build-export',
  payload: z.object({ tenantId: z.uuid(), exportId: z.uuid() }),
  retryLimit: 2,
  retryDelaySeconds: 30,
  expireInSeconds: 60 * 60,
  async run({ tenantId, exportId }, ctx) {
    const started = await withTenant(ctx.db, tenantId, async trx => {
      await deleteExpiredExports(trx, tenantId, new Date())
      const row = await findExport(trx, tenantId, exportId)
      if (!row || row.status === 'ready') return undefined
      await deleteExportParts(trx, tenantId, exportId)
      await updateExport(trx, tenantId, exportId, { status: 'running', doneCount: 0, sizeBytes: 0, error: null })
      return row
    })
    if (!started) return // expired and removed, or already built
    const { filter, scope, requestedAt } = started.criteria
    try {
      let seq = 0
      let done = 0
      let size = 0
      for await (const chunk of exportChunks(ctx.db, tenantId, { filter, scope, staffId: started.staffUserId, now: new Date(requestedAt) }, started.format, started.encoding)) {
        done += chunk.rows
        size += chunk.bytes.length
        const part = seq++
        await withTenant(ctx.db, tenantId, async trx => {
          await insertExportPart(trx, tenantId, exportId, part, chunk.bytes)
          await updateExport(trx, tenantId, exportId, { doneCount: done, sizeBytes: size })
        })
      }
      await withTenant(ctx.db, tenantId, trx => updateExport(trx, tenantId, exportId, { status: 'ready', doneCount: done, totalCount: Math.max(done, started.totalCount), completedAt: new Date() }))
    } catch (error) {
      ctx.logger.warn({ job: 'procedures.build-export', exportId, err: { message: (error as Error).message } }, 'export failed')
      await withTenant(ctx.db, tenantId, trx => updateExport(trx, tenantId, exportId, { status: 'failed', error: (error as Error).message.slice(0, 500) }))
      throw error
    }
  },
})
