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
 *
 * Yakuba only: a third argument `{ "beforeListen": { module, fn } }` calls `fn({ platform, app })`
 * of that module before the server listens (e.g. to register extra routes), and
 * `{ type: 'call', id, module, fn, args }` runs `fn({ platform, app }, args)` in the child and
 * answers `{ type: 'called', id, result }` or `{ type: 'called', id, error }`: a benchmark's
 * setup, verification and database baseline run next to the server's own database (an
 * embedded PGlite can only be reached from the process that opened it).
 */
import { writeFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import { Session } from 'node:inspector/promises'
import Fastify, { type FastifyInstance } from 'fastify'
import type { Platform } from '../../src/platform/platform.js'

type Detail = Record<string, string | number | boolean>
type ToParent =
  | { type: 'ready'; port: number; detail: Detail }
  | { type: 'failed'; message: string }
  | { type: 'profile-started' }
  | { type: 'profile-stopped'; file: string }
  | { type: 'cpu'; user: number; system: number }
  | { type: 'called'; id: number; result?: unknown; error?: string }

/** What `beforeListen` and `call` functions receive (see the module comment). */
export interface ChildContext {
  platform: Platform
  app: FastifyInstance
}
/** A function exported by a module, run in the child: `{ module: absolute path, fn: export name }`. */
export interface ChildFunctionRef {
  module: string
  fn: string
}
export interface ServerExtras {
  beforeListen?: ChildFunctionRef
}

interface Started {
  app: FastifyInstance
  /** Set for Yakuba: what `call` functions receive. */
  context?: ChildContext
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

async function callExport(ref: ChildFunctionRef, context: ChildContext, args?: unknown): Promise<unknown> {
  const mod = (await import(pathToFileURL(ref.module).href)) as Record<string, unknown>
  const fn = mod[ref.fn]
  if (typeof fn !== 'function') throw new Error(`${ref.module} exports no function ${ref.fn}`)
  return (fn as (context: ChildContext, args?: unknown) => unknown)(context, args)
}

async function startYakuba(env: Record<string, string>, extras: ServerExtras = {}): Promise<Started> {
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
  const context: ChildContext = { platform, app }
  if (extras.beforeListen) await callExport(extras.beforeListen, context)
  if (config.WORKER_IN_WEB) await platform.jobs.startWorkers()
  return {
    app,
    context,
    async close() {
      await app.close()
      await platform.close()
    },
    detail: {
      driver: platform.database.driver,
      nodeEnv: config.NODE_ENV,
      logLevel: config.LOG_LEVEL,
      rateLimitPerMinute: config.RATE_LIMIT_PER_MINUTE,
      poolSize: config.DATABASE_POOL_SIZE,
      workerInWeb: config.WORKER_IN_WEB,
      devIdp: config.devIdp,
      devMailbox: config.devMailbox,
    },
  }
}

async function main() {
  const [kind, envJson, extrasJson] = process.argv.slice(2)
  if (!process.send) throw new Error('server-main.ts must be forked with an IPC channel')
  const server =
    kind === 'bare'
      ? await startBare()
      : kind === 'yakuba'
        ? await startYakuba(JSON.parse(envJson ?? '{}') as Record<string, string>, JSON.parse(extrasJson ?? '{}') as ServerExtras)
        : undefined
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
    else if (message.type === 'call') {
      const { id, module, fn, args } = raw as { id: number; module: string; fn: string; args?: unknown }
      const context = server.context
      void (async () => {
        try {
          if (!context) throw new Error(`a ${kind} server runs no benchmark functions`)
          send({ type: 'called', id, result: await callExport({ module, fn }, context, args) })
        } catch (error) {
          send({ type: 'called', id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) })
        }
      })()
    }
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
