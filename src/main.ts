import { parseArgs } from 'node:util'
import { ConfigError, loadConfig, type Config } from './platform/config.js'
import { createPlatform, createLogger, type Platform } from './platform/platform.js'
import type { JobDefinition } from './platform/jobs/define-job.js'
import type { DemoSeed } from './platform/cli/seed-demo.js'
import { ensurePostgresDatabase, openDatabase } from './platform/db/database.js'
import { applyMigrations, getMigrationStatus } from './platform/db/migrator.js'
import { createTenant, CreateTenantSchema } from './platform/tenancy/tenant-service.js'
import { seedDemo, formatDemoCredentials } from './platform/cli/seed-demo.js'
import { createStaffAccount } from './platform/cli/staff-admin.js'
import { verifyAuditChain } from './platform/audit/audit-log.js'
import { withTenant } from './platform/db/tenant-context.js'
import { STAFF_ROLES } from './platform/auth/permissions.js'
import type { StaffRole } from './platform/db/schema.js'
import { z } from 'zod'
import { isAppError } from './platform/errors.js'
import { translator } from './platform/i18n/i18n.js'
import { registerPlatformCatalogs } from './platform/i18n/catalogs/index.js'

const USAGE = `Usage: yakuba <command> [options]

Commands:
  start                 web server + job worker (embedded PGlite unless DATABASE_URL is set)
  worker                job worker only
  migrate [--status]    apply pending migrations (or list their state)
  seed-demo             create the demo municipality デモ市 (development only)
  create-tenant --slug S --name N --name-en E --lg-code C
  create-staff --tenant S --email E --name N --role R [--department CODE]
  audit verify [--tenant S]
`

class UsageError extends Error {}

/**
 * The business modules (jobs, demo data) and the HTTP app are imported only by the commands that
 * need them: `migrate` and `--help` start in a fraction of the time.
 */
async function moduleJobs(): Promise<{ allJobs: JobDefinition[]; demoSeeds: DemoSeed[]; backgroundLoops: ((platform: Platform) => { stop(): Promise<void> })[] }> {
  return import('./jobs.js')
}

async function withPlatform<T>(config: Config, migrate: boolean, fn: (p: Platform) => Promise<T>): Promise<T> {
  if (config.DATABASE_URL) await ensurePostgresDatabase(config.DATABASE_URL)
  const { allJobs } = await moduleJobs()
  const platform = await createPlatform(config, { jobs: allJobs, migrate })
  try {
    return await fn(platform)
  } finally {
    await platform.close()
  }
}

async function start(config: Config) {
  if (config.DATABASE_URL) await ensurePostgresDatabase(config.DATABASE_URL)
  const { allJobs, demoSeeds, backgroundLoops } = await moduleJobs()
  const { buildApp } = await import('./app.js')
  const platform = await createPlatform(config, { jobs: allJobs, migrate: config.AUTO_MIGRATE })
  const log = platform.logger
  if (config.seedDemo) {
    const { created, credentials } = await platform.database.withOwner(ownerDb => seedDemo(ownerDb, config, demoSeeds))
    if (created && !config.isProduction) console.log(`\n${formatDemoCredentials(credentials)}\n`)
  }
  const app = await buildApp(platform, { surface: config.STAFF_LISTEN && config.STAFF_ONLY_ON_STAFF_LISTEN ? 'public' : 'all' })
  await app.listen({ host: config.HOST, port: config.PORT })
  let staffApp: Awaited<ReturnType<typeof buildApp>> | undefined
  if (config.STAFF_LISTEN) {
    const [host, port] = config.STAFF_LISTEN.split(':')
    staffApp = await buildApp(platform, { surface: 'staff' })
    await staffApp.listen({ host, port: Number(port) })
    log.info({ staffListen: config.STAFF_LISTEN }, 'staff console listener started')
  }
  const loops: { stop(): Promise<void> }[] = []
  if (config.WORKER_IN_WEB) {
    await platform.jobs.startWorkers()
    for (const startLoop of backgroundLoops) loops.push(startLoop(platform))
  }
  log.info({ url: config.publicUrl, driver: platform.database.driver }, 'Yakuba is running')
  const stop = async () => {
    log.info('shutting down')
    for (const loop of loops) await loop.stop()
    await app.close()
    await staffApp?.close()
    await platform.close()
    process.exit(0)
  }
  process.once('SIGINT', () => void stop())
  process.once('SIGTERM', () => void stop())
}

async function worker(config: Config) {
  if (config.DATABASE_URL) await ensurePostgresDatabase(config.DATABASE_URL)
  const { allJobs, backgroundLoops } = await moduleJobs()
  const platform = await createPlatform(config, { jobs: allJobs, migrate: false })
  await platform.jobs.startWorkers()
  const loops = backgroundLoops.map(startLoop => startLoop(platform))
  platform.logger.info('job worker running')
  const stop = async () => {
    for (const loop of loops) await loop.stop()
    await platform.close()
    process.exit(0)
  }
  process.once('SIGINT', () => void stop())
  process.once('SIGTERM', () => void stop())
}

async function migrate(config: Config, args: string[]) {
  const { values } = parseArgs({ args, options: { status: { type: 'boolean' } }, strict: true })
  if (config.DATABASE_URL) await ensurePostgresDatabase(config.DATABASE_URL)
  const handle = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, poolSize: 2, appRole: config.DATABASE_APP_ROLE })
  try {
    if (values.status) {
      for (const s of await getMigrationStatus(handle.ownerPool)) console.log(`${s.version}  ${s.state.padEnd(8)} ${s.name}${s.appliedAt ? `  (${s.appliedAt.toISOString()})` : ''}`)
      return
    }
    const applied = await applyMigrations(handle.ownerPool)
    console.log(applied.length ? `applied: ${applied.join(', ')}` : 'no pending migrations')
  } finally {
    await handle.close()
  }
  // grants and job queues follow the schema
  await withPlatform(config, false, async () => undefined)
}

async function createTenantCommand(config: Config, args: string[]) {
  const { values } = parseArgs({ args, options: { slug: { type: 'string' }, name: { type: 'string' }, 'name-en': { type: 'string' }, 'lg-code': { type: 'string' } }, strict: true })
  const parsed = CreateTenantSchema.safeParse({ slug: values.slug, name: values.name, nameEn: values['name-en'], lgCode: values['lg-code'] })
  if (!parsed.success) throw new UsageError(parsed.error.issues.map(i => `--${String(i.path[0]).replace(/[A-Z]/g, c => `-${c.toLowerCase()}`)}: ${i.message}`).join('\n'))
  await withPlatform(config, config.AUTO_MIGRATE, async platform => {
    const tenant = await platform.database.withOwner(ownerDb => createTenant(ownerDb, parsed.data))
    console.log(`created ${tenant.name} (${tenant.lgCode}) at ${config.publicUrl}/${tenant.slug}`)
    console.log(`next: yakuba create-staff --tenant ${tenant.slug} --email … --name … --role administrator`)
  })
}

async function createStaffCommand(config: Config, args: string[]) {
  const { values } = parseArgs({ args, options: { tenant: { type: 'string' }, email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, department: { type: 'string' } }, strict: true })
  if (!values.tenant || !values.email || !values.name || !values.role) throw new UsageError('create-staff needs --tenant, --email, --name and --role')
  if (!STAFF_ROLES.includes(values.role as StaffRole)) throw new UsageError(`--role must be one of: ${STAFF_ROLES.join(', ')}`)
  await withPlatform(config, false, async platform => {
    const tenant = await platform.tenants.findTenantBySlug(values.tenant as string)
    if (!tenant) throw new UsageError(`--tenant: no municipality with slug ${values.tenant}`)
    const { password } = await platform.database.withOwner(ownerDb =>
      createStaffAccount(ownerDb, { tenantId: tenant.id, email: values.email as string, displayName: values.name as string, role: values.role as StaffRole, departmentCode: values.department }),
    )
    console.log(`created staff account ${values.email}; initial password (shown once): ${password}`)
    console.log(`they enrol TOTP at first login: ${config.publicUrl}/${tenant.slug}/staff/login`)
  })
}

async function auditCommand(config: Config, args: string[]) {
  const [sub, ...rest] = args
  if (sub !== 'verify') throw new UsageError('usage: yakuba audit verify [--tenant SLUG]')
  const { values } = parseArgs({ args: rest, options: { tenant: { type: 'string' } }, strict: true })
  const broken = await withPlatform(config, false, async platform => {
    const tenants = (await platform.tenants.listTenants()).filter(t => !values.tenant || t.slug === values.tenant)
    if (values.tenant && tenants.length === 0) throw new UsageError(`--tenant: no municipality with slug ${values.tenant}`)
    let failures = 0
    for (const tenant of tenants) {
      const result = await withTenant(platform.database.db, tenant.id, trx => verifyAuditChain(trx, tenant.id))
      if (result.firstBroken) {
        failures++
        console.log(`${tenant.slug}: BROKEN at seq ${result.firstBroken.seq} (${result.firstBroken.reason}) after ${result.checked} good entries`)
      } else console.log(`${tenant.slug}: ok (${result.checked} entries)`)
    }
    return failures
  })
  if (broken > 0) process.exitCode = 1
}

export async function main(argv: string[]): Promise<void> {
  registerPlatformCatalogs()
  const [command, ...args] = argv
  let config: Config
  try {
    config = loadConfig()
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message)
      process.exit(78)
    }
    throw error
  }
  try {
    switch (command) {
      case 'start':
        return await start(config)
      case 'worker':
        return await worker(config)
      case 'migrate':
        return await migrate(config, args)
      case 'seed-demo':
        return await withPlatform(config, config.AUTO_MIGRATE, async platform => {
          const { demoSeeds } = await moduleJobs()
          const { credentials } = await platform.database.withOwner(ownerDb => seedDemo(ownerDb, config, demoSeeds))
          console.log(formatDemoCredentials(credentials))
        })
      case 'create-tenant':
        return await createTenantCommand(config, args)
      case 'create-staff':
        return await createStaffCommand(config, args)
      case 'audit':
        return await auditCommand(config, args)
      case undefined:
      case 'help':
      case '--help':
        console.log(USAGE)
        return
      default:
        throw new UsageError(`unknown command: ${command}`)
    }
  } catch (error) {
    if (isAppError(error)) {
      console.error(`yakuba: ${translator('ja')(error.messageKey, error.params)} (${error.code})`)
      process.exit(2)
    }
    if (error instanceof UsageError || error instanceof z.ZodError || (error instanceof Error && /already exists|no department|must be one of|not a valid/.test(error.message))) {
      console.error(`yakuba: ${error.message}\n\n${USAGE}`)
      process.exit(2)
    }
    if (error instanceof Error && (error as NodeJS.ErrnoException).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      console.error(`yakuba: ${error.message}\n\n${USAGE}`)
      process.exit(2)
    }
    createLogger(config).error({ err: error }, 'command failed')
    console.error(`yakuba: ${(error as Error).message}`)
    process.exit(1)
  }
}

await main(process.argv.slice(2))
