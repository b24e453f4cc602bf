import type { JobDefinition } from './platform/jobs/define-job.js'

/** Jobs of the business modules (the platform's own are added by createPlatform). */
export const allJobs: JobDefinition[] = []
