/**
 * What the PostgreSQL benchmarks share: a fresh database per run (dropped afterwards), and a
 * platform on it configured as for development with the fake channels, its logs on stderr (stdout
 * carries only the figures and the JSON line).
 */
import pg from 'pg'
import pino from 'pino'
import { allJobs } from '../../src/jobs.js'
import { loadConfig } from '../../src/platform/config.js'
import { ensurePostgresDatabase } from '../../src/platform/db/database.js'
import { createPlatform, type Platform } from '../../src/platform/platform.js'

/** The URL of database `name` on the server of the admin URL. */
export function databaseUrlOf(adminUrl: string, name: string): string {
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  return url.toString()
}

/** Creates the database when missing, migrates it and starts a platform on it (no HTTP app). */
export async function createBenchPlatform(databaseUrl: string, options: { pool: number; env?: Record<string, string> }): Promise<Platform> {
  await ensurePostgresDatabase(databaseUrl)
  const config = loadConfig({
    NODE_ENV: 'development',
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: String(options.pool),
    DATA_DIR: 'memory://',
    PUBLIC_URL: 'http://yakuba.bench',
    DEV_IDP: 'false',
    DEV_MAILBOX: 'false',
    LOG_LEVEL: 'warn',
    NOTIFY_CHANNELS: 'fake',
    ...options.env,
  })
  const logger = pino({ level: 'warn' }, pino.destination(2))
  return createPlatform(config, { jobs: allJobs, migrate: true, logger })
}

export async function dropBenchDatabase(adminUrl: string, name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
  } finally {
    await admin.end()
  }
}
