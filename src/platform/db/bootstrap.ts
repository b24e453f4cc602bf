import type pg from 'pg'
import type { JobDefinition } from '../jobs/define-job.js'
import { installJobQueues } from '../jobs/job-queue.js'
import type { DatabaseHandle } from './database.js'
import { quoteIdent } from './database.js'
import { applyMigrations, getMigrationStatus } from './migrator.js'

/** Tables the app role may read and insert but never change (append-only). */
const APPEND_ONLY_TABLES = ['audit_log']

/**
 * Creates the non-superuser, non-owner app role (cluster-wide, so concurrent creators are
 * tolerated) and grants it what the application needs — and nothing on schema_migrations.
 */
export async function ensureAppRole(ownerPool: pg.Pool, appRole: string): Promise<void> {
  const role = quoteIdent(appRole)
  for (let attempt = 0; ; attempt++) {
    try {
      await ownerPool.query(`DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${appRole}') THEN
          CREATE ROLE ${role} NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
        END IF;
      END $$`)
      break
    } catch (error) {
      // Another database on the same server created it at the same moment.
      const code = (error as { code?: string }).code
      if (attempt < 5 && (code === '42710' || code === '23505' || code === 'XX000')) continue
      throw error
    }
  }
  const { rows } = await ownerPool.query<{ is_super: boolean; member: boolean }>(
    `SELECT rolsuper AS is_super, pg_has_role(current_user, $1, 'MEMBER') AS member FROM pg_roles WHERE rolname = current_user`,
    [appRole],
  )
  if (rows[0] && !rows[0].is_super && !rows[0].member) await ownerPool.query(`GRANT ${role} TO CURRENT_USER`)
  await ownerPool.query(`GRANT USAGE ON SCHEMA public TO ${role};
    GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${role};
    GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${role};
    REVOKE ALL ON schema_migrations FROM ${role};
    GRANT SELECT ON schema_migrations TO ${role};
    REVOKE INSERT, DELETE ON tenants FROM ${role};
    ${APPEND_ONLY_TABLES.map(t => `REVOKE UPDATE, DELETE ON ${t} FROM ${role};`).join('\n')}`)
}

export interface BootstrapOptions {
  migrate: boolean
  jobs: JobDefinition[]
}

export class PendingMigrationsError extends Error {}

/** Migrations (if allowed), app role and grants, job queues; then the app role is entered. */
export async function bootstrapDatabase(handle: DatabaseHandle, options: BootstrapOptions): Promise<{ applied: string[] }> {
  let applied: string[] = []
  if (options.migrate) {
    applied = await applyMigrations(handle.ownerPool)
  } else {
    const pending = (await getMigrationStatus(handle.ownerPool)).filter(s => s.state !== 'applied')
    if (pending.length > 0)
      throw new PendingMigrationsError(`database has ${pending.length} pending or changed migrations: run \`yakuba migrate\``)
  }
  await ensureAppRole(handle.ownerPool, handle.appRole)
  await installJobQueues(handle.ownerPool, handle.appRole, options.jobs)
  await handle.enterAppRole()
  return { applied }
}
