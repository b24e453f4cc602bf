import { mkdirSync } from 'node:fs'
import { PGlite } from '@electric-sql/pglite'
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm'
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist'
import { createPgConfig } from '@electric-sql/pglite/node-postgres'
import { CamelCasePlugin, Kysely, PostgresDialect, sql } from 'kysely'
import pg from 'pg'
import type { Database } from './schema.js'

export type Driver = 'pglite' | 'postgres'

/**
 * One database handle for the whole process. `ownerPool` runs migrations and bootstrap as the
 * schema owner; `pool` is what the application uses: every connection `SET ROLE`s to the
 * non-superuser, non-owner app role so row-level security really applies.
 *
 * On PGlite both are the same single-connection pool (PGlite is one session); the role is
 * switched once, after bootstrap, and never reset.
 */
export interface DatabaseHandle {
  driver: Driver
  db: Kysely<Database>
  pool: pg.Pool
  appRole: string
  /** Owner connection: migrations, pg-boss install, CLI operator commands. */
  ownerPool: pg.Pool
  /**
   * Runs operator work as the schema owner (CLI commands, demo seeding, test factories). On
   * PGlite this briefly leaves the app role on the single session; never call it from a request.
   */
  withOwner<T>(fn: (ownerDb: Kysely<Database>) => Promise<T>): Promise<T>
  /** Switches the application connections to the app role (call after bootstrap). */
  enterAppRole(): Promise<void>
  close(): Promise<void>
}

export interface OpenDatabaseOptions {
  databaseUrl?: string
  dataDir: string
  poolSize: number
  appRole: string
  /** Load a PGlite data directory dump (tests reuse a migrated template). */
  loadDataDir?: Blob | File
}

// pg returns int8 as string by default; counts and sequences here stay well inside 2^53.
pg.types.setTypeParser(20, v => Number(v))
// `date` columns are calendar dates: keep them as 'YYYY-MM-DD' strings, never shift by time zone.
pg.types.setTypeParser(1082, v => v)

export async function openDatabase(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  return options.databaseUrl ? openPostgres(options) : openPglite(options)
}

async function openPglite(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  const isMemory = options.dataDir.startsWith('memory://')
  if (!isMemory) mkdirSync(options.dataDir, { recursive: true })
  const pglite = await PGlite.create(options.dataDir, {
    extensions: { pg_trgm, btree_gist },
    loadDataDir: options.loadDataDir,
  })
  const pool = new pg.Pool(createPgConfig(pglite) as unknown as pg.PoolConfig)
  let inAppRole = false
  const handle: DatabaseHandle = {
    driver: 'pglite',
    db: createKysely(pool),
    pool,
    ownerPool: pool,
    appRole: options.appRole,
    async withOwner(fn) {
      if (!inAppRole) return fn(handle.db)
      return handle.db.connection().execute(async conn => {
        await sql`RESET ROLE`.execute(conn)
        try {
          return await fn(conn)
        } finally {
          await sql.raw(`SET ROLE ${quoteIdent(options.appRole)}`).execute(conn)
        }
      })
    },
    async enterAppRole() {
      if (inAppRole) return
      await pool.query(`SET ROLE ${quoteIdent(options.appRole)}`)
      inAppRole = true
    },
    async close() {
      await handle.db.destroy().catch(() => undefined)
      await pglite.close()
    },
  }
  return handle
}

async function openPostgres(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  const connectionString = options.databaseUrl as string
  const ownerPool = new pg.Pool({ connectionString, max: 2 })
  // The app role is set at connection startup (`-c role=…`): a connection that cannot take the
  // role fails instead of silently running as the owner. Connections open lazily, after bootstrap.
  const pool = new pg.Pool({ connectionString, max: options.poolSize, options: `-c role=${quoteIdent(options.appRole).slice(1, -1)}` })
  // An idle connection killed by the server (restart, failover) must not crash the process:
  // the pool drops it and opens a new one on the next query.
  pool.on('error', () => undefined)
  ownerPool.on('error', () => undefined)
  const ownerDb = createKysely(ownerPool)
  const handle: DatabaseHandle = {
    driver: 'postgres',
    db: createKysely(pool),
    withOwner: fn => fn(ownerDb),
    pool,
    ownerPool,
    appRole: options.appRole,
    async enterAppRole() {
      const { rows } = await pool.query<{ role: string }>('SELECT current_user AS role')
      if (rows[0]?.role !== options.appRole) throw new Error(`application connection is not in role ${options.appRole}`)
    },
    async close() {
      await handle.db.destroy().catch(() => undefined)
      await ownerPool.end().catch(() => undefined)
    },
  }
  return handle
}

function createKysely(pool: pg.Pool): Kysely<Database> {
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins: [new CamelCasePlugin()] })
}

export function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unsafe identifier: ${name}`)
  return `"${name}"`
}

/**
 * Creates a PostgreSQL database if it does not exist, with `lc_ctype 'C.UTF-8'` so that pg_trgm
 * and Japanese text work (under the `C` ctype pg_trgm finds nothing for non-ASCII text).
 */
export async function ensurePostgresDatabase(databaseUrl: string): Promise<boolean> {
  const url = new URL(databaseUrl)
  const name = decodeURIComponent(url.pathname.replace(/^\//, ''))
  if (!/^[A-Za-z0-9_-]+$/.test(name)) throw new Error(`unsupported database name: ${name}`)
  url.pathname = '/postgres'
  const client = new pg.Client({ connectionString: url.toString() })
  await client.connect()
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])
    if (exists.rowCount) return false
    await client.query(
      `CREATE DATABASE "${name}" TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'`,
    )
    return true
  } finally {
    await client.end()
  }
}

export { sql }
