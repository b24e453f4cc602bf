import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { cpus, loadavg, tmpdir, totalmem } from 'node:os'
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
 * about one core for itself. A server in this process would share one event loop — one core —
 * with autocannon, so the figures would measure autocannon as much as the server. Each server
 * therefore runs in its own child process (bench/lib/server-main.ts), forked with the same Node
 * flags (`--import tsx`, which costs at start-up only), so the bare baseline and Yakuba are
 * measured the same way: one core for the server, one for the load generator. Only one server
 * is under load at a time; the baseline is measured before and after Yakuba (its mean is
 * `bare_rps`), so that a change in the machine's load during the run shows up as a warning
 * instead of silently skewing the ratio.
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
  /** 'before' / 'after' for the two baseline runs. */
  note?: string
  result: Result
  /** Server CPU time per completed response, µs: less sensitive to a busy machine than rps. */
  cpuPerRequestUs: number
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

async function measure(server: ChildServer, target: Target, opts: ReturnType<typeof parse>, note?: string, profileDir?: string): Promise<Measured> {
  await checkPage(server, target)
  const url = server.origin + target.path
  process.stdout.write(`  ${target.label}${note ? ` (${note})` : ''}: ${opts.warmup ? `warm-up ${opts.warmup} s, ` : ''}measure ${opts.duration} s … `)
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
  const serverCpuUs = cpuAfter.user - cpuBefore.user + cpuAfter.system - cpuBefore.system
  const serverCpu = (100 * serverCpuUs) / elapsedUs
  const loadCpu = (100 * (load.user + load.system)) / elapsedUs
  const machineCpu = machineBefore !== undefined && machineAfter !== undefined ? (100 * (machineAfter - machineBefore) * 1e6) / elapsedUs : NaN
  const otherCpu = Math.max(0, machineCpu - serverCpu - loadCpu)
  console.log(`${Math.round(result.requests.average)} req/s`)
  return { target, note, result, cpuPerRequestUs: serverCpuUs / Math.max(1, result.requests.total), serverCpu, loadCpu, otherCpu }
}

const round1 = (n: number) => Math.round(n * 10) / 10

function table(rows: Measured[]): string {
  const head = ['target', 'path', 'rps avg', 'p50 ms', 'p90 ms', 'p99 ms', 'requests', 'non-2xx', 'errors', 'CPU/req', 'server CPU', 'autocannon CPU', 'other CPU']
  const body = rows.map(({ target, note, result: r, cpuPerRequestUs, serverCpu, loadCpu, otherCpu }) => [
    note ? `${target.label} (${note})` : target.label,
    target.path,
    round1(r.requests.average).toFixed(1),
    String(r.latency.p50),
    String(r.latency.p90),
    String(r.latency.p99),
    String(r.requests.total),
    String(r.non2xx),
    String(r.errors),
    `${Math.round(cpuPerRequestUs)} µs`,
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
  console.log(`  machine: ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, ${process.platform}/${process.arch}, Node ${process.version}, load average ${loadavg()[0].toFixed(2)}`)
  console.log(`  load: autocannon ${version('autocannon')} in this process, ${CONNECTIONS} connections, pipelining 1, ${opts.warmup} s warm-up + ${opts.duration} s per target, 127.0.0.1 only`)
  console.log(`  requests: GET with ${Object.entries(HEADERS).map(([k, v]) => `${k}: ${v}`).join(', ')}; no cookies (each is a first visit: Yakuba sets a fresh CSRF cookie)`)
  console.log('  servers: child processes forked with `node --import tsx` (the server gets one core, autocannon the other); the baseline is measured before and after Yakuba')
  console.log('  form page: the resident login page /demo/login (its POST form carries a CSRF token) — the form page until the procedures module exists')
  if (opts.cpuProf) console.log('  --cpu-prof: the Yakuba child is profiled during its measured windows — figures of this run are slowed by the profiler')

  const [bareTarget, ...yakubaTargets] = TARGETS
  const measured: Measured[] = []
  const dataDir = mkdtempSync(join(tmpdir(), 'yakuba-bench-pages-'))
  const profileDir = opts.cpuProf ? join(tmpdir(), `yakuba-bench-pages-profile-${Date.now()}`) : undefined
  if (profileDir) mkdirSync(profileDir, { recursive: true })
  let yakubaDetail: Record<string, string | number | boolean> = {}
  let bare: ChildServer | undefined
  try {
    // 1. The baseline. Its child stays up, idle (no CPU), so that it can be measured again after
    //    Yakuba: two runs bracketing Yakuba's expose a machine whose load changed in between.
    console.log(`\nbare Fastify ${version('fastify')} (reply.send('hello')):`)
    bare = await startServer('bare')
    measured.push(await measure(bare, bareTarget, opts, 'before'))

    // 2. Yakuba, both pages on one server.
    console.log('\nYakuba (starting: PGlite initdb, migrations, demo seed …)')
    const started = Date.now()
    const yakuba = await startServer('yakuba', { env: yakubaEnv(dataDir) })
    yakubaDetail = yakuba.detail
    console.log(`  ready in ${((Date.now() - started) / 1000).toFixed(1)} s; settings: ${Object.entries({ ...yakuba.detail, DATA_DIR: '<mkdtemp>' }).map(([k, v]) => `${k}=${v}`).join(', ')}`)
    try {
      for (const target of yakubaTargets) measured.push(await measure(yakuba, target, opts, undefined, profileDir))
    } finally {
      await yakuba.stop()
    }

    // 3. The baseline again.
    console.log('\nbare Fastify again:')
    measured.push(await measure(bare, bareTarget, opts, 'after'))
  } finally {
    await bare?.stop()
    rmSync(dataDir, { recursive: true, force: true })
  }

  console.log(`\n${table(measured)}`)
  console.log('(latency resolution 1 ms; rps avg = mean of per-second samples; CPU in % of one core: a server near 100% is the limit,')
  console.log(' autocannon near 100% means the load generator is, "other" is the rest of the machine; CPU/req = server CPU time per response)')

  const failures = measured.flatMap(m => problems(m.result).map(p => `${m.target.label}: ${p}`))
  if (failures.length) throw new Error(failures.join('\n'))

  const busy = measured.filter(m => m.otherCpu > 15)
  if (busy.length)
    console.log(
      `WARNING: other processes used CPU during ${busy.map(m => `${m.target.key}${m.note ? ` ${m.note}` : ''} (${Math.round(m.otherCpu)}% of a core)`).join(', ')}: the machine was not quiet; figures are lower and noisier than on an idle machine.`,
    )
  const bares = measured.filter(m => m.target.key === 'bare').map(m => m.result.requests.average)
  const bareRps = bares.reduce((a, b) => a + b, 0) / bares.length
  if (Math.max(...bares) / Math.min(...bares) > 1.15)
    console.log(`WARNING: the two baseline runs differ by ${Math.round((100 * Math.max(...bares)) / Math.min(...bares) - 100)}%: the machine's load changed during the run; the ratio is uncertain.`)

  // Server CPU time per response barely depends on what else the machine runs: its ratio is the
  // view of a server-bound comparison that a busy machine does not blur (informative only).
  const cpuOf = (key: Target['key']) => measured.filter(m => m.target.key === key).map(m => m.cpuPerRequestUs)
  const bareCpu = cpuOf('bare').reduce((a, b) => a + b, 0) / cpuOf('bare').length
  const yakubaCpu = (cpuOf('home')[0] + cpuOf('form')[0]) / 2
  console.log(
    `server CPU per response: Yakuba ${Math.round(yakubaCpu)} µs (home ${Math.round(cpuOf('home')[0])}, form ${Math.round(cpuOf('form')[0])}), bare ${Math.round(bareCpu)} µs: ` +
      `CPU ratio ${(bareCpu / yakubaCpu).toFixed(3)}; one saturated core would serve ≈ ${Math.round(1e6 / yakubaCpu)} Yakuba pages/s`,
  )

  if (profileDir) {
    for (const target of yakubaTargets) {
      const file = join(profileDir, `${target.key}.cpuprofile`)
      const m = measured.find(x => x.target.key === target.key)!
      console.log(`\n--- CPU profile of ${target.label} (${file}) ---\n${formatProfileSummary(summarizeProfile(file))}`)
      console.log(
        `note: the profiler samples wall-clock time; the server had ${Math.round(m.serverCpu)}% of a core in this window, so about ${Math.max(0, 100 - Math.round(m.serverCpu))}% of "busy" is ` +
          'time spent waiting for a CPU, mostly charged to the syscall it was in (native writev). "dispatch" is the inspector itself.',
      )
    }
  }

  const get = (key: Target['key']) => measured.find(m => m.target.key === key)!.result
  const home = get('home')
  const form = get('form')
  const yakubaRps = (home.requests.average + form.requests.average) / 2
  const ratio = Math.round((yakubaRps / bareRps) * 1000) / 1000
  const p99 = Math.max(home.latency.p99, form.latency.p99)
  const met = ratio >= GOAL.ratio && p99 <= GOAL.p99_ms
  console.log(
    `\nYakuba serves ${round1(yakubaRps)} pages/s = ${ratio} × bare Fastify's ${round1(bareRps)} (goal ≥ ${GOAL.ratio}); worst p99 ${p99} ms (goal ≤ ${GOAL.p99_ms} ms): goal ${met ? 'MET' : 'NOT met'}` +
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
