import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type pg from 'pg'

/**
 * Plain-SQL, forward-only migrations from `migrations/NNNN_<module>_<change>.sql`. Each file runs
 * in its own transaction with its row in `schema_migrations`; an applied file whose checksum has
 * changed stops the runner (edit history with a new migration, never in place).
 */
export interface MigrationFile {
  version: string
  name: string
  checksum: string
  sql: string
}

export interface MigrationStatus {
  version: string
  name: string
  state: 'applied' | 'pending' | 'changed' | 'missing'
  appliedAt?: Date
}

export const MIGRATIONS_DIR = new URL('../../../migrations/', import.meta.url).pathname

export function readMigrationFiles(dir = MIGRATIONS_DIR): MigrationFile[] {
  return readdirSync(dir)
    .filter(f => f.endsWith('.sql'))
    .sort()
    .map(file => {
      const match = /^(\d{4})_([a-z0-9]+_[a-z0-9_]+)\.sql$/.exec(file)
      if (!match) throw new Error(`migration file name must be NNNN_module_change.sql: ${file}`)
      const sql = readFileSync(join(dir, file), 'utf8')
      return { version: match[1], name: match[2], sql, checksum: createHash('sha256').update(sql).digest('hex') }
    })
}

const MIGRATION_LOCK = 7_210_553_001

async function ensureMigrationsTable(client: Queryable): Promise<void> {
  await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version text PRIMARY KEY,
    name text NOT NULL,
    checksum text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`)
}

type Queryable = Pick<pg.Pool, 'query'> | pg.PoolClient

export async function getMigrationStatus(pool: Queryable, files = readMigrationFiles()): Promise<MigrationStatus[]> {
  const exists = await pool.query<{ t: string | null }>(`SELECT to_regclass('public.schema_migrations')::text AS t`)
  const { rows } = exists.rows[0]?.t
    ? await pool.query<{ version: string; name: string; checksum: string; applied_at: Date }>('SELECT version, name, checksum, applied_at FROM schema_migrations ORDER BY version')
    : { rows: [] as { version: string; name: string; checksum: string; applied_at: Date }[] }
  const applied = new Map(rows.map(r => [r.version, r]))
  const statuses: MigrationStatus[] = files.map(f => {
    const row = applied.get(f.version)
    if (!row) return { version: f.version, name: f.name, state: 'pending' }
    return {
      version: f.version,
      name: f.name,
      state: row.checksum === f.checksum ? 'applied' : 'changed',
      appliedAt: row.applied_at,
    }
  })
  for (const row of rows) {
    if (!files.some(f => f.version === row.version))
      statuses.push({ version: row.version, name: row.name, state: 'missing', appliedAt: row.applied_at })
  }
  return statuses
}

export class MigrationError extends Error {}

/** Applies pending migrations in order; returns the versions applied. */
export async function applyMigrations(pool: pg.Pool, files = readMigrationFiles()): Promise<string[]> {
  const client = await pool.connect()
  try {
    // Serialise concurrent migrators (several web processes starting at once).
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK])
    await ensureMigrationsTable(client)
    const statuses = await getMigrationStatus(client, files)
    const changed = statuses.filter(s => s.state === 'changed')
    if (changed.length > 0)
      throw new MigrationError(
        `applied migrations were edited after they ran: ${changed.map(s => `${s.version}_${s.name}`).join(', ')}`,
      )
    const applied: string[] = []
    for (const file of files) {
      if (statuses.find(s => s.version === file.version)?.state !== 'pending') continue
      await client.query('BEGIN')
      try {
        await client.query(file.sql)
        await client.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [
          file.version,
          file.name,
          file.checksum,
        ])
        await client.query('COMMIT')
      } catch (error) {
        await client.query('ROLLBACK')
        throw new MigrationError(`migration ${file.version}_${file.name} failed: ${(error as Error).message}`)
      }
      applied.push(file.version)
    }
    return applied
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined)
    client.release()
  }
}
