import { randomBytes, randomInt } from 'node:crypto'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import http from 'node:http'
import { cpus, loadavg, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import pg from 'pg'
import { ensurePostgresDatabase } from '../src/platform/db/database.js'
import { dropBenchDatabase } from './lib/bench-database.js'
import { startServer, type ChildServer } from './lib/child-server.js'
import { formatProfileSummary, summarizeProfile } from './lib/cpu-profile.js'
import type { BaselineArgs, BaselineResult, QueryTrace, SetUpResult, StoredSubmissions } from './lib/submissions-child.js'
import { answersFor } from './lib/submissions-form.js'
import { BenchUsageError } from './lib/usage-error.js'

/**
 * Submissions: many residents submitting a 20-field application at once through the procedures
 * JSON API (`POST /api/v1/:tenant/applications`, API key + Idempotency-Key), next to a baseline
 * that inserts the same rows through raw `pg` on the same database in the same run.
 *
 * - The server runs in a child process (bench/lib/server-main.ts) as `yakuba start` builds it,
 *   plus the procedures API; the load generator (this process) gets the other core.
 * - Every request carries a unique Idempotency-Key, except the deliberate repeats: a sample of
 *   requests re-sends an acknowledged submission (a retry after a lost response), and another
 *   sample sends one submission twice at the same time (a double click). Both must answer 201
 *   with the first submission's 受付番号 and store nothing new.
 * - Afterwards the stored applications are checked against the acknowledgements: every 201's
 *   受付番号 must be stored under its key (`lost` = acknowledged but not stored), and no key or
 *   request body may have produced two applications (`duplicates`).
 * - The baseline then inserts as many rows as the measured window accepted, with the same
 *   concurrency, through the app's own `pg.Pool` (see bench/lib/submissions-child.ts).
 */
export const description = 'residents submitting a 20-field application over the API vs raw pg inserts (50 clients, PostgreSQL)'

const CHILD_MODULE = fileURLToPath(new URL('./lib/submissions-child.ts', import.meta.url))
const DEFAULT_POSTGRES = 'postgres://postgres@127.0.0.1:5432/postgres'
const GOAL = { ratio: 0.3 } as const
/** Every RETRY_EVERY-th request re-sends an acknowledged submission (same key, same body). */
const RETRY_EVERY = 20
/** Every DOUBLE_EVERY-th request is a double click: one new submission sent twice at once. */
const DOUBLE_EVERY = 50
const REQUEST_TIMEOUT_MS = 30_000
/** How long the idle server's CPU use is measured before the load. */
const IDLE_MS = 2000
/** The baseline inserts as many rows as the API accepted, but at least this many (≥ ~1 s to time). */
const BASELINE_MIN_ROWS = 2000

function parse(args: string[]) {
  let values
  try {
    ;({ values } = parseArgs({
      args,
      options: {
        duration: { type: 'string' },
        warmup: { type: 'string' },
        connections: { type: 'string' },
        pool: { type: 'string' },
        pglite: { type: 'boolean' },
        postgres: { type: 'string' },
        'cpu-prof': { type: 'boolean' },
        'trace-queries': { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    }))
  } catch (error) {
    throw new BenchUsageError(
      `${(error as Error).message}\noptions: --duration <seconds, default 10> --warmup <seconds, default 5> --connections <default 50> --pool <DATABASE_POOL_SIZE, default 10> ` +
        `--pglite | --postgres <admin URL, default ${DEFAULT_POSTGRES}> --cpu-prof --trace-queries`,
    )
  }
  const number = (name: string, raw: string | undefined, fallback: number, min: number, max: number) => {
    if (raw === undefined) return fallback
    const n = Number(raw)
    if (!Number.isFinite(n) || n < min || n > max) throw new BenchUsageError(`--${name} must be a number between ${min} and ${max}`)
    return n
  }
  if (values.pglite && values.postgres) throw new BenchUsageError('--pglite and --postgres exclude each other')
  const postgres = values.pglite ? undefined : (values.postgres ?? DEFAULT_POSTGRES)
  if (postgres && !/^postgres(ql)?:\/\//.test(postgres)) throw new BenchUsageError('--postgres must be a postgres:// URL')
  return {
    duration: number('duration', values.duration, 10, 1, 3600),
    warmup: number('warmup', values.warmup, 5, 0, 3600),
    connections: Math.round(number('connections', values.connections, 50, 1, 1000)),
    pool: Math.round(number('pool', values.pool, 10, 1, 200)),
    postgres,
    cpuProf: values['cpu-prof'] ?? false,
    traceQueries: values['trace-queries'] ?? false,
  }
}
type Options = ReturnType<typeof parse>

// ---------------------------------------------------------------------------------------------
// CPU accounting (Linux /proc; NaN elsewhere)

/** Busy CPU seconds of the whole machine so far. */
function machineBusySeconds(): number {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number)
    const [user, nice, system, , , irq, softirq, steal] = fields
    return (user + nice + system + irq + softirq + steal) / 100 // USER_HZ
  } catch {
    return NaN
  }
}

/** CPU seconds so far of every PostgreSQL process, split into this benchmark's database's backends and the rest. */
function postgresCpu(database: string | undefined): Map<number, { ours: boolean; seconds: number }> {
  const found = new Map<number, { ours: boolean; seconds: number }>()
  let pids: string[]
  try {
    pids = readdirSync('/proc').filter(name => /^\d+$/.test(name))
  } catch {
    return found
  }
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
      if (!stat.includes('(postgres)')) continue
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      const seconds = (Number(fields[11]) + Number(fields[12])) / 100
      // A backend's title: "postgres: <user> <database> <client> <state>"
      const title = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ')
      found.set(Number(pid), { ours: database !== undefined && title.includes(` ${database} `), seconds })
    } catch {
      // the process ended meanwhile
    }
  }
  return found
}

interface CpuWindow {
  /** % of one core over the window. */
  server: number
  load: number
  postgres: number
  /** PostgreSQL processes serving other databases (other work on this machine) and the rest. */
  other: number
  serverUs: number
  postgresUs: number
}

interface CpuSnapshot {
  server: { user: number; system: number }
  load: NodeJS.CpuUsage
  postgres: Map<number, { ours: boolean; seconds: number }>
  machine: number
}

async function cpuSnapshot(server: ChildServer, database: string | undefined): Promise<CpuSnapshot> {
  return { server: await server.cpuUsage(), load: process.cpuUsage(), postgres: postgresCpu(database), machine: machineBusySeconds() }
}

/** CPU used between a snapshot and now, over `elapsedMs`. */
async function cpuSince(before: CpuSnapshot, server: ChildServer, database: string | undefined, elapsedMs: number): Promise<CpuWindow> {
  const machineAfter = machineBusySeconds()
  const pgAfter = postgresCpu(database)
  const load = process.cpuUsage(before.load)
  const serverAfter = await server.cpuUsage()
  let ours = 0
  for (const [pid, after] of pgAfter) if (after.ours) ours += after.seconds - (before.postgres.get(pid)?.seconds ?? 0)
  const serverUs = serverAfter.user - before.server.user + serverAfter.system - before.server.system
  const pct = (us: number) => (100 * us) / (elapsedMs * 1000)
  const machine = pct((machineAfter - before.machine) * 1e6)
  const serverPct = pct(serverUs)
  const loadPct = pct(load.user + load.system)
  const postgres = pct(ours * 1e6)
  return { server: serverPct, load: loadPct, postgres, other: Math.max(0, machine - serverPct - loadPct - postgres), serverUs, postgresUs: ours * 1e6 }
}

// ---------------------------------------------------------------------------------------------
// The load generator: closed loop, `connections` residents, keep-alive HTTP/1.1.

interface Submission {
  apiKey: { id: string; key: string }
  clientKey: string
  body: string
}

type Kind = 'new' | 'retry' | 'double'

interface Phase {
  name: string
  latencies: number[]
  /** 201 without `idempotent-replayed`: a new application. */
  accepted: number
  /** 201 with `idempotent-replayed: true`. */
  replayed: number
  requests: Record<Kind, number>
  /** Anything but 201, connection errors and timeouts, with a few examples. */
  failures: Map<string, { count: number; example: string }>
  /** A repeat that answered as new, or a new submission that answered as a replay. */
  unexpected: string[]
  elapsedMs: number
}

class LoadGenerator {
  private readonly agent: http.Agent
  private readonly url: URL
  /** scoped key (`<api key id>:<client key>`) → the 受付番号 every 201 for it must carry */
  readonly receipts = new Map<string, string>()
  /** scoped keys whose 201s carried different 受付番号 (would be duplicates). */
  readonly conflictingReceipts = new Set<string>()
  /** scoped keys with more than one non-replayed 201. */
  readonly doubleAccepted = new Set<string>()
  private readonly acceptedKeys = new Set<string>()
  /** Acknowledged submissions, for retries. */
  private readonly acknowledged: Submission[] = []
  private fresh = 0

  constructor(
    origin: string,
    private readonly setup: SetUpResult,
    private readonly nonce: string,
    connections: number,
  ) {
    this.url = new URL(`/api/v1/${setup.tenant.slug}/applications`, origin)
    // Room for the second request of a double click.
    this.agent = new http.Agent({ keepAlive: true, maxSockets: connections * 2, maxFreeSockets: connections * 2 })
  }

  close() {
    this.agent.destroy()
  }

  newSubmission(apiKey: { id: string; key: string }): Submission {
    const n = this.fresh++
    const body = JSON.stringify({ procedure: this.setup.procedure.slug, version: this.setup.procedure.version, answers: answersFor(n, this.nonce, this.setup.today) })
    return { apiKey, clientKey: `bench-${this.nonce}-${n}`, body }
  }

  private post(s: Submission): Promise<{ status: number; replayed: boolean; body: string }> {
    return new Promise((resolve, reject) => {
      const req = http.request(
        this.url,
        {
          method: 'POST',
          agent: this.agent,
          headers: {
            authorization: `Bearer ${s.apiKey.key}`,
            'idempotency-key': s.clientKey,
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(s.body),
            accept: 'application/json',
          },
        },
        res => {
          const chunks: Buffer[] = []
          res.on('data', (c: Buffer) => chunks.push(c))
          res.on('end', () => resolve({ status: res.statusCode ?? 0, replayed: res.headers['idempotent-replayed'] === 'true', body: Buffer.concat(chunks).toString('utf8') }))
          res.on('error', reject)
        },
      )
      req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error(`no response within ${REQUEST_TIMEOUT_MS} ms`)))
      req.on('error', reject)
      req.end(s.body)
    })
  }

  /**
   * Sends one request and records it in the phase its answer arrives in (`phaseOf(time)`);
   * returns whether it was a 201.
   */
  async send(s: Submission, kind: Kind, phaseOf: (at: number) => Phase): Promise<boolean> {
    const t0 = performance.now()
    let outcome: { status: number; replayed: boolean; body: string } | undefined
    let failure: string | undefined
    try {
      outcome = await this.post(s)
    } catch (error) {
      failure = error instanceof Error ? error.message : String(error)
    }
    const done = performance.now()
    const phase = phaseOf(done)
    phase.requests[kind]++
    phase.latencies.push(done - t0)
    if (!outcome || outcome.status !== 201) {
      const code = outcome ? String(outcome.status) : 'error'
      const entry = phase.failures.get(code) ?? { count: 0, example: outcome ? outcome.body.slice(0, 500) : (failure ?? '') }
      entry.count++
      phase.failures.set(code, entry)
      return false
    }
    const receipt = (JSON.parse(outcome.body) as { receiptNumber?: string }).receiptNumber ?? ''
    const scoped = `${s.apiKey.id}:${s.clientKey}`
    const known = this.receipts.get(scoped)
    if (known === undefined) this.receipts.set(scoped, receipt)
    else if (known !== receipt) this.conflictingReceipts.add(scoped)
    if (outcome.replayed) {
      phase.replayed++
      if (kind === 'new') phase.unexpected.push(`new submission ${s.clientKey} answered as a replay`)
    } else {
      phase.accepted++
      if (this.acceptedKeys.has(scoped)) this.doubleAccepted.add(scoped)
      this.acceptedKeys.add(scoped)
      if (kind === 'retry') phase.unexpected.push(`retry of ${s.clientKey} answered as a new application`)
      this.acknowledged.push(s)
    }
    return true
  }

  static phase(name: string): Phase {
    return { name, latencies: [], accepted: 0, replayed: 0, requests: { new: 0, retry: 0, double: 0 }, failures: new Map(), unexpected: [], elapsedMs: 0 }
  }

  /**
   * `connections` residents, each submitting in a loop, for `warmupS` + `durationS` seconds without
   * a pause in between: an answer counts in the phase in which it arrives (warm-up, measured, or
   * drain — the answers still in flight when sending stops, awaited but not counted), so the
   * measured window sees a steady load from its first to its last millisecond. `onMeasureStart`
   * and `onMeasureEnd` run at the window's edges (CPU readings, profiler).
   */
  async run(o: { warmupS: number; durationS: number; connections: number; onMeasureStart: () => Promise<void>; onMeasureEnd: () => Promise<void> }) {
    const warm = LoadGenerator.phase('warm-up')
    const measured = LoadGenerator.phase('measured')
    const drain = LoadGenerator.phase('drain')
    const t0 = performance.now()
    const from = t0 + o.warmupS * 1000
    const until = from + o.durationS * 1000
    const phaseOf = (at: number) => (at < from ? warm : at < until ? measured : drain)
    measured.elapsedMs = o.durationS * 1000
    warm.elapsedMs = o.warmupS * 1000
    let startHook: Promise<void> | undefined
    let endHook: Promise<void> | undefined
    const startTimer = setTimeout(() => (startHook = o.onMeasureStart()), Math.max(0, from - performance.now()))
    const endTimer = setTimeout(() => (endHook = o.onMeasureEnd()), Math.max(0, until - performance.now()))
    let sequence = 0
    const resident = async (index: number) => {
      const apiKey = this.setup.keys[index % this.setup.keys.length] as { id: string; key: string }
      while (performance.now() < until) {
        const seq = ++sequence
        if (seq % RETRY_EVERY === 0 && this.acknowledged.length > 0) {
          // A retry after a lost response, possibly from another connection: same key, same body.
          await this.send(this.acknowledged[randomInt(this.acknowledged.length)] as Submission, 'retry', phaseOf)
        } else if (seq % DOUBLE_EVERY === 0) {
          const s = this.newSubmission(apiKey)
          await Promise.all([this.send(s, 'double', phaseOf), this.send(s, 'double', phaseOf)])
        } else {
          await this.send(this.newSubmission(apiKey), 'new', phaseOf)
        }
      }
    }
    try {
      await Promise.all(Array.from({ length: o.connections }, (_, i) => resident(i)))
    } finally {
      clearTimeout(startTimer)
      clearTimeout(endTimer)
    }
    await startHook
    await endHook
    drain.elapsedMs = performance.now() - until
    return { warm, measured, drain }
  }
}

// ---------------------------------------------------------------------------------------------

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number
}

const round1 = (n: number) => Math.round(n * 10) / 10
const fmt = (n: number) => (Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: 1 }) : '-')

function version(pkg: string): string {
  try {
    return (JSON.parse(readFileSync(new URL(`../node_modules/${pkg}/package.json`, import.meta.url), 'utf8')) as { version: string }).version
  } catch {
    return '?'
  }
}

function yakubaEnv(opts: Options, databaseUrl: string | undefined, dataDir: string | undefined): Record<string, string> {
  return {
    // as in bench/pages.ts: development (the demo seed), no development-only routes, no logging …
    NODE_ENV: 'development',
    DEV_IDP: 'false',
    DEV_MAILBOX: 'false',
    LOG_LEVEL: 'silent',
    // … and limits the benchmark cannot reach (the limiters still run). API keys have their own
    // per-key limit: one key per resident, each at the maximum (10,000/min).
    RATE_LIMIT_PER_MINUTE: '1000000000',
    LOGIN_RATE_LIMIT_PER_MINUTE: '1000000000',
    DATABASE_POOL_SIZE: String(opts.pool),
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : { DATA_DIR: dataDir as string }),
    HOST: '127.0.0.1',
    PORT: '0',
  }
}


export async function run(args: string[]): Promise<void> {
  const opts = parse(args)
  const cpu = cpus()
  const nonce = randomBytes(4).toString('hex')
  console.log('bench submissions')
  console.log(`  machine: ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, ${process.platform}/${process.arch}, Node ${process.version}, load average ${loadavg()[0].toFixed(2)}`)
  console.log(
    `  database: ${opts.postgres ? `PostgreSQL (fresh database on ${new URL(opts.postgres).host}, dropped afterwards), pool of ${opts.pool} connections` : 'embedded PGlite in the server child (fresh directory, one session)'}`,
  )
  console.log(`  load: ${opts.connections} residents in a closed loop (keep-alive HTTP/1.1, one API key each), ${opts.warmup} s warm-up + ${opts.duration} s measured`)
  console.log(`  repeats: every ${RETRY_EVERY}th request re-sends an acknowledged submission, every ${DOUBLE_EVERY}th is a double click (one submission sent twice at once)`)
  if (opts.cpuProf) console.log('  --cpu-prof: the server child is profiled during the measured window — figures of this run are slowed by the profiler')
  if (opts.traceQueries) console.log('  --trace-queries: every query of the server is counted and timed during the measured window (a little overhead)')

  let databaseUrl: string | undefined
  let databaseName: string | undefined
  let dataDir: string | undefined
  if (opts.postgres) {
    databaseName = `yakuba_bench_submissions_${nonce}`
    const url = new URL(opts.postgres)
    url.pathname = `/${databaseName}`
    databaseUrl = url.toString()
    try {
      await ensurePostgresDatabase(databaseUrl)
    } catch (error) {
      throw new Error(`cannot create a database on ${url.host} (${(error as Error).message}); start PostgreSQL or use --pglite`)
    }
  } else {
    dataDir = mkdtempSync(join(tmpdir(), 'yakuba-bench-submissions-'))
  }
  const profileDir = opts.cpuProf ? join(tmpdir(), `yakuba-bench-submissions-profile-${Date.now()}`) : undefined
  if (profileDir) mkdirSync(profileDir, { recursive: true })
  const profileFile = profileDir ? join(profileDir, 'submissions.cpuprofile') : undefined

  let server: ChildServer | undefined
  let load: LoadGenerator | undefined
  try {
    console.log('\nYakuba (starting: migrations, demo seed, procedures API …)')
    const started = Date.now()
    server = await startServer('yakuba', { env: yakubaEnv(opts, databaseUrl, dataDir), nodeFlags: ['--expose-gc'] })
    const setup = await server.call<SetUpResult>({ module: CHILD_MODULE, fn: 'setUp' }, { keys: opts.connections })
    console.log(
      `  ready in ${((Date.now() - started) / 1000).toFixed(1)} s [${server.detail.driver}, ${server.detail.driver === 'pglite' ? 'one session' : `pool ${server.detail.poolSize}`}, worker in web ${server.detail.workerInWeb}]; ` +
        `procedure ${setup.procedure.slug} v${setup.procedure.version}: ${setup.procedure.fields} fields on ${setup.procedure.pages} pages; ${setup.keys.length} API keys`,
    )

    load = new LoadGenerator(server.origin, setup, nonce, opts.connections)
    // One request first: the right endpoint, answers that pass validation.
    const probe = LoadGenerator.phase('probe')
    const first = load.newSubmission(setup.keys[0] as { id: string; key: string })
    if (!(await load.send(first, 'new', () => probe))) {
      const [status, f] = [...probe.failures][0] ?? ['?', { example: '' }]
      throw new Error(`the first submission was not accepted: ${status} ${f.example}`)
    }

    const heapBefore = await server.call<number>({ module: CHILD_MODULE, fn: 'heapUsed' })
    // What the idle server costs (the job worker polls the database): part of every figure below.
    const idleBefore = await cpuSnapshot(server, databaseName)
    await new Promise(resolve => setTimeout(resolve, IDLE_MS))
    const idleCpu = await cpuSince(idleBefore, server, databaseName, IDLE_MS)
    process.stdout.write(`  ${opts.warmup ? `warm-up ${opts.warmup} s, then ` : ''}measure ${opts.duration} s … `)
    const srv = server
    let before: CpuSnapshot | undefined
    let httpCpu: CpuWindow | undefined
    let trace: QueryTrace | undefined
    const { warm, measured, drain } = await load.run({
      warmupS: opts.warmup,
      durationS: opts.duration,
      connections: opts.connections,
      onMeasureStart: async () => {
        if (profileFile) await srv.startProfile()
        if (opts.traceQueries) await srv.call({ module: CHILD_MODULE, fn: 'startQueryTrace' })
        before = await cpuSnapshot(srv, databaseName)
      },
      onMeasureEnd: async () => {
        // The start hook's IPC round trips may still be running when a short window ends.
        while (!before) await new Promise(resolve => setTimeout(resolve, 5))
        httpCpu = await cpuSince(before, srv, databaseName, opts.duration * 1000)
        if (opts.traceQueries) trace = await srv.call<QueryTrace>({ module: CHILD_MODULE, fn: 'stopQueryTrace' })
        if (profileFile) await srv.stopProfile(profileFile)
      },
    })
    if (!httpCpu) throw new Error('the measured window did not end')
    const appsPerS = (1000 * measured.accepted) / measured.elapsedMs
    console.log(`${fmt(appsPerS)} applications/s${opts.warmup ? ` (warm-up ${fmt((1000 * warm.accepted) / warm.elapsedMs)}/s)` : ''}`)
    load.close()
    const heapAfter = await server.call<number>({ module: CHILD_MODULE, fn: 'heapUsed' })

    // Everything acknowledged (probe, warm-up, measured) against what is stored.
    const stored = await server.call<StoredSubmissions>({ module: CHILD_MODULE, fn: 'verify' }, { tenantId: setup.tenant.id })
    const byReceipt = new Map(stored.stored.map(([receipt, key]) => [receipt, key]))
    let lost = 0
    const lostExamples: string[] = []
    for (const [scoped, receipt] of load.receipts) {
      const [keyId, clientKey] = [scoped.slice(0, scoped.indexOf(':')), scoped.slice(scoped.indexOf(':') + 1)]
      if (byReceipt.get(receipt) !== `api:${keyId}:${clientKey}`) {
        lost++
        if (lostExamples.length < 5) lostExamples.push(`${clientKey} → ${receipt}`)
      }
    }
    const acknowledgedReceipts = new Set(load.receipts.values())
    const unacknowledged = stored.stored.filter(([receipt]) => !acknowledgedReceipts.has(receipt)).length
    const duplicates = stored.duplicateKeys + stored.duplicateBodies + load.conflictingReceipts.size + load.doubleAccepted.size

    // The baseline: as many rows as the measured window accepted (at least BASELINE_MIN_ROWS, so
    // that it runs long enough to be timed), with the same concurrency.
    const baseArgs: BaselineArgs = {
      tenantId: setup.tenant.id,
      keyIds: setup.keys.map(k => k.id),
      rows: Math.max(measured.accepted, BASELINE_MIN_ROWS),
      concurrency: opts.connections,
      nonce,
      warmupRows: 500,
    }
    process.stdout.write(`  baseline: ${baseArgs.rows} rows through raw pg, ${opts.connections} in flight … `)
    await server.call({ module: CHILD_MODULE, fn: 'prepareBaseline' }, baseArgs)
    const baseBefore = await cpuSnapshot(server, databaseName)
    const base = await server.call<BaselineResult>({ module: CHILD_MODULE, fn: 'runBaseline' })
    const baseCpu = await cpuSince(baseBefore, server, databaseName, base.elapsedMs)
    const baselinePerS = (1000 * base.inserted) / base.elapsedMs
    console.log(`${fmt(baselinePerS)} inserts/s`)
    if (base.inserted !== baseArgs.rows) throw new Error(`the baseline stored ${base.inserted} rows instead of ${baseArgs.rows}`)

    // ---- report
    const sorted = [...measured.latencies].sort((a, b) => a - b)
    const p50 = percentile(sorted, 50)
    const p90 = percentile(sorted, 90)
    const p99 = percentile(sorted, 99)
    const requests = measured.requests.new + measured.requests.retry + measured.requests.double
    const ratio = Math.round((appsPerS / baselinePerS) * 1000) / 1000

    console.log('\nHTTP (measured window)')
    console.log(`  requests           ${requests} in ${(measured.elapsedMs / 1000).toFixed(2)} s = ${fmt((1000 * requests) / measured.elapsedMs)}/s (${measured.requests.new} new, ${measured.requests.retry} retries, ${measured.requests.double} double-click halves)`)
    console.log(`  accepted           ${measured.accepted} new applications = ${fmt(appsPerS)}/s; ${measured.replayed} answered as replays (201, idempotent-replayed)`)
    console.log(`  latency            p50 ${fmt(p50)} ms, p90 ${fmt(p90)} ms, p99 ${fmt(p99)} ms, max ${fmt(sorted[sorted.length - 1] ?? NaN)} ms (every request, repeats included)`)
    const failures = [warm, measured, drain].flatMap(p => [...p.failures].map(([code, f]) => ({ phase: p.name, code, ...f })))
    console.log(`  failures           ${failures.length ? failures.map(f => `${f.count}× ${f.code} (${f.phase})`).join(', ') : 'none'} (warm-up, measured window and drain)`)
    console.log(`  drain              ${drain.requests.new + drain.requests.retry + drain.requests.double} answers after the window (${drain.accepted} new), awaited for ${fmt(drain.elapsedMs)} ms, not counted`)
    const cpuLine = (w: CpuWindow, loadLabel: string) =>
      `server ${Math.round(w.server)}%, ${loadLabel} ${Math.round(w.load)}%, PostgreSQL (this database) ${opts.postgres ? `${Math.round(w.postgres)}%` : 'inside the server'}, other ${Math.round(w.other)}% of a core`
    console.log(`  CPU                ${cpuLine(httpCpu, 'load generator')}`)
    console.log(`  CPU when idle      ${cpuLine(idleCpu, 'load generator')} (${IDLE_MS / 1000} s before the load: the job worker's polling)`)
    console.log(
      `  CPU per application server ${fmt(httpCpu.serverUs / Math.max(1, measured.accepted))} µs` +
        (opts.postgres ? `, PostgreSQL ${fmt(httpCpu.postgresUs / Math.max(1, measured.accepted))} µs` : ''),
    )
    const submitted = warm.accepted + measured.accepted + drain.accepted
    console.log(
      `  server heap        ${fmt(heapBefore / 2 ** 20)} MB before the load, ${fmt(heapAfter / 2 ** 20)} MB after (after a full GC each time): ` +
        `${fmt((heapAfter - heapBefore) / 1024 / Math.max(1, submitted))} KB kept per application`,
    )
    console.log('\nStored (probe + warm-up + measured)')
    console.log(`  applications       ${stored.rows} stored, ${load.receipts.size} acknowledged (distinct Idempotency-Keys with a 201)`)
    console.log(`  lost               ${lost} acknowledged but not stored under their key${lostExamples.length ? ` (e.g. ${lostExamples.join(', ')})` : ''}`)
    console.log(
      `  duplicates         ${duplicates} (keys with two rows ${stored.duplicateKeys}, bodies with two rows ${stored.duplicateBodies}, keys answered with two 受付番号 ${load.conflictingReceipts.size}, keys accepted twice as new ${load.doubleAccepted.size})`,
    )
    console.log(`  incomplete         ${stored.incomplete} (not submitted, or without exactly one submit history row)`)
    console.log(`  unacknowledged     ${unacknowledged} stored without a 201 (a request that failed after its commit)`)
    const unexpected = [warm, measured, drain].flatMap(p => p.unexpected)
    if (unexpected.length) console.log(`  unexpected answers ${unexpected.length}: ${unexpected.slice(0, 3).join('; ')}`)

    console.log('\nBaseline (raw pg, same rows incl. answers jsonb, fee, 受付番号, status-history row)')
    console.log(
      `  inserts            ${base.inserted} in ${(base.elapsedMs / 1000).toFixed(2)} s = ${fmt(baselinePerS)}/s (${opts.connections} in flight on the app's pool of ${base.poolSize}; ${baseArgs.warmupRows} untimed rows first)`,
    )
    console.log(`  CPU                ${cpuLine(baseCpu, 'this process')} (the pg client runs in the server child)`)
    console.log(`  CPU per insert     client ${fmt(baseCpu.serverUs / Math.max(1, base.inserted))} µs${opts.postgres ? `, PostgreSQL ${fmt(baseCpu.postgresUs / Math.max(1, base.inserted))} µs` : ''}`)

    if (trace) {
      const perApp = (n: number) => fmt(n / Math.max(1, measured.accepted))
      console.log(`\n--- Queries of the server during the measured window: ${trace.queries} (${perApp(trace.queries)} per new application, retries included), ${perApp(trace.ms)} ms of query time per application ---`)
      console.log('   count  per app   avg ms  statement')
      for (const s of trace.statements.slice(0, 25))
        console.log(`  ${String(s.count).padStart(6)}  ${perApp(s.count).padStart(7)}  ${fmt(s.ms / s.count).padStart(7)}  ${s.statement}`)
    }
    if (profileFile) {
      console.log(`\n--- CPU profile of the server during the measured window (${profileFile}) ---\n${formatProfileSummary(summarizeProfile(profileFile))}`)
    }

    // CPU per unit of work barely depends on what else the machine runs: the steadier view.
    const appCpuUs = (httpCpu.serverUs + httpCpu.postgresUs) / Math.max(1, measured.accepted)
    const insertCpuUs = (baseCpu.serverUs + baseCpu.postgresUs) / Math.max(1, base.inserted)
    console.log(
      `\nCPU per unit of work (${opts.postgres ? 'server or pg client + PostgreSQL' : 'server with its embedded database'}): application ${fmt(appCpuUs / 1000)} ms, baseline insert ${fmt(insertCpuUs / 1000)} ms: ` +
        `CPU ratio ${(insertCpuUs / appCpuUs).toFixed(3)} (informative; ${opts.postgres ? 'two saturated cores' : 'one saturated core'} would accept ≈ ${fmt(((opts.postgres ? 2 : 1) * 1e6) / appCpuUs)} applications/s)`,
    )
    const busy = [httpCpu, baseCpu].some(w => w.other > 25)
    if (busy)
      console.log(
        `WARNING: other processes used ${Math.round(httpCpu.other)}% (HTTP) / ${Math.round(baseCpu.other)}% (baseline) of a core: the machine was not quiet; figures are lower and noisier than on an idle machine.`,
      )
    console.log(
      `\nYakuba accepts ${fmt(appsPerS)} applications/s = ${ratio} × raw pg's ${fmt(baselinePerS)} inserts/s (goal ≥ ${GOAL.ratio}: ${ratio >= GOAL.ratio ? 'MET' : 'NOT met'}); ` +
        `p99 ${fmt(p99)} ms; lost ${lost}, duplicates ${duplicates} [${server.detail.driver}, ${version('pg')} pg, Node ${process.version}]`,
    )

    const problems: string[] = []
    if (failures.length) problems.push(`non-201 answers or errors: ${failures.map(f => `${f.count}× ${f.code} (${f.phase}): ${f.example}`).join('; ')}`)
    if (lost) problems.push(`${lost} acknowledged applications are not stored`)
    if (duplicates) problems.push(`${duplicates} duplicates`)
    if (stored.incomplete) problems.push(`${stored.incomplete} stored applications are incomplete`)
    if (unexpected.length) problems.push(`${unexpected.length} unexpected replay answers`)
    if (problems.length) {
      console.error(`\nbench submissions FAILED:\n  ${problems.join('\n  ')}`)
      process.exitCode = 1
    }
    console.log(
      JSON.stringify({
        bench: 'submissions',
        apps_per_s: round1(appsPerS),
        p99_ms: round1(p99),
        baseline_inserts_per_s: round1(baselinePerS),
        ratio,
        lost,
        duplicates,
      }),
    )
  } finally {
    load?.close()
    await server?.stop()
    if (dataDir) rmSync(dataDir, { recursive: true, force: true })
    if (opts.postgres && databaseName) await dropBenchDatabase(opts.postgres, databaseName).catch((error: unknown) => console.error(`could not drop ${databaseName}: ${(error as Error).message}`))
  }
}
