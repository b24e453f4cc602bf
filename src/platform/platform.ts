import pino, { type Logger } from 'pino'
import type { Config } from './config.js'
import { openDatabase, type DatabaseHandle } from './db/database.js'
import { bootstrapDatabase } from './db/bootstrap.js'
import { createJobQueue, type JobQueue } from './jobs/job-queue.js'
import type { JobDefinition } from './jobs/define-job.js'
import { createMailer, type Mailer } from './notify/mailer.js'
import { createNotifier, deliverNotification, type Notifier } from './notify/notify.js'
import { createTenantService, type TenantService } from './tenancy/tenant-service.js'
import { createResidentAuthService, sendMagicLink, type ResidentAuthService } from './auth/resident/resident-auth-service.js'
import { createStaffAuthService, type StaffAuthService } from './auth/staff/staff-auth-service.js'
import { createRelyingParty, generateClientKey, type RelyingParty } from './auth/oidc/relying-party.js'
import type { JWK } from 'jose'
import { deleteOrphanFilesJob } from './files/jobs/delete-orphan-files.js'

/** Jobs of the platform; modules add theirs in src/jobs.ts. */
export const platformJobs: JobDefinition[] = [deliverNotification, sendMagicLink, deleteOrphanFilesJob] as unknown as JobDefinition[]

export interface DevIdpSetup {
  issuer: string
  clientId: string
  publicJwk: JWK
  redirectUri: string
}

/** Everything long-lived a process needs: database, jobs, services. Built once per process. */
export interface Platform {
  config: Config
  logger: Logger
  database: DatabaseHandle
  jobs: JobQueue
  mailer: Mailer
  notifier: Notifier
  tenants: TenantService
  residentAuth: ResidentAuthService
  staffAuth: StaffAuthService
  digitalAuth: RelyingParty
  /** Set when the built-in development identity provider is served by this process. */
  devIdp?: DevIdpSetup
  close(): Promise<void>
}

export interface PlatformOptions {
  jobs: JobDefinition[]
  /** Apply migrations at startup (false: refuse to start with pending ones). */
  migrate: boolean
  logger?: Logger
  /** Replaces fetch for OIDC back-channel calls (tests route them through app.inject). */
  oidcFetch?: typeof fetch
  /** Load a PGlite data directory (tests reuse a migrated template). */
  loadDataDir?: Blob
}

export function createLogger(config: Config): Logger {
  return pino({
    level: config.LOG_LEVEL,
    // Query strings can carry personal data (a name searched for) or secrets (a magic-link
    // token): request logs keep the path only.
    serializers: {
      req: (req: { method?: string; url?: string; id?: string }) => ({ method: req.method, path: (req.url ?? '').split('?')[0], id: req.id }),
      res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
    },
    // No personal data in logs: bodies are never logged, and these fields are cut if they appear.
    redact: { paths: ['req.headers.cookie', 'req.headers.authorization', 'password', 'email', '*.password', '*.email', 'token', '*.token'], remove: true },
  })
}

export async function createPlatform(config: Config, options: PlatformOptions): Promise<Platform> {
  const logger = options.logger ?? createLogger(config)
  const database = await openDatabase({
    databaseUrl: config.DATABASE_URL,
    dataDir: config.DATA_DIR,
    poolSize: config.DATABASE_POOL_SIZE,
    appRole: config.DATABASE_APP_ROLE,
    loadDataDir: options.loadDataDir,
  })
  const allJobs = [...platformJobs, ...options.jobs]
  try {
    await bootstrapDatabase(database, { migrate: options.migrate, jobs: allJobs })
  } catch (error) {
    await database.close()
    throw error
  }
  const db = database.db
  const mailer = createMailer(config)
  const jobs = createJobQueue({
    pool: database.pool,
    jobs: allJobs,
    context: { db, logger, config, mailer },
    logger,
    pollSeconds: config.JOBS_POLL_SECONDS,
    batchSize: config.JOBS_BATCH_SIZE,
  })
  await jobs.start()
  const notifier = createNotifier(jobs)

  let devIdp: DevIdpSetup | undefined
  let digitalAuth: RelyingParty
  const redirectUri = `${config.publicUrl}/auth/digital-auth/callback`
  const scopes = ['openid', 'name', 'address', 'birthdate', 'gender']
  if (config.devIdp) {
    const { privateJwk, publicJwk } = await generateClientKey()
    devIdp = { issuer: `${config.publicUrl}/dev-idp`, clientId: 'yakuba-dev', publicJwk, redirectUri }
    digitalAuth = createRelyingParty(
      { id: 'digital-auth-app', issuer: devIdp.issuer, clientId: devIdp.clientId, privateJwk, redirectUri, scopes, allowHttp: true },
      { fetch: options.oidcFetch as never },
    )
  } else if (config.DIGITAL_AUTH_ISSUER && config.DIGITAL_AUTH_CLIENT_ID && config.DIGITAL_AUTH_PRIVATE_JWK) {
    digitalAuth = createRelyingParty({
      id: 'digital-auth-app',
      issuer: config.DIGITAL_AUTH_ISSUER,
      clientId: config.DIGITAL_AUTH_CLIENT_ID,
      privateJwk: JSON.parse(config.DIGITAL_AUTH_PRIVATE_JWK) as JWK,
      redirectUri,
      scopes,
    })
  } else {
    digitalAuth = {
      beginAuthorization: () => Promise.reject(new Error('digital auth app is not configured')),
      completeAuthorization: () => Promise.reject(new Error('digital auth app is not configured')),
    }
  }

  return {
    config,
    logger,
    database,
    jobs,
    mailer,
    notifier,
    tenants: createTenantService(db),
    residentAuth: createResidentAuthService({ db, config, jobs, notifier, digitalAuth }),
    staffAuth: createStaffAuthService({ db, config }),
    digitalAuth,
    devIdp,
    async close() {
      await jobs.stop().catch(error => logger.warn({ err: error }, 'job queue did not stop cleanly'))
      await database.close()
    },
  }
}
