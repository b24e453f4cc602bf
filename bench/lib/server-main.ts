/**
 * Entry point of a benchmark server child (forked by `startServer` in ./child-server.ts).
 *
 *   server-main.ts bare              a bare Fastify 5 hello-world: reply.send('hello')
 *   server-main.ts yakuba <env-json> the Yakuba HTTP app as `yakuba start` builds it, on an
 *                                    embedded PGlite, with デモ市 seeded
 *
 * Both listen on 127.0.0.1 with an ephemeral port, report `{ type: 'ready', port }` over IPC,
 * and on `{ type: 'stop' }` close and exit normally.
 *
 * `{ type: 'cpu' }` answers with `process.cpuUsage()` (µs), to tell a saturated server from a
 * saturated load generator.
 *
 * `{ type: 'profile-start' }` / `{ type: 'profile-stop', file }` record a V8 CPU profile of just
 * the measured window (not start-up, migrations or warm-up) through the inspector, and write it
 * as a `.cpuprofile` (open in Chrome DevTools, or see ./cpu-profile.ts).
 */
import { writeFileSync } from 'node:fs'
import { Session } from 'node:inspector/promises'
import Fastify, { type FastifyInstance } from 'fastify'

type Detail = Record<string, string | number | boolean>
type ToParent =
  | { type: 'ready'; port: number; detail: Detail }
  | { type: 'failed'; message: string }
  | { type: 'profile-started' }
  | { type: 'profile-stopped'; file: string }
  | { type: 'cpu'; user: number; system: number }

interface Started {
  app: FastifyInstance
  close(): Promise<void>
  /** Settings as the server actually resolved them, echoed in the benchmark's output. */
  detail: Detail
}

function send(message: ToParent) {
  process.send?.(message)
}

async function startBare(): Promise<Started> {
  // Fastify's defaults: no logger, no plugins.
  const app = Fastify()
  app.get('/', (_req, reply) => {
    reply.send('hello')
  })
  return { app, close: () => app.close(), detail: {} }
}

async function startYakuba(env: Record<string, string>): Promise<Started> {
  const { loadConfig } = await import('../../src/platform/config.js')
  const { createPlatform } = await import('../../src/platform/platform.js')
  const { buildApp } = await import('../../src/app.js')
  const { allJobs } = await import('../../src/jobs.js')
  const { seedDemo } = await import('../../src/platform/cli/seed-demo.js')

  // Only the benchmark's settings: nothing from the caller's environment leaks in.
  const config = loadConfig(env)
  // As src/main.ts `start` does, minus printing credentials.
  const platform = await createPlatform(config, { jobs: allJobs, migrate: config.AUTO_MIGRATE })
  await platform.database.withOwner(ownerDb => seedDemo(ownerDb, config))
  const app = await buildApp(platform, { surface: 'all' })
  if (config.WORKER_IN_WEB) await platform.jobs.startWorkers()
  return {
    app,
    async close() {
      await app.close()
      await platform.close()
    },
    detail: {
      driver: platform.database.driver,
      nodeEnv: config.NODE_ENV,
      logLevel: config.LOG_LEVEL,
      rateLimitPerMinute: config.RATE_LIMIT_PER_MINUTE,
      workerInWeb: config.WORKER_IN_WEB,
      devIdp: config.devIdp,
      devMailbox: config.devMailbox,
    },
  }
}

async function main() {
  const [kind, envJson] = process.argv.slice(2)
  if (!process.send) throw new Error('server-main.ts must be forked with an IPC channel')
  const server = kind === 'bare' ? await startBare() : kind === 'yakuba' ? await startYakuba(JSON.parse(envJson ?? '{}') as Record<string, string>) : undefined
  if (!server) throw new Error(`unknown server kind: ${kind}`)
  await server.app.listen({ host: '127.0.0.1', port: 0 })
  const address = server.app.server.address()
  if (!address || typeof address === 'string') throw new Error('server did not get a TCP port')

  let stopping = false
  const stop = async () => {
    if (stopping) return
    stopping = true
    await server.close().catch(() => undefined)
    process.exit(0)
  }
  let session: Session | undefined
  process.on('message', (raw: unknown) => {
    const message = raw as { type?: string; file?: string }
    if (message.type === 'stop') void stop()
    else if (message.type === 'cpu') send({ type: 'cpu', ...process.cpuUsage() })
    else if (message.type === 'profile-start') {
      void (async () => {
        session = new Session()
        session.connect()
        await session.post('Profiler.enable')
        await session.post('Profiler.setSamplingInterval', { interval: 250 })
        await session.post('Profiler.start')
        send({ type: 'profile-started' })
      })()
    } else if (message.type === 'profile-stop' && session && message.file) {
      const file = message.file
      const current = session
      session = undefined
      void (async () => {
        const { profile } = await current.post('Profiler.stop')
        current.disconnect()
        writeFileSync(file, JSON.stringify(profile))
        send({ type: 'profile-stopped', file })
      })()
    }
  })
  // The parent went away (crash, Ctrl-C): do not linger.
  process.on('disconnect', () => void stop())
  send({ type: 'ready', port: address.port, detail: server.detail })
}

main().catch((error: unknown) => {
  send({ type: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) })
  process.exit(1)
})
