import type { FastifyInstance } from 'fastify'
import { Registry, collectDefaultMetrics, Histogram } from 'prom-client'
import { getMigrationStatus, readMigrationFiles } from '../db/migrator.js'
import type { Platform } from '../platform.js'

/** /healthz (alive), /readyz (database reachable, no pending migrations), /metrics (Prometheus). */
export function registerOpsRoutes(app: FastifyInstance, platform: Platform) {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry })
  const duration = new Histogram({
    name: 'yakuba_http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  })
  app.addHook('onResponse', async (req, reply) => {
    duration.observe({ method: req.method, route: req.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) }, reply.elapsedTime / 1000)
  })

  app.get('/healthz', { config: { auth: 'public' }, logLevel: 'warn' }, async () => ({ status: 'ok' }))

  // The migration files cannot change under a running process: read and hash them once.
  const migrationFiles = readMigrationFiles()
  app.get('/readyz', { config: { auth: 'public' }, logLevel: 'warn' }, async (_req, reply) => {
    try {
      await platform.database.pool.query('SELECT 1')
      const pending = (await getMigrationStatus(platform.database.pool, migrationFiles)).filter(s => s.state !== 'applied')
      if (pending.length) return reply.status(503).send({ status: 'migrations-pending', pending: pending.map(p => p.version) })
      return { status: 'ready' }
    } catch {
      return reply.status(503).send({ status: 'database-unavailable' })
    }
  })

  app.get('/metrics', { config: { auth: 'public' }, logLevel: 'warn' }, async (_req, reply) => reply.type(registry.contentType).send(await registry.metrics()))
}
