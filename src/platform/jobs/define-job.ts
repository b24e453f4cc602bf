import type { Logger } from 'pino'
import type { z } from 'zod'
import type { Config } from '../config.js'
import type { Db } from '../db/tenant-context.js'
import type { Mailer } from '../notify/mailer.js'

/** What a job handler can use. Handlers open their own tenant transactions with withTenant(). */
export interface JobContext {
  db: Db
  logger: Logger
  config: Config
  mailer: Mailer
}

export interface JobDefinition<S extends z.ZodType = z.ZodType> {
  /** `module.verb-noun` */
  name: string
  payload: S
  /** Attempts after the first failure. */
  retryLimit: number
  /** Seconds before the first retry; doubled each time when retryBackoff is on. */
  retryDelaySeconds: number
  retryBackoff: boolean
  /** Seconds a single run may take before it counts as failed. */
  expireInSeconds: number
  run(payload: z.infer<S>, ctx: JobContext): Promise<void>
}

/** Declares a job: a name, a zod payload schema (checked on enqueue and on run) and its handler. */
export function defineJob<S extends z.ZodType>(
  definition: Pick<JobDefinition<S>, 'name' | 'payload' | 'run'> &
    Partial<Pick<JobDefinition<S>, 'retryLimit' | 'retryDelaySeconds' | 'retryBackoff' | 'expireInSeconds'>>,
): JobDefinition<S> {
  if (!/^[a-z]+\.[a-z]+(-[a-z]+)*$/.test(definition.name)) throw new Error(`job name must be module.verb-noun: ${definition.name}`)
  return { retryLimit: 5, retryDelaySeconds: 10, retryBackoff: true, expireInSeconds: 15 * 60, ...definition }
}
