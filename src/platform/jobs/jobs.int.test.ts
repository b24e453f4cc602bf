import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { createTestApp, TEST_DB, type TestApp } from '../../../test/app.js'
import { createTestTenant } from '../../../test/factories.js'
import { withTenant } from '../db/tenant-context.js'
import { defineJob } from './define-job.js'
import type { TenantContext } from '../tenancy/tenant-service.js'

const seen: string[] = []
const attempts = new Map<string, number>()

const recordThing = defineJob({
  name: 'test.record-thing',
  payload: z.object({ label: z.string() }),
  retryLimit: 0,
  async run({ label }) {
    seen.push(label)
  },
})

const flakyThing = defineJob({
  name: 'test.flaky-thing',
  payload: z.object({ label: z.string() }),
  retryLimit: 3,
  retryDelaySeconds: 1,
  retryBackoff: true,
  async run({ label }) {
    const n = (attempts.get(label) ?? 0) + 1
    attempts.set(label, n)
    if (n < 3) throw new Error(`transient failure ${n}`)
    seen.push(`flaky:${label}:${n}`)
  },
})

describe(`jobs on pg-boss (${TEST_DB})`, () => {
  let t: TestApp
  let tenant: TenantContext
  beforeAll(async () => {
    t = await createTestApp({}, { extraJobs: [recordThing as never, flakyThing as never] })
    tenant = await createTestTenant(t.platform)
    await t.platform.jobs.startWorkers()
  })
  afterAll(async () => t?.close())

  it('runs a job enqueued in a transaction that commits', async () => {
    await withTenant(t.platform.database.db, tenant.id, trx => t.platform.jobs.enqueue(trx, recordThing, { label: 'committed' }))
    await t.platform.jobs.drain()
    expect(seen).toContain('committed')
  })

  it('never runs a job whose transaction rolled back (outbox semantics)', async () => {
    await expect(
      withTenant(t.platform.database.db, tenant.id, async trx => {
        await t.platform.jobs.enqueue(trx, recordThing, { label: 'rolled-back' })
        throw new Error('business rule failed after enqueue')
      }),
    ).rejects.toThrow('business rule failed')
    await withTenant(t.platform.database.db, tenant.id, trx => t.platform.jobs.enqueue(trx, recordThing, { label: 'after-rollback' }))
    await t.platform.jobs.drain()
    expect(seen).toContain('after-rollback')
    expect(seen).not.toContain('rolled-back')
  })

  it('refuses a payload that does not match the job schema before anything is stored', async () => {
    await expect(withTenant(t.platform.database.db, tenant.id, trx => t.platform.jobs.enqueue(trx, recordThing, { label: 42 } as never))).rejects.toThrow()
  })

  it('retries a failing job with backoff until it succeeds', async () => {
    await withTenant(t.platform.database.db, tenant.id, trx => t.platform.jobs.enqueue(trx, flakyThing, { label: 'x' }))
    const deadline = Date.now() + 20_000
    while (!seen.includes('flaky:x:3') && Date.now() < deadline) {
      t.platform.jobs.wake()
      await new Promise(r => setTimeout(r, 200))
    }
    expect(seen).toContain('flaky:x:3')
    expect(attempts.get('x')).toBe(3)
  }, 30_000)

  it('does not run a job twice when an enqueue with the same idempotency key is retried', async () => {
    for (let i = 0; i < 3; i++)
      await withTenant(t.platform.database.db, tenant.id, trx => t.platform.jobs.enqueue(trx, recordThing, { label: 'once' }, { idempotencyKey: 'once-key' }))
    await t.platform.jobs.drain()
    expect(seen.filter(s => s === 'once')).toHaveLength(1)
  })
})
