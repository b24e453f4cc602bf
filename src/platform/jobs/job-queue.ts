import PgBoss from 'pg-boss'
import { sql } from 'kysely'
import type pg from 'pg'
import type { Logger } from 'pino'
import { executeSqlOn, type Executor } from '../db/tenant-context.js'
import type { JobContext, JobDefinition } from './define-job.js'
import type { z } from 'zod'

const SCHEMA = 'pgboss'

function poolExecutor(pool: pg.Pool) {
  return { executeSql: (text: string, values?: unknown[]) => pool.query(text, values as unknown[]) }
}

/**
 * Installs pg-boss's schema and one queue per registered job, as the schema owner (queue creation
 * makes a partition table, which the app role may not do), then lets the app role use them.
 */
export async function installJobQueues(ownerPool: pg.Pool, appRole: string, jobs: JobDefinition[]): Promise<void> {
  const boss = new PgBoss({ db: poolExecutor(ownerPool), schema: SCHEMA, supervise: false, schedule: false } as never)
  boss.on('error', () => undefined)
  await boss.start()
  try {
    for (const job of jobs) {
      await boss.createQueue(job.name, {
        name: job.name,
        retryLimit: job.retryLimit,
        retryDelay: job.retryDelaySeconds,
        retryBackoff: job.retryBackoff,
        expireInSeconds: job.expireInSeconds,
      } as never)
    }
  } finally {
    await boss.stop({ graceful: false, wait: true } as never)
  }
  await ownerPool.query(`GRANT USAGE ON SCHEMA ${SCHEMA} TO "${appRole}";
    GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${SCHEMA} TO "${appRole}";
    GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${SCHEMA} TO "${appRole}";
    GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA ${SCHEMA} TO "${appRole}"`)
}

export interface EnqueueOptions {
  /**
   * Same key, same job, ever: a retried enqueue (double submit, replayed request) is dropped. The
   * key is stored in idempotency_keys in the caller's transaction, so the caller's transaction
   * must be bound to a tenant (withTenant).
   */
  idempotencyKey?: string
  startAfter?: Date | number
}

export interface JobQueue {
  /**
   * Starts pg-boss (no workers). Must run before any transaction enqueues: starting later would
   * need a pool connection while the transaction holds PGlite's only one.
   */
  start(): Promise<void>
  /** Enqueue inside the caller's transaction: the job exists only if the transaction commits. */
  enqueue<S extends z.ZodType>(executor: Executor, job: JobDefinition<S>, payload: z.infer<S>, options?: EnqueueOptions): Promise<string | null>
  startWorkers(): Promise<void>
  /** Wakes the workers now instead of at the next poll (after a commit that enqueued work). */
  wake(): void
  /** Waits until no job of the registry is queued or running (tests and CLI). */
  drain(timeoutMs?: number): Promise<void>
  stop(): Promise<void>
}

export interface JobQueueOptions {
  pool: pg.Pool
  jobs: JobDefinition[]
  context: JobContext
  logger: Logger
  pollSeconds: number
  batchSize: number
}

/** The pg-boss wrapper. pg-boss runs over the app pool, so on PGlite everything shares one session. */
export function createJobQueue(options: JobQueueOptions): JobQueue {
  const { pool, jobs, context, logger } = options
  const byName = new Map(jobs.map(j => [j.name, j]))
  const boss = new PgBoss({ db: poolExecutor(pool), schema: SCHEMA, migrate: false, supervise: true, schedule: false } as never)
  boss.on('error', error => logger.error({ err: error }, 'job queue error'))
  let started = false
  const workerIds: string[] = []

  async function ensureStarted() {
    if (started) return
    await boss.start()
    started = true
  }

  function wake() {
    const manager = (boss as unknown as { manager?: { notifyWorker(id: string): void } }).manager
    for (const id of workerIds) manager?.notifyWorker(id)
  }

  async function runBatch(definition: JobDefinition, batch: PgBoss.Job<unknown>[]) {
    for (const job of batch) {
      try {
        const payload = definition.payload.parse(job.data)
        await definition.run(payload, context)
      } catch (error) {
        // Failing one job must not fail the rest of its batch: mark it here, pg-boss then
        // completes only the jobs still active.
        logger.warn({ job: definition.name, jobId: job.id, err: { message: (error as Error).message } }, 'job failed')
        await boss.fail(definition.name, job.id, { message: (error as Error).message })
      }
    }
  }

  return {
    start: ensureStarted,
    async enqueue(executor, job, payload, enqueueOptions = {}) {
      if (!byName.has(job.name)) throw new Error(`job not registered: ${job.name}`)
      const data = job.payload.parse(payload)
      if (!started) throw new Error('job queue not started: call jobs.start() at startup')
      if (enqueueOptions.idempotencyKey) {
        const inserted = await sql<{ key: string }>`
          INSERT INTO idempotency_keys (tenant_id, scope, key, response)
          VALUES (nullif(current_setting('app.tenant_id', true), '')::uuid, ${`job:${job.name}`}, ${enqueueOptions.idempotencyKey}, '{}'::jsonb)
          ON CONFLICT DO NOTHING RETURNING key`.execute(executor)
        if (inserted.rows.length === 0) return null
      }
      // The job becomes visible when the caller's transaction commits, which we cannot observe
      // here: wake the in-process workers shortly after, instead of waiting for the next poll.
      setTimeout(wake, 25).unref()
      return boss.send(job.name, data as object, {
        db: { executeSql: executeSqlOn(executor) },
        retryLimit: job.retryLimit,
        retryDelay: job.retryDelaySeconds,
        retryBackoff: job.retryBackoff,
        expireInSeconds: job.expireInSeconds,
        startAfter: enqueueOptions.startAfter,
      } as never)
    },
    async startWorkers() {
      await ensureStarted()
      for (const definition of jobs) {
        const id = await boss.work(
          definition.name,
          { batchSize: options.batchSize, pollingIntervalSeconds: options.pollSeconds } as never,
          async (batch: PgBoss.Job<unknown>[]) => runBatch(definition, batch),
        )
        workerIds.push(id as unknown as string)
      }
    },
    wake,
    async drain(timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs
      const names = jobs.map(j => j.name)
      for (;;) {
        const { rows } = await pool.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM ${SCHEMA}.job WHERE name = ANY($1) AND state IN ('created', 'retry', 'active') AND start_after <= now()`,
          [names],
        )
        if ((rows[0]?.n ?? 0) === 0) return
        if (Date.now() > deadline) throw new Error('jobs did not drain in time')
        wake()
        await new Promise(r => setTimeout(r, 50))
      }
    },
    async stop() {
      if (!started) return
      started = false
      await boss.stop({ graceful: true, wait: true, timeout: 5000 } as never)
    },
  }
}
