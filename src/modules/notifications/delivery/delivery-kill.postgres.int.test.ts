import { spawn, type ChildProcess } from 'node:child_process'
import { resolve } from 'node:path'
import type { AddressInfo } from 'node:net'
import Fastify, { type FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SEARCH_PATH, createTestApp, PUBLIC_URL, TEST_DB, type TestApp } from '../../../../test/app.js'
import { createTestTenant } from '../../../../test/factories.js'
import { createTestResidents } from '../../../../test/notification-factories.js'
import { withTenant } from '../../../platform/db/tenant-context.js'
import { createFakeLine, fakeLinePlugin, type FakeLine } from '../channels/line/fake-line.js'
import { DEV_LINE_ACCESS_TOKEN } from '../channels/line/line-credentials.js'
import { notificationsDb } from '../notification-tables.js'
import { configureDeliveryTransports, drainDeliveries, insertNotice, queueNoticeDeliveries } from './index.js'

const ROOT = resolve(import.meta.dirname, '../../../..')
const RECIPIENTS = 1200

/**
 * A real crash: a worker process runs the pump against the same PostgreSQL database and a fake
 * LINE on a local HTTP server, is killed with SIGKILL while LINE holds its requests, and a new
 * worker finishes the job. No recipient may get the notice twice, and none may be left out.
 * PostgreSQL only (`*.postgres.int.test.ts`, see vitest.config.ts): PGlite is one in-process
 * database, there is no second process to kill.
 */
describe(`delivery pump killed mid-send (${TEST_DB})`, () => {
  let t: TestApp
  let fake: FakeLine
  let server: FastifyInstance
  let lineUrl: string
  const statuses: number[] = []
  let child: ChildProcess | undefined

  beforeAll(async () => {
    t = await createTestApp()
    fake = createFakeLine({ channelAccessTokens: [DEV_LINE_ACCESS_TOKEN], knobs: { rateLimit: { max: 100_000, windowMs: 1000 }, slowRate: 1, slowResponseMs: 20_000 } })
    server = Fastify({ forceCloseConnections: true })
    server.addHook('onResponse', async (_request, reply) => {
      statuses.push(reply.statusCode)
    })
    await server.register(fakeLinePlugin, { fake })
    await server.listen({ port: 0, host: '127.0.0.1' })
    lineUrl = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    child?.kill('SIGKILL')
    await server?.close()
    await t?.close()
  })

  it('sends each recipient the notice exactly once after a worker is killed and another takes over', async () => {
    const tenant = await createTestTenant(t.platform)
    await createTestResidents(t.platform, tenant, RECIPIENTS, ['line'])
    const notice = await withTenant(t.platform.database.db, tenant.id, async trx => {
      const { notice: stored } = await insertNotice(trx, tenant.id, { kind: 'broadcast', priority: 'critical', content: { ja: { subject: '避難指示', body: '直ちに避難してください。' } }, audience: { kind: 'everyone' }, source: 'staff' }, 'sending')
      await queueNoticeDeliveries(trx, tenant.id, stored.id)
      return stored
    })

    const started = new Promise<void>((resolveStart, reject) => {
      child = spawn(resolve(ROOT, 'node_modules/.bin/tsx'), [resolve(import.meta.dirname, 'testdata/pump-child.ts')], {
        cwd: ROOT,
        env: {
          PATH: SEARCH_PATH,
          NODE_ENV: 'test',
          LOG_LEVEL: 'silent',
          PUBLIC_URL,
          DATABASE_URL: t.config.DATABASE_URL,
          DATABASE_POOL_SIZE: '3',
          AUTO_MIGRATE: 'false',
          NOTIFY_CHANNELS: 'fake',
          LINE_API_BASE_URL: lineUrl,
          DELIVERY_RATE_LINE: '100000',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      let errors = ''
      child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()))
      child.on('exit', code => reject(new Error(`pump child exited (${code}): ${errors.slice(0, 2000)}`)))
      child.stdout?.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('pump-child ready')) resolveStart()
      })
    })
    await started
    // Kill it while LINE has accepted requests and holds their answers.
    const deadline = Date.now() + 30_000
    while (fake.received.length === 0 && Date.now() < deadline) await new Promise(r => setTimeout(r, 20))
    expect(fake.received.length).toBeGreaterThan(0)
    const exited = new Promise<void>(r => child?.once('exit', () => r()))
    child?.kill('SIGKILL')
    await exited
    child = undefined
    const acceptedBeforeKill = fake.received.flatMap(r => r.to).length
    expect(acceptedBeforeKill).toBeGreaterThan(0)

    const inFlight = await withTenant(t.platform.database.db, tenant.id, trx =>
      notificationsDb(trx).selectFrom('deliveries').select('id').where('tenantId', '=', tenant.id).where('channel', '=', 'line').where('status', '=', 'sending').execute(),
    )
    expect(inFlight.length).toBeGreaterThan(0)

    // A new worker, once the abandoned batch is stale.
    fake.setKnobs({ slowRate: 0 })
    configureDeliveryTransports(t.platform, { lineBaseUrl: lineUrl })
    await drainDeliveries(t.platform, { now: new Date(Date.now() + 3 * 60_000) })

    const rows = await withTenant(t.platform.database.db, tenant.id, trx =>
      notificationsDb(trx).selectFrom('deliveries').select(['status', 'channel']).where('tenantId', '=', tenant.id).where('noticeId', '=', notice.id).execute(),
    )
    expect(rows.filter(r => r.channel === 'line').map(r => r.status)).toEqual(Array(RECIPIENTS).fill('delivered'))
    const recipients = fake.received.flatMap(r => r.to)
    expect(recipients).toHaveLength(RECIPIENTS)
    expect(new Set(recipients).size).toBe(RECIPIENTS)
    // What LINE had accepted before the kill was answered 409 on the re-send, not sent again.
    expect(statuses).toContain(409)
  }, 90_000)
})
