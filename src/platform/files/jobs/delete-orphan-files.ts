import { z } from 'zod'
import { defineJob } from '../../jobs/define-job.js'
import { deleteOrphanFiles } from '../file-service.js'

/**
 * Removes uploads that never got an owner (forms abandoned after uploading) once they are a day
 * old, across all tenants. Enqueue it daily (e.g. from the scheduler or `yakuba` CLI).
 */
export const deleteOrphanFilesJob = defineJob({
  name: 'files.delete-orphans',
  payload: z.object({}),
  retryLimit: 2,
  async run(_payload, ctx) {
    const deleted = await deleteOrphanFiles(ctx.db)
    if (deleted > 0) ctx.logger.info({ deleted }, 'orphan uploads removed')
  },
})
