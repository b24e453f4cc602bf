import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import type { FastifyInstance } from 'fastify'
import pg from 'pg'
import { loadConfig, type Config } from '../src/platform/config.js'
import { createPlatform, type Platform } from '../src/platform/platform.js'
import { ensurePostgresDatabase } from '../src/platform/db/database.js'
import { buildApp } from '../src/app.js'
import { allJobs } from '../src/jobs.js'
import type { JobDefinition } from '../src/platform/jobs/define-job.js'
import { TEMPLATE_PATH } from './global-setup.js'

export const TEST_DB = process.env.TEST_DB === 'postgres' ? 'postgres' : 'pglite'
export const POSTGRES_ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
export const PUBLIC_URL = 'http://yakuba.test'
/** The executable search path, for child processes a test starts with an environment of its own. */
export const SEARCH_PATH = process.env.PATH

/** A fresh, uniquely named PostgreSQL database URL (created on first use by ensurePostgresDatabase). */
export function newTestDatabaseUrl(prefix = 'yakuba_test'): string {
  const url = new URL(POSTGRES_ADMIN_URL)
  url.pathname = `/${prefix}_${randomBytes(6).toString('hex')}`
  return url.toString()
}

/** Drops a database a test created, closing any connection still open to it. */
export async function dropTestDatabase(databaseUrl: string | undefined): Promise<void> {
  if (!databaseUrl) return
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL })
  await admin.connect()
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${new URL(databaseUrl).pathname.slice(1)}" WITH (FORCE)`)
  } finally {
    await admin.end()
  }
}

export interface TestApp {
  platform: Platform
  app: FastifyInstance
  config: Config
  close(): Promise<void>
}

/**
 * The real app on a real database: a PGlite loaded from the migrated template, or a fresh
 * PostgreSQL database (created with lc_ctype C.UTF-8, dropped afterwards) when TEST_DB=postgres.
 */
export async function createTestApp(env: Record<string, string> = {}, options: { extraJobs?: JobDefinition[]; beforeReady?: (app: FastifyInstance) => void } = {}): Promise<TestApp> {
  let databaseUrl: string | undefined
  if (TEST_DB === 'postgres') {
    databaseUrl = newTestDatabaseUrl()
    await ensurePostgresDatabase(databaseUrl)
  }
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATA_DIR: 'memory://',
    PUBLIC_URL,
    DEV_IDP: 'true',
    DEV_MAILBOX: 'true',
    RATE_LIMIT_PER_MINUTE: '100000',
    LOGIN_RATE_LIMIT_PER_MINUTE: '100000',
    JOBS_POLL_SECONDS: '0.5',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl, DATABASE_POOL_SIZE: '4' } : {}),
    ...env,
  })
  const appRef: { current?: FastifyInstance } = {}
  // OIDC back-channel calls (discovery, token, userinfo) go to the dev IdP in the same app.
  const oidcFetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url)
    const headers = { ...Object.fromEntries(new Headers(init?.headers).entries()), host: url.host }
    const res = await appRef.current!.inject({ method: (init?.method ?? 'GET') as 'GET', url: url.pathname + url.search, headers, payload: init?.body ? String(init.body) : undefined })
    return new Response(res.rawPayload.length ? new Uint8Array(res.rawPayload) : null, { status: res.statusCode, headers: res.headers as Record<string, string> })
  }
  const platform = await createPlatform(config, {
    jobs: [...allJobs, ...(options.extraJobs ?? [])],
    migrate: true,
    oidcFetch: oidcFetch as typeof fetch,
    loadDataDir: TEST_DB === 'pglite' ? new Blob([readFileSync(TEMPLATE_PATH)]) : undefined,
  })
  const app = await buildApp(platform)
  appRef.current = app
  options.beforeReady?.(app)
  await app.ready()
  return {
    platform,
    app,
    config,
    async close() {
      await app.close()
      await platform.close()
      await dropTestDatabase(databaseUrl)
    },
  }
}

/** Cookie jar for inject(): keeps what Set-Cookie gives, by name (paths are ignored in tests). */
export class CookieJar {
  private cookies = new Map<string, string>()
  store(setCookie: string | string[] | undefined) {
    for (const line of [setCookie ?? []].flat()) {
      const [pair, ...attrs] = line.split(';')
      const eq = pair.indexOf('=')
      const name = pair.slice(0, eq).trim()
      const value = pair.slice(eq + 1).trim()
      const expired = attrs.some(a => /^\s*max-age=0/i.test(a) || /^\s*expires=Thu, 01 Jan 1970/i.test(a))
      if (expired || value === '') this.cookies.delete(name)
      else this.cookies.set(name, value)
    }
  }
  get(name: string) {
    return this.cookies.get(name)
  }
  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
  }
}

/** Reads the CSRF token from a rendered form. */
export function csrfFrom(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html)
  if (!match) throw new Error('no CSRF field on the page')
  return match[1]
}
