import { randomBytes } from 'node:crypto'
import http from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import pg from 'pg'
import { ensurePostgresDatabase } from '../src/platform/db/database.js'
import { withTenant } from '../src/platform/db/tenant-context.js'
import { createTestApiKey } from '../src/platform/auth/api-keys/test-api-keys.js'
import { DEMO_SLUG } from '../src/platform/cli/seed-demo.js'
import { newCheckInCode, newReservationReference } from '../src/modules/reservations/reservation-reference.js'
import { LIVE_RESERVATION_STATUSES, reservationsDb } from '../src/modules/reservations/reservation-tables.js'
import { createTestResource, createTestSlots } from '../test/reservation-factories.js'
import { dropBenchDatabase } from './lib/bench-database.js'
import { startServer, type ChildServer } from './lib/child-server.js'
import { formatProfileSummary, summarizeProfile } from './lib/cpu-profile.js'
import type { ChildContext } from './lib/server-main.js'
import { BenchUsageError } from './lib/usage-error.js'

/**
 * Booking rush: the morning a town opens its vaccination (or sports-hall) bookings. `--attempts`
 * virtual residents (20,000) go at once for `--slots` × `--capacity` seats (20 × 100 = 2,000) of
 * an appointment resource, through `POST /api/v1/:tenant/bookings` of a real listening Yakuba
 * server on PostgreSQL, `--concurrency` (200) requests in flight. The baseline, in the same run
 * and database, runs the same seat-taking SQL (slot-seats.ts `takeSeats`: the guarded UPDATE, then
 * an INSERT into reservations, in one tenant-bound transaction) through `pg` directly, with the
 * same concurrency, on a second set of slots. Afterwards the database is checked: no slot may
 * have more live seats than its capacity (`overbooked`), every 201 must have its row and every row
 * its 201 (`lost`). See bench/README.md.
 */
export const description = '20,000 residents rush 2,000 seats over the bookings API vs the seat-taking SQL through pg (PostgreSQL)'

const THIS_MODULE = fileURLToPath(import.meta.url)
const DEFAULT_POSTGRES = 'postgres://postgres@127.0.0.1:5432/postgres'
const GOAL = { ratio: 0.5, p99_ms: 250 } as const
const REQUEST_TIMEOUT_MS = 60_000
/** The per-key limit allowed at most (api_keys CHECK): keys are added so that none comes near it. */
const KEY_LIMIT_PER_MINUTE = 10_000

function parse(args: string[]) {
  let values
  try {
    ;({ values } = parseArgs({
      args,
      options: {
        attempts: { type: 'string' },
        slots: { type: 'string' },
        capacity: { type: 'string' },
        concurrency: { type: 'string' },
        pool: { type: 'string' },
        postgres: { type: 'string' },
        keep: { type: 'boolean' },
        'cpu-prof': { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    }))
  } catch (error) {
    throw new BenchUsageError(
      `${(error as Error).message}\noptions: --attempts <default 20000> --slots <default 20> --capacity <seats per slot, default 100> --concurrency <requests in flight, default 200> ` +
        `--pool <DATABASE_POOL_SIZE, default 10> --postgres <admin URL, default ${DEFAULT_POSTGRES}> --keep --cpu-prof`,
    )
  }
  const int = (name: string, raw: string | undefined, fallback: number, min: number, max: number) => {
    if (raw === undefined) return fallback
    const n = Number(raw)
    if (!Number.isInteger(n) || n < min || n > max) throw new BenchUsageError(`--${name} must be a whole number between ${min} and ${max}`)
    return n
  }
  const postgres = values.postgres ?? DEFAULT_POSTGRES
  if (!/^postgres(ql)?:\/\//.test(postgres)) throw new BenchUsageError('--postgres must be a postgres:// URL')
  return {
    attempts: int('attempts', values.attempts, 20_000, 1, 1_000_000),
    slots: int('slots', values.slots, 20, 1, 500),
    capacity: int('capacity', values.capacity, 100, 1, 10_000),
    concurrency: int('concurrency', values.concurrency, 200, 1, 2000),
    pool: int('pool', values.pool, 10, 1, 200),
    postgres,
    keep: values.keep ?? false,
    cpuProf: values['cpu-prof'] ?? false,
  }
}
type Options = ReturnType<typeof parse>

// ---------------------------------------------------------------------------------------------
// Run inside the server child (ChildServer.call): setup, the pg baseline, the verification.

export interface SetUpResult {
  tenant: { id: string; slug: string }
  resourceId: string
  apiSlots: string[]
  baselineSlots: string[]
  keys: string[]
}

/** An appointment resource in デモ市 with two sets of slots a week ahead, and the API keys. */
export async function setUp({ platform }: ChildContext, args: { slots: number; capacity: number; keys: number }): Promise<SetUpResult> {
  const tenant = await platform.tenants.findTenantBySlug(DEMO_SLUG)
  if (!tenant) throw new Error(`the demo tenant ${DEMO_SLUG} is missing`)
  const resource = await createTestResource(platform, tenant, { kind: 'appointment', category: 'vaccination', name: '集団接種（ベンチマーク）', capacityPeople: args.capacity })
  // Every slot on its own quarter hour, a week ahead (inside the non-resident window of 30 days).
  const spec = (i: number) => {
    const minutes = 8 * 60 + i * 15
    const hhmm = (m: number) => `${String(Math.floor(m / 60) % 24).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`
    return { daysAhead: 7 + Math.floor(minutes / (24 * 60 - 15)), start: hhmm(minutes % (24 * 60 - 15)), end: hhmm((minutes % (24 * 60 - 15)) + 15), capacity: args.capacity }
  }
  const all = await createTestSlots(platform, tenant, resource.id, Array.from({ length: 2 * args.slots }, (_, i) => spec(i)))
  const staff = await withTenant(platform.database.db, tenant.id, trx => trx.selectFrom('staffUsers').select('id').where('tenantId', '=', tenant.id).orderBy('createdAt').executeTakeFirstOrThrow())
  const keys: string[] = []
  for (let i = 0; i < args.keys; i++) {
    const created = await createTestApiKey(platform, tenant, staff.id, { name: `bench kiosk ${i + 1}`, scopes: ['bookings:write', 'bookings:read'], rateLimitPerMinute: KEY_LIMIT_PER_MINUTE })
    keys.push(created.key)
  }
  return { tenant: { id: tenant.id, slug: tenant.slug }, resourceId: resource.id, apiSlots: all.slice(0, args.slots).map(s => s.id), baselineSlots: all.slice(args.slots).map(s => s.id), keys }
}

export interface BaselineResult {
  elapsedMs: number
  booked: number
  refused: number
  latencies: number[]
}

/**
 * The seat-taking SQL through the app's own `pg.Pool` (same size, same role, row-level security
 * on), `concurrency` attempts in flight: per attempt one transaction — set the tenant, the guarded
 * UPDATE of takeSeats, and when it took a seat the INSERT of a confirmed booking.
 */
export async function baseline({ platform }: ChildContext, args: { tenantId: string; resourceId: string; slotIds: string[]; attempts: number; concurrency: number }): Promise<BaselineResult> {
  const pool = platform.database.pool
  let next = 0
  let booked = 0
  let refused = 0
  const latencies: number[] = []
  const attempt = async (i: number) => {
    const slotId = args.slotIds[i % args.slotIds.length] as string
    const client = await pool.connect()
    try {
      await client.query('BEGIN')
      await client.query(`SELECT set_config('app.tenant_id', $1, true)`, [args.tenantId])
      const taken = await client.query(
        `UPDATE reservation_slots SET remaining = remaining - $3, updated_at = now()
         WHERE tenant_id = $1 AND id = $2 AND status = 'open' AND remaining >= $3 RETURNING *`,
        [args.tenantId, slotId, 1],
      )
      if (taken.rowCount === 0) {
        await client.query('ROLLBACK')
        refused++
        return
      }
      await client.query(
        `INSERT INTO reservations (tenant_id, reference, slot_id, resource_id, applicant_name, party_size, seats, is_resident_rate, fee_yen, fee_breakdown,
           status, payment_method, channel, check_in_code, confirmed_at, idempotency_key, request_hash)
         VALUES ($1, $2, $3, $4, $5, 1, 1, false, 0, '{}'::jsonb, 'confirmed', 'none', 'api', $6, now(), $7, $8) RETURNING *`,
        [args.tenantId, newReservationReference(), slotId, args.resourceId, `住民 ${i}`, newCheckInCode(), `baseline-${i}`, randomBytes(16).toString('hex')],
      )
      await client.query('COMMIT')
      booked++
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined)
      throw error
    } finally {
      client.release()
    }
  }
  const t0 = performance.now()
  await Promise.all(
    Array.from({ length: args.concurrency }, async () => {
      for (let i = next++; i < args.attempts; i = next++) {
        const s = performance.now()
        await attempt(i)
        latencies.push(performance.now() - s)
      }
    }),
  )
  return { elapsedMs: performance.now() - t0, booked, refused, latencies }
}

export interface Stored {
  /** per slot: capacity, remaining, Σ seats of live bookings */
  slots: { id: string; capacity: number; remaining: number; liveSeats: number }[]
  /** ids of every booking on those slots */
  ids: string[]
}

export async function verify({ platform }: ChildContext, args: { tenantId: string; slotIds: string[] }): Promise<Stored> {
  return withTenant(platform.database.db, args.tenantId, async trx => {
    const slots = await reservationsDb(trx)
      .selectFrom('reservationSlots as s')
      .leftJoin('reservations as r', join => join.onRef('r.tenantId', '=', 's.tenantId').onRef('r.slotId', '=', 's.id').on('r.status', 'in', LIVE_RESERVATION_STATUSES))
      .select(eb => ['s.id', 's.capacity', 's.remaining', eb.fn.coalesce(eb.fn.sum<number>('r.seats'), eb.lit(0)).as('liveSeats')])
      .where('s.tenantId', '=', args.tenantId)
      .where('s.id', 'in', args.slotIds)
      .groupBy(['s.id', 's.capacity', 's.remaining'])
      .execute()
    const rows = await reservationsDb(trx).selectFrom('reservations').select('id').where('tenantId', '=', args.tenantId).where('slotId', 'in', args.slotIds).execute()
    return { slots: slots.map(s => ({ id: s.id, capacity: Number(s.capacity), remaining: Number(s.remaining), liveSeats: Number(s.liveSeats) })), ids: rows.map(r => r.id) }
  }) as Promise<Stored>
}

// ---------------------------------------------------------------------------------------------
// The rush (this process)

interface Answer {
  status: number
  id?: string
  code?: string
  ms: number
}

function post(agent: http.Agent, url: URL, key: string, idempotencyKey: string, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: { authorization: `Bearer ${key}`, 'idempotency-key': idempotencyKey, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), accept: 'application/json' },
      },
      res => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }))
        res.on('error', reject)
      },
    )
    req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error(`no response within ${REQUEST_TIMEOUT_MS} ms`)))
    req.on('error', reject)
    req.end(body)
  })
}

async function rush(server: ChildServer, setup: SetUpResult, opts: Options, nonce: string): Promise<{ answers: Answer[]; elapsedMs: number }> {
  const url = new URL(`/api/v1/${setup.tenant.slug}/bookings`, server.origin)
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.concurrency, maxFreeSockets: opts.concurrency })
  const answers: Answer[] = new Array(opts.attempts)
  let next = 0
  const t0 = performance.now()
  try {
    await Promise.all(
      Array.from({ length: opts.concurrency }, async () => {
        for (let i = next++; i < opts.attempts; i = next++) {
          const slotId = setup.apiSlots[i % setup.apiSlots.length]
          const body = JSON.stringify({ slotId, applicant: { name: `住民 ${i}` }, paymentMethod: 'none' })
          const s = performance.now()
          try {
            const res = await post(agent, url, setup.keys[i % setup.keys.length] as string, `rush-${nonce}-${i}`, body)
            const parsed = JSON.parse(res.body) as { id?: string; code?: string }
            answers[i] = { status: res.status, id: parsed.id, code: parsed.code, ms: performance.now() - s }
          } catch (error) {
            answers[i] = { status: 0, code: error instanceof Error ? error.message : String(error), ms: performance.now() - s }
          }
        }
      }),
    )
  } finally {
    agent.destroy()
  }
  return { answers, elapsedMs: performance.now() - t0 }
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number
}

function overbookedOf(stored: Stored): number {
  return stored.slots.reduce((sum, s) => sum + Math.max(0, s.liveSeats - s.capacity), 0)
}


export async function run(args: string[]): Promise<void> {
  const opts = parse(args)
  const nonce = randomBytes(4).toString('hex')
  const dbName = `yakuba_bench_booking_${nonce}`
  const databaseUrl = new URL(opts.postgres)
  databaseUrl.pathname = `/${dbName}`
  const log = (line: string) => console.error(line)
  let server: ChildServer | undefined
  try {
    await ensurePostgresDatabase(databaseUrl.toString())
    log(`database ${dbName}; starting the server (pool ${opts.pool}) …`)
    server = await startServer('yakuba', {
      env: {
        NODE_ENV: 'development',
        DEV_IDP: 'false',
        DEV_MAILBOX: 'false',
        LOG_LEVEL: 'silent',
        RATE_LIMIT_PER_MINUTE: '1000000000',
        LOGIN_RATE_LIMIT_PER_MINUTE: '1000000000',
        DATABASE_POOL_SIZE: String(opts.pool),
        DATABASE_URL: databaseUrl.toString(),
        HOST: '127.0.0.1',
        PORT: '0',
      },
    })
    // Enough keys that none comes near its per-minute limit even if the rush took a minute.
    const keys = Math.max(1, Math.ceil(opts.attempts / (KEY_LIMIT_PER_MINUTE / 2)))
    const setup = await server.call<SetUpResult>({ module: THIS_MODULE, fn: 'setUp' }, { slots: opts.slots, capacity: opts.capacity, keys })
    const seats = opts.slots * opts.capacity
    log(`${opts.attempts} attempts for ${seats} seats (${opts.slots} slots × ${opts.capacity}), ${opts.concurrency} in flight, ${keys} API keys`)

    // Warm the server's code paths and caches on a throw-away booking attempt (a 404 slot).
    const warm = await post(new http.Agent(), new URL(`/api/v1/${setup.tenant.slug}/bookings`, server.origin), setup.keys[0] as string, `warm-${nonce}`, JSON.stringify({ slotId: '00000000-0000-4000-8000-000000000000', applicant: { name: 'warm' }, paymentMethod: 'none' }))
    if (warm.status >= 500) throw new Error(`warm-up answered ${warm.status}: ${warm.body.slice(0, 300)}`)

    const profileFile = opts.cpuProf ? join(tmpdir(), `yakuba-bench-booking-rush-${nonce}.cpuprofile`) : undefined
    if (profileFile) await server.startProfile()
    const { answers, elapsedMs } = await rush(server, setup, opts, nonce)
    if (profileFile) {
      await server.stopProfile(profileFile)
      log(`--- CPU profile of the server during the rush (slowed by the profiler) ---\n${formatProfileSummary(summarizeProfile(profileFile))}`)
    }
    const byStatus = new Map<string, number>()
    for (const a of answers) byStatus.set(`${a.status}${a.code ? ` ${a.code}` : ''}`, (byStatus.get(`${a.status}${a.code ? ` ${a.code}` : ''}`) ?? 0) + 1)
    const created = answers.filter(a => a.status === 201)
    const latencies = answers.map(a => a.ms)
    log(`HTTP: ${(elapsedMs / 1000).toFixed(2)} s; answers: ${[...byStatus].map(([k, n]) => `${k} × ${n}`).join(', ')}`)
    log(`  latency p50 ${percentile(latencies, 50).toFixed(1)} ms, p90 ${percentile(latencies, 90).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms, max ${Math.max(...latencies).toFixed(1)} ms`)
    const firstFull = created.length === seats ? Math.max(...answers.map((a, i) => (a.status === 201 ? i : -1))) : -1
    if (firstFull >= 0) log(`  the last seat went to attempt #${firstFull + 1}`)

    const stored = await server.call<Stored>({ module: THIS_MODULE, fn: 'verify' }, { tenantId: setup.tenant.id, slotIds: setup.apiSlots })
    const storedIds = new Set(stored.ids)
    const answeredIds = new Set(created.map(a => a.id))
    const lost = created.filter(a => !a.id || !storedIds.has(a.id)).length + stored.ids.filter(id => !answeredIds.has(id)).length
    const overbooked = overbookedOf(stored)
    const counterDrift = stored.slots.filter(s => s.capacity - s.remaining !== s.liveSeats).length

    log('baseline: the same seat-taking SQL through pg …')
    const base = await server.call<BaselineResult>({ module: THIS_MODULE, fn: 'baseline' }, { tenantId: setup.tenant.id, resourceId: setup.resourceId, slotIds: setup.baselineSlots, attempts: opts.attempts, concurrency: opts.concurrency })
    const baseStored = await server.call<Stored>({ module: THIS_MODULE, fn: 'verify' }, { tenantId: setup.tenant.id, slotIds: setup.baselineSlots })
    log(`  ${(base.elapsedMs / 1000).toFixed(2)} s; booked ${base.booked}, refused ${base.refused}; p99 ${percentile(base.latencies, 99).toFixed(1)} ms; overbooked ${overbookedOf(baseStored)}`)

    const bookingsPerS = created.length / (elapsedMs / 1000)
    const baselinePerS = base.booked / (base.elapsedMs / 1000)
    log(`  attempts/s: API ${(opts.attempts / (elapsedMs / 1000)).toFixed(0)}, pg ${(opts.attempts / (base.elapsedMs / 1000)).toFixed(0)}; slots whose counter ≠ Σ live seats: ${counterDrift}`)
    const p99 = percentile(latencies, 99)
    const result = {
      bench: 'booking-rush',
      attempts: opts.attempts,
      seats,
      booked: created.length,
      overbooked,
      lost,
      bookings_per_s: Math.round(bookingsPerS * 10) / 10,
      baseline_per_s: Math.round(baselinePerS * 10) / 10,
      ratio: Math.round((bookingsPerS / baselinePerS) * 1000) / 1000,
      p99_ms: Math.round(p99 * 10) / 10,
      goal: { overbooked: 0, lost: 0, ...GOAL },
      met: overbooked === 0 && lost === 0 && bookingsPerS / baselinePerS >= GOAL.ratio && p99 <= GOAL.p99_ms,
    }
    console.log(JSON.stringify(result))
    const errors = answers.filter(a => a.status === 0 || a.status >= 500 || (a.status !== 201 && a.code !== 'RESERVATIONS.SLOT_TAKEN')).length
    if (overbooked > 0 || lost > 0 || counterDrift > 0 || errors > 0 || created.length !== Math.min(seats, opts.attempts)) {
      log(`FAILED: overbooked ${overbooked}, lost ${lost}, counter drift ${counterDrift}, unexpected answers ${errors}, booked ${created.length} of ${Math.min(seats, opts.attempts)}`)
      process.exitCode = 1
    }
  } finally {
    await server?.stop()
    if (opts.keep) log(`kept database ${dbName}`)
    else await dropBenchDatabase(opts.postgres, dbName).catch(error => log(`could not drop ${dbName}: ${(error as Error).message}`))
  }
}
