import { randomBytes, createECDH } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import pg from 'pg'
import { withTenant } from '../src/platform/db/tenant-context.js'
import type { Platform } from '../src/platform/platform.js'
import { createTenant } from '../src/platform/tenancy/tenant-service.js'
import { completeLgCode } from '../src/jp/lg-code.js'
import { insertNotice, queueNoticeDeliveries, startDeliveryPump } from '../src/modules/notifications/delivery/index.js'
import type { NoticeContent } from '../src/modules/notifications/notification-tables.js'
import { createBenchPlatform, dropBenchDatabase } from './lib/bench-database.js'
import { copyIn, copyOut } from './lib/fanout-copy.js'
import { formatCpuShares, measureCpuSince, takeCpuSnapshot, type CpuShares } from './lib/fanout-cpu.js'
import { generatePopulation, type ExpectedDeliveries } from './lib/fanout-population.js'
import { startFanoutSinks, type FanoutSinks, type SinkStats } from './lib/fanout-sinks.js'
import { CHANNELS, checkHandoff, checkQueuedDeliveries, countDeliveryStates, type HandoffCheck, type QueuedCheck } from './lib/fanout-verify.js'
import { BenchUsageError } from './lib/usage-error.js'

/**
 * Fan-out: an all-city critical notice (避難指示) to a million synthetic residents in 200
 * districts on PostgreSQL, through the delivery engine's real path, next to a `COPY` of the same
 * rows in the same run.
 *
 * 1. Setup (not measured): a fresh database, migrated; one tenant; the city generated set-based
 *    (bench/lib/fanout-population.ts); VACUUM ANALYZE.
 * 2. queued_s: `insertNotice` + `queueNoticeDeliveries` in one `withTenant` transaction on the
 *    app role (row-level security on), until it commits: every delivery row created and queued.
 *    The rows are checked against what the generator made: per channel, duplicates, lost.
 * 3. copy_s: the same rows (every column but the identity), copied out, then `COPY … FROM STDIN`
 *    into a table made `LIKE deliveries INCLUDING ALL` (same columns, defaults, checks and
 *    indexes) with the same foreign key to notices. Only the COPY is timed. ratio = queued / copy.
 * 4. handoff_per_s: the delivery pump as `yakuba start` runs it (`startDeliveryPump`), with the
 *    providers in a child process (fake LINE over HTTP, an SMTP sink, SMS and push sinks) and the
 *    per-channel rate limits raised out of reach, for a fixed window or until nothing is left.
 *    Recipients received by the fake LINE (multicast) and the SMTP sink per second of the window.
 *    Then what the providers received is compared with the delivery rows.
 */
export const description = 'an all-city critical notice to 1,000,000 residents: delivery rows queued vs PostgreSQL COPY, and hand-off to fake LINE + SMTP'

const DEFAULT_POSTGRES = 'postgres://postgres@127.0.0.1:5432/postgres'
const GOAL = { queued_s: 60, ratio: 5 } as const
/** The most the config allows: the limiter still runs, it just does not hold the engine back. */
const RATE_OUT_OF_REACH = '100000'
/** Progress during the hand-off; each sample counts the notice's rows by state (a scan of its pending rows). */
const PROGRESS_EVERY_MS = 10_000

function parse(args: string[]) {
  let values
  try {
    ;({ values } = parseArgs({
      args,
      options: {
        recipients: { type: 'string' },
        districts: { type: 'string' },
        'handoff-seconds': { type: 'string' },
        pool: { type: 'string' },
        postgres: { type: 'string' },
        keep: { type: 'boolean' },
        'copy-breakdown': { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    }))
  } catch (error) {
    throw new BenchUsageError(
      `${(error as Error).message}\noptions: --recipients <residents, default 1000000> --districts <default 200> --handoff-seconds <window, default 60; 0 skips the hand-off> ` +
        `--pool <DATABASE_POOL_SIZE, default 10> --postgres <admin URL, default ${DEFAULT_POSTGRES}> --keep (keep the database) --copy-breakdown (also COPY into lighter tables)`,
    )
  }
  const number = (name: string, raw: string | undefined, fallback: number, min: number, max: number) => {
    if (raw === undefined) return fallback
    const n = Number(raw)
    if (!Number.isInteger(n) || n < min || n > max) throw new BenchUsageError(`--${name} must be a whole number between ${min} and ${max}`)
    return n
  }
  const postgres = values.postgres ?? DEFAULT_POSTGRES
  if (!/^postgres(ql)?:\/\//.test(postgres)) throw new BenchUsageError('--postgres must be a postgres:// URL')
  const districts = number('districts', values.districts, 200, 1, 999)
  return {
    recipients: number('recipients', values.recipients, 1_000_000, 100, 20_000_000),
    districts,
    handoffSeconds: number('handoff-seconds', values['handoff-seconds'], 60, 0, 3600),
    pool: number('pool', values.pool, 10, 1, 200),
    postgres,
    keep: values.keep ?? false,
    copyBreakdown: values['copy-breakdown'] ?? false,
  }
}

const log = (message: string) => console.error(message)
const seconds = (ms: number) => Math.round(ms) / 1000
const fmt = (n: number) => n.toLocaleString('en-US')

/** An evacuation order, as a staff member would write it (ja, やさしい日本語, en). */
const EVACUATION_ORDER: NoticeContent = {
  ja: {
    subject: '【緊急】避難指示（警戒レベル4）',
    body: '市内全域に避難指示を発令しました。危険な場所から全員避難してください。避難所の開設状況は市のホームページで確認してください。',
    sms: '【緊急】市内全域に避難指示。危険な場所から全員避難してください。',
  },
  'ja-easy': {
    subject: 'きけん です。にげて ください',
    body: 'まち の ぜんぶ に ひなんしじ が でました。あぶない ところ から にげて ください。',
  },
  en: {
    subject: 'EMERGENCY: Evacuation order (alert level 4)',
    body: 'An evacuation order has been issued for the whole city. Everyone in a dangerous place must evacuate now. See the city website for open shelters.',
  },
}

/** A real P-256 public key and auth secret for the generated push subscriptions (encryption must work). */
function createPushKeys() {
  const ecdh = createECDH('prime256v1')
  ecdh.generateKeys()
  return { p256dh: ecdh.getPublicKey().toString('base64url'), auth: randomBytes(16).toString('base64url') }
}

async function withOwnerClient<T>(platform: Platform, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await platform.database.ownerPool.connect()
  try {
    return await fn(client)
  } finally {
    client.release()
  }
}

/** Writes dirty pages out so that one phase's checkpoint does not land in another's timing. */
async function checkpoint(platform: Platform) {
  await withOwnerClient(platform, c => c.query('CHECKPOINT'))
}

interface QueuedResult {
  queuedMs: number
  noticeId: string
  queuedAt: Date
  reported: { recipients: number; deliveries: number }
  cpu: CpuShares
}

async function measureQueued(platform: Platform, tenantId: string, database: string, sinks: FanoutSinks): Promise<QueuedResult> {
  const before = await takeCpuSnapshot(database, sinks.cpuUsage)
  const queuedAt = new Date()
  const started = performance.now()
  const result = await withTenant(platform.database.db, tenantId, async trx => {
    const { notice } = await insertNotice(
      trx,
      tenantId,
      { kind: 'broadcast', priority: 'critical', content: EVACUATION_ORDER, audience: { kind: 'everyone' }, source: 'staff', linkUrl: null },
      'sending',
    )
    const reported = await queueNoticeDeliveries(trx, tenantId, notice.id, queuedAt)
    return { noticeId: notice.id, reported }
  })
  const queuedMs = performance.now() - started
  return { queuedMs, queuedAt, ...result, cpu: await measureCpuSince(before, database, sinks.cpuUsage) }
}

/**
 * The columns the engine's INSERT supplies; the rest (identity, status 'created', attempts,
 * created_at, updated_at…) come from the table's defaults, for the COPY as for the engine.
 */
const COPY_COLUMNS = 'tenant_id, notice_id, resident_id, channel, priority, is_digest, next_attempt_at'

/** `--copy-breakdown`: the same COPY into lighter tables, to show what the table's shape costs. */
const COPY_BREAKDOWN = [
  { label: 'without the foreign key', create: 'CREATE TABLE deliveries_copy_light (LIKE deliveries INCLUDING ALL)' },
  { label: 'without indexes or foreign key', create: 'CREATE TABLE deliveries_copy_light (LIKE deliveries INCLUDING DEFAULTS INCLUDING IDENTITY INCLUDING CONSTRAINTS)' },
] as const

async function measureCopy(platform: Platform, tenantId: string, noticeId: string, database: string, sinks: FanoutSinks, options: { keep: boolean; breakdown: boolean }) {
  return withOwnerClient(platform, async client => {
    await client.query('DROP TABLE IF EXISTS deliveries_copy')
    await client.query('CREATE TABLE deliveries_copy (LIKE deliveries INCLUDING ALL)')
    await client.query('ALTER TABLE deliveries_copy ADD FOREIGN KEY (tenant_id, notice_id) REFERENCES notices (tenant_id, id)')
    const data = await copyOut(client, `COPY (SELECT ${COPY_COLUMNS} FROM deliveries WHERE tenant_id = '${tenantId}' AND notice_id = '${noticeId}') TO STDOUT`)
    log(`  baseline data: ${fmt(data.rows)} rows, ${(data.bytes / 1e6).toFixed(0)} MB in memory`)
    await client.query('CHECKPOINT')
    const before = await takeCpuSnapshot(database, sinks.cpuUsage)
    const started = performance.now()
    const copied = await copyIn(client, `COPY deliveries_copy (${COPY_COLUMNS}) FROM STDIN`, data.chunks)
    const copyMs = performance.now() - started
    const cpu = await measureCpuSince(before, database, sinks.cpuUsage)
    if (!options.keep) await client.query('DROP TABLE deliveries_copy')
    log(`copy: ${seconds(copyMs).toFixed(2)} s for ${fmt(copied)} rows (${fmt(Math.round(copied / (copyMs / 1000)))} rows/s)`)
    log(`  ${formatCpuShares(cpu)}`)
    if (options.breakdown) {
      for (const variant of COPY_BREAKDOWN) {
        await client.query('DROP TABLE IF EXISTS deliveries_copy_light')
        await client.query(variant.create)
        await client.query('CHECKPOINT')
        const t0 = performance.now()
        await copyIn(client, `COPY deliveries_copy_light (${COPY_COLUMNS}) FROM STDIN`, data.chunks)
        log(`  the same COPY ${variant.label}: ${seconds(performance.now() - t0).toFixed(2)} s`)
        await client.query('DROP TABLE deliveries_copy_light')
      }
    }
    return { copyMs, copied, cpu }
  })
}

interface HandoffResult {
  windowMs: number
  stats: SinkStats
  check: HandoffCheck
  remaining: number
  cpu: CpuShares
  samples: string[]
}

async function measureHandoff(platform: Platform, tenantId: string, noticeId: string, database: string, sinks: FanoutSinks, windowSeconds: number, total: number): Promise<HandoffResult> {
  const samples: string[] = []
  const before = await takeCpuSnapshot(database, sinks.cpuUsage)
  const started = performance.now()
  const pump = startDeliveryPump(platform)
  const deadline = started + windowSeconds * 1000
  let last = await sinks.stats()
  let lastAt = started
  let done = false
  while (!done && performance.now() < deadline) {
    await new Promise(resolve => setTimeout(resolve, Math.min(PROGRESS_EVERY_MS, Math.max(0, deadline - performance.now()))))
    const now = performance.now()
    const stats = await sinks.stats()
    const rate = (stats.line.recipients + stats.email.recipients - last.line.recipients - last.email.recipients) / ((now - lastAt) / 1000)
    const states = await withOwnerClient(platform, c => countDeliveryStates(c, tenantId, noticeId))
    const pending = CHANNELS.reduce((sum, ch) => sum + (states[ch].created ?? 0) + (states[ch].sending ?? 0) + (states[ch].temporary_failure ?? 0), 0)
    const line = `  ${seconds(now - started).toFixed(0).padStart(4)} s: LINE ${fmt(stats.line.recipients)} (${fmt(stats.line.requests)} multicasts), email ${fmt(stats.email.recipients)}, SMS ${fmt(stats.sms.messages)}, push ${fmt(stats.push.messages)}, inbox ${fmt(states.inbox.delivered ?? 0)}; LINE+email ${fmt(Math.round(rate))}/s; to go ${fmt(pending)} of ${fmt(total)}`
    log(line)
    samples.push(line.trim())
    last = stats
    lastAt = now
    done = pending === 0
  }
  await pump.stop()
  const windowMs = performance.now() - started
  const cpu = await measureCpuSince(before, database, sinks.cpuUsage)
  const stats = await sinks.stats()
  const dir = mkdtempSync(join(tmpdir(), 'yakuba-fanout-'))
  try {
    await sinks.dump(dir)
    const check = await withOwnerClient(platform, c => checkHandoff(c, tenantId, noticeId, dir, sinks.pushBase))
    const remaining = CHANNELS.reduce((sum, ch) => sum + (check.states[ch].created ?? 0) + (check.states[ch].sending ?? 0) + (check.states[ch].temporary_failure ?? 0), 0)
    return { windowMs, stats, check, remaining, cpu, samples }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

function printQueued(expected: ExpectedDeliveries, queued: QueuedResult, check: QueuedCheck) {
  log(`\nqueued: ${seconds(queued.queuedMs).toFixed(2)} s for ${fmt(check.total)} delivery rows (${fmt(Math.round(check.total / (queued.queuedMs / 1000)))} rows/s); the engine reported ${fmt(queued.reported.recipients)} recipients, ${fmt(queued.reported.deliveries)} deliveries`)
  log(`  ${formatCpuShares(queued.cpu)}`)
  log('  channel   expected      made')
  for (const ch of CHANNELS) log(`  ${ch.padEnd(7)} ${fmt(expected.byChannel[ch]).padStart(10)} ${fmt(check.byChannel[ch]).padStart(9)}`)
  log(`  duplicates ${check.duplicates}, lost ${check.lost}, unexpected ${check.unexpected}, not due now ${check.notDue}`)
}

function printHandoff(handoff: HandoffResult, handoffPerSecond: number) {
  const { stats, check } = handoff
  const s = handoff.windowMs / 1000
  log(`\nhand-off: ${s.toFixed(1)} s window; ${formatCpuShares(handoff.cpu)}`)
  log(`  LINE  ${fmt(stats.line.recipients)} recipients in ${fmt(stats.line.requests)} multicasts (${fmt(Math.round(stats.line.recipients / s))}/s)`)
  log(`  email ${fmt(stats.email.recipients)} recipients in ${fmt(stats.email.messages)} mails (${fmt(Math.round(stats.email.recipients / s))}/s)`)
  log(`  SMS   ${fmt(stats.sms.messages)}, push ${fmt(stats.push.messages)}, inbox ${fmt(check.states.inbox.delivered ?? 0)} delivered`)
  log(`  LINE + email: ${fmt(Math.round(handoffPerSecond))} recipients/s`)
  log('  channel   ' + ['created', 'sending', 'temporary_failure', 'delivered', 'permanent_failure', 'cancelled'].map(x => x.padStart(18)).join(''))
  for (const ch of CHANNELS)
    log(`  ${ch.padEnd(9)} ${['created', 'sending', 'temporary_failure', 'delivered', 'permanent_failure', 'cancelled'].map(st => fmt(check.states[ch][st] ?? 0).padStart(18)).join('')}`)
  log(`  still to go when the window closed: ${fmt(handoff.remaining)}`)
  for (const ch of CHANNELS) {
    const d = check.duplicates[ch]
    const l = check.deliveredNotReceived[ch]
    const u = check.receivedNotRecorded[ch]
    if (d || l || u) log(`  ${ch}: ${d} received twice, ${l} marked delivered but never received, ${u} received but not marked sending/delivered`)
  }
  for (const e of check.errors) log(`  ${e.channel} ${e.status} ×${fmt(e.n)}: ${e.error.slice(0, 160)}`)
}

export async function run(args: string[]): Promise<void> {
  const options = parse(args)
  const nonce = randomBytes(4).toString('hex')
  const database = `yakuba_bench_fanout_${nonce}`
  const adminUrl = new URL(options.postgres)
  const databaseUrl = new URL(options.postgres)
  databaseUrl.pathname = `/${database}`
  log(`fanout: ${fmt(options.recipients)} residents in ${options.districts} districts, database ${database}, load average ${loadavg().map(n => n.toFixed(2)).join(' ')}`)

  const sinks = await startFanoutSinks()
  let platform: Platform | undefined
  try {
    let started = performance.now()
    platform = await createBenchPlatform(databaseUrl.toString(), {
      pool: options.pool,
      env: {
        LINE_API_BASE_URL: sinks.lineBaseUrl,
        SMTP_URL: sinks.smtpUrl,
        SMS_API_BASE_URL: sinks.smsBaseUrl,
        DELIVERY_RATE_LINE: RATE_OUT_OF_REACH,
        DELIVERY_RATE_EMAIL: RATE_OUT_OF_REACH,
        DELIVERY_RATE_SMS: RATE_OUT_OF_REACH,
        DELIVERY_RATE_PUSH: RATE_OUT_OF_REACH,
      },
    })
    const created = await platform.database.withOwner(db =>
      createTenant(db, { slug: `fanout-${nonce}`, name: 'ベンチ市', nameEn: 'Bench City', lgCode: completeLgCode('13999'), settings: { languages: ['ja', 'ja-easy', 'en'] } }),
    )
    const tenantId = created.id
    log(`setup: database migrated, tenant ${created.slug} (${seconds(performance.now() - started).toFixed(1)} s)`)

    started = performance.now()
    log(`generating the city (not measured):`)
    const expected = await withOwnerClient(platform, client =>
      generatePopulation(client, { tenantId, residents: options.recipients, districts: options.districts, pushEndpointBase: sinks.pushBase, pushKeys: createPushKeys() }, log),
    )
    log(`  ${fmt(expected.residents)} residents, ${fmt(expected.total)} deliveries expected (${seconds(performance.now() - started).toFixed(1)} s)`)

    await checkpoint(platform)
    log('\nmeasuring: all-city critical notice (insertNotice + queueNoticeDeliveries, app role, RLS on)…')
    const queued = await measureQueued(platform, tenantId, database, sinks)
    const queuedCheck = await withOwnerClient(platform, c => checkQueuedDeliveries(c, tenantId, queued.noticeId, queued.queuedAt))
    printQueued(expected, queued, queuedCheck)

    log('\nmeasuring: baseline, COPY of the same rows into a table like deliveries…')
    const copy = await measureCopy(platform, tenantId, queued.noticeId, database, sinks, { keep: options.keep, breakdown: options.copyBreakdown })
    const ratio = queued.queuedMs / copy.copyMs
    // CPU time barely depends on what else the machine runs: the steadier comparison on a shared machine.
    const cpuRatio = queued.cpu.postgresSeconds / copy.cpu.postgresSeconds
    log(`PostgreSQL CPU: queued ${queued.cpu.postgresSeconds.toFixed(1)} s, COPY ${copy.cpu.postgresSeconds.toFixed(1)} s (ratio ${cpuRatio.toFixed(2)})`)

    let handoff: HandoffResult | undefined
    let handoffPerSecond: number | null = null
    if (options.handoffSeconds > 0) {
      await checkpoint(platform)
      log(`\nmeasuring: hand-off, the delivery pump for up to ${options.handoffSeconds} s (rate limits ${RATE_OUT_OF_REACH}/s per channel)…`)
      handoff = await measureHandoff(platform, tenantId, queued.noticeId, database, sinks, options.handoffSeconds, queuedCheck.total)
      handoffPerSecond = (handoff.stats.line.recipients + handoff.stats.email.recipients) / (handoff.windowMs / 1000)
      printHandoff(handoff, handoffPerSecond)
    }

    const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0)
    const duplicates = queuedCheck.duplicates + (handoff ? sum(handoff.check.duplicates) : 0)
    // Lost: a delivery the notice should have made and did not, or one marked delivered that its
    // provider never received. Sends not (yet) recorded are reported apart: not lost, but they
    // would become duplicates if the engine sent them again.
    const lost = queuedCheck.lost + (handoff ? sum(handoff.check.deliveredNotReceived) : 0)
    const unexplained = queuedCheck.unexpected + (handoff ? sum(handoff.check.receivedNotRecorded) : 0)
    const met = queued.queuedMs / 1000 <= GOAL.queued_s && ratio <= GOAL.ratio && duplicates === 0 && lost === 0
    log(`\nload average ${loadavg().map(n => n.toFixed(2)).join(' ')}${options.keep ? `; database kept: ${database}` : ''}`)
    console.log(
      JSON.stringify({
        bench: 'fanout',
        recipients: expected.residents,
        queued_s: Number((queued.queuedMs / 1000).toFixed(2)),
        copy_s: Number((copy.copyMs / 1000).toFixed(2)),
        ratio: Number(ratio.toFixed(2)),
        handoff_per_s: handoffPerSecond === null ? null : Math.round(handoffPerSecond),
        duplicates,
        lost,
        deliveries: queuedCheck.total,
        cpu_ratio: Number.isFinite(cpuRatio) ? Number(cpuRatio.toFixed(2)) : null,
        unexpected: unexplained,
        handoff_window_s: handoff ? Number((handoff.windowMs / 1000).toFixed(1)) : null,
        handoff_remaining: handoff ? handoff.remaining : null,
        goal: { queued_s: GOAL.queued_s, ratio: GOAL.ratio, duplicates: 0, lost: 0 },
        met,
      }),
    )
    if (duplicates > 0 || lost > 0 || unexplained > 0) process.exitCode = 1
  } finally {
    await platform?.close().catch(() => undefined)
    await sinks.stop()
    if (!options.keep) await dropBenchDatabase(adminUrl.toString(), database)
  }
}
