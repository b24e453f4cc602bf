import type { JobDefinition } from './platform/jobs/define-job.js'
import type { DemoSeed } from './platform/cli/seed-demo.js'
import { paymentJobs } from './modules/payments/index.js'
import { procedureJobs, seedProceduresDemo } from './modules/procedures/index.js'

/** Jobs of the business modules (the platform's own are added by createPlatform). */
export const allJobs: JobDefinition[] = [...paymentJobs, ...procedureJobs]

/** Demo data of the business modules, added to デモ市 by `seed-demo` / the first `start`. */
export const demoSeeds: DemoSeed[] = [seedProceduresDemo]
