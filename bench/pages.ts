import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { cpus, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import autocannon, { type Result } from 'autocannon'
import { startServer, type ChildServer } from './lib/child-server.js'
import { formatProfileSummary, summarizeProfile } from './lib/cpu-profile.js'
import { BenchUsageError } from './lib/usage-error.js'

/**
 * Pages: how many resident pages per second Yakuba serves next to a bare Fastify 5 hello-world,
 * measured in the same run on the same machine.
 *
 * Why child processes: on a 2-core machine autocannon (the load generator, this process) needs
 * about one core for itself. Running a server in this process would make it share one event loop
 * — one core — with autocannon, so both figures would measure autocannon as much as the server.
 * Each server therefore runs in its own child process (bench/lib/server-main.ts), one at a time,
 * forked with the same Node flags (`--import tsx`), so the bare baseline and Yakuba are measured
 * the same way: one core for the server, one for the load generator.
 */
export const description = 'Yakuba portal home + form page vs a bare Fastify hello-world (autocannon, 50 connections)'

const CONNECTIONS = 50
const GOAL = { ratio: 0.25, p99_ms: 50 } as const
/** Browser-like headers; no cookies, so every request is a first visit (see README). */
const HEADERS = { accept: 'text/html,application/xhtml+xml', 'accept-language': 'ja' }

/** Everything the Yakuba child's config is loaded from (its own environment is not read). */
function yakubaEnv(dataDir: string): Record<string, string> {
  return {
    // production refuses the demo seed (and needs real secrets), so: development, with the
    // development-only extras that serve routes of their own switched off …
    NODE_ENV: 'development',
    DEV_IDP: 'false',
    DEV_MAILBOX: 'false',
    // … no logging (pino at info would write a line per request) …
    LOG_LEVEL: 'silent',
    // … and a rate limit the benchmark cannot reach (the limiter itself still runs).
    RATE_LIMIT_PER_MINUTE: '1000000000',
    LOGIN_RATE_LIMIT_PER_MINUTE: '1000000000',
    DATA_DIR: dataDir,
    HOST: '127.0.0.1',
    PORT: '0',
  }
}

interface Target {
  key: 'bare' | 'home' | 'form'
  label: string
  server: 'bare' | 'yakuba'
  path: string
  /** A check of the body before load: the right page, not an error page with status 200. */
  expect: (body: string) => boolean
  expectText: string
}

const TARGETS: Target[] = [
  { key: 'bare', label: 'bare Fastify hello-world', server: 'bare', path: '/', expect: b => b === 'hello', expectText: "body 'hello'" },
  { key: 'home', label: 'Yakuba portal home', server: 'yakuba', path: '/demo', expect: b => b.startsWith('<!DOCTYPE html>') && b.includes('デモ市'), expectText: 'an HTML page naming デモ市' },
  {
    key: 'form',
    label: 'Yakuba form page (resident login)',
    server: 'yakuba',
    path: '/demo/login',
    expect: b => b.startsWith('<!DOCTYPE html>') && /<form[^>]+method="post"/i.test(b) && /name="_csrf" value="[^"]+"/.test(b),
    expectText: 'an HTML page with a POST form carrying a _csrf token',
  },
]

interface Measured {
  target: Target
  result: Result
  /** CPU used during the measured window, as % of one core: the server child, and this process (autocannon). */
  serverCpu: number
  loadCpu: number
  /** CPU used by every other process on the machine (Linux /proc/stat), % of one core; NaN elsewhere. */
  otherCpu: number
}

/** Busy CPU time of the whole machine so far, in seconds (Linux; undefined elsewhere). */
function machineBusySeconds(): number | undefined {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number)
    const [user, nice, system, , , irq, softirq, steal] = fields
    return (user + nice + system + irq + softirq + steal) / 100 // USER_HZ
  } catch {
    return undefined
  }
}

function parse(args: string[]) {
  let values
  try {
    ;({ values } = parseArgs({
      args,
      options: { duration: { type: 'string' }, warmup: { type: 'string' }, 'cpu-prof': { type: 'boolean' } },
      strict: true,
      allowPositionals: false,
    }))
  } catch (error) {
    throw new BenchUsageError(`${(error as Error).message}\noptions: --duration <seconds, default 10> --warmup <seconds, default 2> --cpu-prof`)
  }
  const seconds = (name: string, raw: string | undefined, fallback: number, min: number) => {
    if (raw === undefined) return fallback
    const n = Number(raw)
    if (!Number.isFinite(n) || n < min || n > 3600) throw new BenchUsageError(`--${name} must be a number of seconds between ${min} and 3600`)
    return n
  }
  return { duration: seconds('duration', values.duration, 10, 1), warmup: seconds('warmup', values.warmup, 2, 0), cpuProf: values['cpu-prof'] ?? false }
}

function cannon(url: string, duration: number): Promise<Result> {
  return autocannon({ url, connections: CONNECTIONS, pipelining: 1, duration, headers: HEADERS })
}

/** Problems with a result: anything but 200, any error or timeout. Empty when clean. */
function problems(result: Result): string[] {
  const found: string[] = []
  const codes = Object.entries(result.statusCodeStats ?? {}).filter(([code, s]) => code !== '200' && (s.count ?? 0) > 0)
  if (result.non2xx > 0 || codes.length > 0) found.push(`non-200 responses: ${codes.map(([c, s]) => `${s.count}×${c}`).join(', ') || result.non2xx}`)
  if (result.errors > 0) found.push(`${result.errors} errors (${result.timeouts} timeouts)`)
  if (result['2xx'] === 0) found.push('no successful response')
  return found
}

async function checkPage(server: ChildServer, target: Target) {
  const res = await fetch(server.origin + target.path, { headers: HEADERS })
  const body = await res.text()
  if (res.status !== 200) throw new Error(`${target.label}: GET ${target.path} answered ${res.status}`)
  if (!target.expect(body)) throw new Error(`${target.label}: GET ${target.path} is not ${target.expectText}`)
}

async function measure(server: ChildServer, target: Target, opts: ReturnType<typeof parse>, profileDir?: string): Promise<Measured> {
  await checkPage(server, target)
  const url = server.origin + target.path
  process.stdout.write(`  ${target.label}: ${opts.warmup ? `warm-up ${opts.warmup} s, ` : ''}measure ${opts.duration} s … `)
  if (opts.warmup > 0) {
    const warm = await cannon(url, opts.warmup)
    const bad = problems(warm)
    if (bad.length) throw new Error(`${target.label} (warm-up): ${bad.join('; ')}`)
  }
  if (profileDir) await server.startProfile()
  const cpuBefore = await server.cpuUsage()
  const loadBefore = process.cpuUsage()
  const machineBefore = machineBusySeconds()
  const t0 = process.hrtime.bigint()
  const result = await cannon(url, opts.duration)
  const elapsedUs = Number(process.hrtime.bigint() - t0) / 1000
  const cpuAfter = await server.cpuUsage()
  const load = process.cpuUsage(loadBefore)
  const machineAfter = machineBusySeconds()
  if (profileDir) await server.stopProfile(join(profileDir, `${target.key}.cpuprofile`))
  const serverCpu = (100 * (cpuAfter.user - cpuBefore.user + cpuAfter.system - cpuBefore.system)) / elapsedUs
  const loadCpu = (100 * (load.user + load.system)) / elapsedUs
  const machineCpu = machineBefore !== undefined && machineAfter !== undefined ? (100 * (machineAfter - machineBefore) * 1e6) / elapsedUs : NaN
  const otherCpu = Math.max(0, machineCpu - serverCpu - loadCpu)
  console.log(`${Math.round(result.requests.average)} req/s`)
  return { target, result, serverCpu, loadCpu, otherCpu }
}

const round1 = (n: number) => Math.round(n * 10) / 10

function table(rows: Measured[]): string {
  const head = ['target', 'path', 'rps avg', 'p50 ms', 'p90 ms', 'p99 ms', 'requests', 'non-2xx', 'errors', 'server CPU', 'autocannon CPU', 'other CPU']
  const body = rows.map(({ target, result: r, serverCpu, loadCpu, otherCpu }) => [
    target.label,
    target.path,
    round1(r.requests.average).toFixed(1),
    String(r.latency.p50),
    String(r.latency.p90),
    String(r.latency.p99),
    String(r.requests.total),
    String(r.non2xx),
    String(r.errors),
    `${Math.round(serverCpu)}%`,
    `${Math.round(loadCpu)}%`,
    Number.isNaN(otherCpu) ? '-' : `${Math.round(otherCpu)}%`,
  ])
  const widths = head.map((h, i) => Math.max(h.length, ...body.map(b => b[i].length)))
  const line = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ')
  return [line(head), widths.map(w => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n')
}

function version(pkg: string): string {
  try {
    return (JSON.parse(readFileSync(new URL(`../node_modules/${pkg}/package.json`, import.meta.url), 'utf8')) as { version: string }).version
  } catch {
    return '?'
  }
}

export async function run(args: string[]): Promise<void> {
  const opts = parse(args)
  const cpu = cpus()
  console.log('bench pages')
  console.log(`  machine: ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, ${process.platform}/${process.arch}, Node ${process.version}`)
  console.log(`  load: autocannon ${version('autocannon')} in this process, ${CONNECTIONS} connections, pipelining 1, ${opts.warmup} s warm-up + ${opts.duration} s per target, 127.0.0.1 only`)
  console.log(`  requests: GET with ${Object.entries(HEADERS).map(([k, v]) => `${k}: ${v}`).join(', ')}; no cookies (each is a first visit: Yakuba sets a fresh CSRF cookie)`)
  console.log('  servers: one child process at a time (the server has one core, autocannon the other), both forked with `node --import tsx`')
  console.log('  form page: the resident login page /demo/login (its POST form carries a CSRF token) — the form page until the procedures module exists')
  if (opts.cpuProf) console.log('  --cpu-prof: the Yakuba child is profiled during its measured windows — figures of this run are slowed by the profiler')

  const measured: Measured[] = []
  let yakubaDetail: Record<string, string | number | boolean> = {}
  const dataDir = mkdtempSync(join(tmpdir(), 'yakuba-bench-pages-'))
  const profileDir = opts.cpuProf ? join(tmpdir(), `yakuba-bench-pages-profile-${Date.now()}`) : undefined
  if (profileDir) mkdirSync(profileDir, { recursive: true })
  try {
    // 1. The baseline.
    console.log(`\nbare Fastify ${version('fastify')} (reply.send('hello')):`)
    const bare = await startServer('bare')
    try {
      measured.push(await measure(bare, TARGETS[0], opts))
    } finally {
      await bare.stop()
    }

    // 2. Yakuba, both pages on one server.
    const env = yakubaEnv(dataDir)
    console.log('\nYakuba (starting: PGlite initdb, migrations, demo seed …)')
    const started = Date.now()
    const yakuba = await startServer('yakuba', { env })
    yakubaDetail = yakuba.detail
    console.log(`  ready in ${((Date.now() - started) / 1000).toFixed(1)} s; settings: ${Object.entries({ ...yakuba.detail, DATA_DIR: '<mkdtemp>' }).map(([k, v]) => `${k}=${v}`).join(', ')}`)
    try {
      for (const target of TARGETS.slice(1)) measured.push(await measure(yakuba, target, opts, profileDir))
    } finally {
      await yakuba.stop()
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }

  console.log(`\n${table(measured)}`)
  console.log('(latency resolution: 1 ms; rps avg is the mean of per-second samples; CPU in % of one core — a server near 100% is the limit, autocannon near 100% means the load generator is; other = the rest of the machine)')

  const busy = measured.filter(m => m.otherCpu > 15)
  if (busy.length)
    console.log(
      `WARNING: other processes used CPU during ${busy.map(m => `${m.target.key} (${Math.round(m.otherCpu)}% of a core)`).join(', ')} — the machine was not quiet; these figures are lower and noisier than on an idle machine.`,
    )

  const failures = measured.flatMap(m => problems(m.result).map(p => `${m.target.label}: ${p}`))
  if (failures.length) throw new Error(failures.join('\n'))

  if (profileDir) {
    for (const target of TARGETS.slice(1)) {
      const file = join(profileDir, `${target.key}.cpuprofile`)
      console.log(`\n--- CPU profile of ${target.label} (${file}) ---\n${formatProfileSummary(summarizeProfile(file))}`)
    }
  }

  const get = (key: Target['key']) => measured.find(m => m.target.key === key)!.result
  const home = get('home')
  const form = get('form')
  const bareRps = get('bare').requests.average
  const yakubaRps = (home.requests.average + form.requests.average) / 2
  const ratio = Math.round((yakubaRps / bareRps) * 1000) / 1000
  const p99 = Math.max(home.latency.p99, form.latency.p99)
  const met = ratio >= GOAL.ratio && p99 <= GOAL.p99_ms
  console.log(
    `\nYakuba serves ${round1(yakubaRps)} pages/s = ${ratio} × bare Fastify (goal ≥ ${GOAL.ratio}); worst p99 ${p99} ms (goal ≤ ${GOAL.p99_ms} ms): goal ${met ? 'MET' : 'NOT met'}` +
      ` [${yakubaDetail.driver ?? '?'}, NODE_ENV=${yakubaDetail.nodeEnv ?? '?'}, LOG_LEVEL=${yakubaDetail.logLevel ?? '?'}]`,
  )
  console.log(
    JSON.stringify({
      bench: 'pages',
      yakuba_rps: round1(yakubaRps),
      bare_rps: round1(bareRps),
      ratio,
      p99_ms: p99,
      home_rps: round1(home.requests.average),
      form_rps: round1(form.requests.average),
      goal: GOAL,
      met,
    }),
  )
}
